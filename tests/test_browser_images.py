"""The image zoom view in Chromium at 320 × 640, with and without JavaScript, under a strict CSP;
and the smaller copy is what a phone downloads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kbgen.headers import CONTENT_SECURITY_POLICY

from .browser_support import serve
from .conftest import build_clean
from .test_images import ARTICLE, WIDE_ALT, make_site

PHONE = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("browser-images")
    out = build_clean(make_site(work / "content"), work)
    with serve(out, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY}) as url:
        yield url + ARTICLE + ".html"


def _watched(context: Any) -> tuple[Any, list[str]]:
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def test_zoom_dialog_with_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page, problems = _watched(context)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
    page.goto(site_url)
    link = page.locator("#kb-zoom-link-1")
    assert link.get_attribute("aria-label") == f"Ampliar imagem: {WIDE_ALT}"
    link.scroll_into_view_if_needed()
    link.tap()
    dialog = page.locator("dialog.kb-zoom-dialog[open]")
    dialog.wait_for()
    assert dialog.get_attribute("aria-label") == WIDE_ALT
    assert dialog.locator("figcaption").inner_text() == WIDE_ALT
    image = dialog.locator("img")
    assert image.evaluate("i => i.complete && i.naturalWidth") == 1600
    # larger than in the article: the reader pans a screenshot at its own size (up to 60rem)
    assert image.bounding_box()["width"] > 2 * link.locator("img").bounding_box()["width"]
    assert page.evaluate("document.activeElement.className") == "kb-zoom-close"
    assert page.evaluate("location.hash") == ""  # no history entry: Back leaves the article as before
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.kb-zoom-dialog[open]", state="detached")
    assert page.evaluate("document.activeElement.id") == "kb-zoom-link-1"
    # the close button, and a click on the backdrop, close it too; focus goes back to each image
    link.press("Enter")
    page.locator("dialog.kb-zoom-dialog[open] .kb-zoom-close").click()
    page.wait_for_selector("dialog.kb-zoom-dialog[open]", state="detached")
    second = page.locator("#kb-zoom-link-2")
    second.click()
    page.wait_for_selector("dialog.kb-zoom-dialog[open]")
    page.mouse.click(3, 3)  # outside the dialog's box: its backdrop
    page.wait_for_selector("dialog.kb-zoom-dialog[open]", state="detached")
    assert page.evaluate("document.activeElement.id") == "kb-zoom-link-2"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    context.close()
    assert problems == []


def test_zoom_reopened_before_the_close_event_keeps_its_view(browser: Any, site_url: str) -> None:
    # A dialog's "close" event is queued as a task: a reader who presses Escape and reopens the
    # image at once (or a fast test) reopens it before the old close handler runs. That stale
    # handler must not empty the new view nor move focus away from it (CI failure of stop 37).
    context = browser.new_context(viewport=PHONE)
    page, problems = _watched(context)
    page.goto(site_url)
    link = page.locator("#kb-zoom-link-1")
    link.click()
    page.wait_for_selector("dialog.kb-zoom-dialog[open]")
    page.evaluate("""() => {
        document.querySelector('dialog.kb-zoom-dialog').close();
        document.getElementById('kb-zoom-link-1').click();  // same task: the close event is still queued
    }""")
    page.evaluate("() => new Promise(r => setTimeout(r, 50))")  # let the queued close event run
    dialog = page.locator("dialog.kb-zoom-dialog[open]")
    assert dialog.locator("figcaption").inner_text() == WIDE_ALT
    assert page.evaluate("document.activeElement.className") == "kb-zoom-close"
    dialog.locator(".kb-zoom-close").click()
    page.wait_for_selector("dialog.kb-zoom-dialog[open]", state="detached")
    assert page.evaluate("document.activeElement.id") == "kb-zoom-link-1"
    context.close()
    assert problems == []


def test_zoom_view_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page, problems = _watched(context)
    page.goto(site_url)
    view = page.locator("#kb-zoom-1")
    assert not view.is_visible()
    page.locator("#kb-zoom-link-1").click()
    assert page.url.endswith("#kb-zoom-1")
    assert view.is_visible() and view.locator("figcaption").inner_text() == WIDE_ALT
    box = view.bounding_box()
    assert box["x"] == 0 and box["y"] == 0 and box["width"] == PHONE["width"]  # covers the screen
    close = view.locator(".kb-zoom-close")
    assert close.is_visible() and close.inner_text().startswith("Fechar")
    close.click()
    assert page.url.endswith("#kb-zoom-link-1") and not view.is_visible()
    assert page.locator("#kb-zoom-link-1").is_visible()  # back where the reader was
    context.close()
    assert problems == []


def test_phone_downloads_the_smaller_copy(browser: Any, site_url: str) -> None:
    loaded: dict[str, list[str]] = {}
    for name, viewport, scale in (("phone", PHONE, 2), ("desktop", {"width": 1280, "height": 800}, 2)):
        context = browser.new_context(viewport=viewport, device_scale_factor=scale)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r, found=requests: found.append(r.url) if "/_images/" in r.url else None)
        page.goto(site_url)
        image = page.locator("#kb-zoom-link-1 img")
        image.scroll_into_view_if_needed()
        page.wait_for_function("i => i.complete && i.currentSrc", arg=image.element_handle())
        loaded[name] = [image.evaluate("i => i.currentSrc"), *requests]
        context.close()
    assert "/_images/kbgen-small/" in loaded["phone"][0]
    assert not any(url.endswith("/tela-larga.png") for url in loaded["phone"][1:])  # the zoom's is lazy
    assert loaded["desktop"][0].endswith("/_images/tela-larga.png")  # 760 CSS px at 2×: the original
