"""Author sizes render without inline styles (a strict CSP blocks ``style=""``): issue 18, item 12 / must-hold 9."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kbgen.exitcodes import ExitStatus
from kbgen.sphinx_ext.sizes import sizes_css

from .conftest import FIXTURES, MINIMAL, build_clean, copy_site, run_build

FEATURES = FIXTURES / "author_features" / "recursos-de-autoria.md"
MODULE = "fiscal/nota-fiscal-eletronica"
PAGE = f"{MODULE}/recursos-de-autoria.html"
#: relative to the page, or from base_url's path (the 404 page: "/" for this site)
OWN_SCRIPT = re.compile(r'<script src="(/|(\.\./)*)_static/kbgen[\w.-]*\.js'
                        r'(\?v=[0-9a-f]+)?"( defer)?></script>')


def add_author_features(site: Path, image: Path | None = None) -> None:
    """Put the author-features article (and the image it shows) into a module of ``site``."""
    shutil.copy(FEATURES, site / MODULE / FEATURES.name)
    (site / MODULE / "img").mkdir(exist_ok=True)
    shutil.copy(image or MINIMAL / MODULE / "img" / "cancelar.png", site / MODULE / "img" / "cancelar.png")


def build_features_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal site with the author-features article (tabs, a dropdown, grids of cards), built."""
    work = tmp_path_factory.mktemp("author-features")
    site = copy_site(MINIMAL, work / "content")
    add_author_features(site)
    return build_clean(site, work)


@pytest.fixture(scope="module")
def features_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_features_site(tmp_path_factory)


def test_no_page_has_an_inline_style_or_foreign_script(features_site: Path) -> None:
    pages = sorted(features_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE), (page, re.findall(r".{80}style=.{40}", html))
        assert "<style" not in html.lower(), page
        scripts = re.findall(r"<script\b[^>]*>.*?</script>", html, re.DOTALL | re.IGNORECASE)
        foreign = [s for s in scripts if not OWN_SCRIPT.fullmatch(s)]
        assert foreign == [], (page, foreign)


def test_sizes_become_attributes_and_classes(features_site: Path) -> None:
    html = (features_site / PAGE).read_text(encoding="utf-8")
    images = {m.group(1): m.group(0) for m in re.finditer(r'<img alt="([^"]*)"[^>]*>', html)}
    # the image is 120 × 80
    assert 'width="200"' in images["Tela com largura em pixels"] and 'height="133"' in images[
        "Tela com largura em pixels"]
    assert 'width="60"' in images["Tela com escala"] and 'height="40"' in images["Tela com escala"]
    assert 'width="160"' in images["Tela com largura e altura em em"]
    assert 'height="80"' in images["Tela com largura e altura em em"]
    assert "align-center" in images["Tela com largura e altura em em"]
    assert "kb-w-50" in images["Tela com largura em porcentagem"]
    assert "width=" not in images["Tela com largura em porcentagem"]
    assert 'width="300"' in images["Figura com largura"] and 'height="200"' in images["Figura com largura"]
    assert re.search(r'<figure class="[^"]*kb-w-60', html)
    assert re.search(r'<table class="[^"]*kb-w-80', html)
    # ({table} around a Markdown table: MyST keeps the table's own column widths, never a style either)
    for columns in (("kb-col-20", "kb-col-30", "kb-col-50"), ("kb-col-25", "kb-col-75")):
        assert "".join(f'<col class="{c}" />' for c in columns) in html.replace("\n", ""), columns
    css = (features_site / "_static" / "kbgen-sizes.css").read_text(encoding="utf-8")
    assert css == sizes_css() and ".kb-w-60{width:60%}" in css and "col.kb-col-25{width:25%}" in css
    assert '_static/kbgen-sizes.css' in html


@pytest.mark.parametrize("snippet, message", [
    ("::::{div}\n:style: background:url(//evil.example/x)\n\nTexto\n::::",
     "inline style 'background:url(//evil.example/x)' on <div> is blocked by the site's Content-Security-Policy"),
    ("```{image} img/cancelar.png\n:alt: Tela\n:width: 10vw\n```",
     "image width '10vw': use pixels (e.g. 640 or 640px) or, for the width, a percentage (50%)"),
    ("```{image} img/cancelar.png\n:alt: Tela\n:height: 3ex\n```",
     "image height '3ex': use pixels"),
])
def test_sizes_that_need_a_style_are_errors(site: Path, tmp_path: Path, snippet: str, message: str) -> None:
    path = site / MODULE / "como-cancelar-uma-nfs-e.md"
    body = path.read_text(encoding="utf-8")
    line = body.count("\n") + 2
    path.write_text(body + "\n" + snippet + "\n", encoding="utf-8")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    assert f"content/{MODULE}/como-cancelar-uma-nfs-e.md:{line}" in output and message in output, output
