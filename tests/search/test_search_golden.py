"""One query engine, two implementations: the golden table (golden_queries.yml) against both.

``kbgen.search.query`` (Python, used by ``kbgen searches``) and the shipped ``kbgen-search.js``
(the results page, in Node through the bridge) run every query of the table on two corpora —
the sample help center and a generated 300-article site — and each must give the table's
ranked top ten, hence the same as the other. The table changes only by running
``tests/search/golden.py`` on purpose (see there); the constants both engines read are defined
once in ``kbgen/search/constants.py``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from golden import CORPORA, KINDS, Corpus, build_corpus, js_results, load_table, python_results

from tests.node_bridge import NodeBridge

TABLE = load_table()
QUERIES = [entry["query"] for entry in TABLE]


def _differences(name: str, got: list[list[str]]) -> list[tuple[str, list[str], list[str]]]:
    return [(e["query"], e[name][:3], g[:3]) for e, g in zip(TABLE, got, strict=True) if e[name] != g]


@pytest.fixture(scope="module", params=CORPORA)
def outcome(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
            node: NodeBridge) -> tuple[str, list[list[str]], list[list[str]]]:
    """(corpus name, Python's results, the JS's results), every query of the table, once per corpus."""
    name: str = request.param
    corpus: Corpus = build_corpus(name, Path(tmp_path_factory.mktemp(f"golden-{name}")))
    return name, python_results(corpus, QUERIES), js_results(corpus, QUERIES, node)


def test_the_table_covers_every_kind_of_reader_input() -> None:
    assert len(QUERIES) >= 200 and len(set(QUERIES)) == len(QUERIES)
    kinds = Counter(entry["kind"] for entry in TABLE)
    assert set(kinds) == set(KINDS), kinds
    for entry in TABLE:
        assert set(entry) == {"kind", "query", *CORPORA}, entry
    for name in CORPORA:  # both outcomes are exercised, on both corpora
        found: list[Any] = [entry[name] for entry in TABLE]
        assert sum(map(bool, found)) > len(found) / 2 and not all(found)


def test_the_python_engine_gives_the_table(outcome: tuple[str, list[list[str]], list[list[str]]]) -> None:
    name, python, _ = outcome
    assert _differences(name, python) == [], "kbgen.search.query; if meant, run tests/search/golden.py"


def test_the_browser_engine_gives_the_table(outcome: tuple[str, list[list[str]], list[list[str]]]) -> None:
    name, _, browser = outcome
    assert _differences(name, browser) == [], "kbgen-search.js; if meant, run tests/search/golden.py"


def test_the_two_engines_agree(outcome: tuple[str, list[list[str]], list[list[str]]]) -> None:
    _, python, browser = outcome
    differ = [(q, p[:3], b[:3]) for q, p, b in zip(QUERIES, python, browser, strict=True) if p != b]
    assert differ == []
