"""GFM that docs/authoring.md lists builds by default, under --strict, without raw HTML or inline style
(kbgen.sphinx_ext.gfm); HTML the author writes is still refused (kbgen.sphinx_ext.safety)."""

from __future__ import annotations

import re
from pathlib import Path

from kbgen.exitcodes import ExitStatus

from .conftest import run_build

MODULE = "fiscal/escrita-fiscal"
HEAD = "---\ntitle: Marcação do GitHub\ndescription: Quebras de linha, riscado, tarefas e links automáticos.\n---\n\n"
GFM = """\
## Quebras de linha

Rua das Flores, 100{two_spaces}
Centro\\
Florianópolis

## Riscado

O prazo era ~~de 5 dias~~ de 10 dias.

## Tarefas

- [ ] Conferir o CNPJ
- [x] Emitir a nota
  - [X] Enviar ao tomador

## Links automáticos

Veja <https://www.gov.br/nfse> ou www.example.com/ajuda, e https://example.org/prazos.
""".format(two_spaces="  ")  # a hard break: kept out of the source, where editors strip trailing spaces


def _article(out: Path) -> str:
    html = (out / MODULE / "gfm.html").read_text(encoding="utf-8")
    return html[html.index('<article'):html.index("</article>")]


def test_gfm_builds_strictly_and_renders_as_github_does(site: Path, tmp_path: Path) -> None:
    (site / MODULE / "gfm.md").write_text(HEAD + GFM, encoding="utf-8")
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK and not report.problems, output
    body = _article(tmp_path / "out")
    assert "Rua das Flores, 100<br>\nCentro<br>\nFlorianópolis" in body
    assert "O prazo era <del>de 5 dias</del> de 10 dias." in body
    boxes = re.findall(r'<label class="kb-task"><input type="checkbox" class="task-list-item-checkbox" '
                       r'disabled( checked)?> ([^<]+)</label>', body)
    assert boxes == [("", "Conferir o CNPJ"), (" checked", "Emitir a nota"), (" checked", "Enviar ao tomador")]
    assert body.count('<li class="task-list-item">') == 3
    for href, text in [("https://www.gov.br/nfse", "https://www.gov.br/nfse"),
                       ("http://www.example.com/ajuda", "www.example.com/ajuda"),
                       ("https://example.org/prazos", "https://example.org/prazos")]:
        assert f'href="{href}">{text}</a>' in body
    assert "style=" not in body and "<s>" not in body and "\\\\" not in body


def test_page_text_reads_a_hard_break_as_a_line_break_not_markup(site: Path, tmp_path: Path) -> None:
    (site / MODULE / "gfm.md").write_text(HEAD + GFM, encoding="utf-8")
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    index = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.js")
                      if "Florian" in p.read_text(encoding="utf-8"))
    assert "Florianópolis" in index, "the article's text is in no search file"
    assert "<br" not in index and "Centro\\\\" not in index and "100Centro" not in index


def test_html_the_author_writes_is_still_refused_next_to_gfm(site: Path, tmp_path: Path) -> None:
    (site / MODULE / "gfm.md").write_text(HEAD + GFM + "\nLinha<br>dois e <s>velho</s>.\n", encoding="utf-8")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR
    lines = {p.line for p in report.problems if "raw HTML" in p.message}
    assert lines == {HEAD.count("\n") + GFM.count("\n") + 2}, output  # only the author's line
