"""What Markdown or docutils would drop without a word is an error at its line, with the fix;
mistyped directive, role and option names get the closest allowed name (issue 21)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kbgen.commands.check import CheckOptions, check
from kbgen.didyoumean import closest, did_you_mean
from kbgen.errors import Problem, Severity
from kbgen.exitcodes import ExitStatus

from .conftest import MINIMAL, build_clean, copy_site

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
SCHEMES = "only http, https, mailto and tel links are allowed"

#: name → (Markdown appended to the article, line within it of the problem, expected message)
SNIPPETS: dict[str, tuple[str, int, str]] = {
    "javascript": ("Clique [aqui](javascript:alert(1)).", 0, f"link to 'javascript:alert(1)': {SCHEMES}"),
    "data": ("[Baixe](data:text/html,oi) o arquivo.", 0, f"link to 'data:text/html,oi': {SCHEMES}"),
    "file autolink": ("Veja <file:///etc/passwd>.", 0, f"link to 'file:///etc/passwd': {SCHEMES}"),
    "second line": ("Primeira linha do parágrafo\ne [aqui](vbscript:msgbox) na segunda.", 1,
                    f"link to 'vbscript:msgbox': {SCHEMES}"),
    "definition": ("Veja [o modelo][modelo].\n\n[modelo]: file:///srv/modelos/nfse.pdf", 2,
                   f"link to 'file:///srv/modelos/nfse.pdf': {SCHEMES}"),
    "ftp": ("[Arquivos](ftp://arquivos.example.gov.br/x) do setor.", 0,
            f"link to 'ftp://arquivos.example.gov.br/x': {SCHEMES}"),
    "download": ("Baixe o {download}`modelo <modelo-ausente.pdf>`.", 0,
                 "linked file 'modelo-ausente.pdf' not found: put the file in the article's folder"),
    "csv file": ("```{csv-table} Prazos\n:file: prazos.csv\n```", 0,
                 "{csv-table} cannot read a file here (:file: / :url:): write the rows in the directive's body"),
    "option": ("```{note}\n:clas: destaque\nTexto.\n```", 1,
               "{note} has no option :clas:; did you mean :class:? (its options: :class:, :collapsible:, :name:)"),
    "option value": ("```{image} img/cancelar.png\n:alt: Tela\n:width: largo\n```", 2,
                     "Invalid option value for 'width': largo"),
    "directive": ("```{notee}\nTexto.\n```", 0, "there is no {notee} directive; did you mean {note}?"),
    "role": ("Aperte {kdb}`Ctrl`.", 0, "there is no {kdb} role; did you mean {kbd}?"),
    "anchor link in a table": ("| Passo | Onde |\n|---|---|\n| 1 | menu |\n| 2 | [seção](#secao-antiga) |", 3,
                               "broken link to #secao-antiga: this article marks it with an HTML anchor"),
    "html anchor": ('<a name="secao-antiga"></a>', 0,
                    "HTML anchor '<a name=\"secao-antiga\">' is raw HTML, which articles cannot contain: write the "
                    "MyST target '(secao-antiga)=' on its own line"),
    "missing anchor": ("Veja [a seção](#secao-inexistente).", 0,
                       "broken link to 'secao-inexistente': no heading or '(secao-inexistente)=' target of that name"),
    "broken link in a table": ("| Passo | Onde |\n|---|---|\n| 1 | menu |\n| [guia](guia-x.md) | tela |\n| 3 | fim |",
                               3, "broken link to 'guia-x.md'"),
}
#: text that shows such links without making them: never reported
HARMLESS = ["Escreva `[x](javascript:alert(1))` assim.", "```\n[x](javascript:alert(1))\n```",
            "Preencha o campo <Data: dd/mm/aaaa> e o campo Data: 10/12."]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[ExitStatus, list[Problem], dict[str, int], list[int]]:
    work = tmp_path_factory.mktemp("lost")
    site = copy_site(MINIMAL, work / "content")
    path = site / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8")
    starts: dict[str, int] = {}
    harmless: list[int] = []
    for name, (snippet, _offset, _message) in SNIPPETS.items():
        text += "\n"
        starts[name] = text.count("\n") + 1
        text += snippet + "\n"
    for snippet in HARMLESS:
        text += "\n"
        harmless += range(text.count("\n") + 1, text.count("\n") + 2 + snippet.count("\n"))
        text += snippet + "\n"
    path.write_text(text, encoding="utf-8")
    status, problems = check(CheckOptions(source=site, cache_dir=work / "cache"), io.StringIO())
    return status, problems, starts, harmless


@pytest.mark.parametrize("name", list(SNIPPETS))
def test_what_would_be_lost_is_an_error_at_its_line(
        checked: tuple[ExitStatus, list[Problem], dict[str, int], list[int]], name: str) -> None:
    status, problems, starts, _harmless = checked
    _snippet, offset, message = SNIPPETS[name]
    where = f"content/{ARTICLE}.md"
    found = [p for p in problems if p.path == where and message in p.message]
    assert found, f"no {message!r}; got\n" + "\n".join(p.format() for p in problems)
    assert found[0].line == starts[name] + offset, found[0].format()
    assert found[0].severity is Severity.ERROR, found[0].format()
    assert status == ExitStatus.CONTENT_ERROR


def test_nothing_else_is_reported(checked: tuple[ExitStatus, list[Problem], dict[str, int], list[int]]) -> None:
    """Links shown as code are not links; each problem is reported once, by kbgen's message only."""
    _status, problems, _starts, harmless = checked
    assert not [p for p in problems if p.line in harmless], [p.format() for p in problems]
    misleading = [p for p in problems if "Unknown" in p.message or "/cache/" in p.message
                  or ("no such article or file" in p.message and "guia-x.md" not in p.message)]
    assert not misleading, [p.format() for p in problems]
    assert len([p for p in problems if "secao-antiga" in p.message]) == 2, [p.format() for p in problems]


def test_trusted_authors_get_html_anchors_and_csv_files(tmp_path: Path) -> None:
    """With allow_raw_html the <a name> anchor is published, so links to it work; with
    allow_file_insertion {csv-table} reads its :file: from the article's folder."""
    site = copy_site(MINIMAL, tmp_path / "content")
    (site / "kb.yml").write_text((site / "kb.yml").read_text(encoding="utf-8")
                                 + "allow_raw_html: true\nallow_file_insertion: true\n", encoding="utf-8")
    (site / "fiscal" / "nota-fiscal-eletronica" / "prazos.csv").write_text("Prazo,Dias\nCancelamento,30\n",
                                                                           encoding="utf-8")
    path = site / f"{ARTICLE}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[Seção](#secao-antiga)\n\n<a name=\"secao-antiga\"></a>"
                    "\n\n```{csv-table} Prazos\n:file: prazos.csv\n:header-rows: 1\n```\n", encoding="utf-8")
    page = (build_clean(site, tmp_path) / f"{ARTICLE}.html").read_text(encoding="utf-8")
    assert 'href="#secao-antiga"' in page
    assert "<p>Cancelamento</p>" in page


def test_did_you_mean() -> None:
    assert closest("Notee", ["note", "tip"]) == "note"
    assert closest("naoexiste", ["name", "class"]) is None
    assert did_you_mean("clas", ["class", "name"], ":{}:") == "; did you mean :class:?"
    assert did_you_mean("xyz", ["class"]) == ""
