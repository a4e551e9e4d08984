"""Judged sets through kbgen, Sphinx and Pagefind, on the sample and on the held-out help centers.

One run measures, on each corpus of :data:`bench.search.judged_sets.SETS` (the sample help center
``content/`` and the held-out ones ``search_eval/heldout/content/`` and ``search_eval/heldout2/content/``,
each with its own three judged sets, see ``search_eval/README.md`` and each held-out's README), for each of the three
engines of :mod:`bench.search.sites` built on that corpus:

* **known items** (``queries.yml``: each query with a kind and the articles that answer it, best
  first): MRR@10, success@1 and @10, overall and per kind, and the share with no result;
* **out of scope** (``out_of_scope.yml``, questions no article answers): the share with no
  result, per kind (``shares_word``, ``foreign``); kbgen's results are its answering
  ``a.kb-result`` links only;
* **descriptions** (``descriptions.yml``, readers' problem descriptions): typed as a query into the
  engine's results page, MRR@5 and success@1/@3; for kbgen also what its hand-off page suggests,
  the answering results of its engine with the set/module selected there as a prior
  (:data:`KBGEN_HANDOFF_JS`).

The known-item sets are **kbgen's own**: the sample's was written for kbgen by its authors, and
committed before kbgen's ranking was tuned, but kbgen's ranking has been changed since with
``tests/test_search_quality.py`` holding it to a floor on this very set, so it is the author's home
ground, not a neutral benchmark; the held-out sets are never tuned on. The peers get the same
queries **verbatim** (case, accents, punctuation and pasted error messages untouched), through the
same rankers as the known-item benchmark (imported from :mod:`bench.search.known_item`): kbgen's
results page (``search.html``, the rendered ``a.kb-result`` links of ``#kb-search-results``),
Sphinx's search page code (``Search._performSearch(...Search._parseQuery(q))`` in display order,
checked against its rendered links on a few queries) and Pagefind's JS API (``pagefind.search()``,
what its UI calls). A document counts once in a result list.

A judged article is a docname (its path under the content folder without ``.md``); the rankers
return ``docname_from_url`` of each result link: the page's path relative to the site root without
``.html``, the same form (kbgen, Sphinx and the Pagefind copy all put an article at
``<docname>.html``).

``nice -n 10 python -m bench.search.judged --build`` builds both corpora's sites and writes
``bench/results/search-judged.json``, then prints the tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import paths
from bench.search.browser import browser, docname_from_url
from bench.search.judged_sets import (
    DESCRIPTION_TOP,
    SETS,
    CorpusSets,
    Description,
    Judged,
    OutOfScope,
    description_scores,
    first_rank,
    judged_reciprocal_rank,
    kinds_in_order,
    lead,
    load_sets,
    no_result_shares,
    score,
)
from bench.search.known_item import RANKERS, TOP, dedupe, engine_page, sphinx_page_ranking, timed_rankings
from bench.search.sites import Corpus, build, corpus, search_files_digest, versions

RESULTS = paths.RESULTS / "search-judged.json"
CORPORA = tuple(SETS)
ENGINES = ("kbgen", "sphinx", "pagefind")
PAGE_CHECKS = 8
NAMES = {"kbgen": "kbgen", "sphinx": "Sphinx", "pagefind": "Pagefind"}


def missing_pages(items: Iterable[Judged | Description], site: Path) -> list[str]:
    """Judged docnames without a ``<docname>.html`` page in a built site (sorted)."""
    return sorted({d for i in items for d in i.relevant if not (site / f"{d}.html").is_file()})


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

# What kbgen's hand-off page suggests for a description: its engine (the site's own
# kbgen-search.js, loaded by the results page) on the full index (its sharded store), the
# answering results only, at most DESCRIPTION_TOP, with the set/module selected on the page as
# the prior (storePrior: contextPrior from the manifest). The hand-off page's own "Descrição"
# field is not in this version yet, so the engine is called here the way that page is specified
# to (issue 20, point 3), on the page that has it loaded.
KBGEN_HANDOFF_JS = """async (items) => {
  const store = window.kbgenSearchUi.store('f'), out = [];
  for (const [q, set, module] of items) {
    const found = (await window.kbgenSearch.search(store, q, {
      prefix: false, limit: TOP,
      prior: set ? window.kbgenSearch.storePrior(store, set, module) : undefined
    })).filter((r) => r.answers).slice(0, TOP);
    const docs = await store.items('d', found.map((r) => r.ref));
    out.push(found.map((r) => docs[r.ref].url));
  }
  return out;
}""".replace("TOP", str(DESCRIPTION_TOP))


def rank_kbgen_handoff(page: Any, base: str, items: Sequence[Description]) -> list[list[str]]:
    page.goto(f"{base}search.html?q=a")  # loads the engine and the full index's manifest
    page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
    urls = page.evaluate(KBGEN_HANDOFF_JS, [[i.query, i.set, i.module] for i in items])
    return [dedupe(u.removesuffix(".html") for u in found) for found in urls]


def kbgen_commit() -> str:
    """The commit measured: the checkout's short hash, ``+dirty`` with uncommitted changes to
    kbgen/, and the last commit that changed kbgen/ when it is an older one (a benchmark-only
    commit on top measures the same engine); ``?`` outside a git checkout."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=paths.REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
    try:
        head = git("rev-parse", "--short=12", "HEAD")
        engine = git("log", "-1", "--format=%h", "--abbrev=12", "--", "kbgen")
        dirty = "+dirty" if git("status", "--porcelain", "--", "kbgen") else ""
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + dirty + (f", kbgen/ as of {engine}" if engine and engine != head else "")


def _known_items(engine: str, page: Any, base: str, items: Sequence[Judged], page_checks: int,
                 per_query: list[dict[str, Any]]) -> dict[str, Any]:
    queries = [i.query for i in items]
    rankings, elapsed = timed_rankings(engine, page, base, queries)
    empty = sum(not r for r in rankings)
    entry: dict[str, Any] = {"seconds": round(elapsed, 1), "scores": score(items, rankings), "no_results": empty,
                             "no_result_share": round(empty / len(items), 4) if items else 0.0}
    if engine in PAGE_RANKINGS and page_checks:
        # the ranking measured is the one the engine's results page shows
        picks = list(range(0, len(items), max(1, len(items) // page_checks)))[:page_checks]
        agree = sum(PAGE_RANKINGS[engine](page, base, queries[k]) == rankings[k][:TOP] for k in picks)
        entry["page_check"] = f"{agree}/{len(picks)} queries: rendered links = ranking measured"
    entry["misses"] = [{"kind": i.kind, "query": i.query, "want": list(i.relevant), "got": r[:3]}
                       for i, r in zip(items, rankings, strict=True) if judged_reciprocal_rank(r, i.relevant) < 1]
    for row, ranked, item in zip(per_query, rankings, items, strict=True):
        row["rank"][engine] = first_rank(ranked, item.relevant)
    return entry


def _out_of_scope(engine: str, page: Any, base: str, items: Sequence[OutOfScope]) -> dict[str, Any]:
    rankings = RANKERS[engine](page, base, [i.query for i in items])
    return {"no_result": no_result_shares(items, rankings),
            "answered": [{"kind": i.kind, "query": i.query, "got": r[:3]}
                         for i, r in zip(items, rankings, strict=True) if r]}


def _descriptions(rankings: Sequence[Sequence[str]], items: Sequence[Description]) -> dict[str, Any]:
    return {"scores": description_scores(items, rankings),
            "misses": [{"query": i.query, "set": i.set, "module": i.module, "want": list(i.relevant),
                        "got": list(r[:3])} for i, r in zip(items, rankings, strict=True)
                       if not any(d in r[:1] for d in i.relevant)]}


def run_corpus(chromium: Any, c: Corpus, sets: CorpusSets, engines: Sequence[str] = ENGINES,
               page_checks: int = PAGE_CHECKS) -> dict[str, Any]:
    """One corpus: its three sets through each engine; the section of the results JSON."""
    items, out, described = sets.queries, sets.out_of_scope, sets.descriptions
    rel = {k: getattr(sets.files, k).relative_to(paths.REPO).as_posix()
           for k in ("queries", "out_of_scope", "descriptions")}
    result: dict[str, Any] = {
        "content": c.content.relative_to(paths.REPO).as_posix(), "files": rel,
        "kbgen_search_files": search_files_digest(c.kbgen_site),
        "known_item": {"queries": len(items), "top": TOP, "engines": {}},
        "out_of_scope": {"questions": len(out), "engines": {}},
        "descriptions": {"descriptions": len(described), "top": DESCRIPTION_TOP,
                         "with_context": sum(bool(d.set) for d in described), "engines": {}},
    }
    per_query: list[dict[str, Any]] = [{"query": i.query, "kind": i.kind, "relevant": list(i.relevant), "rank": {}}
                                       for i in items]
    for engine in engines:
        missing = missing_pages([*items, *described], c.site(engine))
        if missing:
            raise RuntimeError(f"{engine}: judged articles without a page in {c.site(engine)}: {missing}")
        with engine_page(chromium, c.site(engine)) as (page, base):
            known = _known_items(engine, page, base, items, page_checks, per_query)
            result["known_item"]["engines"][engine] = known
            result["out_of_scope"]["engines"][engine] = _out_of_scope(engine, page, base, out)
            typed = RANKERS[engine](page, base, [d.query for d in described])
            result["descriptions"]["engines"][engine] = _descriptions(typed, described)
            if engine == "kbgen":
                handoff = rank_kbgen_handoff(page, base, described)
                result["descriptions"]["engines"]["kbgen_handoff"] = _descriptions(handoff, described)
        overall = known["scores"]["overall"]
        none = result["out_of_scope"]["engines"][engine]["no_result"]["overall"]
        d = result["descriptions"]["engines"][engine]["scores"]["overall"]
        print(f"{c.name} {engine}: known items MRR@10 {overall['mrr10']:.3f} s@1 {overall['success1']:.3f}; "
              f"out of scope: no result {none['share']:.3f}; descriptions MRR@5 {d['mrr5']:.3f} "
              f"s@3 {d['success3']:.3f}" + (f" ({known['page_check']})" if "page_check" in known else ""),
              file=sys.stderr)
    result["known_item"]["lead"] = lead({e: v["scores"] for e, v in result["known_item"]["engines"].items()})
    result["known_item"]["per_query"] = per_query
    return result


def run(names: Sequence[str] = CORPORA, engines: Sequence[str] = ENGINES, page_checks: int = PAGE_CHECKS,
        limit: int | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "kbgen_commit": kbgen_commit(),
        "versions": versions(), "engines": list(engines), "corpora": {},
    }
    with browser() as chromium:
        for name in names:
            result["corpora"][name] = run_corpus(chromium, corpus(name), load_sets(name, limit), engines,
                                                 page_checks)
    return result


# ----------------------------------------------------------------------------- text tables


def out_of_scope_table(section: Mapping[str, Any]) -> str:
    """Share with no result per kind, a column per engine."""
    engines = [e for e in ENGINES if e in section["engines"]]
    if not engines:
        return ""
    first = section["engines"][engines[0]]["no_result"]
    lines = [f"{'out of scope':14} {'n':>3}" + "".join(f"  {NAMES[e] + ' no result':>20}" for e in engines)]
    for kind in [*first["kinds"], None]:
        def pick(e: str, k: str | None = kind) -> Any:
            shares: Mapping[str, Any] = section["engines"][e]["no_result"]
            return shares["overall"] if k is None else shares["kinds"][k]
        lines.append(f"{kind or 'all':14} {pick(engines[0])['n']:3d}"
                     + "".join(f"  {pick(e)['share']:>20.3f}" for e in engines))
    return "\n".join(lines)


DESCRIPTION_COLUMNS = ("kbgen", "kbgen_handoff", "sphinx", "pagefind")
DESCRIPTION_NAMES = {**NAMES, "kbgen_handoff": "kbgen hand-off"}


def descriptions_table(section: Mapping[str, Any]) -> str:
    """MRR@5 / success@3 per group, a column per engine (kbgen's hand-off after its results page)."""
    columns = [e for e in DESCRIPTION_COLUMNS if e in section["engines"]]
    if not columns:
        return ""
    first = section["engines"][columns[0]]["scores"]
    lines = [f"{'descriptions':16} {'n':>3}" + "".join(f"  {DESCRIPTION_NAMES[e] + ' MRR@5/s@3':>26}"
                                                       for e in columns)]
    for group in [*first["groups"], None]:
        def pick(e: str, g: str | None = group) -> Any:
            s: Mapping[str, Any] = section["engines"][e]["scores"]
            return s["overall"] if g is None else s["groups"][g]
        lines.append(f"{group or 'all':16} {pick(columns[0])['n']:3d}"
                     + "".join(f"  {pick(e)['mrr5']:.3f} / {pick(e)['success3']:.3f}".rjust(28) for e in columns))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search.judged", description=__doc__.split("\n")[0])
    def judged_corpus(value: str) -> str:  # not choices=: argparse checks the list default against it
        if value not in CORPORA:
            raise argparse.ArgumentTypeError(f"no judged sets for {value!r} (choose from {', '.join(CORPORA)})")
        return value

    parser.add_argument("corpora", nargs="*", type=judged_corpus, default=list(CORPORA), metavar="CORPUS",
                        help=f"default: {' '.join(CORPORA)}")
    parser.add_argument("--build", action="store_true", help="(re)build the corpora's three sites first")
    parser.add_argument("--engines", nargs="*", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--limit", type=int, default=None, help="only the first N entries of each set (a quick look)")
    parser.add_argument("--page-checks", type=int, default=PAGE_CHECKS,
                        help="known-item queries checked against the rendered results page (kbgen, Sphinx)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    for name in args.corpora:
        c = corpus(name)
        if args.build:
            build(c)
        elif (problem := c.not_ready()) is not None:
            print(f"{problem} (or add --build)", file=sys.stderr)
            return 1
    result = run(args.corpora, args.engines, args.page_checks, args.limit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    for name, section in result["corpora"].items():
        print(f"\n== {name} ({result['kbgen_commit']}, {result['date']})")
        print(table(section["known_item"]))
        print(out_of_scope_table(section["out_of_scope"]))
        print(descriptions_table(section["descriptions"]))
    print(f"-> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
