""""Ver todos": every set as a tile (``conjuntos.html``)."""

from __future__ import annotations

from kbgen import urls
from kbgen.sphinx_ext.links import Linker, breadcrumb
from kbgen.sphinx_ext.pages.listings import set_tiles
from kbgen.sphinx_ext.pages.registry import Context, PageInput, PageKind
from kbgen.sphinx_ext.theme import _


def _context(data: PageInput, pagename: str, common: Context) -> Context:
    link = Linker(data.site, pagename)
    return {"kbgen_breadcrumb": breadcrumb(link), "kbgen_tiles": set_tiles(data.site, data.records, link)}


ALL_SETS = PageKind("sets", "sets.html", _context, pagename=urls.ALL_SETS, title=lambda: _("Todos os conjuntos"))
