"""What a page downloads besides its own HTML (issue 25: bytes without server compression): kbgen's
scripts and stylesheets ship minified with their licence notices, and sphinx-design's and
Pygments' stylesheets are linked only from pages that show one of their components or code.
(That the minified scripts still work, under a strict CSP, from file:// and over HTTP: the
browser tests, which load what a build ships.)"""

from __future__ import annotations

import gzip
import re
import subprocess
from pathlib import Path

import pytest

from kbgen.minify import READABLE_VARIABLE, minify, shipped
from kbgen.search.scripts import ENGINE_SCRIPTS, NOTICES, render_script, shipped_script
from kbgen.sphinx_ext.builder import own_assets
from kbgen.sphinx_ext.page_stylesheets import DESIGN_STYLESHEET, PYGMENTS_STYLESHEET, uses_design, uses_highlight

from .node_bridge import node_executable
from .test_inline_styles import PAGE as FEATURES_PAGE
from .test_inline_styles import build_features_site

DESIGN_LINK = re.compile(r'<link rel="stylesheet" href="[^"]*sphinx-design\.min\.css"')
PYGMENTS_LINK = re.compile(r'<link rel="stylesheet" href="[^"]*pygments\.css"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_features_site(tmp_path_factory)


def test_theme_scripts_and_stylesheets_ship_minified(site: Path) -> None:
    assets = own_assets()
    names = {path.name for path in assets}
    assert {"kbgen.css", "kbgen.js", "kbgen-search-ui.js", "kbgen-search-results.js", "kbgen-handoff.css"} <= names
    source_bytes = shipped_bytes = 0
    for path in assets:
        source = path.read_text(encoding="utf-8")
        published = (site / "_static" / path.name).read_text(encoding="utf-8")
        assert published == minify(path.name, source), path.name
        assert len(published) < len(source), path.name
        source_bytes += len(source.encode())
        shipped_bytes += len(published.encode())
    assert shipped_bytes < 0.75 * source_bytes, (shipped_bytes, source_bytes)


def test_engine_scripts_ship_minified_with_their_notices(site: Path) -> None:
    for name in ENGINE_SCRIPTS:
        published = (site / "_static" / name).read_text(encoding="utf-8")
        assert published == shipped_script(name), name
        assert len(published) < 0.8 * len(render_script(name)), name
        # the sibling a gzip_static server sends holds the same minified bytes
        assert gzip.decompress((site / "_static" / (name + ".gz")).read_bytes()) == published.encode(), name
    assert "CC BY-SA 4.0" in (site / "_static" / "kbgen-search.js").read_text(encoding="utf-8")
    normalise = (site / "_static" / "kbgen-normalise.js").read_text(encoding="utf-8")
    assert normalise.startswith("/*! ") and "MPL-1.1" in normalise and "Snowball" in normalise
    assert set(NOTICES) <= set(ENGINE_SCRIPTS)


def test_sphinx_design_stylesheet_only_where_a_component_is(site: Path) -> None:
    assert (site / DESIGN_STYLESHEET).is_file()  # published, for the pages that use it
    features = (site / FEATURES_PAGE).read_text(encoding="utf-8")
    assert 'class="sd-tab-set' in features and len(DESIGN_LINK.findall(features)) == 1
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    linked = [str(page.relative_to(site)) for page in pages if DESIGN_LINK.search(page.read_text(encoding="utf-8"))]
    assert linked == [FEATURES_PAGE]
    # kbgen's own stylesheets are still on every page
    assert all('_static/kbgen.css"' in page.read_text(encoding="utf-8") for page in pages)


def test_pygments_stylesheet_only_where_code_is_shown(site: Path) -> None:
    assert (site / PYGMENTS_STYLESHEET).is_file()
    pages = sorted(site.rglob("*.html"))
    linked = [str(page.relative_to(site)) for page in pages if PYGMENTS_LINK.search(page.read_text(encoding="utf-8"))]
    assert linked == [FEATURES_PAGE]  # its code block; search.html, the home page … link none
    assert 'class="highlight' in (site / FEATURES_PAGE).read_text(encoding="utf-8")


@pytest.mark.parametrize("body, expected", [
    ('<div class="highlight-text notranslate"><div class="highlight"><pre>', True),
    ('<code class="code highlight python docutils literal notranslate">', True),
    ('<div class="highlight-default notranslate">', False),  # the wrapper alone is styled by nobody
    ('<p class="kb-highlighted">highlight</p>', False),
    ("<code>class=&quot;highlight&quot;</code>", False),
    ("", False),
])
def test_highlighted_code_is_recognised(body: str, expected: bool) -> None:
    assert uses_highlight(body) is expected


@pytest.mark.parametrize("body, expected", [
    ('<div class="sd-tab-set docutils">', True),
    ('<details class="sd-sphinx-override sd-dropdown sd-card">', True),
    ('<span class="sd-badge sd-bg-primary">novo</span>', True),
    ('<p class="kb-sd-note">sd-card in text</p>', False),
    ('<code>class=&quot;sd-card&quot;</code>', False),  # markup shown as text is escaped
    ("", False),
])
def test_design_components_are_recognised(body: str, expected: bool) -> None:
    assert uses_design(body) is expected


def test_minify_keeps_what_the_code_means() -> None:
    node_path = node_executable()
    script = ("/*! notice kept */\n/* dropped */\nvar a = `x   y ${ 1 +  2 }  // still text\n  z`;\n"
              "var r = /a b\\/c/g.test('q'); // dropped\nvar b = a\n++r\nconsole.log(JSON.stringify([a, r, b]));\n")
    out = minify("x.js", script)
    assert "/*! notice kept */" in out and "dropped" not in out and "// still text" in out
    ran = subprocess.run([node_path, "-e", out], capture_output=True, text=True, check=True).stdout
    expected = subprocess.run([node_path, "-e", script], capture_output=True, text=True, check=True).stdout
    assert ran == expected
    css = "/*! kept */\n/* dropped */\n.kb-a  >  .b ,\n.c { color : red ; content: \"a  b\" }\n"
    assert minify("x.css", css) == '/*! kept */.kb-a>.b,.c{color:red;content:"a  b"}\n'
    with pytest.raises(ValueError):
        minify("x.html", "<p>")


def test_readable_assets_ship_the_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "// why\nvar  a = 1;\n"
    assert shipped("a.js", source) == "var a=1;\n"
    monkeypatch.setenv(READABLE_VARIABLE, "1")
    assert shipped("a.js", source) == source
    assert shipped("a.js", source, "Licence X */ y") == "/*! Licence X * / y */\n" + source
