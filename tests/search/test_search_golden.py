"""One query engine, two implementations: the golden table (golden_queries.yml) against both.

``kbgen.search.query`` (Python, used by ``kbgen searches``) and the shipped ``kbgen-search.js``
(the results page, in Node through the bridge) run every query of the table on two corpora —
the sample help center and a generated 300-article site — and each must give the table's
ranked answering and partial results, hence the same as the other; the JS's as-you-type mode
must give the table's suggestions. The table changes only by running
``tests/search/golden.py`` on purpose (see there); the constants both engines read are defined
once in ``kbgen/search/constants.py``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from golden import CORPORA, KINDS, Corpus, build_corpus, columns, js_results, js_typing, load_table, python_results

from tests.node_bridge import NodeBridge

TABLE = load_table()
QUERIES = [entry["query"] for entry in TABLE]


Outcome = tuple[str, list[tuple[list[str], list[str]]], list[tuple[list[str], list[str]]], list[list[str]]]


def _differences(name: str, got: list[tuple[list[str], list[str]]]) -> list[tuple[str, list[str], list[str]]]:
    answers, partial, _ = columns(name)
    return [(e["query"], [*e[answers][:3], "|", *e[partial][:2]], [*g[0][:3], "|", *g[1][:2]])
            for e, g in zip(TABLE, got, strict=True) if (e[answers], e[partial]) != g]


@pytest.fixture(scope="module", params=CORPORA)
def outcome(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, node: NodeBridge) -> Outcome:
    """(corpus name, Python's results, the JS's results, the JS's suggestions), every query, once per corpus."""
    name: str = request.param
    corpus: Corpus = build_corpus(name, Path(tmp_path_factory.mktemp(f"golden-{name}")))
    return (name, python_results(corpus, QUERIES), js_results(corpus, QUERIES, node),
            js_typing(corpus, QUERIES, node))


def test_the_table_covers_every_kind_of_reader_input() -> None:
    assert len(QUERIES) >= 200 and len(set(QUERIES)) == len(QUERIES)
    kinds = Counter(entry["kind"] for entry in TABLE)
    assert set(kinds) == set(KINDS), kinds
    for entry in TABLE:
        assert set(entry) == {"kind", "query", *(c for name in CORPORA for c in columns(name))}, entry
    for name in CORPORA:  # every outcome is exercised, on both corpora
        for column in columns(name):
            found: list[Any] = [entry[column] for entry in TABLE]
            assert sum(map(bool, found)) > len(found) / 10 and not all(found), column
        answers, partial, _ = columns(name)
        # queries with a partial list and no answer: the site cannot answer them, and says so
        assert any(entry[partial] and not entry[answers] for entry in TABLE)


def test_the_python_engine_gives_the_table(outcome: Outcome) -> None:
    name, python, _, _ = outcome
    assert _differences(name, python) == [], "kbgen.search.query; if meant, run tests/search/golden.py"


def test_the_browser_engine_gives_the_table(outcome: Outcome) -> None:
    name, _, browser, _ = outcome
    assert _differences(name, browser) == [], "kbgen-search.js; if meant, run tests/search/golden.py"


def test_the_browser_suggests_as_the_table_says(outcome: Outcome) -> None:
    name, _, _, typing = outcome
    column = columns(name)[2]
    differ = [(e["query"], e[column][:3], t[:3]) for e, t in zip(TABLE, typing, strict=True) if e[column] != t]
    assert differ == [], "kbgen-search.js (prefix: true); if meant, run tests/search/golden.py"


def test_the_two_engines_agree(outcome: Outcome) -> None:
    _, python, browser, _ = outcome
    differ = [(q, p, b) for q, p, b in zip(QUERIES, python, browser, strict=True) if p != b]
    assert differ == []
