"""The pages of the content tree that have no source: one per set and one per module."""

from __future__ import annotations

from collections.abc import Iterator

from kbgen.model import Site
from kbgen.sphinx_ext.handoff import call_context, handoff_call
from kbgen.sphinx_ext.links import Linker, article_link, breadcrumb
from kbgen.sphinx_ext.pages.listings import module_articles, set_sidebar
from kbgen.sphinx_ext.pages.registry import Context, Listed, PageInput, PageKind, Records
from kbgen.sphinx_ext.popular import most_read
from kbgen.sphinx_ext.set_icons import set_crumb

SET_PAGE_ARTICLES = 5


def _set_pages(site: Site, records: Records) -> Iterator[Listed]:
    for i, set_info in enumerate(site.sets.values()):
        yield Listed(set_info.pagename, (0, i, 0))


def _module_pages(site: Site, records: Records) -> Iterator[Listed]:
    for i, set_info in enumerate(site.sets.values()):
        for j, key in enumerate(set_info.modules, 1):  # each set's modules follow it
            yield Listed(site.modules[key].pagename, (0, i, j))


def _set_context(data: PageInput, pagename: str, common: Context) -> Context:
    site, records = data.site, data.records
    set_info = site.sets[pagename.split("/", 1)[0]]
    link = Linker(site, pagename)
    modules = []
    for key in set_info.modules:
        module = site.modules[key]
        articles = module_articles(site, records, key)
        modules.append({
            "title": module.title, "url": link.page(module.pagename), "count": len(articles),
            "articles": [article_link(link, r) for r in articles[:SET_PAGE_ARTICLES]],
        })
    return {
        **call_context(common, handoff_call(site, link, set_info)),
        "title": set_info.title,
        "kbgen_set": {"title": set_info.title, "description": set_info.description},
        "kbgen_breadcrumb": breadcrumb(link, set_crumb(site, set_info, link, current=True)),
        "kbgen_modules": modules,
        "kbgen_sidebar": set_sidebar(site, records, set_info, link),
        "kbgen_most_read": most_read(site, records, link, set_info.slug),
    }


def _module_context(data: PageInput, pagename: str, common: Context) -> Context:
    site, records = data.site, data.records
    module = site.modules[pagename.rsplit("/", 1)[0]]
    set_info = site.sets[module.set_slug]
    link = Linker(site, pagename)
    return {
        **call_context(common, handoff_call(site, link, set_info, module)),
        "title": module.title,
        "kbgen_module": {"title": module.title, "description": module.description,
                         "articles": [article_link(link, r) for r in module_articles(site, records, module.key)]},
        "kbgen_breadcrumb": breadcrumb(link, set_crumb(site, set_info, link), (module.title, None)),
        "kbgen_sidebar": set_sidebar(site, records, set_info, link, module.key),
    }


SET = PageKind("set", "set.html", _set_context, pages=_set_pages)
MODULE = PageKind("module", "module.html", _module_context, pages=_module_pages)
