"""Sphinx's warnings reach kbgen as log records (kbgen.sphinx_ext.sphinx_run): one record is one
problem, whether its message spans several lines or a parallel worker logged it."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path
from typing import Any

import pytest

from kbgen.errors import Problem, Severity
from kbgen.sphinx_ext import sphinx_run

from .conftest import run_build

#: a docutils system message of several lines: the directive's error and the block it quotes
_BAD_TABLE = "\n\n```{list-table}\n* - a\n  - b\n* - c\n```\n"
_TABLE_MESSAGE = ('Error parsing content block for the "list-table" directive: uniform two-level bullet list '
                  "expected, but row 2 does not contain the same number of items as row 1 (1 vs 2). "
                  "```{list-table} * - a - b * - c ``` [docutils]")


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[logging.LogRecord, list[Problem]]]:
    """Each record run_sphinx read, with the problems it became."""
    seen: list[tuple[logging.LogRecord, list[Problem]]] = []
    real = sphinx_run.problems_from_records

    def spying(records: list[logging.LogRecord], src: Path, root: Path, *args: Any) -> list[Problem]:
        problems = real(records, src, root, *args)
        seen.extend((record, real([record], src, root, *args)) for record in records)
        return problems

    monkeypatch.setattr(sphinx_run, "problems_from_records", spying)
    return seen


def _articles(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.md") if not p.name.startswith("_"))


def test_multi_line_and_worker_warnings_are_one_problem_each(site: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    articles = _articles(site)
    for article in articles:  # every document warns: each parallel worker logs some
        article.write_text(article.read_text(encoding="utf-8") + _BAD_TABLE + "\n[x](nao-existe.md)\n",
                           encoding="utf-8")
    seen = _spy(monkeypatch)
    report, output = run_build(site, tmp_path / "j2", jobs=2)

    from_workers = [(record, problems) for record, problems in seen if record.process != os.getpid()]
    assert from_workers, "no warning came from a parallel worker: the test proves nothing"
    assert all(len(problems) == 1 for _record, problems in seen)
    tables = [p for p in report.problems if p.message == _TABLE_MESSAGE]
    links = [p for p in report.problems if p.code == "myst.xref_missing"]
    assert len(tables) == len(articles) and len(links) == len(articles), output
    assert all(p.severity is Severity.ERROR and p.code == "sphinx" for p in tables)
    assert len({(p.path, p.line, p.message) for p in report.problems}) == len(report.problems), output

    serial, _ = run_build(site, tmp_path / "j1", jobs=1)
    assert sorted(serial.problems) == sorted(report.problems)


def _record(message: str, *args: object, level: int = logging.WARNING, location: str | None = None,
            kind: str = "", subtype: str = "") -> logging.LogRecord:
    record = logging.LogRecord("sphinx.test", level, __file__, 1, message, args, None)
    record.location = location
    record.type, record.subtype = kind, subtype
    return record


def test_a_record_reads_as_the_printed_warning_did(tmp_path: Path) -> None:
    src, root = tmp_path / "src", tmp_path / "content"
    records = [
        _record("local id not found in doc %r: %r [myst.xref_missing]", "a/b", "x",
                location=f"{src}/a/c.md:7", kind="myst", subtype="xref_missing"),
        _record("a domain warning [myst.domains]", kind="myst", subtype="domains"),
        _record("first line\n\n  second line\nthird [docutils]", level=logging.ERROR, location=f"{src}/a/c.md:3",
                kind="docutils"),
        _record("File insertion disabled [docutils]", location=f"{src}/a/c.md", kind="docutils"),
    ]
    assert sphinx_run.problems_from_records(records, src, root) == [
        Problem("content/a/c.md", 7, "broken link to #x in 'a/b': that article has no heading or anchor with this id",
                Severity.ERROR, "myst.xref_missing"),
        Problem("(build)", 0, "a domain warning", Severity.WARNING, "myst.domains"),
        Problem("content/a/c.md", 3, "first line second line third [docutils]", Severity.ERROR, "sphinx"),
        # no line given: the line of what the message quotes, else line 1 (tests/test_one_run.py)
        Problem("content/a/c.md", 1, sphinx_run._friendly("File insertion disabled"), Severity.ERROR, "docutils"),
    ]


def test_a_write_failure_warning_is_the_oserror_it_carries(tmp_path: Path) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(OSError) as carried:
        sphinx_run._raise_write_failure([_record("error writing file %s: %s", "x.html", full)], tmp_path)
    assert carried.value.errno == errno.ENOSPC and carried.value.filename == str(tmp_path)
    worker = _record("error writing file x.html: [Errno 13] Permission denied: 'x.html'")  # args rendered
    with pytest.raises(OSError) as shown:
        sphinx_run._raise_write_failure([worker], tmp_path)
    assert shown.value.errno == errno.EACCES
    theme = _record("Failed to copy a file in the theme's 'static' directory: a.js: oops")  # no error number
    with pytest.raises(OSError) as unknown:
        sphinx_run._raise_write_failure([theme], tmp_path)
    assert unknown.value.errno == errno.EIO
    sphinx_run._raise_write_failure([_record("error writing file x", level=logging.ERROR)], tmp_path)  # not a warning
