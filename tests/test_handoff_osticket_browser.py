"""osTicket's hand-off in Chromium: the copy box (osTicket reads only ``topicId`` from the URL).

The sample has no osTicket set (its Arrecadação hands off by e-mail, as the seeds' service-order
system takes orders): these tests run on the minimal fixture configured for osTicket
(conftest.osticket_copy). Served with the strict CSP; osTicket's host is intercepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from kbgen.handoff.builder import multi_line

from .browser_support import serve
from .test_handoff_query_browser import DESCRIPTION

CSP = {"Content-Security-Policy": "default-src 'self'"}
ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
WITH_ARTICLE = ("registrar-atendimento.html?conjunto=fiscal&modulo=nota-fiscal-eletronica&artigo="
                + quote(ARTICLE, safe=""))


@pytest.fixture(scope="module")
def site_url(osticket_site: Path) -> Iterator[str]:
    with serve(osticket_site, headers=CSP) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.opened = []  # type: ignore[attr-defined]

    def intercept(route: Any) -> None:
        page.opened.append(route.request.url)  # type: ignore[attr-defined]
        route.fulfill(status=200, content_type="text/html", body="<title>osTicket</title>")

    context.route("https://os.example.gov.br/**", intercept)
    yield page
    context.close()
    assert not errors, errors


def test_copy_box_where_the_context_cannot_travel(page: Any, site_url: str) -> None:
    page.goto(site_url + WITH_ARTICLE)
    go = page.locator("a[data-kb-handoff-go]")
    assert go.get_attribute("href") == "https://os.example.gov.br/suporte/open.php?topicId=12"
    assert page.locator(".kb-copy").is_visible() and page.locator(".kb-copy-cannot-travel").is_visible()
    text = page.locator("#kb-copy-text").input_value()
    assert text.startswith("[Fiscal / Nota Fiscal Eletrônica] Como cancelar uma NFS-e?\n\nArtigo: ")
    assert f"https://ajuda.example.gov.br/{ARTICLE}.html" in text  # the ticket's text: base_url's address
    page.locator(".kb-copy-button").click()
    page.locator(".kb-copy-status", has_text="Detalhes copiados").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == text
    status = page.locator(".kb-handoff-status a")
    assert status.is_visible() and status.get_attribute("href") == "https://os.example.gov.br/suporte/view.php"
    with page.expect_navigation():
        go.click()
    assert page.opened == ["https://os.example.gov.br/suporte/open.php?topicId=12"]  # type: ignore[attr-defined]


def test_copy_box_falls_back_to_selecting_the_text(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page = context.new_page()
    page.goto(site_url + "registrar-atendimento.html?conjunto=rh")
    page.locator(".kb-copy-button").click()
    assert "selecionado" in page.locator(".kb-copy-status").inner_text()
    selected = page.evaluate("(() => { const t = document.activeElement;"
                             " return [t.id, t.selectionStart, t.selectionEnd, t.value.length]; })()")
    assert selected[0] == "kb-copy-text" and selected[1] == 0 and selected[2] == selected[3] > 0
    context.close()


def test_the_description_and_the_search_go_to_the_copy_box_across_sets(page: Any, site_url: str) -> None:
    page.goto(site_url + "registrar-atendimento.html?conjunto=fiscal&modulo=nota-fiscal-eletronica&q="
              + quote("nota & boleto <b>"))
    page.locator("#kb-handoff-description").fill(DESCRIPTION)
    lines = "Busca: nota & boleto <b>\nDescrição: " + multi_line(DESCRIPTION)
    assert page.locator(".kb-copy-too-long").is_hidden()
    assert page.locator("#kb-copy-text").input_value().endswith(lines)  # plain text, as typed
    page.locator("#kb-handoff-set").select_option("rh")
    assert page.locator("a[data-kb-handoff-go]").get_attribute("href") == \
        "https://os.example.gov.br/suporte/open.php?topicId=1"  # the site's topic
    assert page.locator("#kb-copy-text").input_value().startswith("[Recursos Humanos] ")
    assert page.locator("#kb-copy-text").input_value().endswith(lines)  # kept across the change


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_no_serious_violation_with_the_copy_box(browser: Any, site_url: str, width: int) -> None:
    from .test_browser_pages import AXE

    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + WITH_ARTICLE)
    page.locator("#kb-handoff-description").fill("O sistema não deixa cancelar a nota emitida ontem.\nErro E178.")
    assert page.locator(".kb-copy").is_visible()
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
