"""Reading a Markdown documentation tree: which tool wrote it, where its pages are, each file's text.

``--flavour auto`` looks at the markers each tool's own project has at its top: DocFX's
``docfx.json`` (or a ``toc.yml``), MkDocs' ``mkdocs.yml`` (whose ``docs_dir``, ``docs`` by default,
holds the pages — mkdocs/config/defaults.py), Docusaurus' ``docusaurus.config.js``/``.ts``/``.mjs``
(pages in ``docs/``); anything else is GitHub-flavoured Markdown, the tree itself being the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from kbgen.importers.failures import ImportFailed

FLAVOURS = ("auto", "docfx", "mkdocs", "github", "docusaurus")
PAGE_SUFFIXES = (".md", ".markdown", ".mdx")
#: folders a documentation project keeps beside its pages, never pages themselves
_SKIPPED_FOLDERS = frozenset({"node_modules", "_site", "site", "build", "obj", "bin", "__pycache__"})
#: pages that are a tool's navigation, not an article (DocFX's TOC.md, GitBook's SUMMARY.md)
_NAVIGATION_PAGES = frozenset({"toc.md", "summary.md"})
_DOCUSAURUS_CONFIGS = ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs")
_ROUTE_BASE = re.compile(r"""\bdocs\s*:\s*\{[^{}]*?\brouteBasePath\s*:\s*['"]([^'"]*)['"]""", re.S)
_DOCS_DIR = re.compile(r"^docs_dir:\s*['\"]?([^'\"#\s]+)", re.M)


@dataclass
class SourceTree:
    """The pages' folder and every file under it, by POSIX path relative to it."""

    flavour: str
    project: Path  # SRC as given: snippets (MkDocs' base_path) are relative to it
    root: Path  # the folder holding the pages
    files: dict[str, Path] = field(default_factory=dict)
    lower: dict[str, str] = field(default_factory=dict)  # lower-cased path → path (links written on Windows)
    pivot_titles: dict[str, str] = field(default_factory=dict)  # DocFX zone pivot id → its title
    links: list[str] = field(default_factory=list)  # symbolic links, not followed (reported)
    #: Docusaurus: where the docs plugin publishes the pages (its ``routeBasePath``, ``docs`` by default)
    route_base: str = "docs"

    def shown(self, rel: str) -> str:
        """How a message names a source file: as the user can open it."""
        return str(self.root / rel)

    def pages(self) -> list[str]:
        return sorted(rel for rel in self.files if rel.lower().endswith(PAGE_SUFFIXES)
                      and PurePosixPath(rel).name.lower() not in _NAVIGATION_PAGES)

    def find(self, rel: str) -> str | None:
        """The tree's own spelling of ``rel`` (an exact match first, then one differing in case only)."""
        if rel in self.files:
            return rel
        return self.lower.get(rel.lower())


def detect(project: Path) -> str:
    if (project / "docfx.json").is_file() or (project / "toc.yml").is_file() or (project / "TOC.yml").is_file():
        return "docfx"
    if (project / "mkdocs.yml").is_file() or (project / "mkdocs.yaml").is_file():
        return "mkdocs"
    if any((project / name).is_file() for name in _DOCUSAURUS_CONFIGS):
        return "docusaurus"
    return "github"


def _pages_root(project: Path, flavour: str) -> Path:
    if flavour == "mkdocs":
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            config = project / name
            if config.is_file():
                # a regular expression, not YAML: mkdocs.yml holds !!python/name tags safe_load refuses
                match = _DOCS_DIR.search(read_text(config, name))
                return project / (match[1] if match else "docs")
    if flavour == "docusaurus" and (project / "docs").is_dir():
        return project / "docs"
    return project


def _linked(path: Path, root: Path) -> bool:
    """Whether the path or a folder on its way from ``root`` is a symbolic link (which may lead anywhere)."""
    while path != root:
        if path.is_symlink():
            return True
        path = path.parent
    return False


def read_tree(source: str, flavour: str, exclude: Path | None = None) -> SourceTree:
    """The tree's files; ``exclude`` (the import's own --out, when it is inside SRC) is never read."""
    project = Path(source)
    if not project.is_dir():
        raise ImportFailed(f"{source}: not a folder; give the documentation project's folder")
    chosen = detect(project) if flavour == "auto" else flavour
    root = _pages_root(project, chosen)
    if not root.is_dir():
        raise ImportFailed(f"{root}: the {chosen} pages' folder is missing; check docs_dir or --flavour")
    tree = SourceTree(chosen, project, root)
    skipped = exclude.resolve() if exclude is not None else None
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        parts = rel.split("/")
        if any(p.startswith(".") or p in _SKIPPED_FOLDERS for p in parts):
            continue  # hidden files (.git), build output
        if skipped is not None and (path.resolve() == skipped or skipped in path.resolve().parents):
            continue  # the content folder an earlier import wrote here
        if _linked(path, root):
            if path.is_symlink():
                tree.links.append(rel)
            continue
        if path.is_file():
            tree.files[rel] = path
            tree.lower.setdefault(rel.lower(), rel)
    tree.pivot_titles = _pivot_titles(project, root)
    if chosen == "docusaurus":
        tree.route_base = _route_base(project)
    if not tree.pages():
        raise ImportFailed(f"{root}: no Markdown pages (*.md) found; is this the documentation's folder?")
    return tree


def _route_base(project: Path) -> str:
    """The docs plugin's ``routeBasePath`` in docusaurus.config (a regular expression, not JavaScript: the
    first one inside a ``docs: {…}`` — the blog plugin has one too); ``docs`` when it sets none."""
    for name in _DOCUSAURUS_CONFIGS:
        config = project / name
        if config.is_file():
            try:
                match = _ROUTE_BASE.search(read_text(config, name))
            except ImportFailed:  # only peeked at for the old addresses: Docusaurus' default then
                return "docs"
            return match[1].strip("/") if match else "docs"
    return "docs"


def _pivot_titles(project: Path, root: Path) -> dict[str, str]:
    """DocFX's ``zone-pivot-groups.yml`` (``groups: [{id, title, pivots: [{id, title}]}]``): each pivot's
    title, which becomes its tab's label."""
    titles: dict[str, str] = {}
    for folder in (root, project):
        path = folder / "zone-pivot-groups.yml"
        if not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return titles  # only labels: the pivot ids stand in
        groups = data.get("groups") if isinstance(data, dict) else None
        for group in groups if isinstance(groups, list) else []:
            pivots = group.get("pivots") if isinstance(group, dict) else None
            for pivot in pivots if isinstance(pivots, list) else []:
                if isinstance(pivot, dict) and pivot.get("id") and pivot.get("title"):
                    titles.setdefault(str(pivot["id"]), " ".join(str(pivot["title"]).split()))
    return titles


def read_text(path: Path, shown: str) -> str:
    """A page's text; ImportFailed naming the file and the line of a byte that is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{shown}: cannot read the file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")  # a BOM from a Windows editor is not an error
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImportFailed(f"{shown}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as "
                           "UTF-8 (most editors: Save with encoding) and import again") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, shown: str) -> tuple[dict[str, Any], str, int]:
    """(the front matter's values, the body, the body's first line number)."""
    if not text.startswith("---\n"):
        return {}, text, 1
    end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.M)
    if end is None:
        return {}, text, 1
    raw = text[4:4 + end.start()]
    try:
        values = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2  # +1: 1-based, +1: the opening '---'
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ImportFailed(f"{shown}:{line}: the front matter is not valid YAML ({problem}); fix it "
                           "(quote a value holding ': ') and import again") from None
    if not isinstance(values, dict):
        raise ImportFailed(f"{shown}:2: the front matter is not a mapping of keys to values; write one 'key: value' "
                           "per line (title: …) and import again")
    body = text[4 + end.end():].lstrip("\n")
    first = text.count("\n", 0, len(text) - len(body)) + 1
    return values, body, first
