"""The query's words planned against the index, and what each index term is worth to each word.

Part of the Python twin of ``static/kbgen-search.js`` (see ``kbgen.search.query``): ``plan_words``
is the JS's ``plan()`` in results-page mode, ``word_strengths`` its ``wordStrengths`` (how many
words a result covers, for ranking) and ``word_credits`` its ``wordCredits`` (how much of each
word it covers, for the confidence rule of ``kbgen.search.confidence``).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from kbgen.search.constants import (
    ALPHABET,
    LIVE_PREFIX_SHARE,
    MAX_CORRECTIONS,
    MAX_EXPANDED_WORDS,
    MIN_FUZZY,
    MIN_PREFIX,
    PASSING_QUERY_WORDS,
    PREFIX_CREDIT,
    TERM_PREFIX_SHARE,
    TYPO_CREDIT,
)
from kbgen.search.normalise import QueryWord, is_stop_word, stem_term
from kbgen.search.siteindex import SiteIndex

_PLAIN = re.compile(r"[a-z]+")
#: a bare number that may be an ordinal typed without its indicator: "2 via" for "2ª via" (kbgen.search.ordinals)
_ORDINAL_NUMBER = re.compile(r"[1-9][0-9]?")
UNFINISHED = re.compile(r"[^\W_]\Z")  # the JS's unfinishedWord: text ends in a letter or digit


@dataclass
class Plan:
    word: QueryWord
    known: bool
    term_prefix: str | None = None
    prefix: str | None = None
    fuzzy: bool = False
    corrections: list[str] = field(default_factory=list)
    completes: bool = False  # the last word, submitted unfinished: its completions count
    forms: list[str] = field(default_factory=list)  # other terms that are this word as written (ordinal_forms)


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


def corrections(site: SiteIndex, text: str) -> list[str]:
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


def ordinal_forms(site: SiteIndex, text: str, words: int) -> list[str]:
    """The index terms of a bare number read as an ordinal ("2" → "2o", "2a": "2º", "2ª"), those the
    site has, in a keyword query (at most ``PASSING_QUERY_WORDS`` of ``words``). Readers type "2 via"
    and "13 salario" for "2ª via" and "13º salário" (a phone keyboard hides "ª" and "º"), and the
    built-in ordinal synonyms (kbgen.search.ordinals) put "2a" on every article that says "segunda
    via": the number counts as found there, as the word itself. In a longer text (a description,
    a pasted message: "registro 10 campo 3 inválido") numbers are codes, amounts and dates, and
    "10" and "3" would reach "décimo terceiro". The JS's ordinalForms."""
    if words > PASSING_QUERY_WORDS or not _ORDINAL_NUMBER.fullmatch(text):
        return []
    return [form for form in (text + "o", text + "a") if form in site.terms]


def plan_words(site: SiteIndex, words: list[QueryWord], unfinished: bool) -> list[Plan]:
    """The JS's plan(), results-page mode; ``unfinished``: the query ends in the middle of a word."""
    plans = []
    for i, word in enumerate(words):
        p = Plan(word, word.term != "" and word.term in site.terms, forms=ordinal_forms(site, word.text, len(words)))
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
            p.corrections = corrections(site, word.text)
    return plans


def _term_strength(p: Plan, t: str) -> int:
    """The JS's termStrength, results-page mode."""
    if (p.word.term and t == p.word.term) or t in p.forms:
        return 2
    if (p.term_prefix and t == p.term_prefix) or (p.prefix and t.startswith(p.prefix)):
        return 1
    if p.fuzzy and len(t) > MIN_PREFIX and within_one_edit(t, p.word.term):
        return 1
    return 1 if t in p.word.parts or t in p.corrections else 0


def _term_credit(p: Plan, t: str) -> float:
    """The JS's termCredit, results-page mode."""
    if (p.word.term and t == p.word.term) or t in p.forms:
        return 1.0
    if (p.term_prefix and t == p.term_prefix) or (p.prefix and t.startswith(p.prefix)):
        return PREFIX_CREDIT
    if (p.fuzzy and len(t) > MIN_PREFIX and within_one_edit(t, p.word.term)) or t in p.corrections:
        return TYPO_CREDIT
    return 0.0


def word_credits(plans: list[Plan], terms: list[str]) -> list[float]:
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


def word_strengths(plans: list[Plan], terms: list[str], memo: dict[str, list[int]]) -> list[int]:
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
