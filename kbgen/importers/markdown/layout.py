"""Where each page goes: the first folder level is the set, the second the module.

kbgen has exactly set/module/article. A page at the top of the tree goes to the set and module
"Geral"; a page in a first-level folder to that set's module "Geral"; a folder deeper than the
second level is flattened into a module of its own named "Módulo › Subpasta" (as the Zendesk
importer does with nested sections), and the report says so. Names are slugs of the folder and
file names (the author's own, so links stay recognisable), made unique with ``-2``, ``-3`` …
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml

from kbgen.importers.markdown.source import SourceTree
from kbgen.importers.report import MigrationReport
from kbgen.text import slugify
from kbgen.urls import slug_problem

GENERAL = "Geral"


@dataclass
class Place:
    set_slug: str
    module_slug: str
    slug: str

    @property
    def folder(self) -> str:
        return f"{self.set_slug}/{self.module_slug}"

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.slug}.md"


@dataclass
class Layout:
    sets: dict[str, dict[str, Any]] = field(default_factory=dict)  # set slug → _set.yml values
    modules: dict[str, dict[str, Any]] = field(default_factory=dict)  # "set/module" → _module.yml values
    places: dict[str, Place] = field(default_factory=dict)  # source page → its place
    _set_of_folder: dict[str, str] = field(default_factory=dict)
    _module_of_folder: dict[tuple[str, str], str] = field(default_factory=dict)


#: Docusaurus' number prefixes (``01-intro.md`` is ``intro``), dates and versions excepted
#: (docusaurus-plugin-content-docs, src/numberPrefix.ts: DefaultNumberPrefixRegExp and its exclusions)
_NUMBER_PREFIX = re.compile(r"^\d+\s*[-_.]+\s*(?=[^-_.\s])")
_DATE_LIKE = re.compile(r"^(?:\d{2}|\d{4})[-_.]\d{2}(?:[-_.](?:\d{2}|\d{4}))?")
_VERSION_LIKE = re.compile(r"^\d+[-_.]\d+")


def unnumbered(name: str) -> str:
    if _DATE_LIKE.match(name) or _VERSION_LIKE.match(name):
        return name
    return _NUMBER_PREFIX.sub("", name)


def unique(name: str, taken: set[str], fallback: str) -> str:
    slug = slugify(name) or fallback
    if slug_problem(slug):  # a reserved name ("index", "search"): a suffix frees it
        slug = f"{slug}-pagina"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def humanize(folder: str) -> str:
    """A folder name as a title: ``nota-fiscal`` → ``Nota fiscal``."""
    words = folder.replace("-", " ").replace("_", " ").split()
    text = " ".join(words) or folder
    return text[:1].upper() + text[1:]


def _category(tree: SourceTree, folder: str) -> dict[str, Any]:
    """Docusaurus' ``_category_.json``/``.yml`` of a folder: its ``label`` and ``position``."""
    for name in ("_category_.json", "_category_.yml", "_category_.yaml"):
        rel = f"{folder}/{name}"
        if rel in tree.files:
            try:
                raw = tree.files[rel].read_text(encoding="utf-8")
                values = json.loads(raw) if name.endswith(".json") else yaml.safe_load(raw)
            except (OSError, ValueError, yaml.YAMLError):
                return {}
            return values if isinstance(values, dict) else {}
    return {}


def _folder_values(tree: SourceTree, folder: str, title: str) -> dict[str, Any]:
    category = _category(tree, folder) if folder else {}
    values: dict[str, Any] = {"title": str(category.get("label") or title)}
    position = category.get("position")
    if isinstance(position, int) and not isinstance(position, bool):
        values["order"] = position
    return values


def _index_title(folder: str, titles: dict[str, str]) -> str | None:
    """The title of the folder's own page (``index.md``, ``README.md``): what the tool showed for it."""
    for name in ("index.md", "README.md", "readme.md", "index.mdx", "_index.md"):
        if f"{folder}/{name}" in titles:
            return titles[f"{folder}/{name}"]
    return None


def plan_layout(tree: SourceTree, pages: list[str], titles: dict[str, str], email: str,
                report: MigrationReport) -> Layout:
    layout = Layout()
    set_slugs: set[str] = set()
    module_slugs: dict[str, set[str]] = {}
    article_slugs: dict[str, set[str]] = {}
    flattened: set[str] = set()
    # Docusaurus leaves number prefixes (01-intro.md, 02-guias/) out of its names and addresses
    shown = unnumbered if tree.flavour == "docusaurus" else str
    for page in pages:
        folders = list(PurePosixPath(page).parts[:-1])
        set_folder = folders[0] if folders else ""
        if set_folder not in layout._set_of_folder:
            slug = unique(shown(set_folder) or GENERAL, set_slugs, "conjunto")
            layout._set_of_folder[set_folder] = slug
            title = (_index_title(set_folder, titles) or humanize(shown(set_folder))) if set_folder else GENERAL
            values = _folder_values(tree, set_folder, title)
            layout.sets[slug] = {"title": values["title"], "email": email, **{k: v for k, v in values.items()
                                                                              if k == "order"}}
        set_slug = layout._set_of_folder[set_folder]
        module_folder = "/".join(folders[1:])
        key = (set_folder, module_folder)
        if key not in layout._module_of_folder:
            named = " › ".join(humanize(shown(f)) for f in folders[1:]) if module_folder else GENERAL
            slug = unique(named, module_slugs.setdefault(set_slug, set()), "modulo")  # from the folders: stable
            title = (_index_title("/".join(folders), titles) or named) if module_folder else GENERAL
            layout._module_of_folder[key] = slug
            layout.modules[f"{set_slug}/{slug}"] = _folder_values(tree, "/".join(folders[:2]) if
                                                                  len(folders) == 2 else "", title)
            if len(folders) > 2 and module_folder not in flattened:
                flattened.add(module_folder)
                report.notes.append(f"the folder {'/'.join(folders)} is deeper than set/module: its pages are the "
                                    f"module {set_slug}/{slug} (kbgen has one level of modules)")
        module_slug = layout._module_of_folder[key]
        stem = PurePosixPath(page).stem
        name = titles[page] if stem.lower() in ("index", "readme") else shown(stem)
        slug = unique(name, article_slugs.setdefault(f"{set_slug}/{module_slug}", set()), "artigo")
        if slug != slugify(name):
            report.notes.append(f"{page} is the article {set_slug}/{module_slug}/{slug}.md: its name "
                                f"{slugify(name) or name!r} was taken or is reserved for a page kbgen makes")
        layout.places[page] = Place(set_slug, module_slug, slug)
    report.notes.append("set and module titles come from the folder's index.md or README.md title, Docusaurus' "
                        "_category_ label, or else the folder's name: check each _set.yml and _module.yml")
    return layout
