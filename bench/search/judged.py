"""Judged queries on the sample help center: ``search_eval`` through kbgen, Sphinx and Pagefind.

The judged evaluation set ``search_eval/queries.yml`` (114 queries, each with a kind and the
articles that answer it, best first; see ``search_eval/README.md``) is run on the sample help
center (``content/``) through the three engines of :mod:`bench.search.sites`, built on that same
corpus (``bench/out/search/sample/``).

The set is **kbgen's own**: it was written for kbgen by its authors, and committed before kbgen's
ranking was tuned (its README: nobody looked at search output while writing it, and it must not be
edited to follow what an engine returns). kbgen's ranking has been changed since with
``tests/test_search_quality.py`` holding it to MRR@10 ≥ 0.85 on this very set, so it is the
author's home ground, not a neutral benchmark; the generated known-item set (:mod:`bench.search.known_item`) is
the one nobody tunes against. The peers get the same queries **verbatim** (case, accents,
punctuation and pasted error messages untouched), through the same rankers as the known-item
benchmark (imported from :mod:`bench.search.known_item`): kbgen's results page
(``search.html``, the rendered ``a.kb-result`` links), Sphinx's search page code
(``Search._performSearch(...Search._parseQuery(q))`` in display order, checked against its rendered
links on a few queries) and Pagefind's JS API (``pagefind.search()``, what its UI calls). A
document counts once in a result list.

A judged article is a docname (its path under ``content/`` without ``.md``); the rankers return
``docname_from_url`` of each result link: the page's path relative to the site root without
``.html``, the same form (kbgen, Sphinx and the Pagefind copy all put an article at
``<docname>.html``). The scores are those of ``search_eval/README.md``: the reciprocal rank
@10 of the first judged article (the best of :func:`bench.search.known_item.reciprocal_rank` over
the judged articles), success@1 and success@10, overall and per query kind, and kbgen's MRR@10
minus the best peer's.

``nice -n 10 python -m bench.search.judged`` (after ``python -m bench.search.sites sample``) writes
``bench/results/search-judged.json`` and prints the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import paths
from bench.search.browser import browser, docname_from_url
from bench.search.known_item import TOP, dedupe, engine_page, reciprocal_rank, sphinx_page_ranking, timed_rankings
from bench.search.sites import Corpus, corpus, search_files_digest, versions
from search_eval import CONTENT, KINDS, QUERIES_FILE, load_queries

RESULTS = paths.RESULTS / "search-judged.json"
CORPUS = "sample"
ENGINES = ("kbgen", "sphinx", "pagefind")
PEERS = ("sphinx", "pagefind")
PAGE_CHECKS = 8
NAMES = {"kbgen": "kbgen", "sphinx": "Sphinx", "pagefind": "Pagefind"}


@dataclass(frozen=True)
class Judged:
    query: str
    kind: str
    source: str
    relevant: tuple[str, ...]  # docnames, best first


def docname(reference: str) -> str:
    """A judged article as the rankers name it: ``fiscal/a/b`` (path under ``content/``, no suffix).

    queries.yml already writes docnames; a ``.md``/``.html`` suffix or a leading ``/`` or
    ``content/`` is dropped so that a reference written as a path maps to the same name."""
    name = reference.strip().lstrip("/").removeprefix("content/")
    for suffix in (".md", ".html"):
        name = name.removesuffix(suffix)
    return name


def judged_set(entries: Iterable[Mapping[str, Any]]) -> list[Judged]:
    """The entries of ``load_queries()`` as :class:`Judged` items, in file order."""
    items = []
    for entry in entries:
        kind = str(entry["kind"])
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} for {entry['query']!r}")
        relevant = tuple(dedupe(docname(str(r)) for r in entry["relevant"]))
        if not relevant:
            raise ValueError(f"no judged article for {entry['query']!r}")
        items.append(Judged(str(entry["query"]), kind, str(entry.get("source", "")), relevant))
    return items


def missing_pages(items: Iterable[Judged], site: Path) -> list[str]:
    """Judged docnames without a ``<docname>.html`` page in a built site (sorted)."""
    return sorted({d for i in items for d in i.relevant if not (site / f"{d}.html").is_file()})


# ----------------------------------------------------------------------------- scores


def judged_reciprocal_rank(ranked: Sequence[str], relevant: Iterable[str], top: int = TOP) -> float:
    """1 / rank of the first judged article within the first ``top`` results, else 0."""
    return max((reciprocal_rank(ranked, doc, top) for doc in relevant), default=0.0)


def first_rank(ranked: Sequence[str], relevant: Iterable[str], top: int = TOP) -> int | None:
    rr = judged_reciprocal_rank(ranked, relevant, top)
    return round(1 / rr) if rr else None


def summary(rrs: Sequence[float]) -> dict[str, float]:
    n = len(rrs)
    if not n:
        return {"n": 0, "mrr10": 0.0, "success1": 0.0, "success10": 0.0}
    return {"n": n, "mrr10": round(sum(rrs) / n, 4), "success1": round(sum(rr == 1.0 for rr in rrs) / n, 4),
            "success10": round(sum(rr > 0 for rr in rrs) / n, 4)}


def score(items: Sequence[Judged], rankings: Sequence[Sequence[str]]) -> dict[str, Any]:
    """``{"overall": summary, "kinds": {kind: summary}}``, kinds in :data:`KINDS` order."""
    rrs = [judged_reciprocal_rank(r, i.relevant) for i, r in zip(items, rankings, strict=True)]
    by_kind: dict[str, list[float]] = {}
    for item, rr in zip(items, rrs, strict=True):
        by_kind.setdefault(item.kind, []).append(rr)
    return {"overall": summary(rrs), "kinds": {k: summary(by_kind[k]) for k in KINDS if k in by_kind}}


def lead(scores: Mapping[str, Mapping[str, Any]], metric: str = "mrr10") -> dict[str, Any] | None:
    """kbgen's overall ``metric`` minus the best peer's (ties go to the first of :data:`PEERS`)."""
    peers = [p for p in PEERS if p in scores]
    if "kbgen" not in scores or not peers:
        return None
    best = max(peers, key=lambda p: scores[p]["overall"][metric])
    ours, theirs = scores["kbgen"]["overall"][metric], scores[best]["overall"][metric]
    return {"metric": metric, "kbgen": ours, "best_peer": best, "best_peer_value": theirs,
            "kbgen_minus_best_peer": round(ours - theirs, 4)}


def kinds_in_order(kinds: Iterable[str]) -> list[str]:
    """The kinds of a (possibly key-sorted) score table in :data:`KINDS` order, unknown ones last."""
    found = list(kinds)
    return [k for k in KINDS if k in found] + sorted(k for k in found if k not in KINDS)


def table(result: Mapping[str, Any]) -> str:
    """A plain-text table: MRR@10 / success@1 / success@10 per kind and overall, one column per engine."""
    engines = [e for e in ENGINES if e in result["engines"]]
    empty_scores: dict[str, Any] = {"kinds": {}, "overall": {"n": 0}}
    first: Mapping[str, Any] = result["engines"][engines[0]]["scores"] if engines else empty_scores
    header = f"{'kind':14} {'n':>3}" + "".join(f"  {NAMES[e] + ' MRR/s@1/s@10':>24}" for e in engines)
    lines = [header]

    def row(label: str, n: int, pick: str | None) -> str:
        cells = []
        for e in engines:
            s = result["engines"][e]["scores"]
            v = s["overall"] if pick is None else s["kinds"][pick]
            cells.append(f"  {v['mrr10']:.3f} / {v['success1']:.3f} / {v['success10']:.3f}".rjust(26))
        return f"{label:14} {n:3d}" + "".join(cells)

    for kind in kinds_in_order(first["kinds"]):
        lines.append(row(kind, first["kinds"][kind]["n"], kind))
    lines.append(row("all", first["overall"]["n"], None))
    d = result.get("lead")
    if d:
        lines.append(f"kbgen − best peer ({NAMES[d['best_peer']]}) MRR@10: {d['kbgen_minus_best_peer']:+.3f}")
    found = result["engines"]
    empty = [f"{NAMES[e]} {found[e]['no_results']}" for e in engines if "no_results" in found[e]]
    if empty:
        lines.append("queries with no result at all: " + ", ".join(empty))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- engines


def kbgen_page_ranking(page: Any, base: str, query: str) -> list[str]:
    """kbgen's rendered result links on a fresh ``search.html?q=`` load (the quality test's way)."""
    page.goto(f"{base}search.html?q={quote(query)}")
    page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
    hrefs = page.eval_on_selector_all("#kb-search-results a.kb-result", "links => links.map(a => a.href)")
    return dedupe(docname_from_url(h, base) for h in hrefs)[:TOP]


PAGE_RANKINGS = {"kbgen": kbgen_page_ranking, "sphinx": sphinx_page_ranking}


def run(c: Corpus, items: Sequence[Judged], engines: Sequence[str] = ENGINES,
        page_checks: int = PAGE_CHECKS) -> dict[str, Any]:
    if c.content.resolve() != CONTENT.resolve():
        raise ValueError(f"the judged set is about {CONTENT}, not {c.content}")
    queries = [i.query for i in items]
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "corpus": c.name,
        "queries_file": QUERIES_FILE.relative_to(paths.REPO).as_posix(), "queries": len(items),
        "top": TOP, "versions": versions(), "kbgen_search_files": search_files_digest(c.kbgen_site),
        "engines": {},
    }
    per_query: list[dict[str, Any]] = [{"query": i.query, "kind": i.kind, "relevant": list(i.relevant), "rank": {}}
                                       for i in items]
    with browser() as chromium:
        for engine in engines:
            missing = missing_pages(items, c.site(engine))
            if missing:
                raise RuntimeError(f"{engine}: judged articles without a page in {c.site(engine)}: {missing}")
            with engine_page(chromium, c.site(engine)) as (page, base):
                rankings, elapsed = timed_rankings(engine, page, base, queries)
                entry: dict[str, Any] = {"seconds": round(elapsed, 1), "scores": score(items, rankings),
                                         "no_results": sum(not r for r in rankings)}
                if engine in PAGE_RANKINGS and page_checks:
                    # the ranking measured is the one the engine's results page shows
                    picks = list(range(0, len(items), max(1, len(items) // page_checks)))[:page_checks]
                    agree = sum(PAGE_RANKINGS[engine](page, base, queries[k]) == rankings[k][:TOP] for k in picks)
                    entry["page_check"] = f"{agree}/{len(picks)} queries: rendered links = ranking measured"
                entry["misses"] = [{"kind": i.kind, "query": i.query, "want": list(i.relevant), "got": r[:3]}
                                   for i, r in zip(items, rankings, strict=True)
                                   if judged_reciprocal_rank(r, i.relevant) < 1]
                for row, ranked, item in zip(per_query, rankings, items, strict=True):
                    row["rank"][engine] = first_rank(ranked, item.relevant)
                result["engines"][engine] = entry
                overall = entry["scores"]["overall"]
                print(f"{engine}: {elapsed:.1f} s MRR@10 {overall['mrr10']:.3f} success@1 {overall['success1']:.3f}"
                      + (f" ({entry['page_check']})" if "page_check" in entry else ""), file=sys.stderr)
    result["lead"] = lead({e: v["scores"] for e, v in result["engines"].items()})
    result["per_query"] = per_query
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search.judged", description=__doc__.split("\n")[0])
    parser.add_argument("--engines", nargs="*", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE, help="the judged set (queries.yml)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N queries (a quick look)")
    parser.add_argument("--page-checks", type=int, default=PAGE_CHECKS,
                        help="queries checked against the rendered results page (kbgen, Sphinx)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    c = corpus(CORPUS)
    if not c.built():
        print(f"build it first: python -m bench.search.sites {c.name}", file=sys.stderr)
        return 1
    items = judged_set(load_queries(args.queries))
    if args.limit:
        items = items[:args.limit]
    result = run(c, items, args.engines, args.page_checks)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(table(result))
    print(f"-> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
