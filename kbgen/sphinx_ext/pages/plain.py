"""Pages with nothing but their template: "Página não encontrada" (404) and "Acessibilidade"."""

from __future__ import annotations

from kbgen import urls
from kbgen.sphinx_ext.links import Linker, breadcrumb
from kbgen.sphinx_ext.pages.registry import Context, PageInput, PageKind
from kbgen.sphinx_ext.theme import _


def _context(data: PageInput, pagename: str, common: Context) -> Context:
    return {"kbgen_breadcrumb": breadcrumb(Linker(data.site, pagename))}


# served at any depth by the web server: links are absolute (Linker), and it is no page to index
NOT_FOUND = PageKind("404", "404.html", _context, pagename=urls.NOT_FOUND, title=lambda: _("Página não encontrada"),
                     in_sitemap=False)
ACCESSIBILITY = PageKind("accessibility", "accessibility.html", _context, pagename=urls.ACCESSIBILITY,
                         title=lambda: _("Acessibilidade"))
