"""Where an importer may write: a new folder, an empty one, or one an earlier import made.

An importer creates a whole content folder. It must never mix its files with someone's work or
overwrite an author's file, so ``--out`` is refused when it is the root or the home folder, a
folder that holds the current content folder (``content/``'s parents), a file, or a non-empty
folder without the marker an import leaves (``.kbgen-import``, a hidden name the content loader
skips). The marker lists the files the import wrote; importing again into that folder first
removes exactly those files (never anything an author added) — the same rule as ``kbgen build``'s
``--out`` (kbgen/publish.py ``check_out``) and ``--cache-dir`` (kbgen/cachedir.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from kbgen.outdir import remove_output_file

MARKER = ".kbgen-import"
class TargetRefused(Exception):
    """``--out`` is a folder the importer must not write in (a usage error: exit status 2)."""


_MARKER_HEADER = "This folder was written by kbgen import; the files below are replaced by the next import.\n"


def check_target(out: Path, content: Path = Path("content")) -> None:
    """Raise TargetRefused unless the importer may write into ``out``."""
    given = out
    out, home = out.resolve(), Path.home().resolve()
    if out == Path("/").resolve():
        raise TargetRefused(f"--out {given} is the root folder; choose a new folder, such as imported/")
    if out == home:
        raise TargetRefused(f"--out {given} is your home folder; choose a new folder, such as imported/")
    content = content.resolve()
    if content.is_dir() and out in content.parents:
        raise TargetRefused(f"--out {given} holds the content folder {content}; choose a new folder of its own")
    if content.is_dir() and (out == content or content in out.parents):
        raise TargetRefused(f"--out {given} is inside the content folder {content}; choose a folder outside it")
    if not out.exists():
        return
    if not out.is_dir():
        raise TargetRefused(f"--out {given} is a file, not a folder")
    if any(out.iterdir()) and not _is_marked(out):
        raise TargetRefused(f"--out {given} is not empty and was not written by kbgen import; "
                         "choose a new or empty folder (kbgen never mixes an import with other files)")


def _is_marked(out: Path) -> bool:
    marker = out / MARKER
    return marker.is_file() and not marker.is_symlink()


def earlier_files(out: Path) -> list[str]:
    """The files an earlier import into ``out`` wrote (from its marker); [] when there was none."""
    if not _is_marked(out):
        return []
    lines = (out / MARKER).read_text(encoding="utf-8").splitlines()
    return [line for line in lines[1:] if line]


def marker_text(files: list[str]) -> str:
    """The marker's bytes: a constant header, then the written files, sorted (so imports are deterministic)."""
    return _MARKER_HEADER + "".join(f"{name}\n" for name in sorted(files))


def clear_earlier_import(out: Path) -> None:
    """Remove what the last import wrote (only the files its marker lists, never a name leading outside)."""
    for name in earlier_files(out):
        remove_output_file(out, name)
    os.makedirs(out, exist_ok=True)
