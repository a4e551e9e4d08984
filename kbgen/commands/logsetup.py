"""What every log-reading command (``kbgen pageviews``, ``kbgen report``) does before it reads a line:
check the logs and the content folder, load the content, warn about its errors, build the article
matcher, and offer a progress bar over the inputs' bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kbgen.commands.usage import UsageError
from kbgen.loading.walker import load_site
from kbgen.model import Site
from kbgen.pageviews.paths import ArticleMatcher

#: inputs at least this big get a progress bar (when stderr is a terminal)
PROGRESS_BYTES = 32 << 20


def check_logs_and_source(logs: Sequence[Path], source: Path, example: str) -> None:
    """Log files that exist and the content folder that says which paths are articles. ``example`` is
    the command line shown when no log is given."""
    if not logs:
        raise UsageError(f"give at least one log file: {example}")
    for log in logs:
        if not log.is_file():
            raise UsageError(f"{log}: no such log file")
    if not source.is_dir():
        raise UsageError(f"the content folder {source} does not exist; pass --source FOLDER (it says "
                         "which paths are articles)")


@contextmanager
def progress_bar(total: int, stream: TextIO) -> Iterator[Callable[[int], None] | None]:
    """kbgen's own bar on the terminal (its \\r and colours must work), for inputs of PROGRESS_BYTES or more."""
    if total < PROGRESS_BYTES or not stream.isatty():
        yield None
        return
    import click

    with click.progressbar(length=total, label="kbgen: reading logs", file=stream) as bar:
        yield bar.update


@dataclass
class LogInputs:
    site: Site
    matcher: ArticleMatcher
    total_bytes: int  # of the log files as given (compressed bytes for a .gz)


def load_log_inputs(logs: Sequence[Path], source: Path, stream: TextIO) -> LogInputs:
    """The content (its errors as one warning on ``stream``: the command still runs), its article
    matcher and the logs' total size. The caller has checked its options first."""
    site, problems = load_site(source.resolve())
    if problems.errors:
        print(f"kbgen: warning: the content has {len(problems.errors)} error(s) (see kbgen check); the articles "
              "that failed to load are not counted", file=stream)
    return LogInputs(site, ArticleMatcher.for_site(site), sum(log.stat().st_size for log in logs))
