"""The results page's query, in Python: ``static/kbgen-search.js``'s ``query(idx, text)`` over lunr.py.

Used by ``kbgen searches`` to tell which logged queries find nothing. Why a port and not the JS
in Node: kbgen is a Python tool, and a help desk running the report should not need a JavaScript
runtime; the port covers only the results page's mode (``prefix: false``), which is what a
logged ``search.html?q=`` ran, and ``tests/search/test_search_golden.py`` holds it to the JS, run
in Node on the same index, query by query. Term lengths and slices count code points where the JS
counts UTF-16 units: the two differ only for characters beyond U+FFFF.

Every step below mirrors a function of the JS (same names); the constants are defined once, in
``kbgen.search.constants``, and written into the shipped JS (``kbgen.search.scripts``). Read the
JS's header comment for why each step exists; ``tests/search/golden_queries.yml`` holds both
engines to the same ranked results.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lunr.query import Query
from lunr.token_set import TokenSet

import kbgen.search.pipeline  # noqa: F401  (registers the pipeline functions the index names)
from kbgen.search.confidence import WordWeight, answering, measure, word_weights
from kbgen.search.constants import (
    ALPHABET,
    COMMON_SHARE,
    DEFAULT_LIMIT,
    EXACT_BOOST,
    FUZZY_BOOST,
    LIVE_PREFIX_SHARE,
    MAX_CORRECTIONS,
    MAX_EXPANDED_WORDS,
    MAX_WALKED_POSTINGS,
    MAX_WORDS,
    MIN_FUZZY,
    MIN_PREFIX,
    MIN_WALKED_POSTINGS,
    PART_BOOST,
    PREFIX_CREDIT,
    PRIOR_WEIGHT,
    SYNONYMS_FIELD,
    TAGS_FIELD,
    TERM_PREFIX_SHARE,
    TITLE_FIELD,
    TYPO_BOOST,
    TYPO_CREDIT,
)
from kbgen.search.normalise import QueryWord, is_stop_word, query_words, stem_term
from kbgen.search.siteindex import SiteIndex

_PLAIN = re.compile(r"[a-z]+")
_UNFINISHED = re.compile(r"[^\W_]\Z")  # the JS's unfinishedWord: text ends in a letter or digit


@dataclass
class _Plan:
    word: QueryWord
    known: bool
    term_prefix: str | None = None
    prefix: str | None = None
    fuzzy: bool = False
    corrections: list[str] = field(default_factory=list)
    completes: bool = False  # the last word, submitted unfinished: its completions count


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
        for letter in ALPHABET:
            if i < n:
                consider(text[:i] + letter + text[i + 1:])
            consider(text[:i] + letter + text[i:])
    return found[:MAX_CORRECTIONS]


def _plan(site: SiteIndex, words: list[QueryWord], unfinished: bool) -> list[_Plan]:
    """The JS's plan(), results-page mode; ``unfinished``: the query ends in the middle of a word."""
    plans = []
    for i, word in enumerate(words):
        p = _Plan(word, word.term != "" and word.term in site.terms)
        plans.append(p)
        if i >= MAX_EXPANDED_WORDS:
            continue
        length = len(word.text)
        shortest_term, shortest_live = math.ceil(length * TERM_PREFIX_SHARE), math.ceil(length * LIVE_PREFIX_SHARE)
        p.completes = unfinished and i == len(words) - 1
        if not p.known:
            p.term_prefix = _longest_term_prefix(site, word.text, max(MIN_PREFIX, shortest_term))
        if not p.known or p.completes:
            shortest = max(MIN_PREFIX if p.completes else MIN_PREFIX + 1, shortest_live)
            p.prefix = _longest_live_prefix(site.sorted_terms, word.text, shortest)
        if p.term_prefix == word.term:
            p.term_prefix = None
        p.fuzzy = not p.known and length >= MIN_FUZZY and len(word.term) >= MIN_PREFIX
        if not p.known and length > MIN_PREFIX and len(word.term) >= MIN_PREFIX:  # 4+ letters (fuzzy: MIN_FUZZY)
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


def _term_credit(p: _Plan, t: str) -> float:
    """The JS's termCredit, results-page mode."""
    if p.word.term and t == p.word.term:
        return 1.0
    if (p.term_prefix and t == p.term_prefix) or (p.prefix and t.startswith(p.prefix)):
        return PREFIX_CREDIT
    if (p.fuzzy and len(t) > MIN_PREFIX and within_one_edit(t, p.word.term)) or t in p.corrections:
        return TYPO_CREDIT
    return 0.0


def _word_credits(plans: list[_Plan], terms: list[str]) -> list[float]:
    """The JS's wordCredits: each plan's credit in a document whose matched terms are ``terms``."""
    has = set(terms)
    out = []
    for p in plans:
        best = max((_term_credit(p, t) for t in terms), default=0.0)
        parts = p.word.parts
        if parts:  # a compound counts by the share of its parts present
            best = max(best, sum(part in has for part in parts) / len(parts))
        out.append(0.0 if best < 1 and p.known and not p.completes else best)
    return out


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


@dataclass
class _Clause:
    term: str
    boost: int
    plan: int
    wildcard: bool = False
    edit_distance: int = 0
    terms: list[str] = field(default_factory=list)


def _terms_with_prefix(site: SiteIndex, prefix: str) -> list[str]:
    at = bisect.bisect_left(site.sorted_terms, prefix)
    out = []
    while at < len(site.sorted_terms) and site.sorted_terms[at].startswith(prefix):
        out.append(site.sorted_terms[at])
        at += 1
    return out


def _terms_within_one_edit(site: SiteIndex, term: str) -> list[str]:
    return sorted(site.index.token_set.intersect(TokenSet.from_fuzzy_string(term, 1)).to_list())


def _clauses(site: SiteIndex, plans: list[_Plan]) -> list[_Clause]:
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
        if c.terms:
            out.append(c)

    for plan_at, p in enumerate(plans):  # noqa: B007  (read by add())
        if p.word.term:
            add(p.word.term, EXACT_BOOST)
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
    if not any(t in narrowed for t in c.terms):
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


def _weights(site: SiteIndex, plans: list[_Plan], clauses: list[_Clause]) -> list[WordWeight]:
    held = [site.document_frequency(p.word.term) if p.known else 0 for p in plans]
    for c in clauses:
        if not plans[c.plan].known:
            held[c.plan] = max([held[c.plan], *(site.document_frequency(t) for t in c.terms)])
    return word_weights(site.document_count, held, len(plans), [p.word.term for p in plans])


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
    plans = _plan(site, words, _UNFINISHED.search(text) is not None)
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
        strengths = _word_strengths(plans, list(found), memo)
        if any(strengths):
            found_in.append((ref, match["score"], found, strengths))
    measured = []
    for ref, score, found, strengths in found_in:
        authored = _word_credits(plans, [t for t in found if found[t] != {SYNONYMS_FIELD}])
        quality, carried = measure(weights, authored, _word_credits(plans, list(found)))
        coverage = sum(s > 0 for s in strengths)
        rank = coverage + (PRIOR_WEIGHT * min(1.0, max(0.0, prior(ref))) if prior else 0.0)
        measured.append((ref, score, found, strengths, quality, carried, rank))
    answers = answering([(q, c) for *_, q, c, _ in measured], len(plans))
    ranked = []
    for (ref, score, found, strengths, quality, _, rank), answer in zip(measured, answers, strict=True):
        terms = list(found)
        in_title = [t for t in terms if found[t] & {TITLE_FIELD, TAGS_FIELD}]
        title_coverage = sum(s > 0 for s in _word_strengths(plans, in_title, memo))
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
