"""Where an importer may write: a new folder, an empty one, or one an earlier import made.

An importer creates a whole content folder. It must never mix its files with someone's work or
overwrite an author's file, so ``--out`` is refused when it is the root or the home folder, a
folder that holds the current content folder (``content/``'s parents), a file, or a non-empty
folder without the marker an import leaves (``.kbgen-import``, a hidden name the content loader
skips). The marker lists the files the import wrote, with their SHA-256; importing again into
that folder first removes exactly those files — never a file an author added, and never one an
author changed since (then the import is refused: kbgen never overwrites an author's work). The
same rules as ``kbgen build``'s ``--out`` (kbgen/publish.py ``check_out``) and ``--cache-dir``
(kbgen/cachedir.py).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kbgen.outdir import inside, remove_output_file

MARKER = ".kbgen-import"
class TargetRefused(Exception):
    """``--out`` is a folder the importer must not write in (a usage error: exit status 2)."""


_MARKER_HEADER = "Written by kbgen import; the files below (SHA-256, path) are replaced by the next import.\n"


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
    # content/ itself is fine when an import made it (refreshing an import) — the marker check below
    if content.is_dir() and content in out.parents:
        raise TargetRefused(f"--out {given} is inside the content folder {content}; choose a folder outside it")
    if not out.exists():
        return
    if not out.is_dir():
        raise TargetRefused(f"--out {given} is a file, not a folder")
    if any(out.iterdir()) and not _is_marked(out):
        raise TargetRefused(f"--out {given} is not empty and was not written by kbgen import; "
                            "choose a new or empty folder (kbgen never mixes an import with other files)")
    changed = [name for name, digest in earlier_files(out).items() if _digest(out, name) not in (digest, None)]
    if changed:
        shown = ", ".join(changed[:5]) + (" …" if len(changed) > 5 else "")
        raise TargetRefused(f"--out {given}: {len(changed)} imported files were changed since the import ({shown}); "
                            "import into a new folder, or move your changes away first")


def _digest(out: Path, name: str) -> str | None:
    """The SHA-256 of a file the import wrote, or None when it is gone (or is not a plain file now)."""
    path = inside(out, name)
    if path is None or path.is_symlink() or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _is_marked(out: Path) -> bool:
    marker = out / MARKER
    return marker.is_file() and not marker.is_symlink()


def earlier_files(out: Path) -> dict[str, str]:
    """The files an earlier import into ``out`` wrote and their SHA-256 (from its marker); {} when none."""
    if not _is_marked(out):
        return {}
    files = {}
    for line in (out / MARKER).read_text(encoding="utf-8").splitlines()[1:]:
        digest, _, name = line.partition("  ")
        if name:
            files[name] = digest
    return files


def marker_text(files: dict[str, bytes]) -> str:
    """The marker's bytes: a constant header, then ``sha256  path`` per file, sorted (deterministic)."""
    lines = (f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files))
    return _MARKER_HEADER + "".join(lines)


def clear_earlier_import(out: Path) -> None:
    """Remove what the last import wrote (only the files its marker lists, never a name leading outside)."""
    for name in earlier_files(out):
        remove_output_file(out, name)
    os.makedirs(out, exist_ok=True)
