"""JSON-lines access logs (nginx ``escape=json``, Caddy's default) count exactly as the combined lines
they stand for (issue 26: the same formats for kbgen pageviews and kbgen report)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

from kbgen.pageviews.jsonlines import combined_line
from kbgen.pageviews.logformat import parse_line
from kbgen.pageviews.reduce import reduce_logs

from .test_pageviews import BROWSER, CANCEL, EMIT, PHONE, T0, line, matcher, write

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
#: (minutes after T0, path, client, status, method, agent): views, a crawler, a 404, a POST, a repeat
REQUESTS = [
    (0, f"/{CANCEL}.html", "10.0.0.1", 200, "GET", BROWSER),
    (5, f"/{CANCEL}.html?q=cancelar%20nota", "10.0.0.2", 304, "GET", PHONE),
    (6, f"/{EMIT}.html", "10.0.0.1", 200, "GET", BROWSER),
    (7, f"/{EMIT}.html", "10.0.0.1", 200, "GET", BROWSER),  # the same reader within 30 minutes
    (8, f"/{EMIT}.html", "10.0.0.3", 200, "GET", GOOGLEBOT),
    (9, f"/{CANCEL}.html", "10.0.0.4", 404, "GET", BROWSER),
    (10, f"/{CANCEL}.html", "10.0.0.5", 200, "POST", BROWSER),
    (60 * 26, f"/{CANCEL}.html", "10.0.0.6", 200, "GET", 'Agent with "quotes"'),  # the next day
]


def _nginx(minutes: float, path: str, ip: str, status: int, method: str, agent: str) -> str:
    """nginx: log_format kbgen escape=json '{"time_iso8601":"$time_iso8601", …}'."""
    t = T0 + dt.timedelta(minutes=minutes)
    return json.dumps({"time_iso8601": t.isoformat(), "remote_addr": ip, "request_method": method,
                       "request_uri": path, "status": str(status), "body_bytes_sent": "5120",
                       "http_referer": "", "http_user_agent": agent}) + "\n"


def _caddy(minutes: float, path: str, ip: str, status: int, method: str, agent: str) -> str:
    """Caddy's default access log (modules/caddyhttp/logging.go: request.headers, ts in epoch seconds)."""
    t = T0 + dt.timedelta(minutes=minutes)
    return json.dumps({"level": "info", "ts": t.timestamp(), "logger": "http.log.access",
                       "request": {"remote_ip": ip, "client_ip": ip, "proto": "HTTP/2.0", "method": method,
                                   "host": "ajuda.example.gov.br", "uri": path,
                                   "headers": {"User-Agent": [agent]}},
                       "status": status, "size": 5120}) + "\n"


def _combined(minutes: float, path: str, ip: str, status: int, method: str, agent: str) -> str:
    return line(minutes, path, ip=ip, status=status, method=method, agent=agent.replace('"', "%22"))


def _reduce(path: Path) -> tuple[dict[str, int], int, int, int]:
    r = reduce_logs([path], matcher().resolve)
    return r.totals(90), r.stats.crawlers, r.stats.malformed, r.stats.parsed


def test_nginx_and_caddy_json_logs_count_as_their_combined_lines(tmp_path: Path) -> None:
    expected = _reduce(write(tmp_path / "combined.log", *(_combined(*r) for r in REQUESTS)))
    assert expected[0] == {CANCEL: 3, EMIT: 1} and expected[1] == 1 and expected[2] == 0
    for name, render in (("nginx", _nginx), ("caddy", _caddy)):
        assert _reduce(write(tmp_path / f"{name}.log", *(render(*r) for r in REQUESTS))) == expected, name


def test_a_json_line_reads_as_the_same_hit_as_its_combined_line() -> None:
    for request in REQUESTS:
        combined = parse_line(_combined(*request).encode())
        for render in (_nginx, _caddy):
            assert parse_line(render(*request).encode()) == combined, (render.__name__, request)


def test_json_and_combined_lines_mix_and_gzip_reads_the_same(tmp_path: Path) -> None:
    lines = [(_nginx if i % 2 else _combined)(*r) for i, r in enumerate(REQUESTS)]
    plain = write(tmp_path / "mixed.log", *lines)
    packed = tmp_path / "mixed.log.1.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert _reduce(plain) == _reduce(packed)
    assert _reduce(plain)[0] == {CANCEL: 3, EMIT: 1}


def test_json_that_is_not_an_access_log_line_is_malformed(tmp_path: Path) -> None:
    lines = ['{"time": "2026-03-02T09:00:00", "path": "/x.html"}\n',  # no method, no status
             '{"time_iso8601": "ontem", "request": "GET /a.html HTTP/1.1", "status": 200}\n',  # no time
             '{"time_iso8601": "2026-03-02T09:00:00-03:00", "request": "GET /a.html HTTP/1.1", "status": "x"}\n',
             '{"broken json\n', '[1, 2, 3]\n']
    for text in lines:
        assert combined_line(text.encode()) is None, text
    impossible = '{"time_local": "31/Feb/2026:09:00:00 -0300", "request": "GET /a.html HTTP/1.1", "status": 200}\n'
    lines.append(impossible)  # rewritten, then refused by the date check as a combined line would be
    totals, _crawlers, malformed, parsed = _reduce(write(tmp_path / "bad.log", *lines, _nginx(*REQUESTS[0])))
    assert malformed == len(lines) and parsed == 1 and totals == {CANCEL: 1}


def test_nginx_time_local_and_request_fields_are_taken_as_written() -> None:
    record = {"remote_addr": "203.0.113.9", "time_local": "02/Mar/2026:09:00:00 -0300",
              "request": "GET /fiscal/nfe/cancelar.html HTTP/1.1", "status": 200, "http_user_agent": BROWSER}
    hit = parse_line(json.dumps(record).encode())
    assert hit is not None and hit.target == b"/fiscal/nfe/cancelar.html" and hit.agent == BROWSER.encode()
    assert hit.time == int(T0.timestamp())


def test_the_referer_is_carried_over_from_nginx_and_caddy() -> None:
    # kbgen report reads it (the click-through from the results page): it must survive the rewrite
    referer = "https://ajuda.example.gov.br/search.html?q=nota"
    nginx = json.loads(_nginx(*REQUESTS[0]))
    nginx["http_referer"] = referer
    caddy = json.loads(_caddy(*REQUESTS[0]))
    caddy["request"]["headers"]["Referer"] = [referer]
    for record in (nginx, caddy):
        combined = combined_line(json.dumps(record).encode())
        assert combined is not None and f'"{referer}" "{BROWSER}"'.encode() in combined
