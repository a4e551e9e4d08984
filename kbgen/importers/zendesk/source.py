"""The Help Center's categories, sections and articles, from saved API responses or the live API.

Both read the same shape: a list response of the Help Center API
(developer.zendesk.com/api-reference/help_center/help-center-api/articles/ — "List Articles",
and the same page for sections and categories), in either of Zendesk's two pagination forms
(developer.zendesk.com/api-reference/introduction/pagination/): offset, ``{"articles": [...],
"next_page": url|null, "page": n, "page_count": n, "count": n}``, or cursor, ``{"articles": [...],
"meta": {"has_more": bool, "after_cursor": …}, "links": {"next": url, "prev": url}}``. A folder holds
any number of such files, under any names (``articles.json``, ``articles-page-2.json`` …): each file
is read for whichever of ``categories``, ``sections`` and ``articles`` it has, and items are kept by id
(a page saved twice is one page). Ids are JSON numbers in Zendesk's answers, but Zendesk advises
clients to keep them as strings, so a saved file may hold ``"id": "360012345"``: both are read.

A live source asks for cursor pagination (``page[size]=100``): offset pagination stops with HTTP 400
past the first 100 pages (10,000 items) since August 2023 ("New limits for offset-based pagination").
It follows ``links.next`` while ``meta.has_more`` is true (on the last page ``links.next`` may still
be a URL: ``has_more`` is the signal, as Zendesk's "Paginating through lists using cursor pagination"
says), else ``next_page`` — an endpoint that answers in the offset form is followed too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbgen.importers.failures import ImportFailed, load_json_file, parse_json
from kbgen.importers.http import Fetcher, join_url, origin, split_url
from kbgen.importers.progress import progress

KINDS = ("categories", "sections", "articles")
#: the fields holding an id of another item (or the item's own): numbers, or digits in a string
ID_FIELDS = ("id", "section_id", "category_id", "parent_section_id", "user_segment_id")
TOKEN_VARIABLE = "KBGEN_ZENDESK_TOKEN"
_MAX_PAGES = 10_000  # a next_page that loops back is a server bug: stop with its URL


@dataclass
class HelpCenter:
    """Items by kind, each keyed by its id (int), plus where the source was."""

    items: dict[str, dict[int, dict[str, Any]]] = field(default_factory=lambda: {k: {} for k in KINDS})
    source: str = ""  # the folder or URL, as the user gave it
    where: dict[tuple[str, int], str] = field(default_factory=dict)  # (kind, id) → file or URL


def is_url(source: str) -> bool:
    return split_url(source).scheme in ("http", "https")


def _add(center: HelpCenter, data: Any, where: str) -> bool:
    """Add a list response's items; False when ``data`` holds none of the kinds."""
    if not isinstance(data, dict):
        raise ImportFailed(f"{where}: expected a Help Center API list response (a JSON object with "
                           "'articles', 'sections' or 'categories'), found a JSON {type(data).__name__}")
    found = False
    for kind in KINDS:
        if kind not in data:
            continue
        found = True
        values = data[kind]
        if not isinstance(values, list):
            raise ImportFailed(f"{where}: '{kind}' must be a list of objects")
        for item in values:
            if not isinstance(item, dict) or not isinstance(_id(item.get("id")), int):
                raise ImportFailed(f"{where}: every item of '{kind}' must be an object with a numeric 'id'")
            item = {**item, **{key: _id(item[key]) for key in ID_FIELDS if key in item}}
            center.items[kind][item["id"]] = item
            center.where[(kind, item["id"])] = where
    return found


def _id(value: Any) -> Any:
    """An id as an int: a JSON number, or a string of digits (how Zendesk advises clients to keep ids);
    anything else is returned as it is (and then matches no item)."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None if isinstance(value, bool) else value


def read_folder(folder: Path) -> HelpCenter:
    if not folder.is_dir():
        raise ImportFailed(f"{folder}: no such folder or URL; give a folder of saved Help Center API "
                           "responses or the help center's address (https://…)")
    center = HelpCenter(source=str(folder))
    files = sorted(folder.rglob("*.json"), key=lambda p: p.relative_to(folder).as_posix())
    if not files:
        raise ImportFailed(f"{folder}: no .json files; save the responses of /api/v2/help_center/<locale>/"
                           "categories.json, sections.json and articles.json here")
    for path in files:
        if not _add(center, load_json_file(path), str(path)):
            raise ImportFailed(f"{path}: has none of 'categories', 'sections', 'articles'; "
                               "it is not a Help Center API list response")
    return center


def fetcher_for(base_url: str, retry_delay: float = 1.0) -> Fetcher:
    """The live source's HTTP client; KBGEN_ZENDESK_TOKEN, when set, is sent as an OAuth bearer token,
    to the help center's own address only."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    return Fetcher(headers={"Accept": "application/json"}, auth_headers=auth, auth_origin=origin(base_url),
                   retry_delay=retry_delay)


def read_live(base_url: str, locale: str, fetcher: Fetcher) -> HelpCenter:
    center = HelpCenter(source=base_url)
    root = base_url.rstrip("/") + "/"
    for kind in KINDS:
        url = join_url(root, f"api/v2/help_center/{locale}/{kind}.json?page[size]=100")
        seen: set[str] = set()
        bar = progress(_pages(fetcher, url, seen), label=f"Reading {kind}")
        for page_url, data in bar:
            _add(center, data, page_url)
    return center


def next_page(data: Any) -> str | None:
    """The next page's URL from a list response in either pagination form; None on the last page."""
    if not isinstance(data, dict):
        return None
    meta, links = data.get("meta"), data.get("links")
    if isinstance(meta, dict) and "has_more" in meta:  # cursor pagination
        following = links.get("next") if meta.get("has_more") is True and isinstance(links, dict) else None
    else:
        following = data.get("next_page")
    return following if isinstance(following, str) and is_url(following) else None


def _pages(fetcher: Fetcher, url: str, seen: set[str]) -> Any:
    first: str = url
    page_url: str | None = url
    while page_url:
        url = page_url
        if url in seen or len(seen) >= _MAX_PAGES:
            raise ImportFailed(f"{url}: the next page leads back to a page already read; the listing loops")
        seen.add(url)
        body = fetcher.get(url)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFailed(f"{url}: the response is not UTF-8 JSON") from None
        data = parse_json(text, url)
        yield url, data
        page_url = next_page(data)
        if page_url and origin(page_url) != origin(first):
            raise ImportFailed(f"{url}: the next page leads to another site ({page_url}); kbgen follows pages of the "
                               "help center it was given only")
