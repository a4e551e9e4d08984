"""One pass over the logs → everything the report shows, in memory that does not grow with the logs.

The lines are read, merged by time and filtered exactly as ``kbgen pageviews`` does it (the same
reader, :func:`kbgen.pageviews.reduce._file_events`: readers only, crawlers by their user agent,
GETs answered 2xx/304). Counting follows its rules too: a reader (IP + user agent, hashed) counts
once per article — and once per query — in 30 minutes. A vote counts once per nonce, so the
"Não" and the reason sent after it are one vote with its reason.

What is held: articles × days, distinct queries (capped), (query, article) pairs (capped), and the
clients and nonces of the last 30 minutes, evicted as the stream's clock moves on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from kbgen.analytics.requests import SEARCH, VIEW, VOTE, ReportItems
from kbgen.pageviews.paths import Resolution
from kbgen.pageviews.reduce import DISORDER_SECONDS, REPEAT_SECONDS, CrawlerFilter, Stats, _file_events
from kbgen.pageviews.sources import Event, Progress, first_time, merge

#: distinct queries (and query → article pairs) counted; past that, new ones are tallied as "other"
QUERY_LIMIT = 50_000


@dataclass
class Votes:
    yes: int = 0
    no: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.yes + self.no

    @property
    def helpful_share(self) -> float:
        return self.yes / self.total if self.total else 0.0


@dataclass
class Tally:
    daily: dict[str, dict[int, int]] = field(default_factory=dict)  # docname → day ordinal → views
    searches: Counter[str] = field(default_factory=Counter)  # query → searches
    clicks: Counter[tuple[str, str]] = field(default_factory=Counter)  # (query, docname) → views from it
    votes: dict[str, Votes] = field(default_factory=dict)  # docname → votes
    dropped_queries: int = 0  # searches and clicks past QUERY_LIMIT, not tallied per query
    unmatched: Counter[str] = field(default_factory=Counter)
    stats: Stats = field(default_factory=Stats)
    first_day: int | None = None  # of the events counted (within --since/--until)
    last_day: int | None = None

    def views(self) -> dict[str, int]:
        return {doc: sum(days.values()) for doc, days in self.daily.items()}

    def clicked_queries(self) -> Counter[str]:
        opened: Counter[str] = Counter()
        for (query, _doc), n in self.clicks.items():
            opened[query] += n
        return opened


def _ordinal(day: dt.date | None, default: int) -> int:
    return day.toordinal() if day else default


def _count(events: Iterator[Event], tally: Tally, since: dt.date | None, until: dt.date | None) -> None:
    first, last = _ordinal(since, 0), _ordinal(until, 1 << 30)
    stats = tally.stats
    daily, searches, clicks, votes = tally.daily, tally.searches, tally.clicks, tally.votes
    seen: dict[tuple[object, ...], int] = {}  # (client, kind, key) or nonce → time it was counted
    queue: deque[tuple[int, tuple[object, ...]]] = deque()
    now = 0

    def fresh(key: tuple[object, ...], time: int) -> bool:
        """First time in 30 minutes (and remembered from now on)."""
        previous = seen.get(key)
        if previous is not None and -REPEAT_SECONDS < time - previous < REPEAT_SECONDS:
            return False
        if previous is None or time > previous:
            seen[key] = time
            queue.append((time, key))
            if len(seen) > stats.peak_pairs:
                stats.peak_pairs = len(seen)
        return True

    for time, client, item, day in events:
        if time > now:
            now = time
            horizon = now - REPEAT_SECONDS - DISORDER_SECONDS
            while queue and queue[0][0] < horizon:
                stamp, old = queue.popleft()
                if seen.get(old) == stamp:
                    del seen[old]
        if day < first or day > last:
            continue
        kind = item[0]
        if kind == VIEW:
            _, doc, query = item
            if query and fresh((client, "c", doc, query), time):
                if (query, doc) in clicks or len(clicks) < QUERY_LIMIT:
                    clicks[(query, doc)] += 1
                else:
                    tally.dropped_queries += 1
            key = (client, doc)  # inlined fresh(): the most frequent event
            previous = seen.get(key)
            if previous is not None and -REPEAT_SECONDS < time - previous < REPEAT_SECONDS:
                stats.repeats += 1
                continue
            if previous is None or time > previous:
                seen[key] = time
                queue.append((time, key))
                if len(seen) > stats.peak_pairs:
                    stats.peak_pairs = len(seen)
            per_day = daily.get(doc)
            if per_day is None:
                per_day = daily[doc] = {}
            per_day[day] = per_day.get(day, 0) + 1
        elif kind == SEARCH:
            if not fresh((client, SEARCH, item[1]), time):
                stats.repeats += 1
                continue
            if item[1] in searches or len(searches) < QUERY_LIMIT:
                searches[item[1]] += 1
            else:
                tally.dropped_queries += 1
        elif kind == VOTE:
            _, doc, answer, reason, nonce = item
            # one vote per nonce; its reason is a second request with the same nonce
            if not fresh((VOTE, nonce or client, doc, reason), time):
                continue
            counted = votes.get(doc)
            if counted is None:
                counted = votes[doc] = Votes()
            if reason:
                counted.reasons[reason] += 1
            elif answer == "sim":
                counted.yes += 1
            else:
                counted.no += 1
        else:
            continue
        stats.counted += 1
        if tally.first_day is None or day < tally.first_day:
            tally.first_day = day
        if tally.last_day is None or day > tally.last_day:
            tally.last_day = day


def tally_logs(paths: Sequence[Path], resolve: Callable[[str | None], Resolution], prefix: str = "/",
               since: dt.date | None = None, until: dt.date | None = None,
               progress: Progress | None = None) -> Tally:
    """Read the logs at ``paths`` (any order, plain or gzip) once. Raises LogError for unreadable ones."""
    tally = Tally()
    items = ReportItems(resolve, prefix)
    crawlers = CrawlerFilter()

    def opener(path: Path) -> Callable[[], Iterator[Event]]:
        return lambda: chain.from_iterable(_file_events(path, tally.stats, items, crawlers, tally.unmatched,
                                                        progress))

    _count(merge([(first_time(path), opener(path)) for path in paths]), tally, since, until)
    tally.stats.files.sort(key=lambda f: [str(p) for p in paths].index(f.path))  # as given, not as opened
    return tally
