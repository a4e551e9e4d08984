"""A set's ``icon:`` (issue 24, item 4): sphinx-design's named icons or the author's image, checked at
the ``_set.yml`` line, and shown inline on tiles, the set sidebar heading and the set's crumb."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from kbgen.loading.walker import load_site
from kbgen.set_icons import ICON_SETS, icon_svg, set_icon
from kbgen.validation import Invalid

from .conftest import MINIMAL, build_clean, copy_site

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
AUTHOR_SVG = f'<svg {SVG_NS} viewBox="0 0 10 10"><rect width="10" height="10" fill="#123456"/></svg>'
MODULE = "fiscal/nota-fiscal-eletronica"
ARTICLE = f"{MODULE}/como-cancelar-uma-nfs-e"


def _sphinx_design_names(icon_set: str) -> set[str]:
    """The names sphinx-design's own role accepts, read from its data file independently of kbgen."""
    text = resources.files("sphinx_design.compiled").joinpath(ICON_SETS[icon_set]).read_text(encoding="utf-8")
    return set(json.loads(text))


# --- the value forms ------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["octicon:book", "octicon:file-badge", "material-regular:home",
                                   "material-outlined:receipt_long", "material-round:groups",
                                   "material-sharp:calculate", "material-twotone:inventory_2"])
def test_a_named_icon_of_each_set_is_accepted(value: str) -> None:
    icon_set, name = value.split(":")
    assert name in _sphinx_design_names(icon_set)  # the example is a real sphinx-design name
    assert set_icon(value) == value


@pytest.mark.parametrize("value", ["fiscal/icone.svg", "icone.png", "img/marca.webp"])
def test_a_path_stays_a_path(value: str) -> None:
    assert set_icon(value) == value


@pytest.mark.parametrize("value, message", [
    ("octicon:boook", "unknown icon 'boook' in sphinx-design's octicon icons; did you mean 'octicon:book'?"),
    ("material-outlined:receipt-long", "did you mean 'material-outlined:receipt_long'?"),
    ("octicon:receipt_long", "did you mean 'material-regular:receipt_long'?"),  # the name is in another set
    ("octicons:book", "unknown icon set 'octicons' in 'octicons:book': did you mean 'octicon:book'?"),
    ("fa:home", "Font Awesome is not available"),
    ("book", "expected a named icon such as octicon:book or material-outlined:receipt_long, or the path of an "
             "image inside the content folder, found 'book'; did you mean 'octicon:book'?"),
    ("https://cdn.example.com/icon.svg", "expected a path inside the content folder"),
    ("fiscal/icone.js", "expected an image"),
])
def test_wrong_values_say_what_was_meant(value: str, message: str) -> None:
    with pytest.raises(Invalid) as caught:
        set_icon(value)
    assert message in str(caught.value)


def test_an_icon_whose_shape_links_elsewhere_is_refused() -> None:
    # the one twotone icon drawn with <use xlink:href> (a reference the safety check refuses)
    assert "medication_liquid" in _sphinx_design_names("material-twotone")
    with pytest.raises(Invalid, match="cannot be shown under the site's security rules"):
        set_icon("material-twotone:medication_liquid")


@pytest.mark.parametrize("value", ["octicon:people", "material-regular:screen_search_desktop",
                                   "material-regular:recommend"])
def test_inline_markup_is_decorative_coloured_by_text_and_has_no_style(value: str) -> None:
    # screen_search_desktop's shapes carry style="fill:none", recommend's a <title>, in sphinx-design's data
    svg = icon_svg(set_icon(value))
    root = svg[: svg.index(">") + 1]
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert 'aria-hidden="true"' in root and 'fill="currentColor"' in root and 'focusable="false"' in root
    assert "style" not in svg and "<title" not in svg and "href" not in svg
    if value.endswith("screen_search_desktop"):
        assert 'fill="none"' in svg  # the style became the same presentation attribute


# --- errors at the author's line ------------------------------------------------------------------

def _set_with_icon(site: Path, value: str) -> tuple[Path, int]:
    set_file = site / "fiscal" / "_set.yml"
    text = set_file.read_text(encoding="utf-8")
    set_file.write_text(text + f"icon: {value}\n", encoding="utf-8")
    return set_file, len(text.splitlines()) + 1


@pytest.mark.parametrize("value, message", [
    ("octicon:pepole", "'icon': unknown icon 'pepole' in sphinx-design's octicon icons; did you mean "
                       "'octicon:people'?"),
    ("fiscal/icone.svg", "'icon': fiscal/icone.svg: SVG refused: the element <script> is not allowed"),
    ("fiscal/falta.svg", "'icon': no file fiscal/falta.svg in the content folder"),
])
def test_a_wrong_icon_is_an_error_at_its_line(site: Path, value: str, message: str) -> None:
    (site / "fiscal" / "icone.svg").write_text(f"<svg {SVG_NS}><script>alert(1)</script></svg>", encoding="utf-8")
    _set_file, line = _set_with_icon(site, value)
    _site, problems = load_site(site)
    found = [p for p in problems.errors if p.path == "content/fiscal/_set.yml"]
    assert [(p.line, p.message) for p in found if message in p.message] == [(line, found[0].message)], \
        [p.format() for p in problems.items]


# --- what the pages show --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fiscal with an octicon, Recursos Humanos with the author's SVG."""
    work = tmp_path_factory.mktemp("set-icons")
    site = copy_site(MINIMAL, work / "content")
    (site / "rh" / "icone.svg").write_text(AUTHOR_SVG, encoding="utf-8")
    for folder, value in (("fiscal", "octicon:file-badge"), ("rh", "rh/icone.svg")):
        path = site / folder / "_set.yml"
        path.write_text(path.read_text(encoding="utf-8") + f"icon: {value}\n", encoding="utf-8")
    return build_clean(site, work)


def _read(out: Path, page: str) -> str:
    return (out / page).read_text(encoding="utf-8")


def _named_icon(html: str, holder: str) -> str:
    """The inline icon inside ``<span class="holder">``; fails when there is none."""
    found = re.search(rf'<span class="{holder}">(<svg [^>]*>.*?</svg>)</span>', html, re.S)
    assert found, f"no inline icon in .{holder}"
    return found.group(1)


@pytest.mark.parametrize("page", ["index.html", "conjuntos.html"])
def test_tiles_show_the_named_icon_inline_and_the_authors_image(built: Path, page: str) -> None:
    html = _read(built, page)
    tiles = html.split('<ul class="kb-tiles">', 1)[1].split("</ul>", 1)[0]
    fiscal, rh = tiles.split('<li class="kb-tile">')[1:3]
    svg = _named_icon(fiscal, "kb-tile-icon")
    assert "sd-octicon" not in svg and "kb-set-icon-octicon" in svg and 'aria-hidden="true"' in svg
    image = re.search(r'<img class="kb-tile-icon" src="([^"]+)" alt=""', rh)
    assert image and image.group(1).startswith("_static/author/") and image.group(1).endswith(".svg")
    assert (built / image.group(1)).read_text(encoding="utf-8") == AUTHOR_SVG


@pytest.mark.parametrize("page", ["fiscal/index.html", f"{MODULE}/index.html", f"{ARTICLE}.html"])
def test_set_pages_show_the_icon_in_the_sidebar_heading_and_breadcrumb(built: Path, page: str) -> None:
    html = _read(built, page)
    heading = html.split('<h2 class="kb-sidebar-title">', 1)[1].split("</h2>", 1)[0]
    assert _named_icon(heading, "kb-sidebar-icon") and heading.endswith("Fiscal</a>")
    crumbs = html.split('<nav class="kb-breadcrumb"', 1)[1].split("</nav>", 1)[0]
    steps = re.split(r"<li[ >]", crumbs)[1:]  # the parent step has class="kb-crumb-parent"
    assert "<svg" not in steps[0]  # Início has none
    assert _named_icon(steps[1], "kb-crumb-icon") and re.search(r"</span>Fiscal</(a|span)>", steps[1])
    assert "<svg" not in "".join(steps[2:])  # nor the module or article


def test_no_page_has_a_style_attribute(built: Path) -> None:
    for page in ("index.html", "conjuntos.html", "fiscal/index.html", f"{ARTICLE}.html", "rh/index.html"):
        assert not re.search(r"<[^>]+\sstyle=", _read(built, page)), page


@pytest.mark.parametrize("shapes, problem", [
    ('<path d="M0 0h1"></path><script>alert(1)</script>', "it contains <script>"),
    ('<path d="M0 0h1" onload="alert(1)"></path>', "it has a onload= attribute"),
    ('<path d="M0 0h1" style="behavior:url(x)"></path>', "it has a style= attribute"),  # not a presentation property
    ('<use xlink:href="#a"></use>', "it contains <use>"),
    ('<path d="M0 0h1" fill="url(#gradient)"></path>', "it has a fill= attribute"),
    ("<path d='M0 0h1'></path>", "its markup is not plain SVG shapes"),
])
def test_shapes_that_are_not_a_plain_drawing_are_refused(monkeypatch: pytest.MonkeyPatch, shapes: str,
                                                         problem: str) -> None:
    # the data is a trusted package's, but the check holds whatever a future version ships
    name = f"hostile-{abs(hash(shapes))}"
    data = {name: {"heights": {"16": {"width": 16, "path": shapes}}}}
    monkeypatch.setattr("kbgen.set_icons._icon_data", lambda icon_set: data)
    with pytest.raises(Invalid, match=re.escape(problem)):
        set_icon(f"octicon:{name}")


def test_inline_markup_passes_the_article_icons_check() -> None:
    # the check sphinx-design's icons pass in articles (kbgen.sphinx_ext.icon_policy), on every octicon and
    # every 40th icon of each Material style: kbgen.set_icons' own allow-list is never looser
    from kbgen.sphinx_ext.icon_policy import raw_icon_problem

    checked = 0
    for icon_set in ICON_SETS:
        names = sorted(_sphinx_design_names(icon_set))
        for name in names if icon_set == "octicon" else names[::40]:
            try:
                value = set_icon(f"{icon_set}:{name}")
            except Invalid:
                continue
            svg = icon_svg(value).replace(' focusable="false" fill="currentColor"', "", 1)
            assert raw_icon_problem(svg) is None, value
            checked += 1
    assert checked > 650
