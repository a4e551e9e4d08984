"""``kbgen check``: every error ``build`` would report, without writing a site.

It runs the same validation and the same Sphinx read and resolve phases (with Sphinx's
``dummy`` builder, in its own cache folder), so ``check`` and ``build`` never disagree.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kbgen.cachedir import remove_temp_files
from kbgen.commands.build import guard_cache_dir, write_failure
from kbgen.commands.readall import read_everything
from kbgen.commands.usage import UsageError
from kbgen.errors import Problem, ProblemList
from kbgen.exitcodes import ExitStatus
from kbgen.loading.lint import lint
from kbgen.loading.stand_ins import with_stand_ins
from kbgen.loading.walker import load_site
from kbgen.lock import Busy, hold_build
from kbgen.oserrors import find_os_error
from kbgen.report import print_problems, printable_stream


@dataclass
class CheckOptions:
    source: Path = Path("content")
    cache_dir: Path = Path("_build/.cache")
    strict: bool = False
    github: bool = False
    today: dt.date | None = None  # for the review_by rule; the real date when not given
    wait: bool = True  # False (--no-wait): stop with exit status 1 when a build holds the cache's lock


def check(options: CheckOptions, stream: TextIO | None = None) -> tuple[ExitStatus, list[Problem]]:
    stream = printable_stream(stream or sys.stderr)  # paths, and a lock holder's command line, are not ours
    source = options.source.resolve()
    if not source.is_dir():
        raise UsageError(f"the content folder {options.source} does not exist; pass --source FOLDER")
    # check writes only in the cache (never in content/): the same guard as build's
    guard_cache_dir(options.cache_dir, source)
    cache = options.cache_dir.resolve()
    try:
        with hold_build(cache, None, wait=options.wait, stream=stream):
            return _check_locked(options, source, cache, stream)
    except Busy as exc:
        print(f"kbgen: error: {exc}", file=stream)
    except Exception as exc:
        error = find_os_error(exc)
        if error is None:
            raise
        print(f"kbgen: error: {write_failure(error, source, cache, None)}", file=stream)
    return ExitStatus.CONTENT_ERROR, []


def _check_locked(options: CheckOptions, source: Path, cache: Path,
                  stream: TextIO) -> tuple[ExitStatus, list[Problem]]:
    remove_temp_files(cache)
    site, problems = load_site(source)
    if site.shallow_git:
        problems.warning(source / "kb.yml", 0, "this is a shallow git clone: 'Atualizado em' dates are unreliable; "
                                               "fetch the full history (e.g. fetch-depth: 0)", "git-shallow")
    # every phase, whatever the loader found: a broken file is set aside, never a reason to stop
    problems = ProblemList(source, problems.items + read_everything(site, cache))
    lint(with_stand_ins(site), problems, options.today or dt.date.today())
    found = problems.sorted()
    print_problems(found, stream, github=options.github)
    failed = problems.errors or (options.strict and problems.warnings)
    if not found:
        print(f"kbgen: no problems in {len(site.articles)} article(s)", file=stream)
    return (ExitStatus.CONTENT_ERROR if failed else ExitStatus.OK), found
