"""Problems found in an author's content, reported as ``path:line: message``.

kbgen collects every problem of a run, prints them all grouped by file, and exits once:
an author fixes a whole batch per build instead of one error per build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

#: one message (and code) for every symlink leading out of the content folder: the same file
#: reported twice shows once (the loader and the page-view sources say it alike)
OUTSIDE_SYMLINK = "this symlink points outside the content folder; copy the file in instead"

class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the content folder's parent when possible, as the author types it
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str
    severity: Severity = Severity.ERROR
    code: str = "content"  # a named kind, e.g. "unknown-key", so it can be filtered

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return f"{where}: {prefix}{self.message}"

    def format_github(self) -> str:
        kind = "error" if self.severity is Severity.ERROR else "warning"
        line = f",line={self.line}" if self.line else ""
        return f"::{kind} file={_github_property(self.path)}{line}::{_github_data(self.message)}"


# GitHub Actions workflow commands, escaped as actions/toolkit does (packages/core/src/command.ts,
# escapeData / escapeProperty): a file name with "," or ":" cannot add properties (",line=1"), and
# a message with a line break cannot start a command of its own ("::add-mask::", "::stop-commands::").
def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class ProblemList:
    """Accumulates problems; the display path of a file is computed once, here."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def display(self, path: Path) -> str:
        try:  # the parent resolved, not the name: a symlink is shown as itself, not as what it points to
            return str((path.parent.resolve() / path.name).relative_to(self.root.resolve().parent))
        except ValueError:
            return str(path)

    def error(self, path: Path, line: int, message: str, code: str = "content") -> None:
        self.items.append(Problem(self.display(path), line, message, Severity.ERROR, code))

    def warning(self, path: Path, line: int, message: str, code: str = "content") -> None:
        self.items.append(Problem(self.display(path), line, message, Severity.WARNING, code))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))
