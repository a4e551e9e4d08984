"""kbgen's own pages, produced through ``html-collect-pages`` (no source file, no doctree).

The home page is the only generated *source* (Sphinx needs a real root document); every
other listing page is rendered from a theme template with a context from
:mod:`kbgen.sphinx_ext.context`. A page whose context did not change since the last build,
and whose file is still there, is not rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sphinx.application import Sphinx

from kbgen import urls
from kbgen.content import Site
from kbgen.sphinx_ext.catalogue import ArticleRecord, records_of, sorted_records
from kbgen.sphinx_ext.context import (
    SET_PAGE_ARTICLES,
    Linker,
    _article_link,
    faq_records,
    module_articles,
    set_sidebar,
    set_tiles,
    site_context,
)
from kbgen.sphinx_ext.handoff import call_context, handoff_call
from kbgen.sphinx_ext.incremental import PageDigests
from kbgen.sphinx_ext.popular import most_read
from kbgen.sphinx_ext.state import site_of
from kbgen.sphinx_ext.theme import _

Page = tuple[str, dict[str, Any], str]


def listing_pages(site: Site, records: dict[str, ArticleRecord]) -> Iterator[Page]:
    home = Linker(site, urls.ALL_SETS)
    yield urls.ALL_SETS, {
        **site_context(site, urls.ALL_SETS), "kbgen_kind": "sets", "title": _("Todos os conjuntos"),
        "kbgen_breadcrumb": [{"title": _("Início"), "url": home.page(urls.HOME)}],
        "kbgen_tiles": set_tiles(site, records, home),
    }, "sets.html"

    faq = Linker(site, urls.FAQ)
    groups = []
    for s in site.sets.values():
        entries = [r for r in faq_records(records) if r.set_slug == s.slug]
        if entries:
            groups.append({"title": s.title, "url": faq.page(s.pagename),
                           "articles": [_article_link(faq, r) for r in entries]})
    yield urls.FAQ, {
        **site_context(site, urls.FAQ), "kbgen_kind": "faq", "title": _("Perguntas frequentes"),
        "kbgen_breadcrumb": [{"title": _("Início"), "url": faq.page(urls.HOME)}],
        "kbgen_faq_groups": groups,
    }, "faq.html"

    search = Linker(site, urls.SEARCH)
    yield urls.SEARCH, {
        **site_context(site, urls.SEARCH), "kbgen_kind": "search", "title": _("Resultados da busca"),
        "kbgen_breadcrumb": [{"title": _("Início"), "url": search.page(urls.HOME)}],
        "kbgen_search_sets": [{"slug": s.slug, "title": s.title} for s in site.sets.values()],
    }, "search.html"

    for pagename, template, title in (
        (urls.NOT_FOUND, "404.html", _("Página não encontrada")),
        (urls.ACCESSIBILITY, "accessibility.html", _("Acessibilidade")),
    ):
        link = Linker(site, pagename)
        yield pagename, {
            **site_context(site, pagename), "kbgen_kind": template.removesuffix(".html"), "title": title,
            "kbgen_breadcrumb": [{"title": _("Início"), "url": link.page(urls.HOME)}],
        }, template

    for set_info in site.sets.values():
        link = Linker(site, set_info.pagename)
        modules = []
        for key in set_info.modules:
            module = site.modules[key]
            articles = module_articles(site, records, key)
            modules.append({
                "title": module.title, "url": link.page(module.pagename), "count": len(articles),
                "articles": [_article_link(link, r) for r in articles[:SET_PAGE_ARTICLES]],
            })
        base = site_context(site, set_info.pagename)
        yield set_info.pagename, {
            **base, **call_context(base, handoff_call(site, link, set_info)), "kbgen_kind": "set",
            "title": set_info.title,
            "kbgen_set": {"title": set_info.title, "description": set_info.description},
            "kbgen_breadcrumb": [{"title": _("Início"), "url": link.page(urls.HOME)},
                                 {"title": set_info.title, "url": None}],
            "kbgen_modules": modules,
            "kbgen_sidebar": set_sidebar(site, records, set_info, link),
            "kbgen_most_read": most_read(site, records, link, set_info.slug),
        }, "set.html"

        for key in set_info.modules:
            module = site.modules[key]
            link = Linker(site, module.pagename)
            base = site_context(site, module.pagename)
            yield module.pagename, {
                **base, **call_context(base, handoff_call(site, link, set_info, module)), "kbgen_kind": "module",
                "title": module.title,
                "kbgen_module": {"title": module.title, "description": module.description,
                                 "articles": [_article_link(link, r) for r in module_articles(site, records, key)]},
                "kbgen_breadcrumb": [{"title": _("Início"), "url": link.page(urls.HOME)},
                                     {"title": set_info.title, "url": link.page(set_info.pagename)},
                                     {"title": module.title, "url": None}],
                "kbgen_sidebar": set_sidebar(site, records, set_info, link, key),
            }, "module.html"


def _collect(app: Sphinx) -> Iterator[Page]:
    site = site_of(app.env)
    records = records_of(app.env)
    digests = PageDigests.for_app(app)
    for pagename, context, template in listing_pages(site, records):
        if digests.changed(pagename, (template, context)):
            yield pagename, context, template


def setup_pages(app: Sphinx) -> None:
    app.connect("html-collect-pages", _collect)


__all__ = ["listing_pages", "setup_pages", "sorted_records"]
