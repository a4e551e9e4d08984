"""Free-text service hours ("Segunda a sexta, das 8h às 18h") read into the data form, as a hint.

A set's ``hours:`` written as text cannot say "aberto agora" and may disagree with the channels'
hours that can; ``check`` warns and shows the data form this module reads from the text, so the
author can paste it. It only *suggests*: the text is still shown as a note, and a text this module
cannot read gets a generic example instead. Plain Python, no Sphinx.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kbgen.handoff.hours import WEEKDAYS

# Day names as people write them, folded (no accents, lower case): "segunda-feira", "seg", "sáb."
_DAY_NAMES = {
    "segunda": 0, "seg": 0, "terca": 1, "ter": 1, "quarta": 2, "qua": 2, "quinta": 3, "qui": 3,
    "sexta": 4, "sex": 4, "sabado": 5, "sab": 5, "domingo": 6, "dom": 6,
}
_DAY = r"(segunda|terca|quarta|quinta|sexta|sabado|domingo|seg|ter|qua|qui|sex|sab|dom)(?:-?feira)?\.?"
_DAY_RANGE = re.compile(rf"\b{_DAY}\s*(?:a|ate|-|–|à)\s*{_DAY}")
_ONE_DAY = re.compile(rf"\b{_DAY}(?!\s*(?:a|ate|-|–)\s*{_DAY})")
_TIME = r"(\d{1,2})(?:[:h](\d{2})?)?\s*h?"
_WINDOW = re.compile(rf"{_TIME}\s*(?:as|a|ate|-|–)\s*{_TIME}")
_EVERY_DAY = re.compile(r"\b(?:todos os dias|diariamente|de domingo a domingo)\b")
_WHOLE_DAY = re.compile(r"\b24\s*h(?:oras)?\b")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("à", "a")


def _time(hours: str, minutes: str | None) -> str | None:
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return f"{h:02d}:{m:02d}"


def _windows(text: str) -> list[str]:
    if _WHOLE_DAY.search(text):
        return ["00:00-24:00"]
    out = []
    for match in _WINDOW.finditer(text):
        start, end = _time(match.group(1), match.group(2)), _time(match.group(3), match.group(4))
        if start is None or end is None or end <= start:
            return []
        out.append(f"{start}-{end}")
    return out


def suggested_hours(text: str) -> dict[str, Any] | None:
    """The ``hours:`` data a free text most likely means, or None when it cannot be read.

    Each clause ("segunda a sexta, das 8h às 12h e das 14h às 18h; sábado, 8h às 12h") names days
    (a range or single days) followed by its windows; a clause without days applies to the days of
    the one before it. Returns ``{"weekly": {"seg-sex": ["08:00-12:00", "14:00-18:00"], "sab": [...]}}``.
    """
    folded = _fold(text)
    # a clause starts at each day name or range
    ranges = [m.span() for m in _DAY_RANGE.finditer(folded)]
    singles = [m.start() for m in _ONE_DAY.finditer(folded) if not any(a <= m.start() < b for a, b in ranges)]
    starts = sorted({a for a, _ in ranges} | set(singles) | {m.start() for m in _EVERY_DAY.finditer(folded)})
    clauses: list[tuple[list[int], list[str]]] = []
    for position, start in enumerate(starts):
        clause = folded[start: starts[position + 1] if position + 1 < len(starts) else len(folded)]
        ranged = _DAY_RANGE.match(clause)
        single = None if ranged else _ONE_DAY.match(clause)
        every = _EVERY_DAY.match(clause)
        if every:
            clauses.append((list(range(7)), _windows(clause[every.end():])))
        elif ranged:
            first, last = _DAY_NAMES[ranged.group(1)], _DAY_NAMES[ranged.group(2)]
            if last < first:
                return None
            clauses.append((list(range(first, last + 1)), _windows(clause[ranged.end():])))
        elif single:
            clauses.append(([_DAY_NAMES[single.group(1)]], _windows(clause[single.end():])))
    # "segunda, quarta e sexta, das 8h às 12h": days without windows share the next clause's
    for i in range(len(clauses) - 2, -1, -1):
        if not clauses[i][1]:
            clauses[i] = (clauses[i][0], clauses[i + 1][1])
    weekly: dict[str, list[str]] = {}
    covered: set[int] = set()
    for days, windows in clauses:
        if not windows or covered & set(days):
            return None
        covered |= set(days)
        key = WEEKDAYS[days[0]] if len(days) == 1 else f"{WEEKDAYS[days[0]]}-{WEEKDAYS[days[-1]]}"
        weekly[key] = windows
    return {"weekly": weekly} if weekly else None


def hours_yaml(hours: dict[str, Any]) -> str:
    """The ``hours:`` data as one line of YAML an author pastes into ``_set.yml`` (messages are one
    line each): ``hours: {weekly: {seg-sex: ["08:00-12:00", "14:00-18:00"]}}``."""
    days = ", ".join(f"{d}: [" + ", ".join(f'"{w}"' for w in windows) + "]" for d, windows in hours["weekly"].items())
    return "hours: {weekly: {" + days + "}}"
