"""The pages of a Markdown tree → the files of a content folder: front matter, layout, bodies, files.

Pages are read in sorted order and named from their paths, so the same tree gives the same folder.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from mdit_py_plugins.anchors.index import slugify as heading_slug

from kbgen import free_text
from kbgen.alias_paths import AliasRefused, collision_key, normalise_alias
from kbgen.assets import DOWNLOAD_TYPES, IMAGE_TYPES, content_problem
from kbgen.importers.failures import ImportFailed
from kbgen.importers.markdown.blocks import (
    BlockConverter,
    BlockHooks,
    heading_ids,
    renumber_headings,
    setext_to_atx,
    tidy,
)
from kbgen.importers.markdown.inline import ANCHOR, ORIGINAL_TEXT, InlineHooks
from kbgen.importers.markdown.layout import Layout, humanize, plan_layout, unique
from kbgen.importers.markdown.source import PAGE_SUFFIXES, SourceTree, read_text, split_front_matter
from kbgen.importers.progress import progress
from kbgen.importers.report import ArticleReport, MigrationReport
from kbgen.importers.writer import ImportedTree, ImportResult, article_text
from kbgen.text import slugify
from kbgen.validation import Invalid

SITE_TITLE = "Central de Ajuda"
#: folders whose pages are pieces other pages include (DocFX's includes/, Docusaurus' _partials …)
_FRAGMENT_FOLDERS = frozenset({"includes", "snippets", "partials"})
_H1 = re.compile(r"^#\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING_TEXT = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MARKUP = re.compile(r"[*_`]|!?\[([^\]]*)\]\([^)]*\)")
#: kbgen warns about a larger image (docs/authoring.md, Images)
_LARGE_IMAGE = 300 * 1024
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


def is_fragment_path(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return any(p.lower() in _FRAGMENT_FOLDERS or p.startswith("_") for p in parts)


def _outside_code(lines: list[str]) -> list[tuple[int, str]]:
    result, fence = [], None
    for n, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match[1]
            continue
        if fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            continue
        result.append((n, line))
    return result


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", ORIGINAL_TEXT.sub("", text))
    return " ".join(_MARKUP.sub(lambda m: m[1] or "", text).split())


def _take_title(front: dict[str, Any], body: list[str], entry: ArticleReport, stem: str) -> str:
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


def old_address(flavour: str, rel: str) -> str | None:
    """Where the tool published the page (its default URL scheme), or None (GitHub: no site of its own).

    DocFX: ``a/b.md`` → ``a/b.html``; MkDocs (``use_directory_urls``, its default): ``a/b/``, an
    ``index.md`` its folder; Docusaurus (the docs plugin's ``routeBasePath``, ``docs``): ``docs/a/b``.
    A page's own ``slug:`` or ``permalink`` is not followed (the report's aliases say what was made)."""
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
        return f"docs/{folder}".rstrip("/") if index else f"docs/{stem}"
    return None


def _aliases(page: Page, flavour: str, taken: set[str]) -> list[str]:
    """The page's old address, when it is not the new one and no page of the new site has it."""
    old = old_address(flavour, page.rel)
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
    page.entry.converted.append(f"the old address {alias} → an alias (it sends readers to the new page)")
    return [alias]


def _front(page: Page, aliases: list[str]) -> dict[str, Any]:
    values, entry = page.front, page.entry
    front: dict[str, Any] = {"title": page.title}
    description = " ".join(str(values.get("description") or "").split())
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
                                                                *_DATE_KEYS))
    if dropped:
        entry.dropped.append(f"front matter keys kbgen does not use: {', '.join(dropped)}")
    return front


@dataclass
class Importer:
    tree: SourceTree
    report: MigrationReport
    out: ImportedTree = field(default_factory=ImportedTree)
    layout: Layout = field(default_factory=Layout)
    anchors: dict[str, set[str]] = field(default_factory=dict)  # page → heading slugs and named anchors
    #: (page, HTML anchor) → its MyST target: Sphinx's labels are one namespace for the whole site
    #: (every DocFX page has its "next-steps"), so a name already taken gets "-2", "-3" …
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    taken_labels: set[str] = field(default_factory=set)
    fragments: dict[str, str] = field(default_factory=dict)  # source file → /_includes/name.md
    fragment_names: set[str] = field(default_factory=set)
    converting: list[str] = field(default_factory=list)

    def reserve_labels(self, page: str, body: list[str]) -> None:
        for _, line in _outside_code(body):
            for anchor in ANCHOR.findall(line):
                if (page, anchor) not in self.labels:
                    self.labels[(page, anchor)] = self.new_label(anchor)

    def new_label(self, anchor: str) -> str:
        label, n = anchor, 2
        while label.lower() in self.taken_labels:
            label, n = f"{anchor}-{n}", n + 1
        self.taken_labels.add(label.lower())
        return label

    # -- where things lead -------------------------------------------------------------------
    def resolve(self, base: str, path: str) -> str | None:
        """The tree's file a link of the page ``base`` means (a folder means its index), or None."""
        path = unquote(path).replace("\\", "/")
        if path.startswith("~/"):  # DocFX: relative to the docset's root
            joined = path[2:]
        elif path.startswith("/"):
            joined = path.lstrip("/")
        else:
            joined = posixpath.join(posixpath.dirname(base), path)
        joined = posixpath.normpath(joined)
        if joined.startswith("../") or joined == "..":
            return None
        joined = "" if joined == "." else joined
        candidates = [joined] if joined else []
        stripped = joined.rstrip("/")
        candidates += [f"{stripped}{s}" for s in PAGE_SUFFIXES]  # Docusaurus links leave the extension out
        candidates += [f"{stripped}/{n}" if stripped else n for n in ("index.md", "README.md", "readme.md")]
        for candidate in candidates:
            found = self.tree.find(candidate)
            if found is not None:
                return found
        return None

    def link(self, page: str, href: str, ctx: Context) -> str:
        if not href:
            return href
        if href.startswith("#"):
            return f"#{self.labels.get((page, href[1:]), href[1:])}"
        parts = urlsplit(href)
        if parts.scheme.lower() in ("http", "https", "mailto", "tel"):
            return href
        if parts.scheme or parts.netloc:
            ctx.entry.dropped.append(f"the link {href!r} ({parts.scheme or 'another host'}: not a help center "
                                     "link; DocFX's xref: has no equivalent): its text was kept")
            return ""
        found = self.resolve(page, parts.path) if parts.path else page
        if found is None:
            ctx.entry.dropped.append(f"the link {href!r}: no such file in the tree; its text was kept")
            return ""
        place = self.layout.places.get(found)
        if place is not None:
            new = ctx.relative(place.path)
            if parts.fragment:
                if (found, parts.fragment) in self.labels:
                    new += f"#{self.labels[(found, parts.fragment)]}"
                elif parts.fragment in self.anchors.get(found, set()):
                    new += f"#{parts.fragment}"
                else:
                    ctx.entry.check.append(f"the link {href!r}: the anchor #{parts.fragment} is not a heading or "
                                           "anchor of that page; it now opens the page's top")
            ctx.entry.converted.append(f"the link {href} → {new}")
            return new
        if found.lower().endswith(PAGE_SUFFIXES):
            ctx.entry.dropped.append(f"the link {href!r}: that page was not imported (a fragment or a "
                                     "navigation page); its text was kept")
            return ""
        saved = self.save(found, DOWNLOAD_TYPES, "anexos", ctx)
        return ctx.relative(saved) if saved else ""

    def image(self, page: str, src: str, ctx: Context) -> str | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith("data:"):
            ctx.entry.dropped.append(f"the remote image {src}: kbgen publishes only the site's own images; "
                                     "download it next to the article and link it (its description was kept)")
            return None
        found = self.resolve(page, parts.path)
        if found is None or found.lower().endswith(PAGE_SUFFIXES):
            ctx.entry.dropped.append(f"the image {src!r}: no such file in the tree; its description was kept")
            return None
        saved = self.save(found, IMAGE_TYPES, "img", ctx)
        return ctx.relative(saved) if saved else None

    def save(self, found: str, allowed: frozenset[str], subfolder: str, ctx: Context) -> str | None:
        """Copy a file next to the article (through kbgen's allow-list); its content-relative path."""
        path = self.tree.files[found]
        data = path.read_bytes()
        problem = content_problem(path, allowed)
        if problem:
            ctx.entry.dropped.append(f"the file {found}: {problem}")
            return None
        name = PurePosixPath(found)
        base = f"{ctx.folder}/{subfolder}/{slugify(name.stem) or 'arquivo'}"
        target, n = f"{base}{name.suffix.lower()}", 2
        while target in self.out and self.out.files[target] != data:
            target, n = f"{base}-{n}{name.suffix.lower()}", n + 1
        self.out.add_bytes(target, data)
        if allowed is IMAGE_TYPES and len(data) > _LARGE_IMAGE:
            ctx.entry.check.append(f"the image {target} is {len(data) // 1024} KB: kbgen warns above "
                                   f"{_LARGE_IMAGE // 1024} KB (and --strict stops); make it smaller")
        ctx.entry.converted.append(f"the file {found} → {target}")
        return target

    def include(self, page: str, path: str, written: str, ctx: Context) -> str | None:
        found = self.resolve(page, path)
        if found is None:  # MkDocs snippets are relative to the project (pymdownx.snippets' base_path)
            for base in (self.tree.project, self.tree.root):
                candidate = (base / path).resolve()
                if candidate.is_file() and candidate.is_relative_to(self.tree.root.resolve()):
                    found = self.tree.find(candidate.relative_to(self.tree.root.resolve()).as_posix())
                    break
        if found is None:
            ctx.entry.dropped.append(f"{written!r}: the included file is not in the tree; nothing was included")
            return None
        if found in self.converting:
            ctx.entry.dropped.append(f"{written!r}: the file includes itself (through {' → '.join(self.converting)})")
            return None
        if found not in self.fragments:
            stem = PurePosixPath(found).stem
            name = f"/_includes/{unique(stem, self.fragment_names, 'fragmento')}.md"
            self.fragments[found] = name
            text = read_text(self.tree.files[found], self.tree.shown(found))
            _, body, _ = split_front_matter(text, self.tree.shown(found))
            fragment = Context(self, found, name.lstrip("/"), ctx.entry, fragment=True)
            self.converting.append(found)
            converted = fragment.convert(heading_ids(setext_to_atx(body.split("\n"))))
            self.converting.pop()
            self.out.add_text(name.lstrip("/"), converted + "\n")
            self.report.notes.append(f"{found} → the shared fragment {name.lstrip('/')} (first included by "
                                     f"{ctx.entry.path})")
        ctx.entry.converted.append(f"{written} → {{include}} {self.fragments[found]}")
        return self.fragments[found]


@dataclass
class Context:
    """One page (an article or a fragment) being converted."""

    importer: Importer
    source: str
    target: str
    entry: ArticleReport
    fragment: bool = False
    written_labels: set[str] = field(default_factory=set)

    @property
    def folder(self) -> str:
        if self.fragment:  # a fragment's images go next to the article that included it first
            return posixpath.dirname(self.entry.path or "")
        return posixpath.dirname(self.target)

    def label_for(self, anchor: str) -> str:
        """The page's first anchor of a name keeps its reserved label; a repeat gets a new one (reported)."""
        label = self.importer.labels.get((self.source, anchor))
        if label is None or label in self.written_labels:
            label = self.importer.new_label(anchor)
        self.written_labels.add(label)
        if label != anchor:
            self.entry.check.append(f"the anchor {anchor!r} is the target ({label})=: its name was taken by "
                                    "another anchor (Sphinx's targets are one for the whole site)")
        return label

    def relative(self, path: str) -> str:
        # a fragment is read where it is included, from any folder: a path from the content's root
        return f"/{path}" if self.fragment else posixpath.relpath(path, posixpath.dirname(self.target))

    def convert(self, body: list[str]) -> str:
        importer, source = self.importer, self.source
        inline = InlineHooks(
            link=lambda href: importer.link(source, href, self),
            image=lambda src, alt: importer.image(source, src, self),
            converted=self.entry.converted.append,
            dropped=self.entry.dropped.append,
        )
        hooks = BlockHooks(
            inline=inline, entry=self.entry,
            include=lambda path, written: importer.include(source, path, written, self),
            html_link=lambda href, text: importer.link(source, href, self) or "",
            html_image=lambda src, alt: importer.image(source, src, self),
            pivot_titles=importer.tree.pivot_titles,
            target=self.label_for,
        )
        lines = BlockConverter(hooks).convert(body)
        return tidy(lines if self.fragment else renumber_headings(lines))


def _anchors(body: list[str]) -> set[str]:
    found = set()
    for _, line in _outside_code(body):
        heading = _HEADING_TEXT.match(line)
        if heading:
            found.add(heading_slug(_plain(heading[1])))
        found.update(ANCHOR.findall(line))
    return found


def _new_addresses(layout: Layout) -> set[str]:
    """The new site's pages an alias must not take: articles, sets' and modules' pages, the home page."""
    files = {"index.html"}
    for place in layout.places.values():
        files.add(f"{place.folder}/{place.slug}.html")
    for key in layout.modules:
        files.add(f"{key}/index.html")
        files.add(f"{key.split('/')[0]}/index.html")
    return {collision_key(name) for name in files}


def convert_tree(tree: SourceTree, email: str) -> ImportResult:
    report = MigrationReport(f"{tree.project} ({tree.flavour})")
    importer = Importer(tree, report)
    pages: dict[str, Page] = {}
    for rel in tree.pages():
        if is_fragment_path(rel):
            continue
        shown = tree.shown(rel)
        front, body, _ = split_front_matter(read_text(tree.files[rel], shown), shown)
        lines = heading_ids(setext_to_atx(body.split("\n")))
        entry = report.article(rel, "")
        entry.title = _take_title(front, lines, entry, PurePosixPath(rel).stem)
        pages[rel] = Page(rel, front, lines, entry.title, entry)
        importer.anchors[rel] = _anchors(lines)
        importer.reserve_labels(rel, lines)
    if not pages:
        raise ImportFailed(f"{tree.root}: every Markdown page is in an includes/ or _ folder: no article to import")
    importer.layout = plan_layout(tree, sorted(pages), {rel: p.title for rel, p in pages.items()}, email, report)
    taken = _new_addresses(importer.layout)
    for rel in progress(sorted(pages), label="Converting pages", length=len(pages)):
        page = pages[rel]
        place = importer.layout.places[rel]
        page.entry.path = place.path
        body = Context(importer, rel, place.path, page.entry).convert(page.body)
        front = _front(page, _aliases(page, tree.flavour, taken))
        importer.out.add_text(place.path, article_text(front, body))
    for rel in sorted(r for r in tree.pages() if is_fragment_path(r) and r not in importer.fragments):
        report.notes.append(f"{rel} is in an includes/ or _ folder but no page includes it: not imported")
    for slug, values in importer.layout.sets.items():
        importer.out.add_yaml(f"{slug}/_set.yml", values)
    for key, values in importer.layout.modules.items():
        importer.out.add_yaml(f"{key}/_module.yml", values)
    for entry in report.articles:  # a note repeated for each :::row::: or link is said once
        entry.converted[:] = list(dict.fromkeys(entry.converted))
        entry.dropped[:] = list(dict.fromkeys(entry.dropped))
        entry.check[:] = list(dict.fromkeys(entry.check))
    importer.out.add_yaml("kb.yml", {"title": SITE_TITLE, "language": "pt_BR"})
    report.notes.append("kb.yml has only the site's title and language: add base_url, the ticket system and the "
                        "support channels (docs/authoring.md)")
    return ImportResult(importer.out, report)
