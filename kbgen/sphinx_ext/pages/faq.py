"""Perguntas frequentes: the articles marked ``faq: true``, by set (``perguntas-frequentes.html``)."""

from __future__ import annotations

from typing import Any

from kbgen import urls
from kbgen.sphinx_ext.links import Linker, article_link, breadcrumb
from kbgen.sphinx_ext.pages.listings import faq_records
from kbgen.sphinx_ext.pages.registry import Context, PageInput, PageKind
from kbgen.sphinx_ext.theme import _


def _context(data: PageInput, pagename: str, common: Context) -> Context:
    link = Linker(data.site, pagename)
    faq = faq_records(data.records)
    groups: list[dict[str, Any]] = []
    for s in data.site.sets.values():
        entries = [r for r in faq if r.set_slug == s.slug]
        if entries:
            groups.append({"title": s.title, "url": link.page(s.pagename),
                           "articles": [article_link(link, r) for r in entries]})
    return {"kbgen_breadcrumb": breadcrumb(link), "kbgen_faq_groups": groups}


FAQ = PageKind("faq", "faq.html", _context, pagename=urls.FAQ, title=lambda: _("Perguntas frequentes"))
