"""Synonyms, applied when the index is built (the browser never sees the mapping).

``_synonyms.yml`` maps jargon to the words readers use: ``{"NFS-e": ["nota fiscal de serviço
eletrônica"], "ISS": ["ISSQN"]}``. Each entry is read as one *group* of equivalent forms, key and
values alike: a document that contains any form of a group (as a phrase: same terms, same order,
stop words ignored, accents and case ignored) is also indexed under every other form of it. So an
article that says "NFS-e" is found by "nota fiscal de serviço", and one that spells out "nota
fiscal de serviço eletrônica" is found by "nfse". Expanding the index, not the query, keeps the
browser code and the download free of the mapping, and lets ranking treat the added words like
any other field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kbgen.search.normalise import phrase_terms


class SynonymExpander:
    """Finds the synonym groups a text mentions and returns the words to add for them."""

    def __init__(self, synonyms: Mapping[str, Sequence[str]] | None = None) -> None:
        self._groups: list[tuple[str, ...]] = []
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
            for form in forms:
                terms = tuple(phrase_terms(form))
                if not terms:
                    raise ValueError(f"synonyms: {form!r} (in {key!r}) has only stop words, so it can never match")
                self._phrases.setdefault(terms[0], []).append((terms, group))
        for candidates in self._phrases.values():
            candidates.sort(key=lambda item: (-len(item[0]), item[0], item[1]))

    def __bool__(self) -> bool:
        return bool(self._groups)

    def expansion(self, texts: Iterable[str]) -> str:
        """The forms to index in addition to ``texts``: other forms of every group they mention."""
        found: dict[int, set[tuple[str, ...]]] = {}
        for text in texts:
            terms = phrase_terms(text)
            for start, term in enumerate(terms):
                for phrase, group in self._phrases.get(term, ()):
                    if tuple(terms[start : start + len(phrase)]) == phrase:
                        found.setdefault(group, set()).add(phrase)
        added: list[str] = []
        for group in sorted(found):
            # A form already present adds nothing, the others are the point.
            added.extend(form for form in self._groups[group] if tuple(phrase_terms(form)) not in found[group])
        return " ".join(added)
