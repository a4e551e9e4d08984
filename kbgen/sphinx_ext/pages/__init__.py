"""kbgen's pages, one kind per module, declared in the page registry (:mod:`.registry`).

Two kinds are Sphinx documents — the home page (the one generated source: Sphinx needs a real
root document) and the articles — and get their context in ``html-page-context``. Every other
page has no source and no doctree: it is rendered from its template in ``html-collect-pages``,
and only when its context changed since the last build or its file is gone
(:class:`~kbgen.sphinx_ext.pagedigests.PageDigests`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sphinx.application import Sphinx

from kbgen.sphinx_ext.catalogue import records_of
from kbgen.sphinx_ext.pagedigests import PageDigests
from kbgen.sphinx_ext.pages.all_sets import ALL_SETS
from kbgen.sphinx_ext.pages.article import ARTICLE
from kbgen.sphinx_ext.pages.channels import CHANNELS
from kbgen.sphinx_ext.pages.faq import FAQ
from kbgen.sphinx_ext.pages.handoff import HANDOFF
from kbgen.sphinx_ext.pages.home import HOME
from kbgen.sphinx_ext.pages.listings import cached_tag_index
from kbgen.sphinx_ext.pages.most_read import MOST_READ
from kbgen.sphinx_ext.pages.plain import ACCESSIBILITY, NOT_FOUND
from kbgen.sphinx_ext.pages.registry import PAGE_KINDS_EVENT, PageInput, PageKind
from kbgen.sphinx_ext.pages.search import SEARCH
from kbgen.sphinx_ext.pages.tree import MODULE, SET
from kbgen.sphinx_ext.state import site_of

#: kbgen's own kinds, in the sitemap's order (top-level pages first, then the content tree).
BUILT_IN: tuple[PageKind, ...] = (
    HOME, ALL_SETS, FAQ, MOST_READ, CHANNELS, HANDOFF, SEARCH, NOT_FOUND, ACCESSIBILITY, SET, MODULE, ARTICLE,
)

Page = tuple[str, dict[str, Any], str]


def page_kinds(app: Sphinx) -> list[PageKind]:
    """The registry of this build: kbgen's kinds, then those other extensions add."""
    kinds = list(BUILT_IN)
    for answer in app.emit(PAGE_KINDS_EVENT):
        kinds.extend(answer)
    return kinds


def _input(app: Sphinx) -> PageInput:
    env = app.env
    return PageInput(site_of(env), records_of(env), lambda: cached_tag_index(env))


def _collect(app: Sphinx) -> Iterator[Page]:
    data = _input(app)
    digests = PageDigests(app)
    for kind in page_kinds(app):
        if kind.document:
            continue
        for listed in kind.listed(data.site, data.records):
            context = kind.build(data, listed.pagename)
            if context is None:
                continue  # not registered with the digests: a page left from an earlier build is removed
            if digests.changed(listed.pagename, (kind.template, context)):
                yield listed.pagename, context, kind.template
    digests.save()  # Sphinx wrote every page yielded above


def _attach(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> str | None:
    """Document pages: a top-level page of its own (the home page) or an article of the catalogue."""
    data = _input(app)
    for kind in page_kinds(app):
        if kind.document and (pagename == kind.pagename or (kind.pagename is None and pagename in data.records)):
            context.update(kind.build(data, pagename) or {})
            return kind.template
    return None


def setup_pages(app: Sphinx) -> None:
    app.add_event(PAGE_KINDS_EVENT)
    app.connect("html-collect-pages", _collect)
    app.connect("html-page-context", _attach)
