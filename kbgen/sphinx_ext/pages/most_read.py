"""Artigos mais lidos (``mais-lidos.html``): exists only with page-view data that lists something."""

from __future__ import annotations

from kbgen import urls
from kbgen.pageviews.ranking import PAGE_LIMIT
from kbgen.sphinx_ext.handoff import call_context, handoff_call
from kbgen.sphinx_ext.links import Linker, breadcrumb
from kbgen.sphinx_ext.pages.registry import Context, PageInput, PageKind
from kbgen.sphinx_ext.popular import ranked
from kbgen.sphinx_ext.theme import _


def _context(data: PageInput, pagename: str, common: Context) -> Context | None:
    site, records = data.site, data.records
    count = site.popular.count if site.popular else 0
    listed = ranked(site, records, max(PAGE_LIMIT, count)) if count else []
    if not listed:
        return None  # no page: one left from an earlier build is removed with the page digests
    link = Linker(site, pagename)
    articles = []
    for docname in listed:
        record = records[docname]
        articles.append({
            "title": record.title, "url": link.page(docname), "description": record.description,
            "set": site.sets[record.set_slug].title, "module": site.modules[record.module_key].title,
        })
    return {
        **call_context(common, handoff_call(site, link)),
        "kbgen_breadcrumb": breadcrumb(link),
        "kbgen_most_read_page": articles,
    }


MOST_READ = PageKind("most-read", "popular.html", _context, pagename=urls.MOST_READ,
                     title=lambda: _("Artigos mais lidos"))
