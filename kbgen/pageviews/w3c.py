"""W3C extended access logs (IIS's default format, also CloudFront's), read as the combined lines
they stand for.

A W3C log declares its own columns: a ``#Fields:`` directive names the fields of the entries that
follow, one entry a line, its values separated by spaces (IIS) or tabs (CloudFront), "-" for an
empty one. A new directive may change the columns mid-file: IIS writes one when its logging
settings change (Log Parser's IISW3C input format follows it the same way). The other directives
(``#Software``, ``#Version``, ``#Date``, ``#Remark``) say nothing about the requests.

The fields kbgen reads, by their W3C names: ``date`` and ``time`` (UTC: IIS and CloudFront both
log it), ``c-ip``, ``cs-username``, ``cs-method``, ``cs-uri-stem``, ``cs-uri-query``, ``sc-status``,
``sc-bytes``, ``cs(Referer)``, ``cs(User-Agent)`` and, behind a load balancer, the reader's
address in an ``X-Forwarded-For`` custom field (:mod:`.clients`). The fields of ``REQUIRED`` must be
declared; without an agent every request counts as a reader's, as in the common format. IIS writes
a space inside a value as "+" ("Mozilla/5.0+(Windows+NT+10.0;..."); CloudFront %-encodes it. Each
entry is rewritten as the combined line it stands for, so the reducer keeps one parser and one hot
loop; the rewrite runs only for lines that are not combined already.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from kbgen.pageviews.clients import client_address
from kbgen.pageviews.logformat import MONTH_NAMES

FIELDS_DIRECTIVE = b"#Fields:"
REQUIRED = (b"date", b"time", b"cs-method", b"cs-uri-stem", b"sc-status")
_EMPTY = b"-"
_COLON = ord(":")
_CACHE_LIMIT = 50_000  # distinct dates, agents and referers remembered; past that a cache starts over


def _text(value: bytes) -> bytes:
    """A referer or agent as written in a combined line's quotes: IIS's "+" and CloudFront's %20 as
    spaces, and no bare quote (the reducer splits the line on them)."""
    if value == _EMPTY:
        return value
    value = value.replace(b"+", b" ")
    if b"%" in value:
        value = unquote_to_bytes(value)
    return value.replace(b'"', b"%22")


def _day(date: bytes) -> bytes | None:
    """``2026-12-01`` → ``01/Dec/2026``; None if it is not a W3C date."""
    if len(date) != 10 or date[4:5] != b"-" or date[7:8] != b"-":
        return None
    year, month, day = date[:4], date[5:7], date[8:10]
    if not (year.isdigit() and month.isdigit() and day.isdigit()) or not 1 <= int(month) <= 12:
        return None
    return b"%s/%s/%s" % (day, MONTH_NAMES[int(month) - 1], year)


class W3CFields:
    """The columns one ``#Fields:`` directive declares, and the combined line of an entry."""

    def __init__(self, names: list[bytes]):
        self.count = len(names)
        at = {name.lower(): i for i, name in enumerate(names)}
        self.date, self.time, self.method, self.stem, self.status = (at[name] for name in REQUIRED)
        # a field the directive does not declare reads as the "-" appended to each entry's values
        self.query, self.host, self.user, self.size, self.referer, self.agent = (
            at.get(name, -1) for name in (b"cs-uri-query", b"c-ip", b"cs-username", b"sc-bytes", b"cs(referer)",
                                          b"cs(user-agent)"))
        # behind a load balancer: IIS's custom field (named as its administrator named it, usually
        # the header's name) or the W3C request-header form
        self.forwarded = at.get(b"x-forwarded-for", at.get(b"cs(x-forwarded-for)", -1))
        # an IIS log repeats its dates, agents and referers: each is rewritten once
        self._days: dict[bytes, bytes | None] = {}
        self._texts: dict[bytes, bytes] = {}

    @classmethod
    def from_directive(cls, line: bytes) -> W3CFields | None:
        """The columns of ``#Fields: date time …``; None when a field of ``REQUIRED`` is missing."""
        names = line[len(FIELDS_DIRECTIVE):].split()
        declared = {name.lower() for name in names}
        if not all(name in declared for name in REQUIRED):
            return None
        return cls(names)

    def _text(self, value: bytes) -> bytes:
        text = self._texts.get(value)
        if text is None:
            if len(self._texts) >= _CACHE_LIMIT:
                self._texts.clear()
            text = self._texts[value] = _text(value)
        return text

    def combined(self, line: bytes) -> bytes | None:
        """The combined line an entry stands for, or None when it is not an entry of these columns
        (then the line is malformed, as any other unreadable line)."""
        values = line.split()  # spaces or tabs; a CRLF file's "\r" goes too
        if len(values) != self.count:
            return None
        date = values[self.date]
        day = self._days.get(date, _EMPTY)
        if day is _EMPTY:
            if len(self._days) >= _CACHE_LIMIT:
                self._days.clear()
            day = self._days[date] = _day(date)
        time, status = values[self.time], values[self.status]
        if day is None or len(time) < 8 or time[2] != _COLON or time[5] != _COLON or not status.isdigit():
            return None
        values.append(_EMPTY)  # what an undeclared field (index -1) reads
        target = values[self.stem]
        query = values[self.query]
        if query != _EMPTY:
            target += b"?" + query
        if b'"' in target:
            target = target.replace(b'"', b"%22")
        size = values[self.size]
        host = (self.forwarded >= 0 and client_address(values[self.forwarded])) or values[self.host]
        return b'%s - %s [%s:%s +0000] "%s %s HTTP/1.1" %s %s "%s" "%s"' % (
            host, values[self.user], day, time[:8], values[self.method], target, status,
            size if size.isdigit() else b"0", self._text(values[self.referer]), self._text(values[self.agent]))
