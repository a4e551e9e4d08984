"""Reading log files: plain or gzip (told by their first bytes, not their name), in blocks.

Lines are handed out a block at a time (a list of ``bytes`` per MiB read), so the per-line
work stays a tight loop and memory holds one block per open file, whatever the log's size.
Several files are merged by time (:func:`merge`): rotated logs (``access.log.2.gz``,
``access.log.1``, ``access.log``) in any order, and logs of several servers that overlap.
"""

from __future__ import annotations

import gzip
import heapq
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kbgen.pageviews.foreign import ForeignLines
from kbgen.pageviews.logformat import LINE, Clock

BLOCK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"
# How far the first lines of a file are searched for a timestamp (to order the files).
_PROBE_LINES = 1000

Progress = Callable[[int], None]
#: an event: a tuple whose first item is its time (seconds)
Event = tuple[Any, ...]


class LogError(Exception):
    """A log that cannot be read (missing, truncated gzip …): the message names the file."""


def is_gzip(path: Path) -> bool:
    with path.open("rb") as raw:
        return raw.read(2) == _GZIP_MAGIC


def blocks(path: Path, progress: Progress | None = None) -> Iterator[list[bytes]]:
    """The lines of ``path`` (without their newline), a block at a time. ``progress`` receives
    the bytes of the *file* consumed (compressed bytes for a .gz), for a bar over the inputs."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise LogError(f"{path}: cannot read it ({exc.strerror})") from None
    with raw:
        stream = gzip.GzipFile(fileobj=raw) if raw.read(2) == _GZIP_MAGIC else raw
        raw.seek(0)
        rest = b""
        done = 0
        while True:
            try:
                block = stream.read(BLOCK)
            except (EOFError, OSError, zlib.error) as exc:
                raise LogError(f"{path}: the compressed file is damaged or truncated ({exc})") from None
            if not block:
                break
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
            yield lines
            if progress is not None:
                position = raw.tell()
                progress(position - done)
                done = position
        if rest:
            yield [rest]


def first_time(path: Path) -> int | None:
    """The timestamp of the first parseable line among the first ones, or None."""
    clock = Clock()
    foreign = ForeignLines()  # JSON lines, W3C extended entries (their columns: the file's directives)
    seen = 0
    for lines in blocks(path):
        for line in lines:
            match = LINE.match(line)
            if match is None:
                combined = foreign.combined(line)
                match = LINE.match(combined) if combined else None
            if match is not None:
                try:
                    return clock.seconds(clock.day(match.group(2)), match.group(3), match.group(4))
                except ValueError:
                    pass
            seen += 1
            if seen >= _PROBE_LINES:
                return None
    return None


def merge(streams: Iterable[tuple[int | None, Callable[[], Iterator[Event]]]]) -> Iterator[Event]:
    """Merge time-ordered event streams (tuples starting with a time) into one.

    ``streams`` are (first time, opener) pairs. A stream is opened only when the merge reaches
    its first time, so rotated logs are read one (or two) at a time instead of all at once;
    overlapping ones are interleaved. Streams without a known first time come first. Events of the
    same second come in the order their streams were opened: the heap compares (time, stream
    order) only, never the events themselves (a view's and a search's fields differ in type).
    """
    pending = sorted(streams, key=lambda s: (s[0] is not None, s[0] or 0))
    pending.reverse()  # pop() from the end takes the earliest
    heap: list[tuple[Any, int, Event, Iterator[Event]]] = []  # (time, stream order, event, rest)
    order = 0
    while pending or heap:
        while pending and (not heap or (pending[-1][0] or 0) <= heap[0][0]):
            _first, opener = pending.pop()
            iterator = opener()
            event = next(iterator, None)
            if event is not None:
                heapq.heappush(heap, (event[0], order, event, iterator))
                order += 1
        if not heap:
            continue
        if len(heap) == 1 and not pending:  # the common case: one file left, no heap work per event
            _time, _order, event, iterator = heap.pop()
            yield event
            yield from iterator
            return
        _time, tie, event, iterator = heap[0]
        yield event
        following = next(iterator, None)
        if following is None:
            heapq.heappop(heap)
        else:
            heapq.heapreplace(heap, (following[0], tie, following, iterator))
