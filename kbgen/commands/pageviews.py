"""``kbgen pageviews LOG… -o FILE``: access logs → ``path,views`` (or, with ``searches``, ``query,searches``).

The content folder says which paths are articles (their aliases included) and under which base
path the site is served; the reduction itself is :mod:`kbgen.pageviews.reduce`. Everything but the
CSV goes to ``stream`` (stderr): what was read, what was left out and why, and the paths that
match no article. The output file is replaced only when kbgen wrote it (or with ``force``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kbgen.commands.logsetup import PROGRESS_BYTES, check_logs_and_source, load_log_inputs, progress_bar
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.pageviews.csvio import render_counts, write_atomically, written_by_kbgen
from kbgen.pageviews.logformat import FORMATS, nothing_read, other_sites
from kbgen.pageviews.paths import key_url
from kbgen.pageviews.reduce import REPEAT_SECONDS, Reduction, reduce_logs
from kbgen.pageviews.sources import LogError
from kbgen.report import printable_stream
from kbgen.urls import site_host

_UNMATCHED_SHOWN = 10

__all__ = ["PROGRESS_BYTES", "PageviewsOptions", "check_logs_and_source", "pageviews"]


@dataclass
class PageviewsOptions:
    logs: tuple[Path, ...]
    output: Path | None = None  # None: standard output
    source: Path = Path("content")
    window_days: int = 90  # 0: every logged day
    searches: bool = False
    force: bool = False


def _check(options: PageviewsOptions) -> None:
    check_logs_and_source(options.logs, options.source, "kbgen pageviews /var/log/nginx/access.log* -o FILE")
    if options.window_days < 0:
        raise UsageError("--window-days must be 0 (every day) or more")
    out = options.output
    if out is not None and out.is_dir():
        raise UsageError(f"-o {out} is a folder; give the CSV file to write, such as {out / 'pageviews.csv'}")
    if out is not None:
        blocking = next((p for p in out.parents if os.path.lexists(p) and not p.is_dir()), None)
        if blocking is not None:
            raise UsageError(f"-o {out}: {blocking} is a file, not a folder; choose another place for the CSV")
    if out is not None and out.exists() and not options.force and not written_by_kbgen(out):
        raise UsageError(f"{out} exists and was not written by kbgen pageviews; pass --force to replace it")


def _number(n: int) -> str:
    return f"{n:,}"


def _report(reduction: Reduction, options: PageviewsOptions, counted: dict[str, int], stream: TextIO) -> None:
    stats = reduction.stats
    print(f"kbgen: {len(stats.files)} log file(s), {_number(stats.lines)} lines, {_number(stats.malformed)} "
          f"not in {FORMATS}{other_sites(stats.other_sites)}", file=stream)
    for file_stats in stats.files:
        for number, text in file_stats.examples[:1]:
            print(f"kbgen:   e.g. {file_stats.path}:{number}: {text}", file=stream)
        if file_stats.lines and not file_stats.parsed:
            print(f"kbgen: warning: {file_stats.path}: no line of it is in {FORMATS}", file=stream)
    what = "searches" if options.searches else "article views"
    print(f"kbgen: {_number(stats.counted)} {what} by readers; left out: {_number(stats.crawlers)} by crawlers, "
          f"{_number(stats.repeats)} repeated by the same reader within {REPEAT_SECONDS // 60} minutes",
          file=stream)
    days = f"the last {options.window_days} days" if options.window_days else "every day"
    unit = "queries" if options.searches else "articles"
    print(f"kbgen: {days} of the logs, {reduction.window_label(options.window_days)}: "
          f"{_number(sum(counted.values()))} {what} of {_number(len(counted))} {unit} → "
          f"{options.output or 'standard output'}", file=stream)
    if reduction.unmatched:
        top = reduction.unmatched.most_common(_UNMATCHED_SHOWN)
        hits = sum(reduction.unmatched.values())
        print(f"kbgen: {_number(len(reduction.unmatched))} page path(s) with {_number(hits)} successful reader "
              f"request(s) match no article (an article that moved can list its old path in 'aliases'):",
              file=stream)
        for key, n in top:
            print(f"kbgen:   {key_url(key)} ({_number(n)})", file=stream)


def pageviews(options: PageviewsOptions, stream: TextIO | None = None, out: TextIO | None = None) -> ExitStatus:
    """Reduce the logs and write the CSV. Raises UsageError (exit 2) for wrong inputs."""
    terminal = stream or sys.stderr
    stream = printable_stream(terminal)  # log lines, paths and queries are the readers' text
    _check(options)
    inputs = load_log_inputs(options.logs, options.source, stream)
    matcher = inputs.matcher
    try:
        with progress_bar(inputs.total_bytes, terminal) as progress:
            reduction = reduce_logs(list(options.logs), matcher.resolve, matcher.prefix, options.searches, progress,
                                    site_host(inputs.site.config.base_url))
    except LogError as exc:
        raise UsageError(str(exc)) from None
    stats = reduction.stats
    if stats.parsed == 0:
        example = next((f"{f.path}:{n}: {t}" for f in stats.files for n, t in f.examples[:1]), "")
        raise UsageError(nothing_read(stats.lines, example, stats.other_sites, site_host(inputs.site.config.base_url)))
    totals = reduction.totals(options.window_days)
    if options.searches:
        counted, header, kind = totals, ("query", "searches"), "searches"
    else:
        counted, header, kind = {key_url(k): n for k, n in totals.items()}, ("path", "views"), "pageviews"
    days = f"last {options.window_days} days" if options.window_days else "every day"
    comment = (f"{kind}: {reduction.window_label(options.window_days)} ({days} of the logs), "
               f"{len(options.logs)} log file(s); written by kbgen pageviews")
    text = render_counts(counted, header, comment)
    if options.output is None:
        printable_stream(out or sys.stdout).write(text)
    else:
        try:
            write_atomically(options.output, text)
        except OSError as exc:  # a read-only folder, a full disk, a file where a folder should be …
            print(f"kbgen: error: cannot write {options.output}: {exc.strerror or exc}; nothing was written",
                  file=stream)
            return ExitStatus.CONTENT_ERROR
    _report(reduction, options, counted, stream)
    return ExitStatus.OK
