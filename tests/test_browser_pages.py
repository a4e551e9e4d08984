"""What only a browser shows: layout at 320 px, accessibility (axe-core), keyboard use, contrast mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import serve
from .conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

PAGE_TYPES = {
    "home": "index.html",
    "all-sets": "conjuntos.html",
    "faq": "perguntas-frequentes.html",
    "set": "prestacao-de-contas/index.html",
    "module": "prestacao-de-contas/sicom/index.html",
    "article-wide-table": "prestacao-de-contas/sicom/quais-arquivos-compoem-a-remessa-mensal-do-sicom.html",
    "article-long-code": "fiscal/nota-fiscal-eletronica/erro-de-schema-ao-enviar-o-lote-de-rps-o-que-fazer.html",
    "article-image": "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html",
    "accessibility": "acessibilidade.html",
    "search": "search.html?q=nfse",
    "channels": "canais-de-atendimento.html",
    "handoff": "registrar-atendimento.html?conjunto=arrecadacao&modulo=iptu",
}


#: The 404 page's site: published under /central/ on a host the browser tests never reach.
NOT_FOUND_BASE_URL = "https://ajuda.example.gov.br/central/"


@pytest.fixture(scope="module")
def base_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def not_found_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The 404 page as a web server serves it for a missing path at any depth, on a host that is not
    base_url's (a staging or intranet copy), under base_url's path."""
    from .conftest import MINIMAL, build_clean, copy_site

    work = tmp_path_factory.mktemp("not-found")
    source = copy_site(MINIMAL, work / "content")
    kb = source / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8").replace("https://ajuda.example.gov.br/", NOT_FOUND_BASE_URL),
                  encoding="utf-8")
    build_clean(source, work)
    (work / "www").mkdir()
    (work / "out").rename(work / "www" / "central")
    with serve(work / "www", not_found=work / "www" / "central" / "404.html") as url:
        yield url + "central/a/b/c/x.html"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    # a 404 page requested directly logs its own status: that is not a script error
    assert not [e for e in errors if "404" not in e], errors


def test_sample_pages_exist(sample_site: Path) -> None:
    for path in PAGE_TYPES.values():
        assert (sample_site / path.split("?")[0]).is_file(), path


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_horizontal_scroll_at_320px(page: Any, base_url: str, kind: str) -> None:
    page.goto(base_url + PAGE_TYPES[kind])
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == 320, widths
    if kind == "article-wide-table":  # the table scrolls inside its own box
        table = page.evaluate("(() => { const t = document.querySelector('.kb-table-scroll');"
                              " return [t.scrollWidth, t.clientWidth]; })()")
        assert table[0] > table[1]


def test_404_page_at_any_depth(page: Any, not_found_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(not_found_url)
    page.wait_for_load_state("networkidle")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Página não encontrada"
    # styled three folders deep, from base_url's path on the host that served it
    assert page.evaluate("getComputedStyle(document.querySelector('.kb-header')).backgroundColor") \
        == "rgb(26, 94, 154)"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    served_from = not_found_url.split("/central/")[0] + "/central/"
    assert len(requests) > 2 and all(r.startswith(served_from) for r in requests), requests
    assert not [r for r in requests if "ajuda.example.gov.br" in r]
    with page.expect_navigation():
        page.locator("a", has_text="Voltar para o início").click()
    assert page.url == served_from + "index.html"


#: Issue 24: every page kind at phone, tablet and desktop width, in the light and dark themes and in
#: high contrast (the header menu's switch: the class kbgen.js sets on <html>).
AXE_WIDTHS = (320, 768, 1280)
AXE_MODES = ("light", "dark", "high-contrast")


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_serious_violation(browser: Any, base_url: str, kind: str) -> None:
    # one page per kind, re-laid out and re-coloured in place: axe itself takes ~0.2 s, a new page ~1 s
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES[kind])
    if kind == "search":
        page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
    page.add_script_tag(path=str(AXE))
    serious: dict[str, list[Any]] = {}
    for width in AXE_WIDTHS:
        for mode in AXE_MODES:
            page.set_viewport_size({"width": width, "height": 900})
            page.emulate_media(color_scheme="dark" if mode == "dark" else "light")
            page.evaluate("on => document.documentElement.classList.toggle('kb-high-contrast', on)",
                          mode == "high-contrast")
            result = page.evaluate("""async () => {
                const r = await axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return r.violations.map(v => ({id: v.id, impact: v.impact,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }""")
            found = [v for v in result if v["impact"] in ("serious", "critical")]
            if found:
                serious[f"{width}px {mode}"] = found
    context.close()
    assert not serious, serious


def test_axe_modes_change_the_page(browser: Any, base_url: str) -> None:
    """The three modes the axe test runs in really re-colour the page (else it would test light thrice)."""
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["article-image"])
    colours = set()
    for mode in AXE_MODES:
        page.emulate_media(color_scheme="dark" if mode == "dark" else "light")
        page.evaluate("on => document.documentElement.classList.toggle('kb-high-contrast', on)",
                      mode == "high-contrast")
        colours.add(page.evaluate("[getComputedStyle(document.body).backgroundColor,"
                                  " getComputedStyle(document.querySelector('.kb-main a')).color].join()"))
    context.close()
    assert len(colours) == 3, colours


def test_keyboard_only_from_home_to_article(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Ir para o conteúdo")
    page.keyboard.press("Enter")  # skip link: focus moves to the main content
    for _ in range(40):
        page.keyboard.press("Tab")
        if "kb-tile-link" in (page.evaluate("document.activeElement.className") or ""):
            break
    else:
        pytest.fail("no set tile reachable with Tab")
    first_tile = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(first_tile)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.kb-article-list') !== null"):
            break
    else:
        pytest.fail("no article link reachable with Tab on the set page")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("article.kb-article h1").count() == 1
    focus_ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus_ring is not None


def test_skip_links_and_access_keys(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGE_TYPES["article-image"])
    keys = page.evaluate("[...document.querySelectorAll('[accesskey]')].map(a => "
                         "[a.getAttribute('accesskey'), a.getAttribute('href')])")
    assert keys == [["1", "#kb-main"], ["2", "#kb-menu"], ["3", "#kb-search-input"], ["4", "#kb-footer"]]
    for target in ("kb-main", "kb-menu", "kb-search-input", "kb-footer"):
        assert page.locator(f"#{target}").count() == 1


def test_high_contrast_toggle_persists(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    button = page.locator(".kb-contrast-toggle")
    assert button.get_attribute("aria-pressed") == "false"
    page.locator(".kb-menu-button").click()  # at 320 px the switch is in the header menu
    button.click()
    assert page.evaluate("document.documentElement.classList.contains('kb-high-contrast')")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.goto(base_url + "conjuntos.html")
    assert page.evaluate("document.documentElement.classList.contains('kb-high-contrast')")
    assert page.locator(".kb-contrast-toggle").get_attribute("aria-pressed") == "true"
