"""MkDocs' ``nav:`` (mkdocs.yml): the order the author gave the pages → ``order:`` of sets, modules, articles.

Read as MkDocs documents it (docs/user-guide/writing-your-docs.md, "Configure Pages and Navigation"):
a list whose items are a page's path (``- saude/index.md``), a title and a path
(``- Vacinação: saude/vacinacao.md``), a title and a list (a section), or a title and an address
(``- Portal: https://…``, an external link). Paths are relative to ``docs_dir``. The pages are
numbered in the order the list is read, depth first; each article's ``order`` is its rank in its
module, each module's its first page's rank in its set, each set's its first page's rank. A nav entry
that names no page of the tree, or an external link, is reported and skipped (MkDocs only warns about
them); a page the nav leaves out comes after the listed ones, and the report says so. mkdocs.yml may
hold ``!!python/name:…`` and ``!ENV`` tags: any tag reads as nothing, and a file that is not YAML at
all leaves the order alone (reported), never stopping the import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kbgen.importers.markdown.layout import Layout
from kbgen.importers.markdown.source import SourceTree, read_text
from kbgen.importers.report import MigrationReport


class _AnyTag(yaml.SafeLoader):
    """safe_load, with every tag (``!!python/name:…``, ``!ENV``, ``!relative``) read as null."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)
_AnyTag.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_nav(project: Path) -> tuple[Any, str] | None:
    """mkdocs.yml's ``nav`` and the file's name; None when there is no file or no nav."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        config = project / name
        if config.is_file():
            try:
                data = yaml.load(read_text(config, name), Loader=_AnyTag)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                return ("unreadable", f"{name}:{mark.line + 1 if mark else 1}")
            nav = data.get("nav") if isinstance(data, dict) else None
            return (nav, name) if nav is not None else None
    return None


def _walk(items: Any, tree: SourceTree, found: list[str], unknown: list[str],
          sections: list[tuple[str, list[str], int]] | None = None, depth: int = 0) -> None:
    """The pages the nav lists, in its order (``found``); what it lists that is no page (``unknown``); each
    section's title, pages and depth (``sections``)."""
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    start = len(found)
                    _walk(value, tree, found, unknown, sections, depth + 1)
                    if sections is not None:
                        sections.append((" ".join(str(title).split()), found[start:], depth))
                elif isinstance(value, str):
                    _entry(value, str(title), tree, found, unknown)
                else:
                    unknown.append(f"{title!r} (neither a page nor a list of pages)")
        elif isinstance(item, str):
            _entry(item, "", tree, found, unknown)
        elif item is not None:
            unknown.append(f"{item!r} (neither a page nor a list of pages)")


def _entry(path: str, title: str, tree: SourceTree, found: list[str], unknown: list[str]) -> None:
    shown = f"{title!r}: {path}" if title else path
    if "://" in path or path.startswith(("mailto:", "//")):
        unknown.append(f"{shown} (an external link: kbgen's navigation is the site's own)")
        return
    rel = tree.find(path.strip().lstrip("/").removeprefix("./"))
    if rel is None:
        unknown.append(f"{shown} (no such page in the docs folder)")
    elif rel not in found:
        found.append(rel)


def apply_nav(tree: SourceTree, layout: Layout, fronts: dict[str, dict[str, Any]], report: MigrationReport) -> None:
    """Set ``order`` on the sets and modules (their _set.yml and _module.yml values) and in each page's
    front matter (``fronts``, by source page), from mkdocs.yml's nav."""
    read = read_nav(tree.project)
    if read is None:
        return
    nav, name = read
    if nav == "unreadable":
        report.notes.append(f"{name}: not valid YAML; the nav's order was not used (pages are in name order)")
        return
    found: list[str] = []
    unknown: list[str] = []
    sections: list[tuple[str, list[str], int]] = []
    _walk(nav, tree, found, unknown, sections)
    _titles(layout, sections, name, report)
    for entry in unknown:
        report.notes.append(f"{name} nav: {entry}: skipped")
    listed = [rel for rel in found if rel in layout.places]
    left_out = sorted(rel for rel in layout.places if rel not in listed)
    for rel in left_out:
        report.notes.append(f"{name} nav: {rel} is not in the nav: it comes after the pages the nav lists")
    ranked = listed + left_out
    sets: dict[str, int] = {}
    modules: dict[str, int] = {}
    counters: dict[str, int] = {}
    for rel in ranked:
        place = layout.places[rel]
        sets.setdefault(place.set_slug, len(sets) + 1)
        set_modules = counters.setdefault(f"{place.set_slug}/", 0)
        if place.folder not in modules:
            counters[f"{place.set_slug}/"] = set_modules + 1
            modules[place.folder] = set_modules + 1
        counters[place.folder] = counters.get(place.folder, 0) + 1
        fronts[rel]["order"] = counters[place.folder]
    for slug, order in sets.items():
        layout.sets[slug]["order"] = order
    for folder, order in modules.items():
        layout.modules[folder]["order"] = order
    if listed:
        report.notes.append(f"the order of sets, modules and articles comes from {name}'s nav")


def _titles(layout: Layout, sections: list[tuple[str, list[str], int]], name: str, report: MigrationReport) -> None:
    """A nav section holding exactly one set's pages (at the nav's top) or one module's names that set or
    module, as MkDocs' navigation showed it (a folder's name has no accents: ``educacao``)."""
    for title, pages, depth in sections:
        places = [layout.places[rel] for rel in pages if rel in layout.places]
        if not title or not places:
            continue
        folders = {place.folder for place in places}
        sets = {place.set_slug for place in places}
        if depth == 0 and len(sets) == 1:
            values, what = layout.sets[next(iter(sets))], f"the set {next(iter(sets))}"
        elif depth > 0 and len(folders) == 1:
            values, what = layout.modules[next(iter(folders))], f"the module {next(iter(folders))}"
        else:
            continue
        if values["title"] != title:
            report.notes.append(f"{what} is titled {title!r}, as {name}'s nav names it (was {values['title']!r})")
            values["title"] = title
