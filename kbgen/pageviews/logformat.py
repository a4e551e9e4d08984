"""One line of an nginx or Apache access log, in the common or combined format (the other formats
kbgen reads are rewritten as combined lines first: kbgen.pageviews.foreign).

``203.0.113.9 - - [10/Oct/2026:13:55:36 -0300] "GET /x.html HTTP/1.1" 200 2326 "ref" "agent"``

Lines are parsed as bytes: a log is not guaranteed to be UTF-8 (a scanner's request line can be
anything), and decoding every line would cost more than the rest of the parse. Only the fields
kbgen needs are captured. Trailing fields that some configurations append (request time,
upstream …) are accepted; lines that do not have the common prefix are *malformed*.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kbgen.pageviews.clients import forwarded_client
from kbgen.pageviews.jsonlines import combined_line

# host ident user [time] "request" status — the common format's fields up to the status. The rest
# (size, and the combined format's "referer" "agent", plus whatever a configuration appends) is
# split off only for the few lines that get that far: a regex over the whole line costs twice as
# much, and one that allows Apache's \" escapes inside quotes ten times as much.
# Groups: 1 host, 2 date, 3 time of day, 4 UTC offset, 5 request, 6 status.
LINE = re.compile(rb'(\S+) \S+ \S+ \[(\d\d/[A-Za-z]{3}/\d{4}):(\d\d:\d\d:\d\d) ([+-]\d{4})\] "([^"]*)" (\d{3}) ')


#: how kbgen's messages name the lines it reads, and the others ("9 lines, 1 not in …")
FORMATS = "a log format kbgen reads (common, combined, JSON lines, W3C extended)"
_SHAPES = ('host - user [time] "request" status size "referer" "agent"; one JSON object a line; or W3C '
           'extended entries after a "#Fields:" directive naming date, time, cs-method, cs-uri-stem and sc-status')


def nothing_read(lines: int, example: str, other_sites: int = 0, host: str | None = None) -> str:
    """The message of a run in which no line of the logs could be read (``example``: the first
    malformed line as ``path:number: text``, or ""; ``other_sites``: lines of virtual hosts other
    than ``host``, the site's, in a vhost_combined log)."""
    if other_sites:
        return (f"none of the {lines:,} lines is a request to {host}: {other_sites:,} are of other virtual hosts "
                "(Apache's vhost_combined format); check that base_url in kb.yml names the host the server "
                "logs (its ServerName)")
    return (f"none of the {lines:,} lines is in {FORMATS} ({_SHAPES})"
            + (f"; the first one: {example}" if example else ""))


def other_sites(lines: int) -> str:
    """What a summary adds for the lines of other virtual hosts an Apache vhost_combined log held."""
    return f", {lines:,} of other virtual hosts left out" if lines else ""


def agent_of(tail: bytes) -> bytes | None:
    """The user agent from what follows the status (``2326 "referer" "agent"``); None without one."""
    parts = tail.split(b'"', 4)
    return parts[3] if len(parts) >= 4 else None


#: the combined format's month names (kbgen.pageviews.w3c writes them too)
MONTH_NAMES = (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec")
_MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Hit:
    """The fields of a parsed line that the reduction uses."""

    host: bytes
    time: int  # seconds since the epoch (UTC)
    day: int  # proleptic ordinal of the date as logged (the server's own calendar day)
    method: bytes
    target: bytes
    status: int
    agent: bytes | None  # None in the common format; b"-" when the client sent none


class Clock:
    """``10/Oct/2026`` ``13:55:36`` ``-0300`` → day ordinal, seconds of the day, offset — each cached:
    a log has few distinct dates, times of day and offsets, and ``datetime.strptime`` is far too
    slow to call on every line. Times are cached by the minute (``minutes``, at most 1,440) and
    the seconds added: a per-second cache, bounded only by the 86,400 seconds of a day, missed on
    half of a busy log's events and grew with it. The reader (``reduce._file_events``) reads
    ``minutes`` directly and adds the seconds itself."""

    def __init__(self) -> None:
        self.days: dict[bytes, int] = {}
        self.minutes: dict[bytes, int] = {}  # ``13:55`` → seconds of the day (the reader's time cache)
        self.offsets: dict[bytes, int] = {}

    def day(self, date: bytes) -> int:
        """Day ordinal of ``10/Oct/2026``; ValueError for an impossible date."""
        ordinal = self.days.get(date)
        if ordinal is None:
            month = _MONTHS.get(date[3:6])
            if month is None:
                raise ValueError(f"unknown month in {date!r}")
            ordinal = dt.date(int(date[7:11]), month, int(date[0:2])).toordinal()
            self.days[date] = ordinal
        return ordinal

    def time_of_day(self, clock: bytes) -> int:
        """Seconds of the day at ``13:55:36``."""
        return self.minute(clock[:5]) + int(clock[6:8])

    def minute(self, hour_minute: bytes) -> int:
        """Seconds of the day at ``13:55``, cached."""
        seconds = self.minutes.get(hour_minute)
        if seconds is None:
            seconds = self.minutes[hour_minute] = int(hour_minute[0:2]) * 3600 + int(hour_minute[3:5]) * 60
        return seconds

    def offset(self, zone: bytes) -> int:
        seconds = self.offsets.get(zone)
        if seconds is None:
            seconds = (int(zone[1:3]) * 3600 + int(zone[3:5]) * 60) * (-1 if zone[:1] == b"-" else 1)
            self.offsets[zone] = seconds
        return seconds

    def seconds(self, day: int, clock: bytes, zone: bytes) -> int:
        """Seconds since the epoch (UTC)."""
        return (day - _EPOCH_ORDINAL) * 86400 + self.time_of_day(clock) - self.offset(zone)

    def parse(self, stamp: bytes) -> tuple[int, int]:
        """``10/Oct/2026:13:55:36 -0300`` → (epoch seconds, day ordinal)."""
        day = self.day(stamp[:11])
        return self.seconds(day, stamp[12:20], stamp[21:26]), day


def parse_line(line: bytes, clock: Clock | None = None) -> Hit | None:
    """A whole line → its fields, or None when it is not a common/combined log line.

    The reducer inlines this for speed; this function is the readable reference (and the test
    oracle) of the same steps.
    """
    match = LINE.match(line)
    if match is None and line[:1] == b"{":  # a JSON-lines log (kbgen.pageviews.jsonlines)
        combined = combined_line(line)
        if combined is not None and LINE.match(combined):
            line = combined
            match = LINE.match(line)
    # (a W3C entry needs its file's #Fields directive: kbgen.pageviews.foreign reads it in context)
    if match is None:
        return None
    host, date, time_of_day, zone, request, status = match.groups()
    tail = line[match.end():].split(b'"', 4)
    agent = tail[3] if len(tail) >= 4 else None
    if len(tail) == 5 and tail[4]:  # more after the agent: kbgen.pageviews.clients
        host = forwarded_client(tail[4]) or host
    clock = clock or Clock()
    try:
        day = clock.day(date)
    except ValueError:
        return None
    time = clock.seconds(day, time_of_day, zone)
    method, _, rest = request.partition(b" ")
    target = rest.split(b" ", 1)[0]
    return Hit(host, time, day, method, target, int(status), agent)


def is_success(status: bytes) -> bool:
    """2xx, or 304 Not Modified (a reader's browser revalidating a page it has: still a view)."""
    return status[:1] == b"2" or status == b"304"


def day_label(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()
