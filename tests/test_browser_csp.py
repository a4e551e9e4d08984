"""Every page type works served with a strict Content-Security-Policy (no inline script or style)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import serve
from .test_browser_pages import PAGE_TYPES

CSP = "default-src 'self'"


@pytest.fixture(scope="module")
def csp_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site, headers={"Content-Security-Policy": CSP},
               not_found=sample_site / "404.html") as url:
        yield url


def _visit(browser: Any, url: str, action: Any = None) -> list[str]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
    page.goto(url)
    if action:
        action(page)
    page.wait_for_timeout(100)
    context.close()
    return problems


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_page_has_no_csp_violation(browser: Any, csp_url: str, kind: str) -> None:
    assert _visit(browser, csp_url + PAGE_TYPES[kind]) == []


def test_high_contrast_toggle_works_under_csp(browser: Any, csp_url: str) -> None:
    def toggle(page: Any) -> None:
        page.locator(".kb-contrast-toggle").click()
        assert page.evaluate("document.documentElement.classList.contains('kb-high-contrast')")

    assert _visit(browser, csp_url + "index.html", toggle) == []


def test_search_with_suggestions_open_under_csp(browser: Any, csp_url: str) -> None:
    def suggest(page: Any) -> None:
        page.locator("#kb-search-input").click()
        page.keyboard.type("nfse cancelar")
        page.wait_for_selector(".kb-suggestion-link")

    def results(page: Any) -> None:
        page.wait_for_selector("#kb-search-results a.kb-result")

    assert _visit(browser, csp_url + "fiscal/index.html", suggest) == []
    assert _visit(browser, csp_url + "search.html?q=iptu", results) == []
