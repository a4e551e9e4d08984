"""A page's front matter and addresses: kbgen's keys from the other tools', the title (and the ``#``
heading it came from), the old address as an alias, and the anchors links may point at."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from mdit_py_plugins.anchors.index import slugify as heading_slug

from kbgen import free_text
from kbgen.alias_paths import AliasRefused, collision_key, normalise_alias
from kbgen.importers.markdown.inline import ANCHOR, ORIGINAL_TEXT
from kbgen.importers.markdown.layout import Layout, humanize, unnumbered
from kbgen.importers.markdown.lines import code_lines, renumber_headings
from kbgen.importers.markdown.lines import outside_code as _outside_code
from kbgen.importers.markdown.tabs import DOCFX_TAB
from kbgen.importers.report import ArticleReport
from kbgen.text import clip
from kbgen.validation import Invalid

#: a summary is a sentence: shorter paragraphs ("Veja abaixo.") are skipped, longer ones cut at a word
_SUMMARY_MIN, _SUMMARY_MAX = 40, 200

_H1 = re.compile(r"^#\s+(.*?)\s*#*\s*$")
_SLUGGED_HEADING = re.compile(r"^#{1,3}\s+(.*?)\s*#*\s*$")
_MARKUP = re.compile(r"[*_`]|!?\[([^\]]*)\]\([^)]*\)")
_SITE_SUFFIX = re.compile(r"\s+\|\s+[^|]+$")
_ORDER_KEYS = ("order", "sidebar_position", "weight", "nav_order")
_DATE_KEYS = ("updated", "ms.date", "date", "last_modified", "last_update")
_TAG_KEYS = ("tags", "keywords")


@dataclass
class Page:
    rel: str
    front: dict[str, Any]
    body: list[str]
    title: str
    entry: ArticleReport


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", ORIGINAL_TEXT.sub("", text))
    return " ".join(_MARKUP.sub(lambda m: m[1] or "", text).split())


def take_title(front: dict[str, Any], body: list[str], entry: ArticleReport, stem: str) -> str:
    """The title (front matter's, else the first H1's, else the file's name) and the H1 taken out of the
    body: kbgen writes the title as the page's heading itself (kbgen/sphinx_ext/source.py)."""
    title = " ".join(str(front.get("title") or "").split())
    site_suffix = _SITE_SUFFIX.search(title)
    if site_suffix:  # DocFX's titles are the browser tab's: "Como … | Microsoft Docs"
        entry.converted.append(f"title: the site's name {site_suffix[0].strip()!r} taken off its end")
        title = title[:site_suffix.start()]
    visible = [(n, line) for n, line in _outside_code(body) if line.strip()
               and not ANCHOR.fullmatch(line.strip().removesuffix("</a>"))]
    first_h1 = next(((n, m) for n, line in visible if (m := _H1.match(line)) and "](#tab/" not in line), None)
    leading = first_h1 is not None and visible and visible[0][0] == first_h1[0]
    if first_h1 is not None and (leading or not title):
        n, match = first_h1
        heading = _plain(match[1])
        if not title:
            title = heading
            entry.converted.append("title: the first heading (the page had no title in its front matter)")
        elif heading != title:
            entry.check.append(f"the heading {heading!r} was removed (kbgen shows the title {title!r} as the "
                               "page's heading): put it back as the title if it reads better")
        anchor = ANCHOR.search(body[n])  # an anchor on the heading stays, before the body
        body[n] = f'<a name="{anchor[1]}"></a>' if anchor else ""
    if not title:
        title = humanize(stem)
        entry.check.append(f"the page had no title nor heading: the title {title!r} comes from its file name")
    return title


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dict):
        return _date(value.get("date"))
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y"):  # DocFX's ms.date is MM/DD/YYYY
        try:
            return dt.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return None


def old_address(flavour: str, rel: str, front: dict[str, Any] | None = None, route_base: str = "docs") -> str | None:
    """Where the tool published the page (its default URL scheme), or None (GitHub: no site of its own).

    DocFX: ``a/b.md`` → ``a/b.html``; MkDocs (``use_directory_urls``, its default): ``a/b/``, an
    ``index.md`` its folder. Docusaurus (its docs plugin, website/docs/api/plugins/plugin-content-docs.mdx:
    ``routeBasePath``, ``docs`` unless docusaurus.config sets another): ``docs/a/b``; a front matter
    ``slug:`` replaces that path (``/x`` from the route's base, ``x`` from the page's folder), else an
    ``id:`` replaces the file's name. DocFX's and MkDocs' own ``permalink``s are not followed."""
    front = front or {}
    path = PurePosixPath(rel)
    stem = path.with_suffix("").as_posix()
    index = path.stem.lower() in ("index", "readme")
    folder = path.parent.as_posix()
    folder = "" if folder == "." else folder
    if flavour == "docfx":
        return f"{stem}.html"
    if flavour == "mkdocs":
        return f"{folder}/" if index else f"{stem}/"
    if flavour == "docusaurus":
        folder = "/".join(unnumbered(part) for part in PurePosixPath(folder).parts)
        stem = posixpath.join(folder, unnumbered(path.with_suffix("").name))
        base = route_base.strip("/")
        slug, doc_id = front.get("slug"), front.get("id")
        if isinstance(slug, str | int) and not isinstance(slug, bool) and str(slug).strip():
            slug = str(slug).strip()
            where = slug.lstrip("/") if slug.startswith("/") else posixpath.join(folder, slug)
        elif isinstance(doc_id, str | int) and not isinstance(doc_id, bool) and str(doc_id).strip():
            where = posixpath.join(folder, str(doc_id).strip())
        else:
            where = folder if index else stem
        joined = posixpath.join(base, where) if base else where
        return joined.rstrip("/") or "/"
    return None


def aliases(page: Page, flavour: str, taken: set[str], claimed: dict[str, str] | None = None,
            route_base: str = "docs") -> list[str]:
    """The page's old address, when it is not the new one and no page of the new site has it.

    ``claimed`` holds the aliases earlier pages took (their collision key → page): two Docusaurus
    pages given the same ``slug:`` (Docusaurus itself warns and serves one) keep the first, and the
    second's is reported — kbgen refuses one old address for two articles."""
    old = old_address(flavour, page.rel, page.front, route_base)
    if not old:
        return []
    try:
        alias = normalise_alias(old)
    except AliasRefused as exc:
        page.entry.check.append(f"the old address {old!r} cannot be an alias ({exc}): redirect it in the web server")
        return []
    folder_page = alias.rstrip("/") + "/index.html" if alias.endswith("/") else f"{alias}/index.html"
    if not alias or collision_key(alias) in taken or collision_key(folder_page) in taken:
        return []  # the same address as the new page, or as a set or module page: nothing to redirect
    if claimed is not None:
        other = claimed.setdefault(collision_key(folder_page), page.rel)
        if other != page.rel:
            page.entry.check.append(f"the old address {alias} is also {other}'s (the same slug: or id:): it leads "
                                    f"to {other} only; redirect it in the web server if this page should have it")
            return []
    how = " (its slug:)" if "slug" in page.front else " (its id:)" if "id" in page.front else ""
    page.entry.converted.append(f"the old address {alias}{how if flavour == 'docusaurus' else ''} → an alias "
                                "(it sends readers to the new page)")
    return [alias]


def summary(body: str) -> str:
    """The converted body's first paragraph of plain text, cut to a summary (as the Zendesk importer
    does: listings and search snippets show the description, and ``kbgen check`` asks for one)."""
    depth = 0
    for _, block, code in _blocks(body):
        first = block.lstrip()
        if code:
            continue
        if re.match(r"^:{3,}\{", first):
            depth += 1
        if depth == 0 and not re.match(r"^([#:>|*+(!\[-]|\d+[.)]|```|~~~)", first):
            text = _plain(" ".join(block.split("\n")).replace("\\", " "))
            if len(text) >= _SUMMARY_MIN:
                return clip(text, _SUMMARY_MAX)
        depth -= len(re.findall(r"^:{3,}\s*$", block, re.M))
        depth = max(depth, 0)
    return ""


def _blocks(body: str) -> list[tuple[int, str, bool]]:
    """The body's blank-line separated blocks, each with whether it is inside a code fence."""
    blocks: list[tuple[int, str, bool]] = []
    current: list[str] = []
    in_code = False
    for n, line, code in code_lines(body.split("\n")):
        if (not line.strip() and not code) or code != in_code:
            if current:
                blocks.append((n, "\n".join(current), in_code))
            current = [] if not line.strip() and not code else [line]
            in_code = code
            continue
        current.append(line)
    if current:
        blocks.append((len(blocks), "\n".join(current), in_code))
    return blocks


def front_matter(page: Page, aliases: list[str], body: str, used: tuple[str, ...] = ()) -> dict[str, Any]:
    """kbgen's keys from the page's; ``used`` are keys read elsewhere (Docusaurus' ``slug``, ``id``: the alias),
    which the report does not list as dropped."""
    values, entry = page.front, page.entry
    front: dict[str, Any] = {"title": page.title}
    description = " ".join(str(values.get("description") or "").split())
    if not description:
        description = summary(body)
        if description:
            entry.check.append("description: taken from the first paragraph; write a one-sentence summary if it "
                               "does not read as one")
    if description:
        front["description"] = description
    order = next((values[k] for k in _ORDER_KEYS if isinstance(values.get(k), int)
                  and not isinstance(values.get(k), bool)), None)
    if order is not None:
        front["order"] = order
    tags: list[str] = []
    for key in _TAG_KEYS:
        raw = values.get(key)
        items = raw.split(",") if isinstance(raw, str) else raw if isinstance(raw, list) else []
        for item in items:
            if item is None or (isinstance(item, str) and not item.strip()):
                continue  # DocFX leaves "keywords: ''" in every page: nothing to keep, nothing lost
            try:  # kbgen's own rule for a tag, so the imported front matter is valid
                tag = free_text.tag(item.strip() if isinstance(item, str) else item)
            except Invalid as exc:
                entry.dropped.append(f"the tag {str(item)[:60]!r}: {exc}")
                continue
            if tag and tag not in tags:
                tags.append(tag)
    if tags:
        front["tags"] = tags
    updated = next((d for k in _DATE_KEYS if (d := _date(values.get(k))) is not None), None)
    if aliases:
        front["aliases"] = aliases
    if updated is not None:
        front["updated"] = updated
    dropped = sorted(k for k in map(str, values) if k not in ("title", "description", *_ORDER_KEYS, *_TAG_KEYS,
                                                                *_DATE_KEYS, *used))
    if dropped:
        entry.dropped.append(f"front matter keys kbgen does not use: {', '.join(dropped)}")
    return front


def page_anchors(body: list[str]) -> set[str]:
    """What ``page.md#x`` may name: the slugs of the headings MyST gives one (levels 1 to 3 once the
    body starts at ``##``: ``myst_heading_anchors``, kbgen/sphinx_ext/config.py) and the HTML anchors."""
    found = set()
    for _, line in _outside_code(renumber_headings(body)):
        if DOCFX_TAB.match(line):
            continue  # a tab's label, not a heading, and its anchor is not kept
        heading = _SLUGGED_HEADING.match(line)
        if heading:
            found.add(heading_slug(_plain(heading[1])))
        found.update(ANCHOR.findall(line))
    return found


def new_addresses(layout: Layout) -> set[str]:
    """The new site's pages an alias must not take: articles, sets' and modules' pages, the home page."""
    files = {"index.html"}
    for place in layout.places.values():
        files.add(f"{place.folder}/{place.slug}.html")
    for key in layout.modules:
        files.add(f"{key}/index.html")
        files.add(f"{key.split('/')[0]}/index.html")
    return {collision_key(name) for name in files}
