"""The judged sets typed into the search box: ``python -m tests.typing_eval SITE [--sets FOLDER]``.

Suggestions as you type run only in the browser's engine (``kbgen-search.js`` with ``prefix:
true`` on the suggestion index: titles, tags and descriptions). This module measures through a
``Suggest`` function given by its caller; ``tests/typing_eval.py`` gives one that runs the site's
own scripts under Node on its sharded files, as the search box does (one store for the whole run,
the answering results only, at most ``SUGGESTIONS``), and is the command line. (search_eval
imports neither tests nor bench: tests/test_repository_imports.py.)

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

from collections.abc import Callable, Sequence
from typing import Any

from search_eval.evaluate import mrr, success

SUGGESTIONS = 5

#: texts → for each, the docnames ("<set>/<module>/<slug>") the box suggests, in order
Suggest = Callable[[Sequence[str]], list[list[str]]]


def typed_prefixes(text: str) -> list[str]:
    """What the box holds after each keystroke that queries (kbgen-search-ui.js waits for two characters)."""
    return [text[:n] for n in range(2, len(text) + 1)]


def measure(suggest: Suggest, queries: list[dict[str, Any]], out_of_scope: list[dict[str, Any]],
            misses: list[str] | None = None) -> dict[str, float]:
    """The figures of one site (see the module's docstring); ``misses`` gets the known items whose
    target is not suggested once typed in full, as "kind: query"."""
    ranks: list[int | None] = []
    shares: list[float] = []
    by_kind: dict[str, list[int | None]] = {}
    for entry in queries:
        text, wanted = entry["query"], set(entry["relevant"])
        steps = typed_prefixes(text)
        got = suggest(steps)
        final = got[-1] if got else []
        ranks.append(next((i for i, name in enumerate(final, 1) if name in wanted), None))
        by_kind.setdefault(f"known_s5_{entry.get('kind', '')}", []).append(ranks[-1])
        if ranks[-1] is None and misses is not None:
            misses.append(f"{entry.get('kind', '')}: {text}")
        first = next((n for n, names in enumerate(got) if wanted & set(names)), None)
        shares.append(1.0 if first is None else len(steps[first]) / len(text))
    silent_at_end = silent_throughout = 0
    for entry in out_of_scope:
        text = entry["query"]
        first_word = len(text.split()[0]) if text.split() else 0
        steps = [step for step in typed_prefixes(text) if len(step) > first_word]
        got = suggest(steps or [text])
        silent_at_end += not got[-1]
        silent_throughout += not any(got)
    n = len(out_of_scope) or 1
    return {"known_mrr5": mrr(ranks), "known_s5": success(ranks, SUGGESTIONS),
            "known_typed_share": sum(shares) / len(shares) if shares else 0.0,
            "oos_silent_at_end": silent_at_end / n, "oos_silent_throughout": silent_throughout / n,
            **{kind: success(kind_ranks, SUGGESTIONS) for kind, kind_ranks in sorted(by_kind.items())}}
