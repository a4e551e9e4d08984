"""A built site's results-page index, read back from the files the browser loads.

``kbgen searches`` and the tests run the Python port of the query (:mod:`kbgen.search.query`)
over exactly what a reader's browser gets: the ``_static`` data files of ``kbgen build --out``,
the results page's manifest and every one of its shards assembled into the whole index
(:mod:`kbgen.search.shards`), and every document chunk (:mod:`kbgen.search.chunks`).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lunr.index import Index

from kbgen.search.chunks import DOCS_KIND, chunk_file
from kbgen.search.lunrindex import serialized_index
from kbgen.search.shards import FULL_MODE, MANIFEST_PART, assembled_counts, manifest_file, shard_file

_PART = re.compile(r"\.push\((.*)\);\}\(typeof window", re.S)


@dataclass
class SiteIndex:
    """The results page's index of a built site, and what each ref shows."""

    index: Index
    docs: list[dict[str, str]]
    terms: set[str] = field(init=False)
    sorted_terms: list[str] = field(init=False)
    document_count: int = field(init=False)
    _frequencies: dict[str, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.terms = set(self.index.inverted_index)
        self.sorted_terms = sorted(self.terms)
        prefix = f"{self.index.fields[0]}/"
        self.document_count = sum(ref.startswith(prefix) for ref in self.index.field_vectors)

    def document_frequency(self, term: str) -> int:
        """How many documents hold ``term`` in any field (kbgen-search.js's documentFrequency)."""
        if term not in self._frequencies:
            postings = self.index.inverted_index.get(term, {})
            self._frequencies[term] = len({ref for f in self.index.fields for ref in postings.get(f, {})})
        return self._frequencies[term]


def _part(path: Path, mode: str, part: str | int) -> Any:
    """The payload of a manifest, shard or chunk script (``shards.part_script``)."""
    match = _PART.search(path.read_text(encoding="utf-8"))
    value = json.loads(match.group(1)) if match else None
    if not isinstance(value, list) or value[:2] != [mode, part]:
        raise ValueError(f"{path} is not part {part!r} of kbgen's search index")
    return value[2]


class IndexUnavailable(Exception):
    """The site holds no search index, or one this kbgen cannot read (its message says which)."""


def load_site_index(site: Path) -> SiteIndex:
    """The index of a built site folder (``kbgen build --out``). Raises IndexUnavailable."""
    try:
        return _load(site)
    except FileNotFoundError as exc:
        raise IndexUnavailable(f"no search index in {site} ({exc.filename} is missing)") from None
    except (OSError, ValueError) as exc:
        # a shard cut short by a killed deploy, another kbgen's format, an edited file
        raise IndexUnavailable(f"the search index in {site} cannot be read: {exc}") from None


def _load(site: Path) -> SiteIndex:
    static = site / "_static"
    manifest = _part(static / manifest_file(FULL_MODE), FULL_MODE, MANIFEST_PART)
    payloads = [_part(static / shard_file(FULL_MODE, n), FULL_MODE, n) for n in range(manifest["shards"])]
    fields = dict(zip(manifest["fields"], manifest["boosts"], strict=True))
    serialized = serialized_index(assembled_counts(manifest, payloads), fields)
    chunks = math.ceil(manifest["count"] / manifest["docChunk"])
    docs = [doc for n in range(chunks) for doc in _part(static / chunk_file(DOCS_KIND, n), DOCS_KIND, n)]
    if len(docs) != manifest["count"]:
        raise ValueError(f"{static} holds {len(docs)} documents in its chunks, its manifest counts {manifest['count']}")
    return SiteIndex(Index.load(serialized), docs)
