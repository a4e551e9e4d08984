"""The home page: the sets as tiles, Perguntas frequentes, Artigos mais lidos, the channels."""

from __future__ import annotations

from kbgen import urls
from kbgen.free_text import DESCRIPTION_ADVISED
from kbgen.sphinx_ext.channels import channel_view
from kbgen.sphinx_ext.links import Linker, article_link
from kbgen.sphinx_ext.pages.listings import faq_records, set_tiles
from kbgen.sphinx_ext.pages.registry import Context, PageInput, PageKind
from kbgen.sphinx_ext.popular import most_read, most_read_page_url
from kbgen.text import clip

HOME_FAQ = 6


def _context(data: PageInput, pagename: str, common: Context) -> Context:
    site, records = data.site, data.records
    link = Linker(site, urls.HOME)
    faq = faq_records(records)
    return {
        # only the home page shows the site's description: other pages must not depend on it
        "kbgen_site_description": site.config.description,
        "kbgen_site_meta_description": clip(site.config.description, DESCRIPTION_ADVISED)
        if site.config.description else None,
        "kbgen_tiles": set_tiles(site, records, link),
        "kbgen_faq": [article_link(link, r) for r in faq[:HOME_FAQ]],
        "kbgen_faq_more": len(faq) > HOME_FAQ,
        "kbgen_channels_summary": channel_view(site.config.channels, site.config.language),
        "kbgen_most_read": most_read(site, records, link),
        "kbgen_most_read_url": most_read_page_url(site, records, link),
    }


# The only generated *source* (Sphinx needs a real root document): its title is the document's.
HOME = PageKind("home", "home.html", _context, pagename=urls.HOME, document=True)
