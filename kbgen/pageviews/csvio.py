"""The ``path,views`` and ``query,searches`` files: written by ``kbgen pageviews``, read by the build.

Reading accepts what analytics tools export: a UTF-8 file (with or without Excel's BOM), a
header row of any names, extra columns (ignored), ``#`` comment lines (GA4 starts its exports
with some). What it refuses, with a message that says how to export instead, is what would be
silently misread: a file separated by ``;`` or tabs (spreadsheets in Portuguese export so) and
numbers with thousands separators ("1.234", "1,234").

Written files start with a ``# kbgen …`` comment saying where the counts came from; it also
tells ``kbgen pageviews`` that it may replace the file (it never overwrites anyone else's), and
the readers here that its cells are neutralised (:func:`neutralise_cell`): a reader's query
``=HYPERLINK(…)`` must not become a formula in the author's spreadsheet.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MARK = "# kbgen "
_WHOLE = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}([.,\u00a0 ]\d{3})+$")
_DECIMAL = re.compile(r"^\d*[.,]\d+$")
_MAX_REPORTED = 20


# OWASP "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a cell starting
# with = + - @, a tab or a carriage return is read as a formula by spreadsheets; prefix it with a
# single quote. A cell that already starts with a quote gets one too, so that reading back
# (strip one leading quote) restores every text exactly: the rule is a bijection. So does one
# starting with "#", which the reader below would take for a comment line (a search for "#123").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'", "#")


def neutralise_cell(text: str) -> str:
    """A CSV cell no spreadsheet runs as a formula (undone by :func:`restore_cell`)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def restore_cell(text: str) -> str:
    """The text :func:`neutralise_cell` was given."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class Row:
    key: str  # the path (or query) as written
    count: int
    line: int


class CsvProblems(Exception):
    """Every problem of a file, as (line, message); the caller reports them with the file name."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("; ".join(f"line {line}: {message}" for line, message in problems))
        self.problems = problems


def _number(raw: str, column: str) -> int | str:
    """The count, or the message saying why it is not one."""
    value = raw.strip()
    if _WHOLE.match(value):
        return int(value)
    if _GROUPED.match(value):
        return (f"{column}: {value!r} has a thousands separator; export plain numbers like "
                f"{re.sub(r'[^0-9]', '', value)} (in a spreadsheet, the 'General' number format)")
    if _DECIMAL.match(value):
        return f"{column}: expected a whole number, found {value!r}"
    return f"{column}: expected a number, found {value!r}"


def read_counts(path: Path, column: str = "views") -> list[Row]:
    """The rows of a ``path,views`` (or ``query,searches``) file. Raises CsvProblems, OSError."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = data[: exc.start].count(b"\n") + 1
        raise CsvProblems([(at, "the file is not UTF-8: export or save it as CSV UTF-8")]) from None
    ours = text.startswith(MARK)  # kbgen wrote it: its cells are neutralised; anyone else's are read as they are
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    first_number, first = lines[0]
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        if first.count(separator) > first.count(","):
            raise CsvProblems([(first_number, f"the columns are separated by {name}; export the file with "
                                              f"commas (path,{column}), e.g. as 'CSV UTF-8 (comma delimited)'")])
    rows: list[Row] = []
    problems: list[tuple[int, str]] = []
    for number, line in lines:
        fields = next(csv.reader([line]))  # one line at a time: a stray quote spoils one row, not the rest
        # The header row, whatever its names: a second column without any digit.
        if number == first_number and (len(fields) < 2 or not re.search(r"\d", fields[1])):
            if len(fields) < 2:
                problems.append((number, f"expected two columns, path and {column}, found {len(fields)}"))
            continue
        if len(fields) < 2:
            problems.append((number, f"expected two columns, path and {column}, found {len(fields)}"))
            continue
        count = _number(fields[1], column)
        if isinstance(count, str):
            problems.append((number, count))
        elif not fields[0].strip():
            problems.append((number, "the first column (path) is empty"))
        else:
            rows.append(Row(restore_cell(fields[0].strip()) if ours else fields[0].strip(), count, number))
    if problems:
        shown = problems[:_MAX_REPORTED]
        if len(problems) > _MAX_REPORTED:
            shown.append((problems[_MAX_REPORTED][0], f"… and {len(problems) - _MAX_REPORTED} more lines like these"))
        raise CsvProblems(shown)
    return rows


def render_counts(counts: dict[str, int], header: tuple[str, str], comment: str) -> str:
    """Most counted first, ties by key: the same counts always give the same bytes."""
    out = io.StringIO()
    out.write(f"{MARK}{comment}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        writer.writerow((neutralise_cell(key), count))
    return out.getvalue()


def written_by_kbgen(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(MARK)).decode("utf-8", "replace") == MARK
    except OSError:
        return False


def write_atomically(path: Path, text: str) -> None:
    """Write next to the target and rename: a reader (or a build) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summed(rows: Iterable[Row]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.key] = totals.get(row.key, 0) + row.count
    return totals
