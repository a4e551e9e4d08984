"""JSON-lines access logs, read as the combined format they carry.

Servers that log JSON write one object a line: nginx with ``log_format … escape=json`` (its own
variable names: ``remote_addr``, ``time_local`` or ``time_iso8601``, ``request`` or
``request_method`` + ``request_uri``, ``status``, ``http_user_agent``), Caddy by default (``ts``
as epoch seconds, ``status``, and a ``request`` object with ``remote_ip``/``client_ip``,
``method``, ``uri`` and ``headers`` → ``User-Agent``, ``Referer``: caddyserver/caddy
modules/caddyhttp/logging.go, ``LoggableHTTPRequest.MarshalLogObject``), or a hand-written layout
with the same names. Each object is rewritten as the combined line it stands for, so the reducer
keeps one parser and one hot loop; the rewrite runs only for lines that are not combined already.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kbgen.pageviews.clients import client_address

_HOST_KEYS = ("remote_addr", "client_ip", "remote_ip", "ip", "host")
_AGENT_KEYS = ("http_user_agent", "user_agent", "agent")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _header(headers: dict[str, Any], name: str) -> Any:
    values = headers.get(name)
    return values[0] if isinstance(values, list) and values else None


def _stamp(record: dict[str, Any]) -> str | None:
    """The time as the combined format writes it: ``10/Oct/2026:13:55:36 -0300``."""
    local = record.get("time_local")
    if isinstance(local, str):
        return local
    value = _first(record, ("time_iso8601", "time", "timestamp", "ts"))
    when: dt.datetime
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # Caddy: epoch seconds
        when = dt.datetime.fromtimestamp(value, dt.UTC)
    elif isinstance(value, str):
        try:
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if when.tzinfo is None:  # a server's local time with no offset: taken as written
            when = when.replace(tzinfo=dt.UTC)
    else:
        return None
    offset = int((when.utcoffset() or dt.timedelta()).total_seconds()) // 60
    sign = "-" if offset < 0 else "+"
    return (f"{when.day:02d}/{_MONTHS[when.month - 1]}/{when.year:04d}:{when:%H:%M:%S} "
            f"{sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}")


def _quoted(value: object) -> str:
    # the combined format's quoted fields hold no bare quote (the reducer splits on them)
    return str(value).replace('"', "%22")


def combined_line(line: bytes) -> bytes | None:
    """The combined line a JSON log object stands for, or None when it is not one (then the line is
    malformed, as any other unreadable line). The caller still matches the result: a ``time_local``
    the object holds is passed on as written."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    request = record.get("request")
    nested = request if isinstance(request, dict) else {}  # Caddy's request object
    if isinstance(request, str):
        request_line = request
    else:
        method = _first(record, ("request_method", "method")) or nested.get("method")
        uri = _first(record, ("request_uri", "uri")) or nested.get("uri")
        if not (isinstance(method, str) and isinstance(uri, str)):
            return None
        request_line = f"{method} {uri} {nested.get('proto') or record.get('server_protocol') or 'HTTP/1.1'}"
    forwarded = record.get("http_x_forwarded_for")  # behind a proxy: the reader's own address
    client = client_address(forwarded.encode("utf-8", "replace")) if isinstance(forwarded, str) else None
    host = (client.decode("ascii") if client else None) or _first(record, _HOST_KEYS) \
        or _first(nested, ("client_ip", "remote_ip"))
    agent = _first(record, _AGENT_KEYS)
    referer = record.get("http_referer")
    headers = nested.get("headers")
    if isinstance(headers, dict):  # Caddy: each header a list of values
        if agent is None:
            agent = _header(headers, "User-Agent")
        if not referer:  # kbgen report: a click from the results page (kbgen.analytics.requests)
            referer = _header(headers, "Referer")
    stamp = _stamp(record)
    status = record.get("status")
    if stamp is None or not str(status).isdigit():
        return None
    text = (f'{host or "-"} - - [{stamp}] "{_quoted(request_line)}" {status} '
            f'{record.get("body_bytes_sent") or record.get("size") or 0} '
            f'"{_quoted(referer or "-")}" "{_quoted(agent or "-")}"')
    return text.encode("utf-8", "replace")  # the caller matches it as any combined line
