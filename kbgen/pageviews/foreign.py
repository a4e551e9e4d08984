"""Lines of a log in a format other than the combined one, as the combined lines they stand for:
JSON objects (:mod:`.jsonlines`) and W3C extended entries (:mod:`.w3c`), whose columns a file
declares in its directives. The reducer calls this only for lines the combined format's regex
does not match, so a combined log pays nothing for it."""

from __future__ import annotations

import re

from kbgen.pageviews.jsonlines import combined_line
from kbgen.pageviews.w3c import FIELDS_DIRECTIVE, W3CFields

#: what :meth:`ForeignLines.combined` returns for a W3C directive it took in: no request, not malformed
DIRECTIVE_LINE = b""
_DIRECTIVE = re.compile(rb"#[A-Za-z][A-Za-z-]*:")  # #Software:, #Version:, #Date:, #Fields:, #Remark: …


class ForeignLines:
    """One file's reader of lines in another format (the W3C columns hold for the rest of a file)."""

    def __init__(self) -> None:
        self.w3c: W3CFields | None = None

    def combined(self, line: bytes) -> bytes | None:
        """The combined line ``line`` stands for; ``DIRECTIVE_LINE`` for a W3C directive; None for a
        line in no format kbgen reads (a ``#Fields:`` directive that lacks a field kbgen needs is
        one, so that it is reported with the malformed lines, and the entries after it too)."""
        first = line[:1]
        if first == b"{":
            return combined_line(line)
        if first == b"#":
            if line.startswith(FIELDS_DIRECTIVE):
                self.w3c = W3CFields.from_directive(line)
                return DIRECTIVE_LINE if self.w3c is not None else None
            return DIRECTIVE_LINE if _DIRECTIVE.match(line) else None
        return self.w3c.combined(line) if self.w3c is not None else None
