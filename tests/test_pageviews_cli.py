"""``kbgen pageviews`` over a content folder, and the path,views files it writes and the build reads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kbgen.commands.pageviews import PageviewsOptions, pageviews
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.pageviews.csvio import CsvProblems, read_counts, written_by_kbgen

from .conftest import kbgen
from .test_pageviews import line, write

NFE = "fiscal/nota-fiscal-eletronica"
CANCEL = f"{NFE}/como-cancelar-uma-nfs-e"
EMIT = f"{NFE}/como-emitir-uma-nfs-e"


def _logs(tmp_path: Path) -> Path:
    return write(
        tmp_path / "access.log",
        *(line(i, f"/{CANCEL}.html", ip=f"10.0.0.{i}") for i in range(3)),
        line(5, f"/{EMIT}/", ip="10.0.0.1"),
        line(6, "/fiscal/cancelamento-nfse.html", ip="10.0.0.9"),  # an alias added below
        line(7, "/fiscal/artigo-apagado.html", ip="10.0.0.9"),
        line(8, "/fiscal/index.html", ip="10.0.0.9"),
        line(9, "/search.html?q=alvar%C3%A1", ip="10.0.0.9"),
        "linha estranha\n",
    )


def _alias(site: Path) -> None:
    path = site / f"{CANCEL}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("faq: true", "faq: true\naliases: [fiscal/cancelamento-"
                                                                           "nfse.html]"), encoding="utf-8")


def test_writes_path_views_of_articles_and_reports_the_rest(site: Path, tmp_path: Path) -> None:
    _alias(site)
    out, stream = tmp_path / "pageviews.csv", io.StringIO()
    status = pageviews(PageviewsOptions((_logs(tmp_path),), out, site), stream)
    assert status == ExitStatus.OK
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[1:] == ["path,views", f"{CANCEL}.html,4", f"{EMIT}.html,1"]
    assert text.startswith("# kbgen pageviews: 2026-03-02 to 2026-03-02 (last 90 days of the logs), 1 log file(s)")
    report = stream.getvalue()
    assert "9 lines, 1 not in a log format kbgen reads (common, combined, JSON lines, W3C extended)" in report
    assert "access.log:9: linha estranha" in report
    assert "1 page path(s) with 1 successful reader request(s) match no article" in report
    assert "fiscal/artigo-apagado.html (1)" in report
    assert [(r.key, r.count) for r in read_counts(out)] == [(f"{CANCEL}.html", 4), (f"{EMIT}.html", 1)]


def test_searches_and_standard_output(site: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    pageviews(PageviewsOptions((_logs(tmp_path),), None, site, searches=True), io.StringIO(), out)
    assert out.getvalue().splitlines()[1:] == ["query,searches", "alvará,1"]


def test_never_overwrites_a_file_kbgen_did_not_write(site: Path, tmp_path: Path) -> None:
    logs, out = _logs(tmp_path), tmp_path / "pageviews.csv"
    out.write_text("path,views\nx.html,3\n", encoding="utf-8")  # an analytics export
    with pytest.raises(UsageError, match="was not written by kbgen pageviews; pass --force"):
        pageviews(PageviewsOptions((logs,), out, site), io.StringIO())
    assert out.read_text(encoding="utf-8") == "path,views\nx.html,3\n"
    pageviews(PageviewsOptions((logs,), out, site, force=True), io.StringIO())
    assert written_by_kbgen(out)
    pageviews(PageviewsOptions((logs,), out, site, window_days=0), io.StringIO())  # its own file: replaced
    assert "(every day of the logs)" in out.read_text(encoding="utf-8")


def test_a_run_where_no_line_parses_is_an_error(site: Path, tmp_path: Path) -> None:
    logs = write(tmp_path / "error.log", "2026/03/02 09:00:00 [error] 12#12: open() failed\n" * 3)
    out = tmp_path / "pageviews.csv"
    with pytest.raises(UsageError, match=r"none of the 3 lines is in a log format kbgen reads \(common, combined"):
        pageviews(PageviewsOptions((logs,), out, site), io.StringIO())
    assert not out.exists()
    empty = write(tmp_path / "empty.log")
    with pytest.raises(UsageError, match="none of the 0 lines"):
        pageviews(PageviewsOptions((empty,), out, site), io.StringIO())


def test_the_cli_exit_statuses(site: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "error.log", "não é log\n")
    done = kbgen("pageviews", str(bad), "--source", str(site), cwd=tmp_path)
    assert done.returncode == ExitStatus.USAGE_ERROR, done.stderr
    assert "kbgen: error: none of the 1 lines" in done.stderr
    done = kbgen("pageviews", str(_logs(tmp_path)), "--source", str(site), "-o", str(tmp_path / "v.csv"),
                 "--window-days", "30", cwd=tmp_path)
    assert done.returncode == ExitStatus.OK, done.stderr
    assert f"{CANCEL}.html,3" in (tmp_path / "v.csv").read_text(encoding="utf-8")
    missing = kbgen("pageviews", str(tmp_path / "nada.log"), "--source", str(site), cwd=tmp_path)
    assert missing.returncode == ExitStatus.USAGE_ERROR and "no such log file" in missing.stderr


CSV_CASES = {
    "plain": ("path,views\na.html,12\nb.html,3\n", [("a.html", 12), ("b.html", 3)]),
    "no header": ("a.html,5\n", [("a.html", 5)]),
    "analytics export": ("\ufeff# GA4\n# 2026\n\nPage path,Views,Users\n/a.html,40,12\n", [("/a.html", 40)]),
    "quoted": ('path,views\n"a,b.html","7"\n', [("a,b.html", 7)]),
    "empty": ("path,views\n", []),
}
CSV_ERRORS = {
    "semicolons": ("path;views\na.html;12\n", 1, "the columns are separated by semicolons; export the file with "
                                                  "commas"),
    "tabs": ("path\tviews\na.html\t12\n", 1, "separated by tabs"),
    "thousands dot": ("path,views\na.html,\"1.234\"\n", 2, "views: '1.234' has a thousands separator; export plain "
                                                             "numbers like 1234"),
    "thousands comma": ('path,views\na.html,"12,345"\n', 2, "views: '12,345' has a thousands separator"),
    "thousands first row": ("a.html,1.234\n", 1, "thousands separator"),
    "decimal": ("path,views\na.html,1.5\n", 2, "views: expected a whole number, found '1.5'"),
    "text": ("path,views\na.html,muitas\n", 2, "views: expected a number, found 'muitas'"),
    "one column": ("path,views\na.html\n", 2, "expected two columns, path and views, found 1"),
    "no path": ("path,views\n,3\n", 2, "the first column (path) is empty"),
    "latin-1": ("path,views\ncertidão.html,3\n".encode("latin-1"), 2, "the file is not UTF-8"),
}


@pytest.mark.parametrize("name", sorted(CSV_CASES))
def test_csv_files_that_are_read(name: str, tmp_path: Path) -> None:
    text, expected = CSV_CASES[name]
    path = tmp_path / "v.csv"
    path.write_text(text, encoding="utf-8")
    assert [(r.key, r.count) for r in read_counts(path)] == expected


@pytest.mark.parametrize("name", sorted(CSV_ERRORS))
def test_csv_files_that_are_refused(name: str, tmp_path: Path) -> None:
    data, line_number, message = CSV_ERRORS[name]
    path = tmp_path / "v.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    with pytest.raises(CsvProblems) as caught:
        read_counts(path)
    assert caught.value.problems[0][0] == line_number
    assert message in caught.value.problems[0][1]
