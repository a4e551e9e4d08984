"""Template context for every page: header, breadcrumbs, set sidebar, related articles.

Everything a page shows that comes from *other* files is computed here, from the site model
and the catalogue, and nowhere else: :mod:`kbgen.sphinx_ext.incremental` hashes the same
dictionaries to know which unchanged pages must be rewritten.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from kbgen import urls
from kbgen.colors import text_colour_on
from kbgen.content import SetInfo, Site
from kbgen.sphinx_ext.author_assets import author_asset
from kbgen.sphinx_ext.catalogue import ArticleRecord, records_of, sorted_records
from kbgen.sphinx_ext.channels import channel_view, set_channel
from kbgen.sphinx_ext.handoff import call_context, handoff_call, status_url
from kbgen.sphinx_ext.state import Transient, site_of
from kbgen.sphinx_ext.theme import _

RELATED_LIMIT = 5
SET_PAGE_ARTICLES = 5
HOME_FAQ = 6


class Linker:
    """Builds links from one page; the 404 page links absolutely (it is served at any depth)."""

    def __init__(self, site: Site, pagename: str):
        if pagename == urls.NOT_FOUND:
            self.root = site.config.get("base_url") or "/"
        else:
            self.root = "../" * pagename.count("/")

    def page(self, pagename: str) -> str:
        return self.root + urls.html_path(pagename)

    def asset(self, path: str) -> str:
        return self.root + path


@lru_cache(maxsize=8192)  # babel's formatting is slow, and a help center's dates repeat
def _date_label(date: dt.date | None, language: str) -> str | None:
    if date is None:
        return None
    return format_date(date, format="long", locale=language)


def site_context(site: Site, pagename: str) -> dict[str, Any]:
    link = Linker(site, pagename)
    colour = site.config["color"]
    return {
        "kbgen_root": link.root,
        "kbgen_site": {
            "title": site.config["title"],
            "color": colour,
            "text_color": text_colour_on(colour),
            "logo": link.asset(author_asset(site, site.config["logo"])) if site.config.get("logo") else None,
        },
        "kbgen_links": {
            "home": link.page(urls.HOME),
            "sets": link.page(urls.ALL_SETS),
            "faq": link.page(urls.FAQ),
            "channels": link.page(urls.CHANNELS),
            "handoff": link.page(urls.HANDOFF),
            "search": link.page(urls.SEARCH),
            "accessibility": link.page(urls.ACCESSIBILITY),
            "status": status_url(site),  # "Meus atendimentos": the ticket system's list or status lookup
        },
        "kbgen_page": pagename,
        # absolute address for search engines and link previews (only with base_url; not for the 404)
        "kbgen_canonical": (site.config["base_url"] + urls.html_path(pagename))
        if site.config.get("base_url") and pagename != urls.NOT_FOUND else None,
        "kbgen_feed": link.asset(f"{urls.FEED}.xml"),
    }


def _article_link(link: Linker, record: ArticleRecord) -> dict[str, Any]:
    return {"title": record.title, "url": link.page(record.docname), "description": record.description}


def set_sidebar(site: Site, records: dict[str, ArticleRecord], set_info: SetInfo, link: Linker,
                current_module: str | None = None) -> dict[str, Any]:
    return {
        "title": set_info.title,
        "url": link.page(set_info.pagename),
        "email": set_info.email,
        "phone": set_info.phone,
        "hours": set_info.hours,
        "modules": [
            {"title": site.modules[k].title, "url": link.page(site.modules[k].pagename),
             "current": k == current_module}
            for k in set_info.modules
        ],
        "other_sets": [
            {"title": s.title, "url": link.page(s.pagename)} for s in site.sets.values() if s.slug != set_info.slug
        ],
        "channel": set_channel(site, set_info),  # its own phones and hours, over the site's
    }


def module_articles(site: Site, records: dict[str, ArticleRecord], module_key: str) -> list[ArticleRecord]:
    return [records[d] for d in site.modules[module_key].articles if d in records]


def set_article_count(site: Site, records: dict[str, ArticleRecord], set_info: SetInfo) -> int:
    return sum(len(module_articles(site, records, k)) for k in set_info.modules)


def related_articles(site: Site, records: dict[str, ArticleRecord], record: ArticleRecord,
                     tag_index: dict[str, list[str]]) -> list[ArticleRecord]:
    """Same module first (in module order), then articles sharing the most tags."""
    same_module = [r for r in module_articles(site, records, record.module_key) if r.docname != record.docname]
    chosen = same_module[:RELATED_LIMIT]
    if len(chosen) < RELATED_LIMIT and record.tags:
        shared: dict[str, int] = {}
        for tag in record.tags:
            for docname in tag_index.get(tag, ()):
                shared[docname] = shared.get(docname, 0) + 1
        taken = {r.docname for r in chosen} | {record.docname}
        candidates = [records[d] for d in shared if d not in taken and d in records]
        candidates.sort(key=lambda r: (-shared[r.docname], r.sort_key, r.docname))
        chosen += candidates[: RELATED_LIMIT - len(chosen)]
    return chosen


def tag_index_of(records: dict[str, ArticleRecord]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for docname in sorted(records):
        for tag in records[docname].tags:
            index.setdefault(tag.casefold(), []).append(docname)
    return index


def article_sidebar(site: Site, records: dict[str, ArticleRecord], docname: str) -> dict[str, Any]:
    """The set sidebar of an article: the same for every article of a module (articles share a depth)."""
    record = records[docname]
    return set_sidebar(site, records, site.sets[record.set_slug], Linker(site, docname), record.module_key)


def sidebar_key(records: dict[str, ArticleRecord], docname: str) -> tuple[str, int]:
    """What :func:`article_sidebar` depends on besides the site: the module and the page's depth."""
    return records[docname].module_key, docname.count("/")


def article_context(site: Site, records: dict[str, ArticleRecord], docname: str,
                    tag_index: dict[str, list[str]], sidebar: dict[str, Any] | None = None) -> dict[str, Any]:
    """``sidebar``: this article's :func:`article_sidebar`, when the caller already has it."""
    record = records[docname]
    link = Linker(site, docname)
    set_info = site.sets[record.set_slug]
    module = site.modules[record.module_key]
    related = related_articles(site, records, record, {t: tag_index.get(t.casefold(), []) for t in record.tags})
    base = site_context(site, docname)
    return {
        **base,
        **call_context(base, handoff_call(site, link, set_info, module, record)),
        "kbgen_kind": "article",
        "kbgen_breadcrumb": [
            {"title": _("Início"), "url": link.page(urls.HOME)},
            {"title": set_info.title, "url": link.page(set_info.pagename)},
            {"title": module.title, "url": link.page(module.pagename)},
        ],
        "kbgen_article": {
            "title": record.title,
            "description": record.description,
            "updated": record.updated.isoformat() if record.updated else None,
            "updated_label": _date_label(record.updated, site.config["language"]),
            "tags": list(record.tags),
        },
        "kbgen_related": [_article_link(link, r) for r in related],
        "kbgen_sidebar": sidebar if sidebar is not None else article_sidebar(site, records, docname),
    }


def home_context(site: Site, records: dict[str, ArticleRecord]) -> dict[str, Any]:
    from kbgen.sphinx_ext.popular import most_read, most_read_page_url  # it builds on this module

    link = Linker(site, urls.HOME)
    return {
        **site_context(site, urls.HOME),
        "kbgen_kind": "home",
        # only the home page shows the site's description: other pages must not depend on it
        "kbgen_site_description": site.config.get("description"),
        "kbgen_tiles": set_tiles(site, records, link),
        "kbgen_faq": [_article_link(link, r) for r in faq_records(records)[:HOME_FAQ]],
        "kbgen_faq_more": len(faq_records(records)) > HOME_FAQ,
        "kbgen_channels_summary": channel_view(site.config.get("channels"), site.config["language"]),
        "kbgen_most_read": most_read(site, records, link),
        "kbgen_most_read_url": most_read_page_url(site, records, link),
    }


def set_tiles(site: Site, records: dict[str, ArticleRecord], link: Linker) -> list[dict[str, Any]]:
    return [
        {"title": s.title, "description": s.description, "url": link.page(s.pagename),
         "count": set_article_count(site, records, s),
         "icon": link.asset(author_asset(site, s.icon)) if s.icon else None}
        for s in site.sets.values()
    ]


def faq_records(records: dict[str, ArticleRecord]) -> list[ArticleRecord]:
    return sorted_records(r for r in records.values() if r.faq)


def _attach(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> str | None:
    env = app.env
    site = site_of(env)
    records = records_of(env)
    if pagename == urls.HOME:
        context.update(home_context(site, records))
        return "home.html"
    if pagename in records:
        context.update(article_context(site, records, pagename, cached_tag_index(env)))
        return "article.html"
    return None


def fresh_tag_index(env: BuildEnvironment) -> dict[str, list[str]]:
    """Build the tag index from the catalogue and keep it for this process's later pages."""
    records = records_of(env)
    index = tag_index_of(records)
    env._kbgen_tag_index = Transient((len(records), index))  # type: ignore[attr-defined]
    return index


def cached_tag_index(env: BuildEnvironment) -> dict[str, list[str]]:
    """The tag index, built once per process (write workers each build their own)."""
    holder = getattr(env, "_kbgen_tag_index", None)
    cache = holder.value if holder is not None else None
    if cache is None or cache[0] != len(records_of(env)):
        return fresh_tag_index(env)
    index: dict[str, list[str]] = cache[1]
    return index


def setup_context(app: Sphinx) -> None:
    app.connect("html-page-context", _attach)
