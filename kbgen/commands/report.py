"""``kbgen report LOG… --source content -o painel.html``: the authors' dashboard from access logs.

The logs are read once (:func:`kbgen.analytics.tally.tally_logs`, which reuses ``kbgen pageviews``'s
reader, formats and crawler filter); the content says which paths are articles, their sets and
``review_by`` dates; the built site (``--site``, optional) runs the readers' queries through the
results page's own search, so "no answering result" means what ``kbgen searches`` means by it.
What was read and left out goes to stderr, as ``kbgen pageviews`` reports it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kbgen.analytics.page import MARK, Dashboard, Searched, render
from kbgen.analytics.tally import tally_logs
from kbgen.commands.logsetup import PROGRESS_BYTES, check_logs_and_source, load_log_inputs, progress_bar
from kbgen.commands.searches import analyse
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.pageviews.csvio import write_atomically
from kbgen.pageviews.logformat import FORMATS, nothing_read, other_sites
from kbgen.pageviews.sources import LogError
from kbgen.report import printable_stream
from kbgen.search.siteindex import IndexUnavailable, load_site_index
from kbgen.urls import site_host

__all__ = ["PROGRESS_BYTES", "ReportOptions", "report"]


@dataclass
class ReportOptions:
    logs: tuple[Path, ...]
    output: Path = Path("painel.html")
    source: Path = Path("content")
    site: Path = Path("_build/html")
    since: dt.date | None = None
    until: dt.date | None = None
    today: dt.date | None = None  # for review_by; the real date when not given
    force: bool = False  # replace --output even if kbgen report did not write it


def _check(options: ReportOptions) -> None:
    check_logs_and_source(options.logs, options.source, "kbgen report /var/log/nginx/access.log* -o painel.html")
    if options.since and options.until and options.since > options.until:
        raise UsageError(f"--since {options.since} is after --until {options.until}: nothing would be counted")
    out = options.output
    if out.is_dir():
        raise UsageError(f"-o {out} is a folder; give the HTML file to write, such as {out / 'painel.html'}")
    blocking = next((p for p in out.parents if os.path.lexists(p) and not p.is_dir()), None)
    if blocking is not None:
        raise UsageError(f"-o {out}: {blocking} is a file, not a folder; choose another place for the report")
    if out.exists() and not options.force and not _ours(out):
        raise UsageError(f"{out} exists and was not written by kbgen report; pass --force to replace it")


def _ours(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return MARK.encode() in handle.read(200)
    except OSError:
        return False


def _searches(site: Path, counts: dict[str, int], stream: TextIO) -> list[Searched] | None:
    if not counts:
        return []
    try:
        index = load_site_index(site)
    except IndexUnavailable as exc:
        print(f"kbgen: warning: {exc}, so the report cannot tell which searches found "
              "nothing; build the site first (kbgen build) or pass --site FOLDER", file=stream)
        return None
    return [Searched(r.query, r.searches, r.results, r.partial) for r in analyse(counts, index)]


def report(options: ReportOptions, stream: TextIO | None = None) -> ExitStatus:
    """Read the logs and write the dashboard. Raises UsageError (exit 2) for wrong inputs."""
    terminal = stream or sys.stderr
    stream = printable_stream(terminal)
    _check(options)
    inputs = load_log_inputs(options.logs, options.source, stream)
    site, matcher = inputs.site, inputs.matcher
    try:
        with progress_bar(inputs.total_bytes, terminal) as progress:
            tally = tally_logs(list(options.logs), matcher.resolve, matcher.prefix, options.since, options.until,
                               progress, site_host(site.config.base_url))
    except LogError as exc:
        raise UsageError(str(exc)) from None
    stats = tally.stats
    for file_stats in stats.files:
        for number, text in file_stats.examples[:1]:
            print(f"kbgen:   e.g. {file_stats.path}:{number}: {text}", file=stream)
    if stats.parsed == 0:
        example = next((f"{f.path}:{n}: {t}" for f in stats.files for n, t in f.examples[:1]), "")
        raise UsageError(nothing_read(stats.lines, example, stats.other_sites, site_host(site.config.base_url)))
    no_answer = _searches(options.site, dict(tally.searches), stream)
    dashboard = Dashboard(site, tally, options.today or dt.date.today(), [str(p) for p in options.logs], no_answer,
                          options.since, options.until)
    try:
        write_atomically(options.output, render(dashboard))
    except OSError as exc:
        print(f"kbgen: error: cannot write {options.output}: {exc.strerror or exc}; nothing was written", file=stream)
        return ExitStatus.CONTENT_ERROR
    votes = sum(v.total for v in tally.votes.values())
    print(f"kbgen: {len(stats.files)} log file(s), {stats.lines:,} lines, {stats.malformed:,} not in "
          f"{FORMATS}{other_sites(stats.other_sites)}; {sum(tally.views().values()):,} article views, "
          f"{sum(tally.searches.values()):,} searches, {votes:,} votes by readers; left out: {stats.crawlers:,} by "
          f"crawlers, {stats.repeats:,} "
          f"repeated within 30 minutes → {options.output}", file=stream)
    return ExitStatus.OK
