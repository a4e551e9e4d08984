"""The article catalogue: what every later feature knows about each article.

Kept in kbgen's Sphinx domain (:class:`KbgenDomain`, the pattern of ``sphinx.ext.todo``): Sphinx
purges a re-read document's record, merges parallel readers' and pickles the records with the
environment, so incremental and parallel builds stay correct. Records are filled at
read time from the validated front matter and the doctree; anything that depends on *other*
articles (related lists, listings) is computed at write time from the whole catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Set
from dataclasses import dataclass, replace
from typing import Any, ClassVar, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from kbgen.sphinx_ext.state import site_of
from kbgen.text import sort_key

_EXCERPT_CHARS = 240


@dataclass(frozen=True)
class ArticleRecord:
    docname: str
    set_slug: str
    module_slug: str
    title: str
    description: str | None
    faq: bool
    order: int | None
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    updated: dt.date | None
    headings: tuple[str, ...]
    text: str  # body as plain text, for the search index and excerpts
    excerpt: str
    created: dt.date | None = None

    @property
    def module_key(self) -> str:
        return f"{self.set_slug}/{self.module_slug}"

    @property
    def sort_key(self) -> tuple[bool, int, str, str]:
        return (self.order is None, self.order or 0, *sort_key(self.title))


class KbgenDomain(Domain):
    """kbgen's data on the environment: the article records, the digest of each document page's
    context (:mod:`kbgen.sphinx_ext.incremental`), and — for this process only, never pickled —
    the tag index derived from the records."""

    name = "kbgen"
    label = "kbgen"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {"articles": {}, "page_digests": {}}

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.tag_index: tuple[int, dict[str, list[str]]] | None = None  # (records counted, index)

    @property
    def articles(self) -> dict[str, ArticleRecord]:
        articles: dict[str, ArticleRecord] = self.data["articles"]
        return articles

    @property
    def page_digests(self) -> dict[str, str]:
        digests: dict[str, str] = self.data["page_digests"]
        return digests

    def clear_doc(self, docname: str) -> None:
        self.articles.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        theirs = otherdata["articles"]
        for docname in docnames:
            if docname in theirs:
                self.articles[docname] = theirs[docname]


def kbgen_domain(env: BuildEnvironment) -> KbgenDomain:
    return cast(KbgenDomain, env.domains["kbgen"])


def records_of(env: BuildEnvironment) -> dict[str, ArticleRecord]:
    return kbgen_domain(env).articles


def sorted_records(records: Iterable[ArticleRecord]) -> list[ArticleRecord]:
    """The one display order: by number, then by the fixed, accent-aware title key."""
    return sorted(records, key=lambda r: (r.sort_key, r.docname))


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _EXCERPT_CHARS:
        return text
    cut = text[:_EXCERPT_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    info = site_of(env).articles.get(docname)
    if info is None:  # the generated home page
        return
    # Articles are listed by kbgen's own pages, never by a toctree: tell Sphinx not to warn.
    env.metadata[docname]["orphan"] = True
    sections = list(doctree.findall(nodes.section))
    headings = tuple(s[0].astext() for s in sections[1:] if s.children and isinstance(s[0], nodes.title))
    body = [n for n in doctree.findall(nodes.paragraph)]
    text = " ".join(p.astext() for p in body)
    records_of(env)[docname] = ArticleRecord(
        docname=docname, set_slug=info.set_slug, module_slug=info.module_slug, title=info.title,
        description=info.description, faq=info.faq, order=info.order, tags=info.tags, aliases=info.aliases,
        updated=info.updated, headings=headings, text=text, excerpt=_excerpt(info.description or text),
        created=info.created,
    )


def _refresh_dates(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Git dates change with a commit, not with the file: take them from this run's scan."""
    site = site_of(env)
    records = records_of(env)
    for docname, record in list(records.items()):
        info = site.articles.get(docname)
        if info is not None and (info.updated, info.created) != (record.updated, record.created):
            records[docname] = replace(record, updated=info.updated, created=info.created)
    return []


def setup_catalogue(app: Sphinx) -> None:
    app.add_domain(KbgenDomain)
    app.connect("doctree-read", _collect)
    app.connect("env-updated", _refresh_dates, priority=400)
