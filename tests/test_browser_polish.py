"""The theme's polish list (docs/theme.md), checked in Chromium on every page kind at 320 and 1280 px,
light and dark: tap targets of 44 px, spacing only from the scale, a focus ring of 3:1 on the page
and on the brand header, hover states; and the suggestion list under an on-screen keyboard.

What is checked are the theme's components: lists of articles (search results included), cards
(set tiles), buttons, "see all" links, headings that link, the suggestion list and the results
page's filter, and the links that stand alone on their line elsewhere: footer, breadcrumb, the
sidebar's and channels' lists, a card's contact lines. Links inside an article's prose are exempt
(WCAG 2.5.8's inline exception); the header and its menu have their own tests (test_browser_header)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kbgen.colors import contrast

from .browser_support import serve
from .test_browser_pages import PAGE_TYPES

PAGES = {**PAGE_TYPES, "most-read": "mais-lidos.html",
         "article-related": "contabilidade/lancamentos-contabeis/como-encerrar-o-mes-contabil.html"}

#: The interactive elements of the theme's lists, cards and buttons.
TARGETS = (".kb-article-list > li > a, .kb-tile-link, .kb-button, .kb-more a, .kb-section-title a, "
           ".kb-suggestion-link, .kb-search-filter select, "
           ".kb-footer-links a, .kb-footer-links button, .kb-breadcrumb a, .kb-plain-list a, .kb-email-list a, "
           ".kb-card p > a, .kb-sidebar-title a, .kb-sidebar-heading a, .kb-handoff-status")
#: The boxes whose margins, paddings and gaps must come from the spacing scale.
SPACED = (".kb-article-list, .kb-article-list > li, .kb-article-list > li > a, .kb-article-where, "
          ".kb-article-description, .kb-tiles, .kb-tile-link, .kb-button, .kb-button-row, .kb-more, "
          ".kb-suggestion-link")
TAP = 44
#: WCAG 2.2 technique C40: a two-colour focus indicator whose colours are 9:1 apart has 3:1 against
#: any background with one of them.
C40_RATIO = 9
RING_RATIO = 3

_AUDIT = """([targets, spaced, tap]) => {
  const visible = el => { const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden'; };
  const name = el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' "' +
    (el.textContent || '').trim().slice(0, 40) + '"';
  const small = [...document.querySelectorAll(targets)].filter(visible).map(el => {
    const r = el.getBoundingClientRect();
    return [name(el), Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10];
  }).filter(([, w, h]) => w < tap - 0.5 || h < tap - 0.5);
  // the scale in px, resolved by the browser from the custom properties
  const probe = document.createElement('div');
  document.body.appendChild(probe);
  const scale = [0];
  for (let i = 1; getComputedStyle(document.documentElement).getPropertyValue('--kb-space-' + i).trim(); i++) {
    probe.style.marginTop = 'var(--kb-space-' + i + ')';
    scale.push(parseFloat(getComputedStyle(probe).marginTop));
  }
  probe.remove();
  const sides = ['Top', 'Right', 'Bottom', 'Left'];
  const off = [];
  for (const el of [...document.querySelectorAll(spaced)].filter(visible)) {
    const s = getComputedStyle(el);
    const values = {};
    for (const side of sides) {
      values['margin' + side] = s['margin' + side];
      values['padding' + side] = s['padding' + side];
    }
    if (/flex|grid/.test(s.display)) { values.rowGap = s.rowGap; values.columnGap = s.columnGap; }
    for (const [prop, value] of Object.entries(values)) {
      if (value === 'normal' || value === 'auto') continue;
      const px = parseFloat(value);
      if (!scale.some(v => Math.abs(v - px) < 0.05)) off.push([name(el), prop, value]);
    }
  }
  return {small, off, scale};
}"""


@pytest.fixture(scope="module")
def base_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site) as url:
        yield url


def _context(browser: Any, width: int, scheme: str, height: int = 800) -> Any:
    return browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)


def _open(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response.ok, url
    if "search.html" in url:
        page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")


def _rgb(css: str) -> str:
    """'rgb(26, 94, 154)' (or rgba, alpha ignored) as '#1a5e9a'."""
    r, g, b = (int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


@pytest.mark.parametrize("width", [320, 1280])
def test_tap_targets_and_spacing_scale_on_every_page_kind(browser: Any, base_url: str, width: int) -> None:
    # sizes and spacing are the same in both schemes (the dark theme changes colours only)
    context = _context(browser, width, "light")
    page = context.new_page()
    problems: dict[str, Any] = {}
    checked = 0
    for kind, path in sorted(PAGES.items()):
        _open(page, base_url + path)
        found = page.evaluate(_AUDIT, [TARGETS, SPACED, TAP])
        assert found["scale"] == [0, 4, 8, 12, 16, 24, 32, 48], (kind, found["scale"])
        checked += page.locator(TARGETS).count()
        if found["small"] or found["off"]:
            problems[kind] = {"under 44 px": found["small"], "off the scale": found["off"]}
    context.close()
    assert checked > 100  # the selectors still find the components
    assert not problems, problems


_RING = """el => {
  el.focus();
  const s = getComputedStyle(el);
  let node = el, background = 'rgba(0, 0, 0, 0)';
  while (node) {  // the colour the ring is drawn on: the first ancestor with a background
    const b = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(b) && b !== 'transparent') { background = b; break; }
    node = node.parentElement;
  }
  return {focusVisible: el.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth),
          offset: parseFloat(s.outlineOffset), outline: s.outlineColor, shadow: s.boxShadow, background};
}"""

#: One element of each kind the ring must show on: the page's components, and the brand header.
RING_TARGETS = {
    "index.html": [".kb-tile-link", ".kb-article-list > li > a", ".kb-button", ".kb-brand"],
    "search.html?q=nfse": ["a.kb-result", ".kb-search-filter select"],
    "prestacao-de-contas/index.html": [".kb-section-title a", ".kb-more a", ".kb-header a"],
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_focus_ring_contrast_on_page_and_header(browser: Any, base_url: str, width: int, scheme: str) -> None:
    context = _context(browser, width, scheme)
    page = context.new_page()
    header = body = None
    rings = []
    for path, selectors in RING_TARGETS.items():
        _open(page, base_url + path)
        page.keyboard.press("Tab")  # keyboard modality: programmatic focus shows :focus-visible
        header = _rgb(page.evaluate("getComputedStyle(document.querySelector('.kb-header')).backgroundColor"))
        body = page.evaluate("getComputedStyle(document.body).backgroundColor")
        for selector in selectors:
            element = page.locator(selector).first
            rings.append((path, selector, element.evaluate(_RING)))
    context.close()
    page_background = "#0d1117" if scheme == "dark" else "#ffffff"
    assert _rgb(body) == page_background  # the scheme asked for is the one shown
    for path, selector, ring in rings:
        where = f"{path} {selector}: {ring}"
        assert ring["focusVisible"] and ring["style"] == "solid" and ring["width"] >= 2, where
        # the halo shows in the gap between the element and the outline
        assert ring["offset"] >= 2 and ring["shadow"] != "none", where
        outline, halo = _rgb(ring["outline"]), _rgb(ring["shadow"])
        assert contrast(outline, halo) >= C40_RATIO, where
        for background in {_rgb(ring["background"]), page_background, header}:
            assert max(contrast(outline, background), contrast(halo, background)) >= RING_RATIO, (where, background)
    assert header and contrast(header, page_background) > 1  # the header's colour was read


HOVER = {
    ".kb-tile-link": "backgroundColor",
    ".kb-article-list > li > a": "textDecorationLine",
    ".kb-button:not(.kb-button-primary)": "backgroundColor",
    ".kb-button-primary": "textDecorationLine",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_hover_states(browser: Any, base_url: str, scheme: str) -> None:
    context = _context(browser, 1280, scheme)
    page = context.new_page()
    page.goto(base_url + "index.html")
    changed = {}
    for selector, prop in HOVER.items():
        element = page.locator(selector).first
        element.scroll_into_view_if_needed()
        page.mouse.move(0, 0)
        before = element.evaluate(f"el => getComputedStyle(el).{prop}")
        element.hover()
        changed[selector] = (before, element.evaluate(f"el => getComputedStyle(el).{prop}"))
    context.close()
    assert all(before != after for before, after in changed.values()), changed


_SUGGESTION_BOX = """() => {
  const list = document.querySelector('#kb-search-input-list');
  const active = list.querySelector('.kb-active');
  const l = list.getBoundingClientRect(), a = active.getBoundingClientRect();
  const vv = window.visualViewport;
  return {id: active.id, top: a.top, bottom: a.bottom, listTop: l.top, listBottom: l.bottom,
          visibleTop: vv.offsetTop, visibleBottom: vv.offsetTop + vv.height};
}"""


def test_suggestions_fit_above_an_on_screen_keyboard(browser: Any, base_url: str) -> None:
    """A keyboard covering half of a 320 × 640 phone leaves a 320 × 320 visual viewport: every
    suggestion is reached with ArrowDown and shown inside the visible part of the page."""
    context = _context(browser, 320, "light", height=640)
    page = context.new_page()
    page.goto(base_url + PAGES["article-image"])
    page.locator("#kb-search-input").focus()
    page.keyboard.type("nota fiscal")
    page.wait_for_selector("#kb-search-input-list:not([hidden]) .kb-suggestion-all")
    page.set_viewport_size({"width": 320, "height": 320})  # the keyboard opens
    page.wait_for_function("document.querySelector('#kb-search-input-list').getBoundingClientRect().bottom"
                           " <= window.visualViewport.height", timeout=5000)
    options = page.locator("#kb-search-input-list [role=option]").count()
    seen = []
    for _ in range(options):
        page.keyboard.press("ArrowDown")
        box = page.evaluate(_SUGGESTION_BOX)
        seen.append(box["id"])
        assert box["listTop"] - 0.5 <= box["top"] and box["bottom"] <= box["listBottom"] + 0.5, box
        assert box["visibleTop"] - 0.5 <= box["top"] and box["bottom"] <= box["visibleBottom"] + 0.5, box
    context.close()
    assert options >= 4 and len(set(seen)) == options and seen[-1].endswith("-all"), seen


_COLOURS = """() => { const s = getComputedStyle(document.body), r = getComputedStyle(document.documentElement);
  return {background: s.backgroundColor, text: s.color, muted: r.getPropertyValue('--kb-muted').trim()}; }"""


def test_high_contrast_wins_over_dark(browser: Any, base_url: str) -> None:
    """The eMAG high-contrast mode (the toggle's class) and the system's prefers-contrast stay in
    force on a dark system: black and white, muted text as strong as the rest."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + "index.html")
    dark = page.evaluate(_COLOURS)
    page.locator(".kb-contrast-toggle").click()
    toggled = page.evaluate(_COLOURS)
    context.close()
    context = browser.new_context(color_scheme="dark", contrast="more")
    page = context.new_page()
    page.goto(base_url + "index.html")
    more = page.evaluate(_COLOURS)
    context.close()
    assert _rgb(dark["background"]) == "#0d1117" and dark["muted"] != "#e6edf3"
    assert _rgb(toggled["background"]) == "#000000" and _rgb(toggled["text"]) == "#ffffff"
    assert toggled["muted"] == "#ffffff"
    assert _rgb(more["background"]) == "#0d1117" and more["muted"] == "#e6edf3"  # muted as strong as text
