"""The search UI in Chromium: suggestions (ARIA combobox), the results page, lazy loading, safety."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from .browser_support import serve
from .conftest import build_clean, copy_site

# lunr and the search data: the sharded index's manifests, shards and chunks (kbgen/search/shards.py)
SEARCH_FILE = re.compile(r"/kbgen-lunr\.min\.js$|/kbgen-search-[sfdp](-[0-9]+)?\.js$")
# the results page's index, and the passages: loaded by the results page only
RESULTS_FILE = re.compile(r"/kbgen-search-[fp](-[0-9]+)?\.js$")
SUGGEST_READY = "window.kbgenSearchParts && kbgenSearchParts.received && kbgenSearchParts.received['s/m']"


@pytest.fixture(scope="module")
def base_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested = []
    page.errors = []
    page.on("request", lambda r: page.requested.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not page.errors, page.errors


def _results(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
    return [link.inner_text() for link in page.locator("#kb-search-results a.kb-result").all()]


def test_nothing_is_downloaded_before_focus(page: Any, base_url: str) -> None:
    page.goto(base_url + "fiscal/index.html")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requested if SEARCH_FILE.search(u)]
    page.locator("#kb-search-input").focus()
    page.wait_for_function(SUGGEST_READY)
    # the suggestion index's manifest, none of its shards until a word is typed
    assert [u.rsplit("/", 1)[1] for u in page.requested if SEARCH_FILE.search(u)] == \
        ["kbgen-lunr.min.js", "kbgen-search-s.js"]
    page.keyboard.type("iptu")
    page.wait_for_selector(".kb-suggestion-link")
    # only on the results page
    assert not [u for u in page.requested if RESULTS_FILE.search(u)]


def test_save_data_waits_until_typing(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "index.html")
    page.locator("#kb-search-input").focus()
    page.wait_for_timeout(300)
    assert not [u for u in requested if SEARCH_FILE.search(u)]
    page.keyboard.type("iptu")
    page.wait_for_selector(".kb-suggestion-link")
    context.close()


def test_suggestions_combobox_with_keyboard(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    box = page.locator("#kb-search-input")
    box.click()
    page.keyboard.type("segunda via iptu")
    page.wait_for_selector(".kb-suggestion-link")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    options = page.locator("#kb-search-input-list [role=option]")
    assert 2 <= options.count() <= 6  # up to 5 articles and "ver todos"
    hrefs = page.locator(".kb-suggestion:not(.kb-suggestion-all) a").evaluate_all("ls => ls.map(l => l.href)")
    assert hrefs and all(h.endswith(".html?q=segunda%20via%20iptu") for h in hrefs)
    first = page.locator(".kb-suggestion-title").first.inner_text()
    assert "IPTU" in first and "segunda via" in first.lower()
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # reopens
    page.wait_for_selector("#kb-search-input-list:not([hidden])")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "segunda-via" in page.url and page.locator("article.kb-article h1").inner_text() == first
    assert page.url.endswith(".html?q=segunda%20via%20iptu")


_COUNT_QUERIES = """() => { window.__queries = [];
  const original = kbgenSearch.search;
  kbgenSearch.search = function (store, text, options) {
    window.__queries.push(text); return original.apply(this, arguments); };
}"""

_TYPE_SYNTHETIC = """(values) => { const box = document.getElementById('kb-search-input');
  for (const value of values) { box.value = value; box.dispatchEvent(new Event('input', {bubbles: true})); }
  return {queries: window.__queries.length, hidden: document.getElementById('kb-search-input-list').hidden};
}"""


def _ready_box(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    page.locator("#kb-search-input").focus()
    page.wait_for_function("window.kbgenSearch && " + SUGGEST_READY)
    page.evaluate(_COUNT_QUERIES)


def test_keystroke_task_does_not_run_the_query_and_stale_queries_are_skipped(page: Any, base_url: str) -> None:
    # The keystroke's own task stays short: the query runs in a later task, and only for the
    # text the box holds by then ("not", "nota", "nota f" in one task: one query, for "nota f").
    _ready_box(page, base_url)
    assert page.evaluate(_TYPE_SYNTHETIC, ["not", "nota", "nota f"]) == {"queries": 0, "hidden": True}
    page.wait_for_selector(".kb-suggestion-link")
    assert page.evaluate("() => window.__queries") == ["nota f"]
    assert "nota" in page.locator(".kb-suggestion-title").first.inner_text().lower()


def test_escape_before_the_list_arrives_keeps_it_closed(page: Any, base_url: str) -> None:
    _ready_box(page, base_url)
    page.evaluate("""(values) => { const box = document.getElementById('kb-search-input');
      box.value = 'iptu'; box.dispatchEvent(new Event('input', {bubbles: true}));
      box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); }""", [])
    page.wait_for_timeout(300)
    assert page.locator("#kb-search-input-list").is_hidden()
    box = page.locator("#kb-search-input")
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == "iptu"
    box.press("Escape")  # pressed again, with nothing open or on its way, it clears the box
    assert box.input_value() == ""


def test_enter_without_selection_opens_the_results_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "arrecadacao/index.html")
    page.locator("#kb-search-input").fill("certidao negativa")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "search.html?q=certidao+negativa" in page.url
    page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
    assert "certidão negativa" in page.locator("a.kb-result").first.inner_text().lower()


def test_results_page_ranks_highlights_and_counts(page: Any, base_url: str) -> None:
    titles = _results(page, base_url + "search.html?q=" + quote("declaracao sem movimento"))
    assert titles[0] == "Como declarar/protocolar declaração sem movimento?"
    status = page.locator("#kb-search-status").inner_text()
    assert status == f"{len(titles)} resultados para “declaracao sem movimento”"
    marks = page.locator("#kb-search-results li").first.locator("mark").all_inner_texts()
    assert "declaração" in marks and "movimento" in marks
    assert page.locator("#kb-search-input").input_value() == "declaracao sem movimento"


def test_pasted_error_message_does_not_throw(page: Any, base_url: str) -> None:
    message = ("Erro 700: Erro no arquivo BALANCETE na linha 114 no campo 'contaContabil'. O código da conta "
               "contábil informado não pertence ao Plano de Contas estabelecido pelo TCEMG")
    titles = _results(page, base_url + "search.html?q=" + quote(message))
    assert titles and "Erro 700" in titles[0]


def test_set_filter_and_back_button(page: Any, base_url: str) -> None:
    everything = _results(page, base_url + "search.html?q=prazo")
    page.locator("#kb-search-set").select_option("prestacao-de-contas")
    page.wait_for_function("location.search.includes('conjunto=prestacao-de-contas')")
    page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
    filtered = page.locator("#kb-search-results .kb-result-path").all_inner_texts()
    assert filtered and all(p.startswith("Prestação de Contas") for p in filtered)
    assert len(filtered) < len(everything)
    assert "em Prestação de Contas" in page.locator("#kb-search-status").inner_text()
    page.go_back()
    page.wait_for_function("!location.search.includes('conjunto')")
    page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
    assert page.locator("a.kb-result").count() == len(everything)
    assert page.locator("#kb-search-set").input_value() == ""


def test_no_results_offers_the_handoff_with_the_query(page: Any, base_url: str) -> None:
    assert _results(page, base_url + "search.html?q=xyzzy%20plugh") == []
    assert page.locator("#kb-search-status").inner_text() == "Não encontramos um artigo que responda a “xyzzy plugh”."
    link = page.locator("#kb-search-handoff a[data-kb-handoff-call]")
    assert link.inner_text() == "Registrar atendimento"
    assert link.get_attribute("href").endswith("registrar-atendimento.html?q=xyzzy%20plugh")


def test_empty_query_is_final_too(page: Any, base_url: str) -> None:
    assert _results(page, base_url + "search.html") == []
    assert page.locator("#kb-search-status").inner_text() == "Digite acima o que você procura."
    assert page.locator("#kb-search-handoff").is_hidden() and page.locator("#kb-search-partial").is_hidden()


def test_search_works_from_disk(page: Any, sample_site: Path) -> None:
    titles = _results(page, (sample_site / "search.html").as_uri() + "?q=itbi")
    assert titles and "ITBI" in titles[0]
    first = page.locator("a.kb-result").first
    assert first.evaluate("a => a.href").startswith(sample_site.as_uri() + "/arrecadacao/")
    assert first.get_attribute("href").endswith(".html?q=itbi")
    assert page.locator(".kb-result-excerpt mark").count()  # the passages load from disk too
    with page.expect_navigation():
        first.click()
    assert page.url.endswith(".html?q=itbi") and "ITBI" in page.locator("article.kb-article h1").inner_text()


def test_titles_are_text_not_html(browser: Any, tmp_path: Path) -> None:
    from .conftest import MINIMAL

    source = copy_site(MINIMAL, tmp_path / "content")
    article = source / "rh" / "folha-de-pagamento" / "etica-no-servico-publico.md"
    article.write_text("---\ntitle: 'Ética <img src=x onerror=alert(1)>'\n---\n\nTexto sobre ética.\n",
                       encoding="utf-8")
    out = build_clean(source, tmp_path)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    titles = _results(page, (out / "search.html").as_uri() + "?q=etica")
    page.locator("#kb-search-input").fill("etica")
    page.locator("#kb-search-input").press("End")
    page.keyboard.type(" ")
    page.wait_for_selector(".kb-suggestion-link")
    suggestion = page.locator(".kb-suggestion-title").first.inner_text()
    assert titles[0] == "Ética <img src=x onerror=alert(1)>" == suggestion
    assert page.locator("#kb-search-results img, .kb-suggestions img").count() == 0
    assert not dialogs
    context.close()
