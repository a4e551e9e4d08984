"""Old URLs that must keep working: where each alias's redirect page goes, and what collides.

Plain Python (no Sphinx) so ``load_site`` reports collisions like any other content error, and
``kbgen check`` and ``kbgen build`` agree.
"""

from __future__ import annotations

from pathlib import Path

from kbgen import urls
from kbgen.content import ArticleInfo, Site
from kbgen.errors import ProblemList

#: Files and folders kbgen writes at the top of the site besides pages.
_GENERATED_FILES = {"sitemap.xml", "robots.txt", "_redirects", f"{urls.FEED}.xml"}
_GENERATED_FOLDERS = ("_static/", "_images/")


def redirect_file(alias: str) -> str:
    """The file an alias is served from: ``a/b.html`` as is, ``a/b`` and ``a/b/`` as ``a/b/index.html``."""
    alias = alias.lstrip("/")
    if not alias or alias.endswith("/"):
        return alias + "index.html"
    if "." in alias.rsplit("/", 1)[-1]:
        return alias  # old.html, old.htm, artigo.php: the old server's exact file name
    return alias + "/index.html"


def page_files(site: Site) -> set[str]:
    """Every file path a real page of the site is written to."""
    files = {urls.html_path(name) for name in urls.RESERVED} | _GENERATED_FILES
    for set_info in site.sets.values():
        files.add(urls.html_path(set_info.pagename))
        files.add(f"{set_info.slug}/{urls.FEED}.xml")
    for module in site.modules.values():
        files.add(urls.html_path(module.pagename))
    for docname in site.articles:
        files.add(urls.html_path(docname))
    return files


def _line(article: ArticleInfo) -> int:
    return article.key_lines.get("aliases", 0)


def check_aliases(site: Site, problems: ProblemList) -> None:
    pages = page_files(site)
    taken: dict[str, ArticleInfo] = {}
    for article in site.articles.values():
        for alias in article.aliases:
            target = redirect_file(alias)
            if target in pages or target.startswith(_GENERATED_FOLDERS):
                problems.error(article.path, _line(article), f"alias {alias!r} is the address of a page of the "
                               "site; an alias must be an old address that no longer exists", "alias")
            elif target in taken and taken[target] is not article:
                other = Path(taken[target].path).name
                problems.error(article.path, _line(article), f"alias {alias!r} is also an alias of {other}; "
                               "an old address can lead to one article only", "alias")
            else:
                taken[target] = article


def redirects(site: Site) -> list[tuple[str, str, str]]:
    """(old address as written, the file serving it, article docname) for every alias, sorted."""
    return sorted((alias.lstrip("/"), redirect_file(alias), a.docname)
                  for a in site.articles.values() for alias in a.aliases)
