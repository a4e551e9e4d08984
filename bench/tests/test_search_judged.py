"""The judged-set benchmark's own parts: loading the set, mapping judged articles, scoring, the tables.

No browser and no build: the rankings are written by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.search.browser import docname_from_url
from bench.search.judged import (
    Judged,
    docname,
    first_rank,
    judged_reciprocal_rank,
    judged_set,
    lead,
    missing_pages,
    score,
    table,
)
from bench.search.report import judged_table
from search_eval import CONTENT, KINDS, load_queries

BASE = "http://127.0.0.1:8000/"


def test_the_evaluation_set_maps_to_the_rankers_docnames() -> None:
    entries = load_queries()
    items = judged_set(entries)
    assert len(items) == len(entries) == 114
    assert [i.query for i in items] == [e["query"] for e in entries], "verbatim, in file order"
    assert {i.kind for i in items} == set(KINDS)
    for item in items:
        for doc in item.relevant:
            assert (CONTENT / f"{doc}.md").is_file(), doc
            # what a ranker returns for the article's page link, on any site
            assert docname_from_url(f"{BASE}{doc}.html", BASE) == doc
            assert docname_from_url(f"{BASE}_static/../{doc}.html#top", BASE) == doc


def test_docname_of_a_judged_reference() -> None:
    assert docname("fiscal/a/b") == "fiscal/a/b"
    assert docname("content/fiscal/a/b.md") == "fiscal/a/b"
    assert docname("/fiscal/a/b.html") == "fiscal/a/b"
    items = judged_set([{"query": "q", "kind": "typo", "relevant": ["x/y/a.md", "x/y/a", "x/y/b"]}])
    assert items == [Judged("q", "typo", "", ("x/y/a", "x/y/b"))]
    with pytest.raises(ValueError, match="unknown kind"):
        judged_set([{"query": "q", "kind": "nope", "relevant": ["x/y/a"]}])
    with pytest.raises(ValueError, match="no judged article"):
        judged_set([{"query": "q", "kind": "typo", "relevant": []}])


def test_missing_pages(tmp_path: Any) -> None:
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "x" / "y" / "a.html").write_text("", encoding="utf-8")
    items = [Judged("q", "typo", "own", ("x/y/a", "x/y/b")), Judged("r", "typo", "own", ("x/y/b",))]
    assert missing_pages(items, tmp_path) == ["x/y/b"]


def test_reciprocal_rank_of_the_first_judged_article() -> None:
    assert judged_reciprocal_rank(["c", "b", "a"], ("a", "b")) == 0.5
    assert judged_reciprocal_rank(["a"], ("b",)) == 0.0
    assert judged_reciprocal_rank([str(i) for i in range(20)], ("12",)) == 0.0  # beyond the top 10
    assert first_rank(["c", "d", "a"], ("a",)) == 3
    assert first_rank([], ("a",)) is None


def _items() -> list[Judged]:
    return [Judged("q1", "typo", "own", ("a",)), Judged("q2", "typo", "own", ("b", "c")),
            Judged("q3", "accents", "own", ("d",)), Judged("q4", "accents", "own", ("e",))]


def test_score_overall_and_per_kind_in_kinds_order() -> None:
    s = score(_items(), [["a"], ["x", "c"], ["d", "e"], []])
    assert list(s["kinds"]) == ["accents", "typo"]  # KINDS order, not file order
    assert s["kinds"]["typo"] == {"n": 2, "mrr10": 0.75, "success1": 0.5, "success10": 1.0}
    assert s["kinds"]["accents"] == {"n": 2, "mrr10": 0.5, "success1": 0.5, "success10": 0.5}
    assert s["overall"] == {"n": 4, "mrr10": 0.625, "success1": 0.5, "success10": 0.75}
    with pytest.raises(ValueError):
        score(_items(), [["a"]])


def _result() -> dict[str, Any]:
    items = _items()
    rankings = {"kbgen": [["a"], ["b"], ["d"], ["x", "e"]], "sphinx": [[], [], ["d"], []],
                "pagefind": [["a"], ["x", "y", "c"], ["d"], []]}
    engines: dict[str, dict[str, Any]] = {e: {"scores": score(items, r), "no_results": sum(not x for x in r)}
                                          for e, r in rankings.items()}
    return {"queries": len(items), "engines": engines, "lead": lead({e: v["scores"] for e, v in engines.items()})}


def test_lead_over_the_best_peer() -> None:
    d = _result()["lead"]
    assert d == {"metric": "mrr10", "kbgen": 0.875, "best_peer": "pagefind", "best_peer_value": 0.5833,
                 "kbgen_minus_best_peer": 0.2917}
    tie = {e: {"overall": {"mrr10": 0.5}} for e in ("kbgen", "sphinx", "pagefind")}
    assert lead(tie) == {"metric": "mrr10", "kbgen": 0.5, "best_peer": "sphinx", "best_peer_value": 0.5,
                         "kbgen_minus_best_peer": 0.0}
    assert lead({"kbgen": tie["kbgen"]}) is None


def test_tables() -> None:
    result = _result()
    text = table(result)
    lines = text.splitlines()
    assert lines[1].startswith("accents") and lines[3].startswith("all")
    assert "0.875 / 0.750 / 1.000" in lines[3]
    assert "kbgen − best peer (Pagefind) MRR@10: +0.292" in text
    assert "queries with no result at all: kbgen 0, Sphinx 3, Pagefind 1" in text
    md = judged_table(result)
    assert md.splitlines()[0] == ("| kind | queries | kbgen: MRR@10 / success@1 / @10 "
                                  "| Sphinx: MRR@10 / success@1 / @10 | Pagefind: MRR@10 / success@1 / @10 |")
    assert "| `typo` | 2 | 1.000 / 1.000 / 1.000 | 0.000 / 0.000 / 0.000 | 0.667 / 0.500 / 1.000 |" in md
    assert "| **all** | 4 | **0.875 / 0.750 / 1.000** |" in md
    assert "(Pagefind) on MRR@10 overall: **+0.292** (0.875 vs 0.583)" in md
