"""What every page's context starts with: links from the page, the header, the breadcrumb."""

from __future__ import annotations

from typing import Any

from kbgen import urls
from kbgen.colors import text_colour_on
from kbgen.model import ArticleInfo, Site
from kbgen.pageviews.paths import base_path
from kbgen.sphinx_ext.author_assets import author_asset
from kbgen.sphinx_ext.theme import _


class Linker:
    """Builds links from one page, relative to it; the 404 page's start from ``base_url``'s path.

    The 404 page is served for a missing address at any depth, so relative links would break; but
    absolute ones with ``base_url``'s host would load the styles and scripts from that host, where
    the copy on an intranet, a staging host or a reverse proxy is not (and the CSP's ``'self'``
    refuses them). A path from the host's root (``/ajuda/_static/kbgen.css``) works on every
    host the site is published on under that path. Without ``base_url`` the site is taken to be at
    the root of its host (``/``, as kb.yml's reference says). No warning says so: a site at the
    root of its host is the common case and needs no ``base_url``.
    """

    def __init__(self, site: Site, pagename: str):
        if pagename == urls.NOT_FOUND:
            self.root = base_path(site.config.base_url)
        else:
            self.root = "../" * pagename.count("/")

    def page(self, pagename: str) -> str:
        return self.root + urls.html_path(pagename)

    def asset(self, path: str) -> str:
        return self.root + path


def status_url(site: Site, pagename: str) -> str | None:
    """The header's "Meus atendimentos": on a set's pages (its index, modules and articles), the
    set's ticket system's list or status lookup — none when the set has none, rather than another
    system's list where its tickets are not (a set by e-mail on a Zendesk site); elsewhere the site's."""
    set_info = site.sets.get(pagename.split("/", 1)[0]) if "/" in pagename else None
    if set_info is not None:
        return set_info.ticket.get("status_url") if set_info.ticket else None
    return site.config.ticket.get("status_url") if site.config.ticket else None


def site_context(site: Site, pagename: str) -> dict[str, Any]:
    link = Linker(site, pagename)
    colour = site.config.color
    return {
        "kbgen_root": link.root,
        "kbgen_site": {
            "title": site.config.title,
            "color": colour,
            "text_color": text_colour_on(colour),
            "logo": link.asset(author_asset(site, site.config.logo)) if site.config.logo else None,
        },
        "kbgen_links": {
            "home": link.page(urls.HOME),
            "sets": link.page(urls.ALL_SETS),
            "faq": link.page(urls.FAQ),
            "channels": link.page(urls.CHANNELS),
            "handoff": link.page(urls.HANDOFF),
            "search": link.page(urls.SEARCH),
            "accessibility": link.page(urls.ACCESSIBILITY),
            "status": status_url(site, pagename),  # "Meus atendimentos": the page's set's list or status lookup
        },
        "kbgen_page": pagename,
        # absolute address for search engines and link previews (only with base_url; not for the 404)
        "kbgen_canonical": (site.config.base_url + urls.html_path(pagename))
        if site.config.base_url and pagename != urls.NOT_FOUND else None,
        "kbgen_feed": link.asset(f"{urls.FEED}.xml"),
    }


def breadcrumb(link: Linker, *trail: tuple[str, str | None] | dict[str, Any]) -> list[dict[str, Any]]:
    """"Início" and then ``(title, pagename)`` steps; the current page's step has no pagename. A step
    may come ready-made (a set's, with its icon: :func:`kbgen.sphinx_ext.set_icons.set_crumb`)."""
    steps: list[dict[str, Any]] = [{"title": _("Início"), "url": link.page(urls.HOME)}]
    steps += [step if isinstance(step, dict) else {"title": step[0], "url": link.page(step[1]) if step[1] else None}
              for step in trail]
    return steps


def article_link(link: Linker, record: ArticleInfo) -> dict[str, Any]:
    return {"title": record.title, "url": link.page(record.docname), "description": record.description}
