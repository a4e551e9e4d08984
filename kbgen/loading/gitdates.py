"""Last-change dates of content files from git, in one ``git log`` pass.

One process for the whole tree instead of one per article (seconds at 1,000 articles).
Dates are commit dates in UTC, so they depend neither on the clock nor on ``TZ``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class GitDates:
    dates: dict[Path, dt.date] = field(default_factory=dict)  # last change
    created: dict[Path, dt.date] = field(default_factory=dict)  # the commit that added the file
    in_git: bool = False
    shallow: bool = False

    def of(self, path: Path) -> tuple[dt.date | None, dt.date | None]:
        """(last change, first commit) of a file; resolving the path is the cost, so once."""
        if not self.dates:
            return None, None
        key = path.resolve()
        return self.dates.get(key), self.created.get(key)


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True, text=True, check=False, encoding="utf-8", errors="replace",
        )
    except OSError:  # git not installed: content outside git
        return None
    return done.stdout if done.returncode == 0 else None


def read_git_dates(root: Path) -> GitDates:
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return GitDates()
    toplevel = Path(top.strip())
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    log = _git(root, "-c", "core.quotePath=false", "log", "--format=%x01%ct", "--name-only",
               "--no-renames", "--", ".")
    result = GitDates(in_git=True, shallow=shallow)
    stamp = 0
    for line in (log or "").splitlines():
        if line.startswith("\x01"):
            stamp = int(line[1:])
        elif line:
            # git log lists newest commits first: the first date seen is the last change
            path = (toplevel / line).resolve()
            date = dt.datetime.fromtimestamp(stamp, dt.UTC).date()
            result.dates.setdefault(path, date)
            result.created[path] = date  # …and the last one seen is the commit that added it
    return result
