"""The log reduction alone (plain Python, no content folder): what counts as one view."""

from __future__ import annotations

import datetime as dt
import gzip
import random
from pathlib import Path

import pytest

from kbgen.pageviews.logformat import Clock, parse_line
from kbgen.pageviews.paths import ArticleMatcher, page_key
from kbgen.pageviews.queries import query_value
from kbgen.pageviews.reduce import Reduction, reduce_logs
from kbgen.pageviews.sources import LogError

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
BRT = dt.timezone(dt.timedelta(hours=-3))
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BRT)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
CANCEL = "fiscal/nfe/cancelar"
EMIT = "fiscal/nfe/emitir"


def line(minutes: float = 0, path: str = f"/{CANCEL}.html", *, ip: str = "203.0.113.1", status: int = 200,
         method: str = "GET", agent: str = BROWSER, days: int = 0) -> str:
    t = T0 + dt.timedelta(days=days, minutes=minutes)
    stamp = f"{t:%d}/{MONTHS[t.month - 1]}/{t:%Y:%H:%M:%S %z}"
    return f'{ip} - - [{stamp}] "{method} {path} HTTP/1.1" {status} 5120 "https://www.google.com/" "{agent}"\n'


def write(path: Path, *lines: str) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def matcher(prefix: str = "/") -> ArticleMatcher:
    return ArticleMatcher({CANCEL: ("antigo/cancelamento-nfse.html", "hc/pt-br/articles/123-Cancelar"), EMIT: ()},
                          ["fiscal/index", "fiscal/nfe/index"], prefix)


def reduce(tmp_path: Path, *lines: str, prefix: str = "/", searches: bool = False) -> Reduction:
    m = matcher(prefix)
    return reduce_logs([write(tmp_path / "access.log", *lines)], m.resolve, prefix, searches)


def test_only_successful_gets_by_readers_count(tmp_path: Path) -> None:
    r = reduce(
        tmp_path,
        line(0, ip="10.0.0.1"),  # counted
        line(1, ip="10.0.0.2", status=304),  # a browser revalidating: a view
        line(2, ip="10.0.0.3", status=206),  # counted (2xx)
        line(3, ip="10.0.0.4", status=404),
        line(4, ip="10.0.0.5", status=500),
        line(5, ip="10.0.0.6", status=301),
        line(6, ip="10.0.0.7", method="POST"),
        line(7, ip="10.0.0.8", method="HEAD"),
        line(8, ip="10.0.0.9", agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        line(9, ip="10.0.0.10", agent="Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"),
        line(10, ip="10.0.0.11", agent="curl/8.5.0"),
        line(11, ip="10.0.0.12", agent="-"),  # no user agent at all: not a browser
    )
    assert r.totals(90) == {CANCEL: 3}
    assert r.stats.crawlers == 4
    assert r.stats.malformed == 0


def test_query_strings_fragments_and_index_variants_are_one_article(tmp_path: Path) -> None:
    variants = [f"/{CANCEL}.html", f"/{CANCEL}.html?utm_source=boletim&utm_medium=email", f"/{CANCEL}/",
                f"/{CANCEL}/index.html", f"/{CANCEL}", f"/{CANCEL}.html#passo-a-passo", f"/{CANCEL}/?x=1"]
    lines = [line(i, path, ip=f"10.0.1.{i}") for i, path in enumerate(variants)]
    # the same reader through every variant, within 30 minutes: once
    lines += [line(i, path, ip="10.0.2.1") for i, path in enumerate(variants)]
    assert reduce(tmp_path, *lines).totals(90) == {CANCEL: len(variants) + 1}


def test_page_keys() -> None:
    assert page_key("/fiscal/x.html?q=1#a") == "fiscal/x"
    assert page_key("https://ajuda.example.gov.br/ajuda/fiscal/x/index.html", "/ajuda/") == "fiscal/x"
    assert page_key("/ajuda", "/ajuda/") == ""
    assert page_key("/", "/") == ""
    assert page_key("/outro/x.html", "/ajuda/") is None
    assert page_key("fiscal/x.html", "/ajuda/") == "fiscal/x"  # site-relative, as in path,views files
    assert page_key("/fiscal/cancelamento%20nfse.html") == "fiscal/cancelamento nfse"


def test_the_same_reader_counts_once_per_30_minutes(tmp_path: Path) -> None:
    r = reduce(
        tmp_path,
        line(0), line(10), line(29.9),  # one view
        line(30),  # 30 minutes after the counted one: a new view
        line(59),  # within 30 minutes of that one
        line(61),  # a new view
        line(5, agent=PHONE),  # same IP, another device: another reader
        line(6, f"/{EMIT}.html"),  # same reader, another article
    )
    assert r.totals(90) == {CANCEL: 4, EMIT: 1}
    assert r.stats.repeats == 3


def test_malformed_lines_are_counted_and_shown(tmp_path: Path) -> None:
    r = reduce(
        tmp_path,
        line(0),
        "esta linha não é de log\n",
        "\n",
        line(1, ip="10.9.9.9"),
        line(2).replace("/Mar/", "/Mrc/"),  # no such month
        line(3).replace("02/Mar", "31/Feb"),  # no such day
        '10.0.0.1 - - [02/Mar/2026:09:00:00 -0300] "GET /x.html HTTP/1.1"\n',  # cut short
    )
    assert r.totals(90) == {CANCEL: 2}
    assert r.stats.malformed == 4
    assert r.stats.files[0].blank == 1
    assert [n for n, _text in r.stats.files[0].examples] == [2, 5, 6]


def test_a_log_in_another_format_parses_no_line(tmp_path: Path) -> None:
    r = reduce(tmp_path, '{"time": "2026-03-02T09:00:00", "path": "/x.html"}\n' * 5,
               "2026/03/02 09:00:00 [error] 12#12: open() failed\n")
    assert r.stats.lines == 6 and r.stats.parsed == 0 and r.stats.malformed == 6
    assert r.totals(90) == {}


def test_gzip_logs_read_like_plain_ones_whatever_their_name(tmp_path: Path) -> None:
    lines = [line(i * 40, ip=f"10.0.0.{i % 3}") for i in range(30)]
    plain = reduce_logs([write(tmp_path / "access.log", *lines)], matcher().resolve)
    packed = tmp_path / "access.log.1"  # rotated by logrotate with delaycompress off: no .gz suffix
    packed.write_bytes(gzip.compress("".join(lines).encode()))
    compressed = reduce_logs([packed], matcher().resolve)
    assert compressed.totals(90) == plain.totals(90) == {CANCEL: 30}
    damaged = tmp_path / "access.log.2.gz"
    damaged.write_bytes(gzip.compress("".join(lines).encode())[:-30])
    with pytest.raises(LogError, match="damaged or truncated"):
        reduce_logs([damaged], matcher().resolve)


def test_several_files_in_any_order(tmp_path: Path) -> None:
    # a reader just before and just after midnight, a rotation in between: one view, not two
    day1 = [line(i * 50, ip=f"10.0.0.{i}") for i in range(5)] + [line(14 * 60 + 55, ip="10.1.1.1")]
    day2 = [line(15 * 60 + 10, ip="10.1.1.1")] + [line(16 * 60 + i * 50, ip=f"10.0.0.{i}") for i in range(5)]
    day3 = [line(days=2, minutes=i, ip="10.2.0.1", path=f"/{EMIT}.html") for i in (0, 45)]
    together = reduce_logs([write(tmp_path / "all.log", *day1, *day2, *day3)], matcher().resolve)
    files = [write(tmp_path / "access.log", *day3), write(tmp_path / "access.log.2", *day1)]
    packed = tmp_path / "access.log.1.gz"
    packed.write_bytes(gzip.compress("".join(day2).encode()))
    apart = reduce_logs([files[0], packed, files[1]], matcher().resolve)
    assert apart.totals(90) == together.totals(90) == {CANCEL: 11, EMIT: 2}
    assert apart.stats.repeats == together.stats.repeats == 1  # the reader across midnight
    assert [Path(f.path).name for f in apart.stats.files] == ["access.log", "access.log.1.gz", "access.log.2"]


def test_overlapping_logs_of_two_servers_are_merged_by_time(tmp_path: Path) -> None:
    # behind a load balancer, one reader's requests land on both servers
    a = write(tmp_path / "web1.log", *(line(m, ip="10.0.0.1") for m in (0, 20, 40, 80)))
    b = write(tmp_path / "web2.log", *(line(m, ip="10.0.0.1") for m in (10, 35, 70, 100)))
    r = reduce_logs([b, a], matcher().resolve)
    # views at 0, 35 (35 ≥ 30 after 0), 70, 100 (≥ 30 after 70) — 10, 20, 40, 80 are repeats
    assert r.totals(90) == {CANCEL: 4}
    assert r.stats.repeats == 4


def test_window_is_counted_back_from_the_newest_entry(tmp_path: Path) -> None:
    # the newest entry (an asset, the day after the last view) ends the window: days -88 … +1
    r = reduce(
        tmp_path,
        line(days=-89, ip="10.0.0.1"),  # the 91st day counting the newest: outside 90 days
        line(days=-88, ip="10.0.0.2"),  # the 90th: inside
        line(days=-1, ip="10.0.0.3"),
        line(days=0, ip="10.0.0.4"),
        line(days=1, path="/_static/kbgen.css"),
    )
    newest = T0.date() + dt.timedelta(days=1)
    assert r.window(90) == ((newest - dt.timedelta(days=89)).toordinal(), newest.toordinal())
    assert r.window_label(90) == f"{T0.date() - dt.timedelta(days=88)} to {newest}"
    assert r.totals(90) == {CANCEL: 3}
    assert r.totals(91) == {CANCEL: 4}
    assert r.totals(2) == {CANCEL: 1}
    assert r.totals(0) == {CANCEL: 4}  # 0: every logged day


def test_aliases_count_for_their_article_and_unmatched_pages_are_tallied(tmp_path: Path) -> None:
    r = reduce(
        tmp_path,
        line(0, "/antigo/cancelamento-nfse.html", ip="10.0.0.1"),
        line(0, "/hc/pt-br/articles/123-Cancelar", ip="10.0.0.2"),
        line(0, f"/{CANCEL}.html", ip="10.0.0.2"),  # the same reader by the old and new path: once
        line(0, "/antigo/apagado.html", ip="10.0.0.3"),
        line(1, "/antigo/apagado.html", ip="10.0.0.4"),
        line(0, "/fiscal/index.html", ip="10.0.0.5"),  # a listing page: not an article, not unmatched
        line(0, "/_static/kbgen.css", ip="10.0.0.5"),  # an asset: neither
        line(0, "/", ip="10.0.0.5"),
        line(2, "/antigo/apagado.html", agent="Googlebot/2.1"),  # crawlers are not tallied either
    )
    assert r.totals(90) == {CANCEL: 2}
    assert dict(r.unmatched) == {"antigo/apagado": 2}


def test_a_base_path_is_stripped(tmp_path: Path) -> None:
    r = reduce(tmp_path, line(0, f"/ajuda/{CANCEL}.html", ip="10.0.0.1"), line(0, f"/{CANCEL}.html", ip="10.0.0.2"),
               line(0, "/ajuda/antigo/cancelamento-nfse.html", ip="10.0.0.3"), prefix="/ajuda/")
    assert r.totals(90) == {CANCEL: 2}


def test_memory_follows_the_readers_of_30_minutes_not_the_log(tmp_path: Path) -> None:
    # 2,000 readers, one a minute over 33 hours: at most ~35 minutes of them are held at once
    lines = [line(i, ip=f"10.{i // 250}.{i % 250}.1") for i in range(2000)]
    r = reduce(tmp_path, *lines)
    assert r.totals(0) == {CANCEL: 2000}
    assert r.stats.peak_pairs <= 40


def test_searches_are_the_queries_of_the_results_page(tmp_path: Path) -> None:
    r = reduce(
        tmp_path,
        line(0, "/search.html?q=Nota+Fiscal&set=fiscal", ip="10.0.0.1"),
        line(1, "/search.html?q=nota%20fiscal", ip="10.0.0.1"),  # the same reader again: once
        line(2, "/search.html?q=nota++fiscal", ip="10.0.0.2"),
        line(3, "/search.html?q=declara%C3%A7%C3%A3o", ip="10.0.0.3"),
        line(4, "/search.html?q=", ip="10.0.0.4"),
        line(5, "/search.html", ip="10.0.0.4"),
        line(6, f"/{CANCEL}.html?q=nota", ip="10.0.0.4"),
        searches=True,
    )
    assert r.totals(90) == {"nota fiscal": 2, "declaração": 1}


def test_the_reference_parser_and_the_clock() -> None:
    hit = parse_line(b'2001:db8::1 - maria [02/Mar/2026:23:59:30 -0300] "GET /a.html?b=1 HTTP/2.0" 304 - "-" "X"')
    assert hit is not None
    assert (hit.host, hit.method, hit.target, hit.status, hit.agent) == (b"2001:db8::1", b"GET", b"/a.html?b=1", 304,
                                                                           b"X")
    assert hit.time == int(dt.datetime(2026, 3, 3, 2, 59, 30, tzinfo=dt.UTC).timestamp())
    assert hit.day == dt.date(2026, 3, 2).toordinal()  # the server's calendar day, not UTC's
    common = parse_line(b'10.0.0.1 - - [02/Mar/2026:09:00:00 +0530] "GET / HTTP/1.0" 200 12')
    assert common is not None and common.agent is None
    assert Clock().parse(b"01/Jan/1970:00:00:00 +0000") == (0, dt.date(1970, 1, 1).toordinal())
    assert parse_line(b"nada") is None



def test_the_reader_times_every_line_as_the_reference_parser_does(tmp_path: Path) -> None:
    """The reader computes a line's time itself (a per-minute cache plus the seconds' digits, the zone's
    offset looked up inline): every second of the day, any zone, must give parse_line's time."""
    from collections import Counter

    from kbgen.pageviews.crawlers import CrawlerFilter
    from kbgen.pageviews.reduce import PageItems, Stats, _file_events

    rnd = random.Random(3)
    stamps = [f"{d:02d}/{MONTHS[m]}/{y}:{h:02d}:{mi:02d}:{s:02d} {z}"
              for d, m, y, h, mi, s, z in [(1, 0, 2026, 0, 0, 0, "+0000"), (31, 11, 2025, 23, 59, 59, "-0300"),
                                           (29, 1, 2028, 12, 30, 9, "+0530"), (2, 2, 2026, 9, 0, 10, "-0930")]]
    stamps += [f"{rnd.randrange(1, 29):02d}/{rnd.choice(MONTHS)}/{rnd.randrange(1990, 2040)}:{rnd.randrange(24):02d}:"
               f"{rnd.randrange(60):02d}:{rnd.randrange(60):02d} {rnd.choice('+-')}{rnd.randrange(15):02d}"
               f"{rnd.choice(['00', '30', '45'])}" for _ in range(3000)]
    lines = [f'10.0.0.{i % 250} - - [{stamp}] "GET /{CANCEL}.html HTTP/1.1" 200 5 "-" "{BROWSER}"'
             for i, stamp in enumerate(stamps)]
    log = write(tmp_path / "access.log", *(text + "\n" for text in lines))
    events = [e for batch in _file_events(log, Stats(), PageItems(matcher().resolve, "/"), CrawlerFilter(), Counter(),
                                          None) for e in batch]
    expected = [parse_line(text.encode()) for text in lines]
    assert [(e[0], e[3]) for e in events] == [(h.time, h.day) for h in expected if h is not None]
    assert len(events) == len(lines)

def test_aliases_with_percent_signs_and_spaces_match_the_requests_for_them() -> None:
    """Aliases are kept decoded (``a%2541.html`` is the file ``a%41.html``): decoded once, not twice."""
    m = ArticleMatcher({CANCEL: ("antigo/a%41.html", "antigo/100% grátis.html"), EMIT: ("antigo/aA.html",)})
    assert m.match("/antigo/a%2541.html") == CANCEL
    assert m.match("/antigo/aA.html") == EMIT
    assert m.match("/antigo/100%25%20gr%C3%A1tis.html") == CANCEL


@pytest.mark.parametrize("query", ["q=a+b", "q=&q=x", "x=1&q=%C3%A7", "q", "=q", "%71=z", "q+=z", "q=a%ZZ",
                                   "q=%FF%FE", "a=1;q=2", "q=1=2", "&&q=3", "Q=4", "q%3D=5", "q=+", "faq=1&q=ok", ""])
def test_query_value_decodes_as_parse_qs(query: str) -> None:
    # the readers' own q= parser (parse_qs builds a dict of every parameter: ten times the work)
    from urllib.parse import parse_qs

    values = parse_qs(query, errors="replace").get("q")
    assert query_value(query) == (values[0] if values else "")
