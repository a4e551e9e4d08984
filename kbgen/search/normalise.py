"""Text → search terms, identical to ``static/kbgen-normalise.js`` (a test holds them to 100 %).

The steps, and why each exists:

``fold``
    delete invisible characters (soft hyphens, zero-width joiners, the BOM: kbgen.text.IGNORABLE;
    a zero-width space is a space), lower case, NFKD, drop the combining diacritics U+0300–U+036F,
    NFC, lower case again. Readers type "declaracao" as often as "declaração"; both must reach the
    same term. Only that block of marks is removed so the rule is the same one-liner in Python and
    JS (no Unicode tables).
``word_groups``
    runs of letters/digits of any script (``[^\\W_]`` here, ``[\\p{L}\\p{N}]`` in JS); runs joined by
    one hyphen or underscore, or by a dot between two digits, form one group: "NFS-e", "e-Sfinge",
    "EST-000206", "5.102".
``index_tokens``
    what the index receives per group: the joined form *and* each part ("nfse", "nfs", "e"), so
    "nfse", "NFSe", "nfs-e" and "NFS-e" all meet at "nfse", and "000206" alone still finds
    "EST-000206". Queries use only the joined form (see ``query_words``).
``normalise``
    trim, drop lunr.pt.js's stop words (compared folded), then for plain a–z words: re-accent a
    dozen common suffixes, Snowball-stem, fold the stem. Folding first loses conflation
    ("declaracao" would not meet "declarações"); putting the accents of the suffixes that
    Snowball's rules look for back before stemming keeps it (SEARCH-NOTES.md). Words with digits or
    other scripts are kept as they are: stemming "est000206" or Greek with Portuguese rules helps
    nobody.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from kbgen.search.stopwords import ARTICLES, QUERY_STOP_PHRASES, QUERY_STOP_WORDS, STOP_WORDS
from kbgen.text import drop_invisible

# Longer tokens are base64 blobs, hashes or URLs squeezed together: they only bloat the index.
MAX_TOKEN_LENGTH = 40

# The diacritics ``fold`` drops: the Combining Diacritical Marks block only (a character range).
COMBINING_MARKS = "\u0300-\u036f"
_COMBINING_MARKS = re.compile(f"[{COMBINING_MARKS}]+")
_WORD_RUN = re.compile(r"[^\W_]+")
# A whole group in one match (what the loop over word runs used to assemble, several times slower):
# runs glued by one hyphen/underscore, or by a dot with an ASCII digit on both sides. Inside a group
# the glue characters are the only non-word characters, so splitting on them gives the parts.
# Characters that join two runs into one group: hyphen-minus, hyphen, non-breaking hyphen, underscore.
JOINERS = "-\u2010\u2011_"
_GROUP = re.compile(r"[^\W_]+(?:(?:[" + re.escape(JOINERS) + r"]|(?<=[0-9])\.(?=[0-9]))[^\W_]+)*")
_GLUE = re.compile("[" + re.escape(JOINERS) + ".]")
_EDGES = re.compile(r"\A[\W_]+|[\W_]+\Z")
_PLAIN_WORD = re.compile(r"[a-z]+")

# (folded ending, accented ending), longest first: the suffixes whose accent Snowball's rules need
# (SEARCH-NOTES.md), plus the conditional verb endings, which are unambiguous. "-áramos",
# "-ávamos", "-íamos" and "-ássemos" are *not* re-accented: "declaramos", "gravamos", "enviamos",
# "passemos" are present tense and would lose their stem ("decl", "gr", "env", "p").
# The plural "-ões" becomes the singular "-ão": Snowball stems "emissão" and "emissões",
# "definição" and "definições" apart (822 such pairs meet in the 275k-word list, none wrongly).
# "-ução" is re-accented (SEARCH-NOTES left it out only to dodge lunr.pt.js's "ución" bug; our
# JS stemmer is a port of the real algorithm), so "devolução" meets "devoluções".
# Not accents, but the same kind of rewrite before stemming: Portuguese spells the c and g of -car
# and -gar verbs qu and gu before e, which Snowball stems apart ("verifique", "cliquei", "paguei"
# against "verificar", "clicar", "pagar"), and its adjective step takes "-ico"/"-ica" from the
# -ificar verbs' "retifico", "verifica" ("retif" against "retific"). Readers narrate in the first
# person and articles say "verifique" and "clique", so these endings are read as the infinitive:
# "-iquem", "-iques", "-ique" → "-icar", "-quei" → "-car", "-guei" → "-gar", "-ifico(s)", "-ifica(s)" →
# "-ificar" (the adjectives "específico", "científico" meet their verbs, as they should). "-que" and
# "-gue" alone are left: "porque", "cheque", "parque" are no verbs, "consegue" is of "conseguir".
REACCENT: tuple[tuple[str, str], ...] = (
    ("ariamos", "aríamos"),
    ("eriamos", "eríamos"),
    ("iriamos", "iríamos"),
    ("encias", "ências"),
    ("ancias", "âncias"),
    ("arieis", "aríeis"),
    ("erieis", "eríeis"),
    ("irieis", "iríeis"),
    ("ificos", "ificar"),
    ("ificas", "ificar"),
    ("encia", "ência"),
    ("ancia", "ância"),
    ("aveis", "áveis"),
    ("iveis", "íveis"),
    ("iquem", "icar"),
    ("iques", "icar"),
    ("ifico", "ificar"),
    ("ifica", "ificar"),
    ("coes", "ção"),
    ("avel", "ável"),
    ("ivel", "ível"),
    ("ique", "icar"),
    ("quei", "car"),
    ("guei", "gar"),
    ("cao", "ção"),
    ("oes", "ão"),
    ("aes", "ães"),
    ("ao", "ão"),
)


# A degree sign right after a number, as phone keyboards offer it on the 0 key, typed for the
# ordinal indicator ("13° salário", "2° via"): read as "º", which NFKD makes "o" (kbgen.search.ordinals
# then finds "décimo terceiro", and "segunda" through its stem). Not before c or f: "30°C".
_DEGREE_ORDINAL = re.compile("([0-9])\u00b0(?![cf])")


def fold(text: str) -> str:
    """Lower-case and strip accents: "Declaração NFS-e" → "declaracao nfs-e"; "13°" → "13o".
    Invisible characters pasted inside words (kbgen.text.IGNORABLE) go first, so "emis\u00adsão"
    is "emissão", not "emis" and the stop word "são"; a zero-width space is a space."""
    text = drop_invisible(text)
    decomposed = unicodedata.normalize("NFKD", _DEGREE_ORDINAL.sub("\\1\u00ba", text.lower()))
    return unicodedata.normalize("NFC", _COMBINING_MARKS.sub("", decomposed)).lower()


def trim(token: str) -> str:
    """Cut everything that is not a letter or digit (of any script) from both ends."""
    return _EDGES.sub("", token)


_FOLDED_STOP_WORDS = frozenset(fold(word) for word in STOP_WORDS)
_FOLDED_QUERY_STOP_WORDS = _FOLDED_STOP_WORDS | frozenset(QUERY_STOP_WORDS)
_ARTICLES = frozenset(ARTICLES)


def is_stop_word(word: str) -> bool:
    """True for lunr.pt.js's stop words, accented or not ("não", "nao", "é")."""
    return fold(word) in _FOLDED_STOP_WORDS


def reaccent(word: str) -> str:
    """Put back the accent of a common suffix of a folded word: "eletronica" stays, "emissoes" → "emissão"."""
    for plain, accented in REACCENT:
        if word.endswith(plain) and len(word) > len(plain):
            return word[: -len(plain)] + accented
    return word


_snowball = snowballstemmer.stemmer("portuguese")


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """The official Snowball Portuguese stemmer (PyStemmer's C code when installed)."""
    return str(_snowball.stemWord(word))


def stem_term(word: str) -> str:
    """fold → re-accent → stem → fold, for plain a–z words; anything else is only folded."""
    folded = fold(word)
    if _PLAIN_WORD.fullmatch(folded) is None:
        return folded
    return fold(stem(reaccent(folded)))


@lru_cache(maxsize=1 << 17)
def normalise(token: str) -> str:
    """One token → its index term, or "" for stop words and punctuation."""
    word = trim(fold(token))
    if not word or word in _FOLDED_STOP_WORDS:
        return ""
    return stem_term(word)


def word_groups(text: str) -> list[list[str]]:
    """Folded words, hyphenated compounds and codes kept together: "NFS-e 5.102" → [[nfs, e], [5, 102]]."""
    return [_GLUE.split(group) for group in _GROUP.findall(fold(text))]


def index_tokens(text: str) -> list[str]:
    """Folded tokens for the index: each group's joined form, then its parts when it has several."""
    tokens: list[str] = []
    for parts in word_groups(text):
        candidates = parts if len(parts) == 1 else ["".join(parts), *parts]
        tokens.extend(token for token in candidates if len(token) <= MAX_TOKEN_LENGTH)
    return tokens


def index_terms(text: str) -> list[str]:
    """The terms lunr stores for ``text`` (``index_tokens`` through ``normalise``)."""
    return text_terms(text)[0]


@lru_cache(maxsize=1 << 17)
def group_terms(group: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One group's index terms (joined form and parts, as ``index_terms``) and its phrase terms
    (as ``phrase_terms``: none for a stop word; the parts' for a group too long to be a term).

    Per group, not per text, so it can be cached: a body is mostly words seen before.
    """
    if group.isalnum():  # one run: the glue characters are the group's only non-alphanumerics
        if len(group) > MAX_TOKEN_LENGTH:
            return (), ()
        term = normalise(group)
        return ((term,) if term else ()), (() if group in _FOLDED_STOP_WORDS else (term,))
    parts = _GLUE.split(group)
    joined = "".join(parts)
    tokens = (token for token in (joined, *parts) if len(token) <= MAX_TOKEN_LENGTH)
    terms = tuple(term for term in map(normalise, tokens) if term)
    if joined in _FOLDED_STOP_WORDS:
        return terms, ()
    if len(joined) > MAX_TOKEN_LENGTH:  # read by its parts, as query_words does
        return terms, tuple(normalise(part) for part in parts
                            if part not in _FOLDED_STOP_WORDS and len(part) <= MAX_TOKEN_LENGTH)
    return terms, (normalise(joined),)


@lru_cache(maxsize=1 << 17)
def chunk_terms(chunk: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``text_terms`` of one whitespace-free piece of *folded* text ("nfs-e,"), cached: a body is
    mostly pieces seen before. Pieces can be analysed apart because a group never spans
    whitespace, and whitespace is never a letter, a digit or glue."""
    terms: list[str] = []
    phrase: list[str] = []
    for group in _GROUP.findall(chunk):
        group_index, group_phrase = group_terms(group)
        terms.extend(group_index)
        phrase.extend(group_phrase)
    return tuple(terms), tuple(phrase)


def text_terms(text: str) -> tuple[list[str], list[str]]:
    """``(index_terms(text), phrase_terms(text))`` from one pass over the word groups.

    The index builder needs both for every text when there are synonyms; computing them apart
    folded and split each body twice and made a ``QueryWord`` per word. The text is folded as a
    whole (folding is not quite local: lower-casing Σ looks at its neighbours), then split at
    whitespace into ``chunk_terms``. Tests hold both lists to the functions they replace.
    """
    terms: list[str] = []
    phrase: list[str] = []
    for chunk in fold(text).split():
        chunk_index, chunk_phrase = chunk_terms(chunk)
        terms.extend(chunk_index)
        phrase.extend(chunk_phrase)
    return terms, phrase


@dataclass(frozen=True)
class QueryWord:
    """One word a reader typed: its folded form, its term, the terms of its parts, and whether an
    article follows it (``stopwords.ARTICLES``: then it is most likely a verb)."""

    text: str
    term: str
    parts: tuple[str, ...]
    before_article: bool = False


def _phrase_positions(groups: list[list[str]], phrases: tuple[tuple[str, ...], ...]) -> set[int]:
    """Positions of the word groups that make up one of ``phrases`` (each a run of one-part groups:
    "boa tarde", not "boa-tarde"). The JS's phrasePositions."""
    words = ["".join(parts) if len(parts) == 1 else "" for parts in groups]
    found: set[int] = set()
    for start in range(len(words)):
        for phrase in phrases:
            if tuple(words[start:start + len(phrase)]) == phrase:
                found.update(range(start, start + len(phrase)))
    return found


def _before_article(groups: list[list[str]], at: int) -> bool:
    """Whether an article follows the group at ``at`` (stopwords.ARTICLES), and not as the pronoun
    of "o que" ("... intermunicipal: o que fazer?"). The JS's beforeArticle."""
    following = groups[at + 1:at + 3]
    return (len(following) > 0 and len(following[0]) == 1 and following[0][0] in _ARTICLES
            and following[1:] != [["que"]])


def query_words(text: str, *, drop_fillers: bool = True) -> list[QueryWord]:
    """Words of a query, without stop words (and, by default, question fillers such as "pra" and
    greetings such as "boa tarde").

    A compound is one word ("nfs-e" → "nfse"), with its part terms kept for the engine to fall
    back on. The browser's ``kbgenNormalise.queryWords`` returns the same list.
    """
    stop = _FOLDED_QUERY_STOP_WORDS if drop_fillers else _FOLDED_STOP_WORDS
    groups = list(word_groups(text))
    greetings = _phrase_positions(groups, QUERY_STOP_PHRASES) if drop_fillers else set()
    words: list[QueryWord] = []
    for at, parts in enumerate(groups):
        joined = "".join(parts)
        if joined in stop or at in greetings:
            continue
        if len(joined) > MAX_TOKEN_LENGTH:
            # a pasted identifier too long to be a term ("ERR_XML_SCHEMA_VALIDATION_FAILED_…"):
            # its parts are the words, as the index keeps them
            words += [QueryWord(part, normalise(part), ()) for part in parts
                      if part not in stop and len(part) <= MAX_TOKEN_LENGTH]
            continue
        part_terms: tuple[str, ...] = ()
        if len(parts) > 1:
            part_terms = tuple(term for term in map(normalise, parts) if term)
        words.append(QueryWord(joined, normalise(joined), part_terms, _before_article(groups, at)))
    return words


def phrase_terms(text: str) -> list[str]:
    """Terms of a phrase as the reader would type it (compounds joined), in order: the terms of
    ``query_words(text, drop_fillers=False)``, without building the words."""
    return text_terms(text)[1]
