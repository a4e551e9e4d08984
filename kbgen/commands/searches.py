"""``kbgen searches FILE…``: what readers search for, and what they search for and do not find.

Reads ``query,searches`` files (``kbgen pageviews --searches`` writes them) and runs every query
through the results page's search over the built site's own index (:mod:`kbgen.search.query`,
the Python twin of ``kbgen-search.js``), so "finds nothing" means what it meant for the reader.
A query "finds nothing" when no result *answers* it — the results page's rule (kbgen.search
.confidence): a query whose only matches are partial ones ("segunda via da conta de água" on a
site about IPTU) finds nothing. Those queries, most searched first, are the articles the help
desk should write next.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kbgen.commands.usage import UsageError
from kbgen.errors import ProblemList
from kbgen.exitcodes import ExitStatus
from kbgen.pageviews.csvio import CsvProblems, neutralise_cell, read_counts, summed
from kbgen.report import print_problems, printable_stream
from kbgen.search.normalise import query_words
from kbgen.search.query import search
from kbgen.search.siteindex import IndexUnavailable, SiteIndex, load_site_index

_QUERY_WIDTH = 44
_ALL = 1_000_000  # partial results counted: all of them


@dataclass
class SearchesOptions:
    files: tuple[Path, ...]
    site: Path = Path("_build/html")
    top: int = 20
    output_format: str = "text"  # or "csv": every query with its results


@dataclass(frozen=True)
class QueryReport:
    query: str
    searches: int
    results: int  # answering results
    first: str  # title of the first answering result, "" without one
    searchable: bool = True  # False when every word is one the search ignores ("como", "de")
    partial: int = 0  # partial results: articles that hold only part of what was asked


def analyse(counts: dict[str, int], index: SiteIndex) -> list[QueryReport]:
    """Every query with its result count, most searched first (ties by query)."""
    reports = []
    for query, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        results = search(index, query, limit=0, partial_limit=_ALL)
        answers = [r for r in results if r.answers]
        first = index.docs[answers[0].ref]["title"] if answers else ""
        reports.append(QueryReport(query, n, len(answers), first, bool(query_words(query)),
                                   len(results) - len(answers)))
    return reports


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(reports: list[QueryReport], top: int, sources: str) -> str:
    total = sum(r.searches for r in reports)
    lines = [f"Top searches — {total:,} searches of {len(reports):,} distinct queries in {sources}", "",
             f"{'searches':>9}  {'results':>7}  {'query':<{_QUERY_WIDTH}}  first result"]
    for r in reports[:top]:
        lines.append(f"{r.searches:>9,}  {r.results:>7,}  {_cut(r.query, _QUERY_WIDTH):<{_QUERY_WIDTH}}  "
                     f"{_cut(r.first, 60) or '—'}")
    empty = [r for r in reports if r.results == 0]
    queries = "query" if len(empty) == 1 else "queries"
    lines += ["", f"Searches that find nothing — {len(empty):,} {queries}, {sum(r.searches for r in empty):,} "
                  "searches with no answering article: the articles to write next", ""]
    if empty:
        lines.append(f"{'searches':>9}  {'partial':>7}  query")
        lines += [f"{r.searches:>9,}  {r.partial:>7,}  {r.query}"
                  + ("" if r.searchable else "  (only words the search ignores)") for r in empty[:top]]
        if len(empty) > top:
            lines.append(f"{'':>9}  … and {len(empty) - top:,} more (--top N, or --format csv for all)")
    else:
        lines.append(f"{'':>9}  none: every query finds at least one article")
    return "\n".join(lines) + "\n"


def render_csv(reports: list[QueryReport]) -> str:
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("query", "searches", "results", "first_result", "partial_results"))
    # queries are the readers' text, titles the authors': neither may become a spreadsheet formula
    writer.writerows((neutralise_cell(r.query), r.searches, r.results, neutralise_cell(r.first), r.partial)
                     for r in reports)
    return out.getvalue()


def searches(options: SearchesOptions, out: TextIO | None = None, stream: TextIO | None = None) -> ExitStatus:
    """Print the report. Raises UsageError (exit 2) for missing files or a site that was not built."""
    stream = printable_stream(stream or sys.stderr)
    if not options.files:
        raise UsageError("give the query,searches file(s): kbgen pageviews --searches LOG… -o searches.csv writes one")
    problems = ProblemList(Path.cwd())
    rows = []
    for path in options.files:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        try:
            rows += read_counts(path, "searches")
        except CsvProblems as exc:
            for line, message in exc.problems:
                problems.error(path, line, message, "searches")
        except OSError as exc:
            problems.error(path, 0, f"cannot read the file: {exc.strerror or exc}", "io")
    if problems.errors:
        print_problems(problems.sorted(), stream)
        return ExitStatus.CONTENT_ERROR
    try:
        index = load_site_index(options.site)
    except IndexUnavailable as exc:
        raise UsageError(f"{exc}: build the site first (kbgen build --out "
                         f"{options.site}) or pass --site FOLDER") from None
    reports = analyse(summed(rows), index)
    text = render_csv(reports) if options.output_format == "csv" else render_text(
        reports, options.top, ", ".join(str(p) for p in options.files))
    printable_stream(out or sys.stdout).write(text)  # queries are the readers' text
    return ExitStatus.OK
