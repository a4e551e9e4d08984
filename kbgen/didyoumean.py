"""“Did you mean …?”: the closest allowed name to a mistyped one (directives, roles, options, keys).

difflib's ratio rather than an edit distance: it is what Python's own ``get_close_matches`` offers
and it scales with the name's length (a typo in ``admonition`` and one in ``tip`` both count).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: difflib's default cutoff: ``notee`` → ``note`` (0.89) and ``stronng`` → ``strong`` (0.92) match,
#: unrelated names (``naoexiste`` / ``name``, 0.46) do not.
_CUTOFF = 0.6


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word`` (case-insensitively), or None when none is close."""
    by_lower = {candidate.lower(): candidate for candidate in sorted(candidates)}
    found = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=_CUTOFF)
    return by_lower[found[0]] if found else None


def did_you_mean(word: str, candidates: Iterable[str], template: str = "`{}`") -> str:
    """``"; did you mean `note`?"`` (the name as ``template`` writes it), or ``""``."""
    found = closest(word, candidates)
    return f"; did you mean {template.format(found)}?" if found else ""
