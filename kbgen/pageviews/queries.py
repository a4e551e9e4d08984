"""A search query read from a request's query string, as pageviews and the report count it."""

from __future__ import annotations

from urllib.parse import unquote

from kbgen.text import drop_invisible

MAX_QUERY = 200


def query_value(query: str, name: str = "q") -> str:
    """The first non-empty value of ``name`` in a query string, decoded as ``urllib.parse.parse_qs``
    decodes it ("+" a space, %-escapes, undecodable bytes replaced), "" without one — without
    building parse_qs's dict of every parameter, which costs some ten times as much per query."""
    for part in query.split("&"):
        key, equals, value = part.partition("=")
        if not equals or not value:
            continue
        if key != name and ("%" in key or "+" in key):
            key = unquote(key.replace("+", " "), errors="replace")
        if key == name:
            return unquote(value.replace("+", " "), errors="replace")
    return ""


def search_text(query: str) -> str:
    """A query as it is counted: invisible characters dropped (a zero-width space is a space), lower
    case, spaces collapsed, cut at MAX_QUERY characters."""
    return " ".join(drop_invisible(query).split()).lower()[:MAX_QUERY]
