"""The search results page (``search.html?q=``): filled in the browser, so not in the sitemap."""

from __future__ import annotations

from kbgen import urls
from kbgen.sphinx_ext.handoff import call_context, handoff_call
from kbgen.sphinx_ext.links import Linker, breadcrumb
from kbgen.sphinx_ext.pages.registry import Context, PageInput, PageKind
from kbgen.sphinx_ext.theme import _


def _context(data: PageInput, pagename: str, common: Context) -> Context:
    link = Linker(data.site, pagename)
    return {
        **call_context(common, handoff_call(data.site, link)),  # the results' hand-off (kbgen-search-results.js)
        "kbgen_breadcrumb": breadcrumb(link),
        "kbgen_search_sets": [{"slug": s.slug, "title": s.title} for s in data.site.sets.values()],
    }


SEARCH = PageKind("search", "search.html", _context, pagename=urls.SEARCH, title=lambda: _("Resultados da busca"),
                  in_sitemap=False)
