"""Publishing a finished build to ``--out`` without ever leaving it half-written.

Sphinx writes into the persistent cache; only a successful build is copied to a sibling
temporary folder, which then takes ``--out``'s place by an atomic exchange (Linux
``renameat2(RENAME_EXCHANGE)``), so a reader or a web server sees either the old site or the
new one. A kill at any point leaves the previous ``--out`` as it was.

Each file is checked as it is copied against the cache's manifest (size and SHA-256 of what
Sphinx wrote, :mod:`kbgen.cachestate`), so a file changed or damaged in the cache is never
published. A file the current ``--out`` already holds as it was published — its size and
nanosecond time stamp those of the manifest's entry, which the copy took over from the cache —
is hard-linked from there instead of read again (rsync's quick check, at nanosecond precision):
it was verified against that very entry when it was copied, and nothing rewrites a published file
in place (a new site is always a new folder). An edit rebuild then reads only the files that
changed, not the whole site (at 5,000 articles, 165 MB in 16,500 files). A file damaged in the
cache is still caught whenever it would be published; one that is not published does no harm.
A write that fails (a full disk, a read-only or foreign folder) removes the temporary folder and
raises :class:`PublishFailed` with one message; ``--out`` is untouched.

Temporary siblings (``.<out>.kbgen-new-<pid>``, ``.<out>.kbgen-old-<pid>``) carry the marker
from their first instant and lose it last when deleted, so a run killed while creating or
deleting one leaves a folder the next run recognises; the next run removes them once it holds
the output's lock (:mod:`kbgen.lock`), so it never deletes a folder another build is filling.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

from kbgen.cachestate import Manifest
from kbgen.oserrors import describe_os_error

MARKER = ".kbgen-site"
#: Constant bytes: the marker must not make two builds of the same content differ.
MARKER_TEXT = "This folder is written by kbgen build; its content is replaced on every build.\n"
_SKIP = {".buildinfo", ".buildinfo.bak", "objects.inv", ".doctrees"}
_CHUNK = 1 << 20


class OutRefused(Exception):
    """``--out`` points somewhere kbgen must not write (usage error, exit 2)."""


class PublishFailed(Exception):
    """Publishing stopped (a write failed, or the cache did not hold what was built); ``--out``
    was left as it was and nothing temporary is left (exit status 1)."""


class CacheMismatch(PublishFailed):
    """A file in the cache is not what the build recorded: the cache must be rebuilt."""


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


def _leftover_pattern(out: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(out.name)}\.kbgen-(?:new|old)-\d+$")


def remove_marked_tree(folder: Path) -> None:
    """Delete a folder kbgen made, its marker last: a kill half-way leaves it still marked."""
    for entry in folder.iterdir():
        if entry.name == MARKER:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def clean_leftovers(out: Path) -> None:
    """Remove the temporary siblings of killed runs. Call only with the output's lock held."""
    parent = out.parent
    if not parent.is_dir():
        return
    pattern = _leftover_pattern(out)
    for entry in sorted(parent.iterdir()):
        if not pattern.match(entry.name) or entry.is_symlink() or not entry.is_dir():
            continue
        if (entry / MARKER).is_file():
            remove_marked_tree(entry)
        elif not any(entry.iterdir()):
            entry.rmdir()  # killed between its creation and its marker


def _copy_verified(source: Path, target: Path, expected: tuple[int, int, str] | None, rel: str) -> None:
    """Copy one file, hashing the bytes read; refuse what differs from the manifest."""
    digest = hashlib.sha256()
    with open(source, "rb") as reader, open(target, "xb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        written = os.fstat(writer.fileno()).st_size
    if expected is None:
        raise CacheMismatch(f"{rel} in the cache was not recorded by the build; nothing was published. "
                            "Run the build again: it rebuilds the cache")
    if written != expected[0] or digest.hexdigest() != expected[2]:
        raise CacheMismatch(f"{rel} in the cache is not what the build wrote (size or content differs); "
                            "nothing was published. Run the build again: it rebuilds the cache")
    shutil.copystat(source, target)


def _link_published(previous: Path, rel: str, target: Path, expected: tuple[int, int, str] | None) -> bool:
    """Hard-link ``previous/rel`` (the current ``--out``'s copy) to ``target`` when it is the copy
    of ``expected``: a regular file with its size and time stamp. False when it is not, or when the
    link fails (another file system, one without hard links): the caller then copies."""
    if expected is None:
        return False
    try:
        published = os.lstat(previous / rel)
        if not stat.S_ISREG(published.st_mode) or (published.st_size, published.st_mtime_ns) != expected[:2]:
            return False
        os.link(previous / rel, target, follow_symlinks=False)
    except OSError:
        return False
    return True


def _copy_site(built: Path, staging: Path, manifest: Manifest | None, previous: Path | None = None) -> None:
    """Copy ``built`` to ``staging``, verified against ``manifest``; with ``previous`` (the current
    ``--out``, a kbgen site), the files it already holds unchanged are linked from it instead."""
    if manifest is None:
        previous = None  # nothing to check a published file against
    for dirpath, dirnames, filenames in os.walk(built):
        folder = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP)
        relative = folder.relative_to(built)
        for name in dirnames:
            (staging / relative / name).mkdir()
        for name in sorted(filenames):
            if name in _SKIP or (folder == built and name == MARKER):
                continue
            rel = str(relative / name) if relative != Path(".") else name
            if manifest is None:
                shutil.copyfile(folder / name, staging / rel)
                shutil.copystat(folder / name, staging / rel)
                continue
            expected = manifest.get(rel)
            if previous is not None and _link_published(previous, rel, staging / rel, expected):
                continue
            _copy_verified(folder / name, staging / rel, expected, rel)


def publish(built: Path, out: Path, manifest: Manifest | None = None) -> None:
    """Replace ``out`` with a verified copy of ``built``. Call with the output's lock held."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    staging = out.parent / f".{out.name}.kbgen-new-{os.getpid()}"
    try:
        # The marker goes in first: a build killed while copying leaves a folder that the next
        # build's clean_leftovers() recognises as kbgen's and removes.
        staging.mkdir()
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        previous = out if (out / MARKER).is_file() and not out.is_symlink() else None
        _copy_site(built, staging, manifest, previous)
    except BaseException as exc:
        if staging.is_dir():
            with contextlib.suppress(OSError):  # still marked if this fails: the next run removes it
                remove_marked_tree(staging)
        if isinstance(exc, OSError):
            raise PublishFailed(describe_os_error(exc, out.parent, "--out")) from None
        raise
    try:
        if out.exists():
            if _exchange(staging, out):
                staging_now_old = staging
            else:
                staging_now_old = out.parent / f".{out.name}.kbgen-old-{os.getpid()}"
                os.rename(out, staging_now_old)
                os.rename(staging, out)
            if (staging_now_old / MARKER).is_file():
                remove_marked_tree(staging_now_old)  # the previous site
            else:
                # an --out that was empty when the build began: removed only if it still is
                with contextlib.suppress(OSError):
                    staging_now_old.rmdir()
        else:
            os.rename(staging, out)
    except OSError as exc:  # the new site is in place, or the old one still is: only tidying failed
        if staging.is_dir() and (staging / MARKER).is_file():
            remove_marked_tree(staging)
        raise PublishFailed(describe_os_error(exc, out.parent, "--out")) from None
