"""Canais de atendimento (``canais-de-atendimento.html``): the site's channels and each set's own."""

from __future__ import annotations

from kbgen import urls
from kbgen.handoff.channels import merged_channel
from kbgen.sphinx_ext.channels import channel_view, inherited
from kbgen.sphinx_ext.links import Linker, breadcrumb
from kbgen.sphinx_ext.pages.registry import Context, PageInput, PageKind
from kbgen.sphinx_ext.theme import _


def _context(data: PageInput, pagename: str, common: Context) -> Context:
    site = data.site
    link = Linker(site, pagename)
    language = site.config.language
    return {
        "kbgen_breadcrumb": breadcrumb(link),
        "kbgen_channels": channel_view(site.config.channels, language),
        "kbgen_channel_sets": [{
            "title": s.title, "url": link.page(s.pagename), "email": s.email, "phone": s.phone, "hours": s.hours,
            "channel": channel_view(merged_channel(inherited(site), s.channel), language) if s.channel else None,
        } for s in site.sets.values()],
    }


CHANNELS = PageKind("channels", "channels.html", _context, pagename=urls.CHANNELS,
                    title=lambda: _("Canais de atendimento"))
