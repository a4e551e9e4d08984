"""Lines of a log in a format other than the combined one, as the combined lines they stand for:
JSON objects (:mod:`.jsonlines`), W3C extended entries (:mod:`.w3c`), whose columns a file
declares in its directives, and Apache's ``vhost_combined`` lines (``%v:%p`` before a combined
line: Debian's and Ubuntu's ``other_vhosts_access.log``, which holds every virtual host that has
no log of its own). The reducer calls this only for lines the combined format's regex does not
match, so a combined log pays nothing for it."""

from __future__ import annotations

import re

from kbgen.pageviews.jsonlines import combined_line
from kbgen.pageviews.logformat import LINE
from kbgen.pageviews.w3c import FIELDS_DIRECTIVE, W3CFields

#: what :meth:`ForeignLines.combined` returns for a W3C directive it took in: no request, not malformed
DIRECTIVE_LINE = b""
#: … and for a ``vhost_combined`` line of another virtual host than the site's: not this site's request
OTHER_SITE = b" "
_PORT = re.compile(r":\d+$")
_VHOST = re.compile(rb"([^\s:]+)(?::\d+)? ")  # ServerName[:port], then the combined line
_DIRECTIVE = re.compile(rb"#[A-Za-z][A-Za-z-]*:")  # #Software:, #Version:, #Date:, #Fields:, #Remark: …


class ForeignLines:
    """One file's reader of lines in another format (the W3C columns hold for the rest of a file)."""

    def __init__(self, host: str | None = None) -> None:
        """``host``: the site's (its ``base_url``'s, lower case, any port ignored): a vhost_combined
        line of another virtual host is then left out; without it every virtual host's lines count."""
        self.w3c: W3CFields | None = None
        self.host = _PORT.sub("", host).lower().encode() if host else None

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
        if self.w3c is not None:
            return self.w3c.combined(line)
        return self._vhost_combined(line)

    def _vhost_combined(self, line: bytes) -> bytes | None:
        vhost = _VHOST.match(line)
        if vhost is None or LINE.match(line, vhost.end()) is None:
            return None
        if self.host is not None and vhost.group(1).lower() != self.host:
            return OTHER_SITE
        return line[vhost.end():]
