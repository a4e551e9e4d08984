"""What readers type in the search box may be personal: e-mail addresses, phone numbers, CPF, CNPJ,
protocol numbers. The report shows queries with those replaced (LGPD's data minimisation, art. 6 III):
what an author needs is that people search for "segunda via boleto [número]", not whose.

Both ``kbgen report`` and ``kbgen pageviews --searches`` mask with it, before anything is kept.

The order matters: invisible characters go first (a zero-width space between digits would hide a
number), then e-mail addresses (which may hold digits), CPF and CNPJ as Receita Federal writes them
(the CNPJ's "/" is no phone separator: "12.345.678/0001-90" left "/0001-90" behind), phone numbers
(digits with separators), and what is left of 5 or more digits in a row (CPF, CNPJ, CEP, protocol,
card) last.
"""

from __future__ import annotations

import re

from kbgen.text import drop_invisible

EMAIL = "[e-mail]"
PHONE = "[telefone]"
NUMBER = "[número]"

_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+\.[^\s@<>()\[\],;:\"]+")
# +55 (11) 91234-5678, 11 3456 7890, 0800 123 4567: 8 or more digits with the separators phone
# numbers are written with. Broader than kbgen/loading/lint.py's _PHONE, which must not flag codes
# in articles: here masking too much costs nothing.
_PHONE = re.compile(r"(?<!\w)\+?\(?\d[\d().\s-]{6,}\d(?!\w)")
# CPF 123.456.789-09 and CNPJ 12.345.678/0001-90, dots and dash optional (Receita Federal's masks)
_DOCUMENT = re.compile(r"(?<!\d)(?:\d{3}\.?\d{3}\.?\d{3}-\d{2}|\d{2}\.?\d{3}\.?\d{3}/\d{4}-?\d{2})(?!\d)")
_DIGITS = re.compile(r"\d{5,}")
_DIGIT = re.compile(r"\d")  # the regexes' own \d: a query without one is left as it is, at once
_SEPARATOR = re.compile(r"[\s().-]")


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    # a date or an amount ("2026 2027", "10.000") is not a phone number: 8 or more digits are
    return PHONE if sum(c.isdigit() for c in text) >= 8 and _SEPARATOR.search(text) else text


def mask(query: str) -> str:
    """``query`` with e-mail addresses, CPF and CNPJ, phone numbers and runs of 5+ digits replaced."""
    query = drop_invisible(query)
    if "@" in query:
        query = _EMAIL.sub(EMAIL, query)
    if _DIGIT.search(query) is None:
        return query
    query = _DOCUMENT.sub(NUMBER, query)
    query = _PHONE.sub(_phone, query)
    return _DIGITS.sub(NUMBER, query)
