"""The Help Center's categories, sections and articles → the files of a content folder.

Everything is ordered by (position, id) — never by the order the API or the folder gave — so the
same help center always gives the same folder. Names are slugs of the titles made unique by a
suffix (``-2``, ``-3`` … for sets and modules, ``-<id>`` for articles, whose ids are stable).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kbgen import free_text, validation
from kbgen.importers.failures import ImportFailed
from kbgen.importers.http import split_url
from kbgen.importers.progress import progress
from kbgen.importers.report import ArticleReport, MigrationReport
from kbgen.importers.writer import ImportedTree, ImportResult, article_text
from kbgen.importers.zendesk.body import ArticleBody, convert_body, summary
from kbgen.importers.zendesk.files import Fetched
from kbgen.importers.zendesk.source import HelpCenter
from kbgen.text import clip, slugify
from kbgen.urls import slug_problem
from kbgen.validation import Invalid

SITE_TITLE = "Central de Ajuda"
#: an article's html_url path: ``hc/<locale>/articles/<id>[-<slug>]``; the locale is optional (a help
#: center in one language may answer without it)
_HTML_URL = re.compile(r"^hc/(?:([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)/)?articles/(\d+)(?:-[^/]*)?$")


class Files(Protocol):
    def get(self, url: str) -> Fetched: ...


@dataclass
class Place:
    set_slug: str
    module_slug: str
    slug: str

    @property
    def path(self) -> str:
        return f"{self.set_slug}/{self.module_slug}/{self.slug}.md"


@dataclass
class Plan:
    """Where every kept item goes: category id → set slug, section id → (set, module, title)."""

    sets: dict[int, str] = field(default_factory=dict)
    modules: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    articles: dict[int, Place] = field(default_factory=dict)
    hosts: set[str] = field(default_factory=set)  # the help center's own host names


def _ordered(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    def key(item: dict[str, Any]) -> tuple[int, int]:
        position = item.get("position")
        return (position if isinstance(position, int) and not isinstance(position, bool) else 0, item["id"])
    return sorted(items, key=key)


def _unique(name: str, taken: set[str], fallback: str, suffix: str | None = None) -> str:
    slug = slugify(name) or fallback
    if slug_problem(slug):  # a reserved name ("perguntas-frequentes"): the fallback's id makes it free
        slug = f"{slug}-{suffix or fallback.rsplit('-', 1)[-1]}"
    if slug in taken:
        if suffix:
            slug = f"{slug}-{suffix}"
        else:
            n = 2
            while f"{slug}-{n}" in taken:
                n += 1
            slug = f"{slug}-{n}"
    taken.add(slug)
    return slug


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def _chain(section: dict[str, Any], sections: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The section and its parents, outermost first (a loop in the data stops the walk)."""
    chain, seen = [section], {section["id"]}
    parent = section.get("parent_section_id")
    while isinstance(parent, int) and parent in sections and parent not in seen:
        seen.add(parent)
        chain.insert(0, sections[parent])
        parent = sections[parent].get("parent_section_id")
    return chain


def _plan_places(center: HelpCenter, report: MigrationReport, include_restricted: bool) -> tuple[Plan, dict[str, Any]]:
    plan = Plan()
    categories, sections = center.items["categories"], center.items["sections"]
    if center.items["articles"] and not (categories and sections):
        missing = " and ".join(kind for kind in ("categories", "sections") if not center.items[kind])
        raise ImportFailed(f"{center.source}: {len(center.items['articles'])} articles but no {missing}: kbgen "
                           "needs them to make sets and modules; save the responses of /api/v2/help_center/"
                           f"<locale>/{missing.replace(' and ', '.json and ')}.json next to the articles")
    set_slugs: set[str] = set()
    for category in _ordered(categories.values()):
        plan.sets[category["id"]] = _unique(_text(category.get("name")), set_slugs, f"conjunto-{category['id']}")
    module_slugs: dict[str, set[str]] = {}
    for section in _ordered(sections.values()):
        chain = _chain(section, sections)
        category_id = next((s.get("category_id") for s in reversed(chain) if s.get("category_id") in categories), None)
        title = " › ".join(_text(s.get("name")) or f"Seção {s['id']}" for s in chain)
        if category_id is None:
            report.notes.append(f"section {section['id']} {title!r}: its category is not in the source; "
                                "its articles are skipped")
            continue
        set_slug = plan.sets[category_id]
        slug = _unique(title, module_slugs.setdefault(set_slug, set()), f"modulo-{section['id']}")
        plan.modules[section["id"]] = (set_slug, slug, title)
        if len(chain) > 1:
            report.notes.append(f"section {section['id']} {title!r} was inside another section: it is the "
                                f"module {set_slug}/{slug} (kbgen has one level of modules)")
    article_slugs: dict[tuple[str, str], set[str]] = {}
    kept: dict[str, Any] = {}
    for article in _ordered(center.items["articles"].values()):
        title = _text(article.get("title")) or _text(article.get("name"))
        entry = report.article(f"article {article['id']}", title or "(no title)")
        why = _why_skipped(article, plan, title, include_restricted)
        if why:
            entry.skipped = why
            continue
        set_slug, module_slug, _ = plan.modules[article["section_id"]]
        taken = article_slugs.setdefault((set_slug, module_slug), set())
        place = Place(set_slug, module_slug, _unique(title, taken, f"artigo-{article['id']}", str(article["id"])))
        plan.articles[article["id"]] = place
        entry.path = place.path
        kept[str(article["id"])] = (article, entry)
        # the help center's own names: html_url's (a mapped host, support.example.com) and the API's
        # (example.zendesk.com), which attachments and links copied from the agent's view use
        for field_name in ("html_url", "url"):
            host = split_url(str(article.get(field_name) or "")).hostname
            if host:
                plan.hosts.add(host.lower())
    return plan, kept


def _why_skipped(article: dict[str, Any], plan: Plan, title: str, include_restricted: bool) -> str | None:
    if article.get("draft") is True:
        return "a draft (not published in Zendesk)"
    segments = _segments(article)
    if segments and not include_restricted:
        shown = ", ".join(str(s) for s in segments)
        return (f"restricted to the user segment{'s' if len(segments) > 1 else ''} {shown} (agents or signed-in "
                "users); a public site must not publish it — --include-restricted imports it")
    if article.get("section_id") is None:
        return "it has no section_id (the API gives one for every article): save the list response again"
    if article.get("section_id") not in plan.modules:
        return f"its section {article.get('section_id')} is not in the source (or was skipped)"
    if not title:
        return "it has no title"
    return None


def _segments(article: dict[str, Any]) -> list[Any]:
    """The user segments an article is restricted to: ``user_segment_id`` (null: everyone), and
    ``user_segment_ids``, the list Zendesk added for an article visible to several segments (the
    Articles API reference lists both); either one restricts it."""
    found = [article["user_segment_id"]] if article.get("user_segment_id") is not None else []
    many = article.get("user_segment_ids")
    for segment in many if isinstance(many, list) else []:
        if segment is not None and segment not in found:
            found.append(segment)
    return found


def _front(article: dict[str, Any], title: str, locale: str, entry: ArticleReport) -> dict[str, Any]:
    front: dict[str, Any] = {"title": title}
    description = summary(str(article.get("body") or ""))
    if description:
        front["description"] = description
        entry.check.append("description: taken from the first paragraph; write a one-sentence summary if it "
                           "does not read as one")
    if article.get("promoted") is True:
        front["faq"] = True
    position = article.get("position")
    if isinstance(position, int) and not isinstance(position, bool):
        front["order"] = position
    labels: list[str] = []
    names = article.get("label_names")
    for label in names if isinstance(names, list) else []:
        try:  # kbgen's own rule for a tag, so the imported front matter is valid
            tag = free_text.tag(label)
        except Invalid as exc:
            entry.dropped.append(f"the label {str(label)[:60]!r}: {exc}")
            continue
        if tag and tag not in labels:
            labels.append(tag)
    if labels:
        front["tags"] = labels
    aliases = _aliases(article, locale, entry)
    if aliases:
        front["aliases"] = aliases
    try:  # a date, not a string: YAML writes it unquoted, so it reads back as the date kbgen expects
        front["updated"] = dt.date.fromisoformat(str(article.get("updated_at") or "")[:10])
    except ValueError:
        entry.check.append(f"updated_at {article.get('updated_at')!r} is not a date: 'updated' was left out")
    entry.converted.append("label_names → tags, promoted → faq, position → order, updated_at → updated; "
                           f"old addresses → aliases: {', '.join(aliases) or 'none'}")
    return front


def _aliases(article: dict[str, Any], locale: str, entry: ArticleReport) -> list[str]:
    """``hc/<locale>/articles/<id>-<slug>`` (from html_url, case kept) and ``hc/<locale>/articles/<id>``.

    The short form takes its locale from html_url when it has one, spelled the same way: ``pt-BR`` in
    one alias and ``pt-br`` in the other would be two folders differing only in case, one folder on
    Windows and macOS (kbgen refuses that, docs/authoring.md "Moved articles"). Each alias is checked
    as kbgen checks one (kbgen.validation.alias): one it would refuse is reported, never written.
    """
    article_locale = _text(article.get("locale")) or locale
    candidates = []
    path = split_url(str(article.get("html_url") or "")).path.strip("/")
    match = _HTML_URL.match(path)
    if match and match.group(2) == str(article["id"]):
        candidates.append(path)
        article_locale = match.group(1) or article_locale
    candidates.append(f"hc/{article_locale}/articles/{article['id']}" if article_locale
                      else f"hc/articles/{article['id']}")
    aliases: list[str] = []
    for candidate in candidates:
        try:
            alias = validation.alias(candidate)
        except Invalid as exc:
            entry.dropped.append(f"the old address {candidate!r}: {exc}")
            continue
        if alias not in aliases:
            aliases.append(alias)
    return aliases


def build_tree(center: HelpCenter, files: Files, email: str, locale: str, include_restricted: bool,
               source: str) -> ImportResult:
    report = MigrationReport(source)
    tree = ImportedTree()
    plan, kept = _plan_places(center, report, include_restricted)
    used_modules: set[tuple[str, str]] = set()
    for key in progress(sorted(kept, key=int), label="Converting articles", length=len(kept)):
        article, entry = kept[key]
        place = plan.articles[article["id"]]
        body = ArticleBody(place, plan, files, tree, entry)
        text = convert_body(str(article.get("body") or ""), body)
        tree.add_text(place.path, article_text(_front(article, entry.title, locale, entry), text))
        used_modules.add((place.set_slug, place.module_slug))
    _write_sets(center, plan, tree, report, email, used_modules)
    tree.add_yaml("kb.yml", {"title": SITE_TITLE, "language": "pt_BR"})
    report.notes.append("kb.yml has only the site's title and language: add base_url, the ticket system and the "
                        "support channels (docs/authoring.md)")
    return ImportResult(tree, report)


def _description(item: dict[str, Any], what: str, report: MigrationReport) -> str:
    """The item's description as kbgen accepts one (one line; a longer one is cut, and noted)."""
    text = _text(item.get("description"))
    if len(text) <= free_text.DESCRIPTION_ADVISED:
        return text
    report.notes.append(f"{what}: its description had {len(text)} characters; it was cut to "
                        f"{free_text.DESCRIPTION_ADVISED} (a one-sentence summary)")
    return clip(text, free_text.DESCRIPTION_ADVISED)


def _write_sets(center: HelpCenter, plan: Plan, tree: ImportedTree, report: MigrationReport, email: str,
                used_modules: set[tuple[str, str]]) -> None:
    used_sets = {s for s, _ in used_modules}
    for category in _ordered(center.items["categories"].values()):
        set_slug = plan.sets[category["id"]]
        if set_slug not in used_sets:
            report.notes.append(f"category {category['id']} {_text(category.get('name'))!r} has no imported "
                                "article: no set was made for it")
            continue
        values: dict[str, Any] = {"title": _text(category.get("name")) or set_slug}
        if _text(category.get("description")):
            values["description"] = _description(category, f"category {category['id']}", report)
        values["email"] = email
        if isinstance(category.get("position"), int):
            values["order"] = category["position"]
        tree.add_yaml(f"{set_slug}/_set.yml", values)
    for section in _ordered(center.items["sections"].values()):
        if section["id"] not in plan.modules:
            continue
        set_slug, module_slug, title = plan.modules[section["id"]]
        if (set_slug, module_slug) not in used_modules:
            report.notes.append(f"section {section['id']} {title!r} has no imported article: no module was made")
            continue
        values = {"title": title}
        if _text(section.get("description")):
            values["description"] = _description(section, f"section {section['id']}", report)
        if isinstance(section.get("position"), int):
            values["order"] = section["position"]
        tree.add_yaml(f"{set_slug}/{module_slug}/_module.yml", values)
