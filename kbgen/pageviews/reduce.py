"""Access logs → daily views per article (or searches per query), readers only.

What counts as one view, in the order the checks run (cheapest first):

1. a line in the common or combined format, or a JSON-lines or W3C extended (IIS) entry read as
   the combined line it stands for (others are *malformed*: counted, a few kept as examples);
2. a GET answered 2xx or 304, of a path under the site's base path;
3. of an article (``resolve``: its own path or one of its aliases) — other pages are skipped,
   pages that match no article are tallied as *unmatched*;
4. not from a crawler (crawlerdetect's list; an absent user agent counts as one);
5. the first view by that client (IP + user agent) of that article in 30 minutes: reloads,
   back-and-forth and tabs left open do not inflate an article. The IP is the first address of an
   X-Forwarded-For the line carries (nginx's "main" format, a JSON log's ``http_x_forwarded_for``,
   a W3C log's ``cs(X-Forwarded-For)``), else the logged one: behind a load balancer that one is
   the balancer's.

Counts are kept per day, so the window (``--window-days``, counted back from the newest logged
day) is applied at the end. Memory holds articles × days plus the (client, article) pairs of the
last 30 minutes, never the log: the pairs are evicted as the stream's clock moves on.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from kbgen import urls
from kbgen.pageviews.clients import forwarded_client
from kbgen.pageviews.crawlers import CrawlerFilter
from kbgen.pageviews.foreign import DIRECTIVE_LINE, OTHER_SITE, ForeignLines
from kbgen.pageviews.logformat import _EPOCH_ORDINAL, LINE, Clock, day_label
from kbgen.pageviews.masking import mask
from kbgen.pageviews.paths import Resolution, any_page, page_key
from kbgen.pageviews.queries import query_value, search_text
from kbgen.pageviews.sources import Event, Progress, blocks, first_time, merge

REPEAT_SECONDS = 30 * 60
# Lines of one file, and lines of several servers' files, are only roughly in time order (Apache
# logs the time a request started, nginx the time it ended): pairs are kept this much longer.
DISORDER_SECONDS = 5 * 60
_EXAMPLES = 3
_UNMATCHED_LIMIT = 10_000  # distinct unmatched paths tallied (a catch-all 200 could make them endless)
_PATH_CACHE_LIMIT = 100_000
#: request targets longer than this are not kept whole in an item cache (a scanner's, a long query
#: string's): with the caches' entry limits this bounds their memory
MEMO_BYTES = 512
_QUESTION_MARK = ord("?")
_TWO_ZEROS = ord("0") * 11  # "SS" → int: tens * 10 + units, each a byte value


@dataclass
class FileStats:
    path: str
    lines: int = 0
    malformed: int = 0
    blank: int = 0
    directives: int = 0  # a W3C log's "#Fields:", "#Date:" … lines
    other_sites: int = 0  # a vhost_combined log's lines of other virtual hosts
    examples: list[tuple[int, str]] = field(default_factory=list)  # (line number, text) of malformed lines

    @property
    def parsed(self) -> int:
        return self.lines - self.malformed - self.blank - self.directives - self.other_sites


@dataclass
class Stats:
    files: list[FileStats] = field(default_factory=list)
    counted: int = 0  # views (or searches) counted, before the window
    crawlers: int = 0
    repeats: int = 0  # same client, same article, within 30 minutes
    peak_pairs: int = 0  # most (client, item) pairs held at once: the memory that depends on traffic
    newest_day: int | None = None
    oldest_day: int | None = None

    @property
    def lines(self) -> int:
        return sum(f.lines for f in self.files)

    @property
    def malformed(self) -> int:
        return sum(f.malformed for f in self.files)

    @property
    def other_sites(self) -> int:
        return sum(f.other_sites for f in self.files)

    @property
    def parsed(self) -> int:
        return sum(f.parsed for f in self.files)


@dataclass
class Reduction:
    daily: dict[str, dict[int, int]]  # item (article docname or query) → day ordinal → count
    unmatched: Counter[str]  # page key → successful reader requests that matched no article
    stats: Stats

    def window(self, days: int) -> tuple[int, int] | None:
        """First and last day of the window (``days`` ≤ 0: every logged day)."""
        newest, oldest = self.stats.newest_day, self.stats.oldest_day
        if newest is None or oldest is None:
            return None
        return (oldest if days <= 0 else max(oldest, newest - days + 1)), newest

    def totals(self, days: int) -> dict[str, int]:
        """Counts per item within the window; items without any are left out."""
        span = self.window(days)
        if span is None:
            return {}
        first = span[0]
        totals = {item: sum(n for day, n in per_day.items() if day >= first) for item, per_day in self.daily.items()}
        return {item: n for item, n in totals.items() if n > 0}

    def window_label(self, days: int) -> str:
        span = self.window(days)
        return f"{day_label(span[0])} to {day_label(span[1])}" if span else "no dates"


class PageItems:
    """Request target → (article, unmatched page key), cached per path and per whole target."""

    def __init__(self, resolve: Callable[[str | None], Resolution], prefix: str):
        self.resolve, self.prefix = resolve, prefix
        self.cache: dict[bytes, tuple[str | None, str | None]] = {}

    def __call__(self, target: bytes) -> tuple[str | None, str | None]:
        path = target.split(b"?", 1)[0]
        known = self.cache.get(path)
        if known is None:
            key = page_key(path.decode("utf-8", "replace"), self.prefix)
            item, unmatched = self.resolve(key)
            known = (item, key if unmatched else None)
        if len(self.cache) >= _PATH_CACHE_LIMIT:
            self.cache.clear()
        self.cache[path] = known
        # the reader looks the whole target up first: a query string (Sphinx's ?v= on assets,
        # utm_… on links) is then one lookup too the next time
        if len(target) <= MEMO_BYTES:
            self.cache[target] = known
        return known


class SearchItems:
    """Request target → the query of a ``search.html?q=…`` request, lower-cased, spaces collapsed, masked."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, target: bytes) -> tuple[str | None, str | None]:
        path, _, query = target.partition(b"?")
        if not query or b"search" not in path or page_key(path.decode("utf-8", "replace"),
                                                          self.prefix) != urls.SEARCH:
            return None, None
        # masked as the report masks (masking.py): the query,searches file is kept, often beside the content
        return (mask(search_text(query_value(query.decode("utf-8", "replace")))) or None), None


#: request target → (item, unmatched page key): PageItems, SearchItems, kbgen.analytics.requests.ReportItems
Items = Callable[[bytes], tuple[Any, str | None]]


def _position(lines: list[bytes], line: bytes) -> int:
    """1-based line number of a malformed line in its block (a JSON line rewritten as combined whose
    date is impossible, e.g. 31/Feb in its time_local, is no longer in the block: 0)."""
    return lines.index(line) + 1 if line in lines else 0


def _file_events(path: Path, stats: Stats, items: Items, crawlers: CrawlerFilter,
                 unmatched: Counter[str], progress: Progress | None,
                 site: str | None = None) -> Iterator[list[Event]]:
    """(time, client, item, day) for every countable request of one file, in file order, a list per block.

    The hot loop: every name it uses per line is a local, the checks that drop most lines come
    first, and the user agent is only split off for the few requests that reach the crawler check.
    """
    file_stats = FileStats(str(path))
    stats.files.append(file_stats)
    clock = Clock()
    foreign = ForeignLines(site)  # the site's host: a vhost_combined line of another host is left out
    days, minutes, offsets = clock.days, clock.minutes, clock.offsets  # read directly; a miss goes through clock
    match = LINE.match
    is_crawler = crawlers.is_crawler
    # request target → answer, for the targets whose answer is known (PageItems, ReportItems): most
    # lines are then one lookup, without cutting the query string or calling ``items``
    known_targets: dict[bytes, tuple[Any, str | None]] | None = getattr(items, "cache", None)
    # ReportItems: an article view without ?q= whose Referer is the results page was a click from
    # that search. Only a Referer with a query string is handed over: "?" is looked for as a byte
    # value (memchr); a bytes needle (b"?" in …) costs ten times as much in CPython 3.11 (callgrind)
    by_referer: Callable[[Any, bytes], Any] | None = getattr(items, "by_referer", None)
    number = 0
    for lines in blocks(path, progress):
        batch: list[Event] = []
        for line in lines:
            m = match(line)
            if m is None:  # JSON lines, W3C extended (IIS): read as the combined line they stand for
                combined = foreign.combined(line)
                if combined == DIRECTIVE_LINE:
                    file_stats.directives += 1
                    continue
                if combined == OTHER_SITE:
                    file_stats.other_sites += 1
                    continue
                if combined is not None and match(combined):
                    line = combined
                    m = match(line)
            if m is not None:
                day = days.get(m.group(2), 0)
                if not day:
                    try:
                        day = clock.day(m.group(2))
                    except ValueError:
                        m = None
            if m is None:
                if not line.strip():
                    file_stats.blank += 1
                else:
                    file_stats.malformed += 1
                    if len(file_stats.examples) < _EXAMPLES:  # rare: the number is looked up only then
                        file_stats.examples.append((number + _position(lines, line),
                                                    line[:200].decode("utf-8", "replace")))
                continue
            status = m.group(6)
            if status[0] != 50 and status != b"304":  # 50 is "2"
                continue
            request = m.group(5)
            if request[:4] != b"GET ":
                continue
            target = request[4:].partition(b" ")[0]
            known = None if known_targets is None else known_targets.get(target)
            item, unmatched_key = items(target) if known is None else known
            if item is None and unmatched_key is None:
                continue
            tail = line[m.end():].split(b'"', 4)  # agent_of(), inlined: size "referer" "agent" …
            agent = tail[3] if len(tail) >= 4 else None
            if is_crawler(agent):
                stats.crawlers += 1
                continue
            if item is None:
                if unmatched_key in unmatched or len(unmatched) < _UNMATCHED_LIMIT:
                    unmatched[unmatched_key] += 1  # type: ignore[index]
                continue
            if by_referer is not None and agent is not None and _QUESTION_MARK in tail[1]:
                item = by_referer(item, tail[1])
            # one call for the three fields; the time of day from its minute (a log has at most
            # 1,440, where its seconds missed a per-second cache on half the events) plus its seconds'
            # two digits, read as byte values
            host, clock_time, zone = m.group(1, 3, 4)
            if len(tail) == 5 and tail[4]:  # more after the agent: nginx's "main" format's X-Forwarded-For
                host = forwarded_client(tail[4]) or host
            seconds = minutes.get(clock_time[:5])
            if seconds is None:
                seconds = clock.minute(clock_time[:5])
            offset = offsets.get(zone)
            if offset is None:
                offset = clock.offset(zone)
            seconds += clock_time[6] * 10 + clock_time[7] - _TWO_ZEROS + (day - _EPOCH_ORDINAL) * 86400 - offset
            batch.append((seconds, hash((host, agent)), item, day))
        number += len(lines)
        file_stats.lines = number
        yield batch
    # The dates seen are the keys of the day cache: no per-line min/max needed.
    if days:
        stats.newest_day = max(stats.newest_day or 0, max(days.values()))
        stats.oldest_day = min(stats.oldest_day or 1 << 30, min(days.values()))


def repeat_window(stats: Stats) -> Callable[[Hashable, int], bool]:
    """``fresh(key, time)``: True the first time ``key`` (a client and what it asked for) is seen in
    30 minutes, and from then on remembered. Keys older than the window (plus the disorder margin)
    are forgotten as the stream's clock moves on, so what is held is the last ~35 minutes' keys,
    not the log's; ``stats.peak_pairs`` records the most held at once. ``kbgen pageviews`` and
    ``kbgen report`` count with this one function (a closure: its state is in locals, the cheapest
    thing to call per event)."""
    last: dict[Hashable, int] = {}  # key → time it was last counted
    queue: deque[tuple[int, Hashable]] = deque()  # the same, in (rough) time order, to evict
    now = 0

    def fresh(key: Hashable, time: int) -> bool:
        nonlocal now
        if time > now:
            now = time
            horizon = now - REPEAT_SECONDS - DISORDER_SECONDS
            while queue and queue[0][0] < horizon:
                stamp, old = queue.popleft()
                if last.get(old) == stamp:
                    del last[old]
        previous = last.get(key)
        if previous is not None and -REPEAT_SECONDS < time - previous < REPEAT_SECONDS:
            return False
        if previous is None or time > previous:
            last[key] = time
            queue.append((time, key))
            if len(last) > stats.peak_pairs:
                stats.peak_pairs = len(last)
        return True

    return fresh


def _count(events: Iterator[Event], stats: Stats) -> dict[str, dict[int, int]]:
    """Daily counts, each (client, item) once per 30 minutes."""
    daily: dict[str, dict[int, int]] = {}
    fresh = repeat_window(stats)
    for time, client, item, day in events:
        if not fresh((client, item), time):
            stats.repeats += 1
            continue
        per_day = daily.get(item)
        if per_day is None:
            per_day = daily[item] = {}
        per_day[day] = per_day.get(day, 0) + 1
        stats.counted += 1
    return daily


def reduce_logs(paths: Sequence[Path], resolve: Callable[[str | None], Resolution] = any_page, prefix: str = "/",
                searches: bool = False, progress: Progress | None = None, host: str | None = None) -> Reduction:
    """Reduce the logs at ``paths`` (any order, plain or gzip). Raises LogError for unreadable ones.

    ``resolve`` maps a page key to an article (:class:`~kbgen.pageviews.paths.ArticleMatcher`);
    with ``searches`` the items are the queries of ``search.html?q=`` requests instead. ``host``
    (the site's ``base_url`` host): the lines of other virtual hosts in an Apache vhost_combined
    log are left out.
    """
    stats = Stats()
    unmatched: Counter[str] = Counter()
    items = SearchItems(prefix) if searches else PageItems(resolve, prefix)
    crawlers = CrawlerFilter()

    def opener(path: Path) -> Callable[[], Iterator[Event]]:
        # chain.from_iterable flattens the blocks' lists in C: no generator step per event
        return lambda: chain.from_iterable(_file_events(path, stats, items, crawlers, unmatched, progress, host))

    streams = [(first_time(path), opener(path)) for path in paths]
    daily = _count(merge(streams), stats)
    stats.files.sort(key=lambda f: [str(p) for p in paths].index(f.path))  # as given, not as opened
    return Reduction(daily, unmatched, stats)
