"""``kbgen import docx``: what mammoth drops without a word — page headers and footers, reviewers'
comments — is listed per article in the report (kbgen.importers.word.margins), and endnotes, which
mammoth gives, become MyST footnotes. The manual is built here with python-docx the way municipal
manuals are laid out: a logo and the secretariat's name in the header, "Manual … | Página 3 de 42"
in the footer (Word's PAGE and NUMPAGES fields), a cover with its own first-page header, a second
section (an annex) with another header and the footer it inherits, a reviewer's comment, an endnote.
One import and one --strict build."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

from kbgen.cli import main
from kbgen.importers.report import REPORT_NAME

from .conftest import build_clean
from .word_fixture import png

EMAIL = "atendimento@prefeitura.example.gov.br"
MODULE = "fiscal/nfs-e"
HEADER = "Prefeitura Municipal de Exemplo — Secretaria da Fazenda"
ANNEX_HEADER = "Anexo I — Cancelamento de notas"
COVER_HEADER = "Documento público — versão 2.3"
COMMENT = "Confirmar o prazo de cancelamento com a Fazenda antes de publicar."
ENDNOTE = "Decreto municipal nº 1.234, de 2 de março de 2021."


def _field(paragraph: Paragraph, code: str, shown: str) -> None:
    """A complex field as Word writes it: begin, the code, separate, the last result, end."""
    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>{shown}</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def build_manual(path: Path) -> Path:
    document = docx.Document()
    first = document.sections[0]
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = COVER_HEADER
    header = first.header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(png(40, 20, (0, 80, 160))))
    header.add_run(HEADER)
    footer = first.footer.paragraphs[0]
    footer.add_run("Manual do Usuário – NFS-e | Página ")
    _field(footer, "PAGE", "3")
    footer.add_run(" de ")
    _field(footer, "NUMPAGES", "42")
    document.add_paragraph("Manual do Usuário — NFS-e", style="Title")
    document.add_heading("Acesso ao portal", level=1)
    document.add_paragraph("O portal do contribuinte é acessado com o CPF ou o CNPJ e a senha da prefeitura.")
    document.add_heading("1.2 Emissão da nota", level=1)
    emissao = document.add_paragraph("A nota é emitida no menu Notas, depois Emitir, com os dados do tomador.")
    emissao.add_run()._r.append(parse_xml(f'<w:endnoteReference {nsdecls("w")} w:id="1"/>'))
    annex = document.add_section()  # a new section: the annex has its own header, the footer goes on
    annex.different_first_page_header_footer = False
    annex.header.is_linked_to_previous = False
    annex.header.paragraphs[0].text = ANNEX_HEADER
    document.add_heading("Cancelamento", level=1)
    cancel = document.add_paragraph("A nota pode ser cancelada em até 30 dias, ")
    reviewed = cancel.add_run("pelo próprio emissor, no portal.")
    document.add_comment(reviewed, text=COMMENT, author="Maria Souza", initials="MS")
    document.save(str(path))
    _add_endnotes(path)
    return path


def _add_endnotes(path: Path) -> None:
    """python-docx has no endnotes part: add Word's (word/endnotes.xml, its relationship and type)."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdFim" Target="endnotes.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/endnotes"/></Relationships>'))
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.endnotes+xml"/></Types>'))
    parts["word/endnotes.xml"] = (f'<w:endnotes {nsdecls("w")}><w:endnote w:id="1"><w:p><w:r><w:t>{ENDNOTE}'
                                  "</w:t></w:r></w:p></w:endnote></w:endnotes>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def _import(source: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "docx", str(source), "--set", "Fiscal", "--module", "NFS-e",
                                       "--out", str(out), "--email", EMAIL, *extra], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_manual(tmp_path_factory.mktemp("word-margins") / "manual-nfse.docx")


@pytest.fixture(scope="module")
def imported(manual: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("word-margins-import") / "content"
    status, stdout, stderr = _import(manual, out)
    assert status == 0, stderr
    assert "3 articles imported" in stdout
    return out


def _section(report: str, article: str) -> str:
    return report.split(f"### {MODULE}/{article}.md\n")[1].split("\n### ")[0]


def test_headers_and_footers_are_listed_under_the_articles_they_were_on(imported: Path) -> None:
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    tail = ": Word repeats it on every printed page, a web page has none; move into the text what readers need from it"
    footer = f"the page footer 'Manual do Usuário – NFS-e | Página # de #'{tail}"  # page numbers: '#'
    header = f"the page header {HEADER!r} with 1 picture (a logo?){tail}"
    acesso, emissao, cancelamento = (_section(report, a) for a in ("acesso-ao-portal", "emissao-da-nota",
                                                                    "cancelamento"))
    assert f"the first page's header {COVER_HEADER!r}{tail}" in acesso  # the cover page, before the first heading
    for section in (acesso, emissao):
        assert header in section and footer in section and ANNEX_HEADER not in section
    assert f"the page header {ANNEX_HEADER!r}{tail}" in cancelamento  # the annex's own header …
    assert footer in cancelamento and HEADER not in cancelamento  # … and the footer it inherits
    assert COVER_HEADER not in emissao + cancelamento


def test_a_comment_is_listed_under_its_article_and_never_published(imported: Path) -> None:
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    assert (f"a comment by Maria Souza on 'A nota pode ser cancelada em até 30 dias, pelo próprio…': "
            f"{COMMENT!r} (a reviewer's note, not for readers: do in the text what it asks)") \
        in _section(report, "cancelamento")
    assert all(COMMENT not in p.read_text(encoding="utf-8") for p in imported.rglob("*.md") if p.name != REPORT_NAME)


def test_an_endnote_becomes_a_footnote_and_the_site_builds_strict(imported: Path, tmp_path: Path) -> None:
    emissao = (imported / MODULE / "emissao-da-nota.md").read_text(encoding="utf-8")
    assert "[^fim-1]" in emissao and emissao.rstrip().endswith(f"[^fim-1]: {ENDNOTE}")
    out = build_clean(shutil.copytree(imported, tmp_path / "content"), tmp_path)  # --strict, no warning
    page = (out / MODULE / "emissao-da-nota.html").read_text(encoding="utf-8")
    assert 'role="doc-footnote"' in page and "1.234" in page
    assert HEADER not in page and "Página" not in page


def test_same_file_same_bytes(manual: Path, imported: Path, tmp_path: Path) -> None:
    assert _import(manual, tmp_path / "again")[0] == 0
    names = sorted(p.relative_to(imported).as_posix() for p in imported.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(tmp_path / "again").as_posix() for p in (tmp_path / "again").rglob("*")
                           if p.is_file())
    assert all((imported / n).read_bytes() == (tmp_path / "again" / n).read_bytes() for n in names)
