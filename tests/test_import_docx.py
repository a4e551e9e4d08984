"""``kbgen import docx`` (issue 23, item 3; item 4 for every importer): a pt-BR Word manual built with
python-docx (tests/word_fixture.py) is imported once and built once per module (--strict); the error
cases use files made here (an encrypted-looking OLE file, a damaged ZIP, a PDF …)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.importers.html_to_myst import PLACEHOLDER_ALT
from kbgen.importers.report import REPORT_NAME, ArticleReport
from kbgen.importers.word.hooks import ArticleHooks
from kbgen.importers.word.places import Article, Names, Plan
from kbgen.importers.word.reading import CFB_MAGIC, Picture, WordDocument
from kbgen.importers.word.structure import Part
from kbgen.importers.writer import ImportedTree
from kbgen.search.query import search
from kbgen.search.siteindex import load_site_index

from .conftest import build_clean, kbgen
from .word_fixture import AUTOMATIC_ALT, BOX_DROPPED, BOX_KEPT, FOOTNOTE, LOGIN_ALT, PORTAL, build_manual, png

EMAIL = "atendimento@prefeitura.example.gov.br"
MODULE = "fiscal/portal-do-contribuinte"
TITLES = {"introducao": "Introdução", "acesso-ao-portal": "Acesso ao portal",
          "emissao-da-nfs-e": "Emissão da NFS-e", "duvidas-frequentes": "Dúvidas frequentes"}


def _import(source: Path, out: Path, *extra: str, email: str | None = EMAIL) -> tuple[int, str, str]:
    args = ["import", "docx", str(source), "--set", "Fiscal", "--module", "Portal do Contribuinte",
            "--out", str(out), *extra] + (["--email", email] if email else [])
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _front(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_manual(tmp_path_factory.mktemp("word") / "manual-do-portal.docx")


@pytest.fixture(scope="module")
def imported(manual: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx-import") / "content"
    status, stdout, stderr = _import(manual, out)
    assert status == 0, stderr
    assert "4 articles imported, 1 skipped" in stdout
    assert "Converting articles" in stderr  # progress, on stderr
    return out


@pytest.fixture(scope="module")
def built(imported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("docx-build")
    return build_clean(shutil.copytree(imported, work / "content"), work)  # --strict, no warning


# --- the structure ---------------------------------------------------------------------------------

def test_one_article_per_heading_in_document_order(imported: Path) -> None:
    articles = {p.stem: _front(p) for p in (imported / MODULE).glob("*.md")}
    assert {slug: front["title"] for slug, front in articles.items()} == TITLES
    order = sorted(articles, key=lambda slug: articles[slug]["order"])
    assert order == ["introducao", "acesso-ao-portal", "emissao-da-nfs-e", "duvidas-frequentes"]
    assert yaml.safe_load((imported / "fiscal/_set.yml").read_text(encoding="utf-8")) == \
        {"title": "Fiscal", "email": EMAIL}
    module = yaml.safe_load((imported / MODULE / "_module.yml").read_text(encoding="utf-8"))
    assert module["title"] == "Portal do Contribuinte"
    assert module["description"].startswith("Este manual orienta contribuintes e contadores")
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    assert "Heading 1 'Anexos': no text under the heading" in report  # an empty heading makes no article


def test_cover_toc_and_typed_heading_numbers_are_dropped_and_reported(imported: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (imported / MODULE).glob("*.md"))
    assert "Manual do Portal do Contribuinte" not in text  # the Title paragraph
    assert "Acesso ao portal\t3" not in text and "Acesso ao portal 3" not in text  # the table of contents
    assert "1. Acesso" not in text
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    assert "the document's title ('Manual do Portal do Contribuinte'" in report
    assert "the table of contents (2 lines) was dropped" in report
    assert "'1. Acesso ao portal', '2. Emissão da NFS-e'" in report
    assert "page breaks were dropped (a web page has none): 1" in report
    assert "empty paragraphs (spacing made with Enter) were dropped: 3" in report


def test_sections_lists_bold_and_links_in_the_markdown(imported: Path) -> None:
    acesso = (imported / MODULE / "acesso-ao-portal.md").read_text(encoding="utf-8")
    assert "## Primeiro acesso" in acesso and "### Senha esquecida" in acesso
    assert "abra o menu **Portal > Serviços** e clique em *Entrar*." in acesso
    assert ("1. Abra o navegador e digite o endereço do portal.\n2. Informe o CPF e a senha.\n"
            "   - Use somente números no CPF.\n   - Não compartilhe a senha.\n3. Clique em Entrar.") in acesso
    assert "- Contrato social\n- Cartão CNPJ" in acesso
    assert f"[Portal do Contribuinte]({PORTAL})" in acesso
    emissao = (imported / MODULE / "emissao-da-nfs-e.md").read_text(encoding="utf-8")
    # numbering typed by hand ("1.<tab>Acesse …") became a real list
    assert ("1. Acesse o menu **Notas > Emitir**.\n2. Preencha os dados do tomador do serviço.\n"
            "3. Clique em Transmitir") in emissao
    # links to bookmarks (Word's cross-references) → links between the new articles, to the section
    # when the bookmark is on one (MyST's heading anchor), within the article too
    assert "[acesso ao portal](acesso-ao-portal.md) e, se precisar, a [senha esquecida]" \
        "(acesso-ao-portal.md#senha-esquecida)." in emissao
    assert "Sem cadastro, veja o [primeiro acesso](#primeiro-acesso)." in acesso


def test_pictures_are_saved_next_to_their_article_with_their_description(imported: Path) -> None:
    acesso = (imported / MODULE / "acesso-ao-portal.md").read_text(encoding="utf-8")
    assert acesso.count(f"![{LOGIN_ALT}](img/acesso-ao-portal-1.png)") == 2  # the same picture twice: one file
    assert (imported / MODULE / "img/acesso-ao-portal-1.png").read_bytes() == png(40, 24, (30, 90, 160))
    emissao = (imported / MODULE / "emissao-da-nfs-e.md").read_text(encoding="utf-8")
    assert f"![{PLACEHOLDER_ALT}](img/emissao-da-nfs-e-1.png)" in emissao  # the picture in a table cell
    assert sorted(p.name for p in (imported / MODULE / "img").iterdir()) == \
        ["acesso-ao-portal-1.png", "duvidas-frequentes-1.png", "emissao-da-nfs-e-1.png"]
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    assert report.count("the image img/emissao-da-nfs-e-1.png had no alt text: describe it") == 1


def test_footnotes_go_to_the_article_that_cites_them(imported: Path, built: Path) -> None:
    duvidas = (imported / MODULE / "duvidas-frequentes.md").read_text(encoding="utf-8")
    assert "**Notas > Cancelar**.[^1]" in duvidas and duvidas.rstrip().endswith(f"[^1]: {FOOTNOTE}")
    others = [p for p in (imported / MODULE).glob("*.md") if p.stem != "duvidas-frequentes"]
    assert all(FOOTNOTE not in p.read_text(encoding="utf-8") for p in others)
    page = (built / MODULE / "duvidas-frequentes.html").read_text(encoding="utf-8")
    assert 'role="doc-noteref"' in page and 'role="doc-footnote"' in page and "Lei Complementar 116/2003" in page


def test_a_description_word_made_up_is_kept_and_reported(imported: Path) -> None:
    alt = " ".join(AUTOMATIC_ALT.split())
    duvidas = (imported / MODULE / "duvidas-frequentes.md").read_text(encoding="utf-8")
    assert f"![{alt}](img/duvidas-frequentes-1.png)" in duvidas
    assert f"the picture img/duvidas-frequentes-1.png has the description Word generated by itself ({alt!r})" in \
        (imported / REPORT_NAME).read_text(encoding="utf-8")


def test_a_picture_browsers_cannot_show_is_dropped_and_reported() -> None:
    names = Names("Fiscal", "fiscal", "Portal", "portal")
    article = Article(Part("Emissão", 1), "Emissão", "emissao", 1, ArticleReport("Heading 1", "Emissão"))
    emf = Picture(b"\x01\x00\x00\x00" + bytes(80), "image/x-emf", "Fluxo da emissão")
    document = WordDocument("", {"docx-image:1": emf})
    tree = ImportedTree()
    hooks = ArticleHooks(article, Plan(names, [article]), document, tree)
    assert hooks.resolve_image("docx-image:1", emf.alt) is None
    assert not tree.files
    assert article.entry.dropped == ["a picture of type image/x-emf (a Word drawing or TIFF that browsers do not "
                                     "show) ('Fluxo da emissão'): save it as PNG and add it"]


def test_words_mess_is_reported(imported: Path) -> None:
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    emissao = (imported / MODULE / "emissao-da-nfs-e.md").read_text(encoding="utf-8")
    # a heading made of a bold Normal paragraph stays a paragraph, and the report asks
    assert "**Cancelamento de notas**" in emissao
    assert "the paragraph 'Cancelamento de notas' is all bold, like a heading made by hand" in report
    # a text box mammoth reads becomes a paragraph (checked); one it cannot read is reported as dropped
    assert BOX_KEPT in emissao and f"a text box ({BOX_KEPT!r}) became a paragraph" in report
    assert BOX_DROPPED not in emissao and f"a text box was dropped (mammoth cannot read it): {BOX_DROPPED!r}" in report


# --- after the build ---------------------------------------------------------------------------------

def test_the_site_builds_and_keeps_lists_tables_bold_links_and_pictures(built: Path) -> None:
    acesso = (built / MODULE / "acesso-ao-portal.html").read_text(encoding="utf-8")
    assert "<strong>Portal &gt; Serviços</strong>" in acesso
    assert re.search(r"<ol[^>]*>\s*<li>.*?<ul[^>]*>\s*<li>.*?Use somente números no CPF", acesso, re.S)
    image = re.search(r'<img[^>]*alt="([^"]+)"[^>]*src="([^"]+)"|<img[^>]*src="([^"]+)"[^>]*alt="([^"]+)"', acesso)
    assert image, acesso
    alt, src = (image[1], image[2]) if image[1] else (image[4], image[3])
    assert alt == LOGIN_ALT and (built / MODULE / src).resolve().is_file()
    emissao = (built / MODULE / "emissao-da-nfs-e.html").read_text(encoding="utf-8")
    assert "<table" in emissao and "CNPJ do tomador" in emissao and "Conforme a lista da LC 116" in emissao
    # its first row, all bold in Word, is the header row
    assert re.search(r"<thead>\s*<tr[^>]*>\s*<th[^>]*><p>Campo</p>", emissao), emissao
    assert 'href="acesso-ao-portal.html"' in emissao and 'href="acesso-ao-portal.html#senha-esquecida"' in emissao
    assert 'id="senha-esquecida"' in acesso and 'href="#primeiro-acesso"' in acesso


def test_search_finds_each_article_by_its_title(built: Path) -> None:
    index = load_site_index(built)
    urls = [doc["url"] for doc in index.docs]
    for title in TITLES.values():
        found = next(doc["url"] for doc in index.docs if doc["title"] == title)
        results = [urls[r.ref] for r in search(index, title)]
        assert results and results[0] == found, (title, results)


# --- what every importer guarantees ----------------------------------------------------------------------

def test_same_input_same_bytes_in_another_process(manual: Path, imported: Path, tmp_path: Path) -> None:
    result = kbgen("import", "docx", str(manual), "--set", "Fiscal", "--module", "Portal do Contribuinte",
                   "--out", str(tmp_path / "again"), "--email", EMAIL, cwd=tmp_path,
                   env={"PYTHONHASHSEED": "4242", "TZ": "Asia/Tokyo"})
    assert result.returncode == 0, result.stderr
    assert _tree(tmp_path / "again") == _tree(imported)


def test_dry_run_writes_nothing(manual: Path, tmp_path: Path) -> None:
    status, stdout, _ = _import(manual, tmp_path / "content", "--dry-run")
    assert status == 0 and not (tmp_path / "content").exists()
    assert f"  {MODULE}/acesso-ao-portal.md (" in stdout and f"  {MODULE}/img/acesso-ao-portal-1.png (" in stdout
    assert "--dry-run: nothing was written" in stdout


def test_split_level_two_makes_an_article_per_heading_2(manual: Path, tmp_path: Path) -> None:
    status, stdout, _ = _import(manual, tmp_path / "out", "--split-level", "2")
    assert status == 0, stdout
    slugs = sorted(p.stem for p in (tmp_path / "out" / MODULE).glob("*.md"))
    # "Primeiro acesso" (Heading 2) is an article now; the Heading 1 parts with text keep theirs
    assert "primeiro-acesso" in slugs and "acesso-ao-portal" in slugs
    primeiro = (tmp_path / "out" / MODULE / "primeiro-acesso.md").read_text(encoding="utf-8")
    assert "## Senha esquecida" in primeiro


def test_a_preface_of_one_paragraph_is_the_modules_description(tmp_path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.add_paragraph("Como consultar e imprimir o contracheque no Portal do Servidor da prefeitura.")
    document.add_heading("Consultar o contracheque", level=1)
    document.add_paragraph("Abra o menu Servidor > Contracheque e escolha a competência.")
    # a whole paragraph someone styled as a heading: its start is the title, the text stays whole
    long_heading = ("O contracheque fica disponível no quinto dia útil de cada mês, depois do fechamento da folha, "
                    "e pode ser impresso ou salvo em PDF pelo próprio servidor, sem pedir ao setor de pessoal")
    document.add_heading(long_heading, level=1)
    document.add_paragraph("Meses anteriores ficam no histórico.")
    # a template's own heading style, named in Portuguese
    document.styles.add_style("Título 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Imprimir o contracheque", style="Título 1")
    document.add_paragraph("Clique em Imprimir no canto da tela.")
    document.save(str(tmp_path / "contracheque.docx"))
    status, _, stderr = _import(tmp_path / "contracheque.docx", tmp_path / "out")
    assert status == 0, stderr
    module = yaml.safe_load((tmp_path / "out" / MODULE / "_module.yml").read_text(encoding="utf-8"))
    assert module["description"] == "Como consultar e imprimir o contracheque no Portal do Servidor da prefeitura."
    articles = sorted((tmp_path / "out" / MODULE).glob("*.md"), key=lambda p: _front(p)["order"])
    assert len(articles) == 3 and articles[0].stem == "consultar-o-contracheque"
    assert articles[2].stem == "imprimir-o-contracheque"
    title = _front(articles[1])["title"]
    assert len(title) <= 150 and title.endswith("…") and long_heading.startswith(title[:-1])
    assert long_heading in articles[1].read_text(encoding="utf-8")


def _damaged(folder: Path, manual: Path) -> Path:
    data = manual.read_bytes()
    path = folder / "cortado.docx"
    path.write_bytes(data[: len(data) // 2])  # a download that stopped half-way
    return path


def _odt(folder: Path, manual: Path) -> Path:
    path = folder / "manual.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return path


def _compound(stream: str) -> bytes:
    """The start of an OLE compound file whose directory names ``stream`` (UTF-16, as MS-CFB stores it)."""
    return CFB_MAGIC + bytes(504) + stream.encode("utf-16-le") + bytes(64)


def _empty(folder: Path, manual: Path) -> Path:
    import docx

    path = folder / "em-branco.docx"
    docx.Document().save(str(path))
    return path


@pytest.mark.parametrize(("make", "expected"), [
    # an encrypted OOXML is an OLE compound file (MS-OFFCRYPTO), and so is a Word 97-2003 .doc
    (lambda d, m: d.joinpath("protegido.docx").write_bytes(_compound("EncryptionInfo")) and d / "protegido.docx",
     "password-protected or old .doc format: save as .docx without a password (this one is encrypted"),
    (lambda d, m: d.joinpath("antigo.doc").write_bytes(_compound("WordDocument")) and d / "antigo.doc",
     "password-protected or old .doc format: save as .docx without a password (this one is a Word 97-2003 .doc"),
    (lambda d, m: d.joinpath("outro.docx").write_bytes(CFB_MAGIC + bytes(504)) and d / "outro.docx",
     "password-protected or old .doc format: save as .docx without a password"),
    (_damaged, "the .docx is damaged"),
    (lambda d, m: d.joinpath("notas.docx").write_text("só texto\n", encoding="utf-8") and d / "notas.docx",
     "not a Word .docx file"),
    (lambda d, m: d.joinpath("manual.pdf").write_bytes(b"%PDF-1.7\n...") and d / "manual.pdf",
     "kbgen does not import PDF; save the original document as .docx"),
    (_odt, "an OpenDocument file (.odt), not a Word document"),
    (_empty, "the document has no text or pictures to import"),
    (lambda d, m: d, "is a folder; give the .docx file"),
    (lambda d, m: d / "nao-existe.docx", "cannot read the file: No such file or directory"),
])
def test_files_that_are_not_a_readable_docx_get_one_clear_message(make: Any, expected: str, manual: Path,
                                                                   tmp_path: Path) -> None:
    source = make(tmp_path, manual)
    status, _, stderr = _import(source, tmp_path / "out")
    assert status == 1, stderr
    assert expected in stderr and str(source) in stderr
    assert "Traceback" not in stderr and "nothing was written" in stderr
    assert not (tmp_path / "out").exists()


def test_options_are_checked_before_reading(manual: Path, tmp_path: Path) -> None:
    status, _, stderr = _import(manual, tmp_path / "out", email=None)
    assert status == 1 and "pass --email" in stderr
    result = CliRunner().invoke(main, ["import", "docx", str(manual), "--set", "Fiscal", "--module", "!!!",
                                       "--out", str(tmp_path / "out"), "--email", EMAIL])
    assert result.exit_code == 1 and "--module '!!!': it has no letter or digit" in result.stderr
    result = CliRunner().invoke(main, ["import", "pdf", str(manual)])
    assert result.exit_code == 2  # PDF is out of scope (docs/migrating.md)


def test_a_picture_in_an_article_heading_is_kept_as_the_articles_first_picture(tmp_path: Path) -> None:
    """Word lets a picture sit in a heading paragraph (an icon before "Emitir a guia"); the heading
    becomes the article's title, which is text only, so the picture opens the article instead of
    being lost without a word."""
    import io

    import docx

    document = docx.Document()
    heading = document.add_heading("Emitir a guia do ISS", level=1)
    shape = heading.add_run().add_picture(io.BytesIO(png(400, 300, (20, 90, 160))))
    shape._inline.docPr.set("descr", "Botão Emitir guia no portal")
    document.add_paragraph("Abra o menu Guias > Emitir e escolha a competência.")
    document.save(str(tmp_path / "guia.docx"))
    status, _, stderr = _import(tmp_path / "guia.docx", tmp_path / "out")
    assert status == 0, stderr
    article = tmp_path / "out" / MODULE / "emitir-a-guia-do-iss.md"
    assert _front(article)["title"] == "Emitir a guia do ISS"
    text = article.read_text(encoding="utf-8")
    picture = re.search(r"!\[Botão Emitir guia no portal\]\((img/[^)]+\.png)\)", text)
    assert picture and (article.parent / picture.group(1)).is_file(), text
    body = text.split("---\n", 2)[2]
    assert body.index(picture.group(0)) < body.index("Abra o menu")
