"""However deep an article nests, check and build report it at the author's line — never a traceback,
never a silent loss (kbgen.sphinx_ext.nesting); DocFX's triple-colon pages are reported as DocFX."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kbgen.commands.check import CheckOptions, check
from kbgen.errors import Problem, Severity
from kbgen.exitcodes import ExitStatus
from kbgen.sphinx_ext.nesting import MAX_DEPTH, MAX_INLINE_DEPTH, MAX_TREE_DEPTH

from .conftest import FIXTURES, MINIMAL, copy_site, run_build

MODULE = "fiscal/escrita-fiscal"
ARTICLE = f"{MODULE}/aninhado.md"
HEAD = "---\ntitle: Aninhado\ndescription: Blocos dentro de blocos.\n---\n\n"
BODY_LINE = HEAD.count("\n") + 1


def _write(site: Path, body: str, name: str = ARTICLE) -> None:
    (site / name).write_text(HEAD + body, encoding="utf-8")


def _check(site: Path, cache: Path) -> tuple[ExitStatus, list[Problem], str]:
    stream = io.StringIO()
    status, problems = check(CheckOptions(source=site, cache_dir=cache), stream)
    return status, problems, stream.getvalue()


def _errors(problems: list[Problem], path: str = ARTICLE) -> list[Problem]:
    return [p for p in problems if p.severity == Severity.ERROR and p.path == f"content/{path}"]


# --- any nesting, generated ---------------------------------------------------------------------

WRAPPERS = ["quote", "item", "ordered", "colon-div", "colon-note", "colon-unclosed", "backtick-note", "code",
            "docfx-row", "dropdown"]


def _wrap(kind: str, inner: str, depth: int) -> str:
    """``inner`` inside one block of ``kind``; ``depth`` (from the inside) gives closing fences their length."""
    lines = inner.split("\n")
    colons, ticks = ":" * (3 + depth), "`" * (3 + depth)
    if kind == "quote":
        return "\n".join("> " + line for line in lines)
    if kind in ("item", "ordered"):
        marker = "- " if kind == "item" else "1. "
        return "\n".join([marker + lines[0]] + [" " * len(marker) + line for line in lines[1:]])
    if kind == "colon-div":
        return f"{colons}row\n{inner}\n{colons}"
    if kind == "colon-note":
        return f"{colons}{{note}}\n{inner}\n{colons}"
    if kind == "colon-unclosed":
        return f":::{{tip}}\n{inner}"
    if kind == "backtick-note":
        return f"{ticks}{{important}}\n{inner}\n{ticks}"
    if kind == "code":
        return f"{ticks}\n{inner}\n{ticks}"
    if kind == "dropdown":
        return f"{colons}{{dropdown}} Detalhes\n{inner}\n{colons}"
    return f":::row:::\n{inner}\n:::row-end:::"  # DocFX


@st.composite
def nested_markdown(draw: st.DrawFn) -> str:
    # a short pattern repeated (as real pages repeat ':::column:::'), with a few blocks of other kinds
    depth = draw(st.one_of(st.integers(0, 45), st.integers(45, 500)))  # around the limits, and far beyond
    pattern = draw(st.lists(st.sampled_from(WRAPPERS), min_size=1, max_size=4))
    kinds = (pattern * (depth // len(pattern) + 1))[:depth]
    for index, kind in draw(st.lists(st.tuples(st.integers(0, 499), st.sampled_from(WRAPPERS)), max_size=5)):
        if index < depth:
            kinds[index] = kind
    event(f"depth {depth // 100 * 100}+")
    text = draw(st.sampled_from(["Texto do fundo.", "", "- item", "> citação", "**forte** e ~~riscado~~",
                                 "*" * 300 + "enfático" + "*" * 300, "[" * 200 + "colchetes" + "]" * 200]))
    siblings = draw(st.sets(st.integers(0, max(len(kinds) - 1, 0)), max_size=5))
    for depth, kind in enumerate(kinds):
        text = _wrap(kind, text, depth)
        if depth in siblings:
            text = f"{text}\n\nTexto ao lado, nível {depth}."
    return text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=nested_markdown())
def test_any_nesting_is_checked_without_a_traceback(body: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="kbgen-nesting-"))
    try:
        site = copy_site(MINIMAL, root / "content")
        _write(site, body)
        status, problems, output = _check(site, root / "cache")
        assert "Traceback" not in output
        assert status in (ExitStatus.OK, ExitStatus.CONTENT_ERROR)
        assert all(p.path.startswith("content/") and p.line > 0 for p in problems), output
        assert (status == ExitStatus.CONTENT_ERROR) == any(p.severity == Severity.ERROR for p in problems)
    finally:
        shutil.rmtree(root)


# --- what each limit says -----------------------------------------------------------------------

def test_unclosed_fences_by_the_hundred_are_one_error_and_other_files_still_report(site: Path,
                                                                                   tmp_path: Path) -> None:
    _write(site, ":::{note}\n" * 300 + "Texto.\n")
    other = f"{MODULE}/como-declarar-sem-movimento.md"
    (site / other).write_text((site / other).read_text(encoding="utf-8") + "\n[quebrado](nao-existe.md)\n",
                              encoding="utf-8")
    status, problems, output = _check(site, tmp_path / "cache")
    assert status == ExitStatus.CONTENT_ERROR
    [error] = _errors(problems)
    assert error.line == BODY_LINE + MAX_DEPTH, output  # the first fence that would go deeper than the limit
    assert f"more than {MAX_DEPTH} fences and directives are nested inside each other, from line {BODY_LINE} to " \
           "here" in error.message
    assert "never closed" in error.message
    assert any("nao-existe.md" in p.message for p in _errors(problems, other)), output


def test_nesting_up_to_the_limit_builds_every_level(site: Path, tmp_path: Path) -> None:
    depth = 12  # more than real articles nest (a note in a tab in a card in a grid is 4)
    body = "Fundo do poço."
    for level in range(depth):
        body = _wrap("colon-note" if level % 2 else "quote", body, level)
    _write(site, body + "\n")
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    html = (tmp_path / "out" / MODULE / "aninhado.html").read_text(encoding="utf-8")
    assert "Fundo do poço." in html and html.count("<blockquote>") == depth // 2


def test_blockquotes_markdown_would_drop_are_an_error_at_their_line(site: Path, tmp_path: Path) -> None:
    _write(site, "Antes.\n\n" + ">" * 25 + " Texto que o Markdown perderia.\n\nDepois.\n")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR
    assert f"content/{ARTICLE}:{BODY_LINE + 2}: this blockquote is nested deeper than 19 levels" in output, output


def test_nineteen_blockquotes_render_their_text(site: Path, tmp_path: Path) -> None:
    _write(site, ">" * 19 + " Texto no fundo.\n")
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    html = (tmp_path / "out" / MODULE / "aninhado.html").read_text(encoding="utf-8")
    assert "Texto no fundo." in html and html.count("<blockquote>") == 19


def test_a_deep_list_inside_a_note_is_measured_from_the_note(site: Path, tmp_path: Path) -> None:
    """markdown-it's limit is per parse: a note's content starts again at level 0 (no false alarm)."""
    nested = "\n".join("  " * i + f"- nível {i}" for i in range(9))
    outer = "\n".join("  " * i + f"- fora {i}" for i in range(5))
    indented = "\n".join("          " + line for line in f":::{{note}}\n{nested}\n:::".split("\n"))
    _write(site, f"{outer}\n\n{indented}\n")
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    assert "nível 8" in (tmp_path / "out" / MODULE / "aninhado.html").read_text(encoding="utf-8")


# --- DocFX pages ----------------------------------------------------------------------------------

def _docfx_site(tmp_path: Path, name: str) -> Path:
    site = copy_site(MINIMAL, tmp_path / "content")
    shutil.copy(FIXTURES / "docfx" / name, site / MODULE / name)
    return site


def test_docfx_layout_page_is_reported_as_docfx_and_the_rest_still_checked(tmp_path: Path) -> None:
    name = "como-configurar-o-painel.md"
    site = _docfx_site(tmp_path, name)
    status, problems, output = _check(site, tmp_path / "cache")
    assert status == ExitStatus.CONTENT_ERROR
    errors = _errors(problems, f"{MODULE}/{name}")
    docfx = [p for p in errors if "DocFX" in p.message]
    assert len(docfx) == 1, output
    assert docfx[0].line == 10, output  # ':::row:::'
    assert "(and 6 more lines like it: 11, 13, 14, 15, 16, 17)" in docfx[0].message
    assert "![alt text](img/file.png)" in docfx[0].message and "{grid}" in docfx[0].message
    # the lines around are read as Markdown: the broken link below the layout is found in the same run
    assert any(p.line == 24 and "nao-existe.md" in p.message for p in errors), output


def test_docfx_gallery_of_two_hundred_lines_is_one_error_not_a_traceback(tmp_path: Path) -> None:
    name = "galeria-de-telas.md"
    site = _docfx_site(tmp_path, name)
    for command in ("check", "build"):
        if command == "check":
            status, problems, output = _check(site, tmp_path / "cache")
        else:
            report, output = run_build(site, tmp_path)
            status, problems = report.status, report.problems
            assert not (tmp_path / "out").exists()  # never a half-written site
        assert status == ExitStatus.CONTENT_ERROR and "Traceback" not in output
        [error] = _errors(problems, f"{MODULE}/{name}")
        assert error.line == 8, output
        assert "(and 199 more lines like it: 9, 10, 11, 12, 14, 15, 16, 17, 18, 20, …)" in error.message


def test_docfx_lines_inside_code_are_left_alone(site: Path, tmp_path: Path) -> None:
    _write(site, "Como o DocFX escreve uma imagem:\n\n```markdown\n:::image type=\"content\" source=\"a.png\" "
                 "alt-text=\"a\":::\n```\n")
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    assert ":::image type=" in (tmp_path / "out" / MODULE / "aninhado.html").read_text(encoding="utf-8")


def test_quotes_inside_notes_inside_quotes_stop_at_the_tree_limit(site: Path, tmp_path: Path) -> None:
    """Each parse keeps under markdown-it's 20 levels, but eight notes of 18 quotes each are 150 deep."""
    body = "Fundo."
    for level in range(8):
        body = "\n".join("> " * 18 + line for line in _wrap("colon-note", body, level).split("\n"))
    _write(site, body + "\n")
    status, problems, output = _check(site, tmp_path / "cache")
    assert status == ExitStatus.CONTENT_ERROR
    [error] = _errors(problems)
    assert f"nested more than {MAX_TREE_DEPTH} levels deep here" in error.message, output
    assert BODY_LINE < error.line < BODY_LINE + 16, output


def test_a_recursion_no_guard_foresaw_is_an_error_in_its_article_only(site: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from kbgen.sphinx_ext import nesting

    monkeypatch.setattr(nesting, "MAX_DEPTH", 10_000)
    monkeypatch.setattr(nesting, "_STACK_RESERVE", -10_000)
    _write(site, ":::{note}\n" * 600 + "Texto.\n")
    other = f"{MODULE}/como-declarar-sem-movimento.md"
    (site / other).write_text((site / other).read_text(encoding="utf-8") + "\n[quebrado](nao-existe.md)\n",
                              encoding="utf-8")
    status, problems, output = _check(site, tmp_path / "cache")
    assert status == ExitStatus.CONTENT_ERROR and "Traceback" not in output
    [error] = _errors(problems)
    assert "nests markup too deeply to be read" in error.message and error.line > BODY_LINE, output
    assert any("nao-existe.md" in p.message for p in _errors(problems, other)), output


def test_emphasis_a_thousand_deep_is_an_error_at_its_paragraph_and_the_article_is_still_read(
        site: Path, tmp_path: Path) -> None:
    _write(site, "Antes.\n\n" + "*" * 1000 + "x" + "*" * 1000 + "\n\n[quebrado](nao-existe.md)\n")
    status, problems, output = _check(site, tmp_path / "cache")
    assert status == ExitStatus.CONTENT_ERROR
    errors = _errors(problems)
    assert [p.line for p in errors if f"nested more than {MAX_INLINE_DEPTH} deep" in p.message] == [BODY_LINE + 2]
    assert any(p.line == BODY_LINE + 4 and "nao-existe.md" in p.message for p in errors), output


def test_emphasis_under_the_limit_renders(site: Path, tmp_path: Path) -> None:
    depth = MAX_INLINE_DEPTH - 1
    _write(site, "*" * 2 * depth + "fundo" + "*" * 2 * depth + "\n")
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    assert "<strong>fundo</strong>" in (tmp_path / "out" / MODULE / "aninhado.html").read_text(encoding="utf-8")
