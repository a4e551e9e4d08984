"""How much of a query a result answers: the confidence rule both engines apply.

``static/kbgen-search.js`` (``wordWeights``, ``measure`` and the ``answers`` rule in ``query``)
does the same; ``tests/search/golden_queries.yml`` holds the two to the same answering and
partial lists. Why the rule is what it is:

* Each query word weighs its inverse document frequency (BM25's form, always > 0): finding a
  rare word says more about a document than finding a common one. A word the index does not know
  weighs by the most frequent term its expansions reach (typo corrections, prefixes, compound
  parts); a word nothing in the site resembles weighs the most, so a result that misses it misses
  the most specific thing the reader asked ("vacina" in "vacina da gripe no posto de saude").
* A result's quality is the weighted share of the words it covers: the word itself counts 1 (the
  index holds stems: an inflection is the word); a completion of a word submitted unfinished
  ``PREFIX_CREDIT``, a typo correction ``TYPO_CREDIT``, a compound the share of its parts found;
  a form found only among the synonyms the index added, ``SYNONYM_CREDIT`` of that.
* In a keyword query (at most ``PASSING_QUERY_WORDS`` words: its words are its concepts), a word
  found only in an article's body counts at most ``PASSING_CREDIT`` (``body_is_passing``). A body that
  mentions the word in passing ("água" in a guide's note on a watermark, "aposentado" in a list of
  exemptions a discount article does not explain) is weaker evidence than a title, tags,
  headings, description or set and module that hold it. It is a cap, not a factor: a typo
  correction found in the body counts as much as the word itself found there. Then a result whose
  words are all in its body still answers (0.75 reaches ``ANSWER_QUALITY``), but one that also misses part of the
  query no longer does, while an article *about* the query's words may still miss 30 % of it.
  Longer queries keep the body at full credit: a description narrates a problem, and the article
  that solves it holds its words in the steps, not the title. The limit is one word past
  ``SHORT_QUERY_WORDS``: a 5-word query is still a reader's keywords, yet it already gets the long
  queries' lenient bar (0.47), which passing mentions cleared with half a query's words.
* A word held by more than ``COMMON_WORD_SHARE`` of the documents is common: it adds to a
  result's quality but cannot carry it alone. The threshold is a document frequency, never a list.
* A result answers when its quality reaches ``ANSWER_QUALITY`` (less for long queries, from
  ``LONG_QUERY_QUALITY``: ``answer_threshold``) and ``ANSWER_SHARE`` of the best result's (a query that some article
  answers fully does not also "answer" with half matches). On the hand-off page the reader's
  selected set and module raise their results' side of that comparison (``PRIOR_SHARE_BOOST``),
  never the threshold, and never lower another result's.
* Long queries (descriptions, pasted messages) are read as natural language: a word nothing in
  the site resembles weighs less in them (``SHORT_QUERY_WORDS``), as it is more likely narration.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kbgen.search.constants import (
    ANSWER_QUALITY,
    ANSWER_SHARE,
    BODY_FIELD,
    COMMON_WORD_SHARE,
    GENERAL_SHARES,
    LONG_QUERY_DECAY,
    LONG_QUERY_QUALITY,
    PASSING_CREDIT,
    PASSING_QUERY_WORDS,
    PRIOR_SHARE_BOOST,
    SHORT_QUERY_WORDS,
    SYNONYM_CREDIT,
    SYNONYMS_FIELD,
    VERB_LIKE_WEIGHT,
)


@dataclass(frozen=True)
class WordWeight:
    weight: float
    common: bool


def inverse_frequency(documents: int, held: float) -> float:
    """BM25's idf: ln(1 + (N - n + 0.5) / (n + 0.5))."""
    return math.log(1 + (documents - held + 0.5) / (held + 0.5))


def word_weights(
    documents: int, held: Sequence[int], words: int, terms: Sequence[str] | None = None,
    verb_like: Sequence[bool] | None = None,
) -> list[WordWeight]:
    """Each query word's weight and commonness, from how many documents hold it (``held``; 0:
    nothing in the site resembles the word) and, given its term (``terms``), the share of ordinary
    Portuguese texts that hold it (``GENERAL_SHARES``, in thousandths): its document frequency is
    the larger of the two. ``words``: how many words the query has.

    A word nothing in the site resembles that an article follows (``verb_like``: QueryWord's
    ``before_article``) weighs ``VERB_LIKE_WEIGHT`` of that: in Portuguese an article introduces a
    noun, so the word before it is most likely the verb of the question ("onde pego o holerite"),
    which the answering article may say otherwise ("consultar"), while the noun after it keeps its
    full weight and still tells a question the site cannot answer ("como vacinar o cachorro")."""
    unseen = min(1.0, SHORT_QUERY_WORDS / max(1, words))
    out = []
    for n, term, verb in zip(held, terms if terms is not None else [""] * len(held),
                             verb_like if verb_like is not None else [False] * len(held), strict=True):
        estimated = max(float(n), GENERAL_SHARES.get(term, 0) / 1000 * documents)
        weight = inverse_frequency(documents, estimated) * (1.0 if n else unseen * (VERB_LIKE_WEIGHT if verb else 1.0))
        out.append(WordWeight(weight, estimated > COMMON_WORD_SHARE * documents))
    return out


#: the fields whose terms are passing mentions in a short query (``body_is_passing``)
PASSING_FIELDS = frozenset((SYNONYMS_FIELD, BODY_FIELD))


def body_is_passing(words: int) -> bool:
    """Whether a word found only in a result's body is a passing mention (counts at most
    ``PASSING_CREDIT``) in a query of ``words`` words: in keyword queries, up to
    ``PASSING_QUERY_WORDS`` (the module docstring says why). kbgen-search.js's bodyIsPassing."""
    return words <= PASSING_QUERY_WORDS


def measure(weights: Sequence[WordWeight], about: Sequence[float], authored: Sequence[float],
            found: Sequence[float]) -> tuple[float, bool]:
    """(quality, carried) of one result, from each word's credit (kbgen.search.query's word
    credits) over the terms that say what it is about (``about``: ``authored`` without the body's
    passing mentions, when ``body_is_passing``), over the terms the author wrote (``authored``:
    all fields but the synonyms the index added) and over every term it matched (``found``)."""
    total = got = 0.0
    rare = any_rare = False
    for w, main, own, any_form in zip(weights, about, authored, found, strict=True):
        credit = max(main, min(PASSING_CREDIT, own), SYNONYM_CREDIT * any_form)
        total += w.weight
        got += w.weight * credit
        any_rare = any_rare or not w.common
        rare = rare or (credit > 0 and not w.common)
    return (got / total if total > 0 else 0.0), (rare or not any_rare)


def answer_threshold(words: int) -> float:
    """The quality a result needs to answer a query of ``words`` words: ``ANSWER_QUALITY`` up to
    ``SHORT_QUERY_WORDS`` words, then ``LONG_QUERY_QUALITY`` × (SHORT_QUERY_WORDS / words) **
    LONG_QUERY_DECAY: a reader who describes a problem in fifteen words does not expect an article
    to hold them all."""
    if words <= SHORT_QUERY_WORDS:
        return ANSWER_QUALITY
    return LONG_QUERY_QUALITY * float((SHORT_QUERY_WORDS / words) ** LONG_QUERY_DECAY)


def answering(measured: Sequence[tuple[float, bool]], words: int, priors: Sequence[float] | None = None) -> list[bool]:
    """Which results answer a query of ``words`` words, from each one's (quality, carried) and the
    reader's context (each one's prior in [0, 1], when the page has one): a result's quality times
    ``1 + PRIOR_SHARE_BOOST × prior`` is compared with ``ANSWER_SHARE`` of the best plain quality;
    the absolute threshold takes the qualities alone."""
    boosted = [q * (1 + PRIOR_SHARE_BOOST * p) for (q, _), p in zip(measured, priors, strict=True)] if priors \
        else [q for q, _ in measured]
    best = max((q for q, carried in measured if carried), default=0.0)
    threshold = answer_threshold(words)
    return [carried and q >= threshold and b >= ANSWER_SHARE * best
            for (q, carried), b in zip(measured, boosted, strict=True)]
