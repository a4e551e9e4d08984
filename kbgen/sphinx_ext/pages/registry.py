"""The page registry: every kind of page the site has, declared once.

A :class:`PageKind` says what a kind of page is called (``kbgen_kind`` in the templates), its
template, its title, how its context is built, which pages of that kind a site has, and whether
they are listed in ``sitemap.xml``. Page generation (:mod:`kbgen.sphinx_ext.pages`), the sitemap
(:mod:`kbgen.sphinx_ext.seo`), the page digests (:mod:`kbgen.sphinx_ext.incremental`) and the
reserved names (``urls.RESERVED_PAGES``, checked against the registry by
``tests/test_page_registry.py``) all read it. Another extension adds kinds by answering the
``kbgen-page-kinds`` event (see docs/architecture.md, "How to add a page").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kbgen.model import ArticleInfo, Site
from kbgen.sphinx_ext.links import site_context

Records = dict[str, ArticleInfo]
Context = dict[str, Any]

#: The event another extension answers with a list of its own page kinds.
PAGE_KINDS_EVENT = "kbgen-page-kinds"


@dataclass
class PageInput:
    """What a context builder reads: the site model, the catalogue, and (for articles) the tag index."""

    site: Site
    records: Records
    tag_index: Callable[[], dict[str, list[str]]] = field(default=lambda: {})


@dataclass(frozen=True)
class Listed:
    """One page of a kind, as the sitemap lists it: ``position`` orders pages across kinds."""

    pagename: str
    position: tuple[Any, ...] = ()
    lastmod: dt.date | None = None


#: (input, page name, the page's common context) → the kind's own context, or None: no such page now
ContextBuilder = Callable[[PageInput, str, Context], "Context | None"]


@dataclass(frozen=True)
class PageKind:
    name: str  # ``kbgen_kind``: what the templates and the CSS call this kind of page
    template: str
    context: ContextBuilder
    #: a page at the top of the site: its one name (reserved: no set, module or article may take it)
    pagename: str | None = None
    #: pages of the content tree (sets, modules, articles): which ones this site has
    pages: Callable[[Site, Records], Iterable[Listed]] | None = None
    title: Callable[[], str] | None = None  # a fixed title, translated when the page is built
    in_sitemap: bool = True
    #: rendered from a Sphinx document (``html-page-context``) rather than collected without one
    document: bool = False

    def listed(self, site: Site, records: Records) -> list[Listed]:
        if self.pagename is not None:
            return [Listed(self.pagename)]
        return list(self.pages(site, records)) if self.pages else []

    def build(self, data: PageInput, pagename: str) -> Context | None:
        """The page's whole context: the common part, ``kbgen_kind``, the title, the kind's own."""
        common = self.common(data.site, pagename)
        own = self.context(data, pagename, common)
        return None if own is None else {**common, **own}

    def common(self, site: Site, pagename: str) -> Context:
        """What every page of the kind has: the header and links (``site_context``), kind and title."""
        common: Context = {**site_context(site, pagename), "kbgen_kind": self.name}
        if self.title is not None:
            common["title"] = self.title()
        return common


def sitemap_pages(kinds: Sequence[PageKind], site: Site, records: Records) -> list[Listed]:
    """The pages the sitemap lists: top-level pages in registry order, then the tree by position."""
    top = [p for k in kinds if k.in_sitemap and k.pagename is not None for p in k.listed(site, records)]
    tree = [p for k in kinds if k.in_sitemap and k.pagename is None for p in k.listed(site, records)]
    return top + sorted(tree, key=lambda p: p.position)
