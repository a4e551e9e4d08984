"""Publishing a finished build to ``--out`` without ever leaving it half-written.

Sphinx writes into the persistent cache; only a successful build is copied to a sibling
temporary folder, which then takes ``--out``'s place by an atomic exchange (Linux
``renameat2(RENAME_EXCHANGE)``), so a reader or a web server sees either the old site or the
new one. A kill at any point leaves the previous ``--out`` as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

MARKER = ".kbgen-site"
#: Constant bytes: the marker must not make two builds of the same content differ.
MARKER_TEXT = "This folder is written by kbgen build; its content is replaced on every build.\n"
_SKIP = {".buildinfo", ".buildinfo.bak", "objects.inv", ".doctrees"}


class OutRefused(Exception):
    """``--out`` points somewhere kbgen must not write (usage error, exit 2)."""


def check_out(out: Path, source: Path, cache: Path) -> None:
    out, source, cache = out.resolve(), source.resolve(), cache.resolve()
    home = Path.home().resolve()
    if out == Path("/").resolve() or out == home:
        raise OutRefused(f"--out {out} is {'the root folder' if out == Path('/') else 'your home folder'}; "
                         "choose a folder of its own, such as _build/html")
    if out == source or out in source.parents:
        raise OutRefused(f"--out {out} would replace the content folder {source}; choose another folder")
    if source in out.parents:
        raise OutRefused(f"--out {out} is inside the content folder {source}; choose a folder outside it")
    if out == cache or cache in out.parents or out in cache.parents:
        raise OutRefused(f"--out {out} overlaps the cache folder {cache}; choose separate folders")
    if out.exists():
        if not out.is_dir():
            raise OutRefused(f"--out {out} is a file, not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise OutRefused(f"--out {out} is not empty and was not created by kbgen; "
                             "choose an empty folder or delete this one yourself")


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in _SKIP}


def clean_leftovers(out: Path) -> None:
    """Remove temporary siblings left by a build that was killed while publishing."""
    parent = out.parent
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if entry.name.startswith(f".{out.name}.kbgen-") and entry.is_dir() and (entry / MARKER).is_file():
            shutil.rmtree(entry, ignore_errors=True)


def publish(built: Path, out: Path) -> None:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    staging = out.parent / f".{out.name}.kbgen-new-{os.getpid()}"
    # The marker goes in first: a build killed while copying leaves a folder that the next
    # build's clean_leftovers() recognises as kbgen's and removes.
    staging.mkdir()
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    shutil.copytree(built, staging, ignore=_ignore, symlinks=False, dirs_exist_ok=True)
    if out.exists():
        if _exchange(staging, out):
            shutil.rmtree(staging)  # now holds the previous site
            return
        old = out.parent / f".{out.name}.kbgen-old-{os.getpid()}"
        os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old)
    else:
        os.rename(staging, out)
