"""``kbgen import zendesk`` (issue 23, items 1 and 4): the pt-BR fixture in tests/fixtures/zendesk/ is
a help center as Zendesk's API returns it (two pages of articles, a nested section, a draft, an
article restricted to a user segment; bodies as the editor writes them, with Copenhagen's callout
classes, tables with thead, figure/img, code, nested lists, an iframe, absolute links between
articles). One import and one build per module; the live API is a loopback server."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.commands.importing import ImportOptions, run_import
from kbgen.importers.report import REPORT_NAME
from kbgen.importers.target import MARKER, TargetRefused, check_target
from kbgen.importers.zendesk import ZendeskOptions, convert_zendesk
from kbgen.importers.zendesk.source import TOKEN_VARIABLE, fetcher_for
from kbgen.loading.walker import load_site
from kbgen.search.query import search
from kbgen.search.siteindex import load_site_index

from .browser_support import serve_handler
from .conftest import FIXTURES, build_clean, kbgen

ZENDESK = FIXTURES / "zendesk"
EMAIL = "atendimento@prefeitura.example.gov.br"
HOST = "https://prefeitura-exemplo.zendesk.com"
EMITIR = "fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e"
CANCELAR = "fiscal/nota-fiscal-eletronica-cancelamento/como-cancelar-uma-nfs-e"
ERRO = "fiscal/nota-fiscal-eletronica/erro-1205-ao-transmitir-o-lote-de-notas"
ESOCIAL = "recursos-humanos/folha-de-pagamento/como-gerar-os-eventos-do-esocial"
CONTRACHEQUE = "recursos-humanos/folha-de-pagamento/como-consultar-o-contracheque-no-portal-do-servidor"
CADASTRO = "fiscal/nota-fiscal-eletronica/como-preencher-o-cadastro-mobiliario-do-contribuinte"


def _articles() -> dict[int, dict[str, Any]]:
    items: dict[int, dict[str, Any]] = {}
    for name in ("articles.json", "articles-page-2.json"):
        for article in json.loads((ZENDESK / name).read_text(encoding="utf-8"))["articles"]:
            items[article["id"]] = article
    return items


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _front(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def _import(source: str, out: Path, **options: Any) -> tuple[int, str, str]:
    """The CLI, in this process: (exit status, stdout, stderr)."""
    args = ["import", "zendesk", source, "--out", str(out)]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}"] + ([] if value is True else [str(value)])
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zendesk-import") / "content"
    status, stdout, stderr = _import(str(ZENDESK), out, email=EMAIL)
    assert status == 0, stderr
    assert "6 articles imported, 2 skipped" in stdout
    return out


@pytest.fixture(scope="module")
def built(imported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("zendesk-build")
    return build_clean(shutil.copytree(imported, work / "content"), work)  # --strict, no warning


# --- the mapping ----------------------------------------------------------------------------------

def test_categories_sections_and_articles_become_sets_modules_and_articles(imported: Path) -> None:
    fiscal = yaml.safe_load((imported / "fiscal/_set.yml").read_text(encoding="utf-8"))
    assert fiscal == {"title": "Fiscal", "description": "Notas fiscais, escrita fiscal e ISSQN.", "email": EMAIL,
                      "order": 1}
    nested = yaml.safe_load((imported / "fiscal/nota-fiscal-eletronica-cancelamento/_module.yml").read_text())
    assert nested["title"] == "Nota Fiscal Eletrônica › Cancelamento"
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    assert "section 300002 'Nota Fiscal Eletrônica › Cancelamento' was inside another section" in report
    articles = sorted(p.relative_to(imported).as_posix().removesuffix(".md") for p in imported.glob("*/*/*.md"))
    assert articles == sorted([EMITIR, CANCELAR, ERRO, ESOCIAL, CONTRACHEQUE, CADASTRO])


def test_front_matter_keeps_labels_faq_order_dates_and_old_addresses(imported: Path) -> None:
    front = _front(imported / f"{EMITIR}.md")
    assert front["title"] == "Como emitir uma NFS-e?"
    first_paragraph = ("A Nota Fiscal de Serviço Eletrônica (NFS-e) é emitida pelo portal do contribuinte, "
                       "com o certificado digital da empresa ou com usuário e senha.")
    assert front["description"] == first_paragraph
    assert front["tags"] == ["nfs-e", "nota fiscal", "emissão de nota"]  # spaces kept
    assert front["faq"] is True and front["order"] == 1
    assert str(front["updated"]) == "2026-03-10"
    assert front["aliases"] == ["hc/pt-br/articles/360001001-Como-emitir-uma-NFS-e", "hc/pt-br/articles/360001001"]
    assert "faq" not in _front(imported / f"{CANCELAR}.md")


def test_drafts_and_restricted_articles_are_skipped_and_listed(imported: Path, tmp_path: Path) -> None:
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    assert "article 360001006 'Novo leiaute do eSocial (rascunho)': a draft" in report
    assert "article 360001005 'Procedimento interno de reabertura de competência': restricted" in report
    text = "\n".join(p.read_text(encoding="utf-8") for p in imported.rglob("*.md") if p.name != REPORT_NAME)
    assert "Somente para a equipe" not in text and "Em elaboração" not in text
    # the link to the restricted article keeps its text only, and the report says so
    esocial = (imported / f"{ESOCIAL}.md").read_text(encoding="utf-8")
    assert "veja o procedimento interno." in esocial and "360001005" not in esocial
    assert "the link to article 360001005 (not imported" in report
    status, stdout, _ = _import(str(ZENDESK), tmp_path / "all", email=EMAIL, include_restricted=True, dry_run=True)
    assert status == 0 and "7 articles imported, 1 skipped" in stdout


# --- the bodies ------------------------------------------------------------------------------------

def test_callouts_and_blockquotes_become_admonitions(imported: Path) -> None:
    emitir = (imported / f"{EMITIR}.md").read_text(encoding="utf-8")
    assert ":::{warning}\n**Atenção:** a nota só pode ser cancelada em até 30 dias." in emitir
    cancelar = (imported / f"{CANCELAR}.md").read_text(encoding="utf-8")
    assert ":::{note}\nO tomador recebe a confirmação do cancelamento por e-mail.\n:::" in cancelar
    assert ":::{note}\nDepois de cancelada, a nota não pode ser reativada: emita outra.\n:::" in cancelar
    contracheque = (imported / f"{CONTRACHEQUE}.md").read_text(encoding="utf-8")
    assert ":::{tip}\nDica: você pode baixar o contracheque em PDF.\n:::" in contracheque


def test_tables_lists_and_code(imported: Path) -> None:
    cancelar = (imported / f"{CANCELAR}.md").read_text(encoding="utf-8")
    assert "| Situação | Prazo | Quem cancela |\n| --- | --- | --- |\n| Nota sem pagamento do ISS |" in cancelar
    esocial = (imported / f"{ESOCIAL}.md").read_text(encoding="utf-8")
    assert "```{list-table}\n:header-rows: 1\n" in esocial  # a cell holds a list: no pipe table can
    assert "  - - Remuneração de cada trabalhador\n    - Até o dia 15 do mês seguinte" in esocial
    assert "- Feche a folha:\n  1. calcule a folha;\n  2. confira os relatórios de conferência." in esocial
    emitir = (imported / f"{EMITIR}.md").read_text(encoding="utf-8")
    assert "2. Informe o tomador do serviço:\n   - CPF ou CNPJ;" in emitir
    erro = (imported / f"{ERRO}.md").read_text(encoding="utf-8")
    assert '```xml\n<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">' in erro
    assert "## Exemplo do trecho assinado" in erro


def test_images_attachments_videos_and_links(imported: Path, built: Path) -> None:
    emitir = (imported / f"{EMITIR}.md").read_text(encoding="utf-8")
    image = "img/como-emitir-uma-nfs-e-tela-emissao.png"
    assert f"![Tela de emissão da NFS-e no portal do contribuinte]({image})\n\n*Tela de emissão*" in emitir
    source = ZENDESK / "attachments/article_attachments/9001/tela-emissao.png"
    assert (imported / "fiscal/nota-fiscal-eletronica" / image).read_bytes() == source.read_bytes()
    # an image without alt: a placeholder kbgen accepts, and a line in the report
    cancelar = (imported / f"{CANCELAR}.md").read_text(encoding="utf-8")
    assert "![Imagem importada sem descrição](img/como-cancelar-uma-nfs-e-cancelar.png)" in cancelar
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    assert "the image img/como-cancelar-uma-nfs-e-cancelar.png had no alt text" in report
    # links between articles: relative, whichever form the old address had
    assert "[como cancelar uma NFS-e](../nota-fiscal-eletronica-cancelamento/como-cancelar-uma-nfs-e.md)" in emitir
    assert "[como emitir uma NFS-e](../nota-fiscal-eletronica/como-emitir-uma-nfs-e.md)" in cancelar
    erro = (imported / f"{ERRO}.md").read_text(encoding="utf-8")
    assert "[emita a nota pelo portal](como-emitir-uma-nfs-e.md)" in erro
    old_site = re.findall(rf"{HOST}[^)]*", "".join(p.read_text(encoding="utf-8") for p in imported.glob("*/*/*.md")))
    assert old_site == [f"{HOST}/hc/pt-br/sections/300001-Nota-Fiscal-Eletronica"]  # a section: kept, and reported
    assert f"the link {old_site[0]} points at the old help center" in report
    # the video is a link (and reported); the PDF went through the allow-list and is published
    assert "[Como assinar o lote de NFS-e](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in erro
    assert "an embedded video (iframe) → a link to https://www.youtube.com/watch?v=dQw4w9WgXcQ" in report
    assert "[manual de assinatura do lote (PDF)](anexos/manual-assinatura.pdf)" in erro
    assert list(built.glob("_downloads/*/manual-assinatura.pdf"))
    page = (built / f"{EMITIR}.html").read_text(encoding="utf-8")
    assert 'alt="Tela de emissão da NFS-e no portal do contribuinte"' in page
    assert "<iframe" not in (built / f"{ERRO}.html").read_text(encoding="utf-8")


def test_what_the_editor_leaves_behind(imported: Path) -> None:
    """Spans with inline styles, a bold line break, an <a name>, <div> wrappers, paragraphs in list items,
    <ol start>, a table without thead, <dl>, <hr>, <kbd>, a skipped heading level, a missing picture."""
    cadastro = (imported / f"{CADASTRO}.md").read_text(encoding="utf-8")
    body = cadastro.split("---\n", 2)[2]
    assert body.startswith("\nO cadastro mobiliário guarda os dados do contribuinte que presta serviços no município."
                           "\n\n## Dados obrigatórios\n\nTenha em mãos")
    assert "- Razão social\n- CNPJ\n\n  - só números, *sem* pontos\n\n3. Confira o CNAE principal.\n4. Salve" in body
    assert "| **Campo** | **Formato** |\n| --- | --- |\n| CNPJ | 14 dígitos |" in body
    assert "CNAE\n:   Classificação Nacional de Atividades Econômicas" in body
    assert "### Onde tirar dúvidas\n\n1\\. Consulte a [Receita Federal](https://www.gov.br/receitafederal/pt-br)" \
        in body
    assert "Use a tecla `F5` para atualizar." in body
    assert ":::{danger}\n**Não** altere o CNPJ" in body
    assert "<" not in body and "**\\**" not in body and "style" not in body
    assert "\\[Tela do cadastro mobiliário\\]" in body  # the picture that was not saved: its alt as text
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    missing = f"{HOST}/hc/article_attachments/9009/tela-que-nao-foi-salva.png"
    assert report.count(missing) == 1
    assert f"the image {missing}: not found in {ZENDESK / 'attachments'}" in report


def test_an_attachment_outside_the_allow_list_is_dropped_and_reported(tmp_path: Path) -> None:
    source = shutil.copytree(ZENDESK, tmp_path / "zendesk")
    page = json.loads((source / "articles.json").read_text(encoding="utf-8"))
    page["articles"][0]["body"] += f'<p><a href="{HOST}/hc/article_attachments/9004/instalador.exe">instalador</a></p>'
    (source / "articles.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    (source / "attachments/article_attachments/9004").mkdir()
    (source / "attachments/article_attachments/9004/instalador.exe").write_bytes(b"MZ\x90\x00")
    status, _, stderr = _import(str(source), tmp_path / "out", email=EMAIL)
    assert status == 0, stderr
    assert "instalador" in (tmp_path / f"out/{EMITIR}.md").read_text(encoding="utf-8")
    assert not list((tmp_path / "out").rglob("*.exe"))
    assert "'.exe' files cannot be published" in (tmp_path / "out" / REPORT_NAME).read_text(encoding="utf-8")


def test_names_and_texts_kbgen_would_refuse_are_made_valid(tmp_path: Path) -> None:
    """A category named like a page kbgen generates, a description longer than a summary, a label longer
    than a tag: the folder still loads without an error, and the report says what changed."""
    source = shutil.copytree(ZENDESK, tmp_path / "zendesk")
    categories = json.loads((source / "categories.json").read_text(encoding="utf-8"))
    categories["categories"][0]["name"] = "Perguntas frequentes"
    long_description = ("Notas fiscais e tributos municipais. " * 12).strip()
    categories["categories"][0]["description"] = long_description
    (source / "categories.json").write_text(json.dumps(categories, ensure_ascii=False), encoding="utf-8")
    page = json.loads((source / "articles.json").read_text(encoding="utf-8"))
    page["articles"][0]["label_names"].append("x" * 150)
    (source / "articles.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    page2 = json.loads((source / "articles-page-2.json").read_text(encoding="utf-8"))
    twin = next(a for a in page2["articles"] if a["id"] == 360001007)
    twin["title"] = "Como gerar os eventos do eSocial?"  # the title of 360001004, in the same section
    (source / "articles-page-2.json").write_text(json.dumps(page2, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "content"
    assert _import(str(source), out, email=EMAIL)[0] == 0
    values = yaml.safe_load((out / "perguntas-frequentes-200001/_set.yml").read_text(encoding="utf-8"))
    assert values["title"] == "Perguntas frequentes" and len(values["description"]) <= 300
    assert _front(out / "perguntas-frequentes-200001/nota-fiscal-eletronica/como-emitir-uma-nfs-e.md")["tags"] == \
        ["nfs-e", "nota fiscal", "emissão de nota"]
    assert (out / f"{ESOCIAL}.md").is_file() and (out / f"{ESOCIAL}-360001007.md").is_file()
    report = (out / REPORT_NAME).read_text(encoding="utf-8")
    assert f"category 200001: its description had {len(long_description)} characters; it was cut to 300" in report
    assert "the label 'xxxxxxxx" in report and "expected a tag of at most 100 characters" in report
    _site, problems = load_site(out)  # what kbgen check and build validate first
    assert not problems.errors, [p.format() for p in problems.errors]


# --- after the build: old addresses, search -----------------------------------------------------------

def test_old_addresses_redirect_from_folders(built: Path) -> None:
    for article_id, docname in ((360001001, EMITIR), (360001002, CANCELAR), (360001007, CONTRACHEQUE)):
        slug = urlsplit(_articles()[article_id]["html_url"]).path.rsplit("/", 1)[1]
        for old in (f"hc/pt-br/articles/{slug}", f"hc/pt-br/articles/{article_id}"):
            page = (built / old / "index.html").read_text(encoding="utf-8")
            target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
            assert target, old
            assert (built / old / target.group(1)).resolve() == (built / f"{docname}.html").resolve()


def test_search_finds_each_article_by_title_and_by_label(built: Path) -> None:
    index = load_site_index(built)
    urls = [doc["url"] for doc in index.docs]
    expected = {a["title"]: a for a in _articles().values() if not a["draft"] and a["user_segment_id"] is None}
    assert len(expected) == 6
    for title, article in expected.items():
        results = [urls[r.ref] for r in search(index, title)]
        assert results, title
        found = next(doc["url"] for doc in index.docs if doc["title"] == title)
        assert results[0] == found, (title, results)
        for label in article["label_names"]:
            assert found in [urls[r.ref] for r in search(index, label)][:10], (title, label)


# --- the live API ---------------------------------------------------------------------------------------

class _FakeHelpCenter(BaseHTTPRequestHandler):
    """The Help Center API from the fixture files, with the fixture's host replaced by this server's."""

    requests: ClassVar[list[str]] = []
    authorization: ClassVar[list[tuple[str, str | None]]] = []  # (Host, Authorization) per request
    failures: ClassVar[dict[str, int]] = {}  # path+query → status to answer once

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        type(self).authorization.append((self.headers["Host"], self.headers["Authorization"]))
        base = f"http://{self.headers['Host']}"
        failure = type(self).failures.pop(self.path, None)
        if failure:
            self.send_response(failure)
            if failure == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            return
        parts = urlsplit(self.path)
        page = parse_qs(parts.query).get("page", ["1"])[0]
        files = {"/api/v2/help_center/pt-br/categories.json": "categories.json",
                 "/api/v2/help_center/pt-br/sections.json": "sections.json",
                 "/api/v2/help_center/pt-br/articles.json": "articles.json" if page == "1" else "articles-page-2.json"}
        if parts.path in files:
            body = (ZENDESK / files[parts.path]).read_text(encoding="utf-8").replace(HOST, base).encode()
            kind = "application/json"
        elif parts.path.startswith("/hc/article_attachments/"):
            path = ZENDESK / "attachments" / parts.path.removeprefix("/hc/")
            if not path.is_file():
                self.send_response(404)
                self.end_headers()
                return
            body, kind = path.read_bytes(), "application/octet-stream"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def live() -> Iterator[str]:
    _FakeHelpCenter.requests = []
    _FakeHelpCenter.authorization = []
    with serve_handler(_FakeHelpCenter) as base:
        yield base


def test_live_api_pages_retries_and_gives_the_same_folder(live: str, imported: Path, tmp_path: Path) -> None:
    _FakeHelpCenter.failures = {"/api/v2/help_center/pt-br/sections.json?page[size]=100": 429,
                                "/api/v2/help_center/pt-br/articles.json?page=2&per_page=4": 500}
    options = ZendeskOptions(live, EMAIL, retry_delay=0.01)
    stream = io.StringIO()
    status = run_import(lambda: convert_zendesk(options), ImportOptions(tmp_path / "content"), stream)
    assert status == 0, stream.getvalue()
    assert not _FakeHelpCenter.failures  # both failures were answered, and retried
    assert _FakeHelpCenter.requests.count("/api/v2/help_center/pt-br/articles.json?page=2&per_page=4") == 2
    assert _FakeHelpCenter.requests.count("/api/v2/help_center/pt-br/sections.json?page[size]=100") == 2
    # the old site's addresses are the server's own in the live copy
    live_tree = {name: data.replace(live.encode(), HOST.encode()) for name, data in _tree(tmp_path / "content").items()}
    folder_tree = _tree(imported)
    assert live_tree.keys() == folder_tree.keys()
    own = (REPORT_NAME, MARKER)  # where the source's name and the files' hashes are
    assert {k: v for k, v in live_tree.items() if k not in own} == \
        {k: v for k, v in folder_tree.items() if k not in own}  # images downloaded next to the articles


def test_the_token_goes_to_the_help_center_only(live: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_VARIABLE, "segredo")
    fetcher = fetcher_for(live)
    fetcher.get(f"{live}/api/v2/help_center/pt-br/categories.json")
    elsewhere = live.replace("127.0.0.1", "localhost")  # the same server under another name: another origin
    fetcher.get(f"{elsewhere}/hc/article_attachments/9001/tela-emissao.png")
    host = live.removeprefix("http://")
    assert _FakeHelpCenter.authorization == [(host, "Bearer segredo"), (host.replace("127.0.0.1", "localhost"), None)]


def test_live_api_error_names_the_status_and_the_url(live: str, tmp_path: Path) -> None:
    status, _, stderr = _import(live, tmp_path / "content", email=EMAIL, locale="en-us")
    assert status == 1
    assert f"{live}/api/v2/help_center/en-us/categories.json?page[size]=100: HTTP 404" in stderr
    assert "Traceback" not in stderr and not (tmp_path / "content").exists()


# --- what every importer guarantees ----------------------------------------------------------------------

def test_same_input_same_bytes_in_separate_processes(imported: Path, tmp_path: Path) -> None:
    for n, seed in ((1, "1"), (2, "4242")):
        result = kbgen("import", "zendesk", str(ZENDESK), "--out", str(tmp_path / f"run{n}"), "--email", EMAIL,
                       cwd=tmp_path, env={"PYTHONHASHSEED": seed, "TZ": "Asia/Tokyo" if n == 1 else "UTC"})
        assert result.returncode == 0, result.stderr
    assert _tree(tmp_path / "run1") == _tree(tmp_path / "run2") == _tree(imported)
    text = b"".join(data for name, data in _tree(imported).items() if name.endswith((".md", ".yml")))
    assert b"\r" not in text and text.decode("utf-8")


def test_importing_again_replaces_its_own_files_only(tmp_path: Path) -> None:
    out = tmp_path / "content"
    assert _import(str(ZENDESK), out, email=EMAIL)[0] == 0
    first = _tree(out)
    (out / "fiscal/nota-fiscal-eletronica/notas-da-equipe.txt").write_text("do autor\n", encoding="utf-8")
    (out / f"{ERRO}.md").unlink()
    assert _import(str(ZENDESK), out, email=EMAIL)[0] == 0
    again = _tree(out)
    assert again.pop("fiscal/nota-fiscal-eletronica/notas-da-equipe.txt") == b"do autor\n"  # an author's file stays
    assert again == first
    # an imported article an author edited since is never overwritten: the import is refused
    (out / f"{EMITIR}.md").write_text("editado\n", encoding="utf-8")
    status, _, stderr = _import(str(ZENDESK), out, email=EMAIL)
    assert status == 2 and f"1 imported files were changed since the import ({EMITIR}.md)" in stderr
    assert (out / f"{EMITIR}.md").read_text(encoding="utf-8") == "editado\n"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    status, stdout, _ = _import(str(ZENDESK), tmp_path / "content", email=EMAIL, dry_run=True)
    assert status == 0
    assert not (tmp_path / "content").exists()
    assert f"  {EMITIR}.md (" in stdout and f"  {REPORT_NAME} (" in stdout
    assert "--dry-run: nothing was written" in stdout


def test_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    status, _, stderr = _import(str(ZENDESK), out, email=EMAIL)
    assert status == 2
    assert "is not empty and was not written by kbgen import" in stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.md"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _import(str(ZENDESK), empty, email=EMAIL)[0] == 0 and (empty / MARKER).is_file()


@pytest.mark.parametrize("where", ["/", "~", "content-parent"])
def test_refuses_root_home_and_the_content_folders_parents(where: str, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    target = {"/": Path("/"), "~": Path.home(), "content-parent": tmp_path}[where]
    with pytest.raises(TargetRefused, match="--out"):
        check_target(target, tmp_path / "content")


def test_refreshing_an_imported_content_folder_in_place(tmp_path: Path) -> None:
    content = tmp_path / "content"
    check_target(content, content)  # new
    assert _import(str(ZENDESK), content, email=EMAIL)[0] == 0
    check_target(content, content)  # made by an import, unchanged: it may be imported into again
    with pytest.raises(TargetRefused, match="inside the content folder"):
        check_target(content / "fiscal", content)
    (content / "kb.yml").write_text("title: Central de Ajuda da Prefeitura\n", encoding="utf-8")
    with pytest.raises(TargetRefused, match="changed since the import"):
        check_target(content, content)


def test_bad_json_names_file_line_and_column(tmp_path: Path) -> None:
    source = shutil.copytree(ZENDESK, tmp_path / "zendesk")
    lines = (source / "sections.json").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rstrip(",")  # a missing comma on line 4
    (source / "sections.json").write_text("\n".join(lines), encoding="utf-8")
    status, _, stderr = _import(str(source), tmp_path / "out", email=EMAIL)
    assert status == 1
    assert re.search(rf"{re.escape(str(source / 'sections.json'))}:5:\d+: not valid JSON: Expecting ',' delimiter",
                     stderr), stderr
    assert "Traceback" not in stderr and not (tmp_path / "out").exists()


def test_without_email_says_what_to_pass(tmp_path: Path) -> None:
    status, _, stderr = _import(str(ZENDESK), tmp_path / "out")
    assert status == 1 and "pass --email" in stderr and not (tmp_path / "out").exists()
    status, _, stderr = _import(str(ZENDESK), tmp_path / "out", email="suporte")
    assert status == 1 and "--email: expected an e-mail address" in stderr


def test_progress_goes_to_stderr_and_the_summary_to_stdout(tmp_path: Path) -> None:
    status, stdout, stderr = _import(str(ZENDESK), tmp_path / "out", email=EMAIL)
    assert status == 0
    assert "Converting articles" in stderr and "Converting articles" not in stdout
    assert os.path.isfile(tmp_path / "out" / "kb.yml")
