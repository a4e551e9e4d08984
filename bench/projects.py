"""The same Markdown as a plain-Sphinx project and as an MkDocs project, for the comparison.

Plain Sphinx is set up as a Sphinx user would set up a help center without kbgen: myst-parser
and sphinx-design, ``colon_fence`` and ``deflist``, the ``basic`` theme, Sphinx's own search
(in Portuguese) and every other option left at its default. Articles are reached through
one ``index.md`` per set and per module with a ``:glob:`` toctree, the usual way to avoid
"document isn't included in any toctree" without listing thousands of files by hand; the
basic theme's sidebars (local toc, previous/next, search box) do not render the whole tree,
so the build stays linear (SPHINX-NOTES: a whole-site sidebar makes it quadratic).

MkDocs gets the Markdown as it is, ``nav`` left out (MkDocs builds it from the folders) and
its default theme, which renders the whole navigation on every page: that is MkDocs' own
cost, the one the issue compares against. MyST fences (``:::{note}``) are plain text to it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SPHINX_CONF = '''\
# Plain Sphinx on the same Markdown as kbgen (bench/projects.py): defaults except what MyST needs.
project = {title!r}
language = "pt_BR"
extensions = ["myst_parser", "sphinx_design"]
myst_enable_extensions = ["colon_fence", "deflist"]
# the articles carry their title in the front matter, as kbgen's do
myst_title_to_header = True
myst_heading_anchors = 3
html_theme = "basic"
exclude_patterns = ["_build"]
'''

MKDOCS_YML = '''\
site_name: {title}
docs_dir: docs
site_dir: site
use_directory_urls: false
theme:
  name: mkdocs
plugins:
  - search
markdown_extensions:
  - tables
  - admonition
  - def_list
'''


def _title_of(yml: Path) -> str:
    """The ``title:`` of a generated ``_set.yml``/``_module.yml``/``kb.yml`` (JSON-quoted by the generator)."""
    for line in yml.read_text(encoding="utf-8").splitlines():
        if line.startswith("title: "):
            value = line.removeprefix("title: ")
            return str(json.loads(value)) if value.startswith('"') else value
    raise ValueError(f"no title in {yml}")


def _copy_articles(content: Path, dest: Path) -> list[Path]:
    """Copy every set folder's articles and images; return the module folders (sorted)."""
    modules = []
    for module_yml in sorted(content.glob("*/*/_module.yml")):
        folder = module_yml.parent
        target = dest / folder.relative_to(content)
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(folder.glob("*.md")):
            shutil.copy2(path, target / path.name)
        if (folder / "img").is_dir():
            shutil.copytree(folder / "img", target / "img", dirs_exist_ok=True)
        modules.append(folder)
    return modules


def _page(title: str, body: str) -> str:
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{body}"


def _toctree(*entries: str, glob: bool = True) -> str:
    options = ":glob:\n:maxdepth: 1\n" if glob else ":maxdepth: 1\n"
    return "```{toctree}\n" + options + "\n" + "\n".join(entries) + "\n```\n"


def make_sphinx_project(content: Path, dest: Path) -> Path:
    """A plain Sphinx source folder (``conf.py`` at its root) from a generated content folder."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    title = _title_of(content / "kb.yml")
    (dest / "conf.py").write_text(SPHINX_CONF.format(title=title), encoding="utf-8")
    modules = _copy_articles(content, dest)
    set_folders = sorted({m.parent for m in modules})
    for folder in set_folders:
        (dest / folder.name / "index.md").write_text(
            _page(_title_of(folder / "_set.yml"), _toctree("*/index")), encoding="utf-8")
    for folder in modules:
        (dest / folder.relative_to(content) / "index.md").write_text(
            _page(_title_of(folder / "_module.yml"), _toctree("*")), encoding="utf-8")
    (dest / "index.md").write_text(_page(title, _toctree("*/index")), encoding="utf-8")
    return dest


def make_mkdocs_project(content: Path, dest: Path) -> Path:
    """An MkDocs project folder (``mkdocs.yml`` + ``docs/``) from a generated content folder."""
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    docs.mkdir(parents=True)
    title = _title_of(content / "kb.yml")
    (dest / "mkdocs.yml").write_text(MKDOCS_YML.format(title=title), encoding="utf-8")
    _copy_articles(content, docs)
    (docs / "index.md").write_text(_page(title, "Bem-vindo à Central de Ajuda.\n"), encoding="utf-8")
    return dest
