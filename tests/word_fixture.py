"""A Word manual built with python-docx, modelled on the seeds (/work/shared/seeds: guides of a city hall's
systems described in Portuguese): a cover, a table of contents, headings with typed numbers, steps in real
and hand-typed numbering, menu paths in bold, a table with a picture in a cell, pictures with and without
a description, hyperlinks (to the web and to a bookmark), a page break, empty paragraphs, text boxes, and a
heading made of a bold Normal paragraph. What python-docx has no API for is added as WordprocessingML."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

LOGIN_ALT = "Tela de login do Portal do Contribuinte com os campos CPF e Senha"
PORTAL = "https://nfse.prefeitura.example.gov.br/portal"
#: what Office 365 writes as a picture's description when nobody wrote one
AUTOMATIC_ALT = "Interface gráfica do usuário, Texto, Aplicativo\n\nDescrição gerada automaticamente"
FOOTNOTE = "Conforme a Lei Complementar 116/2003 e o regulamento do ISSQN do município."
BOX_KEPT = "Dica: guarde o número do protocolo até a nota ser autorizada."
BOX_DROPPED = "Atenção: o certificado digital precisa estar instalado no computador."


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG (kbgen checks a picture's first bytes), made without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def _picture(paragraph: Paragraph, data: bytes, descr: str | None) -> None:
    import io
    shape = paragraph.add_run().add_picture(io.BytesIO(data))
    if descr is not None:  # Word's Format Picture > Alt Text writes wp:docPr/@descr
        shape._inline.docPr.set("descr", descr)


def _bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """What Word puts on a heading a cross-reference or a table of contents points at."""
    paragraph._p.insert(1, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>'))
    paragraph._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'))


def _hyperlink(paragraph: Paragraph, text: str, *, url: str | None = None, anchor: str | None = None) -> None:
    if url is not None:
        rel = paragraph.part.relate_to(url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        target = f'r:id="{rel}"'
    else:
        target = f'w:anchor="{anchor}"'
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} {target}><w:r>'
        f"<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:hyperlink>"))


def _steps_list(document: docx.document.Document) -> int:
    """A two-level list as Word's Define New Multilevel List makes it: 1., 2. … with bullets below."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="hybridMultilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return 90


def _item(document: docx.document.Document, text: str, num_id: int, level: int) -> Paragraph:
    paragraph = document.add_paragraph(text, style="List Paragraph")
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def _text_boxes(paragraph: Paragraph) -> None:
    """A text box as Word 2007+ saves it with its VML fallback (mammoth reads that one), and one saved
    as DrawingML only (as LibreOffice or a converter may write it), which mammoth cannot read."""
    run = paragraph.add_run()._r
    run.append(parse_xml(
        f'<w:pict {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox><w:txbxContent>'
        f"<w:p><w:r><w:t>{BOX_KEPT}</w:t></w:r>"
        "</w:p></w:txbxContent></v:textbox></v:shape></w:pict>"))
    run = paragraph.add_run()._r
    run.append(parse_xml(
        f'<w:drawing {nsdecls("w", "wp", "a")} '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wp:anchor><wp:docPr id="90" name="Caixa de Texto 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        f"<w:txbxContent><w:p><w:r><w:t>{BOX_DROPPED}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing>"))


def build_manual(path: Path) -> Path:
    document = docx.Document()
    for n in (1, 2):
        document.styles.add_style(f"toc {n}", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Manual do Portal do Contribuinte", style="Title")
    document.add_paragraph("versão 2.1 | março de 2026")
    document.add_paragraph("Este manual orienta contribuintes e contadores no uso do Portal do Contribuinte "
                           "para emitir e consultar a Nota Fiscal de Serviço Eletrônica (NFS-e).")
    document.add_paragraph("Ele vale para a versão 2.1 do portal, publicada em março de 2026.")
    document.add_paragraph("Acesso ao portal\t3", style="toc 1")
    document.add_paragraph("Emissão da NFS-e\t5", style="toc 1")
    document.add_paragraph("")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    heading = document.add_heading("1. Acesso ao portal", level=1)
    _bookmark(heading, "_Toc100001", 1)
    intro = document.add_paragraph("Para acessar, abra o menu ")
    intro.add_run("Portal > Serviços").bold = True
    intro.add_run(" e clique em ")
    intro.add_run("Entrar").italic = True
    intro.add_run(". O acesso usa o CPF do responsável pela empresa.")
    steps = _steps_list(document)
    _item(document, "Abra o navegador e digite o endereço do portal.", steps, 0)
    _item(document, "Informe o CPF e a senha.", steps, 0)
    _item(document, "Use somente números no CPF.", steps, 1)
    _item(document, "Não compartilhe a senha.", steps, 1)
    _item(document, "Clique em Entrar.", steps, 0)
    document.add_paragraph("Documentos aceitos no cadastro:")
    for text in ("Contrato social", "Cartão CNPJ"):
        document.add_paragraph(text, style="List Bullet")
    _bookmark(document.add_heading("Primeiro acesso", level=2), "_Ref200002", 2)
    link = document.add_paragraph("No primeiro acesso, cadastre a senha em ")
    _hyperlink(link, "Portal do Contribuinte", url=PORTAL)
    link.add_run(".")
    _picture(document.add_paragraph(), png(40, 24, (30, 90, 160)), LOGIN_ALT)
    _picture(document.add_paragraph(), png(40, 24, (30, 90, 160)), LOGIN_ALT)  # pasted twice: one file
    _bookmark(document.add_heading("Senha esquecida", level=3), "_Ref200003", 3)
    forgot = document.add_paragraph("Clique em Esqueci minha senha e siga as instruções enviadas por e-mail. "
                                    "Sem cadastro, veja o ")
    _hyperlink(forgot, "primeiro acesso", anchor="_Ref200002")  # a section of this same article
    forgot.add_run(".")

    document.add_heading("2. Emissão da NFS-e", level=1)
    document.add_paragraph("A nota fiscal de serviço é emitida pelo portal, depois do acesso com CPF e senha.")
    typed = document.add_paragraph("1.\tAcesse o menu ")
    typed.add_run("Notas > Emitir").bold = True
    typed.add_run(".")
    document.add_paragraph("2.\tPreencha os dados do tomador do serviço.")
    document.add_paragraph("3.\tClique em Transmitir e anote o número do protocolo.")
    document.add_paragraph("")
    document.add_paragraph("")
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate((("Campo", "Descrição", "Tela"),
                                 ("CNPJ do tomador", "Somente números", ""),
                                 ("Código do serviço", "Conforme a lista da LC 116", ""))):
        for col, text in enumerate(cells):
            table.cell(row, col).paragraphs[0].add_run(text).bold = row == 0  # the header row, in bold
    _picture(table.cell(1, 2).paragraphs[0], png(16, 16, (200, 40, 40)), None)  # no description
    document.add_paragraph().add_run("Cancelamento de notas").bold = True
    back = document.add_paragraph("Antes de emitir, confira o ")
    _hyperlink(back, "acesso ao portal", anchor="_Toc100001")
    back.add_run(" e, se precisar, a ")
    _hyperlink(back, "senha esquecida", anchor="_Ref200003")  # a section of another article
    back.add_run(".")
    _text_boxes(document.add_paragraph("Depois de transmitir, aguarde a autorização."))

    document.add_heading("3. Dúvidas frequentes", level=1)
    question = document.add_paragraph()
    question.add_run("Posso cancelar uma nota emitida? ").bold = True
    question.add_run("Sim, em até 30 dias, pelo menu ")
    question.add_run("Notas > Cancelar").bold = True
    question.add_run(".")._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="1"/>'))
    _picture(document.add_paragraph(), png(20, 20, (10, 120, 60)), AUTOMATIC_ALT)
    document.add_heading("4. Anexos", level=1)
    document.save(str(path))
    _add_footnotes(path)
    return path


def _add_footnotes(path: Path) -> None:
    """python-docx has no footnotes part: add Word's (word/footnotes.xml, its relationship and type)."""
    parts = {}
    with zipfile.ZipFile(path) as package:
        parts = {item.filename: package.read(item.filename) for item in package.infolist()}
    rels, types = "word/_rels/document.xml.rels", "[Content_Types].xml"
    parts[rels] = parts[rels].replace(b"</Relationships>", (
        b'<Relationship Id="rIdNotas" Target="footnotes.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/footnotes"/></Relationships>'))
    parts[types] = parts[types].replace(b"</Types>", (
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.footnotes+xml"/></Types>'))
    parts["word/footnotes.xml"] = (
        f'<w:footnotes {nsdecls("w")}><w:footnote w:id="1"><w:p><w:r><w:t>{FOOTNOTE}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
