"""The results page's query, in Python: ``static/kbgen-search.js``'s ``query(idx, text)`` over lunr.py.

Used by ``kbgen searches`` to tell which logged queries find nothing. Why a port and not the JS
in Node: kbgen is a Python tool, and a help desk running the report should not need a JavaScript
runtime; the port covers only the results page's mode (``prefix: false``), which is what a
logged ``search.html?q=`` ran, and ``tests/test_popular_searches.py`` holds it to the JS, run in
Node on the same index, query by query. Term lengths and slices count code points where the JS
counts UTF-16 units: the two differ only for characters beyond U+FFFF.

Every step below mirrors a function of the JS (same names, same constants); read the JS's
header comment for why each one exists.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lunr.index import Index
from lunr.query import Query

import kbgen.search.pipeline  # noqa: F401  (registers the pipeline functions the index names)
from kbgen.search.index import DOCS_FILE, FULL_FILE
from kbgen.search.normalise import QueryWord, is_stop_word, query_words, stem_term

EXACT_BOOST = 100
PART_BOOST = 5
TYPO_BOOST = 2
FUZZY_BOOST = 1
MAX_WORDS = 24
MAX_EXPANDED_WORDS = 8
MIN_PREFIX = 3
MIN_FUZZY = 5
MAX_CORRECTIONS = 8
TITLE_FIELDS = ("t", "k")  # title and tags (kbgen.search.index.FIELD_NAMES)
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_PLAIN = re.compile(r"[a-z]+")
_ASSIGNMENT = re.compile(r"d\.(\w+)=(.*);\}\(typeof window", re.S)


@dataclass
class SiteIndex:
    """The results page's index of a built site, and what each ref shows."""

    index: Index
    docs: list[dict[str, str]]
    terms: set[str] = field(init=False)
    sorted_terms: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.terms = set(self.index.inverted_index)
        self.sorted_terms = sorted(self.terms)


def _script_value(path: Path) -> Any:
    """The JSON value a ``kbgen-search-*.js`` file assigns (kbgen.search.jsdata.js_assignment)."""
    match = _ASSIGNMENT.search(path.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{path} is not a kbgen search data file")
    return json.loads(match.group(2))


def load_site_index(site: Path) -> SiteIndex:
    """The index of a built site folder (``kbgen build --out``). Raises FileNotFoundError, ValueError."""
    static = site / "_static"
    return SiteIndex(Index.load(_script_value(static / FULL_FILE)), _script_value(static / DOCS_FILE))


@dataclass
class _Plan:
    word: QueryWord
    known: bool
    term_prefix: str | None = None
    prefix: str | None = None
    fuzzy: bool = False
    corrections: list[str] = field(default_factory=list)


def _some_term_starts_with(terms: list[str], prefix: str) -> bool:
    at = bisect.bisect_left(terms, prefix)
    return at < len(terms) and terms[at].startswith(prefix)


def _longest_live_prefix(terms: list[str], word: str, minimum: int) -> str | None:
    for n in range(len(word), minimum - 1, -1):
        if _some_term_starts_with(terms, word[:n]):
            return word[:n]
    return None


def _longest_term_prefix(site: SiteIndex, word: str, minimum: int) -> str | None:
    for n in range(len(word) - 1, minimum - 1, -1):
        if word[:n] in site.terms:
            return word[:n]
    return None


def within_one_edit(a: str, b: str) -> bool:
    """Damerau distance ≤ 1, as the JS's withinOneEdit (and lunr's fuzzy match)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < la and i < lb and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:
            return True
        return a[i:i + 1] == b[i + 1:i + 2] and a[i + 1:i + 2] == b[i:i + 1] and a[i + 2:] == b[i + 2:]
    return a[i + 1:] == b[i:] if la > lb else a[i:] == b[i + 1:]


def _corrections(site: SiteIndex, text: str) -> list[str]:
    if not _PLAIN.fullmatch(text):
        return []
    seen: set[str] = set()
    found: list[str] = []

    def consider(candidate: str) -> None:
        if candidate in seen:
            return
        seen.add(candidate)
        if is_stop_word(candidate):
            return
        term = stem_term(candidate)
        if len(term) > MIN_PREFIX and term in site.terms and term not in found:
            found.append(term)

    n = len(text)
    for i in range(n + 1):
        if i < n:
            consider(text[:i] + text[i + 1:])
        if i < n - 1:
            consider(text[:i] + text[i + 1] + text[i] + text[i + 2:])
        for letter in _ALPHABET:
            if i < n:
                consider(text[:i] + letter + text[i + 1:])
            consider(text[:i] + letter + text[i:])
    return found[:MAX_CORRECTIONS]


def _plan(site: SiteIndex, words: list[QueryWord]) -> list[_Plan]:
    plans = []
    for i, word in enumerate(words):
        p = _Plan(word, word.term != "" and word.term in site.terms)
        plans.append(p)
        if i >= MAX_EXPANDED_WORDS:
            continue
        length = len(word.text)
        if not p.known:
            p.term_prefix = _longest_term_prefix(site, word.text, max(MIN_PREFIX, math.ceil(length / 2)))
            p.prefix = _longest_live_prefix(site.sorted_terms, word.text, max(MIN_PREFIX + 1, math.ceil(length * 0.6)))
        if p.term_prefix == word.term:
            p.term_prefix = None
        p.fuzzy = length >= MIN_FUZZY and len(word.term) >= MIN_PREFIX
        if p.fuzzy and not p.known:
            p.corrections = _corrections(site, word.text)
    return plans


def _term_strength(p: _Plan, t: str) -> int:
    """The JS's termStrength, results-page mode."""
    if p.word.term and t == p.word.term:
        return 2
    if (p.term_prefix and t == p.term_prefix) or (p.prefix and t.startswith(p.prefix)):
        return 1
    if p.fuzzy and len(t) > MIN_PREFIX and within_one_edit(t, p.word.term):
        return 1
    return 1 if t in p.word.parts or t in p.corrections else 0


def _word_strengths(plans: list[_Plan], terms: list[str], memo: dict[str, list[int]]) -> list[int]:
    """The JS's wordStrengths: each plan's strength in a document whose matched terms are ``terms``."""
    best = [0] * len(plans)
    for t in terms:
        if t not in memo:
            memo[t] = [_term_strength(p, t) for p in plans]
        best = [max(a, b) for a, b in zip(best, memo[t], strict=True)]
    has = set(terms)
    out = []
    for p, b in zip(plans, best, strict=True):
        parts = p.word.parts
        if b < 2 and len(parts) > 1 and all(part in has for part in parts):
            b = 2
        out.append(2 if b == 2 else (1 if b == 1 and not p.known else 0))
    return out


@dataclass(frozen=True)
class Result:
    ref: int
    score: float
    coverage: int


def search(site: SiteIndex, text: str, limit: int = 20) -> list[Result]:
    """The ranked results of ``text`` on the results page (``limit`` 0: all of them)."""
    seen: set[str] = set()
    words = []
    for word in query_words(text):
        if word.term and word.term not in seen:
            seen.add(word.term)
            words.append(word)
    words = words[:MAX_WORDS]
    if not words:
        return []
    plans = _plan(site, words)
    query = site.index.create_query()
    for p in plans:
        if p.word.term:
            query.term(p.word.term, use_pipeline=False, boost=EXACT_BOOST)
        for part in p.word.parts:
            query.term(part, use_pipeline=False, boost=PART_BOOST)
        if p.term_prefix:
            query.term(p.term_prefix, use_pipeline=False, boost=TYPO_BOOST)
        if p.prefix:
            query.term(p.prefix, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING, boost=TYPO_BOOST)
        if p.fuzzy and not p.known:
            query.term(p.word.term, use_pipeline=False, edit_distance=1, boost=FUZZY_BOOST)
        for correction in p.corrections:
            query.term(correction, use_pipeline=False, boost=TYPO_BOOST)
    ranked = []
    memo: dict[str, list[int]] = {}
    for match in site.index.query(query):
        metadata = match["match_data"].metadata
        terms = list(metadata)
        in_title = [t for t in terms if any(f in metadata[t] for f in TITLE_FIELDS)]
        strengths = _word_strengths(plans, terms, memo)
        coverage = sum(s > 0 for s in strengths)
        if coverage == 0:
            continue
        title_coverage = sum(s > 0 for s in _word_strengths(plans, in_title, memo))
        exact = sum(s == 2 for s in strengths)
        ref = int(match["ref"])
        vector = site.index.field_vectors.get(f"t/{ref}")
        title_only = len(vector.elements) // 2 - sum("t" in metadata[t] for t in terms) if vector else 0
        key = (-coverage, -title_coverage, -exact, title_only, -match["score"], ref)
        ranked.append((key, Result(ref, match["score"], coverage)))
    ranked.sort(key=lambda item: item[0])
    results = [item[1] for item in ranked]
    return results[:limit] if limit > 0 else results
