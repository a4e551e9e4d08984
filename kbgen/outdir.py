"""Deleting what an earlier build wrote into the output folder, and nothing else.

The names come from state files in the cache (a removed page, feed or redirect page): a name
that would lead outside the output folder (``..``, an absolute path, a symlinked folder) is
ignored, whoever wrote it. One function for every such clean-up, so the guard cannot be missed.
"""

from __future__ import annotations

import os
from pathlib import Path


def inside(outdir: Path, relative: str) -> Path | None:
    """``outdir / relative`` when it stays inside ``outdir`` as written and once resolved, else None."""
    path = outdir / relative
    if os.path.isabs(relative) or os.path.normpath(path) != str(path):
        return None
    if not path.resolve().is_relative_to(outdir.resolve()):
        return None
    return path


def remove_output_file(outdir: Path, relative: str) -> None:
    """Delete a file a previous build wrote, and the folders it leaves empty (up to ``outdir``)."""
    path = inside(outdir, relative)
    if path is None or path.is_symlink() or not path.is_file():
        return
    path.unlink()
    folder = path.parent
    while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
