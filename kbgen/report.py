"""Printing problems for authors: grouped by file, ``path:line: message``."""

from __future__ import annotations

from typing import TextIO

from kbgen.errors import Problem, Severity


def print_problems(problems: list[Problem], stream: TextIO, github: bool = False) -> None:
    if not problems:
        return
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.message)):
        print(problem.format_github() if github else problem.format(), file=stream)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    print(f"kbgen: {errors} error(s), {warnings} warning(s) in {files} file(s)", file=stream)
