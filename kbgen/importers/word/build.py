"""The parts of a Word manual → one set, one module, one article per heading of the split level.

Text before the first heading of the split level becomes an article "Introdução" (first in the
module) when it holds more than a cover's short lines, and its first sentence-long paragraph is
also the module's description. Not the description alone: a Word preface often says who the manual
is for, what it covers, with a picture or a list — a description is one sentence in listings, so
the rest would be lost. A cover (the title, "versão 1.2 | jan 2017") is dropped and listed in the report.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag

from kbgen import free_text
from kbgen.importers.failures import ImportFailed
from kbgen.importers.html_to_myst import Hooks, MystConverter
from kbgen.importers.progress import progress
from kbgen.importers.report import ArticleReport, MigrationReport
from kbgen.importers.word.anchors import anchors, link_bookmarks
from kbgen.importers.word.hooks import ArticleHooks, bookmark_links
from kbgen.importers.word.margins import Margins
from kbgen.importers.word.places import Article, Names, Plan, unique_slug
from kbgen.importers.word.reading import WordDocument
from kbgen.importers.word.structure import (
    Part,
    bold_headings,
    bookmarks_in,
    plain,
    section_bookmarks,
    split,
    substantial,
    tidy,
)
from kbgen.importers.writer import ImportedTree, ImportResult, article_text
from kbgen.text import clip

SITE_TITLE = "Central de Ajuda"
INTRODUCTION = "Introdução"
_SUMMARY_MIN, _SUMMARY_MAX = 40, 200
#: a longer heading is a paragraph someone styled as a heading (kbgen's limit for a title is 300)
_TITLE_MAX = 150
_NOTE_REFERENCE = re.compile(r"\[\^([\w-]+)\]")


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
        for name, heading in section_bookmarks(part).items():
            plan.headings.setdefault(name, heading)
    return plan


def _summary(part: Part) -> str:
    for block in part.blocks:
        if isinstance(block, Tag) and block.name == "p":
            text = plain(block)
            if len(text) >= _SUMMARY_MIN:
                return clip(text, _SUMMARY_MAX)
    return ""


def _myst(html: str, hooks: ArticleHooks) -> str:
    soup = BeautifulSoup(html, "html.parser")
    bookmark_links(soup)
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
    _report_margins(document.margins, plan)


def _article_ranges(plan: Plan, texts: list[str]) -> list[range]:
    """The body paragraphs (indexes into ``texts``) each article came from: from its heading, found by
    its title in document order (a numbered heading's text ends with it), to the next one's. The
    first article also has what came before it (a cover's headers were on its pages too); an article
    whose heading is not found shares the previous one's paragraphs."""
    starts: list[int | None] = []
    at = 0
    for n, article in enumerate(plan.articles):
        if n == 0:
            starts.append(0)
            continue
        title = article.title.removesuffix("…")
        found = next((p for p in range(at + 1, len(texts)) if texts[p] == title or texts[p].endswith(f" {title}")
                      or (article.title.endswith("…") and texts[p].startswith(title))), None)
        if found is not None:
            at = found
        starts.append(found)
    ranges: list[range] = []
    for n, start in enumerate(starts):
        if start is None:
            ranges.append(ranges[-1])
            continue
        end = next((s for s in starts[n + 1:] if s is not None), len(texts))
        ranges.append(range(start, max(end, start + 1)))
    return ranges


def _report_margins(margins: Margins, plan: Plan) -> None:
    """Each article's page headers and footers, and the comments on its paragraphs (word/margins.py)."""
    if not margins.texts:
        return
    ranges = _article_ranges(plan, margins.texts)
    for article, paragraphs in zip(plan.articles, ranges, strict=True):
        sections = sorted({margins.sections[p] for p in paragraphs if p < len(margins.sections)})
        shown = dict.fromkeys(m.described() for s in sections if s < len(margins.margins) for m in margins.margins[s]
                              if not m.first_page or (s < len(margins.starts) and margins.starts[s] in paragraphs))
        for described in shown:
            article.entry.dropped.append(f"{described}: Word repeats it on every printed page, a web page has none; "
                                         "move into the text what readers need from it")
    for comment in margins.comments:
        home = next((a for a, r in zip(plan.articles, ranges, strict=True) if comment.paragraph in r), None)
        if home is None:
            continue
        by = f" by {comment.author}" if comment.author else ""
        home.entry.dropped.append(f"a comment{by} on {clip(margins.texts[comment.paragraph], 60)!r}: "
                                  f"{clip(comment.text, 200)!r} (a reviewer's note, not for readers: do in the text "
                                  "what it asks)")


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
    bodies: dict[str, str] = {}
    for article in progress(plan.articles, label="Converting articles", length=len(plan.articles)):
        bodies[article.path] = _convert(article, ArticleHooks(article, plan, document, tree), tidied.notes)
        for text in bold_headings(article.part):
            article.entry.check.append(f"the paragraph {text!r} is all bold, like a heading made by hand: if it is "
                                       "one, give it a Heading style in Word and import again (or make it '## …')")
    sections = {a.path: anchors(a, bodies[a.path]) for a in plan.articles}
    for article in plan.articles:
        body = link_bookmarks(article, bodies[article.path], plan, sections)
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
