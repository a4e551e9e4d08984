"""What the index needs to know about one document: its terms, counted, per field.

Everything here depends only on the document and the synonyms, never on the other documents, so
``kbgen.search.cache`` keeps it between builds and a rebuild after one edit analyses one article.
(What does depend on all documents — term numbers, idf, average field lengths — is cheap, and
``kbgen.search.lunrindex`` recomputes it every time.)

An analysis maps a source name to ``term → occurrences`` in order of first occurrence, which is
all lunr's builder ever used of a field's term list: the counts give tf and the field length,
the order gives the term numbers. The sources are the index fields of ``kbgen.search.index``
plus ``SUMMARY_SYNONYMS``: the suggestion index's synonym field covers only what it shows
(title, tags, description), the full index's ``s`` covers everything.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from kbgen.search.normalise import chunk_terms, fold, index_terms, text_terms
from kbgen.search.synonyms import Found, SynonymExpander

if TYPE_CHECKING:
    from kbgen.search.index import SearchDocument

#: Bump when what an analysis contains changes in a way the fingerprint of the source files
#: (kbgen.search.cache) would not see, e.g. a new field or a new meaning of an old one.
ANALYSIS_VERSION = 1

SUMMARY_SYNONYMS = "s:summary"
#: every key of an analysis
SOURCES = frozenset(("t", "k", "h", "d", "c", "b", "s", SUMMARY_SYNONYMS))

Analysis = dict[str, dict[str, int]]
TextTerms = tuple[tuple[str, ...], tuple[str, ...]]


def counted(terms: Iterable[str]) -> dict[str, int]:
    """term → occurrences, in order of first occurrence (Counter keeps insertion order)."""
    return dict(Counter(terms))


class Analyser:
    """Analyses documents for one build, reusing the work on texts that repeat.

    Set and module titles are the same for dozens of articles, tags and headings ("Passo a
    passo") repeat, and the synonym expansions are a handful of distinct strings: those are
    memoised by text. Bodies are not: they are unique, and memoising them would only hold them.
    """

    def __init__(self, expander: SynonymExpander) -> None:
        self._expander = expander
        self._texts: dict[str, TextTerms] = {}
        self._expansions: dict[str, tuple[str, ...]] = {}

    def _text(self, text: str) -> TextTerms:
        known = self._texts.get(text)
        if known is None:
            terms, phrases = text_terms(text)
            known = self._texts[text] = (tuple(terms), tuple(phrases))
        return known

    def _body(self, body: str) -> tuple[dict[str, int], list[str]]:
        """The body's term counts and phrase terms, looking each distinct piece up once
        (``text_terms`` in effect, but a 500-word body has some 250 distinct pieces).

        The counts come out in order of first occurrence, as ``counted(index_terms(body))``: a
        term first occurs in the first-occurring piece that has it, and Counter keeps pieces in
        order of first occurrence.
        """
        chunks = fold(body).split()
        distinct = Counter(chunks)
        counts: dict[str, int] = {}
        for chunk, times in distinct.items():
            for term in chunk_terms(chunk)[0]:
                counts[term] = counts.get(term, 0) + times
        phrases: list[str] = []
        if self._expander:
            phrase_of = {chunk: chunk_terms(chunk)[1] for chunk in distinct}
            phrases = list(itertools.chain.from_iterable(map(phrase_of.__getitem__, chunks)))
        return counts, phrases

    def _expansion_terms(self, phrase_lists: Sequence[Sequence[str]], found: Found) -> tuple[Found, tuple[str, ...]]:
        """Matches more texts into a copy of ``found``; returns it and the terms of its expansion."""
        found = self._expander.find(phrase_lists, {group: set(phrases) for group, phrases in found.items()})
        text = self._expander.render(found)
        terms = self._expansions.get(text)
        if terms is None:
            terms = self._expansions[text] = tuple(index_terms(text))
        return found, terms

    def document(self, doc: SearchDocument) -> Analysis:
        """The analysis of ``doc``: the same terms ``kbgen.search.index._fields`` gives lunr.py."""
        title, tags, description = self._text(doc.title), [self._text(t) for t in doc.tags], self._text(doc.description)
        headings = [self._text(heading) for heading in doc.headings]
        body_counts, body_phrases = self._body(doc.body)
        analysis: Analysis = {
            "t": counted(title[0]),
            "k": counted(term for tag in tags for term in tag[0]),
            "h": counted(term for heading in headings for term in heading[0]),
            "d": counted(description[0]),
            "c": counted(term for text in (doc.set_title, doc.module_title) for term in self._text(text)[0]),
            "b": body_counts,
        }
        summary_terms: tuple[str, ...] = ()
        full_terms: tuple[str, ...] = ()
        if self._expander:
            # The summary texts are matched once, for both indexes; the full index adds the rest.
            found, summary_terms = self._expansion_terms([title[1], *(tag[1] for tag in tags), description[1]], {})
            _, full_terms = self._expansion_terms([*(heading[1] for heading in headings), body_phrases], found)
        analysis["s"] = counted(full_terms)
        analysis[SUMMARY_SYNONYMS] = counted(summary_terms)
        return analysis


def field_counts(analyses: Sequence[Analysis], sources: Mapping[str, str]) -> list[list[dict[str, int]]]:
    """Per document, the counts of each index field (``sources``: field name → analysis source)."""
    keys = list(sources.values())
    return [[analysis[key] for key in keys] for analysis in analyses]
