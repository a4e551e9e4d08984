"""Other tools' admonition syntaxes (issue 21): GitHub's and DocFX's ``> [!NOTE]`` render as kbgen's
admonitions; MkDocs' ``!!! note`` and Docusaurus' ``:::tip`` are warnings at their line giving the
MyST form to write (kbgen.sphinx_ext.dialects)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.exitcodes import ExitStatus

from .conftest import build_clean, run_build

CANCEL = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
ARTICLE = f"content/{CANCEL}.md"


def _append(site: Path, text: str) -> int:
    path = site / f"{CANCEL}.md"
    before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(before + text + "\n", encoding="utf-8")
    return before.count("\n") + 1


@pytest.mark.parametrize(("kind", "css"), [("NOTE", "note"), ("TIP", "tip"), ("IMPORTANT", "important"),
                                           ("WARNING", "warning"), ("CAUTION", "caution"), ("note", "note")])
def test_github_alerts_are_admonitions(site: Path, tmp_path: Path, kind: str, css: str) -> None:
    _append(site, f"> [!{kind}]\n> O prazo é de **2 dias úteis**.\n> Depois disso, abra um chamado.")
    page = (build_clean(site, tmp_path) / f"{CANCEL}.html").read_text(encoding="utf-8")
    admonition = page[page.rindex(f'class="admonition {css}'):]  # the article's own {note} comes first
    assert admonition.index("<strong>2 dias úteis</strong>") < admonition.index("</div>"), admonition[:400]
    assert "[!" not in page and "<blockquote>" not in page  # the marker is not shown, no quote is drawn


def test_github_alert_matches_the_note_directive(site: Path, tmp_path: Path) -> None:
    """The same HTML as {note}: no new markup reaches the page (docs/security.md)."""
    _append(site, "> [!WARNING]\n> Texto do alerta.")
    alert = (build_clean(site, tmp_path / "a") / f"{CANCEL}.html").read_text(encoding="utf-8")
    path = site / f"{CANCEL}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("> [!WARNING]\n> Texto do alerta.",
                                                             ":::{warning}\nTexto do alerta.\n:::"), encoding="utf-8")
    directive = (build_clean(site, tmp_path / "d") / f"{CANCEL}.html").read_text(encoding="utf-8")
    assert alert == directive


def test_an_unknown_bracket_word_stays_a_quote(site: Path, tmp_path: Path) -> None:
    """DocFX's [!div] and [!VIDEO] are not GitHub alerts: GitHub shows them as a quote, so does kbgen."""
    _append(site, "> [!div class=\"nextstepaction\"]\n> [Próximo passo](como-emitir-uma-nfs-e.md)")
    page = (build_clean(site, tmp_path) / f"{CANCEL}.html").read_text(encoding="utf-8")
    assert "<blockquote>" in page and "[!div" in page


@pytest.mark.parametrize(("snippet", "expected"), [
    ('!!! note "Prazo"\n    O prazo é de 2 dias.', "'!!! note \"Prazo\"' is MkDocs' admonition syntax, which kbgen "
     "shows as plain text (its indented body as code): write :::{admonition} Prazo / :class: note / texto / :::"),
    ("!!! warning\n\n    Atenção ao prazo.", "'!!! warning' is MkDocs' admonition syntax"),
    ("??? tip \"Saiba mais\"\n    Texto.", "write :::{admonition} Saiba mais / :class: tip"),
    ("???+ info\n    Texto.", "write :::{note} / texto / :::"),
    (":::tip Dica rápida\nUse o atalho.\n:::", "':::tip Dica rápida' is Docusaurus' admonition syntax; MyST reads "
     "':::tip' without braces as a plain block and drops its title: write :::{admonition} Dica rápida / :class: tip"),
    (":::danger\nNão apague.\n:::", "write :::{danger} / texto / :::"),
    (":::note[Título]\nTexto.\n:::", "write :::{admonition} Título / :class: note"),
])
def test_mkdocs_and_docusaurus_admonitions_are_warnings_with_the_myst_form(site: Path, tmp_path: Path, snippet: str,
                                                                         expected: str) -> None:
    line = _append(site, snippet)
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.OK, output  # a warning: the page is still built, text shown
    found = [p for p in report.problems if p.path == ARTICLE and p.line == line and expected in p.message]
    assert found and found[0].severity.name == "WARNING" and found[0].code == "kbgen.dialect", output
    strict, output = run_build(site, tmp_path / "strict", strict=True)
    assert strict.status != ExitStatus.OK, output


@pytest.mark.parametrize("snippet", [
    "!!! Atenção: o prazo acabou!!!",  # exclamations in prose
    "O sistema mostra ??? quando falta o dado.",
    ":::{note}\nUma nota MyST.\n:::",
    ":::destaque\nUm bloco com a classe destaque (MyST).\n:::",  # MyST's div with a class: legal, not Docusaurus
    "```\n!!! note\n    em código\n```",
])
def test_text_that_only_looks_alike_is_not_warned(site: Path, tmp_path: Path, snippet: str) -> None:
    _append(site, snippet)
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK and not report.problems, output


def test_a_dialect_inside_a_fragment_is_reported_at_the_fragment_line(site: Path, tmp_path: Path) -> None:
    (site / "_includes").mkdir()
    (site / "_includes" / "aviso.md").write_text("Texto.\n\n!!! note\n    Nota.\n", encoding="utf-8")
    _append(site, "```{include} /_includes/aviso.md\n```")
    report, output = run_build(site, tmp_path)
    assert any(p.path == "content/_includes/aviso.md" and p.line == 3 and "MkDocs" in p.message
               for p in report.problems), output
