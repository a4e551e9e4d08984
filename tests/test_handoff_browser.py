"""The hand-off in Chromium: from an article's call to the ticket system, with what the reader typed.

The ticket systems' hosts are intercepted (page.route): nothing leaves the machine, and the
test sees the exact URL the reader would have opened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from kbgen.handoff.builder import Context, build
from kbgen.loading.walker import load_site

from .browser_support import serve
from .conftest import SAMPLE, build_clean

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
CSP = {"Content-Security-Policy": "default-src 'self'"}


@pytest.fixture(scope="module")
def sample_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site, headers=CSP) as url:
        yield url


@pytest.fixture(scope="module")
def targets() -> dict[str, Any]:
    site, _problems = load_site(SAMPLE)
    return {slug: s for slug, s in site.sets.items()}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.opened = []  # type: ignore[attr-defined]

    def intercept(route: Any) -> None:
        page.opened.append(route.request.url)  # type: ignore[attr-defined]
        route.fulfill(status=200, content_type="text/html", body="<title>ticket system</title>")

    for host in ("https://suporte.example.gov.br/**", "https://os.sefin.example.gov.br/**",
                 "https://glpi.example.gov.br/**", "https://formularios.example.gov.br/**"):
        context.route(host, intercept)
    yield page
    context.close()
    assert not errors, errors


def test_article_call_lands_on_the_handoff_page_with_set_and_module(page: Any, sample_url: str,
                                                                      targets: dict[str, Any]) -> None:
    page.goto(sample_url + ARTICLE + ".html")
    with page.expect_navigation():
        page.locator("section.kb-handoff-call a[data-kb-handoff-call]").click()
    assert "registrar-atendimento.html?conjunto=fiscal&modulo=nota-fiscal-eletronica" in page.url
    assert page.locator("#kb-handoff-set").input_value() == "fiscal"
    assert page.locator("#kb-handoff-module").input_value() == "nota-fiscal-eletronica"
    assert page.locator(".kb-handoff-article a").inner_text() == "Como cancelar uma NFS-e?"
    go = page.locator("a[data-kb-handoff-go]")
    fiscal = targets["fiscal"]
    context = Context(set_title="Fiscal", module_slug="nota-fiscal-eletronica", module_title="Nota Fiscal Eletrônica",
                      article_title="Como cancelar uma NFS-e?",
                      article_url=f"https://ajuda.example.gov.br/{ARTICLE}.html")
    assert go.get_attribute("href") == build(fiscal.ticket, context).url  # at once, before any typing
    assert page.locator(".kb-handoff-subject-preview").inner_text() == \
        "[Fiscal / Nota Fiscal Eletrônica] Como cancelar uma NFS-e?"

    page.locator("#kb-handoff-subject").fill("Erro E178 & nota #12 \"cancelada\"")
    expected = build(fiscal.ticket, Context(**{**context.as_dict(), "subject": "Erro E178 & nota #12 \"cancelada\""}))
    assert page.locator(".kb-handoff-subject-preview").inner_text() == \
        "[Fiscal / Nota Fiscal Eletrônica] Erro E178 & nota #12 \"cancelada\""
    with page.expect_navigation():
        go.click()
    assert page.opened == [expected.url]
    sent = parse_qs(urlsplit(page.opened[0]).query)
    assert sent["tf_subject"] == ["[Fiscal / Nota Fiscal Eletrônica] Erro E178 & nota #12 \"cancelada\""]
    assert sent["tf_360000234567"] == ["conjunto_fiscal"] and sent["tf_360000345678"] == ["fiscal_nfse"]
    assert "<br>https://ajuda.example.gov.br/" + ARTICLE + ".html<br>" in sent["tf_description"][0]  # text, no link


def test_changing_the_set_changes_modules_and_target(page: Any, sample_url: str, targets: dict[str, Any]) -> None:
    page.goto(sample_url + "registrar-atendimento.html?conjunto=fiscal&modulo=escrita-fiscal")
    assert page.locator("#kb-handoff-module").input_value() == "escrita-fiscal"
    page.locator("#kb-handoff-set").select_option("recursos-humanos")
    assert page.locator("#kb-handoff-module").input_value() == ""
    options = page.locator("#kb-handoff-module option").all_inner_texts()
    assert options[1:] == ["Folha de Pagamento", "eSocial e DCTFWeb", "Portal do Servidor"] or len(options) == 4
    page.locator("#kb-handoff-module").select_option("folha-de-pagamento")
    href = page.locator("a[data-kb-handoff-go]").get_attribute("href")
    rh = targets["recursos-humanos"].ticket
    questions = rh["questions"]
    assert href.startswith(f"https://glpi.example.gov.br/Form/Render/7?{questions['subject']}=%5BRecursos%20Humanos"
                           "%20%2F%20Folha")
    sent = parse_qs(urlsplit(href).query)
    assert sent[questions["module"]] == [rh["module_options"]["folha-de-pagamento"]]  # a drop-down: the option
    assert sent[questions["urgency"]] == ["medium"] and sent[questions["type"]] == ["request"]
    assert sent[questions["description"]] == ["<p>Conjunto: Recursos Humanos › Folha de Pagamento</p>"]
    assert page.locator(".kb-copy").is_hidden()


def test_module_and_set_pages_and_header_carry_their_context(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "contabilidade/consistencias/index.html")
    header = page.locator("a.kb-action-primary").get_attribute("href")
    assert header == "../../registrar-atendimento.html?conjunto=contabilidade&modulo=consistencias"
    with page.expect_navigation():
        page.locator("a.kb-action-primary").click()
    assert page.locator("#kb-handoff-set").input_value() == "contabilidade"
    assert page.locator("#kb-handoff-module").input_value() == "consistencias"
    page.goto(sample_url + "suprimentos/index.html")
    with page.expect_navigation():
        page.locator("section.kb-handoff-call a[data-kb-handoff-call]").click()
    assert page.locator("#kb-handoff-set").input_value() == "suprimentos"
    href = page.locator("a[data-kb-handoff-go]").get_attribute("href")
    assert href == "mailto:atende.suprimentos@example.gov.br?subject=%5BSuprimentos%5D&body=Conjunto%3A%20Suprimentos"


def test_query_from_search_travels_to_the_ticket(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "search.html?q=nota%20cancelada%20h%C3%A1%2040%20dias")
    header = page.locator("a.kb-action-primary").get_attribute("href")
    assert header.endswith("registrar-atendimento.html?q=nota%20cancelada%20h%C3%A1%2040%20dias")
    page.goto(sample_url + "registrar-atendimento.html?q=nota%20cancelada%20h%C3%A1%2040%20dias")
    assert page.locator(".kb-handoff-choose").is_visible()
    page.locator("#kb-handoff-set").select_option("fiscal")
    sent = parse_qs(urlsplit(page.locator("a[data-kb-handoff-go]").get_attribute("href")).query)
    assert sent["tf_subject"] == ["[Fiscal] nota cancelada há 40 dias"]
    assert sent["tf_description"] == ["<p>Conjunto: Fiscal<br>Busca: nota cancelada há 40 dias</p>"]


def test_unknown_article_or_set_in_the_query_string_is_ignored(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "registrar-atendimento.html?conjunto=nada&artigo=..%2F..%2Fetc&modulo=x")
    assert page.locator("#kb-handoff-set").input_value() == ""
    assert page.locator(".kb-handoff-article").is_hidden()
    assert page.locator(".kb-handoff-ready").is_hidden()


def test_suggestions_appear_while_typing(page: Any, sample_url: str, sample_site: Path) -> None:
    if not (sample_site / "_static" / "kbgen-search-s.js").is_file():
        pytest.fail("the suggestion index (_static/kbgen-search-s.js) is not built")
    page.goto(sample_url + "registrar-atendimento.html?conjunto=fiscal")
    panel = page.locator(".kb-handoff-suggestions")
    assert panel.is_hidden()
    page.locator("#kb-handoff-subject").press_sequentially("cancelar nfs", delay=30)
    panel.wait_for(state="visible", timeout=5000)
    assert page.locator("#kb-handoff-suggestions-title").inner_text() == "Estes artigos podem ajudar"
    links = panel.locator("a")
    assert 1 <= links.count() <= 6
    titles = links.all_inner_texts()
    assert any("cancel" in t.lower() for t in titles), titles
    with page.expect_navigation():
        links.first.click()
    assert page.locator("article.kb-article h1").count() == 1


def test_arrecadacao_opens_a_service_order_by_email(page: Any, sample_url: str) -> None:
    """As the seeds' service-order system takes orders (004_…): an e-mail to its mailbox, with
    everything in the body, and its status-lookup page as "Meus atendimentos"."""
    page.goto(sample_url + "registrar-atendimento.html?conjunto=arrecadacao&modulo=iptu"
                           "&artigo=arrecadacao%2Fiptu%2Fcomo-emitir-a-segunda-via-do-boleto-do-iptu")
    go = page.locator("a[data-kb-handoff-go]")
    href = go.get_attribute("href")
    assert href.startswith("mailto:os@sefin.example.gov.br?subject=%5BArrecada%C3%A7%C3%A3o%20%2F%20IPTU%5D%20")
    assert go.inner_text() == "Enviar e-mail para os@sefin.example.gov.br"
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert "https://ajuda.example.gov.br/arrecadacao/iptu/como-emitir-a-segunda-via-do-boleto-do-iptu.html" in body
    assert page.locator(".kb-copy").is_hidden()  # it all travels
    status = page.locator(".kb-handoff-status a")
    assert status.is_visible() and status.get_attribute("href") == "https://os.sefin.example.gov.br/view.php"


def test_the_consulted_article_links_within_the_site(page: Any, sample_url: str) -> None:
    """Served from loopback with base_url https://ajuda.example.gov.br/: the page's link stays on
    this host (an intranet copy, a staging host); base_url's address goes only into the ticket."""
    page.goto(sample_url + "registrar-atendimento.html?artigo=" + ARTICLE.replace("/", "%2F"))
    link = page.locator(".kb-handoff-article a")
    assert link.get_attribute("href") == ARTICLE + ".html"  # relative: works on any host and from file://
    assert link.evaluate("a => a.href") == sample_url + ARTICLE + ".html"
    description = parse_qs(urlsplit(page.locator("a[data-kb-handoff-go]").get_attribute("href")).query)
    assert f"https://ajuda.example.gov.br/{ARTICLE}.html" in description["tf_description"][0]
    with page.expect_navigation():
        link.click()
    assert page.url == sample_url + ARTICLE + ".html" and page.opened == []  # type: ignore[attr-defined]


def test_from_file_the_consulted_article_opens_the_local_copy(browser: Any, sample_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto((sample_site / "registrar-atendimento.html").as_uri() + "?artigo=" + ARTICLE.replace("/", "%2F"))
    link = page.locator(".kb-handoff-article a")
    assert link.evaluate("a => a.href") == (sample_site / (ARTICLE + ".html")).as_uri()
    with page.expect_navigation():
        link.click()
    assert page.locator("article.kb-article h1").inner_text() == "Como cancelar uma NFS-e?"
    context.close()


def test_without_javascript_each_set_has_its_link(browser: Any, sample_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_url + "registrar-atendimento.html?conjunto=fiscal")
    assert page.locator(".kb-handoff-form").is_hidden()
    links = page.locator(".kb-handoff-list a.kb-button")
    assert links.count() == 6
    hrefs = links.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs[0].startswith("https://suporte.example.gov.br/hc/pt-br/requests/new?ticket_form_id=360000123456"
                               "&tf_subject=%5BFiscal%5D&tf_description=%3Cp%3EConjunto%3A%20Fiscal%3C%2Fp%3E")
    assert "mailto:atende.suprimentos@example.gov.br?subject=%5BSuprimentos%5D&body=Conjunto%3A%20Suprimentos" in hrefs
    # and the article's own direct link works with the page's context
    page.goto(sample_url + ARTICLE + ".html")
    direct = page.locator("a.kb-handoff-direct").get_attribute("href")
    assert "tf_subject=%5BFiscal%20%2F%20Nota%20Fiscal%20Eletr%C3%B4nica%5D%20Como%20cancelar%20uma%20NFS-e%3F" \
        in direct
    context.close()


EVIL = "\"><script>window.kbPwned=1</script><img src=x onerror=\"window.kbPwned=2\"> ' & #"


@pytest.fixture(scope="module")
def evil_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from .conftest import MINIMAL, copy_site

    work = tmp_path_factory.mktemp("evil")
    root = copy_site(MINIMAL, work / "content")
    article = root / "fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e.md"
    text = article.read_text(encoding="utf-8")
    title = EVIL.replace("'", "''")
    article.write_text(text.replace("title: Como emitir uma NFS-e?", f"title: '{title}'"), encoding="utf-8")
    kb = root / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "ticket:\n  system: url\n  template: https://formularios.example"
                  ".gov.br/novo?a={subject}&d={description}\n", encoding="utf-8")
    with serve(build_clean(root, work), headers=CSP) as url:
        yield url


def test_a_hostile_title_breaks_out_of_no_attribute_or_url(page: Any, evil_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(evil_url + "fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e.html")
    assert page.evaluate("window.kbPwned") is None
    assert "<script>window.kbPwned=1</script>" in page.locator("article.kb-article h1").inner_text()  # as text
    direct = page.locator("a.kb-handoff-direct")
    assert json.loads(direct.get_attribute("data-kb-context"))["article_title"] == EVIL  # whole, as text
    assert parse_qs(urlsplit(direct.get_attribute("href")).query)["a"][0].endswith(EVIL)
    with page.expect_navigation():
        page.locator("section.kb-handoff-call a[data-kb-handoff-call]").click()
    assert page.locator(".kb-handoff-article a").inner_text() == EVIL
    href = page.locator("a[data-kb-handoff-go]").get_attribute("href")
    assert "<" not in href and '"' not in href and " " not in href
    assert parse_qs(urlsplit(href).query)["a"] == [f"[Fiscal / Nota Fiscal Eletrônica] {EVIL}"]
    page.locator("#kb-handoff-subject").fill(EVIL)
    assert page.locator(".kb-handoff-subject-preview").inner_text().endswith(EVIL)
    assert page.evaluate("window.kbPwned") is None and not dialogs
    assert page.locator("img[src=x]").count() == 0


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("query", ["conjunto=arrecadacao&modulo=iptu&artigo=arrecadacao%2Fiptu%2Fcomo-emitir-a-segunda-"
                                   "via-do-boleto-do-iptu", "conjunto=fiscal&q=nota"])
def test_axe_finds_no_serious_violation_with_a_set_chosen(browser: Any, sample_url: str, query: str,
                                                          width: int) -> None:
    from .test_browser_pages import AXE

    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(sample_url + "registrar-atendimento.html?" + query)
    page.locator("#kb-handoff-subject").fill("cancelar nota")
    page.locator("#kb-handoff-description").fill("O sistema não deixa cancelar a nota emitida ontem.\nErro E178.")
    page.wait_for_timeout(400)  # the suggestions, when there are some
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    context.close()
    assert not [v for v in result if v["impact"] in ("serious", "critical")], result
    assert widths[0] <= widths[1], widths


def test_without_the_search_index_there_are_no_suggestions_and_nothing_breaks(browser: Any, sample_url: str) -> None:
    context = browser.new_context()
    context.route("**/_static/kbgen-search*.js", lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(sample_url + "registrar-atendimento.html?conjunto=suprimentos")
    page.locator("#kb-handoff-subject").press_sequentially("contrato aditivo", delay=20)
    page.wait_for_timeout(500)
    assert page.locator(".kb-handoff-suggestions").is_hidden()
    assert page.locator("a[data-kb-handoff-go]").get_attribute("href").startswith(
        "mailto:atende.suprimentos@example.gov.br?subject=%5BSuprimentos%5D%20contrato%20aditivo&body=")
    assert not errors, errors
    context.close()


def test_without_base_url_the_browser_makes_the_article_address_absolute(browser: Any,
                                                                          tmp_path_factory: pytest.TempPathFactory
                                                                          ) -> None:
    from .conftest import MINIMAL, copy_site

    work = tmp_path_factory.mktemp("no-base-url")
    root = copy_site(MINIMAL, work / "content")
    kb = root / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8").replace("base_url: https://ajuda.example.gov.br/\n", ""),
                  encoding="utf-8")
    with serve(build_clean(root, work)) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "rh/folha-de-pagamento/etica-no-servico-publico.html")
        body = parse_qs(urlsplit(page.locator("a.kb-handoff-direct").get_attribute("href")).query)["body"][0]
        assert url + "rh/folha-de-pagamento/etica-no-servico-publico.html" in body
        with page.expect_navigation():
            page.locator("section.kb-handoff-call a[data-kb-handoff-call]").click()
        body = parse_qs(urlsplit(page.locator("a[data-kb-handoff-go]").get_attribute("href")).query)["body"][0]
        assert body.splitlines()[1] == url + "rh/folha-de-pagamento/etica-no-servico-publico.html"
        link = page.locator(".kb-handoff-article a")  # and the page's own link, within the site
        assert link.get_attribute("href") == "rh/folha-de-pagamento/etica-no-servico-publico.html"
        context.close()
