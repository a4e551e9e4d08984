"""For search engines and sharing: ``sitemap.xml`` and ``robots.txt``.

Both are written after every build from the site model and the catalogue — not collected from
``html-page-context``, which only sees the pages a build rewrote (sphinx-sitemap's open issue
13) — so they are complete after incremental builds. The sitemap needs absolute URLs: without
``base_url`` there is none, and ``robots.txt`` does not point to it. Canonical links and
OpenGraph tags are in the page templates (``layout.html``), fed by ``context.site_context``.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from sphinx.application import Sphinx

from kbgen import urls
from kbgen.sphinx_ext.catalogue import records_of
from kbgen.sphinx_ext.pages import page_kinds
from kbgen.sphinx_ext.pages.registry import sitemap_pages
from kbgen.sphinx_ext.state import site_of
from kbgen.writing import write_if_changed


def sitemap_entries(app: Sphinx) -> list[tuple[str, str | None]]:
    """(page path, last modification date or None) of the page kinds listed in the sitemap."""
    outdir = Path(app.outdir)
    entries: list[tuple[str, str | None]] = []
    for page in sitemap_pages(page_kinds(app), site_of(app.env), records_of(app.env)):
        path = urls.html_path(page.pagename)
        # a top-level page may not exist in every build (mais-lidos.html needs page-view data)
        if page.position or (outdir / path).is_file():
            entries.append((path, page.lastmod.isoformat() if page.lastmod else None))
    return entries


def _write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "kbgen":
        return
    outdir = Path(app.outdir)
    base_url = site_of(app.env).config.base_url
    robots = "User-agent: *\nAllow: /\n"
    if base_url:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for path, lastmod in sitemap_entries(app):
            modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
            lines.append(f"  <url><loc>{escape(base_url + path)}</loc>{modified}</url>")
        lines.append("</urlset>")
        write_if_changed(outdir / urls.SITEMAP, "\n".join(lines) + "\n")
        robots += f"Sitemap: {base_url}{urls.SITEMAP}\n"
    else:
        (outdir / urls.SITEMAP).unlink(missing_ok=True)
    write_if_changed(outdir / urls.ROBOTS, robots)


def setup_seo(app: Sphinx) -> None:
    app.connect("build-finished", _write_files, priority=620)
