"""Redirect pages at the old addresses of moved articles (``aliases``), and ``_redirects``.

Each redirect page is a tiny HTML file with a meta refresh, a canonical link and a visible
link — no script, so it works under a strict Content-Security-Policy. ``_redirects`` (Netlify /
Cloudflare Pages format) lets hosts that support it answer with a real 301 instead.

``load_site`` has already refused every alias that would take a file of the site
(``kbgen.loading.aliases.check_aliases``). Removing a redirect page whose alias is gone is guarded as
well: only a file this extension wrote, still holding the bytes it wrote, and not a file of the
site, is deleted — so an alias removed after an article took its path never takes the page along.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path
from typing import cast
from urllib.parse import quote, urlsplit

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from kbgen import urls
from kbgen.alias_paths import collision_key
from kbgen.loading.aliases import redirects
from kbgen.loading.site_files import OWNED_FOLDERS, site_files
from kbgen.outdir import inside, remove_output_file
from kbgen.sphinx_ext.catalogue import records_of
from kbgen.sphinx_ext.state import site_of
from kbgen.sphinx_ext.theme import _
from kbgen.writing import write_if_changed

_STATE = "kbgen-redirects.json"
#: Characters left as they are in ``_redirects`` paths: RFC 3986's unreserved and sub-delims
#: that mean nothing to Netlify's parser (``:`` and ``*`` are placeholders there; aliases refuse both).
_URL_SAFE = "/-._~!$&'()+,;=@"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_state(path: Path) -> dict[str, str | None]:
    """File → digest of what was written there; an older kbgen's plain list has no digests."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(data, list):
        return {str(name): None for name in data}
    if isinstance(data, dict):
        return {str(name): (str(value) if value else None) for name, value in data.items()}
    return {}


def _remove_gone(outdir: Path, previous: dict[str, str | None], written: dict[str, str], keep: set[str]) -> None:
    """Delete the redirect pages of removed aliases, and the folders they leave empty.

    ``keep``: collision keys of every file this build owns — a page of the site or a redirect it
    still writes (``Artigo.html`` is ``artigo.html`` on a case-insensitive disk).
    """
    for gone, digest in sorted(previous.items()):
        if gone in written or collision_key(gone) in keep or gone.split("/", 1)[0] in OWNED_FOLDERS:
            continue
        path = inside(outdir, gone)
        try:
            if path is None or path.is_symlink() or not path.is_file():
                continue
            if digest is not None and _digest(path.read_text(encoding="utf-8")) != digest:
                continue  # not the page this extension wrote: someone else's file now
        except (OSError, UnicodeDecodeError):
            continue
        remove_output_file(outdir, gone)


def redirects_line(prefix: str, old: str, page: str) -> str:
    """One ``_redirects`` rule: old path, new path, status — paths percent-encoded (spaces split fields)."""
    return f"{quote(prefix + old, safe=_URL_SAFE)} {quote(prefix + page, safe=_URL_SAFE)} 301"


def _write_redirects(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "kbgen":
        return
    site = site_of(app.env)
    records = records_of(app.env)
    templates = cast(StandaloneHTMLBuilder, app.builder).templates  # the kbgen builder is one
    outdir = Path(app.outdir)
    base_url = site.config.base_url
    prefix = urlsplit(base_url).path if base_url else "/"
    pages: dict[str, str] = {}
    lines: list[str] = []
    for old, alias_file, docname in redirects(site):
        page = urls.html_path(docname)
        lines.append(redirects_line(prefix, old, page))
        if alias_file in pages:
            continue  # "a/" and "a/index.html" of one article: one page
        target = quote(posixpath.relpath(page, posixpath.dirname(alias_file) or "."), safe=_URL_SAFE)
        title = records[docname].title if docname in records else docname
        pages[alias_file] = templates.render("redirect.html", {
            "target": target, "canonical": (base_url + quote(page, safe=_URL_SAFE)) if base_url else target,
            "title": title, "root": "../" * alias_file.count("/"),  # as every page's kbgen_root (context.py)
            "language": site.config.language, "_": _,
        })
    written = {name: _digest(html) for name, html in pages.items()}
    state = Path(app.doctreedir) / _STATE
    keep = {collision_key(f) for f in [*site_files(site).files, *written]}
    _remove_gone(outdir, _read_state(state), written, keep)  # first: a gone page may hold a folder's name
    for name, html in pages.items():
        write_if_changed(outdir / name, html)
    write_if_changed(outdir / urls.REDIRECTS, "".join(f"{line}\n" for line in lines))
    state.write_text(json.dumps(written, sort_keys=True), encoding="utf-8")


def setup_redirects(app: Sphinx) -> None:
    # after the feeds (630), whose clean-up of a removed set's feed would otherwise delete a
    # redirect page written at that old address
    app.connect("build-finished", _write_redirects, priority=640)
