"""The judged sets of each corpus: what they hold and how they score.

Per corpus (:data:`SETS`), three files of ``search_eval`` (loaded by its own loaders):

* ``queries.yml``: known-item queries with a kind and the articles that answer them, best first
  (:class:`Judged`). Scored by the reciprocal rank @10 of the first judged article, success@1
  and @10, overall and per kind (:func:`score`), and kbgen's MRR@10 minus the best peer's
  (:func:`lead`);
* ``out_of_scope.yml``: questions no article answers, of kind ``shares_word`` or ``foreign``
  (:class:`OutOfScope`). The score is the share **with no result**: for kbgen no ``a.kb-result``
  in ``#kb-search-results`` (the answering list; partial results are another list and do not
  count), for Sphinx and Pagefind nothing at all;
* ``descriptions.yml``: readers' problem descriptions with the articles that answer them and, for
  some, the set/module selected on the hand-off page (:class:`Description`). Scored by MRR@5 and
  success@1/@3 (the first judged article among the first 5 results), overall and per group
  (:data:`GROUPS`: with or without a selected set).

No browser and no build here: the rankings come from :mod:`bench.search.judged`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.search.known_item import TOP, dedupe, reciprocal_rank
from search_eval import (
    DESCRIPTIONS_FILE,
    HERE,
    KINDS,
    OUT_OF_SCOPE_FILE,
    OUT_OF_SCOPE_KINDS,
    QUERIES_FILE,
    load_descriptions,
    load_out_of_scope,
    load_queries,
)

HELDOUT = HERE / "heldout"
HELDOUT2 = HERE / "heldout2"
DESCRIPTION_TOP = 5  # the hand-off page shows at most 5 suggestions (issue 20, point 3)
GROUPS = ("with_context", "without_context")
"""Descriptions with a set (and usually a module) selected on the hand-off page, and without."""
PEERS = ("sphinx", "pagefind")


@dataclass(frozen=True)
class JudgedFiles:
    """The three judged sets of one corpus."""

    queries: Path
    out_of_scope: Path
    descriptions: Path


SETS = {
    "sample": JudgedFiles(QUERIES_FILE, OUT_OF_SCOPE_FILE, DESCRIPTIONS_FILE),
    "heldout": JudgedFiles(HELDOUT / "queries.yml", HELDOUT / "out_of_scope.yml", HELDOUT / "descriptions.yml"),
    "heldout2": JudgedFiles(HELDOUT2 / "queries.yml", HELDOUT2 / "out_of_scope.yml",
                            HELDOUT2 / "descriptions.yml"),
}


@dataclass(frozen=True)
class Judged:
    query: str
    kind: str
    source: str
    relevant: tuple[str, ...]  # docnames, best first


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


@dataclass(frozen=True)
class OutOfScope:
    query: str
    kind: str


@dataclass(frozen=True)
class Description:
    query: str
    relevant: tuple[str, ...]  # docnames, best first
    set: str = ""  # slug selected on the hand-off page ("" when none)
    module: str = ""

    @property
    def group(self) -> str:
        return GROUPS[0] if self.set else GROUPS[1]


def docname(reference: str) -> str:
    """A judged article as the rankers name it: ``fiscal/a/b`` (path under the content, no suffix).

    The sets already write docnames; a ``.md``/``.html`` suffix or a leading ``/`` or ``content/``
    is dropped so that a reference written as a path maps to the same name."""
    name = reference.strip().lstrip("/").removeprefix("content/")
    for suffix in (".md", ".html"):
        name = name.removesuffix(suffix)
    return name


def out_of_scope_set(entries: Iterable[Mapping[str, Any]]) -> list[OutOfScope]:
    items = []
    for entry in entries:
        kind = str(entry["kind"])
        if kind not in OUT_OF_SCOPE_KINDS:
            raise ValueError(f"unknown out-of-scope kind {kind!r} for {entry['query']!r}")
        items.append(OutOfScope(str(entry["query"]), kind))
    return items


def description_set(entries: Iterable[Mapping[str, Any]]) -> list[Description]:
    items = []
    for entry in entries:
        relevant = tuple(dedupe(docname(str(r)) for r in entry.get("relevant") or ()))
        if not relevant:
            raise ValueError(f"no judged article for {entry['query']!r}")
        set_slug, module = str(entry.get("set") or ""), str(entry.get("module") or "")
        if module and not set_slug:
            raise ValueError(f"a module without its set for {entry['query']!r}")
        items.append(Description(str(entry["query"]), relevant, set_slug, module))
    return items


@dataclass(frozen=True)
class CorpusSets:
    """A corpus' three judged sets, loaded."""

    files: JudgedFiles
    queries: list[Judged]
    out_of_scope: list[OutOfScope]
    descriptions: list[Description]


def load_sets(name: str, limit: int | None = None) -> CorpusSets:
    files = SETS[name]
    queries = judged_set(load_queries(files.queries))
    out = out_of_scope_set(load_out_of_scope(files.out_of_scope))
    described = description_set(load_descriptions(files.descriptions))
    if limit:
        queries, out, described = queries[:limit], out[:limit], described[:limit]
    return CorpusSets(files, queries, out, described)


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


def no_result_shares(items: Sequence[OutOfScope], rankings: Sequence[Sequence[str]]) -> dict[str, Any]:
    """``{"overall": {n, none, share}, "kinds": {kind: ...}}``: how many got no result at all."""
    def count(pairs: list[bool]) -> dict[str, Any]:
        n, none = len(pairs), sum(pairs)
        return {"n": n, "none": none, "share": round(none / n, 4) if n else 0.0}

    empty = [not r for r in rankings]
    if len(empty) != len(items):
        raise ValueError(f"{len(items)} questions, {len(empty)} rankings")
    kinds = {k: count([e for i, e in zip(items, empty, strict=True) if i.kind == k])
             for k in OUT_OF_SCOPE_KINDS if any(i.kind == k for i in items)}
    return {"overall": count(empty), "kinds": kinds}


def description_summary(rrs: Sequence[float], empty: Sequence[bool]) -> dict[str, Any]:
    n = len(rrs)
    if not n:
        return {"n": 0, "mrr5": 0.0, "success1": 0.0, "success3": 0.0, "no_result": 0.0}
    return {"n": n, "mrr5": round(sum(rrs) / n, 4), "success1": round(sum(rr == 1.0 for rr in rrs) / n, 4),
            "success3": round(sum(rr >= 1 / 3 for rr in rrs) / n, 4), "no_result": round(sum(empty) / n, 4)}


def description_scores(items: Sequence[Description], rankings: Sequence[Sequence[str]]) -> dict[str, Any]:
    """``{"overall": summary, "groups": {group: summary}}``, the reciprocal rank within the first
    :data:`DESCRIPTION_TOP` results."""
    rrs = [max((reciprocal_rank(r, d, DESCRIPTION_TOP) for d in i.relevant), default=0.0)
           for i, r in zip(items, rankings, strict=True)]
    empty = [not r for r in rankings]
    groups = {}
    for group in GROUPS:
        picks = [k for k, i in enumerate(items) if i.group == group]
        if picks:
            groups[group] = description_summary([rrs[k] for k in picks], [empty[k] for k in picks])
    return {"overall": description_summary(rrs, empty), "groups": groups}
