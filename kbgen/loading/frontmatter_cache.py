"""Validated front matter kept between builds, so that one edit does not re-parse every article.

After an author saves one article, every other article's front matter is what it was: reading,
decoding and validating 5,000 of them again costs seconds before Sphinx even starts. An entry is
trusted while the file's size and ``mtime_ns`` are unchanged (what Sphinx itself trusts to find
changed sources) and the code that parses and validates it is the same (a fingerprint of those
modules' source). Only files that produced no problem are kept, so every message about a file is
reported again on every build until it is fixed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kbgen

CACHE_FILE = "front-matter.pickle"
# a file changed this recently may change again within the file system's timestamp resolution
# without its stamp changing (git's "racy" entries): it is read again next time rather than trusted
_RACY_NS = 2_000_000_000
# the modules whose code decides what an entry holds: a change to any of them empties the cache
_CODE = ("loading/walker.py", "loading/files.py", "loading/schemas.py", "loading/frontmatter_cache.py",
         "validation.py", "frontmatter.py", "yamlio.py", "urls.py", "alias_paths.py")


@dataclass(frozen=True)
class FrontMatter:
    """What an article's front matter gave, once validated."""

    values: dict[str, Any]
    key_lines: dict[str, int]
    body_line: int


def _code_fingerprint() -> str:
    package = Path(kbgen.__file__).parent
    digest = hashlib.sha256(kbgen.__version__.encode())
    for name in _CODE:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


def _stamp(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_size, stat.st_mtime_ns


class FrontMatterCache:
    """Entries by file path; with no folder it remembers nothing (``kbgen check``, tests)."""

    def __init__(self, folder: Path | None = None):
        self.path = folder / CACHE_FILE if folder is not None else None
        self.code = _code_fingerprint() if folder is not None else ""
        self.old: dict[str, tuple[tuple[int, int], FrontMatter]] = {}
        self.new: dict[str, tuple[tuple[int, int], FrontMatter]] = {}
        if self.path is not None:
            self.old = self._load(self.path)

    def _load(self, path: Path) -> dict[str, tuple[tuple[int, int], FrontMatter]]:
        try:
            with path.open("rb") as handle:
                code, entries = pickle.load(handle)
        except Exception:  # missing, truncated or from another kbgen: start again, never fail a build
            return {}
        return entries if code == self.code and isinstance(entries, dict) else {}

    def get(self, path: Path, stat: os.stat_result) -> FrontMatter | None:
        entry = self.old.get(str(path))
        if entry is None or entry[0] != _stamp(stat):
            return None
        self.new[str(path)] = entry
        return entry[1]

    def put(self, path: Path, stat: os.stat_result, front: FrontMatter) -> None:
        if self.path is not None and time.time_ns() - stat.st_mtime_ns > _RACY_NS:
            self.new[str(path)] = (_stamp(stat), front)

    def save(self) -> None:
        """Write the entries of this load (removed and broken files drop out), if anything changed."""
        if self.path is None or self.new == self.old:
            return
        from kbgen.cachedir import write_atomically

        self.path.parent.mkdir(parents=True, exist_ok=True)
        # written aside and renamed: an interrupted build leaves the old file or the new, never half
        write_atomically(self.path, pickle.dumps((self.code, self.new), protocol=pickle.HIGHEST_PROTOCOL))
