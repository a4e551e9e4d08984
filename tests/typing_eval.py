"""The judged sets typed into a built site's search box, under Node: ``python -m tests.typing_eval
SITE [--sets FOLDER] [--misses]``.

search_eval/typing.py says what is measured; this gives it the browser's engine: the site's own
sharded suggestion files, read by the shipped ``kbgen-search-store.js`` and ``kbgen-search.js``
(``tests/node_bridge.py``), one store for the whole run as on one page, ``prefix: true``, the
answering results only. It lives in tests/ because search_eval imports neither tests nor bench.
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
from search_eval.typing import SUGGESTIONS, Suggest, measure
from tests.node_bridge import NodeBridge


def node_suggest(node: NodeBridge, site: Path) -> Suggest:
    """What the search box of the built ``site`` suggests for each text, as docnames."""
    names = [doc["url"].removesuffix(".html") for doc in load_site_index(site).docs]

    def suggest(texts: Sequence[str]) -> list[list[str]]:
        queries = [{"text": text, "options": {"prefix": True, "limit": SUGGESTIONS}} for text in texts]
        found = node.call("sharded", folder=str(site / "_static"), mode=SUGGEST_MODE, queries=queries)
        return [[names[r["ref"]] for r in step["results"] if r["answers"]][:SUGGESTIONS] for step in found]

    return suggest


def typing_figures(site: Path, queries: list[dict[str, Any]], out_of_scope: list[dict[str, Any]],
                   misses: list[str] | None = None) -> dict[str, float]:
    """search_eval.typing.measure on the built ``site``, in a Node process of its own."""
    node = NodeBridge()
    try:
        return measure(node_suggest(node, site), queries, out_of_scope, misses)
    finally:
        node.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.typing_eval", description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a kbgen build output folder")
    parser.add_argument("--sets", type=Path, help="the folder of the sets (default: the sample's)")
    parser.add_argument("--misses", action="store_true", help="list the known items not suggested in the end")
    args = parser.parse_args(argv)
    queries = load_queries(args.sets / "queries.yml") if args.sets else load_queries()
    out_of_scope = load_out_of_scope(args.sets / "out_of_scope.yml") if args.sets else load_out_of_scope()
    misses: list[str] = []
    for name, value in typing_figures(args.site, queries, out_of_scope, misses).items():
        print(f"{name:24} {value:.3f}")
    for miss in misses if args.misses else []:
        print("    miss:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
