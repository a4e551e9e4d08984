"""Search quality on the judged evaluation set, measured through the real results page in Chromium.

MRR@10 ≥ 0.85 and success@1 ≥ 0.75 overall, and MRR@10 ≥ 0.70 for every kind of query
(search_eval/README.md). The per-kind table is printed for the record.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from search_eval import load_out_of_scope, load_queries

from .browser_support import serve


def _docname(href: str, root: str) -> str:
    return href.removeprefix(root).split("?")[0].removesuffix(".html")


def _ranked(page: Any, base: str, query: str) -> list[str]:
    page.goto(f"{base}search.html?q={quote(query)}")
    page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
    hrefs = page.eval_on_selector_all("#kb-search-results a.kb-result", "links => links.map(a => a.href)")
    return [_docname(h, base) for h in hrefs[:10]]


def test_search_quality_on_the_evaluation_set(browser: Any, sample_site: Path) -> None:
    queries = load_queries()
    by_kind: dict[str, list[float]] = defaultdict(list)
    firsts: list[bool] = []
    misses = []
    with serve(sample_site) as base:
        context = browser.new_context()
        page = context.new_page()
        for entry in queries:
            ranked = _ranked(page, base, entry["query"])
            relevant = set(entry["relevant"])
            rank = next((i for i, doc in enumerate(ranked, 1) if doc in relevant), None)
            by_kind[entry["kind"]].append(1 / rank if rank else 0.0)
            firsts.append(rank == 1)
            if rank != 1:
                misses.append((entry["kind"], entry["query"][:70], rank, ranked[:3]))
        context.close()
    scores = [s for values in by_kind.values() for s in values]
    mrr = sum(scores) / len(scores)
    success = sum(firsts) / len(firsts)
    lines = [f"{'kind':14} {'n':>3} {'MRR@10':>7}"]
    for kind in sorted(by_kind):
        values = by_kind[kind]
        lines.append(f"{kind:14} {len(values):3d} {sum(values) / len(values):7.3f}")
    lines.append(f"{'all':14} {len(scores):3d} {mrr:7.3f}   success@1 {success:.3f}")
    print("\n" + "\n".join(lines), file=sys.stderr)
    for miss in misses:
        print("  miss:", miss, file=sys.stderr)
    assert mrr >= 0.85, lines
    assert success >= 0.75, lines
    for kind, values in by_kind.items():
        assert sum(values) / len(values) >= 0.70, (kind, lines)


def test_questions_the_site_does_not_cover_get_no_answering_result(browser: Any, sample_site: Path) -> None:
    """search_eval/out_of_scope.yml through the real results page: at least 90 % show no
    a.kb-result (issue 20's target is 85 %), per kind printed for the record. With the 64 questions
    written blind on 2026-12-06 the set measured 78 %, 83 % since ANSWER_QUALITY 0.70, and 91 % since
    a keyword query's words found only in a body count as passing mentions."""
    by_kind: dict[str, list[bool]] = defaultdict(list)
    answered = []
    with serve(sample_site) as base:
        context = browser.new_context()
        page = context.new_page()
        for entry in load_out_of_scope():
            ranked = _ranked(page, base, entry["query"])
            by_kind[entry["kind"]].append(not ranked)
            if ranked:
                answered.append((entry["query"], ranked[:2]))
        context.close()
    for kind, values in sorted(by_kind.items()):
        print(f"{kind:12} {len(values):3d} unanswered {sum(values) / len(values):.3f}", file=sys.stderr)
    for query, ranked in answered:
        print("  answered:", query, ranked, file=sys.stderr)
    every = [v for values in by_kind.values() for v in values]
    assert sum(every) / len(every) >= 0.90, answered
