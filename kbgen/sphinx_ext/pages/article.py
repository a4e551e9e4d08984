"""Article pages: Sphinx documents, given their breadcrumb, sidebar, date and related articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from babel.dates import format_date

from kbgen.free_text import DESCRIPTION_ADVISED
from kbgen.model import Site
from kbgen.sphinx_ext.catalogue import sorted_records
from kbgen.sphinx_ext.handoff import call_context, handoff_call
from kbgen.sphinx_ext.links import Linker, article_link, breadcrumb
from kbgen.sphinx_ext.pages.listings import related_articles, set_sidebar
from kbgen.sphinx_ext.pages.registry import Context, Listed, PageInput, PageKind, Records
from kbgen.sphinx_ext.set_icons import set_crumb
from kbgen.text import clip, tag_key


@lru_cache(maxsize=8192)  # babel's formatting is slow, and a help center's dates repeat
def _date_label(date: dt.date | None, language: str) -> str | None:
    if date is None:
        return None
    return format_date(date, format="long", locale=language)


def article_sidebar(site: Site, records: Records, docname: str) -> dict[str, Any]:
    """The set sidebar of an article: the same for every article of a module (articles share a depth)."""
    record = records[docname]
    return set_sidebar(site, records, site.sets[record.set_slug], Linker(site, docname), record.module_key)


def sidebar_key(records: Records, docname: str) -> tuple[str, int]:
    """What :func:`article_sidebar` depends on besides the site: the module and the page's depth."""
    return records[docname].module_key, docname.count("/")


def article_context(site: Site, records: Records, docname: str, tag_index: dict[str, list[str]],
                    sidebar: dict[str, Any] | None = None) -> Context:
    """The whole context of an article page; ``sidebar``: its :func:`article_sidebar`, when the
    caller already has it (the incremental digests build one per module)."""
    common = ARTICLE.common(site, docname)
    return {**common, **_context(PageInput(site, records, lambda: tag_index), docname, common, sidebar)}


def _context(data: PageInput, docname: str, common: Context, sidebar: dict[str, Any] | None = None) -> Context:
    site, records = data.site, data.records
    record = records[docname]
    link = Linker(site, docname)
    set_info = site.sets[record.set_slug]
    module = site.modules[record.module_key]
    tag_index = data.tag_index()
    related = related_articles(site, records, record, {t: tag_index.get(tag_key(t), []) for t in record.tags})
    return {
        **call_context(common, handoff_call(site, link, set_info, module, record)),
        "kbgen_breadcrumb": breadcrumb(link, set_crumb(site, set_info, link), (module.title, module.pagename)),
        "kbgen_article": {
            "title": record.title,
            "description": record.description,
            # search engines and link previews show the start of a long summary: cut at a word
            "meta_description": clip(record.description, DESCRIPTION_ADVISED) if record.description else None,
            "updated": record.updated.isoformat() if record.updated else None,
            "updated_label": _date_label(record.updated, site.config.language),
            "tags": list(record.tags),
        },
        "kbgen_related": [article_link(link, r) for r in related],
        "kbgen_sidebar": sidebar if sidebar is not None else article_sidebar(site, records, docname),
    }


def _pages(site: Site, records: Records) -> Iterator[Listed]:
    for i, record in enumerate(sorted_records(records.values())):
        yield Listed(record.docname, (1, i), record.updated)


ARTICLE = PageKind("article", "article.html", _context, pages=_pages, document=True)
