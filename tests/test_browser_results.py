"""The results page in Chromium: answering results apart from partial ones, honest counts, the
hand-off carrying the query, snippets from the matching passage, the query on every article link,
the strict CSP and a 320 px screen. (The search box and the basics: test_browser_search.py.)

Where a test needs partial results whatever the engine's confidence rule makes of the sample, it
wraps ``kbgenSearch.search`` so that the results it returns are marked answering or not: the page,
not the engine, is under test there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from .browser_support import serve

#: A query no article of the sample holds a word of: nothing answers.
NOTHING = "xyzzyplugh"
#: A question of the out-of-scope judged set (search_eval/out_of_scope.yml): words of the sample,
#: no article that answers it.
OUT_OF_SCOPE = "como tirar certidão de casamento"
ANSWERED = "declaracao sem movimento"


@pytest.fixture(scope="module")
def base_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not page.errors, page.errors


_WRAP_ENGINE = """(() => {
  const answering = ANSWERING;
  window.__options = [];
  let engine;
  Object.defineProperty(window, 'kbgenSearch', { configurable: true, get: () => engine, set(value) {
    const search = value.search;
    value.search = function (store, text, options) {
      window.__options.push(Object.assign({}, options));
      return search.call(this, store, text, Object.assign({}, options, { partialLimit: 0 }))
        .then((results) => results.map((r, i) => Object.assign({}, r, { answers: i < answering })));
    };
    engine = value;
  } });
})();"""


def _wrap_engine(page: Any, answering: int) -> None:
    """Before the page loads: the engine's results marked answering (the first ``answering``) or
    partial (the rest), and the options of every query recorded in ``window.__options``."""
    page.add_init_script(_WRAP_ENGINE.replace("ANSWERING", str(answering)))


# The documents and passages the page loaded (the chunks of kbgen/search/chunks.py, kept by
# kbgen-search-store.js on kbgenSearchParts.received): window.__loaded('d') and __loaded('p') give
# ref -> item for the chunks loaded.
_LOADED = """window.__loaded = (kind) => {
  const box = kbgenSearchParts.received, m = box['f/m'] || box['s/m'], out = {};
  const size = kind === 'd' ? m.docChunk : m.passageChunk;
  Object.keys(box).filter(k => k.startsWith(kind + '/')).forEach(k => {
    box[k].forEach((item, i) => { out[+k.slice(2) * size + i] = item; });
  });
  return out;
};"""


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")


def _order(page: Any, first: str, second: str) -> bool:
    """Whether the element ``first`` comes before ``second`` in the document."""
    return bool(page.evaluate("([a, b]) => !!(document.querySelector(a).compareDocumentPosition("
                              "document.querySelector(b)) & Node.DOCUMENT_POSITION_FOLLOWING)", [first, second]))


def _hrefs(page: Any, selector: str) -> list[str]:
    return list(page.locator(selector).evaluate_all("ls => ls.map(l => l.getAttribute('href'))"))


def test_answering_results_count_carry_the_query_and_end_with_the_handoff(page: Any, base_url: str) -> None:
    _open(page, base_url + "search.html?q=" + quote(ANSWERED))
    links = _hrefs(page, "#kb-search-results a.kb-result")
    assert links and all(h.endswith(".html?q=declaracao%20sem%20movimento") for h in links)
    assert page.locator("#kb-search-status").inner_text() == f"{len(links)} resultados para “{ANSWERED}”"
    call = page.locator("#kb-search-handoff")
    assert call.is_visible() and _order(page, "#kb-search-results", "#kb-search-handoff")
    assert call.locator("h2").inner_text() == "Não encontrou o que procurava?"
    assert _hrefs(page, "#kb-search-handoff a[data-kb-handoff-call]") == [
        "registrar-atendimento.html?q=declaracao%20sem%20movimento"]
    # the header's call carries it too
    assert _hrefs(page, "a.kb-action-primary") == ["registrar-atendimento.html?q=declaracao%20sem%20movimento"]


def test_snippet_is_the_body_passage_that_matched_not_the_description(page: Any, base_url: str) -> None:
    page.add_init_script(_LOADED)
    _open(page, base_url + "search.html?q=" + quote(ANSWERED))
    shown = page.evaluate("""() => [...document.querySelectorAll('#kb-search-results a.kb-result')].map(a => {
      const url = new URL(a.href).pathname.split('/').slice(-3).join('/');
      const docs = window.__loaded('d'), ref = Object.keys(docs).find(r => docs[r].url === url);
      const item = a.closest('li');
      return { excerpt: docs[ref].excerpt, passages: window.__loaded('p')[ref],
               snippet: item.querySelector('.kb-result-excerpt').textContent,
               marks: [...item.querySelectorAll('.kb-result-excerpt mark')].map(m => m.textContent) };
    })""")
    first = shown[0]
    assert first["snippet"] in first["passages"] and first["snippet"] != first["excerpt"]
    assert {"declaração", "movimento"} <= set(first["marks"])
    # every result's snippet is one of its passages with a highlighted word, or its description
    for result in shown:
        assert (result["snippet"] in result["passages"] and result["marks"]) or result["snippet"] == result["excerpt"]


def test_passages_load_for_the_first_rows_then_as_the_others_come_near(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    page = context.new_page()
    page.add_init_script(_LOADED)
    _open(page, base_url + "search.html?q=prazo")
    rows = page.locator("#kb-search-results li")
    assert rows.count() > 20
    snippets = """() => { const p = window.__loaded('p'), d = window.__loaded('d');
      return [...document.querySelectorAll('#kb-search-results li')].map(li => {
        const url = new URL(li.querySelector('a').href).pathname.split('/').slice(-3).join('/');
        const ref = Object.keys(d).find(r => d[r].url === url);
        return p[ref] !== undefined; }); }"""
    page.wait_for_timeout(300)
    loaded = page.evaluate(snippets)
    assert all(loaded[:10]) and not all(loaded)  # the last rows' passages are not loaded yet
    last = rows.last.locator(".kb-result-excerpt")
    last.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#kb-search-results li:last-child .kb-result-excerpt mark')")
    assert page.evaluate(snippets)[-1]
    context.close()


def test_snippet_is_the_description_when_only_the_title_matched(browser: Any, tmp_path: Path) -> None:
    from .conftest import MINIMAL, build_clean, copy_site

    source = copy_site(MINIMAL, tmp_path / "content")
    article = source / "rh" / "folha-de-pagamento" / "etica-no-servico-publico.md"
    article.write_text("---\ntitle: Quinquênio\ndescription: Resumo do adicional por tempo de serviço.\n---\n\n"
                       "O adicional é pago a cada cinco anos. Peça pelo portal do servidor.\n", encoding="utf-8")
    out = build_clean(source, tmp_path)
    context = browser.new_context()
    page = context.new_page()
    _open(page, (out / "search.html").as_uri() + "?q=quinquenio")
    assert page.locator(".kb-result-excerpt").first.inner_text() == "Resumo do adicional por tempo de serviço."
    context.close()


def test_nothing_answers_says_so_and_puts_the_handoff_first(page: Any, base_url: str) -> None:
    _open(page, base_url + "search.html?q=" + NOTHING)
    assert page.locator("a.kb-result").count() == 0
    assert page.locator("#kb-search-status").inner_text() == f"Não encontramos um artigo que responda a “{NOTHING}”."
    assert page.locator("#kb-search-handoff").is_visible()
    assert _order(page, "#kb-search-handoff", "#kb-search-results")
    assert _hrefs(page, "#kb-search-handoff a[data-kb-handoff-call]") == [f"registrar-atendimento.html?q={NOTHING}"]
    assert page.locator("#kb-search-partial").is_hidden()


def test_a_question_the_site_does_not_answer(page: Any, base_url: str) -> None:
    _open(page, base_url + "search.html?q=" + quote(OUT_OF_SCOPE))
    assert page.locator("a.kb-result").count() == 0
    assert page.locator("#kb-search-status").inner_text() == \
        f"Não encontramos um artigo que responda a “{OUT_OF_SCOPE}”."
    assert _hrefs(page, "#kb-search-handoff a[data-kb-handoff-call]") == [
        "registrar-atendimento.html?q=" + quote(OUT_OF_SCOPE, safe="")]
    assert _order(page, "#kb-search-handoff", "#kb-search-results")
    # the articles about a "certidão" are offered apart, after the hand-off, never as a.kb-result
    assert page.locator("#kb-search-partial").is_visible()
    assert _order(page, "#kb-search-handoff", "#kb-search-partial")
    links = _hrefs(page, "#kb-search-partial a")
    assert 1 <= len(links) <= 5 and links == _hrefs(page, "#kb-search-partial a.kb-partial-result")
    assert all(h.endswith("?q=" + quote(OUT_OF_SCOPE, safe="")) for h in links)


def test_answering_and_partial_results_from_the_engine(page: Any, base_url: str) -> None:
    _open(page, base_url + "search.html?q=" + quote("certidao negativa"))
    answering = page.locator("#kb-search-results a.kb-result").count()
    assert answering and page.locator("#kb-search-status").inner_text().startswith(f"{answering} resultado")
    partial = page.locator("#kb-search-partial a")
    assert partial.count() <= 5 and partial.count() == page.locator("a.kb-partial-result").count()
    assert page.locator("#kb-search-partial a.kb-result").count() == 0
    assert _order(page, "#kb-search-results", "#kb-search-handoff")
    if partial.count():
        assert _order(page, "#kb-search-partial", "#kb-search-handoff")


def test_partial_results_are_a_labelled_list_apart(page: Any, base_url: str) -> None:
    _wrap_engine(page, answering=2)
    _open(page, base_url + "search.html?q=prazo")
    assert page.evaluate("window.__options.map(o => o.partialLimit)") == [5]
    assert page.locator("#kb-search-results a.kb-result").count() == 2
    assert page.locator("#kb-search-status").inner_text() == "2 resultados para “prazo”"
    partial = page.locator("#kb-search-partial")
    assert partial.is_visible()
    assert partial.get_attribute("aria-labelledby") == "kb-search-partial-title"
    assert page.locator("#kb-search-partial-title").inner_text() == "Resultados parciais"
    assert "só de parte" in partial.locator(".kb-note").inner_text()
    links = _hrefs(page, "#kb-search-partial a")
    assert 1 <= len(links) <= 5 and all(h.endswith(".html?q=prazo") for h in links)
    assert partial.locator("a.kb-result").count() == 0 and partial.locator("a.kb-partial-result").count() == len(links)
    assert page.locator("#kb-search-results a.kb-partial-result").count() == 0
    assert _order(page, "#kb-search-results", "#kb-search-partial")
    assert _order(page, "#kb-search-partial", "#kb-search-handoff")


def test_only_partial_results_still_say_nothing_answers(page: Any, base_url: str) -> None:
    _wrap_engine(page, answering=0)
    _open(page, base_url + "search.html?q=prazo")
    assert page.locator("a.kb-result").count() == 0
    assert page.locator("#kb-search-status").inner_text() == "Não encontramos um artigo que responda a “prazo”."
    assert page.locator("#kb-search-handoff h2").inner_text() == "Precisa de ajuda com isso?"
    assert _order(page, "#kb-search-handoff", "#kb-search-results")
    assert _order(page, "#kb-search-handoff", "#kb-search-partial")
    assert page.locator("#kb-search-partial a.kb-partial-result").count() == 5


def test_set_filter_counts_and_carries_the_set(page: Any, base_url: str) -> None:
    _open(page, base_url + "search.html?q=" + NOTHING + "&conjunto=fiscal")
    assert page.locator("#kb-search-status").inner_text() == \
        f"Não encontramos em Fiscal um artigo que responda a “{NOTHING}”."
    assert _hrefs(page, "#kb-search-handoff a[data-kb-handoff-call]") == [
        f"registrar-atendimento.html?conjunto=fiscal&q={NOTHING}"]


def test_a_new_search_on_the_page_moves_the_handoff_and_its_query(page: Any, base_url: str) -> None:
    _open(page, base_url + "search.html?q=" + NOTHING)
    box = page.locator("#kb-search-input")
    box.fill("iptu & itbi")
    box.press("Enter")
    page.wait_for_function("location.search.includes('iptu')")
    page.wait_for_selector("#kb-search-results a.kb-result")
    assert _order(page, "#kb-search-results", "#kb-search-handoff")
    assert _hrefs(page, "#kb-search-handoff a[data-kb-handoff-call]") == [
        "registrar-atendimento.html?q=iptu%20%26%20itbi"]
    assert all(h.endswith("?q=iptu%20%26%20itbi") for h in _hrefs(page, "a.kb-result"))


def test_handoff_link_carries_the_query_without_the_handoff_script(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    context.route("**/_static/kbgen-handoff.js", lambda route: route.abort())
    _open(page, base_url + "search.html?q=" + quote("nota cancelada"))
    assert _hrefs(page, "#kb-search-handoff a[data-kb-handoff-call]") == [
        "registrar-atendimento.html?q=nota%20cancelada"]
    context.close()


def test_results_without_the_passages_file_fall_back_to_descriptions(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(_LOADED)
    context.route("**/_static/kbgen-search-p-*.js", lambda route: route.abort())
    _open(page, base_url + "search.html?q=" + quote(ANSWERED))
    first = page.evaluate("""() => { const a = document.querySelector('a.kb-result');
      const url = new URL(a.href).pathname.split('/').slice(-3).join('/');
      return [Object.values(window.__loaded('d')).find(d => d.url === url).excerpt,
              a.closest('li').querySelector('.kb-result-excerpt').textContent]; }""")
    assert first[0] == first[1]
    context.close()


def test_suggestions_are_answering_results_only(page: Any, base_url: str) -> None:
    _wrap_engine(page, answering=1)
    page.goto(base_url + "index.html")
    page.locator("#kb-search-input").click()
    page.keyboard.type("nota fiscal")
    # a list with an article in it ("no", two letters, finds none: its list, when a loaded
    # machine lets it show before the next keystroke, holds only "ver todos")
    page.wait_for_selector(".kb-suggestion:not(.kb-suggestion-all) .kb-suggestion-link")
    assert page.locator(".kb-suggestion:not(.kb-suggestion-all)").count() == 1
    assert page.evaluate("window.__options.every(o => !o.partialLimit && o.limit === 5)")


CSP = "default-src 'self'"


def test_results_page_under_a_strict_csp(browser: Any, sample_site: Path) -> None:
    with serve(sample_site, headers={"Content-Security-Policy": CSP}) as url:
        context = browser.new_context()
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                             "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
        for query in (ANSWERED, NOTHING):
            _open(page, url + "search.html?q=" + quote(query))
        assert page.locator("#kb-search-handoff").is_visible()
        _open(page, url + "search.html?q=" + quote(ANSWERED))
        assert page.locator(".kb-result-excerpt mark").count()
        context.close()
    assert problems == []


@pytest.mark.parametrize("width", [320, 1280])
def test_layout_holds_from_320_px(browser: Any, base_url: str, width: int, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    _wrap_engine(page, answering=3)
    for n, query in enumerate((ANSWERED, "certidao negativa de debitos do imovel para escritura " * 4 + "x" * 60)):
        _open(page, base_url + "search.html?q=" + quote(query))
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (query, overflow)
        for selector in ("a.kb-result", "a.kb-partial-result", "#kb-search-handoff a[data-kb-handoff-call]"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, selector
        page.screenshot(path=str(tmp_path / f"results-{width}-{n}.png"), full_page=True)
    context.close()


def test_a_pasted_lone_surrogate_does_not_break_the_links(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    page.locator("#kb-search-input").focus()
    page.wait_for_function("window.kbgenSearch && window.kbgenSearchParts && kbgenSearchParts.received "
                           "&& kbgenSearchParts.received['s/m']")
    page.evaluate("""() => { const box = document.getElementById('kb-search-input');
      box.value = 'nota fiscal \\ud800'; box.dispatchEvent(new Event('input', {bubbles: true})); }""")
    page.wait_for_selector(".kb-suggestion-link")
    hrefs = _hrefs(page, ".kb-suggestion-link")
    assert hrefs and all(h.endswith("?q=nota%20fiscal%20%EF%BF%BD") for h in hrefs)


def test_without_javascript_the_page_still_leads_to_the_handoff(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "search.html?q=iptu")
    # the page body's own link (the header has one too; the results' call is hidden)
    assert page.locator("main a[href^='registrar-atendimento.html']:visible").count() == 1
    assert page.locator("main a:visible", has_text="Todos os conjuntos").count() == 1
    assert page.locator("noscript").count() == 1 and page.locator("#kb-search-handoff").is_hidden()
    assert page.locator("#kb-search-results").get_attribute("aria-busy") == "true"  # as served
    context.close()


def test_suggestions_for_a_question_the_site_does_not_answer(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    box = page.locator("#kb-search-input")
    box.click()
    page.keyboard.type(OUT_OF_SCOPE)
    page.wait_for_selector(".kb-suggestion-all")
    page.wait_for_function(f"document.getElementById('kb-search-input-list').textContent.includes({OUT_OF_SCOPE!r})")
    assert page.locator(".kb-suggestion:not(.kb-suggestion-all)").count() == 0
    box.fill("")
    page.keyboard.type("segunda via iptu")
    page.wait_for_selector(".kb-suggestion:not(.kb-suggestion-all)")
    assert 1 <= page.locator(".kb-suggestion:not(.kb-suggestion-all)").count() <= 5
