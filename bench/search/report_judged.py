"""The judged sections of ``docs/search-benchmarks.md``, from ``bench/results/search-judged.json``.

Per corpus (the sample, then the held-out help centers): the known-item set per kind, the
out-of-scope set per kind and the descriptions set per group, each with a column per engine; then
kbgen's figures against issue 20's targets, which hold on every corpus.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bench.search.judged_sets import GROUPS, kinds_in_order
from search_eval import OUT_OF_SCOPE_KINDS

NAMES = {"kbgen": "kbgen", "sphinx": "Sphinx", "pagefind": "Pagefind"}
ENGINES = ("kbgen", "sphinx", "pagefind")
CORPUS_TITLES = {"sample": "the sample help center (`content/`)",
                 "heldout": "the held-out help center (`search_eval/heldout/content/`)",
                 "heldout2": "the second held-out help center (`search_eval/heldout2/content/`)"}
CORPUS_LABELS = {"sample": "sample", "heldout": "held-out", "heldout2": "second held-out"}
DESCRIPTION_COLUMNS = {"kbgen": "kbgen results page", "kbgen_handoff": "kbgen hand-off (set/module prior)",
                       "sphinx": "Sphinx", "pagefind": "Pagefind"}
GROUP_NAMES = {"with_context": "with a set/module selected", "without_context": "without"}

# Issue 20, "Measure it honestly" (kbgen's targets on both corpora)
OUT_OF_SCOPE_TARGET = 0.85  # share with no a.kb-result
DESCRIPTION_SUCCESS3_TARGET = 0.95
DESCRIPTION_MRR_TARGET = 0.85
KNOWN_ITEM_MRR_TARGET = 0.95
KNOWN_ITEM_EMPTY_TARGET = 0.02


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def pct(share: float) -> str:
    return f"{100 * share:.0f} %"


def ordered(found: Mapping[str, Any], order: tuple[str, ...]) -> list[str]:
    """The keys of a (key-sorted) score table in ``order``, unknown ones last."""
    return [k for k in order if k in found] + sorted(k for k in found if k not in order)


def judged_table(data: Mapping[str, Any]) -> str:
    """A known-item section: a row per query kind and overall, a column of MRR@10 / success@1 /
    success@10 per engine, then kbgen's MRR@10 minus the best peer's and the queries with no result."""
    engines = [e for e in ENGINES if e in data["engines"]]
    if not engines:
        return ""
    first = data["engines"][engines[0]]["scores"]

    def cells(pick: str | None) -> list[str]:
        out = []
        for engine in engines:
            s = data["engines"][engine]["scores"]
            v = s["overall"] if pick is None else s["kinds"].get(pick)
            out.append(f"{v['mrr10']:.3f} / {v['success1']:.3f} / {v['success10']:.3f}" if v else "—")
        return out

    rows = [[f"`{kind}`", str(first["kinds"][kind]["n"]), *cells(kind)] for kind in kinds_in_order(first["kinds"])]
    rows.append(["**all**", str(first["overall"]["n"]), *[f"**{c}**" for c in cells(None)]])
    text = _table(["kind", "queries"] + [f"{NAMES[e]}: MRR@10 / success@1 / @10" for e in engines], rows)
    d = data.get("lead")
    if d:
        text += (f"\n\nkbgen minus the best peer ({NAMES[d['best_peer']]}) on MRR@10 overall: "
                 f"**{d['kbgen_minus_best_peer']:+.3f}** ({d['kbgen']:.3f} vs {d['best_peer_value']:.3f}).")
    empty = [f"{NAMES[e]} {data['engines'][e]['no_results']}" for e in engines if "no_results" in data["engines"][e]]
    if empty:
        text += f" Queries with no result at all: {', '.join(empty)}."
    return text


def out_of_scope_table(section: Mapping[str, Any]) -> str:
    """A row per kind and overall: the share of questions with no result, a column per engine."""
    engines = [e for e in ENGINES if e in section["engines"]]
    if not engines:
        return ""
    first = section["engines"][engines[0]]["no_result"]

    def cell(engine: str, kind: str | None) -> str:
        v = section["engines"][engine]["no_result"]
        v = v["overall"] if kind is None else v["kinds"].get(kind)
        return f"{pct(v['share'])} ({v['none']})" if v else "—"

    kinds = ordered(first["kinds"], OUT_OF_SCOPE_KINDS)
    rows = [[f"`{k}`", str(first["kinds"][k]["n"]), *[cell(e, k) for e in engines]] for k in kinds]
    rows.append(["**all**", str(first["overall"]["n"]), *[f"**{cell(e, None)}**" for e in engines]])
    return _table(["kind", "questions"] + [f"{NAMES[e]}: no result" for e in engines], rows)


def answered_out_of_scope(section: Mapping[str, Any], engine: str = "kbgen") -> str:
    """The out-of-scope questions ``engine`` answered, each with its first result: the misses to read."""
    answered = section["engines"].get(engine, {}).get("answered", [])
    if not answered:
        return ""
    lines = [f"{NAMES[engine]}'s answering results for out-of-scope questions ({len(answered)}), first hit:\n"]
    lines += [f"- `{a['kind']}` “{a['query']}” → `{a['got'][0]}`" for a in answered]
    return "\n".join(lines)


def descriptions_table(section: Mapping[str, Any]) -> str:
    """A row per group and overall: MRR@5 / success@1 / success@3 (no result), a column per engine."""
    columns = [e for e in DESCRIPTION_COLUMNS if e in section["engines"]]
    if not columns:
        return ""
    first = section["engines"][columns[0]]["scores"]

    def cell(column: str, group: str | None) -> str:
        s = section["engines"][column]["scores"]
        v = s["overall"] if group is None else s["groups"].get(group)
        if not v:
            return "—"
        return f"{v['mrr5']:.3f} / {v['success1']:.3f} / {v['success3']:.3f} ({pct(v['no_result'])})"

    rows = [[GROUP_NAMES.get(g, g), str(first["groups"][g]["n"]), *[cell(c, g) for c in columns]]
            for g in ordered(first["groups"], GROUPS)]
    rows.append(["**all**", str(first["overall"]["n"]), *[f"**{cell(c, None)}**" for c in columns]])
    return _table(["descriptions", "n"] + [f"{DESCRIPTION_COLUMNS[c]}: MRR@5 / s@1 / s@3 (none)" for c in columns],
                  rows)


def _verdict(passed: bool) -> str:
    return "**met**" if passed else "**missed**"


def targets_table(corpora: Mapping[str, Mapping[str, Any]]) -> str:
    """kbgen against issue 20's targets, a row per target and a column per corpus."""
    names = ordered(corpora, tuple(CORPUS_TITLES))
    rows: list[list[str]] = [[], [], [], []]
    rows[0].append(f"known items: MRR@10 ≥ {KNOWN_ITEM_MRR_TARGET}, no result ≤ {pct(KNOWN_ITEM_EMPTY_TARGET)}")
    rows[1].append(f"out of scope: no `a.kb-result` ≥ {pct(OUT_OF_SCOPE_TARGET)}")
    rows[2].append(f"descriptions on the hand-off: success@3 ≥ {DESCRIPTION_SUCCESS3_TARGET}, "
                   f"MRR@5 ≥ {DESCRIPTION_MRR_TARGET}")
    rows[3].append("descriptions on the results page (no prior), same targets")
    for name in names:
        c = corpora[name]
        k = c["known_item"]["engines"].get("kbgen")
        o = c["out_of_scope"]["engines"].get("kbgen")
        h = c["descriptions"]["engines"].get("kbgen_handoff")
        p = c["descriptions"]["engines"].get("kbgen")
        if k:
            mrr, empty = k["scores"]["overall"]["mrr10"], k["no_result_share"]
            rows[0].append(f"{mrr:.3f}, {pct(empty)}: "
                           + _verdict(mrr >= KNOWN_ITEM_MRR_TARGET and empty <= KNOWN_ITEM_EMPTY_TARGET))
        if o:
            share = o["no_result"]["overall"]["share"]
            rows[1].append(f"{pct(share)}: " + _verdict(share >= OUT_OF_SCOPE_TARGET))
        for row, d in ((rows[2], h), (rows[3], p)):
            if d:
                v = d["scores"]["overall"]
                row.append(f"{v['success3']:.3f}, {v['mrr5']:.3f}: " + _verdict(
                    v["success3"] >= DESCRIPTION_SUCCESS3_TARGET and v["mrr5"] >= DESCRIPTION_MRR_TARGET))
    width = 1 + len(names)
    return _table(["target (issue 20)", *[f"kbgen on the {CORPUS_LABELS.get(n, n)}" for n in names]],
                  [r + ["—"] * (width - len(r)) for r in rows])


def judged_sections(judged: Mapping[str, Any]) -> list[str]:
    """The page's judged sections, as a list of Markdown blocks."""
    corpora = judged["corpora"]
    names = ordered(corpora, tuple(CORPUS_TITLES))
    parts = [
        "## Judged sets: known items, out of scope, descriptions\n",
        f"Measured {judged['date'][:16].replace('T', ' ')} UTC, kbgen at commit {judged['kbgen_commit']}, "
        "in one run (`python -m bench.search.judged`): on each help center, its three judged sets "
        "through the three engines, all built from the same content folder. The sample's sets are in "
        "`search_eval/` (see its README); the held-out help center (`search_eval/heldout/`, a state "
        "education IT desk) has its own, and **nobody tunes on it** (its figures are computed beside the "
        "sample's when a ranking rule is compared, but the choice is made on the sample's; the long-query "
        "ranking of 072b9b3 was chosen that way among three generic forms). The second held-out help "
        "center (`search_eval/heldout2/`, a city health department's IT desk) was written blind on "
        "2026-12-06, after the first had been looked at too often, and measured with the engine unchanged. "
        "The known-item set of the sample is "
        "kbgen's home ground (written for kbgen before its ranking was tuned, but kbgen's ranking has been "
        "changed since with `tests/test_search_quality.py` holding it to a floor on that very set); the "
        "out-of-scope and descriptions sets were written for issue 20 before its ranking work.\n",
        "- **Known items**: each query with the articles that answer it. A query scores the rank of the "
        "first judged article among the first 10 distinct documents; success@1 and @10 are the shares "
        "with a judged article first and in the top 10.\n"
        "- **Out of scope**: questions a help center of that kind receives that no article answers, "
        "`shares_word` (sharing a non-stop word with the articles) or `foreign` (none). The figure is the "
        "share that gets **no result** (the count in brackets): for kbgen, no `a.kb-result` link in "
        "`#kb-search-results`, its answering list (partial results, when shown, are a separate list and "
        "do not count); for Sphinx and Pagefind, nothing at all. Higher is better.\n"
        "- **Descriptions**: a reader's problem in their own words (8–18 words, colloquial) with the "
        "articles that answer it; about half come with the set and module selected on the hand-off page. "
        "Typed as the query of each engine's results page, and for kbgen also as the hand-off page "
        "suggests: its engine (the built site's `kbgen-search.js`, full index, answering results only, at "
        "most 5) with the selected set/module as a prior (`contextPrior`: 1 for the module's articles, "
        "0.5 for its set's), called in the browser on the built site, since the hand-off page's own "
        "\"Descrição\" field is not in the version measured. MRR@5, success@1 and @3 (the first judged "
        "article among the first 5), and in brackets the share with no result.\n"
        "- Sphinx and Pagefind get every query verbatim, through the known-item benchmark's rankers "
        "(Sphinx's search page code, Pagefind's JS API); kbgen through its results page "
        "(`search.html?q=`, the rendered links).\n",
        "### kbgen against issue 20's targets\n",
        targets_table(corpora) + "\n",
    ]
    for name in names:
        c = corpora[name]
        k, o, d = c["known_item"], c["out_of_scope"], c["descriptions"]
        checks = ", ".join(f"{v['page_check'].split()[0]} for {NAMES[e]}" for e, v in k["engines"].items()
                           if "page_check" in v)
        parts += [
            f"### On {CORPUS_TITLES.get(name, name)}\n",
            f"Known items (`{c['files']['queries']}`, {k['queries']} queries"
            + (f"; rendered links equal the ranking measured on the checked queries: {checks}" if checks else "")
            + "):\n",
            judged_table(k) + "\n",
            f"Out of scope (`{c['files']['out_of_scope']}`, {o['questions']} questions), share with no result:\n",
            out_of_scope_table(o) + "\n",
            *([answered_out_of_scope(o) + "\n"] if answered_out_of_scope(o) else []),
            f"Descriptions (`{c['files']['descriptions']}`, {d['descriptions']} descriptions, "
            f"{d['with_context']} with a set/module):\n",
            descriptions_table(d) + "\n",
        ]
    return parts
