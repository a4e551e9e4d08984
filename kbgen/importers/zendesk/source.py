"""The Help Center's categories, sections and articles, from saved API responses or the live API.

Both read the same shape: a list response of the Help Center API
(developer.zendesk.com/api-reference/help_center/help-center-api/articles/ — "List Articles",
and the same page for sections and categories): ``{"articles": [...], "next_page": url|null,
"page": n, "page_count": n, "count": n}``. A folder holds any number of such files, under any
names (``articles.json``, ``articles-page-2.json`` …): each file is read for whichever of
``categories``, ``sections`` and ``articles`` it has, and items are kept by id (a page saved twice is
one page). A live source follows ``next_page`` from ``/api/v2/help_center/<locale>/<kind>.json``.
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
TOKEN_VARIABLE = "KBGEN_ZENDESK_TOKEN"
_MAX_PAGES = 10_000  # a next_page that loops back is a server bug: stop with its URL


@dataclass
class HelpCenter:
    """Items by kind, each keyed by its id (int), plus where the source was."""

    items: dict[str, dict[int, dict[str, Any]]] = field(default_factory=lambda: {k: {} for k in KINDS})
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
            if not isinstance(item, dict) or not isinstance(item.get("id"), int):
                raise ImportFailed(f"{where}: every item of '{kind}' must be an object with a numeric 'id'")
            center.items[kind][item["id"]] = item
            center.where[(kind, item["id"])] = where
    return found


def read_folder(folder: Path) -> HelpCenter:
    if not folder.is_dir():
        raise ImportFailed(f"{folder}: no such folder or URL; give a folder of saved Help Center API "
                           "responses or the help center's address (https://…)")
    center = HelpCenter()
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
    center = HelpCenter()
    root = base_url.rstrip("/") + "/"
    for kind in KINDS:
        url = join_url(root, f"api/v2/help_center/{locale}/{kind}.json?per_page=100")
        seen: set[str] = set()
        bar = progress(_pages(fetcher, url, seen), label=f"Reading {kind}")
        for page_url, data in bar:
            _add(center, data, page_url)
    return center


def _pages(fetcher: Fetcher, url: str, seen: set[str]) -> Any:
    first: str = url
    page_url: str | None = url
    while page_url:
        url = page_url
        if url in seen or len(seen) >= _MAX_PAGES:
            raise ImportFailed(f"{url}: next_page leads back to a page already read; the listing loops")
        seen.add(url)
        body = fetcher.get(url)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFailed(f"{url}: the response is not UTF-8 JSON") from None
        data = parse_json(text, url)
        yield url, data
        next_page = data.get("next_page") if isinstance(data, dict) else None
        page_url = next_page if isinstance(next_page, str) and is_url(next_page) else None
        if page_url and origin(page_url) != origin(first):
            raise ImportFailed(f"{url}: next_page leads to another site ({page_url}); kbgen follows pages of the "
                               "help center it was given only")
