"""``name.gz`` beside every search script, for servers that send pre-compressed files.

nginx's ``gzip_static on;`` (and Apache or IIS rewrite rules, docs/publishing.md) send ``x.js.gz``
for ``x.js`` to a browser that accepts gzip, so a server that does not compress ``.js`` itself —
a common default — still sends the search index at its gzip size (issue 25: about a third).

Which files: every file under ``_static/`` whose name starts with ``kbgen-search`` (the data
scripts, the engine, the UI; a ``kbgen-search…`` folder too, so shard files added later are
covered without a change here) and the two other scripts search loads, ``kbgen-lunr.min.js`` and
``kbgen-normalise.js``.

The build calls :func:`sync_gzip_siblings` on the cache's output once Sphinx has written it and
before the cache's manifest is taken, so the siblings are recorded, verified and published like
every other file, and survive from build to build: a sibling is rewritten only when its source
changed, removed when its source is gone, and never left stale — it is kept only when it
decompresses to exactly the source's bytes. Its bytes are deterministic (level 6, mtime 0 in
the header, no file name) and its modification time is the source's, as nginx's documentation
of ``gzip_static`` recommends (nginx.org/en/docs/http/ngx_http_gzip_static_module.html).
"""

from __future__ import annotations

import gzip
import os
import stat as stat_module
import zlib
from collections.abc import Mapping
from pathlib import Path

from kbgen.cachedir import write_atomically

PREFIX = "kbgen-search"
OTHER_SCRIPTS = ("kbgen-lunr.min.js", "kbgen-normalise.js")
SUFFIX = ".gz"
# Level 6 (gzip's and nginx's default), not 9: on a 18 MB index 9 took 7.3 s against 1.4 s for a file
# only 2.3 % smaller, paid by every rebuild that changes the index.
LEVEL = 6


def _selected(relative: Path) -> bool:
    """Whether the file at ``relative`` (to ``_static/``) gets a sibling."""
    if relative.name.endswith(SUFFIX):
        return False
    return relative.parts[0].startswith(PREFIX) or str(relative) in OTHER_SCRIPTS


def compress(data: bytes) -> bytes:
    """gzip with a fixed header: the same bytes for the same input on every build."""
    return gzip.compress(data, compresslevel=LEVEL, mtime=0)  # gzip.compress writes no file name


def _holds(sibling: Path, data: bytes) -> bool:
    """Whether ``sibling`` is a regular file that decompresses to exactly ``data``."""
    if sibling.is_symlink() or not sibling.is_file():
        return False
    try:
        return gzip.decompress(sibling.read_bytes()) == data
    except (OSError, EOFError, zlib.error):
        return False  # damaged or not gzip at all: replaced


def _recorded(stat: os.stat_result, stamp: tuple[int, int] | None) -> bool:
    return stamp is not None and (stat.st_size, stat.st_mtime_ns) == stamp


def _untouched(source: Path, sibling: Path, known: Mapping[str, tuple[int, int]], static: Path) -> bool:
    """Whether both files are as the last finished build left them, the sibling then made from
    (or checked against) the source: nothing to read, decompress or compare again."""
    try:
        stat, sibling_stat = source.stat(), sibling.lstat()
    except OSError:
        return False
    return (stat_module.S_ISREG(sibling_stat.st_mode) and sibling_stat.st_mtime_ns == stat.st_mtime_ns
            and _recorded(stat, known.get(str(source.relative_to(static))))
            and _recorded(sibling_stat, known.get(str(sibling.relative_to(static)))))


def sync_gzip_siblings(static: Path, known: Mapping[str, tuple[int, int]] | None = None) -> list[str]:
    """Make the ``.gz`` siblings under ``static`` match their sources; returns the paths (relative
    to ``static``) written or removed.

    ``known``: (size, modification time) of the files under ``static`` (relative paths) when the
    last build that finished recorded them, after this function had run (the cache's manifest,
    which the build has just held the folder to). A source and sibling that both still match it
    are skipped: at 20,000 articles, decompressing every sibling to compare was seconds of each
    rebuild. A file rewritten with the same size and time stamp but other bytes is no concern
    here: publishing hashes every file against the manifest and refuses it."""
    if not static.is_dir():
        return []
    changed: list[str] = []
    files = sorted(path for path in static.rglob("*") if path.is_file() and not path.is_symlink())
    sources = {path for path in files if _selected(path.relative_to(static))}
    for source in sorted(sources):
        sibling = source.with_name(source.name + SUFFIX)
        if known is not None and _untouched(source, sibling, known, static):
            continue
        data = source.read_bytes()
        if not _holds(sibling, data):
            if sibling.is_dir() and not sibling.is_symlink():
                continue  # a folder named like the sibling is the author's business, not ours
            write_atomically(sibling, compress(data))
            changed.append(str(sibling.relative_to(static)))
        stat = source.stat()
        if sibling.stat().st_mtime_ns != stat.st_mtime_ns:
            os.utime(sibling, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    for path in files:
        relative = path.relative_to(static)
        original = relative.with_name(relative.name.removesuffix(SUFFIX))
        if relative.name.endswith(SUFFIX) and _selected(original) and static / original not in sources:
            path.unlink()  # its source is gone: a server must not go on sending it
            changed.append(str(relative))
    return changed
