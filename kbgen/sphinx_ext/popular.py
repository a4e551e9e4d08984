"""Artigos mais lidos: the lists of the home page, of each set page and of ``mais-lidos.html``.

The ranking is plain Python (:mod:`kbgen.pageviews.ranking`) over ``Site.popular``, loaded with
the content. Only what a page *shows* goes into its context — the ordered titles and links, not
the counts — so a new export that leaves the order alone rewrites nothing, and one that changes
it rewrites exactly the pages whose list changed: the home page through its digest
(:mod:`kbgen.sphinx_ext.incremental`), set pages and ``mais-lidos.html`` through the listing
pages' digests. Without data every list is empty: the templates leave the sections out and
``mais-lidos.html`` (:mod:`kbgen.sphinx_ext.pages.most_read`) is not written (or is removed).
"""

from __future__ import annotations

from kbgen import urls
from kbgen.model import ArticleInfo, Site
from kbgen.sphinx_ext.links import Linker


def ranked(site: Site, records: dict[str, ArticleInfo], limit: int, set_slug: str | None = None) -> list[str]:
    data = site.popular
    if data is None:
        return []
    titles = {docname: record.title for docname, record in records.items()}
    keep = None if set_slug is None else (lambda docname: records[docname].set_slug == set_slug)
    return data.ranked(titles, limit, keep)


def most_read(site: Site, records: dict[str, ArticleInfo], link: Linker,
              set_slug: str | None = None) -> list[dict[str, str]]:
    """``kbgen_most_read``: the top ``popular.count`` articles of the site (or of one set)."""
    count = site.popular.count if site.popular else 0
    return [{"title": records[d].title, "url": link.page(d)} for d in ranked(site, records, count, set_slug)]


def most_read_page_url(site: Site, records: dict[str, ArticleInfo], link: Linker) -> str | None:
    """The link to ``mais-lidos.html`` when it lists more than the home page does."""
    count = site.popular.count if site.popular else 0
    longer = ranked(site, records, count + 1)
    return link.page(urls.MOST_READ) if len(longer) > count else None
