"""Stand-ins for what the loader refused, so one ``kbgen check`` reports every problem of every file.

An article whose front matter is broken (or that sits in a set or module whose ``_set.yml`` /
``_module.yml`` is broken) is not part of the site: it is never built nor published. But its body
can still hold a broken link, an unknown directive or a CPF, and other articles may link to it.
Reporting those only after the front matter is fixed took authors three runs. So the loader keeps a
stand-in of each refused file (``Site.set_aside``, placeholder values: the title as far as it can be
read, else the file name), and :func:`with_stand_ins` gives the site Sphinx reads for reporting:
the valid site plus the stand-ins. A build never publishes it.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from kbgen import urls
from kbgen.frontmatter import decode_source
from kbgen.loading.files import outside, read_bytes
from kbgen.loading.schemas import KB_SCHEMA
from kbgen.model import ArticleInfo, ModuleInfo, SetInfo, Site, SiteConfig, Ticket, display_order
from kbgen.validation import validate
from kbgen.yamlio import Located, YamlError, load_yaml

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as kbgen.frontmatter counts lines


def stand_in_config(located: Located | None, root: Path) -> SiteConfig:
    """``kb.yml``'s values that are valid on their own, for a ``kb.yml`` that is missing or broken:
    the defaults for the rest, the folder's name for a missing title, no logo that is not a file here.
    So ``allow_raw_html: true`` beside a typo still applies, and articles are read as they will be."""
    values, _problems = validate(KB_SCHEMA, located.value if located is not None else {})
    values = values or {f.name: f.default for f in KB_SCHEMA.fields}
    values["title"] = values.get("title") or root.name
    logo = values.get("logo")
    if logo and (not (root / logo).is_file() or outside(root / logo, root)):
        values["logo"] = None  # Sphinx would fail reading it; its problem is reported already
    return SiteConfig(**values)


def stand_in_article(path: Path, set_slug: str, module_slug: str, root: Path) -> ArticleInfo | None:
    """The refused article's body, located as :func:`kbgen.frontmatter.split_front_matter` would;
    None when there is no body to read (not text, front matter never closed, unreadable)."""
    try:
        if outside(path, root):
            return None
        text = decode_source(read_bytes(path, root))
    except (YamlError, OSError):
        return None
    lines = _LINE_BREAK.split(text)
    title = path.stem
    if not lines or lines[0].strip() != "---":
        body_line = 1  # no front matter at all (MkDocs, GitHub): the whole file is the body
    else:
        end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), None)
        if end is None:
            return None  # everything after the first line is front matter: nothing to read as Markdown
        body_line = end + 2
        try:
            front = load_yaml("\n".join(lines[1:end]), line_offset=1).value
        except YamlError:
            front = None
        if isinstance(front, dict) and isinstance(front.get("title"), str) and front["title"].strip():
            title = front["title"].strip()
    return ArticleInfo(docname=urls.article_page(set_slug, module_slug, path.stem), set_slug=set_slug,
                       module_slug=module_slug, slug=path.stem, path=path, title=title, description=None,
                       faq=False, order=None, tags=(), aliases=(), updated=None, body_line=body_line)


def stand_in_module(folder: Path, set_slug: str, articles: list[ArticleInfo]) -> ModuleInfo:
    module = ModuleInfo(set_slug, folder.name, folder, folder.name, None, None)
    module.articles = [a.docname for a in sorted(articles, key=display_order)]
    return module


def stand_in_set(folder: Path, modules: list[ModuleInfo]) -> SetInfo:
    # hand-off by e-mail to no address: never shown, the site is not published with a stand-in
    info = SetInfo(folder.name, folder, folder.name, None, "", None, None, None, None,
                   ticket=Ticket(system="email", email=""))
    info.modules = [m.key for m in sorted(modules, key=display_order)]
    return info


def with_stand_ins(site: Site) -> Site:
    """The site plus its stand-ins, for reading every body; ``site`` itself is unchanged."""
    aside = site.set_aside
    if not (aside.sets or aside.modules or aside.articles):
        return site
    sets = {**site.sets, **aside.sets}
    modules = {**site.modules, **aside.modules}
    for key, module in modules.items():
        owner = sets.get(module.set_slug)
        if owner is not None and key not in owner.modules:
            sets[module.set_slug] = dataclasses.replace(owner, modules=[*owner.modules, key])
    articles = {**site.articles, **aside.articles}
    for docname, article in articles.items():
        parent = modules.get(article.module_key)
        if parent is not None and docname not in parent.articles:
            modules[article.module_key] = dataclasses.replace(parent, articles=[*parent.articles, docname])
    # display order as load_site gives it: sets, then their modules, then their articles
    ordered_sets = dict(sorted(sets.items(), key=lambda item: display_order(item[1])))
    ordered_modules = {k: modules[k] for s in ordered_sets.values() for k in s.modules if k in modules}
    ordered_articles = {d: articles[d] for m in ordered_modules.values() for d in m.articles if d in articles}
    return dataclasses.replace(site, sets=ordered_sets, modules=ordered_modules, articles=ordered_articles)
