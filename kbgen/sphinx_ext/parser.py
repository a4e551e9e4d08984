"""kbgen's MyST parser: MyST's, with GFM as nodes (kbgen.sphinx_ext.gfm) and nesting bounded
(kbgen.sphinx_ext.nesting).

MyST hard-codes its renderer in ``MystParser.parse`` (myst_parser/parsers/sphinx_.py), so
:meth:`KbgenMystParser.parse` repeats its few lines with kbgen's renderer, minus the front matter
(kbgen.sphinx_ext.source has already replaced it). A ``RecursionError`` that still escapes (a
construct no guard knows of) becomes an error at the article's deepest block being rendered, and
the article is left empty: the other articles are still read and reported.
"""

from __future__ import annotations

from docutils import nodes
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx
from sphinx.util import logging

from kbgen.sphinx_ext.gfm import GfmRendering, setup_gfm
from kbgen.sphinx_ext.nesting import NestingGuard

logger = logging.getLogger(__name__)


class KbgenRenderer(GfmRendering, NestingGuard, SphinxRenderer):
    """MyST's Sphinx renderer with kbgen's GFM nodes and nesting guard."""

    _kb_lines: list[str]
    _kb_line = 1  # the line of the block being rendered: where a RecursionError is reported

    def nested_render_text(self, text: str, lineno: int, inline: bool = False,
                           temp_root_node: nodes.Element | None = None, heading_offset: int = 0) -> None:
        outer, self._kb_line = self._kb_line, max(lineno, self._kb_line)
        super().nested_render_text(text, lineno, inline, temp_root_node, heading_offset)
        self._kb_line = outer  # not on an exception: a RecursionError is reported at the deepest line


class KbgenMystParser(MystParser):
    def parse(self, inputstring: str, document: nodes.document) -> None:
        parser = create_md_parser(document.settings.env.myst_config, KbgenRenderer)
        parser.options["document"] = document
        renderer = parser.renderer
        assert isinstance(renderer, KbgenRenderer)
        renderer._kb_lines = inputstring.splitlines()
        try:
            parser.render(inputstring)
            renderer.prune_deep_tree()
        except RecursionError:
            document.clear()
            renderer._render_finalise()  # the settings MyST's transforms read
            logger.warning("this article nests blocks too deeply to be read (quotes, lists, fences and directives "
                           "inside each other): is a ':::' or '```' fence never closed? Close each fence, or flatten "
                           "the nesting", location=(document.settings.env.docname, renderer._kb_line),
                           type="kbgen", subtype="error_nesting")


def setup_parser(app: Sphinx) -> None:
    setup_gfm(app)
    app.add_source_parser(KbgenMystParser, override=True)
