"""The query engine cut into the finest slices still gives the golden table.

kbgen-search.js runs a query, and kbgen-search-store.js reads the manifest and adds shards, in
slices of their own tasks (issue 25: no long task while typing). With a slice budget of 0 ms
(``sliceMs: 0``: one piece of work per task, the most a job can be cut) the shipped JS, in Node
through the bridge, must still give every answering, partial and as-you-type list of the golden
table on both of its corpora. (tests/test_browser_search_slices.py holds the same in Chromium
against the unsliced engine and lunr's own scores, and tests cancellation.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import (
    CORPORA,
    PARTIAL_TOP,
    TOP,
    TYPING_TOP,
    Corpus,
    build_corpus,
    columns,
    load_table,
)

from kbgen.search.shards import FULL_MODE, SUGGEST_MODE
from tests.node_bridge import NodeBridge

TABLE = load_table()


def _sliced(corpus: Corpus, node: NodeBridge, mode: str, options: dict[str, object]) -> list[list[dict[str, object]]]:
    found = node.call("sharded", folder=str(corpus.folder / "_static"), mode=mode,
                      queries=[{"text": e["query"], "options": {**options, "sliceMs": 0}} for e in TABLE])
    return [step["results"] for step in found]


@pytest.mark.parametrize("name", CORPORA)
def test_tiny_slices_give_the_golden_table(name: str, tmp_path: Path, node: NodeBridge) -> None:
    corpus = build_corpus(name, tmp_path)
    answers, partial, typing = columns(name)
    results = _sliced(corpus, node, FULL_MODE, {"limit": TOP, "partialLimit": PARTIAL_TOP})
    suggestions = _sliced(corpus, node, SUGGEST_MODE, {"prefix": True, "limit": TYPING_TOP})
    for entry, found, typed in zip(TABLE, results, suggestions, strict=True):
        assert [corpus.urls[r["ref"]] for r in found if r["answers"]] == (entry[answers] or []), entry["query"]
        assert [corpus.urls[r["ref"]] for r in found if not r["answers"]] == (entry[partial] or []), entry["query"]
        assert [corpus.urls[r["ref"]] for r in typed] == (entry[typing] or []), entry["query"]
