"""``kbgen import markdown`` (issue 23, items 2 and 4): the pt-BR trees in tests/fixtures/mdtrees/ are a
DocFX docset, an MkDocs project, a GitHub wiki-like folder and a Docusaurus site, each using its tool's
own admonitions, tabs, includes, images and HTML. Each tree is imported once and built once (--strict)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.importers.markdown.blocks import BlockConverter, BlockHooks
from kbgen.importers.markdown.inline import InlineHooks, convert_inline
from kbgen.importers.markdown.lines import renumber_headings, setext_to_atx
from kbgen.importers.report import REPORT_NAME, ArticleReport
from kbgen.importers.target import MARKER
from kbgen.search.query import search
from kbgen.search.siteindex import load_site_index

from .conftest import FIXTURES, build_copies, kbgen

TREES = FIXTURES / "mdtrees"
FLAVOURS = ("docfx", "mkdocs", "github", "docusaurus")
EMAIL = "atendimento@prefeitura.example.gov.br"
_TAB_LABEL = re.compile(r'<label [^>]*class="sd-tab-label"[^>]*>\s*(.*?)\s*</label>')


def _import(source: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    args = ["import", "markdown", str(source), "--out", str(out), *extra]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _front(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(data, dict)
    return data


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for flavour in FLAVOURS:
        out = tmp_path_factory.mktemp(f"md-{flavour}") / "content"
        status, stdout, stderr = _import(TREES / flavour, out, "--email", EMAIL)  # --flavour auto
        assert status == 0, stderr
        assert "articles imported" in stdout
        folders[flavour] = out
    return folders


@pytest.fixture(scope="module")
def built(imported: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_copies(imported, tmp_path_factory, "md")  # --strict, no warning


def _page(site: Path, article: str) -> str:
    return (site / f"{article}.html").read_text(encoding="utf-8")


def _report(content: Path) -> str:
    return (content / REPORT_NAME).read_text(encoding="utf-8")


# --- detection and layout -------------------------------------------------------------------------

@pytest.mark.parametrize("flavour", FLAVOURS)
def test_auto_detects_the_flavour_and_the_result_builds_strict(flavour: str, imported: dict[str, Path],
                                                               built: dict[str, Path]) -> None:
    assert f"({flavour})" in _report(imported[flavour]).splitlines()[2]
    assert (built[flavour] / "index.html").is_file()


def test_folders_become_sets_and_modules_deeper_ones_flattened(imported: dict[str, Path]) -> None:
    docfx = imported["docfx"]
    articles = sorted(p.relative_to(docfx).as_posix() for p in docfx.glob("*/*/*.md"))
    assert articles == ["atendimento/geral/horarios.md", "geral/geral/servicos-da-secretaria-da-fazenda.md",
                        "tributos/iptu/emitir-segunda-via.md", "tributos/iss-avancado/retencao.md",
                        "tributos/iss/cancelar-nfse.md"]
    assert "the folder tributos/iss/avancado is deeper than set/module" in _report(docfx)
    assert yaml.safe_load((docfx / "tributos/_set.yml").read_text(encoding="utf-8")) == {
        "title": "Tributos", "email": EMAIL}
    # Docusaurus' _category_.json gives the set its label and position
    assert yaml.safe_load((imported["docusaurus"] / "transito/_set.yml").read_text(encoding="utf-8")) == {
        "title": "Trânsito e transporte", "email": EMAIL, "order": 2}
    # a folder's own index.md names its set or module (the folder's name, without accents, does not)
    assert yaml.safe_load((imported["mkdocs"] / "saude/_set.yml").read_text(encoding="utf-8"))["title"] == "Saúde"
    assert yaml.safe_load((imported["mkdocs"] / "saude/vacinacao/_module.yml").read_text(encoding="utf-8")) == {
        "title": "Vacinação"}
    # MkDocs: the pages are docs_dir's, the snippets folder is fragments only
    mkdocs = imported["mkdocs"]
    assert not list(mkdocs.glob("snippets*")) and (mkdocs / "_includes/contato-saude.md").is_file()


def test_name_collisions_and_reserved_names_are_resolved_and_noted(imported: dict[str, Path]) -> None:
    github = imported["github"]
    assert sorted(p.name for p in (github / "guias/ajuda").glob("*.md")) == [
        "perguntas-frequentes-pagina-2.md", "perguntas-frequentes-pagina.md"]
    report = _report(github)
    assert "guias/ajuda/Perguntas_Frequentes.md is the article guias/ajuda/perguntas-frequentes-pagina.md" in report
    # the link between the two follows the renamed file
    old = (github / "guias/ajuda/perguntas-frequentes-pagina.md").read_text(encoding="utf-8")
    assert "[página atual](perguntas-frequentes-pagina-2.md)" in old


# --- front matter ---------------------------------------------------------------------------------

def test_front_matter_is_reduced_to_kbgens_keys(imported: dict[str, Path]) -> None:
    emitir = imported["docfx"] / "tributos/iptu/emitir-segunda-via.md"
    assert list(_front(emitir)) == ["title", "description", "updated"]
    assert _front(emitir)["title"] == "Como emitir a segunda via do IPTU"  # " | Prefeitura Digital" taken off
    assert str(_front(emitir)["updated"]) == "2025-03-15"  # DocFX's ms.date is MM/DD/YYYY
    dropped = "front matter keys kbgen does not use: author, ms.author, ms.custom, ms.topic\n"
    assert dropped in _report(imported["docfx"])
    recorrer = _front(imported["docusaurus"] / "transito/multas/recorrer-multa.md")
    assert recorrer["tags"] == ["multa", "recurso JARI", "defesa prévia", "infração de trânsito"]
    assert recorrer["order"] == 3  # sidebar_position
    assert _front(imported["mkdocs"] / "saude/agendamento/marcar-consulta.md")["tags"] == [
        "agendamento", "unidade básica de saúde", "consulta médica"]


def test_a_page_without_description_gets_its_first_paragraph(imported: dict[str, Path]) -> None:
    criar = _front(imported["github"] / "guias/cadastro/criar-conta.md")
    assert criar["description"] == "Para usar os serviços on-line, crie uma conta com seu CPF."
    assert "description: taken from the first paragraph" in _report(imported["github"])
    # a note, a tab or a short line is not a summary: the first real paragraph is
    horarios = _front(imported["docfx"] / "atendimento/geral/horarios.md")
    assert horarios["description"].startswith("O atendimento presencial funciona de segunda a sexta-feira")
    result = kbgen("check", "--source", str(imported["mkdocs"]), cwd=imported["mkdocs"].parent)
    assert result.returncode == 0 and "no problems in 6 article(s)" in result.stdout + result.stderr, result.stderr


def test_the_title_comes_from_the_first_h1_which_leaves_the_body(imported: dict[str, Path],
                                                                 built: dict[str, Path]) -> None:
    criar = imported["github"] / "guias/cadastro/criar-conta.md"
    assert _front(criar)["title"] == "Como criar sua conta no Portal do Cidadão"
    assert not re.search(r"^# ", _body(criar), re.M)
    # a setext heading is a heading too; the page's other H1 is now a section under it
    recuperar = imported["github"] / "guias/cadastro/recuperar-senha.md"
    assert _front(recuperar)["title"] == "Recuperar a senha"
    assert "=====" not in _body(recuperar) and "\n## Recuperar a senha pelo e-mail\n" in _body(recuperar)
    # a front matter title wins; the differing H1 is removed and listed to check
    emitir = imported["docfx"] / "tributos/iptu/emitir-segunda-via.md"
    assert "Emitir a segunda via do IPTU" not in _body(emitir)
    assert "the heading 'Emitir a segunda via do IPTU' was removed" in _report(imported["docfx"])
    page = _page(built["github"], "guias/cadastro/criar-conta")
    assert len(re.findall(r"<h1\b", page)) == 1


# --- bodies ---------------------------------------------------------------------------------------

def test_admonitions_of_each_tool_are_rendered(built: dict[str, Path]) -> None:
    emitir = _page(built["docfx"], "tributos/iptu/emitir-segunda-via")
    assert 'class="admonition note"' in emitir  # > [!NOTE], kept: kbgen renders GitHub alerts
    assert 'class="admonition important"' in emitir  # from the included fragment
    marcar = _page(built["mkdocs"], "saude/agendamento/marcar-consulta")
    assert re.search(r'class="note admonition">\s*<p class="admonition-title">Documentos necessários', marcar)
    assert 'class="admonition warning"' in marcar
    assert "Central de atendimento" in marcar  # the snippet's own admonition
    recorrer = _page(built["docusaurus"], "transito/multas/recorrer-multa")
    assert re.search(r'class="tip admonition">\s*<p class="admonition-title">Prazo', recorrer)
    assert re.search(r'class="warning admonition">\s*<p class="admonition-title">Atenção', recorrer)
    assert 'class="admonition warning"' in _page(built["github"], "guias/cadastro/criar-conta")


def test_tabs_zone_pivots_and_dropdowns_are_sphinx_design(imported: dict[str, Path], built: dict[str, Path]) -> None:
    emitir = _page(built["docfx"], "tributos/iptu/emitir-segunda-via")
    assert "sd-tab-set" in emitir
    labels = _TAB_LABEL.findall(emitir)
    assert labels == ["Portal do Contribuinte", "Aplicativo"]
    cancelar = _page(built["docfx"], "tributos/iss/cancelar-nfse")  # zone pivots, titled by zone-pivot-groups.yml
    assert _TAB_LABEL.findall(cancelar) == [
        "Microempreendedor (MEI)", "Empresa"]
    marcar = _page(built["mkdocs"], "saude/agendamento/marcar-consulta")
    assert _TAB_LABEL.findall(marcar) == [
        "Pelo site", "Pelo telefone"]
    assert "sd-dropdown" in marcar and "Perdi o cartão do SUS" in marcar  # ??? tip
    matricula = _page(built["mkdocs"], "educacao/geral/matricula")  # pymdownx.blocks: /// tab, /// details
    assert _TAB_LABEL.findall(matricula) == ["Ensino fundamental", "Educação infantil"]
    assert "sd-dropdown" in matricula and "Quem tem prioridade?" in matricula and "type: info" not in matricula
    criar = _page(built["github"], "guias/cadastro/criar-conta")
    assert "sd-dropdown" in criar and "Não recebi o e-mail de confirmação" in criar  # <details>
    assert "sd-dropdown" in _page(built["docusaurus"], "transito/multas/pagar-multa")
    # DocFX's :::row:::/:::column::: lines are gone, their text kept as paragraphs
    body = _body(imported["docfx"] / "tributos/iss/cancelar-nfse.md")
    assert ":::row" not in body and "Notas do mês corrente são canceladas na hora.\n\nNotas de meses" in body


def test_includes_become_shared_fragments(imported: dict[str, Path], built: dict[str, Path]) -> None:
    emitir = _body(imported["docfx"] / "tributos/iptu/emitir-segunda-via.md")
    assert "```{include} /_includes/prazos-iptu.md\n```" in emitir
    fragment = (imported["docfx"] / "_includes/prazos-iptu.md").read_text(encoding="utf-8")
    assert "[passo a passo do pagamento](/tributos/iptu/emitir-segunda-via.md)" in fragment  # from the root
    page = _page(built["docfx"], "tributos/iptu/emitir-segunda-via")
    assert "O IPTU de 2025 vence em 10 de março" in page
    # the fragment's picture goes next to the article that includes it first, named from the root
    assert "![Calendário de vencimentos do IPTU 2025](/tributos/iptu/img/calendario-iptu.png)" in fragment
    assert 'alt="Calendário de vencimentos do IPTU 2025"' in page
    marcar = _body(imported["mkdocs"] / "saude/agendamento/marcar-consulta.md")
    assert "```{include} /_includes/contato-saude.md" in marcar
    missing = "'--8<-- \"docs/snippets/nao-existe.md\"': the included file is not in the tree"
    assert missing in _report(imported["mkdocs"])


def test_images_anchors_breaks_and_html(imported: dict[str, Path], built: dict[str, Path]) -> None:
    docfx = imported["docfx"]
    emitir = _body(docfx / "tributos/iptu/emitir-segunda-via.md")
    assert "![Tela da segunda via do IPTU no portal](img/segunda-via.png)" in emitir  # :::image:::
    assert (docfx / "tributos/iptu/img/segunda-via.png").read_bytes() == (
        TREES / "docfx/tributos/iptu/media/segunda-via.png").read_bytes()
    assert "(pagamento)=\n## Pagamento" in emitir
    assert "até o vencimento.\\\nDepois do vencimento" in emitir  # <br> → a hard break
    github = imported["github"]
    criar = _body(github / "guias/cadastro/criar-conta.md")
    assert "![Formulário de cadastro do Portal do Cidadão](img/tela-cadastro.png)" in criar  # <p><img></p>
    assert "Pressione `Enter` para confirmar" in criar  # <kbd>
    assert "<" not in criar.replace("<br>", "")
    page = _page(built["github"], "guias/cadastro/criar-conta")
    assert 'id="senha"' in page
    assert 'href="criar-conta.html#senha"' in _page(built["github"], "guias/cadastro/recuperar-senha")
    # Sphinx's targets are one namespace for the site: a second page's "pagamento" is renamed and reported
    retencao = _body(docfx / "tributos/iss-avancado/retencao.md")
    assert "(pagamento-2)=\n## Pagamento da guia" in retencao
    assert "the anchor 'pagamento' is the target (pagamento-2)=" in _report(docfx)
    # a heading's { #id } (attr_list) is a target too, and links to it still land there
    calendario = _body(imported["mkdocs"] / "saude/vacinacao/calendario.md")
    assert "(campanhas)=\n## Campanhas de vacinação\n" in calendario
    marcar = _page(built["mkdocs"], "saude/agendamento/marcar-consulta")
    assert 'href="../vacinacao/calendario.html#campanhas"' in marcar
    assert 'id="campanhas"' in _page(built["mkdocs"], "saude/vacinacao/calendario")
    # DocFX's machine translations: the English original beside the sentence is dropped, the translation kept
    horarios = _body(docfx / "atendimento/geral/horarios.md")
    assert "das 8h às 17h, na sede da Secretaria." in horarios and "In-person" not in horarios
    # a cell's <br> cannot be a hard break: a space, noted
    assert "| O prestador (pela guia mensal) |" in _body(docfx / "tributos/iss-avancado/retencao.md")


def test_links_are_rewritten_and_missing_files_become_text(imported: dict[str, Path]) -> None:
    cancelar = _body(imported["docfx"] / "tributos/iss/cancelar-nfse.md")
    assert "[guia de retenção](../iss-avancado/retencao.md)" in cancelar  # the flattened folder's new path
    assert "[pagamento do IPTU](../iptu/emitir-segunda-via.md#pagamento)" in cancelar
    recorrer = _body(imported["docusaurus"] / "transito/multas/recorrer-multa.md")
    assert "[como pagar a multa](pagar-multa.md)" in recorrer  # a Docusaurus link without its extension
    # a linked file kbgen publishes goes next to the article, in anexos/
    assert "[formulário de recurso em PDF](anexos/formulario-recurso.pdf)" in recorrer
    assert (imported["docusaurus"] / "transito/multas/anexos/formulario-recurso.pdf").read_bytes().startswith(b"%PDF-")
    cases = {
        "docfx": ("tributos/iptu/emitir-segunda-via.md", "manual antigo em PDF",
                  "the link 'media/manual-iptu-2019.pdf'"),
        "mkdocs": ("saude/vacinacao/calendario.md", "a foto Posto volante", "the image 'img/posto-volante.jpg'"),
        "github": ("guias/cadastro/criar-conta.md", "\nDiagrama do cadastro\n", "the image 'img/diagrama.svg'"),
        "docusaurus": ("transito/multas/pagar-multa.md", "e o regulamento.", "the link '../../regulamento.md'"),
    }
    for flavour, (article, text, reported) in cases.items():
        assert text in _body(imported[flavour] / article), flavour
        assert f"{reported}: no such file in the tree" in _report(imported[flavour]), flavour
    assert "the link 'xref:lei-complementar-116'" in _report(imported["docfx"])
    # a file kbgen would not publish (an HTML page named .png) stays behind, reported, its description kept
    assert "\nFaixa da campanha de cadastro\n" in _body(imported["github"] / "guias/cadastro/criar-conta.md")
    assert not (imported["github"] / "guias/cadastro/img/banner.png").exists()
    assert "the file guias/cadastro/img/banner.png: " in _report(imported["github"])
    pagar = _body(imported["docusaurus"] / "transito/multas/pagar-multa.md")
    assert "import " not in pagar and "MDX line" in _report(imported["docusaurus"])


# --- the converters, line by line -----------------------------------------------------------------

def _converter() -> tuple[BlockConverter, ArticleReport]:
    entry = ArticleReport("x.md", "X")
    inline = InlineHooks(lambda href: href, lambda src, alt: src, entry.converted.append, entry.dropped.append)
    hooks = BlockHooks(inline, entry, lambda path, written: None, lambda h, t: h, lambda s, a: s)
    return BlockConverter(hooks), entry


def test_code_is_left_alone_and_nested_headings_become_bold() -> None:
    converter, _ = _converter()
    lines = ["```html", "<br> !!! note", "```", "", "=== \"Aba\"", "", "    ## Dentro", "", "    texto `<br>`"]
    out = "\n".join(converter.convert(lines))
    assert "```html\n<br> !!! note\n```" in out
    assert "**Dentro**" in out and "texto `<br>`" in out
    assert renumber_headings(["# A", "### B", "```", "# not", "```", "## C"]) == [
        "## A", "### B", "```", "# not", "```", "### C"]
    assert setext_to_atx(["Título", "===", "", "texto", "", "---"]) == ["# Título", "", "texto", "", "---"]


def test_files_pasted_in_at_build_time_are_dropped_and_reported() -> None:
    converter, entry = _converter()
    out = converter.convert(["```python", "{!../../docs_src/app.py!}", "```", "", "{* ../src/main.py hl[2] *}", "fim"])
    assert [line for line in out if line] == ["fim"]
    assert len(entry.dropped) == 2 and all("pasted in at build time" in line for line in entry.dropped)


def test_unknown_html_is_dropped_with_a_report_line_and_an_unclosed_block_noted() -> None:
    converter, entry = _converter()
    assert convert_inline("a <blink>b</blink> <span>c</span>", converter.hooks.inline) == "a b c"
    assert any("<blink>" in line for line in entry.dropped)
    converter.convert([":::tip Prazo", "texto"])
    assert any("':::tip' is never closed" in line for line in entry.check)


# --- the importer's promises (issue 23 item 4) ----------------------------------------------------

def test_same_input_same_bytes_in_separate_processes(imported: dict[str, Path], tmp_path: Path) -> None:
    for n, seed in ((1, "1"), (2, "4242")):
        result = kbgen("import", "markdown", str(TREES / "docfx"), "--out", str(tmp_path / f"run{n}"), "--email",
                       EMAIL, cwd=tmp_path, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
    assert _tree(tmp_path / "run1") == _tree(tmp_path / "run2") == _tree(imported["docfx"])


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    status, stdout, _ = _import(TREES / "mkdocs", tmp_path / "content", "--email", EMAIL, "--dry-run")
    assert status == 0 and not (tmp_path / "content").exists()
    assert "  saude/agendamento/marcar-consulta.md (" in stdout and "--dry-run: nothing was written" in stdout


def test_refuses_a_non_empty_folder_it_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notas.md").write_text("minhas notas\n", encoding="utf-8")
    status, _, stderr = _import(TREES / "github", out, "--email", EMAIL)
    assert status == 2 and "is not empty and was not written by kbgen import" in stderr
    assert sorted(p.name for p in out.iterdir()) == ["notas.md"]
    assert _import(TREES / "github", tmp_path / "new", "--email", EMAIL)[0] == 0
    assert (tmp_path / "new" / MARKER).is_file()


def test_an_unreadable_file_names_its_path_and_line(tmp_path: Path) -> None:
    source = shutil.copytree(TREES / "github", tmp_path / "tree")
    bad = source / "guias/cadastro/latin1.md"
    bad.write_bytes("# Título\n\nInscrição".encode("latin-1"))
    status, _, stderr = _import(source, tmp_path / "out", "--email", EMAIL)
    assert status == 1 and f"{bad}:1: not UTF-8 text (byte 0xed); save the file as UTF-8" in stderr
    assert "Traceback" not in stderr and not (tmp_path / "out").exists()
    bad.write_text("---\ntitle: Prazo: 30 dias\n---\n\ntexto\n", encoding="utf-8")
    status, _, stderr = _import(source, tmp_path / "out", "--email", EMAIL)
    assert status == 1 and f"{bad}:2: the front matter is not valid YAML" in stderr, stderr


def test_a_folder_without_pages_and_a_missing_email_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "vazio").mkdir()
    status, _, stderr = _import(tmp_path / "vazio", tmp_path / "out", "--email", EMAIL)
    assert status == 1 and "no Markdown pages (*.md) found" in stderr
    status, _, stderr = _import(TREES / "github", tmp_path / "out")
    assert status == 1 and "pass --email" in stderr


def test_old_addresses_become_aliases_where_they_changed(imported: dict[str, Path], built: dict[str, Path]) -> None:
    # DocFX published a/b.md as a/b.html: the flattened folder's page moved, the others kept their address
    assert _front(imported["docfx"] / "tributos/iss-avancado/retencao.md")["aliases"] == [
        "tributos/iss/avancado/retencao.html"]
    assert "aliases" not in _front(imported["docfx"] / "tributos/iptu/emitir-segunda-via.md")
    assert "aliases" not in _front(imported["docfx"] / "geral/geral/servicos-da-secretaria-da-fazenda.md")  # index.html
    assert 'href="../../iss-avancado/retencao.html"' in (
        built["docfx"] / "tributos/iss/avancado/retencao.html").read_text(encoding="utf-8")
    # MkDocs' directory URLs and Docusaurus' /docs/ routes, published as folders with an index.html
    assert _front(imported["mkdocs"] / "saude/agendamento/marcar-consulta.md")["aliases"] == [
        "saude/agendamento/marcar-consulta/"]
    assert (built["mkdocs"] / "saude/agendamento/marcar-consulta/index.html").is_file()
    assert (built["docusaurus"] / "docs/transito/multas/recorrer-multa/index.html").is_file()
    assert list(built["docusaurus"].glob("_downloads/*/formulario-recurso.pdf"))
    assert not any("aliases" in _front(p) for p in imported["github"].glob("*/*/*.md"))  # GitHub has no site


def test_scripts_empty_blocks_and_docfx_divs_leave_nothing_behind() -> None:
    converter, entry = _converter()
    out = "\n".join(converter.convert([
        "<script>", "var x = 1;", "</script>", "", "a <style>p{}</style>b", "", "!!! note", "",
        '> [!div class="nextstepaction"]', "> [Próximo passo](proximo.md)", "",
        "[Imposto](https://pt.wikipedia.org/wiki/Imposto_(tributo)).",
    ]))
    assert "var x" not in out and "p{}" not in out and "\na b\n" in out
    assert ":::" not in out and "an empty note: it had no text to show" in entry.dropped
    assert "[!div" not in out and "\n[Próximo passo](proximo.md)\n" in out
    assert "[Imposto](https://pt.wikipedia.org/wiki/Imposto_(tributo))." in out


def test_translated_docfx_tabs_with_an_anchor_before_the_label() -> None:
    converter, _ = _converter()
    out = "\n".join(converter.convert([
        '# <a name="azure-portal"></a>[Portal do Azure](#tab/portal)', "", "Passo no portal.", "",
        '# <a name="cli"></a>[CLI](#tab/azure-cli)', "", "Passo na linha de comando.", "", "---", "", "Depois.",
    ]))
    assert ":::{tab-item} Portal do Azure\nPasso no portal.\n" in out and ":::{tab-item} CLI\n" in out
    assert "(azure-portal)=" not in out and out.rstrip().endswith("Depois.")


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_search_finds_each_imported_article_by_title_and_by_tag(flavour: str, imported: dict[str, Path],
                                                                built: dict[str, Path]) -> None:
    index = load_site_index(built[flavour])
    urls = [doc["url"] for doc in index.docs]
    articles = sorted(imported[flavour].glob("*/*/*.md"))
    assert articles
    for path in articles:
        front = _front(path)
        found = next(doc["url"] for doc in index.docs if doc["title"] == front["title"])
        assert next(urls[r.ref] for r in search(index, front["title"])) == found, front["title"]
        for tag in front.get("tags", []):
            assert found in [urls[r.ref] for r in search(index, tag)][:10], (front["title"], tag)


def test_an_out_folder_inside_the_tree_is_not_read_and_links_are_not_followed(tmp_path: Path) -> None:
    source = shutil.copytree(TREES / "github", tmp_path / "wiki")
    (source / "guias/cadastro/senhas.md").symlink_to("/etc/hostname")
    assert _import(source, source / "content", "--email", EMAIL)[0] == 0
    first = _tree(source / "content")
    assert _import(source, source / "content", "--email", EMAIL)[0] == 0  # again: content/ is not a set now
    assert _tree(source / "content") == first
    assert "guias/cadastro/senhas.md is a symbolic link: not followed" in _report(source / "content")
    assert not (source / "content/guias/cadastro/senhas.md").exists()


def test_an_explicit_flavour_wins_over_the_markers(tmp_path: Path) -> None:
    status, stdout, _ = _import(TREES / "mkdocs", tmp_path / "out", "--email", EMAIL, "--flavour", "github",
                                "--dry-run")
    # read as GitHub Markdown: the project folder itself holds the pages, so docs/ is the first level (a set)
    assert status == 0 and "  docs/saude-agendamento/marcar-consulta.md (" in stdout, stdout
