"""Registrar atendimento (``registrar-atendimento.html``): every call of the site leads here."""

from __future__ import annotations

from kbgen import urls
from kbgen.sphinx_ext.channels import channel_view
from kbgen.sphinx_ext.handoff import handoff_view
from kbgen.sphinx_ext.links import Linker, breadcrumb
from kbgen.sphinx_ext.pages.registry import Context, PageInput, PageKind
from kbgen.sphinx_ext.theme import _


def _context(data: PageInput, pagename: str, common: Context) -> Context:
    site = data.site
    return {
        "kbgen_breadcrumb": breadcrumb(Linker(site, pagename)),
        "kbgen_handoff": handoff_view(site, data.records),
        "kbgen_channels_summary": channel_view(site.config.channels, site.config.language),
    }


HANDOFF = PageKind("handoff", "handoff.html", _context, pagename=urls.HANDOFF,
                   title=lambda: _("Registrar atendimento"))
