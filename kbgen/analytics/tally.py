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
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from kbgen.analytics.requests import SEARCH, VIEW, VOTE, ReportItems
from kbgen.pageviews.crawlers import CrawlerFilter
from kbgen.pageviews.paths import Resolution
from kbgen.pageviews.reduce import Stats, _file_events, repeat_window
from kbgen.pageviews.sources import Event, Progress, first_time, merge

#: distinct queries (and query → article pairs) counted; past that, new ones are tallied as "other"
QUERY_LIMIT = 50_000
CLICK = "c"


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
    """The hot loop of the report's counting. Views are counted per day in one dict per day, swapped
    when the (roughly ordered) stream's day changes: a plain view is one window check and one dict
    update, and --since/--until and the days counted are looked at only when the day changes."""
    first, last = _ordinal(since, 0), _ordinal(until, 1 << 30)
    searches, clicks, votes = tally.searches, tally.clicks, tally.votes
    by_day: dict[int, dict[str, int]] = {}  # day → docname → views (turned into tally.daily at the end)
    days_counted: set[int] = set()
    # keys: (client, docname) a view, (client, CLICK, docname, query) a click, (client, (SEARCH,
    # query)) a search, (VOTE, nonce, docname, reason) a vote — pageviews' own 30-minute rule
    fresh = repeat_window(tally.stats)
    counted = repeats = 0
    current, inside, counted_today = -1, False, 0
    views: dict[str, int] = {}
    for time, client, item, day in events:
        if day != current:
            if counted != counted_today:
                days_counted.add(current)
            current, counted_today, inside = day, counted, first <= day <= last
            views = by_day.setdefault(day, {})
        if not inside:
            continue
        if item.__class__ is str:  # a view without a query: most events
            if fresh((client, item), time):
                views[item] = views.get(item, 0) + 1
                counted += 1
            else:
                repeats += 1
            continue
        kind = item[0]
        if kind == SEARCH:
            if not fresh((client, item), time):
                repeats += 1
                continue
            if item[1] in searches or len(searches) < QUERY_LIMIT:
                searches[item[1]] += 1
            else:
                tally.dropped_queries += 1
        elif kind == VIEW:
            _, doc, query = item
            if fresh((client, CLICK, doc, query), time):
                if (query, doc) in clicks or len(clicks) < QUERY_LIMIT:
                    clicks[(query, doc)] += 1
                else:
                    tally.dropped_queries += 1
            if not fresh((client, doc), time):
                repeats += 1
                continue
            views[doc] = views.get(doc, 0) + 1
        elif kind == VOTE:
            _, doc, answer, reason, nonce = item
            # one vote per nonce; its reason is a second request with the same nonce
            if not fresh((VOTE, nonce or client, doc, reason), time):
                continue
            counted_votes = votes.get(doc)
            if counted_votes is None:
                counted_votes = votes[doc] = Votes()
            if reason:
                counted_votes.reasons[reason] += 1
            elif answer == "sim":
                counted_votes.yes += 1
            else:
                counted_votes.no += 1
        else:
            continue
        counted += 1
    if counted != counted_today:
        days_counted.add(current)
    for day, per_doc in sorted(by_day.items()):
        for doc, n in per_doc.items():
            tally.daily.setdefault(doc, {})[day] = n
    tally.stats.counted += counted
    tally.stats.repeats += repeats
    if days_counted:
        tally.first_day, tally.last_day = min(days_counted), max(days_counted)


def tally_logs(paths: Sequence[Path], resolve: Callable[[str | None], Resolution], prefix: str = "/",
               since: dt.date | None = None, until: dt.date | None = None,
               progress: Progress | None = None, host: str | None = None) -> Tally:
    """Read the logs at ``paths`` (any order, plain or gzip) once. Raises LogError for unreadable ones.

    ``host`` is the site's (:func:`~kbgen.analytics.requests.site_host` of its ``base_url``): a
    Referer from another host is then not a click from this site's results page, and another
    virtual host's lines in an Apache vhost_combined log are not this site's requests."""
    tally = Tally()
    items = ReportItems(resolve, prefix, host)
    crawlers = CrawlerFilter()

    def opener(path: Path) -> Callable[[], Iterator[Event]]:
        return lambda: chain.from_iterable(_file_events(path, tally.stats, items, crawlers, Counter(),
                                                        progress, host))

    _count(merge([(first_time(path), opener(path)) for path in paths]), tally, since, until)
    tally.stats.files.sort(key=lambda f: [str(p) for p in paths].index(f.path))  # as given, not as opened
    return tally
