"""Readers behind a load balancer, a CDN or an ingress: the X-Forwarded-For the log carries tells them
apart (kbgen/pageviews/clients.py), in every format kbgen reads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kbgen.pageviews.clients import client_address
from kbgen.pageviews.logformat import parse_line
from kbgen.pageviews.reduce import reduce_logs

from .test_pageviews import BROWSER, CANCEL, T0, line, matcher, write
from .test_pageviews_w3c import IIS_FIELDS, as_iis

BALANCER = "10.8.0.2"  # every request reaches the server from the balancer's address


def main_format(minutes: float, forwarded: str, agent: str = BROWSER) -> str:
    """nginx's own "main" log_format (nginx.conf of nginx.org's packages and Docker image):
    combined plus "$http_x_forwarded_for"."""
    return line(minutes, f"/{CANCEL}.html", ip=BALANCER, agent=agent).rstrip("\n") + f' "{forwarded}"\n'


def _views(path: Path) -> int:
    return reduce_logs([path], matcher().resolve).totals(0).get(CANCEL, 0)


def test_readers_behind_a_balancer_are_told_apart_by_x_forwarded_for(tmp_path: Path) -> None:
    log = write(tmp_path / "access.log",
                main_format(0, "203.0.113.1"), main_format(1, "203.0.113.2"),
                main_format(2, "203.0.113.3, 10.8.0.9"),  # through two proxies: the first is the reader
                main_format(3, "203.0.113.1"),  # the first reader again within 30 minutes: a repeat
                main_format(4, "2001:db8::7"))
    assert _views(log) == 4
    # without the field every one of them is the balancer with the same browser: one reader
    plain = write(tmp_path / "plain.log", *(line(m, f"/{CANCEL}.html", ip=BALANCER) for m in range(5)))
    assert _views(plain) == 1


def test_a_field_after_the_agent_that_is_no_address_leaves_the_logged_host(tmp_path: Path) -> None:
    # "-" (a request that came straight to the server), a host name ("$host" appended), a number
    log = write(tmp_path / "access.log", main_format(0, "-"), main_format(1, "ajuda.example.gov.br"),
                main_format(2, "unknown"), line(3, f"/{CANCEL}.html", ip=BALANCER).rstrip("\n") + " 0.012\n")
    assert _views(log) == 1  # all four are the balancer's one reader
    hit = parse_line(main_format(0, "203.0.113.5").encode())
    assert hit is not None and hit.host == b"203.0.113.5" and hit.agent == BROWSER.encode()


@pytest.mark.parametrize(("value", "client"), [
    (b"203.0.113.1", b"203.0.113.1"), (b" 203.0.113.1 , 10.0.0.1", b"203.0.113.1"), (b"2001:db8::1", b"2001:db8::1"),
    (b"-", None), (b"", None), (b"unknown", None), (b"ajuda.example.gov.br", None), (b"cafe", None),
])
def test_client_address(value: bytes, client: bytes | None) -> None:
    assert client_address(value) == client


def test_json_and_w3c_logs_carry_it_too(tmp_path: Path) -> None:
    def nginx_json(minutes: int, forwarded: str) -> str:
        t = T0 + dt.timedelta(minutes=minutes)
        return json.dumps({"time_iso8601": t.isoformat(), "remote_addr": BALANCER, "request": f"GET /{CANCEL}.html "
                           "HTTP/1.1", "status": "200", "http_user_agent": BROWSER,
                           "http_x_forwarded_for": forwarded}) + "\n"

    assert _views(write(tmp_path / "json.log", nginx_json(0, "203.0.113.1"), nginx_json(1, "203.0.113.2"),
                        nginx_json(2, "-"))) == 3
    fields = f"#Fields: {IIS_FIELDS} X-Forwarded-For\r\n"
    entries = [as_iis(line(m, f"/{CANCEL}.html", ip=BALANCER)).replace("\r\n", f" {forwarded}\r\n")
               for m, forwarded in ((0, "203.0.113.1"), (1, "203.0.113.2"), (2, "-"), (3, "-"))]
    assert _views(write(tmp_path / "u_ex.log", fields, *entries)) == 3
