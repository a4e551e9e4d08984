"""The page registry is the one list of page kinds: generation, sitemap, digests and reserved
names read it, and a page added by another extension is built and listed like kbgen's own."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from kbgen import urls
from kbgen.sphinx_ext.pages import BUILT_IN
from kbgen.sphinx_ext.theme import THEME_DIR

from .conftest import SAMPLE, copy_site, run_build
from .toy_page import PAGENAME

#: Sphinx's own index pages: kbgen turns them off, their names stay reserved.
SPHINX_PAGES = {"genindex", "py-modindex"}


def test_every_kind_is_declared_once_with_its_template() -> None:
    names = [kind.name for kind in BUILT_IN]
    assert len(names) == len(set(names))
    for kind in BUILT_IN:
        assert (THEME_DIR / "kbgen" / kind.template).is_file(), kind.template
        assert (kind.pagename is None) != (kind.pages is None), f"{kind.name}: a top-level page or tree pages"


def test_reserved_names_are_the_registry_top_level_pages() -> None:
    """Slugs are checked before Sphinx starts (kbgen.urls); the names they may not take are the
    registry's top-level pages, plus Sphinx's index pages."""
    top = {kind.pagename for kind in BUILT_IN if kind.pagename is not None}
    assert top | SPHINX_PAGES == urls.RESERVED_PAGES


def test_a_page_kind_added_by_an_extension_is_built_and_in_the_sitemap(tmp_path: Path) -> None:
    """docs/architecture.md, "How to add a page": kbgen's build, then Sphinx again on the same
    sources with the toy extension (tests/toy_page) added."""
    content = copy_site(SAMPLE, tmp_path / "content")
    report, output = run_build(content, tmp_path)
    assert not report.problems, output
    src, out = tmp_path / "cache" / "src", tmp_path / "toy-out"
    with patch_docutils(src), docutils_namespace():
        app = Sphinx(str(src), str(src), str(out), str(tmp_path / "cache" / "doctrees"), "kbgen",
                     status=None, warning=None, freshenv=False,
                     confoverrides={"extensions": "myst_parser,sphinx_design,kbgen.sphinx_ext,tests.toy_page"})
        app.build()
    page = (out / urls.html_path(PAGENAME)).read_text(encoding="utf-8")
    assert 'class="toy-recent"' in page and "Artigos recentes" in page
    assert re.search(r'<a href="[^"]+\.html">', page.split('class="toy-recent"', 1)[1])
    sitemap = (out / urls.SITEMAP).read_text(encoding="utf-8")
    assert f"https://ajuda.example.gov.br/{PAGENAME}.html" in sitemap
    # the built-in pages are still there, and in the sitemap's order
    listed = re.findall(r"<loc>https://ajuda\.example\.gov\.br/([^<]+)</loc>", sitemap)
    assert listed[:2] == ["index.html", "conjuntos.html"] and f"{PAGENAME}.html" in listed
