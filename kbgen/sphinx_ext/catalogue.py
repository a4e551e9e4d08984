"""The article catalogue: what every later feature knows about each article.

Kept on the Sphinx environment with purge and merge handlers (the pattern of
``sphinx.ext.todo``) so incremental and parallel builds stay correct. Records are filled at
read time from the validated front matter and the doctree; anything that depends on *other*
articles (related lists, listings) is computed at write time from the whole catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from docutils import nodes
from sphinx.application import Sphinx
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


def records_of(env: BuildEnvironment) -> dict[str, ArticleRecord]:
    if not hasattr(env, "kbgen_articles"):
        env.kbgen_articles = {}  # type: ignore[attr-defined]
    records: dict[str, ArticleRecord] = env.kbgen_articles  # type: ignore[attr-defined]
    return records


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


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    records_of(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine, theirs = records_of(env), records_of(other)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


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
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _refresh_dates, priority=400)
