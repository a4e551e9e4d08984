"""Portuguese ordinals, written out and as numerals: built-in synonym groups of every site.

Brazilian texts and readers write an ordinal either way, and both are everyday in a public
service's help desk: "2ª via" and "segunda via" of a bill, "13º salário" and "décimo terceiro",
"1º de janeiro" and "primeiro de janeiro", "3ª parcela" and "terceira parcela". An article that
says one is not found by a reader who types the other: the numeral's index term is "13o", the
words' are "decim" and "terceir". The equivalence is the language's, a closed class like the stop
words, so kbgen holds it instead of asking every author to write it into ``_synonyms.yml``.

Each ordinal from 1 to 99 is one group per gender ("13º" with "décimo terceiro", "13ª" with
"décima terceira"), applied at index time like the author's synonyms (kbgen.search.synonyms): the
browser downloads no table. An author's own entry with the same key replaces the built-in one.
The indicator may be typed "º"/"ª", as the letters "o"/"a" ("13o", "2a") or as a degree sign after
the number ("13°", which kbgen.search.normalise reads as "º"). A group's forms are matched by their
stems, which merge the genders: an article that says "segunda via" is found by "2ª", "2º" and "2°".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

_UNITS = ("", "primeiro", "segundo", "terceiro", "quarto", "quinto", "sexto", "sétimo", "oitavo", "nono")
_TENS = ("", "décimo", "vigésimo", "trigésimo", "quadragésimo", "quinquagésimo", "sexagésimo", "septuagésimo",
         "octogésimo", "nonagésimo")
LARGEST = 99


def _feminine(word: str) -> str:
    return word[:-1] + "a"  # every word above ends in "o": "décimo" → "décima"


def ordinal_synonyms() -> dict[str, list[str]]:
    """``{"13º": ["décimo terceiro"], "13ª": ["décima terceira"], …}`` for 1 to ``LARGEST``."""
    groups: dict[str, list[str]] = {}
    for number in range(1, LARGEST + 1):
        tens, units = divmod(number, 10)
        words = [word for word in (_TENS[tens], _UNITS[units]) if word]
        groups[f"{number}º"] = [" ".join(words)]
        groups[f"{number}ª"] = [" ".join(_feminine(word) for word in words)]
    return groups


ORDINAL_SYNONYMS = ordinal_synonyms()


def with_language_synonyms(site: Mapping[str, Sequence[str]] | None) -> dict[str, Sequence[str]]:
    """The synonym groups a site's index is built with: the built-in ones, then the site's own
    ``_synonyms.yml`` (an entry with the same key replaces the built-in one)."""
    merged: dict[str, Sequence[str]] = dict(ORDINAL_SYNONYMS)
    merged.update(site or {})
    return merged
