"""kbgen's HTML translator: small changes to Sphinx's HTML5 output for readers on phones and for a strict CSP.

Wide tables are wrapped in a box that scrolls horizontally on its own, so the page never
does; the box is focusable and labelled so keyboard users can scroll it too (WCAG 2.1.1).

No ``style=""`` attribute is ever written: a strict Content-Security-Policy blocks them.
Author sizes are turned into attributes and classes beforehand (kbgen.sphinx_ext.sizes); table
``:widths:`` become ``kb-col-<n>`` classes here; and any other node that still asks for an inline
style (a future directive option, sphinx-design's ``{div}`` ``:style:``) is an error at its line.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

from kbgen.sphinx_ext.sizes import column_class
from kbgen.sphinx_ext.theme import _

logger = logging.getLogger(__name__)


class KbgenTranslator(HTML5Translator):
    def visit_table(self, node: nodes.Element) -> None:
        label = _("Tabela (role para o lado para ver todas as colunas)")
        self.body.append(f'<div class="kb-table-scroll" tabindex="0" role="region" aria-label="{label}">\n')
        super().visit_table(node)

    def depart_table(self, node: nodes.Element) -> None:
        super().depart_table(node)
        self.body.append("</div>\n")

    def depart_colspec(self, node: nodes.Element) -> None:
        # docutils writes <col style="width: 25.0%">; the same widths as classes
        if isinstance(node.next_node(descend=False, siblings=True), nodes.colspec):
            return
        table_classes = node.parent.parent["classes"]
        if "colwidths-auto" in table_classes or (
                "colwidths-grid" not in self.settings.table_style and "colwidths-given" not in table_classes):
            return
        self.body.append(self.starttag(node, "colgroup"))
        total = sum(spec.propwidth() for spec in self.colspecs)
        for spec in self.colspecs:
            self.body.append(self.emptytag(spec, "col", CLASS=column_class(spec.propwidth() / total)))
        self.body.append("</colgroup>\n")

    def starttag(self, node: nodes.Element, tagname: str, suffix: str = "\n", empty: bool = False,
                 **attributes: Any) -> str:
        for name in [n for n in attributes if n.lower() == "style"]:
            value = attributes.pop(name)
            docname = getattr(self.builder, "current_docname", None) or ""
            line = node.line or (node.parent.line if node.parent is not None else None) or 0
            logger.warning("inline style %r on <%s> is blocked by the site's Content-Security-Policy: use the "
                           "option's classes or sizes instead", str(value)[:60], tagname,
                           location=(docname, line), type="kbgen", subtype="error_inline_style")
        return str(super().starttag(node, tagname, suffix, empty, **attributes))


def setup_translator(app: Sphinx) -> None:
    app.set_translator("kbgen", KbgenTranslator)
