"""The judged sets typed into the search box: ``python -m search_eval.typing SITE [--sets FOLDER]``.

Suggestions as you type run only in the browser's engine (``kbgen-search.js`` with ``prefix:
true`` on the suggestion index: titles, tags and descriptions), so this runs the site's own
scripts under Node (``tests/node_bridge.py``) on its sharded files, as the search box does: one
store for the whole run, the answering results only, at most ``SUGGESTIONS``.

* known items (``queries.yml``): for each query typed letter by letter, whether the target is
  among the suggestions once the whole query is typed (success@5 and MRR@5 there), and the share
  of the query typed when it first appears (lower is better; a query whose target never appears
  counts 1);
* out of scope (``out_of_scope.yml``): the share of questions with no suggestion once typed in
  full, and the share with none at any point after their first word (a question that suggests an
  article while it is being typed says "we have this" as much as the results page does).

The metric was written on 2026-12-07 before any change to how typing is matched was measured
with it (search_eval/README.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kbgen.search.shards import SUGGEST_MODE
from kbgen.search.siteindex import load_site_index
from search_eval import load_out_of_scope, load_queries
from search_eval.evaluate import mrr, success
from tests.node_bridge import NodeBridge

SUGGESTIONS = 5


def typed_prefixes(text: str) -> list[str]:
    """What the box holds after each keystroke that queries (kbgen-search-ui.js waits for two characters)."""
    return [text[:n] for n in range(2, len(text) + 1)]


def suggestions(node: NodeBridge, static: Path, texts: Sequence[str]) -> list[list[int]]:
    """The refs the box suggests for each text, in order (answering only, at most SUGGESTIONS)."""
    found = node.call("sharded", folder=str(static), mode=SUGGEST_MODE,
                      queries=[{"text": t, "options": {"prefix": True, "limit": SUGGESTIONS}} for t in texts])
    return [[r["ref"] for r in step["results"] if r["answers"]][:SUGGESTIONS] for step in found]


def measure(site: Path, queries: list[dict[str, Any]], out_of_scope: list[dict[str, Any]],
            misses: list[str] | None = None) -> dict[str, float]:
    """The figures of one site (see the module's docstring); ``misses`` gets the known items whose
    target is not suggested once typed in full, as "kind: query"."""
    names = [doc["url"].removesuffix(".html") for doc in load_site_index(site).docs]
    static = site / "_static"
    node = NodeBridge()
    try:
        ranks: list[int | None] = []
        shares: list[float] = []
        by_kind: dict[str, list[int | None]] = {}
        for entry in queries:
            text, wanted = entry["query"], set(entry["relevant"])
            steps = typed_prefixes(text)
            got = suggestions(node, static, steps)
            final = [names[ref] for ref in got[-1]] if got else []
            ranks.append(next((i for i, name in enumerate(final, 1) if name in wanted), None))
            by_kind.setdefault(f"known_s5_{entry.get('kind', '')}", []).append(ranks[-1])
            if ranks[-1] is None and misses is not None:
                misses.append(f"{entry.get('kind', '')}: {text}")
            first = next((n for n, refs in enumerate(got) if wanted & {names[r] for r in refs}), None)
            shares.append(1.0 if first is None else len(steps[first]) / len(text))
        silent_at_end = silent_throughout = 0
        for entry in out_of_scope:
            text = entry["query"]
            first_word = len(text.split()[0]) if text.split() else 0
            steps = [s for s in typed_prefixes(text) if len(s) > first_word]
            got = suggestions(node, static, steps or [text])
            silent_at_end += not got[-1]
            silent_throughout += not any(got)
    finally:
        node.close()
    n = len(out_of_scope) or 1
    return {"known_mrr5": mrr(ranks), "known_s5": success(ranks, SUGGESTIONS),
            "known_typed_share": sum(shares) / len(shares) if shares else 0.0,
            "oos_silent_at_end": silent_at_end / n, "oos_silent_throughout": silent_throughout / n,
            **{kind: success(kind_ranks, SUGGESTIONS) for kind, kind_ranks in sorted(by_kind.items())}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search_eval.typing", description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a kbgen build output folder")
    parser.add_argument("--sets", type=Path, help="the folder of the sets (default: the sample's)")
    parser.add_argument("--misses", action="store_true", help="list the known items not suggested in the end")
    args = parser.parse_args(argv)
    queries = load_queries(args.sets / "queries.yml") if args.sets else load_queries()
    out_of_scope = load_out_of_scope(args.sets / "out_of_scope.yml") if args.sets else load_out_of_scope()
    misses: list[str] = []
    figures = measure(args.site, queries, out_of_scope, misses)
    for name, value in figures.items():
        print(f"{name:24} {value:.3f}")
    for miss in misses if args.misses else []:
        print("    miss:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
