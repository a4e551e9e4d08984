"""Validated front matter kept between builds, so that one edit does not re-parse every article.

After an author saves one article, every other article's front matter is what it was: reading,
decoding and validating 5,000 of them again costs seconds before Sphinx even starts. An entry is
trusted while the file's size and ``mtime_ns`` are unchanged (what Sphinx itself trusts to find
changed sources) and the code that parses and validates it is the same (a fingerprint of those
modules' source). Only files that produced no problem are kept, so every message about a file is
reported again on every build until it is fixed.

The file is JSON (dates as ``{"$date": "YYYY-MM-DD"}``): it lies in a folder others may write to,
and reading it can only ever give data — unlike a pickle, which runs what it names. At 1,000
articles it loads in about the same time as the pickle did (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kbgen
from kbgen.cachedir import write_atomically

CACHE_FILE = "front-matter.json"
#: What kbgen before the JSON format wrote in its place: removed when the new file is written.
LEGACY_FILE = "front-matter.pickle"
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
            data = json.loads(path.read_bytes(), object_hook=_decode_date)
            if data["code"] != self.code:
                return {}
            return {str(name): ((int(size), int(mtime)), FrontMatter(dict(values), dict(lines), int(body)))
                    for name, ((size, mtime), values, lines, body) in data["entries"].items()}
        except Exception:  # missing, truncated or from another kbgen: start again, never fail a build
            return {}

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # written aside and renamed: an interrupted build leaves the old file or the new, never half
        entries = {name: [list(stamp), front.values, front.key_lines, front.body_line]
                   for name, (stamp, front) in self.new.items()}
        data = json.dumps({"code": self.code, "entries": entries}, ensure_ascii=False, default=_encode_date)
        write_atomically(self.path, data.encode("utf-8"))
        (self.path.parent / LEGACY_FILE).unlink(missing_ok=True)  # never read again: kbgen's own old file


def _encode_date(value: Any) -> dict[str, str]:
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"not a front-matter value: {type(value).__name__}")


def _decode_date(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1 and "$date" in mapping:
        return dt.date.fromisoformat(mapping["$date"])
    return mapping
