"""``load_site``: walk a content folder once and return the typed model plus every problem found.

The folder layout is the author's contract (PRODUCT.md): sets, modules, articles; names that start
with ``_`` are kbgen's own data. Each file is read and validated by :mod:`kbgen.loading.files`;
what needs the whole site (aliases against every page, page views against every article) is
checked once the walk is done.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from kbgen import urls
from kbgen.errors import OUTSIDE_SYMLINK, ProblemList
from kbgen.frontmatter import decode_source, split_front_matter
from kbgen.handoff.channels import phone
from kbgen.handoff.hours_text import hours_yaml, suggested_hours
from kbgen.handoff.ticket import resolve_ticket
from kbgen.loading.aliases import check_aliases
from kbgen.loading.files import entries, outside, read_bytes, read_yaml_file, validated
from kbgen.loading.frontmatter_cache import FrontMatter, FrontMatterCache
from kbgen.loading.gitdates import GitDates, read_git_dates
from kbgen.loading.schemas import ARTICLE_SCHEMA, KB_SCHEMA, MODULE_SCHEMA, SET_SCHEMA
from kbgen.loading.stand_ins import stand_in_article, stand_in_config, stand_in_module, stand_in_set
from kbgen.model import ArticleInfo, Channels, ModuleInfo, SetInfo, Site, SiteConfig, display_order
from kbgen.pageviews.ranking import load_popular
from kbgen.search.synonyms import SynonymExpander
from kbgen.validation import Invalid, issue_message
from kbgen.yamlio import Located, YamlError, load_yaml

#: The line of a problem with a whole Markdown file (misplaced, misnamed): its first, where an editor
#: opens it and a CI annotation can point (a line 0 is shown as no line at all).
WHOLE_FILE = 1


def _check_slug(path: Path, name: str, problems: ProblemList) -> bool:
    problem = urls.slug_problem(name)
    if problem:
        problems.error(path, WHOLE_FILE if path.is_file() else 0, problem, "slug")
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
        config = read_yaml_file(kb_path, KB_SCHEMA, problems, kb_located)
    # without a valid kb.yml its valid values and the schema's defaults stand in (the problems stop the
    # build anyway), so every article is still read as it will be
    site = Site(root, SiteConfig(**config) if config else stand_in_config(kb_located[0] if kb_located else None, root))
    dates = git_dates if git_dates is not None else read_git_dates(root)
    site.shallow_git = dates.shallow

    site.synonyms = _load_synonyms(root / "_synonyms.yml", problems)
    sources = _Sources(dates, FrontMatterCache(cache_dir))

    set_list: list[SetInfo] = []
    for entry in entries(root, root, problems):
        if entry.name.startswith("_"):
            continue  # kbgen's own data: _data/, _synonyms.yml
        if entry.is_file():
            if entry.suffix == ".md":
                problems.error(entry, WHOLE_FILE, "an article must be inside a module: move it to <set>/<module>/",
                               "layout")
            continue
        if not _check_slug(entry, entry.name, problems):
            continue
        info = _load_set(entry, root, site, sources, problems)
        if info:
            set_list.append(info)
    for s in sorted(set_list, key=display_order):
        site.sets[s.slug] = s
    check_aliases(site, problems)  # needs the whole site: every page address
    # rebuild module and article dicts in display order (sets, then modules, then articles)
    modules = dict(site.modules)
    articles = dict(site.articles)
    site.modules = {k: modules[k] for s in site.sets.values() for k in s.modules}
    site.articles = {d: articles[d] for m in site.modules.values() for d in m.articles}
    # what a refused set took with it: kept as stand-ins, for reporting their bodies' problems
    site.set_aside.modules.update({k: m for k, m in modules.items() if k not in site.modules})
    site.set_aside.articles.update({d: a for d, a in articles.items() if d not in site.articles})
    # after the articles: page views are mapped to them (and their aliases)
    site.popular = load_popular(site, problems, kb_located[0] if kb_located else None, pageviews)
    sources.front_matter.save()
    return site, problems


def _load_synonyms(path: Path, problems: ProblemList) -> dict[str, list[str]]:
    """``_synonyms.yml``: ``jargon: [words readers use, …]`` (a single phrase may be written alone)."""
    if not path.is_file():
        return {}
    try:
        located = load_yaml(decode_source(read_bytes(path, problems.root)))
    except YamlError as exc:
        problems.error(path, exc.line, exc.message, exc.code or "yaml")
        return {}
    if not isinstance(located.value, dict):
        problems.error(path, located.line, "expected a mapping of jargon to lists of words readers use, like "
                                           "'NFS-e: [nota fiscal de serviço eletrônica]'", "schema")
        return {}
    synonyms: dict[str, list[str]] = {}
    for key, value in located.value.items():
        line = located.lines.get(key, located.line)
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.error(path, line, f"{key!r}: expected a list of words or phrases, like [nota fiscal eletrônica]",
                           "schema")
            continue
        try:
            SynonymExpander({key: values}, language=False)  # this entry alone: its own error, its line
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
    located: list[Located] = []
    values: dict[str, Any] | None = None
    if not meta_path.is_file():  # its modules are still read: their problems are reported too
        problems.error(meta_path, 0, f"the set folder {folder.name!r} has no _set.yml: create it with "
                                     "'title:' and 'email:'", "missing")
    else:
        values = read_yaml_file(meta_path, SET_SCHEMA, problems, located)
    module_list: list[ModuleInfo] = []
    for entry in entries(folder, root, problems):
        if entry.name.startswith("_"):
            continue
        if entry.is_file():
            if entry.suffix == ".md":
                problems.error(entry, WHOLE_FILE, "an article must be inside a module: move it to "
                               f"{folder.name}/<module>/", "layout")
            continue
        if not _check_slug(entry, entry.name, problems):
            continue
        module = _load_module(entry, folder.name, root, site, sources, problems)
        if module:
            module_list.append(module)
    if values is None:
        site.set_aside.sets[folder.name] = stand_in_set(folder, module_list)
        return None
    hours_note, channel = _set_hours(meta_path, located[0] if located else None, values, problems)
    info = SetInfo(folder.name, folder, values["title"], values["description"], values["email"], values["phone"],
                   hours_note, values["order"], values["icon"], channel=channel)
    info.modules = [m.key for m in sorted(module_list, key=display_order)]
    # the set's ticket keys over the site's, checked once merged: the set's file names what is missing
    info.ticket, issues = resolve_ticket(site.config.ticket, values["ticket"], info.email,
                                         [m.slug for m in module_list])
    kb_failed = any(p.path == problems.display(root / "kb.yml") for p in problems.errors)
    for issue in [] if kb_failed else issues:  # against a broken site ticket, every set would look wrong
        key, message = issue_message("ticket", issue)
        report = problems.warning if issue.kind == "advice" else problems.error
        report(meta_path, located[0].line_of(key), message, "schema")
    return info


def _set_hours(path: Path, located: Located | None, values: dict[str, Any],
               problems: ProblemList) -> tuple[str | None, Channels | None]:
    """A set's ``hours:``: data joins the set's own channel (so its sidebar says "aberto agora",
    as the channels do); a text stays a note shown as written, with a warning that gives the data
    form read from it (kbgen.handoff.hours_text)."""
    hours, channel = values["hours"], values["channel"]
    line = located.line_of("hours") if located else 0
    if isinstance(hours, dict):
        if channel and channel.get("hours"):
            problems.error(path, line, "the hours are given twice, here and in channel.hours: keep one", "schema")
            return None, channel
        own: dict[str, Any] = {**(channel or {}), "hours": hours}
        if values["phone"] and not own.get("phones"):
            # the plain phone joins the channel too, or the sidebar would show the site's central instead
            try:
                own["phones"] = [phone({"number": values["phone"]})]
            except Invalid as exc:
                problems.error(path, located.line_of("phone") if located else 0, str(exc), "schema")
        return None, cast(Channels, own)
    if isinstance(hours, str):
        suggestion = suggested_hours(hours)
        example = hours_yaml(suggestion or {"weekly": {"seg-sex": ["08:00-18:00"]}})
        problems.warning(path, line, "hours written as text cannot show whether the set is open now, and may "
                                     "disagree with the channels' hours; write them as data"
                                     + (", as read from your text: " if suggestion else ", for example: ")
                                     + example, "hours")
    return hours, channel


def _load_module(folder: Path, set_slug: str, root: Path, site: Site, sources: _Sources,
                 problems: ProblemList) -> ModuleInfo | None:
    meta_path = folder / "_module.yml"
    values: dict[str, Any] | None = None
    if not meta_path.is_file():  # its articles are still read: their problems are reported too
        problems.error(meta_path, 0, f"the module folder {folder.name!r} has no _module.yml: create it with "
                                     "'title:'", "missing")
    else:
        values = read_yaml_file(meta_path, MODULE_SCHEMA, problems)
    article_list: list[ArticleInfo] = []
    found = entries(folder, root, problems)
    folder_names = {e.name for e in found if e.is_dir()}
    for entry in found:
        if entry.is_dir():
            _refuse_nested_articles(entry, problems)
            continue
        if entry.suffix != ".md" or entry.name.startswith("_"):
            continue
        slug = entry.stem
        if not _check_slug(entry, slug, problems):
            continue
        if slug in folder_names:
            problems.error(entry, WHOLE_FILE, f"the article {slug!r} has the same name as the folder "
                           f"{slug + '/'!r} beside it; rename one of them", "slug")
            continue
        article = _load_article(entry, set_slug, folder.name, sources, problems)
        if article:
            article_list.append(article)
        elif (stand_in := stand_in_article(entry, set_slug, folder.name, root)) is not None:
            site.set_aside.articles[stand_in.docname] = stand_in  # its front matter's problems are reported
    if values is None:
        module = stand_in_module(folder, set_slug, article_list)
        site.set_aside.modules[module.key] = module
        site.set_aside.articles.update({a.docname: a for a in article_list})
        return None
    module = ModuleInfo(set_slug, folder.name, folder, values["title"], values["description"], values["order"])
    ordered = sorted(article_list, key=display_order)
    module.articles = [a.docname for a in ordered]
    site.modules[module.key] = module
    for a in ordered:
        site.articles[a.docname] = a
    return module


def _refuse_nested_articles(folder: Path, problems: ProblemList) -> None:
    for dirpath, _dirs, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith(".md"):
                problems.error(Path(dirpath) / name, WHOLE_FILE, "articles cannot be nested below a module: move it "
                               f"up to {folder.parent.name}/", "layout")


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
        if outside(path, problems.root):  # before the cache: a file may have become a symlink since
            raise YamlError(0, OUTSIDE_SYMLINK, "path")
        stat = path.stat()
        cached = cache.get(path, stat)
        if cached is not None:
            return cached
        split = split_front_matter(decode_source(read_bytes(path, problems.root)))
    except YamlError as exc:
        problems.error(path, exc.line, exc.message, exc.code or "front-matter")
        return None
    except OSError as exc:
        problems.error(path, 0, f"cannot read the file: {exc.strerror}", "io")
        return None
    values = validated(path, split.front, ARTICLE_SCHEMA, problems)
    if values is None:
        return None
    front = FrontMatter(values, dict(split.front.lines), split.body_line)
    cache.put(path, stat, front)
    return front
