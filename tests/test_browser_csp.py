"""Every page type works served with a strict Content-Security-Policy (no inline script or style)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kbgen.headers import CONTENT_SECURITY_POLICY

from .browser_support import serve
from .conftest import MINIMAL, SAMPLE, build_clean, copy_site
from .test_browser_pages import PAGE_TYPES
from .test_inline_styles import add_author_features

CSP = "default-src 'self'"
#: The policy docs/security.md tells administrators to send.
RECOMMENDED_CSP = CONTENT_SECURITY_POLICY
FEATURES_PAGE = "fiscal/nota-fiscal-eletronica/recursos-de-autoria.html"
#: Every page type (must-hold 9), on the sample site with the author-features article, an SVG set
#: icon and a PNG logo.
AUTHOR_SITE_PAGES = {
    "home": "index.html",
    "all-sets": "conjuntos.html",
    "set": "fiscal/index.html",
    "module": "fiscal/nota-fiscal-eletronica/index.html",
    "article": "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html",
    "article-author-features": FEATURES_PAGE,
    "faq": "perguntas-frequentes.html",
    "most-read": "mais-lidos.html",
    "channels": "canais-de-atendimento.html",
    "handoff": "registrar-atendimento.html?conjunto=fiscal&modulo=nota-fiscal-eletronica",
    "search": "search.html?q=nota+fiscal",
    "not-found": "nao-existe/pagina-antiga.html",
    "accessibility": "acessibilidade.html",
}
ICON_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">'
            '<defs><linearGradient id="g"><stop offset="0" stop-color="#1a5e9a"/></linearGradient></defs>'
            '<rect width="48" height="48" rx="8" fill="url(#g)"/></svg>')


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


@pytest.fixture(scope="module")
def author_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("csp-author-features")
    site = copy_site(SAMPLE, work / "content")
    add_author_features(site)
    png = MINIMAL / "fiscal" / "nota-fiscal-eletronica" / "img" / "cancelar.png"
    (site / "logo.png").write_bytes(png.read_bytes())
    (site / "fiscal" / "icone.svg").write_text(ICON_SVG, encoding="utf-8")
    kb = site / "kb.yml"
    # served from the root of 127.0.0.1: the 404 page's absolute links must point here, not to base_url
    text = "".join(line for line in kb.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith("base_url:"))
    kb.write_text(text + "logo: logo.png\n", encoding="utf-8")
    set_file = site / "fiscal" / "_set.yml"
    # the author's SVG in place of the sample's named icon (the other sets keep theirs: both forms are shown)
    kept = [line for line in set_file.read_text(encoding="utf-8").splitlines() if not line.startswith("icon:")]
    set_file.write_text("\n".join(kept) + "\nicon: fiscal/icone.svg\n", encoding="utf-8")
    out = build_clean(site, work)
    with serve(out, headers={"Content-Security-Policy": RECOMMENDED_CSP, "X-Content-Type-Options": "nosniff"},
               not_found=out / "404.html") as url:
        yield url


#: The page's images, less the zoom views' (kbgen.sphinx_ext.translator): hidden and lazy, they load
#: only when a view is opened (tests/test_browser_images.py opens them).
_SHOWN_IMAGES = "Array.from(document.images).filter(i => !i.closest('.kb-zoom'))"


def _images_loaded(page: Any) -> None:
    broken = page.evaluate(f"{_SHOWN_IMAGES}.filter(i => !(i.complete && i.naturalWidth > 0))"
                           ".map(i => i.getAttribute('src'))")
    assert broken == [], broken


@pytest.mark.parametrize("kind", sorted(AUTHOR_SITE_PAGES))
def test_every_page_type_with_author_features_has_no_csp_violation(browser: Any, author_site_url: str,
                                                                   kind: str) -> None:
    def check(page: Any) -> None:
        page.wait_for_load_state("load")
        for image in page.locator("img:not(.kb-zoom img)").all():
            image.scroll_into_view_if_needed()  # lazy images load too
        page.wait_for_function(f"{_SHOWN_IMAGES}.every(i => i.complete)")
        _images_loaded(page)
        assert page.evaluate("document.querySelectorAll('[style]').length") == 0

    problems = _visit(browser, author_site_url + AUTHOR_SITE_PAGES[kind], check)
    if kind == "not-found":  # the page itself is served with status 404, as a web server does
        problems.remove("console error: Failed to load resource: the server responded with a status of 404 "
                        "(Not Found)")
    assert problems == []


def test_author_features_work_under_csp(browser: Any, author_site_url: str) -> None:
    def use(page: Any) -> None:
        assert page.locator(".kb-logo").count() == 1
        page.get_by_text("Aplicativo", exact=True).click()
        assert page.get_by_text("Cancele pelo aplicativo.").is_visible()
        assert not page.get_by_text("Cancele pelo portal.").is_visible()
        page.locator("details.sd-dropdown summary").first.click()
        assert not page.get_by_text("O prazo é de 30 dias.").is_visible()  # it was :open:, now closed
        widths = page.evaluate("Array.from(document.querySelectorAll('col')).map(c => c.getBoundingClientRect()"
                               ".width)")
        assert widths and widths[0] < widths[2], widths  # the :widths: 20 30 50 reached the layout
        figure = page.evaluate("(() => { const f = document.querySelector('figure.kb-w-60');"
                               "return f.getBoundingClientRect().width / f.parentElement.getBoundingClientRect()"
                               ".width; })()")
        assert 0.55 < figure < 0.65, figure

    assert _visit(browser, author_site_url + FEATURES_PAGE, use) == []
    home_icon: list[str] = []
    named_icons: list[int] = []

    def tiles(page: Any) -> None:
        home_icon.extend(page.eval_on_selector_all("img.kb-tile-icon", "els => els.map(e => e.src)"))
        named_icons.append(page.locator("span.kb-tile-icon > svg[aria-hidden=true]").count())

    _visit(browser, author_site_url + "index.html", tiles)
    assert home_icon and all("/_static/author/" in src for src in home_icon), home_icon
    assert named_icons == [5]  # the sample's other sets keep their sphinx-design icons, inline
