"""The parts of a Word manual → one set, one module, one article per heading of the split level.

Text before the first heading of the split level becomes an article "Introdução" (first in the
module) when it holds more than a cover's short lines, and its first sentence-long paragraph is
also the module's description. Not the description alone: a Word preface often says who the manual
is for, what it covers, with a picture or a list — a description is one sentence in listings, so
the rest would be lost. A cover (the title, "versão 1.2 | jan 2017") is dropped and listed in the report.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from kbgen import free_text
from kbgen.assets import IMAGE_TYPES, content_problem
from kbgen.importers.failures import ImportFailed
from kbgen.importers.html_to_myst import Hooks, MystConverter
from kbgen.importers.progress import progress
from kbgen.importers.report import ArticleReport, MigrationReport
from kbgen.importers.word.reading import Picture, WordDocument
from kbgen.importers.word.structure import Part, bold_headings, bookmarks_in, plain, split, substantial, tidy
from kbgen.importers.writer import ImportedTree, ImportResult, article_text
from kbgen.text import clip, slugify
from kbgen.urls import slug_problem

SITE_TITLE = "Central de Ajuda"
INTRODUCTION = "Introdução"
#: kbgen warns about a larger image (docs/authoring.md, Images); --strict stops on warnings
_LARGE_IMAGE = 300 * 1024
_SUMMARY_MIN, _SUMMARY_MAX = 40, 200
#: a longer heading is a paragraph someone styled as a heading (kbgen's limit for a title is 300)
_TITLE_MAX = 150
_BOOKMARK = "kbgen-bookmark:"
_NOTE_REFERENCE = re.compile(r"\[\^([\w-]+)\]")
#: what Office 365 writes as a picture's description when nobody wrote one
_AUTOMATIC_ALT = ("descrição gerada automaticamente", "description automatically generated")


@dataclass
class Names:
    set_title: str
    set_slug: str
    module_title: str
    module_slug: str
    description: str = ""  # the module's, from the text before the first heading

    @property
    def folder(self) -> str:
        return f"{self.set_slug}/{self.module_slug}"


@dataclass
class Article:
    part: Part
    title: str
    slug: str
    order: int
    entry: ArticleReport
    #: picture key ("docx-image:N") → its file: the shared converter may convert a table cell twice
    pictures: dict[str, str | None] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"{self.slug}.md"


@dataclass
class Plan:
    names: Names
    articles: list[Article] = field(default_factory=list)
    bookmarks: dict[str, Article] = field(default_factory=dict)


def unique_slug(title: str, taken: set[str], fallback: str) -> str:
    """kbgen's slug of ``title``, made free: a reserved name or a repeat gets ``-2``, ``-3`` …"""
    base = slugify(title) or fallback
    slug, n = base, 2
    while slug in taken or slug_problem(slug):
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _description_only(intro: Part) -> bool:
    """A preface of one short paragraph is what a module description is (shown in listings)."""
    blocks = [b for b in intro.blocks if isinstance(b, Tag) or str(b).strip()]
    return len(blocks) == 1 and isinstance(blocks[0], Tag) and blocks[0].name == "p" \
        and not blocks[0].find("img") and _SUMMARY_MIN <= len(intro.text) <= free_text.DESCRIPTION_ADVISED


def _plan(parts: list[Part], names: Names, report: MigrationReport, split_level: int) -> Plan:
    plan = Plan(names)
    taken: set[str] = set()
    intro, *headed = parts
    kept: list[tuple[Part, str]] = []
    if not headed:  # no heading of the split level: the whole document is one article
        title = names.module_title
        report.notes.append(f"the document has no heading of level {split_level} or above: it became one "
                            f"article, {title!r}; give each article's title a Heading {split_level} style in "
                            "Word (or pass a deeper --split-level) and import again to split it")
        whole = Part(title, split_level, intro.blocks)
        if whole.text or any(isinstance(b, Tag) and (b.name == "img" or b.find("img")) for b in whole.blocks):
            kept.append((whole, title))
    elif _description_only(intro):
        names.description = intro.text
        report.notes.append("the one paragraph before the first heading became the module's description")
    elif substantial(intro):
        kept.append((intro, INTRODUCTION))
    elif intro.text:
        report.notes.append(f"the text before the first heading was dropped as a cover: {clip(intro.text, 200)!r}")
    for part in headed:
        if not part.title:
            report.notes.append(f"a Heading {part.level} without text was dropped")
            continue
        if not part.text and not any(isinstance(b, Tag) and b.find("img") for b in part.blocks):
            if part.level < split_level:
                report.notes.append(f"the heading {part.title!r} (level {part.level}) only groups the articles "
                                    "after it: kbgen has one module here, so it became no article")
            else:
                entry = report.article(f"Heading {part.level}", part.title)
                entry.skipped = "no text under the heading (an empty article would help nobody)"
            continue
        kept.append((part, part.title))
    if not kept:
        raise ImportFailed(f"{report.source}: the document has no text or pictures to import (is it the right file?)")
    for order, (part, title) in enumerate(kept, start=1):
        where = "the whole document" if not headed else f"Heading {part.level}" if part.level else \
            "the text before the first heading"
        entry = report.article(where, title)
        if len(title) > _TITLE_MAX:  # a whole paragraph in a heading style: its start is the title
            paragraph = BeautifulSoup("", "html.parser").new_tag("p")
            paragraph.string = title
            part.blocks.insert(0, paragraph)
            entry.check.append(f"the heading had {len(title)} characters (a paragraph in a heading style?): "
                               "the title is its start and the whole text the first paragraph; write a short title")
            title = clip(title, _TITLE_MAX)
        article = Article(part, title, unique_slug(title, taken, f"artigo-{order}"), order, entry)
        entry.path = f"{names.folder}/{article.path}"
        plan.articles.append(article)
        for name in bookmarks_in(part):
            plan.bookmarks.setdefault(name, article)
    return plan


@dataclass
class ArticleHooks:
    """Where the links and pictures of one article lead."""

    article: Article
    plan: Plan
    document: WordDocument
    tree: ImportedTree

    @property
    def entry(self) -> ArticleReport:
        return self.article.entry

    def resolve_link(self, href: str, text: str) -> str | None:
        if href.startswith(_BOOKMARK):
            name = href.removeprefix(_BOOKMARK)
            target = self.plan.bookmarks.get(name)
            if target is None:
                self.entry.dropped.append(f"the link {text!r} to the bookmark {name!r}, which is not in the "
                                          "document (or in a part that was dropped): its text was kept")
                return ""
            if target is self.article:
                self.entry.check.append(f"the link {text!r} pointed inside this same article (bookmark {name!r}): "
                                        "its text was kept")
                return ""
            self.entry.converted.append(f"the link {text!r} to the bookmark {name!r} → {target.path}")
            return target.path
        scheme = href.split(":", 1)[0].lower() if ":" in href else ""
        if scheme in ("http", "https", "mailto", "tel"):
            return None
        self.entry.dropped.append(f"the link {text!r} to {href!r} (a file or an address on the author's "
                                  "computer, which readers cannot open): its text was kept")
        return ""

    def resolve_image(self, src: str, alt: str) -> str | None:
        picture = self.document.pictures.get(src)
        if picture is None:
            self.entry.dropped.append(f"a picture mammoth could not extract ({src})")
            return None
        if src not in self.article.pictures:
            # the same picture pasted twice in an article is one file
            saved = self.article.pictures
            same = next((key for key in saved if self.document.pictures[key].data == picture.data), None)
            saved[src] = saved[same] if same else self._save(picture, alt, len({p for p in saved.values() if p}) + 1)
        return self.article.pictures[src]

    def _save(self, picture: Picture, alt: str, number: int) -> str | None:
        suffix = picture.suffix
        if suffix is None or suffix not in IMAGE_TYPES:
            self.entry.dropped.append(f"a picture of type {picture.content_type or 'unknown'} (a Word drawing or "
                                      f"TIFF that browsers do not show){_described(alt)}: save it as PNG and add it")
            return None
        relative = f"img/{self.article.slug}-{number}{suffix}"
        with tempfile.TemporaryDirectory(prefix="kbgen-import-") as folder:
            probe = Path(folder) / f"picture{suffix}"
            probe.write_bytes(picture.data)
            problem = content_problem(probe, IMAGE_TYPES)
        if problem:
            self.entry.dropped.append(f"a picture{_described(alt)}: {problem}")
            return None
        self.tree.add_bytes(f"{self.plan.names.folder}/{relative}", picture.data)
        self.entry.converted.append(f"a picture → {relative}" + (f" (alt text: {alt!r})" if alt else ""))
        if alt and any(mark in alt.lower() for mark in _AUTOMATIC_ALT):
            self.entry.check.append(f"the picture {relative} has the description Word generated by itself "
                                    f"({alt!r}): describe what it shows")
        if len(picture.data) > _LARGE_IMAGE:
            self.entry.check.append(f"the picture {relative} is {len(picture.data) // 1024} KB: kbgen warns above "
                                    f"{_LARGE_IMAGE // 1024} KB (and --strict stops); make it smaller")
        return relative


def _described(alt: str) -> str:
    return f" ({alt!r})" if alt else ""


def _bookmark_links(soup: BeautifulSoup | Tag) -> None:
    """``href="#name"`` (a link to a Word bookmark) → a form the link hook sees (the shared converter keeps
    only the text of in-page links)."""
    for link in soup.find_all("a", href=True):
        href = str(link["href"])
        if href.startswith("#") and len(href) > 1:
            link["href"] = _BOOKMARK + href[1:]


def _summary(part: Part) -> str:
    for block in part.blocks:
        if isinstance(block, Tag) and block.name == "p":
            text = plain(block)
            if len(text) >= _SUMMARY_MIN:
                return clip(text, _SUMMARY_MAX)
    return ""


def _myst(html: str, hooks: ArticleHooks) -> str:
    soup = BeautifulSoup(html, "html.parser")
    _bookmark_links(soup)
    myst_hooks = Hooks(hooks.resolve_link, hooks.resolve_image, lambda element: None, hooks.entry)
    return str(MystConverter(myst_hooks).body(str(soup)))


def _convert(article: Article, hooks: ArticleHooks, notes: dict[str, str]) -> str:
    """The article's MyST, its footnotes (those it cites, in order) defined at its end."""
    body = _myst(article.part.html, hooks)
    cited = list(dict.fromkeys(_NOTE_REFERENCE.findall(body)))
    definitions = [f"[^{label}]: {' '.join(_myst(notes[label], hooks).split())}" for label in cited if label in notes]
    if definitions:
        hooks.entry.converted.append(f"footnotes → MyST footnotes: {len(definitions)}")
    return "\n\n".join([body, *definitions])


def _front(article: Article) -> dict[str, Any]:
    front: dict[str, Any] = {"title": article.title}
    description = _summary(article.part)
    if description:
        front["description"] = description
        article.entry.check.append("description: taken from the first paragraph; write a one-sentence summary "
                                   "if it does not read as one")
    else:
        article.entry.check.append("no paragraph to take a description from: write a one-sentence 'description'")
    front["order"] = article.order
    return front


def _deduplicate(entry: ArticleReport) -> None:
    """One line per fact: the shared converter reads a table with blocks in its cells twice."""
    for items in (entry.converted, entry.dropped, entry.check):
        items[:] = dict.fromkeys(items)


def _report_document(document: WordDocument, plan: Plan, report: MigrationReport, tidied_notes: list[str]) -> None:
    report.notes.extend(tidied_notes)
    if document.page_breaks:
        report.notes.append(f"page breaks were dropped (a web page has none): {document.page_breaks}")
    if document.empty_paragraphs:
        report.notes.append(f"empty paragraphs (spacing made with Enter) were dropped: {document.empty_paragraphs}")
    for text in document.text_boxes:
        home = next((a for a in plan.articles if text in a.part.text), None)
        if home is None:
            report.notes.append(f"a text box was dropped (mammoth cannot read it): {clip(text, 120)!r}; copy its "
                                "text into the article where it belongs")
        else:
            home.entry.check.append(f"a text box ({clip(text, 80)!r}) became a paragraph after the one it was "
                                    "anchored to: check that it reads in the right place")
    for message in document.messages:
        report.notes.append(f"mammoth: {message}")


def build_tree(document: WordDocument, names: Names, email: str, split_level: int, source: str) -> ImportResult:
    report = MigrationReport(source)
    tree = ImportedTree()
    tidied = tidy(document.html)
    notes = []
    if tidied.title_lines:
        notes.append(f"the document's title ({'; '.join(tidied.title_lines)!r}, Title/Subtitle style) was not "
                     f"imported: the module is {names.module_title!r}")
    if tidied.toc_entries:
        notes.append(f"the table of contents ({tidied.toc_entries} lines) was dropped: the site's navigation and "
                     "search replace it")
    if tidied.typed_lists:
        notes.append(f"paragraphs numbered or bulleted by hand ('1. …', '• …') became lists: {tidied.typed_lists} "
                     "lists")
    if tidied.header_rows:
        notes.append(f"tables whose first row is all bold got it as their header row: {tidied.header_rows}")
    if tidied.numbered_headings:
        shown = ", ".join(repr(clip(h, 60)) for h in tidied.numbered_headings)
        notes.append(f"numbers typed into headings were dropped (the site orders articles itself): {shown}")
    plan = _plan(split(tidied.soup, split_level), names, report, split_level)
    for article in progress(plan.articles, label="Converting articles", length=len(plan.articles)):
        hooks = ArticleHooks(article, plan, document, tree)
        body = _convert(article, hooks, tidied.notes)
        for text in bold_headings(article.part):
            article.entry.check.append(f"the paragraph {text!r} is all bold, like a heading made by hand: if it is "
                                       "one, give it a Heading style in Word and import again (or make it '## …')")
        tree.add_text(f"{names.folder}/{article.path}", article_text(_front(article), body))
        _deduplicate(article.entry)
    _report_document(document, plan, report, notes)
    tree.add_yaml(f"{names.set_slug}/_set.yml", {"title": names.set_title, "email": email})
    module: dict[str, Any] = {"title": names.module_title}
    intro = next((a for a in plan.articles if a.part.level == 0), None)
    if intro is not None and _summary(intro.part):
        names.description = _summary(intro.part)
        report.notes.append("the module's description is the introduction's first paragraph: check it")
    if names.description:
        module["description"] = names.description
    tree.add_yaml(f"{names.folder}/_module.yml", module)
    tree.add_yaml("kb.yml", {"title": SITE_TITLE, "language": "pt_BR"})
    report.notes.append("kb.yml has only the site's title and language: add base_url, the ticket system and the "
                        "support channels (docs/authoring.md)")
    return ImportResult(tree, report)
