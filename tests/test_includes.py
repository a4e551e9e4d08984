"""Shared fragments (issue 21, 5): files in content/_includes/ for {include} from any article.

They are not articles (no front matter, no page, no search entry); the rules of the article apply to
the text they bring in, reported at the fragment's own line; a missing fragment is an error at the
article's line naming content paths. Incremental rebuilds: tests/test_incremental.py ("fragment")."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.exitcodes import ExitStatus
from kbgen.loading.walker import load_site

from .conftest import build_clean, kbgen, run_build

CANCEL = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
ETICA = "rh/folha-de-pagamento/etica-no-servico-publico"


def _trust(site: Path) -> None:
    with (site / "kb.yml").open("a", encoding="utf-8") as fh:
        fh.write("allow_file_insertion: true\n")


def _fragment(site: Path, name: str, text: str) -> None:
    (site / "_includes").mkdir(exist_ok=True)
    (site / "_includes" / name).write_text(text, encoding="utf-8")


def _append(site: Path, docname: str, text: str) -> int:
    """Append ``text`` to the article; return the line it starts at."""
    path = site / f"{docname}.md"
    before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(before + text + "\n", encoding="utf-8")
    return before.count("\n") + 1


def test_a_fragment_is_shared_by_articles_of_any_set(site: Path, tmp_path: Path) -> None:
    _trust(site)
    _fragment(site, "aviso-de-prazo.md",
              "O prazo é de **2 dias úteis**.\n\n:::{note}\nVale para todos os conjuntos.\n:::\n")
    _fragment(site, "_rodape.md", "Rodapé compartilhado.\n")  # a fragment's own name may start with "_"
    _append(site, CANCEL, "```{include} ../../_includes/aviso-de-prazo.md\n```")
    _append(site, ETICA, "```{include} /_includes/aviso-de-prazo.md\n```\n\n```{include} /_includes/_rodape.md\n```")
    loaded, problems = load_site(site)
    assert not problems.items and len(loaded.articles) == 6  # no front matter needed, not an article
    out = build_clean(site, tmp_path)
    for docname in (CANCEL, ETICA):
        page = (out / f"{docname}.html").read_text(encoding="utf-8")
        assert "<strong>2 dias úteis</strong>" in page and "Vale para todos os conjuntos." in page
    assert "Rodapé compartilhado." in (out / f"{ETICA}.html").read_text(encoding="utf-8")
    published = [str(p.relative_to(out)) for p in out.rglob("*")]
    assert not [p for p in published if "_includes" in p or "aviso-de-prazo" in p or "rodape" in p]
    assert not [p for p in published if p.endswith((".js", ".json", ".xml")) and "_includes" in
                (out / p).read_text(encoding="utf-8", errors="replace")]  # not in search, sitemap or feeds


def test_a_missing_fragment_is_an_error_at_the_article_line(site: Path, tmp_path: Path) -> None:
    _trust(site)
    line = _append(site, CANCEL, "```{include} /_includes/falta.md\n```")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    assert (f"content/{CANCEL}.md:{line}: {{include}}: content/_includes/falta.md does not exist for articles — "
            "check the path" in output), output
    assert "cache" not in output, output
    checked = kbgen("check", "--source", str(site), cwd=site.parent, timeout=120)
    assert checked.returncode == ExitStatus.CONTENT_ERROR
    assert (f"content/{CANCEL}.md:{line}: {{include}}: content/_includes/falta.md does not exist"
            in checked.stdout + checked.stderr), checked.stdout + checked.stderr


@pytest.mark.parametrize(("fragment", "line", "message"), [
    ("Texto.\n\nTexto <b>negrito</b>.\n", 3, "raw HTML is not allowed in articles (found '<b>')"),
    ("Texto.\n\n<script>alert(1)</script>\n", 3, "raw HTML is not allowed in articles"),
    ("Texto.\n\n```{toctree}\n```\n", 3, "the {toctree} directive is not available in kbgen articles"),
    ("Veja a {pep}`8`.\n", 1, "the {pep} role is not available in kbgen articles"),
    ("Texto.\n\n![Tela](https://example.com/tela.png)\n", 3, "remote image 'https://example.com/tela.png'"),
    ("```{eval-rst}\n.. raw:: html\n\n   <i>x</i>\n```\n", 2, "the {raw} directive cannot read files here"),
])
def test_the_rules_apply_to_included_text_at_its_own_line(site: Path, tmp_path: Path, fragment: str, line: int,
                                                           message: str) -> None:
    _trust(site)
    _fragment(site, "mau.md", fragment)
    _append(site, CANCEL, "```{include} ../../_includes/mau.md\n```")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    assert any(p.path == "content/_includes/mau.md" and p.line == line and message in p.message
               for p in report.problems), output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("options", "message"), [
    (":parser: rst", ":parser: is refused"),
    (":parser: myst_parser.sphinx_", ":parser: is refused"),
    (":encoding: utf-7", ":encoding: is refused"),
])
def test_include_options_that_would_bypass_the_rules_are_errors(site: Path, tmp_path: Path, options: str,
                                                                message: str) -> None:
    _trust(site)
    _fragment(site, "trecho.md", "Trecho.\n")
    line = _append(site, CANCEL, f"```{{include}} /_includes/trecho.md\n{options}\n```")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    assert any(p.path == f"content/{CANCEL}.md" and p.line in (line, line + 1) and message in p.message
               and p.severity.name == "ERROR" for p in report.problems), output


def test_literal_and_code_includes_are_escaped_text(site: Path, tmp_path: Path) -> None:
    _trust(site)
    _fragment(site, "exemplo.html", "<script>alert(1)</script>\n")
    _append(site, CANCEL, "```{include} /_includes/exemplo.html\n:literal:\n```\n\n"
                          "```{include} /_includes/exemplo.html\n:code: html\n```")
    page = (build_clean(site, tmp_path) / f"{CANCEL}.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and page.count("alert") == 2


def test_a_file_outside_the_set_folders_and_includes_is_not_available(site: Path, tmp_path: Path) -> None:
    """Only the set folders and _includes/ reach the build: a file of kbgen's _data/ is reported as
    unavailable, with where fragments go."""
    _trust(site)
    (site / "_data").mkdir()
    (site / "_data" / "notas.md").write_text("Notas.\n", encoding="utf-8")
    line = _append(site, CANCEL, "```{include} /_data/notas.md\n```")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    assert (f"content/{CANCEL}.md:{line}: {{include}}: content/_data/notas.md does not exist for articles" in output
            and "of the set folders and of _includes/" in output), output
