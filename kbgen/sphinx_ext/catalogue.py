"""The article catalogue: what every later feature knows about each article.

An article is its :class:`~kbgen.model.ArticleInfo` (the one article model, from the validated
front matter and this run's git dates) once Sphinx has read it; what only the doctree tells
(headings, plain text, excerpt) is an :class:`ArticleText`, kept in kbgen's Sphinx domain
(:class:`KbgenDomain`, the pattern of ``sphinx.ext.todo``): Sphinx purges a re-read document's
text, merges parallel readers' and pickles the texts with the environment, so incremental and
parallel builds stay correct. Anything that depends on *other* articles (related lists, listings)
is computed at write time from the whole catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from kbgen.model import ArticleInfo
from kbgen.sphinx_ext.state import site_of

_EXCERPT_CHARS = 240


@dataclass(frozen=True)
class ArticleText:
    """What only the parsed document tells of an article; the rest is its :class:`~kbgen.model.ArticleInfo`."""

    headings: tuple[str, ...]
    text: str  # body as plain text, for the search index and excerpts
    excerpt: str


class KbgenDomain(Domain):
    """kbgen's data on the environment: the text of each article read, the digest of each
    document page's context (:mod:`kbgen.sphinx_ext.incremental`), and — for this process only,
    never pickled — the catalogue and tag index derived from them."""

    name = "kbgen"
    label = "kbgen"
    data_version = 2
    initial_data: ClassVar[dict[str, Any]] = {"texts": {}, "page_digests": {}}

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.records: dict[str, ArticleInfo] | None = None  # see records_of
        self.tag_index: tuple[int, dict[str, list[str]]] | None = None  # (records counted, index)

    @property
    def texts(self) -> dict[str, ArticleText]:
        texts: dict[str, ArticleText] = self.data["texts"]
        return texts

    def set_text(self, docname: str, text: ArticleText) -> None:
        self.texts[docname] = text
        self.records = None

    @property
    def page_digests(self) -> dict[str, str]:
        digests: dict[str, str] = self.data["page_digests"]
        return digests

    def clear_doc(self, docname: str) -> None:
        self.texts.pop(docname, None)
        self.records = None

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        theirs = otherdata["texts"]
        for docname in docnames:
            if docname in theirs:
                self.texts[docname] = theirs[docname]
        self.records = None

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
                         node: pending_xref, contnode: nodes.Element) -> list[tuple[str, nodes.reference]]:
        # kbgen's domain keeps data, not link targets. MyST asks every domain about every link it
        # cannot resolve itself, and without this method warns once per build, at no file
        # ("has not implemented a `resolve_any_xref` method": myst_parser/sphinx_ext/myst_refs.py)
        return []


def kbgen_domain(env: BuildEnvironment) -> KbgenDomain:
    return cast(KbgenDomain, env.domains["kbgen"])


def records_of(env: BuildEnvironment) -> dict[str, ArticleInfo]:
    """The catalogue: every article Sphinx has read, as this run's model has it (its dates from
    this run's git scan), in display order."""
    domain = kbgen_domain(env)
    if domain.records is None:
        texts = domain.texts
        domain.records = {d: info for d, info in site_of(env).articles.items() if d in texts}
    return domain.records


def texts_of(env: BuildEnvironment) -> dict[str, ArticleText]:
    return kbgen_domain(env).texts


def sorted_records(records: Iterable[ArticleInfo]) -> list[ArticleInfo]:
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
    text = "\n".join(" ".join(p.astext().split()) for p in body)  # a line a paragraph: passages end there
    kbgen_domain(env).set_text(docname, ArticleText(headings, text, _excerpt(info.description or text)))


def setup_catalogue(app: Sphinx) -> None:
    app.add_domain(KbgenDomain)
    app.connect("doctree-read", _collect)
