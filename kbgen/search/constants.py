"""The query engine's tuning, defined once for its two implementations.

``kbgen.search.query`` (Python, the results page's mode) imports these; the browser's
``static/kbgen-search.js`` has no copy: ``kbgen.search.scripts`` writes them into the script a
site ships. Why each value is what it is: the header comment of ``kbgen-search.js``.
Normalisation's shared data lives with normalisation (``normalise.py``, ``stopwords.py``,
``pipeline.py``) and reaches ``kbgen-normalise.js`` the same way.
"""

from __future__ import annotations

# Language data the engines share with the tuning below (kbgen/search/generalfreq.py says what it is).
from kbgen.search.generalfreq import GENERAL_SHARES as GENERAL_SHARES

# Boosts of a query word's clauses, strongest first.
EXACT_BOOST = 100
PREFIX_BOOST = 10  # as you type: a completion or the word's longest prefix that is a term
PART_BOOST = 5  # a part of a compound ("nfs" of "nfs-e")
TYPO_BOOST = 2  # results page: a term prefix, a live prefix or a one-edit correction of an unknown word
FUZZY_BOOST = 1  # lunr's editDistance 1

MAX_WORDS = 24  # words of a query used at all (a pasted log line stays cheap)
MAX_EXPANDED_WORDS = 8  # words that get prefix and typo expansions
MIN_PREFIX = 3  # letters of the shortest prefix tried
MIN_FUZZY = 5  # letters of the shortest unknown word that gets typo tolerance
MAX_CORRECTIONS = 8  # one-edit variants of a word kept
MAX_EXPANSIONS = 16  # completions of a prefix kept, the most frequent (as you type and on the results page)
# Results page, unknown word of n letters: the longest prefix that is a term has at least
# ceil(n * TERM_PREFIX_SHARE) letters, the longest prefix some term starts with ceil(n * LIVE_PREFIX_SHARE).
TERM_PREFIX_SHARE = 0.5
LIVE_PREFIX_SHARE = 0.6
ALPHABET = "abcdefghijklmnopqrstuvwxyz"  # letters the one-edit corrections insert or substitute

TITLE_FIELD = "t"  # kbgen.search.index.FIELD_NAMES
TAGS_FIELD = "k"

# A term's postings in a field held by more than ceil(COMMON_SHARE * documents), clamped to
# [MIN_WALKED_POSTINGS, MAX_WALKED_POSTINGS], are looked up per document, not walked.
COMMON_SHARE = 0.1
MIN_WALKED_POSTINGS = 100
MAX_WALKED_POSTINGS = 1000

DEFAULT_LIMIT = 20  # results returned when the caller does not say

# Confidence (issue 20): a result's quality is the IDF-weighted share of the query's words it
# covers (kbgen/search/confidence.py says why; kbgen-search.js's measure() is the same).
SYNONYMS_FIELD = "s"  # kbgen.search.index.FIELD_NAMES: forms the synonyms file added
SYNONYM_CREDIT = 0.75  # a word found only as a synonym the author did not write (times its credit)
# A word of a query of at most PASSING_QUERY_WORDS words found only in a result's body (a passing
# mention, not what the article is about: its title, tags, headings, description, set and module)
PASSING_CREDIT = 0.75  # counts at most this
# Keyword queries: one word past SHORT_QUERY_WORDS, where the answering bar drops from
# ANSWER_QUALITY to LONG_QUERY_QUALITY × (4/5)^1.5 = 0.47; a description (the hand-off's, 8–18
# words) keeps 6 or more words once stop words are dropped, and its solution is in the steps.
PASSING_QUERY_WORDS = 5
BODY_FIELD = "b"  # kbgen.search.index.FIELD_NAMES
PREFIX_CREDIT = 0.75  # a completion of a word submitted unfinished or unknown ("concilia")
TYPO_CREDIT = 0.75  # a one-edit correction of a word the index does not know (one word with a typo answers)
# (a compound's parts count by the share of them present)
COMMON_WORD_SHARE = 0.25  # a word held by more documents than this share cannot carry a result alone
# A result answers a query of up to SHORT_QUERY_WORDS words when its quality reaches ANSWER_QUALITY:
# it may miss at most 30 % of the query's information. 0.65 before 2026-12-06: then 64 out-of-scope
# questions written blind for the sample got a confident answer in 31 % of cases (the first 88, which
# the rule had been tuned on, 15 %), and the second held-out help center in 23 %. At 0.70 the sample's
# 152 questions go 0.783 -> 0.829 unanswered, and, measured afterwards, the held-outs 0.904 -> 0.923
# and 0.771 -> 0.854, at the cost of one known item on the sample (a question with a filler verb,
# quality 0.68) and one on the second held-out. 0.75 gained little more and lost designed behaviours
# in small sites (a question with fillers in a 20-article site no longer answered).
ANSWER_QUALITY = 0.70
ANSWER_SHARE = 0.5  # … and this share of the best result's quality
SHORT_QUERY_WORDS = 4  # longer queries: the threshold is LONG_QUERY_QUALITY × (this / words) ** LONG_QUERY_DECAY,
LONG_QUERY_DECAY = 1.5  # and a word the site knows nothing like weighs (this / words) of its weight
# The long-query threshold keeps its own base: raising it with ANSWER_QUALITY lost descriptions, and
# lowering the decay to compensate answered pasted foreign error messages (a Java stack trace got
# nine answers on the sample instead of one). Long queries are left exactly as they were.
LONG_QUERY_QUALITY = 0.65
# A word the site knows nothing like, right before an article ("onde pego o holerite", "onde o
# servidor vê o holerite"), is most likely the question's verb, not a concept the site lacks: it
# weighs this share. The object after it still weighs in full ("como vacinar o cachorro" stays
# unanswered by its "cachorro"). confidence.word_weights says why. 0.5 until 2026-12-07; 0.25 (chosen
# on the sample: 0.3 changed nothing, 0.25 to 0 the same gain) also answers "como reimprimir a guia
# do ISS que venceu?", whose unknown verb still outweighed the guide's three words.
VERB_LIKE_WEIGHT = 0.25
PRIOR_WEIGHT = 1.0  # the reader's context (prior 1: the selected module) added to the words covered, for ranking
# The reader's context also counts when a result is measured against the best one (ANSWER_SHARE):
# the result's quality × (1 + PRIOR_SHARE_BOOST × prior) against the best's plain quality. A reader
# who came from the NFS-e module and describes a late cancellation is offered that module's article
# even when an e-Sfinge deadline article covers more of the narration. The context only adds
# answers (a result elsewhere is measured as without it: a prior, not a filter) and never lowers
# the threshold ANSWER_QUALITY (it never makes junk answer). Chosen on the sample's descriptions
# (s@3 0.877 -> 0.890; 1, 2 and 3 measure the same, 0.5 less), the held-out's unchanged.
PRIOR_SHARE_BOOST = 1.0
# Long queries (over SHORT_QUERY_WORDS words) rank by the IDF-weighted words covered (quality ×
# words) plus lunr's score as a share of the best result's times RELEVANCE_WEIGHT (query.py's _ranker);
# both rounded to RELEVANCE_DIGITS decimals, as the engines' floats may differ in the last bits.
RELEVANCE_WEIGHT = 2.0
RELEVANCE_DIGITS = 6
