"""The results page's query, in Python: ``static/kbgen-search.js``'s ``query(idx, text)`` over lunr.py.

Used by ``kbgen searches`` to tell which logged queries find nothing. Why a port and not the JS
in Node: kbgen is a Python tool, and a help desk running the report should not need a JavaScript
runtime; the port covers only the results page's mode (``prefix: false``), which is what a
logged ``search.html?q=`` ran, and ``tests/search/test_search_golden.py`` holds it to the JS, run
in Node on the same index, query by query. Term lengths and slices count code points where the JS
counts UTF-16 units: the two differ only for characters beyond U+FFFF.

Every step below and in ``kbgen.search.plan`` mirrors a function of the JS (same names); the
constants are defined once, in ``kbgen.search.constants``, and written into the shipped JS
(``kbgen.search.scripts``). Read the JS's header comment for why each step exists;
``tests/search/golden_queries.yml`` holds both engines to the same ranked results.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from lunr.query import Query
from lunr.token_set import TokenSet

import kbgen.search.pipeline  # noqa: F401  (registers the pipeline functions the index names)
from kbgen.search.confidence import PASSING_FIELDS, WordWeight, answering, body_is_passing, measure, word_weights
from kbgen.search.constants import (
    COMMON_SHARE,
    DEFAULT_LIMIT,
    EXACT_BOOST,
    FUZZY_BOOST,
    MAX_EXPANSIONS,
    MAX_WALKED_POSTINGS,
    MAX_WORDS,
    MIN_WALKED_POSTINGS,
    PART_BOOST,
    PRIOR_WEIGHT,
    RELEVANCE_DIGITS,
    RELEVANCE_WEIGHT,
    SHORT_QUERY_WORDS,
    SYNONYMS_FIELD,
    TAGS_FIELD,
    TITLE_FIELD,
    TYPO_BOOST,
)
from kbgen.search.lunrindex import utf16_order
from kbgen.search.normalise import query_words
from kbgen.search.plan import UNFINISHED, Plan, plan_words, word_credits, word_strengths
from kbgen.search.siteindex import SiteIndex


@dataclass
class _Clause:
    term: str
    boost: int
    plan: int
    wildcard: bool = False
    edit_distance: int = 0
    terms: list[str] = field(default_factory=list)
    capped: bool = False  # a wildcard's terms cut to the MAX_EXPANSIONS most frequent: one clause per term


def _held(site: SiteIndex, term: str) -> int:
    """The JS's documentsHolding: postings over all fields (a document counts once per field)."""
    return sum(_posting_count(site, term, f) for f in site.index.fields)


def _most_frequent(site: SiteIndex, terms: list[str]) -> list[str]:
    """The JS's mostFrequent: the MAX_EXPANSIONS terms held most, ties by term, in term order."""
    kept = sorted(terms, key=lambda t: (-_held(site, t), utf16_order(t)))[:MAX_EXPANSIONS]
    return sorted(kept, key=utf16_order)


def _terms_with_prefix(site: SiteIndex, prefix: str) -> list[str]:
    at = bisect.bisect_left(site.sorted_terms, prefix)
    out = []
    while at < len(site.sorted_terms) and site.sorted_terms[at].startswith(prefix):
        out.append(site.sorted_terms[at])
        at += 1
    return out


def _terms_within_one_edit(site: SiteIndex, term: str) -> list[str]:
    return sorted(site.index.token_set.intersect(TokenSet.from_fuzzy_string(term, 1)).to_list())


def _clauses(site: SiteIndex, plans: list[Plan]) -> list[_Clause]:
    """The JS's clauses(), results-page mode."""
    out: list[_Clause] = []
    plan_at = 0

    def add(term: str, boost: int, how: str = "") -> None:
        c = _Clause(term, boost, plan_at, terms=[term])
        if how == "prefix":
            c.wildcard, c.terms = True, _terms_with_prefix(site, term)
        elif how == "fuzzy":
            c.edit_distance, c.terms = 1, _terms_within_one_edit(site, term)
        c.terms = [t for t in c.terms if t in site.terms]
        if c.wildcard and len(c.terms) > MAX_EXPANSIONS:
            c.terms, c.capped = _most_frequent(site, c.terms), True
        if c.terms:
            out.append(c)

    for plan_at, p in enumerate(plans):  # noqa: B007  (read by add())
        if p.word.term:
            add(p.word.term, EXACT_BOOST)
        for form in p.forms:
            add(form, EXACT_BOOST)
        for part in p.word.parts:
            add(part, PART_BOOST)
        if p.term_prefix:
            add(p.term_prefix, TYPO_BOOST)
        if p.prefix:
            add(p.prefix, TYPO_BOOST, "prefix")
        if p.fuzzy:
            add(p.word.term, FUZZY_BOOST, "fuzzy")
        for correction in p.corrections:
            add(correction, TYPO_BOOST)
    return out


def _posting_count(site: SiteIndex, term: str, field_name: str) -> int:
    return len(site.index.inverted_index[term].get(field_name, {}))


@dataclass(frozen=True)
class _Narrowed:
    walked: list[str]
    looked: list[str]


def _common_limit(site: SiteIndex) -> int:
    return min(MAX_WALKED_POSTINGS, max(MIN_WALKED_POSTINGS, math.ceil(COMMON_SHARE * site.document_count)))


def _narrowed_fields(site: SiteIndex, clauses: list[_Clause]) -> dict[str, _Narrowed]:
    """The JS's clauseFields: a term's postings in a field held by too many documents are looked up, not walked."""
    fields = list(site.index.fields)
    terms = [t for c in clauses for t in c.terms]
    if not terms:
        return {}
    limit = _common_limit(site)
    rarest = min(terms, key=lambda t: (sum(_posting_count(site, t, f) for f in fields), t))
    narrowed: dict[str, _Narrowed] = {}
    for t in terms:
        if t == rarest or t in narrowed:
            continue
        looked = [f for f in fields if _posting_count(site, t, f) > limit]
        if looked:
            narrowed[t] = _Narrowed([f for f in fields if f not in looked], looked)
    return narrowed


def _add_clause(query: Query, c: _Clause, narrowed: dict[str, _Narrowed]) -> None:
    """The JS's addClause: the clause as it is unless one of its terms is narrowed."""
    if not c.capped and not any(t in narrowed for t in c.terms):
        wildcard = Query.WILDCARD_TRAILING if c.wildcard else Query.WILDCARD_NONE
        query.term(c.term, use_pipeline=False, boost=c.boost, wildcard=wildcard, edit_distance=c.edit_distance)
        return
    for t in c.terms:
        if t not in narrowed:
            query.term(t, use_pipeline=False, boost=c.boost)
        elif narrowed[t].walked:  # else looked up only
            query.term(t, use_pipeline=False, boost=c.boost, fields=narrowed[t].walked)


@dataclass(frozen=True)
class Result:
    ref: int
    score: float
    coverage: int
    quality: float
    answers: bool


Prior = Callable[[int], float]


def _weights(site: SiteIndex, plans: list[Plan], clauses: list[_Clause]) -> list[WordWeight]:
    held = [site.document_frequency(p.word.term) if p.known else 0 for p in plans]
    for c in clauses:
        if not plans[c.plan].known:
            held[c.plan] = max([held[c.plan], *(site.document_frequency(t) for t in c.terms)])
    return word_weights(site.document_count, held, len(plans), [p.word.term for p in plans],
                        [p.word.before_article for p in plans])


def _rounded(value: float) -> float:
    """``value`` to RELEVANCE_DIGITS decimals, the same way as kbgen-search.js's rounded(): the two
    engines' floats may differ in the last bits, and a rank must not."""
    scale = 10**RELEVANCE_DIGITS
    return float(math.floor(value * scale + 0.5) / scale)


def _ranker(scores: list[float], words: int) -> Callable[[float, float], float]:
    """A result's rank from (quality, lunr score), before the reader's context
    (kbgen-search.js's rankOf). The IDF-weighted words covered (quality × words) rank: counted
    alone, a filler word ("mês", "sistema") counts as much as the concept ("parcelar"), and an
    article that mentions four words in passing beats the one titled with three of them (until
    2026-12-06 a short query ranked by that count). A long query (a description, a pasted message)
    is read as natural language: the same, graded by lunr's BM25 score as a share of the best
    one's, times RELEVANCE_WEIGHT (rarity, repetition, field)."""
    best = max(scores, default=0.0)
    if words <= SHORT_QUERY_WORDS or best <= 0:
        return lambda quality, _score: _rounded(quality * words)
    return lambda quality, score: _rounded(quality * words) + _rounded(RELEVANCE_WEIGHT * score / best)


def search(
    site: SiteIndex, text: str, limit: int = DEFAULT_LIMIT, *, partial_limit: int = 0, prior: Prior | None = None
) -> list[Result]:
    """The ranked results of ``text`` on the results page: the answering ones (at most ``limit``,
    0: all of them), then at most ``partial_limit`` partial ones (the JS's query())."""
    seen: set[str] = set()
    words = []
    for word in query_words(text):
        if word.term and word.term not in seen:
            seen.add(word.term)
            words.append(word)
    words = words[:MAX_WORDS]
    if not words:
        return []
    plans = plan_words(site, words, UNFINISHED.search(text) is not None)
    clauses = _clauses(site, plans)
    if not clauses:  # lunr reads a query without clauses as "every document"
        return []
    narrowed = _narrowed_fields(site, clauses)
    weights = _weights(site, plans, clauses)
    query = site.index.create_query()
    for clause in clauses:
        _add_clause(query, clause, narrowed)
    found_in: list[tuple[int, float, dict[str, set[str]], list[int]]] = []
    memo: dict[str, list[int]] = {}
    lookups = [(t, f, site.index.inverted_index[t][f]) for t, n in narrowed.items() for f in n.looked]
    for match in site.index.query(query):
        ref = int(match["ref"])
        found = {t: set(fields) for t, fields in match["match_data"].metadata.items()}
        for t, f, postings in lookups:
            if match["ref"] in postings:
                found.setdefault(t, set()).add(f)
        strengths = word_strengths(plans, list(found), memo)
        if any(strengths):
            found_in.append((ref, match["score"], found, strengths))
    passing = body_is_passing(len(plans))  # confidence.py says why
    measured = []
    contexts: list[float] = []
    rank_of = _ranker([score for _, score, _, _ in found_in], len(plans))
    for ref, score, found, strengths in found_in:
        authored = [t for t in found if found[t] != {SYNONYMS_FIELD}]
        about = [t for t in authored if found[t] - PASSING_FIELDS] if passing else authored
        quality, carried = measure(weights, word_credits(plans, about), word_credits(plans, authored),
                                   word_credits(plans, list(found)))
        context = min(1.0, max(0.0, prior(ref))) if prior else 0.0
        rank = rank_of(quality, score) + PRIOR_WEIGHT * context
        measured.append((ref, score, found, strengths, quality, carried, rank))
        contexts.append(context)
    answers = answering([(q, c) for *_, q, c, _ in measured], len(plans), contexts if prior else None)
    ranked = []
    for (ref, score, found, strengths, quality, _, rank), answer in zip(measured, answers, strict=True):
        terms = list(found)
        in_title = [t for t in terms if found[t] & {TITLE_FIELD, TAGS_FIELD}]
        title_coverage = sum(s > 0 for s in word_strengths(plans, in_title, memo))
        exact = sum(s == 2 for s in strengths)
        vector = site.index.field_vectors.get(f"{TITLE_FIELD}/{ref}")
        title_only = len(vector.elements) // 2 - sum(TITLE_FIELD in found[t] for t in terms) if vector else 0
        key = (not answer, -rank, -title_coverage, -exact, title_only, -score, ref)
        ranked.append((key, Result(ref, score, sum(s > 0 for s in strengths), quality, answer)))
    ranked.sort(key=lambda item: item[0])
    results = [item[1] for item in ranked]
    kept = [r for r in results if r.answers]
    kept = kept[:limit] if limit > 0 else kept
    return kept + [r for r in results if not r.answers][:partial_limit]


def context_prior(docs: list[dict[str, str]], set_slug: str, module_slug: str = "") -> Prior:
    """The prior of a reader who selected ``set_slug`` (and ``module_slug``) on the hand-off page:
    1 for the module's articles, 0.5 for the rest of the set, 0 elsewhere (the JS's contextPrior)."""
    def prior(ref: int) -> float:
        parts = docs[ref]["url"].split("/")
        if not set_slug or len(parts) < 3 or parts[0] != set_slug:
            return 0.0
        return 1.0 if module_slug and parts[1] == module_slug else 0.5

    return prior
