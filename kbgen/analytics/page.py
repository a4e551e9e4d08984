"""The dashboard: one HTML file that opens offline (no script, no external asset, inline SVG).

It is for the help desk's authors and managers (English, like kbgen's other reports), opened from
disk: its <style> is inline, which the site's CSP would refuse but a local file does not need.
Every text from the content (titles) or from readers (masked queries) is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from kbgen.analytics import charts
from kbgen.analytics.requests import REASONS
from kbgen.analytics.tally import Tally, Votes
from kbgen.loading.lint import REVIEW_SOON_DAYS, review_due
from kbgen.model import Site
from kbgen.pageviews.logformat import day_label
from kbgen.pageviews.paths import key_url

TOP = 20
#: The file's second line: tells kbgen report that it may replace the file (it never overwrites anyone else's)
MARK = "<!-- written by kbgen report -->"
_WEEKLY_AFTER_DAYS = 92  # a longer span is drawn a column per week

REASON_LABELS = {"nao-resolveu": "did not solve it", "dificil": "hard to understand",
                 "desatualizado": "out of date", "outro": "other"}
assert set(REASON_LABELS) == set(REASONS)

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #eee; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: 0.9rem; }
.chart { width: 100%; height: auto; max-width: 640px; display: block; }
.chart .bar, .share .bar { fill: #1a5e9a; } .share .track { fill: #e6edf4; }
.chart .axis, .chart .label { font-size: 11px; fill: #444; }
@media print { h2 { break-after: avoid; } }
@media (max-width: 40rem) { table { display: block; overflow-x: auto; } .share { width: 60px; } }
"""


@dataclass(frozen=True)
class Searched:
    """A query and what the site's search gives for it (kbgen.commands.searches.QueryReport's figures)."""

    query: str
    searches: int
    results: int  # answering results
    partial: int = 0


@dataclass
class Dashboard:
    site: Site
    tally: Tally
    today: dt.date
    sources: Sequence[str]
    no_answer: list[Searched] | None  # None: no built site to run the searches on
    since: dt.date | None = None
    until: dt.date | None = None


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = ()) -> str:
    right = set(numeric)
    cells = "".join(f'<th{" class=n" if i in right else ""}>{escape(h)}</th>' for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f'<td{" class=n" if i in right else ""}>{c}</td>' for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _none(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


class _Titles:
    def __init__(self, site: Site):
        self.site = site

    def link(self, docname: str) -> str:
        """The title, linked to the published article when kb.yml gives base_url (the file is opened
        from anywhere: a site-relative link would lead nowhere)."""
        info = self.site.articles.get(docname)
        title = escape(info.title if info else docname)
        base = self.site.config.base_url
        if not base:
            return f'{title} <span class="note">{escape(key_url(docname))}</span>'
        return f'<a href="{escape(base.rstrip("/") + "/" + key_url(docname))}">{title}</a>'


def _buckets(tally: Tally) -> tuple[list[int], list[str], int]:
    """Day ordinals starting each column, their labels, and the days per column."""
    if tally.first_day is None or tally.last_day is None:
        return [], [], 1
    span = tally.last_day - tally.first_day + 1
    width = 7 if span > _WEEKLY_AFTER_DAYS else 1
    starts = list(range(tally.first_day, tally.last_day + 1, width))
    return starts, [day_label(d) for d in starts], width


def _views_over_time(d: Dashboard) -> str:
    starts, labels, width = _buckets(d.tally)
    if not starts:
        return _none("No article views in the logs for this period.")
    per_set: dict[str, list[int]] = {slug: [0] * len(starts) for slug in d.site.sets}
    first = starts[0]
    for doc, days in d.tally.daily.items():
        info = d.site.articles.get(doc)
        if info is None or info.set_slug not in per_set:
            continue
        column = per_set[info.set_slug]
        for day, n in days.items():
            column[(day - first) // width] += n
    unit = "week" if width == 7 else "day"
    out = [f'<p class="note">Article views per {unit} (each reader counted once per article in 30 minutes).</p>']
    rows = []
    for slug, values in per_set.items():
        title = d.site.sets[slug].title
        out.append(f"<h3>{escape(title)} — {sum(values):,} views</h3>")
        out.append(charts.columns(values, labels, f"Views per {unit}: {title}"))
        rows.append((escape(title), f"{sum(values):,}"))
    out.append(_table(("Set", "Views"), rows, (1,)))
    return "".join(out)


def _top_articles(d: Dashboard, titles: _Titles) -> str:
    views = d.tally.views()
    top = sorted(views.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    if not top:
        return _none("No article views in the logs for this period.")
    named = [(d.site.articles[doc].title if doc in d.site.articles else doc, n) for doc, n in top]
    chart = charts.rows(named, f"The {len(top)} most read articles")
    return chart + _table(("Article", "Views"), ((titles.link(doc), f"{n:,}") for doc, n in top), (1,))


def _helpfulness(d: Dashboard, titles: _Titles) -> str:
    votes = {doc: v for doc, v in d.tally.votes.items() if v.total}
    if not votes:
        return _none("No votes in the logs for this period (see docs/analytics.md: the votes are requests for "
                     "_static/kbgen-voto.gif).")

    def order(item: tuple[str, Votes]) -> tuple[float, int, str]:
        return item[1].helpful_share, -item[1].total, item[0]

    rows = []
    for doc, v in sorted(votes.items(), key=order):
        given = sorted(v.reasons.items(), key=lambda x: (-x[1], x[0]))
        reasons = ", ".join(f"{REASON_LABELS[r]} {n:,}" for r, n in given)
        rows.append((titles.link(doc), f"{v.total:,}", f"{v.yes:,}", f"{v.no:,}",
                     f"{round(100 * v.helpful_share)}% {charts.bar(v.helpful_share)}", escape(reasons) or "—"))
    total = sum(v.total for v in votes.values())
    yes = sum(v.yes for v in votes.values())
    return (f'<p class="note">{total:,} votes on {len(votes):,} articles, {round(100 * yes / total)}% helpful. '
            "Least helpful first.</p>"
            + _table(("Article", "Votes", "Yes", "No", "Helpful", "Reasons given after “No”"), rows, (1, 2, 3)))


def _no_answer(d: Dashboard) -> str:
    if d.no_answer is None:
        return _none("Not known: build the site first (kbgen build) or pass --site: the queries are run on the "
                     "site's own search, as the results page runs them.")
    empty = [r for r in d.no_answer if r.results == 0]
    if not empty:
        return _none("None: every search found at least one answering article.")
    return (f'<p class="note">{len(empty):,} queries, {sum(r.searches for r in empty):,} searches: the articles '
            "to write next.</p>"
            + _table(("Query", "Searches", "Partial results"),
                     ((escape(r.query), f"{r.searches:,}", f"{r.partial:,}") for r in empty[:TOP * 5]), (1, 2)))


def _not_opened(d: Dashboard) -> str:
    opened = d.tally.clicked_queries()
    answered = None if d.no_answer is None else {r.query for r in d.no_answer if r.results}
    rows = [(q, n) for q, n in d.tally.searches.items() if q not in opened and (answered is None or q in answered)]
    rows.sort(key=lambda x: (-x[1], x[0]))
    if not rows:
        return _none("None: every search led some reader to an article.")
    scope = "" if answered is None else " (among the ones that found an answering article)"
    return (f'<p class="note">{len(rows):,} queries{scope} after which no reader opened any article.</p>'
            + _table(("Query", "Searches"), ((escape(q), f"{n:,}") for q, n in rows[:TOP * 5]), (1,)))


def _click_through(d: Dashboard, titles: _Titles) -> str:
    pairs = sorted(d.tally.clicks.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP * 2]
    if not pairs:
        return _none("No article opened from a search in this period.")
    return _table(("Query", "Article opened", "Views"),
                  ((escape(q), titles.link(doc), f"{n:,}") for (q, doc), n in pairs), (2,))


def _unread(d: Dashboard, titles: _Titles) -> str:
    views = d.tally.views()
    unread = [doc for doc in d.site.articles if not views.get(doc)]
    if not unread:
        return _none("None: every article was opened.")
    return _table(("Article", "Set"), ((titles.link(doc), escape(d.site.sets[d.site.articles[doc].set_slug].title))
                                        for doc in unread))


def _review(d: Dashboard, titles: _Titles) -> str:
    soon = d.today + dt.timedelta(days=REVIEW_SOON_DAYS)
    rows = []
    for doc, info in d.site.articles.items():
        if info.review_by is None or info.review_by > soon:
            continue
        state = "overdue" if review_due(info.review_by, d.today) else "due soon"
        rows.append((info.review_by, doc, state))
    if not rows:
        return _none(f"None: no review_by date has passed or comes in the next {REVIEW_SOON_DAYS} days.")
    rows.sort()
    return _table(("Article", "review_by", "State"),
                  ((titles.link(doc), day.isoformat(), state) for day, doc, state in rows))


def render(d: Dashboard) -> str:
    titles = _Titles(d.site)
    t = d.tally
    stats = t.stats
    period = (f"{day_label(t.first_day)} to {day_label(t.last_day)}" if t.first_day is not None
              and t.last_day is not None else "no dates")
    asked = " ".join(x for x in (d.since and f"since {d.since}", d.until and f"until {d.until}") if x)
    sections = [
        ("Views over time, per set", _views_over_time(d)),
        (f"The {TOP} most read articles", _top_articles(d, titles)),
        ("Was this article helpful?", _helpfulness(d, titles)),
        ("Searches with no answering result", _no_answer(d)),
        ("Searches whose results nobody opened", _not_opened(d)),
        ("Which search led to which article", _click_through(d, titles)),
        ("Articles nobody opened", _unread(d, titles)),
        (f"Articles to review (review_by passed, or within {REVIEW_SOON_DAYS} days of {d.today})", _review(d, titles)),
    ]
    body = "".join(f'<section id="s{i}"><h2>{escape(h)}</h2>{html}</section>' for i, (h, html) in enumerate(sections))
    summary = (f"{period}{' (' + asked + ')' if asked else ''}: {len(stats.files)} log file(s), {stats.lines:,} lines; "
               f"{stats.counted:,} reader requests counted, {stats.crawlers:,} by crawlers left out, "
               f"{stats.malformed:,} lines not in the log format. Queries are masked (e-mail addresses, phone "
               "numbers, runs of 5 or more digits); no IP address is kept.")
    return (f"<!DOCTYPE html>\n{MARK}\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(d.site.config.title)} — help center report</title><style>{_STYLE}</style></head><body>"
            f"<h1>{escape(d.site.config.title)} — help center report</h1>"
            f'<p class="note">{escape(summary)}</p>'
            f'<p class="note">Logs: {escape(", ".join(d.sources))}</p>{body}</body></html>\n')
