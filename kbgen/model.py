"""The typed model of a help center: what ``kbgen.loading`` produces from a valid content folder.

Plain dataclasses, no Sphinx, no file reading: every feature (search, hand-off, page views) and
the Sphinx extension take a :class:`Site` as given and never re-validate it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Required, TypedDict

from kbgen import urls
from kbgen.text import printable, sort_key

_EXAMPLES = 5  # unmatched page-view paths named in the build's summary line


class Ticket(TypedDict, total=False):
    """Where Registrar atendimento leads (``ticket:``, kbgen.handoff.ticket): a set's is the site's
    keys under its own, with only the keys that apply to its system. The page writes it as JSON
    for ``kbgen-handoff.js``, so it stays a mapping."""

    system: Required[str]  # zendesk, osticket, glpi, url or email
    url: str
    locale: str
    ticket_form_id: str
    set_field: str
    module_field: str
    set_tag: str
    module_tags: dict[str, str]  # module slug → option tag
    topic_id: str
    questions: dict[str, str]  # subject, description, set, module, urgency, type, query → GLPI question UUID
    urgency: str  # glpi: very low … very high, for questions.urgency
    request_type: str  # glpi: incident or request, for questions.type
    set_option: str  # glpi: this set's option UUID, for a drop-down questions.set
    module_options: dict[str, str]  # glpi: module slug → option UUID, for a drop-down questions.module
    template: str
    status_url: str
    email: str  # the set's e-mail, for the email system


class Channels(TypedDict, total=False):
    """Canais de atendimento (``channels:``, kbgen.handoff.channels): the site's, or a set's own."""

    timezone: str | None
    hours: dict[str, Any] | None  # kbgen.handoff.hours
    holidays: list[dict[str, Any]]
    phones: list[dict[str, Any]]
    email: str | None
    chat: dict[str, Any] | None
    portal: dict[str, Any] | None
    response_times: list[dict[str, Any]]
    attach: list[str]


class PopularSettings(TypedDict):
    """Artigos mais lidos (``popular:``, kbgen.pageviews)."""

    source: str | None
    count: int


@dataclass
class ArticleInfo:
    docname: str  # "fiscal/nota-fiscal-eletronica/como-cancelar" — also the page name
    set_slug: str
    module_slug: str
    slug: str
    path: Path
    title: str
    description: str | None
    faq: bool
    order: int | None
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    updated: dt.date | None
    body_line: int
    created: dt.date | None = None  # first commit that added the file (feeds: "new" articles)
    review_by: dt.date | None = None
    key_lines: dict[str, int] = field(default_factory=dict)  # line of each front-matter key, for messages

    @property
    def module_key(self) -> str:
        return f"{self.set_slug}/{self.module_slug}"

    @property
    def sort_key(self) -> tuple[bool, int, str, str]:
        """The one display order: by number, then by the fixed, accent-aware title key."""
        return display_order(self)


@dataclass
class ModuleInfo:
    set_slug: str
    slug: str
    path: Path
    title: str
    description: str | None
    order: int | None
    articles: list[str] = field(default_factory=list)  # docnames, in display order

    @property
    def key(self) -> str:
        return f"{self.set_slug}/{self.slug}"

    @property
    def pagename(self) -> str:
        return urls.module_page(self.set_slug, self.slug)


@dataclass
class SetInfo:
    slug: str
    path: Path
    title: str
    description: str | None
    email: str
    phone: str | None
    hours: str | None
    order: int | None
    icon: str | None
    modules: list[str] = field(default_factory=list)  # module keys, in display order
    ticket: Ticket = field(default_factory=lambda: Ticket(system="email"))  # resolved: the site's keys under its own
    channel: Channels | None = None  # the set's own channels (merged over the site's when shown)

    @property
    def pagename(self) -> str:
        return urls.set_page(self.slug)


@dataclass(frozen=True)
class SiteConfig:
    """``kb.yml``, validated: one attribute per key of ``kbgen.loading.schemas.KB_SCHEMA`` (a test
    holds the two to the same names), filled with the schema's defaults."""

    title: str
    description: str | None = None
    language: str = "pt_BR"
    base_url: str | None = None  # always ending in "/"
    logo: str | None = None  # a path inside the content folder
    color: str = "#1a5e9a"
    allow_raw_html: bool = False
    allow_file_insertion: bool = False
    ticket: Ticket | None = None
    channels: Channels | None = None
    popular: PopularSettings | None = None


@dataclass
class SetAside:
    """What the loader refused (broken front matter, ``_set.yml`` or ``_module.yml``), as stand-ins
    with placeholder values: never built or published, but ``kbgen check`` (and a build that will
    not publish) still reads their bodies, so one run reports every problem of every file, and
    links to a refused article are not reported as broken (:mod:`kbgen.loading.stand_ins`)."""

    sets: dict[str, SetInfo] = field(default_factory=dict)
    modules: dict[str, ModuleInfo] = field(default_factory=dict)
    articles: dict[str, ArticleInfo] = field(default_factory=dict)


@dataclass
class Site:
    root: Path
    config: SiteConfig
    sets: dict[str, SetInfo] = field(default_factory=dict)  # in display order
    modules: dict[str, ModuleInfo] = field(default_factory=dict)  # "set/module", in display order
    articles: dict[str, ArticleInfo] = field(default_factory=dict)  # docname, in display order
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # _synonyms.yml: jargon -> reader words
    shallow_git: bool = False
    popular: PopularData | None = None  # page views for Artigos mais lidos (kbgen.pageviews)
    set_aside: SetAside = field(default_factory=SetAside)  # refused files, only for reporting their problems

    def module_of(self, article: ArticleInfo) -> ModuleInfo:
        return self.modules[article.module_key]


def display_order(item: SetInfo | ModuleInfo | ArticleInfo) -> tuple[bool, int, str, str]:
    """Numbered items first by number, the rest after them; ties by the fixed title key."""
    return (item.order is None, item.order or 0, *sort_key(item.title))


def rank(views: Mapping[str, int], titles: Mapping[str, str], limit: int | None = None,
         keep: Callable[[str], bool] | None = None) -> list[str]:
    """Docnames by views, most first; ties by the fixed title key, then docname: deterministic."""
    chosen = [d for d, n in views.items() if n > 0 and d in titles and (keep is None or keep(d))]
    chosen.sort(key=lambda d: (-views[d], *sort_key(titles[d]), d))
    return chosen if limit is None else chosen[:limit]


@dataclass(frozen=True)
class PopularData:
    views: dict[str, int]  # article docname → views
    count: int  # articles on the home page and on each set page
    sources: tuple[str, ...]  # the files, as displayed
    unmatched: tuple[tuple[str, int], ...]  # (path, views) matching no article, most viewed first

    def ranked(self, titles: Mapping[str, str], limit: int | None = None,
               keep: Callable[[str], bool] | None = None) -> list[str]:
        return rank(self.views, titles, limit, keep)

    def summary(self) -> str | None:
        """The one line the build prints about paths that match no article, or None."""
        if not self.unmatched:
            return None
        total = sum(n for _p, n in self.unmatched)
        examples = ", ".join(f"{p} ({n})" for p, n in self.unmatched[:_EXAMPLES])
        more = ", …" if len(self.unmatched) > _EXAMPLES else ""
        return printable(f"kbgen: most read: {len(self.unmatched)} path(s) in {', '.join(self.sources)} with "
                         f"{total} view(s) match no article: {examples}{more}. An article that moved can list its "
                         "old path in 'aliases'.", newlines=False)  # the paths are the readers' text
