"""W3C extended access logs (IIS's default format, also CloudFront's), read as the combined lines
they stand for.

A W3C log declares its own columns: a ``#Fields:`` directive names the fields of the entries that
follow, one entry a line, its values separated by spaces (IIS) or tabs (CloudFront), "-" for an
empty one. A new directive may change the columns mid-file: IIS writes one when its logging
settings change (Log Parser's IISW3C input format follows it the same way). The other directives
(``#Software``, ``#Version``, ``#Date``, ``#Remark``) say nothing about the requests.

The fields kbgen reads, by their W3C names: ``date`` and ``time`` (UTC: IIS and CloudFront both
log it), ``c-ip``, ``cs-username``, ``cs-method``, ``cs-uri-stem``, ``cs-uri-query``, ``sc-status``,
``sc-bytes``, ``cs(Referer)`` and ``cs(User-Agent)``. The first five of ``REQUIRED`` must be
declared; without an agent every request counts as a reader's, as in the common format. IIS writes
a space inside a value as "+" ("Mozilla/5.0+(Windows+NT+10.0;..."); CloudFront %-encodes it. Each
entry is rewritten as the combined line it stands for, so the reducer keeps one parser and one hot
loop; the rewrite runs only for lines that are not combined already.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

DIRECTIVE = b"#"
FIELDS_DIRECTIVE = b"#Fields:"
REQUIRED = (b"date", b"time", b"cs-method", b"cs-uri-stem", b"sc-status")
_MONTHS = (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec")
_EMPTY = b"-"


def _text(value: bytes) -> bytes:
    """A referer or agent as written in a combined line's quotes: IIS's "+" and CloudFront's %20 as
    spaces, and no bare quote (the reducer splits the line on them)."""
    if value == _EMPTY:
        return value
    value = value.replace(b"+", b" ")
    if b"%" in value:
        value = unquote_to_bytes(value)
    return value.replace(b'"', b"%22")


def _stamp(date: bytes, time: bytes) -> bytes | None:
    """``2026-12-01`` ``13:55:36[.123]`` → ``01/Dec/2026:13:55:36 +0000``; None if it is not one."""
    if len(date) != 10 or date[4:5] != b"-" or date[7:8] != b"-" or len(time) < 8 or time[2:3] != b":":
        return None
    year, month, day = date[:4], date[5:7], date[8:10]
    if not (year.isdigit() and month.isdigit() and day.isdigit()) or not 1 <= int(month) <= 12:
        return None
    return b"%s/%s/%s:%s +0000" % (day, _MONTHS[int(month) - 1], year, time[:8])


class W3CFields:
    """The columns one ``#Fields:`` directive declares, and the combined line of an entry."""

    def __init__(self, names: list[bytes]):
        self.count = len(names)
        at = {name.lower(): i for i, name in enumerate(names)}
        self.date, self.time, self.method, self.stem, self.status = (at[name] for name in REQUIRED)
        self.query = at.get(b"cs-uri-query")
        self.host = at.get(b"c-ip")
        self.user = at.get(b"cs-username")
        self.size = at.get(b"sc-bytes")
        self.referer = at.get(b"cs(referer)")
        self.agent = at.get(b"cs(user-agent)")

    @classmethod
    def from_directive(cls, line: bytes) -> W3CFields | None:
        """The columns of ``#Fields: date time …``; None when a field of ``REQUIRED`` is missing."""
        names = line[len(FIELDS_DIRECTIVE):].split()
        if not all(name in {n.lower() for n in names} for name in REQUIRED):
            return None
        return cls(names)

    def _value(self, values: list[bytes], at: int | None) -> bytes:
        return values[at] if at is not None else _EMPTY

    def combined(self, line: bytes) -> bytes | None:
        """The combined line an entry stands for, or None when it is not an entry of these columns
        (then the line is malformed, as any other unreadable line)."""
        values = line.split()  # spaces or tabs; a CRLF file's "\r" goes too
        if len(values) != self.count:
            return None
        stamp = _stamp(values[self.date], values[self.time])
        status = values[self.status]
        if stamp is None or not status.isdigit():
            return None
        target = values[self.stem].replace(b'"', b"%22")
        query = self._value(values, self.query)
        if query != _EMPTY:
            target += b"?" + query.replace(b'"', b"%22")
        size = self._value(values, self.size)
        return b'%s - %s [%s] "%s %s HTTP/1.1" %s %s "%s" "%s"' % (
            self._value(values, self.host), self._value(values, self.user), stamp, values[self.method], target,
            status, size if size.isdigit() else b"0", _text(self._value(values, self.referer)),
            _text(self._value(values, self.agent)))
