"""In Chromium: the description on the hand-off page, its suggestions, and the query (?q=) travelling
from search to the article (its words marked) and on to the hand-off.

Served with the strict CSP and opened from file://; the ticket systems' hosts are intercepted.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from kbgen.handoff.builder import MAX_URL, Context, build, multi_line
from kbgen.loading.walker import load_site

from .browser_support import serve
from .conftest import SAMPLE
from .handoff_formats import plain as shown

CSP = {"Content-Security-Policy": "default-src 'self'"}
ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
NFSE = "registrar-atendimento.html?conjunto=fiscal&modulo=nota-fiscal-eletronica"
DESCRIPTION = "Tentei cancelar a nota de ontem.\n\nO sistema mostra \"Erro E178\" & não deixa.\r\nJá tentei 2 vezes."


@pytest.fixture(scope="module")
def sample_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site, headers=CSP) as url:
        yield url


@pytest.fixture(scope="module")
def targets() -> dict[str, Any]:
    site, _problems = load_site(SAMPLE)
    return {slug: s.ticket for slug, s in site.sets.items()}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
    context.route("https://**/*", lambda route: route.fulfill(status=200, content_type="text/html", body="ok"))
    yield page
    context.close()
    assert not problems, problems


def _suggested(page: Any) -> list[str]:
    return page.locator(".kb-handoff-suggestions a").evaluate_all("els => els.map(a => a.getAttribute('href'))")


def _wait(page: Any, expression: str, timeout: float = 5.0) -> None:
    """page.wait_for_function evaluates its predicate with eval(), which the CSP refuses: poll instead."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false: {expression}"
        page.wait_for_timeout(20)


def _spy_on_queries(page: Any) -> None:
    """Records every query the page asks the engine, with the prior it gave for each document (the
    documents' urls from the store's document chunks, loaded by the spy once the query answered)."""
    page.evaluate("""() => {
        window.kbAsked = [];
        const spy = (engine) => {
            const original = engine.search;
            engine.search = function (store, text, options) {
                const answer = original.apply(this, arguments), prior = options && options.prior;
                answer.then(() => {
                    const refs = Array.from({length: store.manifest.count}, (_, i) => i);
                    return store.items('d', refs).then((docs) => window.kbAsked.push({text: text,
                        limit: options.limit, prior: prior ? refs.map((i) => [docs[i].url, prior(String(i))]) : null}));
                }).catch((e) => window.kbAsked.push({error: String(e && e.stack)}));
                return answer;
            };
            return engine;
        };
        // wrapped as kbgen-search.js defines it: the page may ask in the same task
        if (window.kbgenSearch) { spy(window.kbgenSearch); return; }
        let engine;
        Object.defineProperty(window, 'kbgenSearch', {configurable: true, get: () => engine,
            set: (value) => { engine = spy(value); }});
    }""")


# ---- the description ------------------------------------------------------------------------------


def test_the_description_field_is_labelled_limited_and_described(page: Any, sample_url: str) -> None:
    page.goto(sample_url + NFSE)
    field = page.locator("#kb-handoff-description")
    assert field.evaluate("el => el.tagName") == "TEXTAREA"
    assert page.locator("label[for=kb-handoff-description]").inner_text() == "Descrição"
    help_id = field.get_attribute("aria-describedby")
    assert page.locator(f"#{help_id}").inner_text().startswith("Conte o que aconteceu")
    assert 500 <= int(field.get_attribute("maxlength")) <= 2000
    # beside "Assunto", before the suggestions and the result
    order = page.evaluate("""() => ['#kb-handoff-subject', '#kb-handoff-description', '.kb-handoff-suggestions',
        '.kb-handoff-result'].map(s => document.querySelector(s)).map((el, i, all) =>
        i === 0 || (all[i - 1].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0)""")
    assert all(order), order


def test_the_description_goes_into_the_ticket_with_its_lines(page: Any, sample_url: str,
                                                             targets: dict[str, Any]) -> None:
    page.goto(sample_url + NFSE)
    page.locator("#kb-handoff-subject").fill("Não consigo cancelar")
    page.locator("#kb-handoff-description").fill(DESCRIPTION)
    href = page.locator("a[data-kb-handoff-go]").get_attribute("href")
    expected = build(targets["fiscal"], Context(set_title="Fiscal", module_slug="nota-fiscal-eletronica",
                                                module_title="Nota Fiscal Eletrônica", subject="Não consigo cancelar",
                                                description=DESCRIPTION))
    assert href == expected.url  # the browser and the Python builder agree
    sent = shown(parse_qs(urlsplit(href).query)["tf_description"][0])
    assert sent.endswith("Descrição: " + multi_line(DESCRIPTION))
    assert "\n\nO sistema mostra \"Erro E178\" & não deixa.\nJá tentei 2 vezes." in sent  # lines kept, CR gone
    assert page.locator(".kb-copy").is_hidden()  # it all travels: nothing to copy


def test_the_description_is_in_the_mail_body_with_crlf(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "registrar-atendimento.html?conjunto=suprimentos")
    page.locator("#kb-handoff-description").fill("linha um\nlinha dois")
    href = page.locator("a[data-kb-handoff-go]").get_attribute("href")
    assert href.startswith("mailto:") and "Descri%C3%A7%C3%A3o%3A%20linha%20um%0D%0Alinha%20dois" in href


def test_a_description_too_long_for_the_link_is_cut_there_and_whole_in_the_details(page: Any, sample_url: str) -> None:
    page.goto(sample_url + NFSE)
    field = page.locator("#kb-handoff-description")
    long_text = ("Ação não concluída: “código 0x1F” — ") * 60
    field.fill(long_text)
    kept = field.input_value()
    assert len(kept) == int(field.get_attribute("maxlength"))  # the browser stops at maxlength
    href = page.locator("a[data-kb-handoff-go]").get_attribute("href")
    assert len(href) <= MAX_URL
    sent = shown(parse_qs(urlsplit(href).query)["tf_description"][0])
    assert sent.endswith("…") and "Descrição: Ação não concluída" in sent
    assert sent.startswith("Conjunto: Fiscal › Nota Fiscal Eletrônica\nDescrição: ")  # the context stays whole
    assert page.locator(".kb-copy").is_visible() and page.locator(".kb-copy-too-long").is_visible()
    assert page.locator(".kb-copy-cannot-travel").is_hidden()
    assert page.locator("#kb-copy-text").input_value().endswith(multi_line(kept))


def test_the_description_and_the_search_reach_every_system_in_its_format(page: Any, sample_url: str,
                                                                          targets: dict[str, Any]) -> None:
    """One reader, one text: kept while they change set and module; Zendesk and GLPI get HTML
    paragraphs, the mail body plain lines (CRLF), a URL template plain lines (osTicket's copy box:
    test_handoff_osticket_browser.py, the sample has no osTicket set)."""
    page.goto(sample_url + NFSE + "&q=" + quote("nota & boleto <b>"))
    page.locator("#kb-handoff-description").fill(DESCRIPTION)
    lines = "Busca: nota & boleto <b>\nDescrição: " + multi_line(DESCRIPTION)
    go = page.locator("a[data-kb-handoff-go]")

    zendesk = parse_qs(urlsplit(go.get_attribute("href")).query)["tf_description"][0]
    assert zendesk.endswith("<br>Busca: nota &amp; boleto &lt;b&gt;<br>Descrição: Tentei cancelar a nota de ontem."
                            "</p><p>O sistema mostra \"Erro E178\" &amp; não deixa.<br>Já tentei 2 vezes.</p>")
    assert shown(zendesk).endswith(lines)

    page.locator("#kb-handoff-set").select_option("recursos-humanos")
    page.locator("#kb-handoff-module").select_option("portal-do-servidor")
    assert page.locator("#kb-handoff-description").input_value() == DESCRIPTION.replace("\r\n", "\n")  # kept
    rh = targets["recursos-humanos"]
    glpi = parse_qs(urlsplit(go.get_attribute("href")).query)
    assert glpi[rh["questions"]["description"]][0].startswith("<p>Conjunto: Recursos Humanos › Portal do Servidor<br>")
    assert shown(glpi[rh["questions"]["description"]][0]).endswith(lines)
    assert glpi[rh["questions"]["module"]] == [rh["module_options"]["portal-do-servidor"]]
    assert page.locator(".kb-copy").is_hidden()

    page.locator("#kb-handoff-set").select_option("suprimentos")
    mail = go.get_attribute("href")
    assert mail.startswith("mailto:") and len(mail) <= 1900
    body = parse_qs(urlsplit(mail).query)["body"][0]
    assert body.endswith(lines.replace("\n", "\r\n")) and "<p>" not in body

    page.locator("#kb-handoff-set").select_option("prestacao-de-contas")
    template = go.get_attribute("href")
    assert "%3Cp%3E" not in template and "Busca%3A%20nota%20%26%20boleto%20%3Cb%3E" in template

    page.locator("#kb-handoff-set").select_option("arrecadacao")  # the service-order mailbox
    order = parse_qs(urlsplit(go.get_attribute("href")).query)["body"][0]
    assert go.get_attribute("href").startswith("mailto:os@sefin.example.gov.br?")
    assert order.endswith(lines.replace("\n", "\r\n")) and page.locator(".kb-copy").is_hidden()


# ---- suggestions from subject and description -----------------------------------------------------


def test_suggestions_read_both_fields_and_the_selection_is_the_prior(page: Any, sample_url: str) -> None:
    page.goto(sample_url + NFSE)
    _spy_on_queries(page)
    page.locator("#kb-handoff-subject").fill("boleto")
    # (the sample answers this; "nao consigo baixar o boleto…" it does not: no article says
    # "baixar" for it, and since 2026-12-06 a guide that mentions the words in passing no longer answers)
    page.locator("#kb-handoff-description").press_sequentially(
        "nao consigo tirar a segunda via do boleto do parcelamento", delay=5)
    panel = page.locator(".kb-handoff-suggestions")
    panel.wait_for(state="visible", timeout=5000)
    assert 1 <= len(_suggested(page)) <= 5
    assert "arrecadacao/divida-ativa-e-certidoes/como-emitir-a-segunda-via-do-dam-de-um-parcelamento.html" in \
        [href.split("?")[0] for href in _suggested(page)]
    _wait(page, "window.kbAsked.length > 0")
    last = page.evaluate("window.kbAsked[window.kbAsked.length - 1]")
    assert last["text"] == "boleto nao consigo tirar a segunda via do boleto do parcelamento"  # both fields, one line
    assert len(page.evaluate("window.kbAsked")) <= 3  # debounced: not a query per key
    weights = dict(last["prior"])
    assert weights[ARTICLE + ".html"] == 1
    assert weights["fiscal/escrita-fiscal/como-retificar-uma-declaracao-de-servicos.html"] == 0.5
    assert weights["arrecadacao/iptu/como-emitir-a-segunda-via-do-boleto-do-iptu.html"] == 0

    asked = len(page.evaluate("window.kbAsked"))
    page.locator("#kb-handoff-set").select_option("arrecadacao")  # a new selection: asked again
    _wait(page, f"window.kbAsked.length > {asked}")
    weights = dict(page.evaluate("window.kbAsked[window.kbAsked.length - 1]")["prior"])
    assert weights["arrecadacao/iptu/como-emitir-a-segunda-via-do-boleto-do-iptu.html"] == 0.5
    assert weights[ARTICLE + ".html"] == 0
    asked = len(page.evaluate("window.kbAsked"))
    page.locator("#kb-handoff-module").select_option("iptu")
    _wait(page, f"window.kbAsked.length > {asked}")
    weights = dict(page.evaluate("window.kbAsked[window.kbAsked.length - 1]")["prior"])
    assert weights["arrecadacao/iptu/como-emitir-a-segunda-via-do-boleto-do-iptu.html"] == 1
    assert 1 <= len(_suggested(page)) <= 5


def test_the_selected_module_comes_first_and_a_new_selection_reorders(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "registrar-atendimento.html?conjunto=fiscal&modulo=escrita-fiscal")
    page.locator("#kb-handoff-description").press_sequentially("preciso da segunda via da guia que venceu", delay=5)
    page.locator(".kb-handoff-suggestions").wait_for(state="visible", timeout=5000)
    _wait(page, "document.querySelector('.kb-handoff-suggestions a').getAttribute('href')"
                ".startsWith('fiscal/escrita-fiscal/')")
    fiscal = _suggested(page)
    assert 1 <= len(fiscal) <= 5
    page.locator("#kb-handoff-set").select_option("arrecadacao")
    page.locator("#kb-handoff-module").select_option("iptu")
    _wait(page, "document.querySelector('.kb-handoff-suggestions a').getAttribute('href')"
                ".startsWith('arrecadacao/iptu/')")  # a prior, not a filter: other sets may follow
    iptu = _suggested(page)
    assert 1 <= len(iptu) <= 5 and iptu != fiscal


def test_results_that_do_not_answer_are_not_suggested(page: Any, sample_url: str) -> None:
    page.goto(sample_url + NFSE)
    page.locator("#kb-handoff-subject").press_sequentially("cancelar nota", delay=5)
    page.locator(".kb-handoff-suggestions").wait_for(state="visible", timeout=5000)
    # the same engine, judging nothing an answer: the panel empties
    page.evaluate("""() => { const original = window.kbgenSearch.search;
        window.kbgenSearch.search = function () {
            return original.apply(this, arguments).then(results =>
                results.map(r => Object.assign({}, r, {answers: false}))); }; }""")
    page.locator("#kb-handoff-description").press_sequentially("preciso cancelar", delay=5)
    page.locator(".kb-handoff-suggestions").wait_for(state="hidden", timeout=5000)
    assert _suggested(page) == []


def test_suggestions_leave_out_the_readers_article_and_carry_the_subject(page: Any, sample_url: str) -> None:
    page.goto(sample_url + NFSE + "&artigo=" + quote(ARTICLE, safe=""))
    page.locator("#kb-handoff-subject").press_sequentially("cancelar nfs-e", delay=5)
    page.locator(".kb-handoff-suggestions").wait_for(state="visible", timeout=5000)
    hrefs = _suggested(page)
    assert hrefs and len(hrefs) <= 5 and len(set(hrefs)) == len(hrefs)
    assert not [h for h in hrefs if h.startswith(ARTICLE + ".html")]
    assert all(h.endswith("?q=cancelar%20nfs-e") for h in hrefs)  # the subject, never the description


# ---- the query travels: article → hand-off -------------------------------------------------------


def test_an_article_opened_with_q_marks_its_words_and_its_calls_carry_q(page: Any, sample_url: str) -> None:
    page.goto(sample_url + ARTICLE + ".html")
    plain = page.locator("article.kb-article").evaluate("el => el.textContent")
    page.goto(sample_url + ARTICLE + ".html?q=" + quote("como cancelar nota fiscal"))
    page.locator("mark.kb-hit").first.wait_for(timeout=5000)
    marks = page.locator("article.kb-article mark.kb-hit")
    words = {w.lower() for w in marks.all_inner_texts()}
    assert words and words <= {"cancelar", "cancelada", "canceladas", "cancelamento", "cancele", "cancela",
                                "nota", "notas", "fiscal", "fiscais", "nfs-e"}, words
    assert "como" not in words  # a filler is not marked, as the search does not count it
    inside = marks.evaluate_all("els => els.filter(m => m.closest('code, pre, h1, .headerlink, nav, header')).length")
    assert inside == 0
    assert page.locator("mark.kb-hit *").count() == 0  # text only in the marks
    notice = page.locator("article.kb-article > .kb-highlight-notice")
    assert notice.evaluate("el => el.textContent") == "Destacando: “como cancelar nota fiscal” · Remover destaque"
    call = page.locator("section.kb-handoff-call a[data-kb-handoff-call]").get_attribute("href")
    assert call.endswith("?conjunto=fiscal&modulo=nota-fiscal-eletronica&artigo=" + quote(ARTICLE, safe="")
                         + "&q=como%20cancelar%20nota%20fiscal")
    assert page.locator("a.kb-action-primary").get_attribute("href") == call  # the header's call too
    direct = parse_qs(urlsplit(page.locator("a.kb-handoff-direct").get_attribute("href")).query)
    assert shown(direct["tf_description"][0]).endswith("\nBusca: como cancelar nota fiscal")

    page.locator(".kb-highlight-remove").click()
    assert page.locator("mark.kb-hit").count() == 0 and notice.count() == 0
    assert page.locator("article.kb-article").evaluate("el => el.textContent") == plain  # the text as it was
    assert page.evaluate("document.activeElement.tagName") == "H1"

    with page.expect_navigation():
        page.locator("section.kb-handoff-call a[data-kb-handoff-call]").click()
    assert page.locator("#kb-handoff-subject").input_value() == "como cancelar nota fiscal"  # pre-filled
    assert page.locator("#kb-handoff-module").input_value() == "nota-fiscal-eletronica"
    sent = parse_qs(urlsplit(page.locator("a[data-kb-handoff-go]").get_attribute("href")).query)
    assert sent["tf_subject"] == ["[Fiscal / Nota Fiscal Eletrônica] como cancelar nota fiscal"]
    assert "\nBusca: como cancelar nota fiscal" in shown(sent["tf_description"][0])


def test_from_the_results_page_to_the_article_to_the_ticket(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "search.html?q=" + quote("cancelar nfse"))
    first = page.locator("#kb-search-results a.kb-result").first
    first.wait_for(timeout=5000)
    with page.expect_navigation():
        first.click()
    assert page.url.endswith("?q=cancelar%20nfse")
    page.locator("mark.kb-hit").first.wait_for(timeout=5000)
    call = page.locator("section.kb-handoff-call a[data-kb-handoff-call]")
    assert call.get_attribute("href").endswith("&q=cancelar%20nfse")
    with page.expect_navigation():
        call.click()
    assert page.locator("#kb-handoff-subject").input_value() == "cancelar nfse"
    sent = parse_qs(urlsplit(page.locator("a[data-kb-handoff-go]").get_attribute("href")).query)
    assert shown(sent["tf_description"][0]).split("\n")[-1] == "Busca: cancelar nfse"


def test_without_q_the_article_downloads_nothing_of_search(page: Any, sample_url: str) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(sample_url + ARTICLE + ".html")
    page.wait_for_load_state("networkidle")
    assert not [u for u in asked if "kbgen-highlight" in u or "kbgen-normalise" in u or "kbgen-search.js" in u]
    assert page.locator(".kb-highlight-notice").count() == 0


def test_a_query_that_matches_nothing_marks_nothing_and_says_nothing(page: Any, sample_url: str) -> None:
    page.goto(sample_url + ARTICLE + ".html?q=" + quote("zzqx wkvvj"))
    _wait(page, "!!window.kbgenSearch")
    page.wait_for_timeout(100)
    assert page.locator("mark.kb-hit").count() == 0 and page.locator(".kb-highlight-notice").count() == 0


def test_a_hostile_query_is_shown_as_text(page: Any, sample_url: str) -> None:
    evil = "nota <img src=x onerror=\"kbPwned=1\"></mark><script>kbPwned=2</script>"
    page.goto(sample_url + ARTICLE + ".html?q=" + quote(evil))
    page.locator(".kb-highlight-notice").wait_for(timeout=5000)
    assert page.locator(".kb-highlight-query").evaluate("el => el.textContent") == evil
    assert page.evaluate("window.kbPwned") is None and page.locator("img[src=x]").count() == 0
    call = page.locator("section.kb-handoff-call a[data-kb-handoff-call]").get_attribute("href")
    assert "<" not in call and '"' not in call and parse_qs(urlsplit(call).query)["q"] == [evil]


def test_the_handoff_page_prefills_the_subject_from_q_and_suggests_at_once(page: Any, sample_url: str) -> None:
    page.goto(sample_url + "registrar-atendimento.html?conjunto=fiscal&q=" + quote("segunda via boleto iss"))
    assert page.locator("#kb-handoff-subject").input_value() == "segunda via boleto iss"
    page.locator(".kb-handoff-suggestions").wait_for(state="visible", timeout=5000)
    sent = parse_qs(urlsplit(page.locator("a[data-kb-handoff-go]").get_attribute("href")).query)
    assert sent["tf_subject"] == ["[Fiscal] segunda via boleto iss"]
    assert sent["tf_description"] == ["<p>Conjunto: Fiscal<br>Busca: segunda via boleto iss</p>"]


# ---- from file:// ---------------------------------------------------------------------------------


def test_from_file_the_article_marks_and_the_handoff_suggests(browser: Any, sample_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((sample_site / (ARTICLE + ".html")).as_uri() + "?q=cancelar")
    page.locator("mark.kb-hit").first.wait_for(timeout=5000)
    call = page.locator("section.kb-handoff-call a[data-kb-handoff-call]").get_attribute("href")
    assert call.endswith("&q=cancelar")
    page.goto((sample_site / "registrar-atendimento.html").as_uri() + "?conjunto=fiscal")
    page.locator("#kb-handoff-description").press_sequentially("preciso cancelar a nota", delay=5)
    page.locator(".kb-handoff-suggestions").wait_for(state="visible", timeout=5000)
    assert 1 <= page.locator(".kb-handoff-suggestions a").count() <= 5
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("width", [320, 384, 1280])
def test_axe_and_no_horizontal_scroll_on_an_article_with_marks(browser: Any, sample_url: str, width: int) -> None:
    from .test_browser_pages import AXE

    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(sample_url + ARTICLE + ".html?q=" + quote("cancelar nota fiscal eletrônica " * 6))
    page.locator(".kb-highlight-notice").wait_for(timeout=5000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    notice = page.locator(".kb-highlight-notice").evaluate("""el => {
        const line = parseFloat(getComputedStyle(el).lineHeight), q = el.querySelector('.kb-highlight-query');
        return {lines: Math.floor(el.getBoundingClientRect().height / line), query: q.getBoundingClientRect().width,
                cut: q.scrollWidth > q.clientWidth, label: el.querySelector('.kb-highlight-label').textContent};
    }""")
    context.close()
    assert not [v for v in result if v["impact"] in ("serious", "critical")], result
    assert widths[0] <= widths[1], widths
    # a long query gives way ("…"); "Destacando:" and the button stay whole: one line, two on the narrowest
    assert notice["lines"] <= (1 if width >= 384 else 2), notice
    assert notice["cut"] and notice["query"] >= 30 and notice["label"].startswith("Destacando: “cancelar"), notice


# ---- the words, in the site's language --------------------------------------------------------------


def test_the_new_words_come_from_the_catalogue(site: Path, tmp_path: Path, minimal_site: Path) -> None:
    from .conftest import build_clean

    pt_article = (minimal_site / "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html").read_text("utf-8")
    assert 'data-kb-highlighting="Destacando: “{q}”" data-kb-highlight-remove="Remover destaque"' in pt_article
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8").replace("language: pt_BR", "language: en"), encoding="utf-8")
    out = build_clean(site, tmp_path)
    article = (out / "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html").read_text(encoding="utf-8")
    assert 'data-kb-highlighting="Highlighting: “{q}”" data-kb-highlight-remove="Remove highlighting"' in article
    handoff = (out / "registrar-atendimento.html").read_text(encoding="utf-8")
    assert '<label for="kb-handoff-description">Description</label>' in handoff
    assert "&#34;description&#34;:&#34;Description&#34;" in handoff  # the label in the ticket's text
    assert "too long to go whole through the link" in handoff
