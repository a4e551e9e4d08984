"""Everything kbgen prints goes through here: problems grouped by file, ``path:line: message``,
and streams that escape control characters (:func:`kbgen.text.printable`).

Readers control part of what kbgen prints (queries, paths and log lines in ``kbgen pageviews``
and ``kbgen searches``, paths in the build's most-read summary) and authors control file names
and titles: raw, an ESC or BEL would drive the author's terminal ("set the window title",
rewrite the screen) and a bidi override would make a line read differently from what it says.
"""

from __future__ import annotations

import io
from typing import TextIO, cast

from kbgen.errors import Problem, Severity
from kbgen.text import printable


def print_problems(problems: list[Problem], stream: TextIO, github: bool = False) -> None:
    if not problems:
        return
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.message)):
        # one problem, one line: a file name or message with a line break cannot forge another one
        print(printable(problem.format_github() if github else problem.format(), newlines=False), file=stream)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    print(f"kbgen: {errors} error(s), {warnings} warning(s) in {files} file(s)", file=stream)


class _PrintableStream(io.TextIOBase):
    """Writes to ``target`` what it is given, control characters escaped (line breaks kept)."""

    def __init__(self, target: TextIO):
        super().__init__()
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def writable(self) -> bool:
        return True


def printable_stream(stream: TextIO) -> TextIO:
    """``stream``, escaping what is written to it; the same stream when it already escapes."""
    if isinstance(stream, _PrintableStream):
        return cast(TextIO, stream)
    return cast(TextIO, _PrintableStream(stream))
