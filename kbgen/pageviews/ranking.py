"""Most read: ``popular:`` in kb.yml, page views per article, ranked, and loading them for a site.

The counts come from ``path,views`` files — ``kb.yml``'s ``popular.source`` (by default
``_data/pageviews.csv`` when it exists) or the files given to ``kbgen build --pageviews``. Their
paths are mapped to articles with their aliases; rows of listing pages and assets are ignored,
and rows of pages that match no article are summarised once (an old export, or an article that
moved without claiming its old path). With no file, or no row of an existing article, there is
no data at all, and the pages show no "Artigos mais lidos" section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbgen.pageviews.csvio import CsvProblems, read_counts
from kbgen.pageviews.paths import ArticleMatcher, page_key
from kbgen.schema import Field, Invalid, Schema, integer, record, site_path
from kbgen.text import printable, sort_key

if TYPE_CHECKING:
    from kbgen.content import Site
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

#: the converter of ``popular:`` in kb.yml (kbgen.schema loads it lazily)
popular_record = record(POPULAR_SCHEMA)


def rank(views: Mapping[str, int], titles: Mapping[str, str], limit: int | None = None,
         keep: Callable[[str], bool] | None = None) -> list[str]:
    """Docnames by views, most first; ties by the fixed title key, then docname: deterministic."""
    chosen = [d for d, n in views.items() if n > 0 and d in titles and (keep is None or keep(d))]
    chosen.sort(key=lambda d: (-views[d], *sort_key(titles[d]), d))
    return chosen if limit is None else chosen[:limit]


@dataclass(frozen=True)
class PopularData:
    views: dict[str, int]  # article docname → views
    count: int  # articles on the home page and on each set page
    sources: tuple[str, ...]  # the files, as displayed
    unmatched: tuple[tuple[str, int], ...]  # (path, views) matching no article, most viewed first

    def ranked(self, titles: Mapping[str, str], limit: int | None = None,
               keep: Callable[[str], bool] | None = None) -> list[str]:
        return rank(self.views, titles, limit, keep)

    def summary(self) -> str | None:
        """The one line the build prints about paths that match no article, or None."""
        if not self.unmatched:
            return None
        total = sum(n for _p, n in self.unmatched)
        examples = ", ".join(f"{p} ({n})" for p, n in self.unmatched[:_EXAMPLES])
        more = ", …" if len(self.unmatched) > _EXAMPLES else ""
        return printable(f"kbgen: most read: {len(self.unmatched)} path(s) in {', '.join(self.sources)} with "
                         f"{total} view(s) match no article: {examples}{more}. An article that moved can list its "
                         "old path in 'aliases'.", newlines=False)  # the paths are the readers' text


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
    from kbgen.content import OUTSIDE_SYMLINK

    settings = site.config.get("popular") or {}
    if settings.get("source"):
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
    settings = site.config.get("popular") or {}
    count = DEFAULT_COUNT if settings.get("count") is None else settings["count"]
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
