"""Redirect pages at the old addresses of moved articles (``aliases``), and ``_redirects``.

Each redirect page is a tiny HTML file with a meta refresh, a canonical link and a visible
link — no script, so it works under a strict Content-Security-Policy. ``_redirects`` (Netlify /
Cloudflare Pages format) lets hosts that support it answer with a real 301 instead.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.application import Sphinx

from kbgen import urls
from kbgen.redirects import redirects
from kbgen.sphinx_ext.catalogue import records_of
from kbgen.sphinx_ext.state import site_of
from kbgen.sphinx_ext.theme import _

_STATE = "kbgen-redirects.json"


def _write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_redirects(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "kbgen":
        return
    site = site_of(app.env)
    records = records_of(app.env)
    outdir = Path(app.outdir)
    base_url = site.config.get("base_url")
    prefix = urlsplit(base_url).path if base_url else "/"
    written: list[str] = []
    lines: list[str] = []
    for old, alias_file, docname in redirects(site):
        page = urls.html_path(docname)
        target = posixpath.relpath(page, posixpath.dirname(alias_file) or ".")
        root = "../" * alias_file.count("/")  # as every page's kbgen_root (context.py)
        title = records[docname].title if docname in records else docname
        html = app.builder.templates.render("redirect.html", {  # type: ignore[attr-defined]
            "target": target, "canonical": (base_url + page) if base_url else target, "title": title,
            "root": root, "language": site.config["language"], "_": _,
        })
        _write_if_changed(outdir / alias_file, html)
        written.append(alias_file)
        lines.append(f"{prefix}{old} {prefix}{page} 301")
    _write_if_changed(outdir / "_redirects", "".join(f"{line}\n" for line in lines))
    state = Path(app.doctreedir) / _STATE
    try:
        previous = set(json.loads(state.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    for gone in sorted(previous - set(written)):
        (outdir / gone).unlink(missing_ok=True)
    state.write_text(json.dumps(sorted(written)), encoding="utf-8")


def setup_redirects(app: Sphinx) -> None:
    app.connect("build-finished", _write_redirects, priority=610)
