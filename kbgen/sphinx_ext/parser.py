"""kbgen's MyST parser: MyST's, with GFM as nodes (kbgen.sphinx_ext.gfm) and nesting bounded
(kbgen.sphinx_ext.nesting).

MyST hard-codes its renderer in ``MystParser.parse`` (myst_parser/parsers/sphinx_.py), so
:meth:`KbgenMystParser.parse` repeats its few lines with kbgen's renderer, minus the front matter
(kbgen.sphinx_ext.source has already replaced it). A ``RecursionError`` that still escapes (a
construct no guard knows of) becomes an error at the line of the deepest token being rendered, and
the article is left empty: the other articles are still read and reported.
"""

from __future__ import annotations

from docutils import nodes
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx
from sphinx.util import logging

from kbgen.sphinx_ext.dialects import DialectHints
from kbgen.sphinx_ext.gfm import GfmRendering, setup_gfm
from kbgen.sphinx_ext.nesting import NestingGuard

logger = logging.getLogger(__name__)


class KbgenRenderer(DialectHints, GfmRendering, NestingGuard, SphinxRenderer):
    """MyST's Sphinx renderer with kbgen's GFM nodes, nesting guard and other tools' admonition hints."""


def _failed_line(error: BaseException, lines: list[str]) -> int:
    """The line of the deepest token MyST was rendering (its ``render_*`` methods name it ``token``),
    else the body's first line (line 1 is the title kbgen.sphinx_ext.source wrote)."""
    line = 0
    trace = error.__traceback__
    while trace is not None:
        found = getattr(trace.tb_frame.f_locals.get("token"), "map", None)
        if found:
            line = int(found[0])
        trace = trace.tb_next
    if line > 1:
        return line
    return next((number for number, text in enumerate(lines[1:], 2) if text.strip()), 1)


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
        except RecursionError as error:
            document.clear()
            renderer._render_finalise()  # the settings MyST's transforms read
            logger.warning("this article nests markup too deeply to be read, here or inside (quotes, lists, fences, "
                           "directives, emphasis or links inside each other, hundreds deep): simplify it — close "
                           "each ':::' or '```' fence, pair each '*', '_' and '['",
                           location=(document.settings.env.docname, _failed_line(error, renderer._kb_lines)),
                           type="kbgen", subtype="error_nesting")


def setup_parser(app: Sphinx) -> None:
    setup_gfm(app)
    app.add_source_parser(KbgenMystParser, override=True)
