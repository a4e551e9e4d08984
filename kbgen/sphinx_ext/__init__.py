"""kbgen's Sphinx extension: ``setup()`` is a table of contents, one ``setup_<feature>`` each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kbgen import __version__

if TYPE_CHECKING:  # importing the package (staging, sphinx_run) must not load Sphinx: CLI start-up
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    from kbgen.sphinx_ext.author_assets import setup_author_assets
    from kbgen.sphinx_ext.builder import setup_builder
    from kbgen.sphinx_ext.catalogue import setup_catalogue
    from kbgen.sphinx_ext.feeds import setup_feeds
    from kbgen.sphinx_ext.fragments import setup_fragments
    from kbgen.sphinx_ext.handoff import setup_handoff
    from kbgen.sphinx_ext.images import setup_images
    from kbgen.sphinx_ext.include_locations import setup_include_locations
    from kbgen.sphinx_ext.incremental import setup_incremental
    from kbgen.sphinx_ext.lost_links import setup_lost_links
    from kbgen.sphinx_ext.markup_policy import setup_markup_policy
    from kbgen.sphinx_ext.page_stylesheets import setup_page_stylesheets
    from kbgen.sphinx_ext.pages import setup_pages
    from kbgen.sphinx_ext.parser import setup_parser
    from kbgen.sphinx_ext.redirects import setup_redirects
    from kbgen.sphinx_ext.safety import setup_safety
    from kbgen.sphinx_ext.search import setup_search
    from kbgen.sphinx_ext.seo import setup_seo
    from kbgen.sphinx_ext.sizes import setup_sizes
    from kbgen.sphinx_ext.source import setup_source
    from kbgen.sphinx_ext.state import setup_state
    from kbgen.sphinx_ext.table_lines import setup_table_lines
    from kbgen.sphinx_ext.theme import setup_theme
    from kbgen.sphinx_ext.translator import setup_translator

    setup_state(app)
    setup_builder(app)
    setup_theme(app)
    setup_page_stylesheets(app)
    setup_translator(app)
    setup_source(app)
    setup_include_locations()
    setup_fragments()
    setup_parser(app)
    setup_catalogue(app)
    setup_images(app)
    setup_sizes(app)
    setup_author_assets(app)
    setup_safety(app)
    setup_lost_links(app)
    setup_table_lines(app)
    setup_markup_policy(app)
    setup_pages(app)
    setup_handoff(app)
    setup_incremental(app)
    setup_search(app)
    setup_redirects(app)
    setup_seo(app)
    setup_feeds(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        # bump when the data kbgen keeps on the environment changes shape
        # 3: the article catalogue and page digests live in the kbgen domain (was: env attributes);
        # 4: the domain keeps only what the doctree gives (ArticleText), the model the rest
        "env_version": 4,
    }
