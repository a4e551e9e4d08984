"""Content in the Markdown flavours real teams bring (tests/fixtures/flavours/): DocFX, MkDocs
Material, GitHub and Docusaurus trees, converted to kbgen's layout the way a team would on its first
day — their front matter keys, admonition syntaxes (``> [!NOTE]``, ``!!! note``, ``:::tip``,
``:::image:::``), tabs, includes and relative ``.md`` links.

What kbgen makes of each construct is other tests' business; whatever it is, ``kbgen check`` never
shows a traceback, exits 0 or 1, and reports every problem as ``path:line`` with the path inside
the content folder and a line of 1 or more, in one run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbgen.exitcodes import ExitStatus

from .conftest import FIXTURES, copy_site, kbgen

FLAVOURS = sorted(p.name for p in (FIXTURES / "flavours").iterdir() if p.is_dir())
_PROBLEM = re.compile(r"^(?P<path>content/[^:]+):(?P<line>\d+): (?P<message>.+)$")
_SUMMARY = re.compile(r"^kbgen: (\d+) error\(s\), (\d+) warning\(s\) in \d+ file\(s\)$")


def test_every_flavour_is_here() -> None:
    assert FLAVOURS == ["docfx", "docusaurus", "github", "mkdocs-material"]


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_check_reports_every_problem_at_an_authors_line(flavour: str, tmp_path: Path) -> None:
    site = copy_site(FIXTURES / "flavours" / flavour, tmp_path / "content")
    done = kbgen("check", "--source", str(site), "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    output = done.stdout + done.stderr

    assert "Traceback" not in output, output
    assert done.returncode in (ExitStatus.OK, ExitStatus.CONTENT_ERROR), output
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    problems = [line for line in lines if not line.startswith("kbgen: ")]
    for line in problems:
        match = _PROBLEM.match(line)
        assert match, f"not path:line: {line}"
        assert int(match["line"]) > 0, line
        assert (tmp_path / match["path"]).is_file(), line
        assert "/cache/" not in match["message"] and str(tmp_path) not in match["message"], line
    summaries = [_SUMMARY.match(line) for line in lines if _SUMMARY.match(line)]
    if problems:  # every problem printed is one the summary counts: none is hidden behind another
        assert len(summaries) == 1 and int(summaries[0][1]) + int(summaries[0][2]) == len(problems), output
        assert done.returncode == (ExitStatus.CONTENT_ERROR if int(summaries[0][1]) else ExitStatus.OK), output
