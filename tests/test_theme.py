"""Theme options from kb.yml: colour with a contrast check, logo, no external assets."""

from __future__ import annotations

import colorsys
import re
import tomllib
from pathlib import Path

import pytest

from kbgen.colors import (
    DARK,
    DARK_CONTRAST,
    DARK_SURFACE,
    MIN_CONTRAST,
    WHITE,
    brand_colour_problem,
    colour_on_dark,
    contrast,
    text_colour_on,
)
from kbgen.sphinx_ext.theme import THEME_DIR

from .conftest import build_clean, run_build


def test_text_colour_is_the_more_readable_one() -> None:
    assert text_colour_on("#1a5e9a") == WHITE
    assert text_colour_on("#ffcc00") == DARK
    for colour in ("#1a5e9a", "#ffcc00", "#767676", "#2e7d32", "#000000", "#ffffff"):
        chosen = text_colour_on(colour)
        other = DARK if chosen == WHITE else WHITE
        assert contrast(colour, chosen) >= contrast(colour, other)


def test_refused_colour_gets_a_working_suggestion() -> None:
    problem = brand_colour_problem("#5fa8e8")
    assert problem is not None
    suggestion = re.search(r"'(#[0-9a-f]{6})'", problem)
    assert suggestion and contrast(suggestion.group(1), WHITE) >= 4.5
    assert brand_colour_problem("#1a5e9a") is None


def _hue(colour: str) -> float:
    return colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0]


@pytest.mark.parametrize("colour", ["#1a5e9a", "#0b6e4f", "#b3261e", "#6b3fa0", "#000000", "#767676"])
def test_dark_theme_shade_reads_on_the_dark_page_and_keeps_the_hue(colour: str) -> None:
    shade = colour_on_dark(colour)
    assert contrast(shade, DARK_SURFACE) >= DARK_CONTRAST >= MIN_CONTRAST
    assert contrast(shade, "#0d1117") >= MIN_CONTRAST  # the dark page (--kb-bg) is darker still
    assert contrast(shade, text_colour_on(shade)) >= MIN_CONTRAST  # a filled button's text
    assert contrast(shade, WHITE) < contrast(colour, WHITE)  # lighter, not another colour
    if colour not in ("#000000", "#767676"):  # greys have no hue to keep
        assert abs(_hue(shade) - _hue(colour)) < 0.01


def test_a_colour_light_enough_for_dark_pages_is_kept() -> None:
    assert colour_on_dark("#ffcc00") == "#ffcc00"


def test_theme_defaults_are_the_computed_ones() -> None:
    """theme.toml's defaults (a site without kb.yml color) are what kbgen.colors computes."""
    options = tomllib.loads((THEME_DIR / "kbgen" / "theme.toml").read_text(encoding="utf-8"))["options"]
    assert options["text_color"] == text_colour_on(options["color"])
    assert options["dark_color"] == colour_on_dark(options["color"])
    assert options["dark_text_color"] == text_colour_on(options["dark_color"])


def test_colour_and_logo_reach_the_pages(site: Path, tmp_path: Path) -> None:
    (site / "logo.png").write_bytes((site / "fiscal/nota-fiscal-eletronica/img/cancelar.png").read_bytes())
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "color: '#0b6e4f'\nlogo: logo.png\n", encoding="utf-8")
    out = build_clean(site, tmp_path)
    css = (out / "_static" / "kbgen-colors.css").read_text(encoding="utf-8")
    assert "--kb-brand: #0b6e4f;" in css and "--kb-on-brand: #ffffff;" in css
    dark = colour_on_dark("#0b6e4f")
    assert f"--kb-brand-dark: {dark};" in css and f"--kb-on-brand-dark: {text_colour_on(dark)};" in css
    article = (out / "fiscal/escrita-fiscal/como-declarar-sem-movimento.html").read_text(encoding="utf-8")
    # published under a name made from its content (kbgen.assets), never the author's own file name
    logo = re.search(r'<img class="kb-logo" src="../../_static/(author/[0-9a-f]{20}\.png)"', article)
    assert logo and (out / "_static" / logo.group(1)).read_bytes() == (site / "logo.png").read_bytes()
    assert not (out / "_static" / "logo.png").exists()


def test_missing_logo_is_an_error(site: Path, tmp_path: Path) -> None:
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "logo: nao-existe.png\n", encoding="utf-8")
    report, output = run_build(site, tmp_path)
    assert report.status == 1 and "content/kb.yml:5: 'logo': no file nao-existe.png in the content folder" in output


def test_no_asset_from_another_host_and_no_inline_script_or_style(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # assets only: canonical and feed links are addresses, not downloads
        assets = re.findall(r'<(?:script|img)[^>]+src="([^"]+)"|<link rel="(?:stylesheet|icon)"[^>]+href="([^"]+)"',
                            html)
        for url in (a or b for a, b in assets):
            assert not url.startswith(("http://", "https://", "//")) or page.name == "404.html", (page, url)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert "<style" not in html and ' style="' not in html, page


def test_set_icon_on_tiles(site: Path, tmp_path: Path) -> None:
    (site / "fiscal" / "icone.png").write_bytes((site / "fiscal/nota-fiscal-eletronica/img/cancelar.png").read_bytes())
    set_file = site / "fiscal" / "_set.yml"
    set_file.write_text(set_file.read_text(encoding="utf-8") + "icon: fiscal/icone.png\n", encoding="utf-8")
    out = build_clean(site, tmp_path)
    icon = re.search(r'<img class="kb-tile-icon" src="_static/(author/[0-9a-f]{20}\.png)" alt=""',
                     (out / "index.html").read_text(encoding="utf-8"))
    assert icon and (out / "_static" / icon.group(1)).read_bytes() == (site / "fiscal" / "icone.png").read_bytes()
