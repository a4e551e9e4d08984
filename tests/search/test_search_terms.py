"""The fast paths of kbgen.search.normalise give what the plain definitions give.

``word_groups`` is one regular expression now, ``text_terms`` gives index and phrase terms in one
pass with per-piece caches, ``SynonymExpander.find`` matches with set operations. Each is held
here to the straightforward version it replaced (kept below as the reference), on the corpus
and on random text made of the characters the rules care about.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from searchhelpers import CONTENT, FIXTURE_CONTENT

from kbgen.search import normalise as N
from kbgen.search.synonyms import SynonymExpander

_WORD_RUN = re.compile(r"[^\W_]+")
_JOINERS = frozenset("-\u2010\u2011_")
_DIGITS = frozenset("0123456789")


def _joins(text: str, at: int) -> bool:
    char = text[at]
    if char in _JOINERS:
        return True
    return char == "." and text[at - 1] in _DIGITS and text[at + 1] in _DIGITS


def reference_word_groups(text: str) -> list[list[str]]:
    """The loop ``word_groups`` used to be: word runs, glued by one joiner or a dot between digits."""
    folded = N.fold(text)
    groups: list[list[str]] = []
    end = -2
    for match in _WORD_RUN.finditer(folded):
        if groups and match.start() == end + 1 and _joins(folded, end):
            groups[-1].append(match.group())
        else:
            groups.append([match.group()])
        end = match.end()
    return groups


def reference_index_terms(text: str) -> list[str]:
    return [term for term in map(N.normalise, N.index_tokens(text)) if term]


def reference_phrase_terms(text: str) -> list[str]:
    return [word.term for word in N.query_words(text, drop_fillers=False)]


def corpus() -> list[str]:
    paths = sorted(CONTENT.rglob("*.md")) if CONTENT.is_dir() else []
    texts = [path.read_text(encoding="utf-8") for path in [*paths, *sorted(FIXTURE_CONTENT.rglob("*.md"))]]
    return [*texts, "NFS-e nfs\u2010e nfs\u2011e a--b a__b _a_ 1.2.3 a.1 1.a 5.102, 12.345.678/0001-90 x-" + "y" * 45,
            "ΑΣ ΑΣ. Σ ﬁm ﬀ ² ½ İstanbul 𝒶𝒷𝒸 \u0301a a\u0301 ´a", ""]


_ALPHABET = st.sampled_from([*"aeçãÉ0195-_.\u2010\u2011 \n\t,;/ΣσİﬁＡ²", "\u0301", "\U00020000", "de ", "NFS-e "])
_TEXTS = st.lists(_ALPHABET, max_size=60).map("".join)


def test_word_groups_on_the_corpus() -> None:
    for text in corpus():
        assert N.word_groups(text) == reference_word_groups(text)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_word_groups_on_random_text(text: str) -> None:
    assert N.word_groups(text) == reference_word_groups(text)


def test_text_terms_on_the_corpus() -> None:
    for text in corpus():
        assert N.text_terms(text) == (reference_index_terms(text), reference_phrase_terms(text))
        assert N.index_terms(text) == reference_index_terms(text)
        assert N.phrase_terms(text) == reference_phrase_terms(text)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_text_terms_on_random_text(text: str) -> None:
    assert N.text_terms(text) == (reference_index_terms(text), reference_phrase_terms(text))
    # lunr.py lower-cases every term it is given: a no-op only because fold lower-cases last
    assert all(term == term.lower() for term in N.text_terms(text)[0])


def reference_find(expander: SynonymExpander, texts: list[str]) -> dict[int, set[tuple[str, ...]]]:
    found: dict[int, set[tuple[str, ...]]] = {}
    for text in texts:
        terms = reference_phrase_terms(text)
        for start, term in enumerate(terms):
            for phrase, group in expander._phrases.get(term, ()):
                if tuple(terms[start : start + len(phrase)]) == phrase:
                    found.setdefault(group, set()).add(phrase)
    return found


_SYNONYMS = {
    "NFS-e": ["nota fiscal de serviço eletrônica", "nota de serviço"],
    "ISS": ["ISSQN", "imposto sobre serviços"],
    "segunda via": ["2ª via", "boleto vencido"],
    "nota": ["aviso"],
}
_WORDS = st.sampled_from(["nota", "fiscal", "de", "serviço", "eletrônica", "iss", "issqn", "nfs-e", "NFSe", "imposto",
                          "sobre", "serviços", "segunda", "via", "2ª", "boleto", "vencido", "aviso", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=12).map(" ".join), max_size=4))
def test_synonym_matching(texts: list[str]) -> None:
    expander = SynonymExpander(_SYNONYMS)
    expected = reference_find(expander, texts)
    assert expander.find(N.phrase_terms(text) for text in texts) == expected
    assert expander.expansion(texts) == expander.render(expected)
