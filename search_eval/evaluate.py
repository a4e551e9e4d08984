"""The judged sets, measured with the Python engine over a built site: ``python -m search_eval.evaluate SITE``.

SITE is a ``kbgen build`` output folder of the help center the sets judge (``content/`` by
default). The Python engine (:mod:`kbgen.search.query`) is the twin of the browser's, held to it
query by query by ``tests/search/test_search_golden.py``, so these figures are the results page's
and the hand-off page's. For each set:

* known-item (``queries.yml``): MRR@10 and success@1 over the *answering* results (what the page
  shows as ``a.kb-result``), and the share of queries with no answering result;
* out of scope (``out_of_scope.yml``): the share with no answering result, per kind;
* descriptions (``descriptions.yml``): success@1, success@3 and MRR@5 of the hand-off page's
  suggestions (answering results only, at most 5), with the set and module of the entry as the
  engine's prior.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbgen.search.query import context_prior, search
from kbgen.search.siteindex import SiteIndex, load_site_index

TOP = 10
SUGGESTIONS = 5


@dataclass
class Figures:
    """Reciprocal ranks and answered flags, per kind."""

    ranks: dict[str, list[int | None]] = field(default_factory=lambda: defaultdict(list))
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def add(self, kind: str, rank: int | None, query: str = "", got: Sequence[str] = ()) -> None:
        self.ranks[kind].append(rank)
        if rank != 1 and query:
            self.misses.append((kind, query, list(got[:3])))

    def all(self) -> list[int | None]:
        return [r for values in self.ranks.values() for r in values]


def mrr(ranks: Sequence[int | None]) -> float:
    return sum(1 / r for r in ranks if r) / len(ranks) if ranks else 0.0


def success(ranks: Sequence[int | None], at: int) -> float:
    return sum(1 for r in ranks if r and r <= at) / len(ranks) if ranks else 0.0


def _docname(url: str) -> str:
    return url.removesuffix(".html")


def _first_rank(got: Sequence[str], relevant: Sequence[str]) -> int | None:
    return next((i for i, doc in enumerate(got, 1) if doc in set(relevant)), None)


def known_items(index: SiteIndex, entries: list[dict[str, Any]]) -> Figures:
    figures = Figures()
    for entry in entries:
        got = [_docname(index.docs[r.ref]["url"]) for r in search(index, entry["query"], limit=TOP)]
        figures.add(entry["kind"], _first_rank(got, entry["relevant"]), entry["query"], got)
    return figures


def out_of_scope(index: SiteIndex, entries: list[dict[str, Any]]) -> Figures:
    """rank 1 stands for "no answering result" (right), None for a confident answer (wrong)."""
    figures = Figures()
    for entry in entries:
        got = [_docname(index.docs[r.ref]["url"]) for r in search(index, entry["query"], limit=TOP)]
        figures.add(entry["kind"], None if got else 1, entry["query"], got)
    return figures


def descriptions(index: SiteIndex, entries: list[dict[str, Any]]) -> Figures:
    figures = Figures()
    for entry in entries:
        prior: Callable[[int], float] | None = None
        if entry.get("set"):
            prior = context_prior(index.docs, entry.get("set", ""), entry.get("module", ""))
        results = search(index, entry["query"], limit=SUGGESTIONS, prior=prior)
        got = [_docname(index.docs[r.ref]["url"]) for r in results]
        figures.add("with-context" if prior else "no-context", _first_rank(got, entry["relevant"]), entry["query"], got)
    return figures


def _table(title: str, figures: Figures, columns: Sequence[tuple[str, Callable[[list[int | None]], float]]]) -> str:
    lines = [f"{title}", f"  {'kind':14} {'n':>3} " + " ".join(f"{name:>9}" for name, _ in columns)]
    rows = [(kind, list(values)) for kind, values in sorted(figures.ranks.items())] + [("all", figures.all())]
    for kind, values in rows:
        lines.append(f"  {kind:14} {len(values):3d} " + " ".join(f"{fn(values):9.3f}" for _, fn in columns))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from search_eval import load_descriptions, load_out_of_scope, load_queries

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--misses", action="store_true", help="list the queries not answered first")
    parser.add_argument("--sets", type=Path, default=None,
                        help="folder of queries.yml, out_of_scope.yml, descriptions.yml (default: the sample's)")
    args = parser.parse_args(argv)
    index = load_site_index(args.site)
    folder: Path | None = args.sets
    known, outside, described = (
        (load_queries(folder / "queries.yml"), load_out_of_scope(folder / "out_of_scope.yml"),
         load_descriptions(folder / "descriptions.yml"))
        if folder else (load_queries(), load_out_of_scope(), load_descriptions())
    )
    sets = [
        ("known-item (queries.yml)", known_items(index, known),
         [("MRR@10", mrr), ("s@1", lambda r: success(r, 1)), ("answered", lambda r: success(r, TOP))]),
        ("out of scope: share with no answering result", out_of_scope(index, outside),
         [("unanswered", lambda r: success(r, 1))]),
        ("descriptions (hand-off suggestions)", descriptions(index, described),
         [("MRR@5", mrr), ("s@1", lambda r: success(r, 1)), ("s@3", lambda r: success(r, 3))]),
    ]
    for title, figures, columns in sets:
        print(_table(title, figures, columns))
        if args.misses:
            for miss in figures.misses:
                print("    miss:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
