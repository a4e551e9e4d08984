"""What a result shows, in chunks loaded only for the results shown (issue 25).

* ``kbgen-search-d-<n>.js``: documents ``n·DOC_CHUNK`` to ``(n+1)·DOC_CHUNK − 1`` as the results
  show them (title, url, set, module, excerpt: ``index._document_store``'s entries);
* ``kbgen-search-p-<n>.js``: their passages (``passages.site_passages``), the results page's
  snippets, in smaller chunks: a document's passages weigh ten times its entry.

Each chunk pushes ``["d" or "p", n, [item, …]]`` on ``kbgenSearchParts`` (``shards.part_script``).
The manifests carry the chunk sizes and each document's place (``<set>/<module>``, as an index
into a list of places): the results page filters by set, and the hand-off page weighs the
reader's context, without loading a chunk. Documents are in URL order, so their places come in
runs: ``placeRuns`` packs (place, run length) pairs, a few hundred numbers where one per document
weighed 36 KB uncompressed at 20,000 articles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kbgen.search.packing import pack, unpack
from kbgen.search.shards import part_script

# Two documents a chunk: the results of a query are scattered over the site, so at 20,000 articles
# nearly every result shown is its own chunk and the rest of the chunk is waste. 8 a chunk loaded
# 168 KB uncompressed for 50 results (issue 25's 600 KB limit was then missed: 672 KB), 2 a chunk
# 48 KB, in as many requests. Small sites make a few more requests.
DOC_CHUNK = 2
PASSAGE_CHUNK = 2
DOCS_KIND = "d"
PASSAGES_KIND = "p"


def chunk_file(kind: str, number: int) -> str:
    return f"kbgen-search-{kind}-{number}.js"


def chunk_files(docs: Sequence[Mapping[str, str]], passages: Sequence[Sequence[str]]) -> dict[str, str]:
    """File name → script of every document and passage chunk."""
    files = {}
    for kind, items, size in ((DOCS_KIND, docs, DOC_CHUNK), (PASSAGES_KIND, passages, PASSAGE_CHUNK)):
        for number, start in enumerate(range(0, len(items), size)):
            files[chunk_file(kind, number)] = part_script(kind, number, list(items[start:start + size]))
    return files


def place(url: str) -> str:
    """``<set>/<module>`` of an article URL (``<set>/<module>/<article>.html``), else ""."""
    parts = url.split("/")
    return "/".join(parts[:2]) if len(parts) >= 3 else ""


def manifest_fields(docs: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """What the manifests say about the chunks and each document's place."""
    places = sorted({place(doc["url"]) for doc in docs})
    number = {p: i for i, p in enumerate(places)}
    runs: list[int] = []  # place, run length, place, run length, …
    for doc in docs:
        n = number[place(doc["url"])]
        if runs and runs[-2] == n:
            runs[-1] += 1
        else:
            runs += (n, 1)
    return {"docChunk": DOC_CHUNK, "passageChunk": PASSAGE_CHUNK, "places": places, "placeRuns": pack(runs)}


def place_numbers(manifest: Mapping[str, Any]) -> list[int]:
    """Each document's index into ``manifest["places"]``, from its runs (kbgen-search-store.js's
    ``expandRuns``)."""
    runs = unpack(manifest["placeRuns"])
    return [n for at in range(0, len(runs), 2) for n in [runs[at]] * runs[at + 1]]
