"""Where the parts of a Word manual go: the set and module names, each article's place and slug."""

from __future__ import annotations

from dataclasses import dataclass, field

from kbgen.importers.report import ArticleReport
from kbgen.importers.word.structure import Part
from kbgen.text import slugify
from kbgen.urls import slug_problem


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
    headings: dict[str, str] = field(default_factory=dict)  # bookmark → the text of the section it is on


def unique_slug(title: str, taken: set[str], fallback: str) -> str:
    """kbgen's slug of ``title``, made free: a reserved name or a repeat gets ``-2``, ``-3`` …"""
    base = slugify(title) or fallback
    slug, n = base, 2
    while slug in taken or slug_problem(slug):
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


