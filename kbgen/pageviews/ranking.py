"""Most read: ``popular:`` in kb.yml, page views per article, ranked, and loading them for a site.

The counts come from ``path,views`` files — ``kb.yml``'s ``popular.source`` (by default
``_data/pageviews.csv`` when it exists) or the files given to ``kbgen build --pageviews``. Their
paths are mapped to articles with their aliases; rows of listing pages and assets are ignored,
and rows of pages that match no article are summarised once (an old export, or an article that
moved without claiming its old path). With no file, or no row of an existing article, there is
no data at all, and the pages show no "Artigos mais lidos" section.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbgen.errors import OUTSIDE_SYMLINK
from kbgen.model import PopularData, Site
from kbgen.pageviews.csvio import CsvProblems, read_counts
from kbgen.pageviews.paths import ArticleMatcher, page_key
from kbgen.validation import Field, Invalid, Schema, integer, record, site_path

if TYPE_CHECKING:
    from kbgen.errors import ProblemList
    from kbgen.yamlio import Located

#: the longest list, on mais-lidos.html
PAGE_LIMIT = 50
_EXAMPLES = 5
DEFAULT_SOURCE = "_data/pageviews.csv"
DEFAULT_COUNT = 5
MAX_COUNT = 50


def _count(value: Any) -> int:
    number = integer(value)
    if not 0 <= number <= MAX_COUNT:
        raise Invalid(f"expected a number from 0 to {MAX_COUNT}, found {number}")
    return number


POPULAR_SCHEMA = Schema("popular", (
    Field("source", site_path, "The page-view counts: a path,views CSV inside the content folder (kbgen pageviews "
          f"writes one). Default: {DEFAULT_SOURCE}, when that file exists.", type_name="path"),
    Field("count", _count, "How many articles Artigos mais lidos lists on the home page and on each set page "
          "(0 hides the lists).", default=DEFAULT_COUNT, type_name="integer"),
))

#: the converter of ``popular:`` in kb.yml (kbgen.loading.schemas)
popular_record = record(POPULAR_SCHEMA)


def map_counts(counts: Iterable[tuple[str, int]], matcher: ArticleMatcher) -> tuple[dict[str, int], dict[str, int]]:
    """(views per docname, views per unmatched path) of (path, views) pairs."""
    views: dict[str, int] = {}
    unmatched: dict[str, int] = {}
    for path, n in counts:
        docname, is_unmatched = matcher.resolve(page_key(path, matcher.prefix))
        if docname is not None:
            views[docname] = views.get(docname, 0) + n
        elif is_unmatched:
            unmatched[path] = unmatched.get(path, 0) + n
    return views, unmatched


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _sources(site: Site, problems: ProblemList, kb: Located | None, files: Sequence[Path] | None) -> list[Path]:
    """The files to read: those given to the command (the user's own choice, anywhere), or the
    content folder's — never through a symlink leading out of it (its lines would be echoed)."""
    if files:
        return list(files)
    settings = site.config.popular
    if settings and settings["source"]:
        path = site.root / settings["source"]
        line = kb.line_of("popular.source") if kb else 0
        if path.is_file() and not _inside(path, site.root):
            problems.error(site.root / "kb.yml", line, f"'popular.source': {settings['source']}: {OUTSIDE_SYMLINK}",
                           "path")
            return []
        if not path.is_file():
            problems.error(site.root / "kb.yml", line, f"'popular.source': no file {settings['source']} in the "
                                                       "content folder (kbgen pageviews LOG… -o FILE writes one)",
                           "missing")
        return [path] if path.is_file() else []
    default = site.root / DEFAULT_SOURCE
    if default.is_file() and not _inside(default, site.root):
        problems.error(default, 0, OUTSIDE_SYMLINK, "path")
        return []
    return [default] if default.is_file() else []


def load_popular(site: Site, problems: ProblemList, kb: Located | None = None,
                 files: Sequence[Path] | None = None) -> PopularData | None:
    """The site's page views, or None without data. Bad files are reported in ``problems``."""
    settings = site.config.popular
    count = DEFAULT_COUNT if settings is None else settings["count"]
    paths = _sources(site, problems, kb, files)
    if not paths or count == 0:
        return None
    rows: list[tuple[str, int]] = []
    failed = False
    for path in paths:
        try:
            rows += [(row.key, row.count) for row in read_counts(path)]
        except CsvProblems as exc:
            for line, message in exc.problems:
                problems.error(path, line, message, "pageviews")
            failed = True
        except OSError as exc:
            problems.error(path, 0, f"cannot read the file: {exc.strerror}", "io")
            failed = True
    if failed:
        return None
    views, unmatched = map_counts(rows, ArticleMatcher.for_site(site))
    ordered = tuple(sorted(unmatched.items(), key=lambda item: (-item[1], item[0])))
    return PopularData(views, count, tuple(problems.display(p) for p in paths), ordered)
