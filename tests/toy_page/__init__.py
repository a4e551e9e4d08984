"""A toy page kind, registered by a Sphinx extension: the walkthrough of docs/architecture.md
("How to add a page"), followed by ``tests/test_page_registry.py``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from kbgen.sphinx_ext.catalogue import sorted_records
from kbgen.sphinx_ext.links import Linker, article_link, breadcrumb
from kbgen.sphinx_ext.pages.registry import Context, PageInput, PageKind

PAGENAME = "artigos-recentes"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _context(data: PageInput, pagename: str, common: Context) -> Context:
    link = Linker(data.site, pagename)
    newest = sorted(sorted_records(data.records.values()), key=lambda r: r.updated or dt.date.min,
                    reverse=True)
    return {"kbgen_breadcrumb": breadcrumb(link), "toy_articles": [article_link(link, r) for r in newest[:10]]}


RECENT = PageKind("recent", "recent.html", _context, pagename=PAGENAME, title=lambda: "Artigos recentes")


def _templates(app: Sphinx, config: Config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("kbgen.sphinx_ext")  # the registry's event is kbgen's
    app.connect("config-inited", _templates)
    app.connect("kbgen-page-kinds", lambda _app: [RECENT])
    return {"parallel_read_safe": True, "parallel_write_safe": True}
