"""One ``kbgen check`` reports every problem of every file (issue 21, items 3 and 6).

A broken front matter, ``_module.yml`` or ``_set.yml`` used to hide every body, link and lint
problem of the whole site until fixed: the refused files now stand in for Sphinx's read
(:mod:`kbgen.loading.stand_ins`). And every problem names the author's file and a line, also for
Sphinx's, docutils' and MyST's warnings that name the cache's copy of a file, or no line.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

from kbgen.commands.build import BuildOptions, build
from kbgen.commands.check import CheckOptions, check
from kbgen.errors import Problem, Severity
from kbgen.exitcodes import ExitStatus
from kbgen.sphinx_ext import sphinx_run
from kbgen.sphinx_ext.warning_lines import find_line, quoted_terms

from .conftest import MINIMAL, copy_site

FISCAL = "fiscal/escrita-fiscal"
NFSE = "fiscal/nota-fiscal-eletronica"
RH = "rh/folha-de-pagamento"

#: (file, text): one problem of another phase in each file. Line numbers are asserted below.
BROKEN = {
    # invalid YAML (line 2); its body: an unknown directive (7), a broken link (11), an e-mail (13)
    f"{FISCAL}/como-declarar-sem-movimento.md": (
        '---\ntitle: Como: declarar\ndescription: x\n---\n\nTexto.\n```{notee}\ncorpo\n```\n\n'
        "Veja [isto](nao-existe.md).\n\nContato: fulano.de.tal@gmail.com\n"),
    # an unknown key (3); its body: a missing image (6), a broken anchor in another article (8)
    f"{RH}/etica-no-servico-publico.md": (
        "---\ntitle: Ética no serviço público\ndescripton: errado\n---\n\n![Tela](img/falta.png)\n\n"
        "Veja [a seção](como-gerar-o-eventos-do-esocial.md#nao-ha).\n"),
    # no front matter at all (MkDocs, GitHub style): line 1; its body: a broken link (5)
    f"{NFSE}/perdi-o-prazo-de-cancelamento.md": (
        "Perdi o prazo.\n\nTexto.\n\nVeja [o manual](manual-inexistente.md).\n"),
    # a valid article: links to the refused ones resolve (not broken), its own broken link (9), a CPF (11)
    f"{NFSE}/como-cancelar-uma-nfs-e.md": (
        "---\ntitle: Como cancelar uma NFS-e?\ndescription: Cancelamento.\n---\n\n"
        "Veja [declarar](../escrita-fiscal/como-declarar-sem-movimento.md) e "
        "[ética](../../rh/folha-de-pagamento/etica-no-servico-publico.md) e "
        "[prazo](perdi-o-prazo-de-cancelamento.md).\n\n\n"
        "Veja [outro](sumiu.md).\n\nCPF 529.982.247-25.\n\n![Tela](img/cancelar.png)\n"),
    # a broken set: its _set.yml (line 2) and its article's broken link (6)
    "extra/_set.yml": "title: Extra\nemail: nao-e-um-email\n",
    "extra/modulo/_module.yml": "title: Módulo\n",
    "extra/modulo/artigo.md": "---\ntitle: Artigo extra\ndescription: Um artigo.\n---\n\nVeja [x](nada.md).\n",
}

EXPECTED = [  # (file, line, a word of the message)
    (f"{FISCAL}/como-declarar-sem-movimento.md", 2, ""),  # the wording is H4's (YAML hints)
    (f"{FISCAL}/como-declarar-sem-movimento.md", 7, "notee"),
    (f"{FISCAL}/como-declarar-sem-movimento.md", 11, "nao-existe.md"),
    (f"{FISCAL}/como-declarar-sem-movimento.md", 13, "fulano.de.tal@gmail.com"),
    (f"{RH}/etica-no-servico-publico.md", 3, "descripton"),
    (f"{RH}/etica-no-servico-publico.md", 6, "falta.png"),
    (f"{RH}/etica-no-servico-publico.md", 8, "nao-ha"),
    (f"{NFSE}/perdi-o-prazo-de-cancelamento.md", 1, "front matter"),
    (f"{NFSE}/perdi-o-prazo-de-cancelamento.md", 5, "manual-inexistente.md"),
    (f"{NFSE}/como-cancelar-uma-nfs-e.md", 9, "sumiu.md"),
    (f"{NFSE}/como-cancelar-uma-nfs-e.md", 11, "CPF"),
    ("extra/_set.yml", 2, "email"),
    ("extra/modulo/artigo.md", 6, "nada.md"),
]


def _broken_site(tmp_path: Path) -> Path:
    site = copy_site(MINIMAL, tmp_path / "content")
    for name, text in BROKEN.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def _run_check(site: Path, cache: Path) -> tuple[ExitStatus, list[Problem], str]:
    stream = io.StringIO()
    status, problems = check(CheckOptions(source=site, cache_dir=cache, today=dt.date(2026, 1, 1)), stream)
    return status, problems, stream.getvalue()


def _assert_author_located(problems: list[Problem], site: Path, cache: Path) -> None:
    for problem in problems:
        assert problem.path.startswith(f"{site.name}/"), problem
        assert (site.parent / problem.path).exists(), problem
        assert problem.line > 0, problem
        assert str(cache) not in problem.message and "/src/" not in problem.message, problem


def test_one_check_reports_every_phase_of_every_file(tmp_path: Path) -> None:
    site, cache = _broken_site(tmp_path), tmp_path / "cache"
    status, problems, output = _run_check(site, cache)

    assert status == ExitStatus.CONTENT_ERROR
    for name, line, word in EXPECTED:
        assert any(p.path == f"content/{name}" and p.line == line and word in p.message for p in problems), (
            name, line, word, output)
    # the valid article's links to the three refused articles resolve: they are not "broken"
    cancel = [p for p in problems if p.path == f"content/{NFSE}/como-cancelar-uma-nfs-e.md"]
    assert [p.line for p in cancel if p.severity is Severity.ERROR] == [9], output
    # and the stand-ins add nothing of their own: no "no description", no missing title, no toctree noise
    assert len(problems) == len(EXPECTED), output
    _assert_author_located(problems, site, cache)


def test_build_reports_what_check_does_and_publishes_nothing(tmp_path: Path) -> None:
    site, cache = _broken_site(tmp_path), tmp_path / "cache"
    _status, checked, _output = _run_check(site, cache)
    stream = io.StringIO()
    report = build(BuildOptions(source=site, out=tmp_path / "out", cache_dir=cache), stream)

    assert report.status == ExitStatus.CONTENT_ERROR
    assert not (tmp_path / "out").exists()
    lint_codes = {"personal-data", "no-description", "duplicate-title", "review-due", "unused-image"}
    assert [p for p in checked if p.code not in lint_codes] == report.problems, stream.getvalue()


INSERTION = {
    f"{FISCAL}/como-declarar-sem-movimento.md": (
        "---\ntitle: Como declarar sem movimento\ndescription: Declaração.\n---\n\n"
        "(prazo-final)=\n## Prazo\n\n"  # 6: the label, also defined in the other article
        "```{include} parte.md\n```\n\n"  # 9: the fragment's line 3 is at fault
        "```{include} nada.md\n```\n\n"  # 12: no such file
        "Baixe {download}`o modelo <arquivos/modelo.xlsx>`.\n"),  # 15: no such file
    f"{FISCAL}/parte.md": "Um trecho.\n\n```{notee}\nx\n```\n",
    f"{RH}/etica-no-servico-publico.md": (
        "---\ntitle: Ética no serviço público\ndescription: Ética.\n---\n\n(prazo-final)=\n## Prazo também\n"),
}


def test_sphinx_docutils_and_myst_warnings_name_the_authors_files(tmp_path: Path) -> None:
    site, cache = copy_site(MINIMAL, tmp_path / "content"), tmp_path / "cache"
    with (site / "kb.yml").open("a", encoding="utf-8") as kb:
        kb.write("allow_file_insertion: true\n")
    for name, text in INSERTION.items():
        (site / name).write_text(text, encoding="utf-8")
    _status, problems, output = _run_check(site, cache)

    def found(name: str, line: int, *words: str) -> bool:
        return any(p.path == f"content/{name}" and p.line == line and all(w in p.message for w in words)
                   for p in problems)

    declare = f"{FISCAL}/como-declarar-sem-movimento.md"
    # MyST logs an included file's warning at the including article with the fragment's line
    assert found(f"{FISCAL}/parte.md", 3, "notee"), output
    assert found(declare, 12, f"content/{FISCAL}/nada.md"), output
    assert found(declare, 15, "linked file 'arquivos/modelo.xlsx' not found"), output  # as the author wrote it
    assert any(p.path in (f"content/{RH}/etica-no-servico-publico.md", f"content/{declare}") and "duplicate label"
               in p.message and "content/" in p.message for p in problems), output
    _assert_author_located(problems, site, cache)


def _record(message: str, location: str | None) -> logging.LogRecord:
    record = logging.LogRecord("sphinx.test", logging.WARNING, __file__, 1, message, (), None)
    record.location = location
    record.type, record.subtype = "", ""
    return record


def test_a_warning_without_a_line_gets_the_line_of_what_it_quotes(tmp_path: Path) -> None:
    src, root = tmp_path / "src", tmp_path / "content"
    article = root / "a" / "b" / "c.md"
    article.parent.mkdir(parents=True)
    article.write_text("---\ntitle: prazo\n---\n\nTexto.\n\nVeja {any}`prazo`.\n", encoding="utf-8")
    records = [
        _record("more than one target found for 'any' cross-reference 'prazo': could be x or y", f"{src}/a/b/c.md"),
        _record("a note about the whole document", f"{src}/a/b/c.md:0"),
        _record("duplicate label prazo, other instance in " + f"{src}/a/b/d.md", f"{src}/a/b/c.md:"),
    ]
    problems = sphinx_run.problems_from_records(records, src, root, {"a/b/c.md": 4})
    # the front matter's "prazo" (line 2) is not the body's: the search starts at the body
    assert [(p.path, p.line) for p in problems] == [("content/a/b/c.md", 7), ("content/a/b/c.md", 4),
                                                   ("content/a/b/c.md", 7)]
    assert problems[2].message == "duplicate label prazo, other instance in content/a/b/d.md"


def test_quoted_terms_and_find_line(tmp_path: Path) -> None:
    assert quoted_terms("x 'a/b' \"cd\" `e` label f, g") == ["a/b", "cd", "e", "f"]
    article = tmp_path / "x.md"
    article.write_text("# T\n\nsee (alvo)= here\n", encoding="utf-8")
    assert find_line(article, "undefined label: 'alvo'") == 3
    assert find_line(article, "nothing quoted") == 1
    assert find_line(tmp_path / "missing.md", "'x'", 5) == 5


def test_a_missing_set_or_module_file_hides_no_article(tmp_path: Path) -> None:
    site, cache = copy_site(MINIMAL, tmp_path / "content"), tmp_path / "cache"
    (site / RH / "_module.yml").unlink()
    (site / "fiscal" / "_set.yml").unlink()
    for name in (f"{RH}/etica-no-servico-publico.md", f"{FISCAL}/como-declarar-sem-movimento.md"):
        with (site / name).open("a", encoding="utf-8") as article:
            article.write("\n[x](nada.md)\n")
    _status, problems, output = _run_check(site, cache)

    assert {p.path for p in problems if "no _module.yml" in p.message or "no _set.yml" in p.message} == {
        f"content/{RH}/_module.yml", "content/fiscal/_set.yml"}, output
    for name in (f"{RH}/etica-no-servico-publico.md", f"{FISCAL}/como-declarar-sem-movimento.md"):
        last = len((site / name).read_text(encoding="utf-8").splitlines())
        assert any(p.path == f"content/{name}" and p.line == last and "nada.md" in p.message for p in problems), output
