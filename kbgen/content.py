"""The content model: read and validate a content folder (the author's contract, PRODUCT.md).

Plain Python, no Sphinx: ``load_site`` walks the folder once, parses every YAML file and
front matter with line numbers, and returns a :class:`Site` plus every problem found.
The Sphinx extension takes the Site as given; it never re-validates.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbgen import urls
from kbgen.assets import IMAGE_TYPES, content_problem
from kbgen.errors import ProblemList
from kbgen.frontmatter import decode_source, split_front_matter
from kbgen.frontmatter_cache import FrontMatter, FrontMatterCache
from kbgen.gitdates import GitDates, read_git_dates
from kbgen.handoff.ticket import resolve_ticket
from kbgen.pageviews.ranking import PopularData, load_popular
from kbgen.schema import (
    ARTICLE_SCHEMA,
    KB_SCHEMA,
    MODULE_SCHEMA,
    SET_SCHEMA,
    Schema,
    image_path,
    issue_message,
    site_path,
    validate,
)
from kbgen.text import sort_key
from kbgen.yamlio import Located, YamlError, load_yaml

MAX_FILE_BYTES = 20_000_000  # a help article is a few KB; 20 MB is a mistake (or an attack), not an article


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
    ticket: dict[str, Any] = field(default_factory=dict)  # resolved hand-off target (kbgen.handoff.ticket)
    channel: dict[str, Any] | None = None  # the set's own channels: (merged over the site's when shown)

    @property
    def pagename(self) -> str:
        return urls.set_page(self.slug)


@dataclass
class Site:
    root: Path
    config: dict[str, Any]
    sets: dict[str, SetInfo] = field(default_factory=dict)  # in display order
    modules: dict[str, ModuleInfo] = field(default_factory=dict)  # "set/module", in display order
    articles: dict[str, ArticleInfo] = field(default_factory=dict)  # docname, in display order
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # _synonyms.yml: jargon -> reader words
    shallow_git: bool = False
    popular: PopularData | None = None  # page views for Artigos mais lidos (kbgen.pageviews)

    def module_of(self, article: ArticleInfo) -> ModuleInfo:
        return self.modules[f"{article.set_slug}/{article.module_slug}"]

    def snapshot(self) -> dict[str, Any]:
        """What listing pages show of the site, to tell which pages an edit affects."""
        return {
            "config": self.config,
            "sets": {k: _plain(v, "path", "modules") for k, v in self.sets.items()},
            "modules": {k: _plain(v, "path", "articles") for k, v in self.modules.items()},
        }


def _display_order(item: SetInfo | ModuleInfo | ArticleInfo) -> tuple[bool, int, str, str]:
    """Numbered items first by number, the rest after them; ties by the fixed title key."""
    return (item.order is None, item.order or 0, *sort_key(item.title))


def _plain(obj: Any, *skip: str) -> dict[str, Any]:
    return {k: v for k, v in vars(obj).items() if k not in skip}


def _read_yaml_file(path: Path, schema: Schema, problems: ProblemList,
                    keep: list[Located] | None = None) -> dict[str, Any] | None:
    """The file's validated values; ``keep`` receives its line map, for checks made later."""
    try:
        located = load_yaml(decode_source(_read_bytes(path, problems.root)))
    except YamlError as exc:
        problems.error(path, exc.line, exc.message, exc.code or "yaml")
        return None
    except OSError as exc:
        problems.error(path, 0, f"cannot read the file: {exc.strerror}", "io")
        return None
    if keep is not None:
        keep.append(located)
    return _validated(path, located, schema, problems)


def _validated(path: Path, located: Located, schema: Schema, problems: ProblemList) -> dict[str, Any] | None:
    values, field_problems = validate(schema, located.value)
    for fp in field_problems:
        line = located.line_of(fp.key)
        problems.error(path, line, fp.message, "schema")
    failed = bool(field_problems)
    for f in schema.fields:
        # paths to files (logo, icon) are relative to the content folder and must exist there
        if f.convert in (site_path, image_path) and values.get(f.name):
            target = problems.root / values[f.name]
            line = located.lines.get(f.name, located.line)
            if not target.is_file() or _outside(target, problems.root):
                problems.error(path, line, f"{f.name!r}: no file {values[f.name]} in the content folder", "missing")
                failed = True
            elif f.convert is image_path and (problem := content_problem(target, IMAGE_TYPES)):
                # published on the site's origin (kbgen.assets): its content must be a passive image
                problems.error(path, line, f"{f.name!r}: {values[f.name]}: {problem}", "asset")
                failed = True
    return None if failed else values


#: one message (and code) for every symlink leading out: the same file reported twice shows once
OUTSIDE_SYMLINK = "this symlink points outside the content folder; copy the file in instead"


def _read_bytes(path: Path, root: Path) -> bytes:
    """An author's file, refused when it is (or lies behind) a symlink leading out of ``root``:
    its text would otherwise be echoed in problem messages and published."""
    if _outside(path, root):
        raise YamlError(0, OUTSIDE_SYMLINK, "path")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlError(1, f"the file is {size} bytes; the limit is {MAX_FILE_BYTES} — split it")
    return path.read_bytes()


def _outside(path: Path, root: Path) -> bool:
    """True for a symlink (or a file behind one) that leads out of the content folder."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    return False


def _entries(folder: Path, root: Path, problems: ProblemList) -> list[Path]:
    """A folder's entries sorted by name, without hidden files and symlinks leading outside."""
    result = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() and _outside(entry, root):
            problems.error(entry, 0, OUTSIDE_SYMLINK, "path")
            continue
        result.append(entry)
    return result


def _check_slug(path: Path, name: str, problems: ProblemList) -> bool:
    problem = urls.slug_problem(name)
    if problem:
        problems.error(path, 0, problem, "slug")
    return problem is None


def load_site(root: Path, git_dates: GitDates | None = None,
              pageviews: Sequence[Path] | None = None, cache_dir: Path | None = None) -> tuple[Site, ProblemList]:
    """Read and validate every file of a content folder. Never raises for bad content.

    ``pageviews`` replaces kb.yml's ``popular.source`` (``kbgen build --pageviews``); with
    ``cache_dir``, articles' validated front matter is kept there for the next load.
    """
    root = root.resolve()
    problems = ProblemList(root)
    kb_path = root / "kb.yml"
    config: dict[str, Any] | None = None
    kb_located: list[Located] = []
    if not kb_path.is_file():
        problems.error(kb_path, 0, "missing kb.yml: create it with at least 'title: Central de Ajuda'", "missing")
    else:
        config = _read_yaml_file(kb_path, KB_SCHEMA, problems, kb_located)
    site = Site(root, config or {f.name: f.default for f in KB_SCHEMA.fields})
    dates = git_dates if git_dates is not None else read_git_dates(root)
    site.shallow_git = dates.shallow

    site.synonyms = _load_synonyms(root / "_synonyms.yml", problems)
    sources = _Sources(dates, FrontMatterCache(cache_dir))

    set_list: list[SetInfo] = []
    for entry in _entries(root, root, problems):
        if entry.name.startswith("_"):
            continue  # kbgen's own data: _data/, _synonyms.yml
        if entry.is_file():
            if entry.suffix == ".md":
                problems.error(entry, 0, "an article must be inside a module: move it to <set>/<module>/", "layout")
            continue
        if not _check_slug(entry, entry.name, problems):
            continue
        info = _load_set(entry, root, site, sources, problems)
        if info:
            set_list.append(info)
    for s in sorted(set_list, key=_display_order):
        site.sets[s.slug] = s
    from kbgen.redirects import check_aliases  # needs the whole site: every page address

    check_aliases(site, problems)
    # rebuild module and article dicts in display order (sets, then modules, then articles)
    modules = dict(site.modules)
    articles = dict(site.articles)
    site.modules = {k: modules[k] for s in site.sets.values() for k in s.modules}
    site.articles = {d: articles[d] for m in site.modules.values() for d in m.articles}
    # after the articles: page views are mapped to them (and their aliases)
    site.popular = load_popular(site, problems, kb_located[0] if kb_located else None, pageviews)
    sources.front_matter.save()
    return site, problems


def _load_synonyms(path: Path, problems: ProblemList) -> dict[str, list[str]]:
    """``_synonyms.yml``: ``jargon: [words readers use, …]`` (a single phrase may be written alone)."""
    if not path.is_file():
        return {}
    try:
        located = load_yaml(decode_source(_read_bytes(path, problems.root)))
    except YamlError as exc:
        problems.error(path, exc.line, exc.message, exc.code or "yaml")
        return {}
    if not isinstance(located.value, dict):
        problems.error(path, located.line, "expected a mapping of jargon to lists of words readers use, like "
                                           "'NFS-e: [nota fiscal de serviço eletrônica]'", "schema")
        return {}
    from kbgen.search.synonyms import SynonymExpander

    synonyms: dict[str, list[str]] = {}
    for key, value in located.value.items():
        line = located.lines.get(key, located.line)
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.error(path, line, f"{key!r}: expected a list of words or phrases, like [nota fiscal eletrônica]",
                           "schema")
            continue
        try:
            SynonymExpander({key: values})
        except ValueError as exc:
            problems.error(path, line, str(exc).removeprefix("synonyms: "), "schema")
            continue
        synonyms[key] = values
    return synonyms


@dataclass
class _Sources:
    """Where an article's dates and (for unchanged files) its validated front matter come from."""

    dates: GitDates
    front_matter: FrontMatterCache


def _load_set(folder: Path, root: Path, site: Site, sources: _Sources, problems: ProblemList) -> SetInfo | None:
    meta_path = folder / "_set.yml"
    if not meta_path.is_file():
        problems.error(meta_path, 0, f"the set folder {folder.name!r} has no _set.yml: create it with "
                                     "'title:' and 'email:'", "missing")
        return None
    located: list[Located] = []
    values = _read_yaml_file(meta_path, SET_SCHEMA, problems, located)
    module_list: list[ModuleInfo] = []
    for entry in _entries(folder, root, problems):
        if entry.name.startswith("_"):
            continue
        if entry.is_file():
            if entry.suffix == ".md":
                problems.error(entry, 0, "an article must be inside a module: move it to "
                                         f"{folder.name}/<module>/", "layout")
            continue
        if not _check_slug(entry, entry.name, problems):
            continue
        module = _load_module(entry, folder.name, root, site, sources, problems)
        if module:
            module_list.append(module)
    if values is None:
        return None
    info = SetInfo(folder.name, folder, values["title"], values["description"], values["email"], values["phone"],
                   values["hours"], values["order"], values["icon"], channel=values["channel"])
    info.modules = [m.key for m in sorted(module_list, key=_display_order)]
    # the set's ticket keys over the site's, checked once merged: the set's file names what is missing
    info.ticket, issues = resolve_ticket(site.config.get("ticket"), values["ticket"], info.email,
                                         [m.slug for m in module_list])
    kb_failed = any(p.path == problems.display(root / "kb.yml") for p in problems.errors)
    for issue in [] if kb_failed else issues:  # against a broken site ticket, every set would look wrong
        key, message = issue_message("ticket", issue)
        problems.error(meta_path, located[0].line_of(key), message, "schema")
    return info


def _load_module(folder: Path, set_slug: str, root: Path, site: Site, sources: _Sources,
                 problems: ProblemList) -> ModuleInfo | None:
    meta_path = folder / "_module.yml"
    if not meta_path.is_file():
        problems.error(meta_path, 0, f"the module folder {folder.name!r} has no _module.yml: create it with "
                                     "'title:'", "missing")
        return None
    values = _read_yaml_file(meta_path, MODULE_SCHEMA, problems)
    article_list: list[ArticleInfo] = []
    entries = _entries(folder, root, problems)
    folder_names = {e.name for e in entries if e.is_dir()}
    for entry in entries:
        if entry.is_dir():
            _refuse_nested_articles(entry, problems)
            continue
        if entry.suffix != ".md" or entry.name.startswith("_"):
            continue
        slug = entry.stem
        if not _check_slug(entry, slug, problems):
            continue
        if slug in folder_names:
            problems.error(entry, 0, f"the article {slug!r} has the same name as the folder {slug + '/'!r} "
                                     "beside it; rename one of them", "slug")
            continue
        article = _load_article(entry, set_slug, folder.name, sources, problems)
        if article:
            article_list.append(article)
    if values is None:
        return None
    module = ModuleInfo(set_slug, folder.name, folder, values["title"], values["description"], values["order"])
    ordered = sorted(article_list, key=_display_order)
    module.articles = [a.docname for a in ordered]
    site.modules[module.key] = module
    for a in ordered:
        site.articles[a.docname] = a
    return module


def _refuse_nested_articles(folder: Path, problems: ProblemList) -> None:
    for dirpath, _dirs, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith(".md"):
                problems.error(Path(dirpath) / name, 0, "articles cannot be nested below a module: move it up to "
                                                        f"{folder.parent.name}/", "layout")


def _load_article(path: Path, set_slug: str, module_slug: str, sources: _Sources,
                  problems: ProblemList) -> ArticleInfo | None:
    front = _article_front_matter(path, sources.front_matter, problems)
    if front is None:
        return None
    values = front.values
    updated, created = sources.dates.of(path)
    return ArticleInfo(
        docname=urls.article_page(set_slug, module_slug, path.stem), set_slug=set_slug, module_slug=module_slug,
        slug=path.stem, path=path, title=values["title"], description=values["description"], faq=values["faq"],
        order=values["order"], tags=tuple(values["tags"]), aliases=tuple(values["aliases"]),
        updated=updated or values["updated"], body_line=front.body_line,
        created=created or updated or values["updated"], review_by=values["review_by"],
        key_lines=dict(front.key_lines),
    )


def _article_front_matter(path: Path, cache: FrontMatterCache, problems: ProblemList) -> FrontMatter | None:
    try:
        if _outside(path, problems.root):  # before the cache: a file may have become a symlink since
            raise YamlError(0, OUTSIDE_SYMLINK, "path")
        stat = path.stat()
        cached = cache.get(path, stat)
        if cached is not None:
            return cached
        split = split_front_matter(decode_source(_read_bytes(path, problems.root)))
    except YamlError as exc:
        problems.error(path, exc.line, exc.message, exc.code or "front-matter")
        return None
    except OSError as exc:
        problems.error(path, 0, f"cannot read the file: {exc.strerror}", "io")
        return None
    values = _validated(path, split.front, ARTICLE_SCHEMA, problems)
    if values is None:
        return None
    front = FrontMatter(values, dict(split.front.lines), split.body_line)
    cache.put(path, stat, front)
    return front
