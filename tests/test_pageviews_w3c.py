"""W3C extended access logs (IIS's default, CloudFront's) count exactly as the combined lines they
stand for, in ``kbgen pageviews`` and ``kbgen report`` (kbgen/pageviews/w3c.py, foreign.py)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from kbgen.commands.report import ReportOptions, report
from kbgen.commands.usage import UsageError
from kbgen.pageviews.foreign import DIRECTIVE_LINE, ForeignLines
from kbgen.pageviews.logformat import parse_line
from kbgen.pageviews.reduce import reduce_logs
from kbgen.pageviews.sources import first_time
from kbgen.pageviews.w3c import W3CFields

from .test_pageviews import BROWSER, CANCEL, EMIT, T0, line, matcher, write
from .test_pageviews_jsonlines import REQUESTS, _combined
from .test_report import LINES, _tally, content  # noqa: F401  (content: the report's site fixture)

#: IIS 10's default fields, with cs(Referer) and sc-bytes ticked (docs/analytics.md asks for the referer)
IIS_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
              "cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes time-taken")
IIS_HEADER = ("#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n"
              "#Date: 2026-03-02 12:00:00\r\n" f"#Fields: {IIS_FIELDS}\r\n")
#: CloudFront's standard log, tab-separated, agent and referer %-encoded (its first fields)
CLOUDFRONT_FIELDS = ("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
                     "cs(Referer) cs(User-Agent) cs-uri-query")
_COMBINED = re.compile(r'(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+) [^"]*" (\d{3}) (\S+) "([^"]*)" "([^"]*)"')


def _parts(combined: str) -> tuple[dt.datetime, str, str, str, str, str, str, str, str] | None:
    m = _COMBINED.match(combined)
    if m is None:
        return None
    host, stamp, method, uri, status, size, referer, agent = m.groups()
    when = dt.datetime.strptime(stamp, "%d/%b/%Y:%H:%M:%S %z").astimezone(dt.UTC)
    stem, _, query = uri.partition("?")
    return when, host, method, stem, query or "-", status, size, referer, agent


def _plus(text: str) -> str:
    """A value as IIS writes it: spaces as "+", "-" for none."""
    return text.replace(" ", "+") or "-"


def as_iis(combined: str) -> str:
    """The entry IIS writes for the request of a combined line (UTC time, "+" for spaces, CRLF);
    any other line is kept as it is."""
    parts = _parts(combined)
    if parts is None:
        return combined
    when, host, method, stem, query, status, size, referer, agent = parts
    return (f"{when:%Y-%m-%d %H:%M:%S} 192.0.2.10 {method} {stem} {query} 443 - {host} {_plus(agent)} "
            f"{_plus(referer)} {status} 0 0 {size} 31\r\n")


def as_cloudfront(combined: str) -> str:
    parts = _parts(combined)
    if parts is None:
        return combined
    when, host, method, stem, query, status, size, referer, agent = parts
    fields = [f"{when:%Y-%m-%d}", f"{when:%H:%M:%S}", "GRU3-C1", size, host, method, "d1.cloudfront.net", stem,
              status, quote(referer, safe=":/"), quote(agent, safe="/;()"), query]
    return "\t".join(fields) + "\n"


def _reduce(path: Path) -> tuple[dict[str, int], int, int, int]:
    r = reduce_logs([path], matcher().resolve)
    return r.totals(90), r.stats.crawlers, r.stats.malformed, r.stats.parsed


def test_an_iis_log_counts_as_its_combined_lines(tmp_path: Path) -> None:
    expected = _reduce(write(tmp_path / "combined.log", *(_combined(*r) for r in REQUESTS)))
    assert expected[0] == {CANCEL: 3, EMIT: 1} and expected[1] == 1
    iis = write(tmp_path / "u_ex260302.log", IIS_HEADER, *(as_iis(_combined(*r)) for r in REQUESTS))
    assert _reduce(iis) == expected  # the four directives are neither malformed nor parsed
    reduction = reduce_logs([iis], matcher().resolve)
    assert reduction.stats.files[0].directives == 4 and reduction.stats.lines == len(REQUESTS) + 4
    # gzip, as rotated logs are often kept
    packed = tmp_path / "u_ex260302.log.gz"
    packed.write_bytes(gzip.compress(iis.read_bytes()))
    assert _reduce(packed) == expected


def test_a_cloudfront_log_counts_as_its_combined_lines(tmp_path: Path) -> None:
    expected = _reduce(write(tmp_path / "combined.log", *(_combined(*r) for r in REQUESTS)))
    cloudfront = write(tmp_path / "E2ABC.2026-03-02-12.log", "#Version: 1.0\n", f"#Fields: {CLOUDFRONT_FIELDS}\n",
                       *(as_cloudfront(_combined(*r)) for r in REQUESTS))
    assert _reduce(cloudfront) == expected  # the %-encoded Googlebot agent is still a crawler


def test_an_entry_reads_as_the_same_hit_as_its_combined_line() -> None:
    """The time is the same instant (IIS logs UTC), the agent the same text, the query kept."""
    fields = W3CFields.from_directive(f"#Fields: {IIS_FIELDS}".encode())
    assert fields is not None
    for request in REQUESTS:
        combined = _combined(*request)
        entry = fields.combined(as_iis(combined).encode())
        assert entry is not None
        expected, got = parse_line(combined.encode()), parse_line(entry)
        assert expected is not None and got is not None
        # IIS writes a space as "+" and leaves a "+" as it is: an agent's own "+" reads as a space
        # (Googlebot's "+http://…" stays recognisable: crawlerdetect matches "Googlebot")
        agent = expected.agent.replace(b"+", b" ") if expected.agent else expected.agent
        assert (got.host, got.time, got.method, got.target, got.status, got.agent) == \
            (expected.host, expected.time, expected.method, expected.target, expected.status, agent)


def test_the_report_reads_an_iis_log_as_its_combined_lines(content: Path, tmp_path: Path) -> None:  # noqa: F811
    """Searches (cs-uri-query), clicks (?q= and the Referer), votes and crawlers, as in the combined log."""
    iis = _tally(content, [write(tmp_path / "u_ex260302.log", IIS_HEADER, *(as_iis(text) for text in LINES))])
    whole = _tally(content, [write(tmp_path / "whole.log", *LINES)])
    assert iis.views() == whole.views() and iis.searches == whole.searches and iis.clicks == whole.clicks
    assert {d: (v.yes, v.no, dict(v.reasons)) for d, v in iis.votes.items()} == \
        {d: (v.yes, v.no, dict(v.reasons)) for d, v in whole.votes.items()}
    assert iis.stats.crawlers == whole.stats.crawlers == 2
    assert iis.stats.malformed == whole.stats.malformed == 1  # "uma linha que não é de log"


def test_the_columns_may_change_mid_file(tmp_path: Path) -> None:
    """IIS writes a new #Fields directive when its logging settings change: later entries follow it."""
    few = "#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(User-Agent)\r\n"
    later = T0.astimezone(dt.UTC) + dt.timedelta(hours=1)
    log = write(tmp_path / "u_ex260302.log", IIS_HEADER, as_iis(line(0, f"/{CANCEL}.html", ip="10.0.0.1")), few,
                f"{later:%Y-%m-%d %H:%M:%S} 10.0.0.2 GET /{EMIT}.html 200 {BROWSER.replace(' ', '+')}\r\n")
    assert _reduce(log)[0] == {CANCEL: 1, EMIT: 1}


def test_entries_kbgen_cannot_read_are_malformed_with_the_reason_shown(tmp_path: Path) -> None:
    fields = W3CFields.from_directive(f"#Fields: {IIS_FIELDS}".encode())
    assert fields is not None
    good = as_iis(line(0, f"/{CANCEL}.html")).encode()
    assert fields.combined(good) is not None
    for bad in (good.replace(b" 443 ", b" "),  # a field short
                good.replace(b"2026-03-02", b"2026-13-02"),  # no 13th month
                good.replace(b"2026-03-02", b"02/03/2026"),  # not the W3C date
                good.replace(b" 200 0 0 ", b" OK 0 0 ")):  # no status
        assert fields.combined(bad) is None, bad
    # a #Fields directive without the URL stem: it and the entries after it are reported, nothing counts
    log = write(tmp_path / "u_ex.log", "#Fields: date time c-ip cs-method sc-status\r\n",
                "2026-03-02 12:00:00 10.0.0.1 GET 200\r\n")
    reduction = reduce_logs([log], matcher().resolve)
    assert reduction.stats.parsed == 0 and reduction.stats.malformed == 2
    assert reduction.stats.files[0].examples[0] == (1, "#Fields: date time c-ip cs-method sc-status\r")
    # a line that only looks like a directive is malformed too; entries before any #Fields are
    reader = ForeignLines()
    assert reader.combined(b"#Software: Microsoft Internet Information Services 10.0") == DIRECTIVE_LINE
    assert reader.combined(b"# not a directive") is None
    assert reader.combined(b"2026-03-02 12:00:00 10.0.0.1 GET /a.html 200") is None


def test_the_report_names_the_w3c_requirement_when_nothing_reads(content: Path, tmp_path: Path) -> None:  # noqa: F811
    log = write(tmp_path / "u_ex.log", "#Fields: date time c-ip cs-method sc-status\r\n",
                "2026-03-02 12:00:00 10.0.0.1 GET 200\r\n")
    with pytest.raises(UsageError, match=r"W3C extended entries after a \"#Fields:\" directive naming date, time, "
                                         r"cs-method, cs-uri-stem and sc-status"):
        report(ReportOptions((log,), tmp_path / "p.html", content), io.StringIO())
    assert not (tmp_path / "p.html").exists()


def test_rotated_iis_logs_are_ordered_by_their_first_entry(tmp_path: Path) -> None:
    first = write(tmp_path / "u_ex260302.log", IIS_HEADER, as_iis(line(0, f"/{CANCEL}.html")))
    second = write(tmp_path / "u_ex260303.log", IIS_HEADER, as_iis(line(0, f"/{EMIT}.html", days=1)))
    assert first_time(first) == int(T0.timestamp())
    assert first_time(second) == int(T0.timestamp()) + 86400
    both = reduce_logs([second, first], matcher().resolve)  # given newest first, as a shell glob may
    assert both.totals(0) == {CANCEL: 1, EMIT: 1} and both.stats.parsed == 2


def vhost(name: str, combined: str) -> str:
    """Apache's vhost_combined line ("%v:%p %h %l %u %t ..."): Debian's other_vhosts_access.log."""
    return f"{name}:443 {combined}"


def test_apache_vhost_combined_counts_the_sites_own_host_only(tmp_path: Path) -> None:
    lines = [vhost("ajuda.example.gov.br", _combined(*r)) for r in REQUESTS]
    lines += [vhost("intranet.example.gov.br", line(m, f"/{CANCEL}.html", ip=f"10.9.0.{m}")) for m in range(3)]
    log = write(tmp_path / "other_vhosts_access.log", *lines)
    expected = _reduce(write(tmp_path / "combined.log", *(_combined(*r) for r in REQUESTS)))
    ours = reduce_logs([log], matcher().resolve, host="Ajuda.Example.gov.br:8443")  # case and port ignored
    assert (ours.totals(90), ours.stats.crawlers, ours.stats.malformed, ours.stats.parsed) == expected
    assert ours.stats.other_sites == 3
    # without a base_url the host cannot be told: every virtual host's lines count
    every = reduce_logs([log], matcher().resolve)
    assert every.totals(90)[CANCEL] == expected[0][CANCEL] + 3 and every.stats.other_sites == 0
    # a vhost prefix before something that is not a combined line is still malformed
    junk = reduce_logs([write(tmp_path / "junk.log", "ajuda.example.gov.br:443 nada aqui\n")], matcher().resolve)
    assert junk.stats.malformed == 1


def test_the_commands_name_the_other_hosts_left_out(content: Path, tmp_path: Path) -> None:  # noqa: F811
    """kbgen report takes the site's host from its base_url (the minimal fixture's ajuda.example.gov.br)."""
    log = write(tmp_path / "other_vhosts_access.log", *(vhost("ajuda.example.gov.br", text) for text in LINES[:5]),
                vhost("intranet.example.gov.br", LINES[0]))
    stream = io.StringIO()
    report(ReportOptions((log,), tmp_path / "p.html", content), stream)
    assert "1 of other virtual hosts left out" in stream.getvalue()
    whole = _tally(content, [write(tmp_path / "whole.log", *LINES[:5])])
    assert _tally(content, [log]).views() == whole.views()  # the intranet's view of the same article is not counted
    assert "4 article views" in stream.getvalue() and sum(whole.views().values()) == 4
    # a base_url that names no host of the log: said so, not "no line in a known format"
    elsewhere = write(tmp_path / "elsewhere.log", vhost("intranet.example.gov.br", LINES[0]))
    with pytest.raises(UsageError, match=r"none of the 1 lines is a request to ajuda\.example\.gov\.br: 1 are of "
                                         r"other virtual hosts .* check that base_url in kb\.yml names the host"):
        report(ReportOptions((elsewhere,), tmp_path / "q.html", content), io.StringIO())
