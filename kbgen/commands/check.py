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

from kbgen.commands.build import UsageError
from kbgen.content import load_site
from kbgen.errors import Problem, ProblemList
from kbgen.exitcodes import ExitStatus
from kbgen.lint import lint
from kbgen.report import print_problems
from kbgen.staging import prepare_sources


@dataclass
class CheckOptions:
    source: Path = Path("content")
    cache_dir: Path = Path("_build/.cache")
    strict: bool = False
    github: bool = False
    today: dt.date | None = None  # for the review_by rule; the real date when not given


def check(options: CheckOptions, stream: TextIO | None = None) -> tuple[ExitStatus, list[Problem]]:
    stream = stream or sys.stderr
    source = options.source.resolve()
    if not source.is_dir():
        raise UsageError(f"the content folder {options.source} does not exist; pass --source FOLDER")
    site, problems = load_site(source)
    if site.shallow_git:
        problems.warning(source / "kb.yml", 0, "this is a shallow git clone: 'Atualizado em' dates are unreliable; "
                                               "fetch the full history (e.g. fetch-depth: 0)", "git-shallow")
    if not problems.errors:
        from kbgen.sphinx_ext.state import preload
        from kbgen.sphinx_run import run_sphinx

        preload(site)
        cache = options.cache_dir.resolve() / "check"
        prepare_sources(site, cache / "src")
        # A fresh read every time: check reports everything, not only what changed.
        result = run_sphinx(cache / "src", cache / "out", cache / "doctrees", source, builder="dummy")
        problems = ProblemList(source, problems.items + result.problems)
        lint(site, problems, options.today or dt.date.today())
    found = problems.sorted()
    print_problems(found, stream, github=options.github)
    failed = problems.errors or (options.strict and problems.warnings)
    if not found:
        print(f"kbgen: no problems in {len(site.articles)} article(s)", file=stream)
    return (ExitStatus.CONTENT_ERROR if failed else ExitStatus.OK), found
