"""Is a finished build a whole site? Checked before anything is published.

A last line of defence behind the dirty marker (:mod:`kbgen.cachestate`): every page the site
model promises exists; every HTML page is complete (a truncated write loses its ``</html>``); and
every local ``_images/`` or ``_static/`` file a page loads exists. Cheap: each page is read once.
"""

from __future__ import annotations

import os
import posixpath
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from kbgen import urls
from kbgen.cachestate import Manifest
from kbgen.model import Site

#: Pages every site has, whatever its content.
_FIXED_PAGES = (urls.HOME, urls.ALL_SETS, urls.SEARCH, urls.NOT_FOUND)
_ASSET_REF = re.compile(rb"""(?:src|href)=["']((?:\.\./)*_(?:images|static)/[^"'?#]+)["']""")
_END = b"</html>"


def expected_pages(site: Site) -> list[str]:
    pages = [urls.html_path(name) for name in _FIXED_PAGES]
    pages += [urls.html_path(urls.set_page(slug)) for slug in site.sets]
    pages += [urls.html_path(urls.module_page(m.set_slug, m.slug)) for m in site.modules.values()]
    pages += [urls.html_path(docname) for docname in site.articles]
    return pages


def _pages_to_read(html: Path, manifest: Manifest | None, checked: Manifest | None) -> list[Path]:
    """The HTML pages whose bytes must be read: all of them, or, given the manifest just taken and
    the one of the last build that passed this check, those that changed since — unless a file
    that build had is gone (a page it passed may load it)."""
    if manifest is None:
        return sorted(path for path in html.rglob("*.html") if path.is_file())
    pages = sorted((rel for rel in manifest if rel.endswith(".html")), key=lambda rel: rel.split(os.sep))
    if checked is not None and checked.keys() <= manifest.keys():
        pages = [rel for rel in pages if checked.get(rel) != manifest[rel]]
    return [html / rel for rel in pages]


def incomplete(html: Path, site: Site, manifest: Manifest | None = None, checked: Manifest | None = None) -> list[str]:
    """What is wrong with the built site in ``html`` (empty when it is whole), at most 10 items.

    ``manifest``: the cache's manifest of ``html`` just taken (:mod:`kbgen.cachestate`);
    ``checked``: the manifest of the last build whose site passed this check. Pages recorded alike
    in both hold the bytes that passed then, so they are not read again (at 20,000 articles,
    reading every page was seconds of each rebuild)."""
    found: list[str] = []
    for page in expected_pages(site):
        if not (html / page).is_file():
            found.append(f"{page} is missing")
    exists: dict[str, bool] = {}  # most pages load the same few files: each is looked up once

    def present(target: str) -> bool:
        if target not in exists:
            exists[target] = (html / target).is_file()
        return exists[target]

    # never a folder so named (an alias "velho.html/" is served as velho.html/index.html)
    for path in _pages_to_read(html, manifest, checked):
        rel = path.relative_to(html).as_posix()
        data = path.read_bytes()
        if _END not in data[-256:]:
            found.append(f"{rel} is {'empty' if not data else 'truncated'}")
            continue
        folder = posixpath.dirname(rel)
        for ref in {match[1].decode("utf-8", "replace") for match in _ASSET_REF.finditer(data)}:
            # as written, and as a browser reads it (entities, then %-escapes)
            candidates = [ref] if "&" not in ref and "%" not in ref else sorted({ref, unescape(ref),
                                                                                 unquote(unescape(ref))})
            targets = [posixpath.normpath(posixpath.join(folder, c)) for c in candidates]
            if not any(present(t) for t in targets):
                found.append(f"{rel} loads {targets[-1]}, which is missing")
        if len(found) >= 10:
            break
    return found[:10]
