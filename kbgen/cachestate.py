"""When Sphinx's output in the cache can be trusted.

Sphinx decides what to rewrite from time stamps: a page that exists and is newer than its
source is not written again, and images are copied only for the pages being written. So a build
killed (or out of disk) while writing leaves a cache whose next incremental build publishes a
truncated page or a site without ``_images/`` — with exit status 0. Two records prevent it:

* a **dirty marker** (``.kbgen-dirty``), written before kbgen touches the Sphinx folders and
  removed only once a build has finished and its output was checked; found at the start of a
  build, it means the previous one stopped half-way, and the output side (Sphinx's ``html/`` and
  ``doctrees/``, where its incremental state lives) is discarded so that every page is written
  again;
* a **manifest** (``html-manifest.json``) of every file of ``html/`` — size, time stamp and
  SHA-256 — taken after each complete build. At the start of the next build a stat of ``html/``
  must match it (anything else changed the cache between builds: the output side is discarded);
  at publishing, each file copied to ``--out`` is checked against its size and hash.

Both live beside ``html/``, never in it, so they are never published.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from kbgen.cachedir import write_atomically

DIRTY = ".kbgen-dirty"
MANIFEST = "html-manifest.json"
CHECKED = "html-checked.sha256"  # the manifest whose site passed the completeness check
_DIRTY_TEXT = "A kbgen build started here and has not finished: the next build rebuilds every page.\n"

#: path relative to html/ → (size, mtime_ns, sha256 hex)
Manifest = dict[str, tuple[int, int, str]]


def is_dirty(work: Path) -> bool:
    return (work / DIRTY).exists()


def mark_dirty(work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    with open(work / DIRTY, "w", encoding="utf-8") as handle:
        handle.write(_DIRTY_TEXT)
        handle.flush()
        os.fsync(handle.fileno())  # on disk before Sphinx writes anything that depends on it


def clear_dirty(work: Path) -> None:
    (work / DIRTY).unlink(missing_ok=True)


def reset_output_side(work: Path) -> None:
    """Discard Sphinx's output and incremental state; the sources' copy (``src/``) is kept."""
    for name in ("html", "doctrees"):
        folder = work / name
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
        elif folder.exists() or folder.is_symlink():
            folder.unlink()
    (work / MANIFEST).unlink(missing_ok=True)
    (work / CHECKED).unlink(missing_ok=True)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _files(html: Path) -> dict[str, os.stat_result]:
    """Every file under ``html`` (relative path → lstat). Plain strings, not ``Path`` objects: at
    20,000 articles a build walks some 60,000 files twice, and pathlib's parsing was most of it."""
    found: dict[str, os.stat_result] = {}
    top = os.fspath(html)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        prefix = "" if dirpath == top else os.path.relpath(dirpath, top) + os.sep
        for name in filenames:
            found[prefix + name] = os.lstat(os.path.join(dirpath, name))
    return found


def load_manifest(work: Path) -> Manifest | None:
    try:
        data = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): (int(v[0]), int(v[1]), str(v[2])) for k, v in data.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return None


def difference(work: Path, manifest: Manifest | None) -> str | None:
    """Why ``work/html`` is not what the last complete build left (None when it is)."""
    html = work / "html"
    if not html.exists():
        return None  # nothing to trust or distrust: Sphinx writes everything
    if manifest is None:
        return "the cache has no record of its last build"
    files = _files(html)
    for rel in sorted(set(manifest) | set(files)):
        if rel not in files:
            return f"{rel} is missing from the cache"
        if rel not in manifest:
            return f"{rel} in the cache was not written by the last build"
        stat = files[rel]
        if (stat.st_size, stat.st_mtime_ns) != manifest[rel][:2]:
            return f"{rel} in the cache was changed after the last build"
    return None


def take_manifest(work: Path, previous: Manifest | None) -> Manifest:
    """Record ``work/html`` after a complete build (unchanged files keep their known hash)."""
    html = work / "html"
    previous = previous or {}
    manifest: Manifest = {}
    for rel, stat in _files(html).items():
        known = previous.get(rel)
        stamp = (stat.st_size, stat.st_mtime_ns)
        manifest[rel] = known if known and known[:2] == stamp else (*stamp, file_sha256(html / rel))
    return manifest


def _manifest_digest(work: Path) -> str | None:
    try:
        return hashlib.sha256((work / MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return None


def mark_checked(work: Path) -> None:
    """Record that the site the saved manifest describes passed the completeness check
    (:mod:`kbgen.commands.sitecheck`): the next build reads only the pages that changed since."""
    digest = _manifest_digest(work)
    if digest is not None:
        write_atomically(work / CHECKED, digest.encode("ascii"))


def was_checked(work: Path) -> bool:
    """Whether the saved manifest is the one :func:`mark_checked` recorded."""
    try:
        recorded = (work / CHECKED).read_text(encoding="ascii")
    except (OSError, ValueError):
        return False
    return recorded == _manifest_digest(work)


def save_manifest(work: Path, manifest: Manifest) -> None:
    payload = json.dumps({k: list(v) for k, v in sorted(manifest.items())}, separators=(",", ":"))
    write_atomically(work / MANIFEST, payload.encode("utf-8"))
