"""Artigos mais lidos: the home page's and each set page's top N, and ``mais-lidos.html``.

The ranking is plain Python (:mod:`kbgen.pageviews.ranking`) over ``Site.popular``, loaded with
the content. Only what a page *shows* goes into its context — the ordered titles and links, not
the counts — so a new export that leaves the order alone rewrites nothing, and one that changes
it rewrites exactly the pages whose list changed: the home page through its digest
(:mod:`kbgen.sphinx_ext.incremental`), set pages and ``mais-lidos.html`` through the listing
pages' digests. Without data every list is empty: the templates leave the sections out and
``mais-lidos.html`` is not written (or is removed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sphinx.application import Sphinx

from kbgen import urls
from kbgen.content import Site
from kbgen.pageviews.ranking import PAGE_LIMIT
from kbgen.sphinx_ext.catalogue import ArticleRecord, records_of
from kbgen.sphinx_ext.context import Linker, site_context
from kbgen.sphinx_ext.handoff import call_context, handoff_call
from kbgen.sphinx_ext.incremental import PageDigests
from kbgen.sphinx_ext.state import site_of
from kbgen.sphinx_ext.theme import _


def _ranked(site: Site, records: dict[str, ArticleRecord], limit: int, set_slug: str | None = None) -> list[str]:
    data = site.popular
    if data is None:
        return []
    titles = {docname: record.title for docname, record in records.items()}
    keep = None if set_slug is None else (lambda docname: records[docname].set_slug == set_slug)
    return data.ranked(titles, limit, keep)


def most_read(site: Site, records: dict[str, ArticleRecord], link: Linker,
              set_slug: str | None = None) -> list[dict[str, str]]:
    """``kbgen_most_read``: the top ``popular.count`` articles of the site (or of one set)."""
    count = site.popular.count if site.popular else 0
    return [{"title": records[d].title, "url": link.page(d)} for d in _ranked(site, records, count, set_slug)]


def most_read_page_url(site: Site, records: dict[str, ArticleRecord], link: Linker) -> str | None:
    """The link to ``mais-lidos.html`` when it lists more than the home page does."""
    count = site.popular.count if site.popular else 0
    longer = _ranked(site, records, count + 1)
    return link.page(urls.MOST_READ) if len(longer) > count else None


def most_read_context(site: Site, records: dict[str, ArticleRecord]) -> dict[str, Any] | None:
    """The context of ``mais-lidos.html``, or None when there is nothing to list."""
    count = site.popular.count if site.popular else 0
    ranked = _ranked(site, records, max(PAGE_LIMIT, count)) if count else []
    if not ranked:
        return None
    link = Linker(site, urls.MOST_READ)
    articles = []
    for docname in ranked:
        record = records[docname]
        articles.append({
            "title": record.title, "url": link.page(docname), "description": record.description,
            "set": site.sets[record.set_slug].title, "module": site.modules[record.module_key].title,
        })
    base = site_context(site, urls.MOST_READ)
    return {
        **base, **call_context(base, handoff_call(site, link)), "kbgen_kind": "most-read",
        "title": _("Artigos mais lidos"),
        "kbgen_breadcrumb": [{"title": _("Início"), "url": link.page(urls.HOME)}],
        "kbgen_most_read_page": articles,
    }


def _collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    context = most_read_context(site_of(app.env), records_of(app.env))
    if context is None:
        return  # not registered with the digests: a page left from an earlier build is removed
    if PageDigests.for_app(app).changed(urls.MOST_READ, ("popular.html", context)):
        yield urls.MOST_READ, context, "popular.html"


def setup_popular(app: Sphinx) -> None:
    app.connect("html-collect-pages", _collect)
