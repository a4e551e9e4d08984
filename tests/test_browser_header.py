"""Phone-first chrome (issue 24 items 1, 2, 7): compact header with a disclosure menu, a type scale that
starts a long title high, collapsed breadcrumbs, eMAG access keys, an e-mail that breaks only at its dots.

One build (the session's sample site), one browser; the site is served with the CSP docs/security.md
recommends, so the menu is also proven to work with no inline script or style.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from kbgen.headers import CONTENT_SECURITY_POLICY

from .browser_support import serve

VIEWPORTS = [(320, 640), (375, 667), (768, 1024), (1280, 800)]
PHONE_MAX = 480  # the header's height budget holds up to this width
MENU_MAX = 960  # up to 60rem the actions are behind "Menu"; wider, inline
HEADER_BUDGET = 120
#: the sample article with the longest title (243 characters)
LONG_TITLE = "prestacao-de-contas/sicom/ocorre-erro-no-sicom-erro-814-erro-no-arquivo-balancete.html"
PAGE_KINDS = {
    "home": "index.html",
    "set": "prestacao-de-contas/index.html",
    "module": "prestacao-de-contas/sicom/index.html",
    "article": LONG_TITLE,
    "search": "search.html?q=nfse",
    "faq": "perguntas-frequentes.html",
    "most-read": "mais-lidos.html",
    "channels": "canais-de-atendimento.html",
    "handoff": "registrar-atendimento.html?conjunto=arrecadacao&modulo=iptu",
    "not-found": "pagina-que-nao-existe.html",
    "accessibility": "acessibilidade.html",
}
#: the sample's kb.yml base_url: the 404 page may name its assets there (issue 24 item 6 is another's)
SAMPLE_BASE_URL = "https://ajuda.example.gov.br/"


@pytest.fixture(scope="module")
def site_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
               not_found=sample_site / "404.html") as url:
        yield url


@pytest.fixture(scope="module")
def plain_url(sample_site: Path) -> Iterator[str]:
    """Without the CSP header, so the 404 page's base_url assets can be routed to the local copy."""
    with serve(sample_site, not_found=sample_site / "404.html") as url:
        yield url


def _context(browser: Any, width: int, height: int, *, script: bool = True) -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=script)
    context.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                            "console.error('CSP violation: ' + e.violatedDirective));")
    return context


def _errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _route_base_url(context: Any, sample_site: Path) -> None:
    def fulfil(route: Any) -> None:
        local = sample_site / route.request.url[len(SAMPLE_BASE_URL):].split("?")[0]
        if local.is_file():
            route.fulfill(path=str(local))
        else:
            route.abort()
    context.route(SAMPLE_BASE_URL + "**", fulfil)


def _disclosures(context: Any, page: Any) -> list[tuple[str, bool]]:
    """What a screen reader is told about each <summary>: Chromium's accessibility tree, name and state."""
    tree = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [(node["name"]["value"], any(p["name"] == "expanded" and p["value"]["value"] for p in node["properties"]))
            for node in tree if node["role"]["value"] == "DisclosureTriangle"]


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_every_page_kind_fits_and_keeps_brand_and_search_in_view(
        browser: Any, plain_url: str, sample_site: Path, width: int, height: int) -> None:
    context = _context(browser, width, height)
    _route_base_url(context, sample_site)
    page = context.new_page()
    errors = _errors(page)
    for kind, path in PAGE_KINDS.items():
        page.goto(plain_url + path)
        sizes = page.evaluate("""() => {
            const box = e => e ? e.getBoundingClientRect().toJSON() : null;
            const visible = e => !!e && e.checkVisibility({contentVisibilityAuto: true});
            return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
                    header: box(document.querySelector('.kb-header')),
                    styled: getComputedStyle(document.querySelector('.kb-header')).backgroundColor,
                    brand: box(document.querySelector('.kb-brand')),
                    search: box(document.querySelector('#kb-search-input')),
                    summary: visible(document.querySelector('.kb-menu-button')),
                    small: [...document.querySelectorAll('.kb-header :is(a, summary, button, input)')]
                        .filter(visible).map(e => [e.textContent.trim() || e.id, e.getBoundingClientRect()])
                        .filter(([, r]) => r.height < 44 || r.width < 44).map(([name]) => name),
                    actions: visible(document.querySelector('.kb-actions a'))};
        }""")
        assert sizes["scroll"] <= sizes["client"] == width, (kind, sizes)
        assert sizes["styled"] == "rgb(26, 94, 154)", kind  # the stylesheet loaded (the 404 page's too)
        if width <= PHONE_MAX:
            assert sizes["header"]["height"] <= HEADER_BUDGET, (kind, sizes["header"])
        if width <= MENU_MAX:
            assert sizes["summary"] and not sizes["actions"], kind  # the actions wait behind "Menu"
        else:
            assert sizes["actions"] and not sizes["summary"], kind  # inline, as before
        assert sizes["small"] == [], kind  # every header control is a 44 px tap target
        for part in ("brand", "search"):
            assert sizes[part] and sizes[part]["bottom"] <= height and sizes[part]["right"] <= width, (kind, part)
    context.close()
    assert not errors, errors


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_long_title_starts_in_top_third_and_text_on_first_screen(
        browser: Any, site_url: str, width: int, height: int) -> None:
    context = _context(browser, width, height)
    page = context.new_page()
    page.goto(site_url + LONG_TITLE)
    title, first = page.evaluate("""() => {
        const h1 = document.querySelector('.kb-article h1');
        let p = h1.nextElementSibling;
        while (p && p.tagName !== 'P') p = p.nextElementSibling;
        return [h1.getBoundingClientRect().top, p.getBoundingClientRect().top];
    }""")
    title_length = len(page.locator(".kb-article h1").inner_text())
    context.close()
    assert title_length >= 240  # still the longest sample title, or this proves less
    assert title < height / 3, (title, height)
    assert first < height, (first, height)


@pytest.mark.parametrize("script", [True, False], ids=["js", "no-js"])
def test_keyboard_path_through_the_phone_menu(browser: Any, site_url: str, script: bool) -> None:
    context = _context(browser, 320, 640, script=script)
    page = context.new_page()
    errors = _errors(page)
    page.goto(site_url + LONG_TITLE)
    for _ in range(8):  # four skip links, the brand, then "Menu"
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("the Menu button is not reachable with Tab")
    summary = page.evaluate("""() => { const s = document.activeElement, r = s.getBoundingClientRect(),
        css = getComputedStyle(s);
        return {text: s.textContent.trim(), nav: s.closest('nav#kb-menu').getAttribute('aria-label'),
                height: r.height, width: r.width, outline: css.outlineStyle, outlineWidth: css.outlineWidth}; }""")
    assert summary["text"] == "Menu" and summary["nav"] == "Atendimento"
    assert summary["height"] >= 44 and summary["width"] >= 44
    assert summary["outline"] == "solid" and float(summary["outlineWidth"][:-2]) >= 3  # the focus ring shows
    assert _disclosures(context, page) == [("Menu", False)]
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('.kb-menu').open")
    assert _disclosures(context, page) == [("Menu", True)]  # the icon's "×" is not read out
    expected = ["Canais de atendimento", "Meus atendimentos", "Registrar atendimento"]
    if script:
        expected.append("Alto contraste")  # the switch needs the script, so it shows only with it
    reached = []
    for _ in expected:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => { const e = document.activeElement;
            return [e.textContent.trim(), e.getBoundingClientRect().height]; }"""))
    assert [text for text, _ in reached] == expected
    assert all(height >= 44 for _, height in reached), reached
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "kb-search-input"  # then the search, below the menu
    if script:
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.querySelector('.kb-menu').open")
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    else:
        assert page.locator(".kb-contrast-toggle").is_hidden()
    context.close()
    assert not errors, errors


def test_contrast_switch_in_the_menu_works_under_csp(browser: Any, site_url: str) -> None:
    context = _context(browser, 320, 640)
    page = context.new_page()
    errors = _errors(page)
    page.goto(site_url + "index.html")
    assert page.locator(".kb-footer .kb-contrast-toggle").count() == 0
    page.locator(".kb-menu-button").click()
    page.locator(".kb-header .kb-contrast-toggle").click()
    assert page.evaluate("document.documentElement.classList.contains('kb-high-contrast')")
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("width", [320, 1280])
def test_access_keys_reach_content_menu_search_and_footer(browser: Any, site_url: str, width: int) -> None:
    context = _context(browser, width, 800)
    page = context.new_page()
    page.goto(site_url + LONG_TITLE)
    keys = page.evaluate("[...document.querySelectorAll('[accesskey]')].map(a => "
                         "[a.getAttribute('accesskey'), a.getAttribute('href')])")
    assert keys == [["1", "#kb-main"], ["2", "#kb-menu"], ["3", "#kb-search-input"], ["4", "#kb-footer"]]
    for _, target in keys:
        assert page.locator(target).count() == 1, target
    assert page.evaluate("document.querySelector('#kb-footer').tagName") == "FOOTER"
    # key 2 lands on the menu; the next Tab is "Menu" on a phone, the first action on a wide screen
    page.locator("a[accesskey='2']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kb-menu"
    page.keyboard.press("Tab")
    expected = "Menu" if width <= MENU_MAX else "Canais de atendimento"
    assert page.evaluate("document.activeElement.textContent.trim()") == expected
    page.locator("a[accesskey='4']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kb-footer"
    page.goto(site_url + "acessibilidade.html")
    listed = page.locator(".kb-shortcuts dt").all_inner_texts()
    context.close()
    assert listed == ["1", "2", "3", "4"]


@pytest.mark.parametrize(("width", "expected"), [
    (320, ["SICOM - TCEMG"]),
    (1280, ["Início", "Prestação de Contas - Estadual e Federal", "SICOM - TCEMG"]),
])
def test_breadcrumb_shows_only_the_parent_on_phones(browser: Any, site_url: str, width: int,
                                                    expected: list[str]) -> None:
    context = _context(browser, width, 800)
    page = context.new_page()
    page.goto(site_url + LONG_TITLE)
    visible = page.evaluate("[...document.querySelectorAll('.kb-breadcrumb li')]"
                            ".filter(li => li.getClientRects().length).map(li => li.innerText.trim())")
    parent = page.evaluate("""() => { const li = document.querySelector('.kb-crumb-parent');
        return [getComputedStyle(li, '::before').content, li.querySelector('a').getBoundingClientRect().height]; }""")
    context.close()
    assert visible == expected
    if width <= PHONE_MAX:
        assert parent[0].startswith('"‹"') and parent[1] >= 44, parent  # "‹ Módulo", a 44 px tap target


@pytest.mark.parametrize("width", [320, 375])
def test_sidebar_email_breaks_only_after_at_or_before_a_dot(browser: Any, site_url: str, width: int) -> None:
    context = _context(browser, width, 640)
    page = context.new_page()
    page.goto(site_url + LONG_TITLE)
    lines = page.evaluate("""() => {
        const link = document.querySelector('.kb-set-contact .kb-email');
        const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
        const lines = [];
        let top = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange();
                range.setStart(node, i); range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (!rect) continue;
                if (top === null || rect.top > top + 2) { lines.push(''); top = rect.top; }
                lines[lines.length - 1] += node.data[i];
            }
        }
        return lines;
    }""")
    context.close()
    assert "".join(lines) == "atende.prestacaodecontas@example.gov.br"
    assert len(lines) > 1  # it does wrap at this width, so the breaks below are tested
    for before, after in pairwise(lines):
        assert before.endswith("@") or after.startswith("."), lines


@pytest.mark.parametrize("page_path", ["index.html", LONG_TITLE])
def test_search_placeholder_fits_at_320(browser: Any, site_url: str, page_path: str) -> None:
    context = _context(browser, 320, 640)
    page = context.new_page()
    page.goto(site_url + page_path)
    # the placeholder typed as the value: the box's inner editor scrolls if it does not fit
    placeholder, needed, room = page.evaluate("""() => {
        const input = document.querySelector('#kb-search-input');
        input.value = input.placeholder;
        return [input.placeholder, input.scrollWidth, input.clientWidth];
    }""")
    context.close()
    assert placeholder and needed <= room, (placeholder, needed, room)
