"""A line for a warning Sphinx gave without one.

Some of Sphinx's and MyST's warnings name a document but no line (or line 0, or ``None``): a
reference resolved after reading ("more than one target found for 'any' cross-reference"), a
domain's complaint, a document-wide note. An author cannot act on "somewhere in this file", so the
line is found the way an author would find it: the first line of the file that holds what the
message quotes (the target, the label, the file name); else the first line of the article's body.
"""

from __future__ import annotations

import re
from pathlib import Path

#: What a message quotes: 'target', "target", `target`, or the name after "label" / "target name".
_QUOTED = re.compile(r"'([^'\n]+)'|\"([^\"\n]+)\"|`([^`\n]+)`|\blabel ([^\s,]+)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def quoted_terms(message: str) -> list[str]:
    """What the message quotes, longest first (the most specific match wins)."""
    terms = [next(group for group in match.groups() if group) for match in _QUOTED.finditer(message)]
    return sorted(dict.fromkeys(t.strip() for t in terms if t.strip()), key=len, reverse=True)


def find_line(path: Path, message: str, body_line: int = 1) -> int:
    """The line of ``path`` the message is about: always 1 or more."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff")
    except OSError:
        return max(body_line, 1)
    lines = _LINE_BREAK.split(text)
    for term in quoted_terms(message):
        for candidate in _spellings(term):
            for number, line in enumerate(lines, 1):
                if number >= body_line and candidate in line:
                    return number
    return max(body_line, 1)


def _spellings(term: str) -> list[str]:
    """A target as the author may have written it: as quoted, or without the path Sphinx added
    (``rh/folha/etica`` for ``etica.md``), or as a MyST label ``(term)=``."""
    forms = [term, f"({term})=", term.rsplit("/", 1)[-1], term.removeprefix("#")]
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]
