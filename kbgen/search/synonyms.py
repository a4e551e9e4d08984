"""Synonyms, applied when the index is built (the browser never sees the mapping).

``_synonyms.yml`` maps jargon to the words readers use: ``{"NFS-e": ["nota fiscal de serviço
eletrônica"], "ISS": ["ISSQN"]}``. Each entry is read as one *group* of equivalent forms, key and
values alike: a document that contains any form of a group (as a phrase: same terms, same order,
stop words ignored, accents and case ignored) is also indexed under every other form of it. So an
article that says "NFS-e" is found by "nota fiscal de serviço", and one that spells out "nota
fiscal de serviço eletrônica" is found by "nfse". Every site also gets the language's own groups
(Portuguese ordinals, kbgen.search.ordinals: "2ª via" and "segunda via"). Expanding the index, not the query, keeps the
browser code and the download free of the mapping, and lets ranking treat the added words like
any other field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kbgen.search.normalise import phrase_terms
from kbgen.search.ordinals import with_language_synonyms

#: group number → the phrases (term tuples) of that group a text mentions
Found = dict[int, set[tuple[str, ...]]]


def _occurs(phrase: tuple[str, ...], terms: Sequence[str]) -> bool:
    """Whether ``phrase`` is a run of ``terms``."""
    first, size = phrase[0], len(phrase)
    start = -1
    try:
        while True:
            start = terms.index(first, start + 1)
            if tuple(terms[start : start + size]) == phrase:
                return True
    except ValueError:
        return False


class SynonymExpander:
    """Finds the synonym groups a text mentions and returns the words to add for them.

    ``expansion(texts)`` is ``render(find(phrase_terms(t) for t in texts))``. The index builder
    calls ``find`` and ``render`` itself: it already has every text's phrase terms (from the same
    pass that gives the index terms), and it matches the summary texts once for both indexes.
    """

    def __init__(self, synonyms: Mapping[str, Sequence[str]] | None = None, *, language: bool = True) -> None:
        """``synonyms``: the site's ``_synonyms.yml``; with ``language`` the built-in groups of
        Portuguese (kbgen.search.ordinals) come first, as every index is built with them."""
        if language:
            synonyms = with_language_synonyms(synonyms)
        self._groups: list[tuple[str, ...]] = []
        # per group, the phrase terms of each of its forms (render needs them for every document)
        self._form_terms: list[tuple[tuple[str, ...], ...]] = []
        # first term → [(phrase terms, group number)], longest phrases first
        self._phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for key in sorted(synonyms or {}):
            values = (synonyms or {})[key]
            if isinstance(values, str):
                raise ValueError(f"synonyms: the value of {key!r} must be a list of phrases, not a string")
            forms = tuple(dict.fromkeys(form.strip() for form in (key, *values) if form.strip()))
            if len(forms) < 2:
                raise ValueError(f"synonyms: {key!r} needs at least one non-empty synonym")
            group = len(self._groups)
            self._groups.append(forms)
            form_terms = []
            for form in forms:
                terms = tuple(phrase_terms(form))
                if not terms:
                    raise ValueError(f"synonyms: {form!r} (in {key!r}) has only stop words, so it can never match")
                form_terms.append(terms)
                self._phrases.setdefault(terms[0], []).append((terms, group))
            self._form_terms.append(tuple(form_terms))
        for candidates in self._phrases.values():
            candidates.sort(key=lambda item: (-len(item[0]), item[0], item[1]))

    def __bool__(self) -> bool:
        return bool(self._groups)

    def find(self, term_lists: Iterable[Sequence[str]], found: Found | None = None) -> Found:
        """The phrases of each group that the texts (as ``phrase_terms`` lists) mention, added to
        ``found`` when given (phrases never span two texts, so texts can be matched in batches)."""
        found = {} if found is None else found
        for terms in term_lists:
            # Only the first terms that occur at all, found with set operations in C: a body has
            # hundreds of words and mentions a few groups, if any.
            for first in self._phrases.keys() & set(terms):
                for phrase, group in self._phrases[first]:
                    if len(phrase) == 1 or _occurs(phrase, terms):
                        found.setdefault(group, set()).add(phrase)
        return found

    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        """Every group's forms as written (key first), in group order: what ``kbgen export-search``
        hands an engine's own synonym settings."""
        return tuple(self._groups)

    def added_forms(self, found: Found) -> list[str]:
        """The forms to index for ``found``: every other form of each group, in group order."""
        added: list[str] = []
        for group in sorted(found):
            # A form already present adds nothing, the others are the point.
            forms = zip(self._groups[group], self._form_terms[group], strict=True)
            added.extend(form for form, terms in forms if terms not in found[group])
        return added

    def render(self, found: Found) -> str:
        """``added_forms`` as one text, the way the index builder analyses them."""
        return " ".join(self.added_forms(found))

    def expansion(self, texts: Iterable[str]) -> str:
        """The forms to index in addition to ``texts``: other forms of every group they mention."""
        return self.render(self.find(phrase_terms(text) for text in texts))
