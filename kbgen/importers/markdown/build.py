"""The pages of a Markdown tree → the files of a content folder: front matter, layout, bodies, files.

Pages are read in sorted order and named from their paths, so the same tree gives the same folder.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from kbgen.assets import DOWNLOAD_TYPES, IMAGE_TYPES, content_problem
from kbgen.importers.failures import ImportFailed
from kbgen.importers.markdown.blocks import BlockConverter, BlockHooks
from kbgen.importers.markdown.front import Page, aliases, front_matter, new_addresses, page_anchors, take_title
from kbgen.importers.markdown.inline import ANCHOR, InlineHooks
from kbgen.importers.markdown.layout import Layout, plan_layout, unique
from kbgen.importers.markdown.lines import heading_ids, outside_code, renumber_headings, setext_to_atx, tidy
from kbgen.importers.markdown.nav import apply_nav
from kbgen.importers.markdown.source import PAGE_SUFFIXES, SourceTree, read_text, split_front_matter
from kbgen.importers.markdown.tabs import DOCFX_TAB
from kbgen.importers.progress import progress
from kbgen.importers.report import ArticleReport, MigrationReport
from kbgen.importers.writer import ImportedTree, ImportResult, article_text
from kbgen.text import slugify

SITE_TITLE = "Central de Ajuda"
#: folders whose pages are pieces other pages include (DocFX's includes/, Docusaurus' _partials …)
_FRAGMENT_FOLDERS = frozenset({"includes", "snippets", "partials"})
#: kbgen warns about a larger image (docs/authoring.md, Images)
_LARGE_IMAGE = 300 * 1024


def is_fragment_path(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return any(p.lower() in _FRAGMENT_FOLDERS or p.startswith("_") for p in parts)


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
        for _, line in outside_code(body):
            if DOCFX_TAB.match(line):
                continue  # a tab's label: its anchor is not kept (front.page_anchors)
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
            if (page, href[1:]) in self.labels:
                return f"#{self.labels[(page, href[1:])]}"
            if href[1:] in self.anchors.get(page, set()) or ctx.fragment:
                return href
            ctx.entry.dropped.append(f"the link {href!r}: no heading or anchor of that name on the page; its "
                                     "text was kept")
            return ""
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
        try:
            data = path.read_bytes()
            problem = content_problem(path, allowed)
        except OSError as exc:  # one unreadable picture must not stop the migration: it is reported
            ctx.entry.dropped.append(f"the file {found}: cannot read it ({exc.strerror})")
            return None
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
        entry.title = take_title(front, lines, entry, PurePosixPath(rel).stem)
        pages[rel] = Page(rel, front, lines, entry.title, entry)
        importer.anchors[rel] = page_anchors(lines)
        importer.reserve_labels(rel, lines)
    if not pages:
        raise ImportFailed(f"{tree.root}: every Markdown page is in an includes/ or _ folder: no article to import")
    importer.layout = plan_layout(tree, sorted(pages), {rel: p.title for rel, p in pages.items()}, email, report)
    if tree.flavour == "mkdocs":
        apply_nav(tree, importer.layout, {rel: p.front for rel, p in pages.items()}, report)
    taken = new_addresses(importer.layout)
    claimed: dict[str, str] = {}
    used = ("slug", "id") if tree.flavour == "docusaurus" else ()
    for rel in progress(sorted(pages), label="Converting pages", length=len(pages)):
        page = pages[rel]
        place = importer.layout.places[rel]
        page.entry.path = place.path
        body = Context(importer, rel, place.path, page.entry).convert(page.body)
        front = front_matter(page, aliases(page, tree.flavour, taken, claimed, tree.route_base), body, used)
        importer.out.add_text(place.path, article_text(front, body))
    for rel in tree.links:
        report.notes.append(f"{rel} is a symbolic link: not followed (it may lead outside the tree); copy the file "
                            "in if it belongs to the documentation")
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
