"""kbgen's HTML translator: small changes to Sphinx's HTML5 output for readers on phones.

Wide tables are wrapped in a box that scrolls horizontally on its own, so the page never
does; the box is focusable and labelled so keyboard users can scroll it too (WCAG 2.1.1).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from kbgen.sphinx_ext.theme import _


class KbgenTranslator(HTML5Translator):
    def visit_table(self, node: nodes.Element) -> None:
        label = _("Tabela (role para o lado para ver todas as colunas)")
        self.body.append(f'<div class="kb-table-scroll" tabindex="0" role="region" aria-label="{label}">\n')
        super().visit_table(node)

    def depart_table(self, node: nodes.Element) -> None:
        super().depart_table(node)
        self.body.append("</div>\n")


def setup_translator(app: Sphinx) -> None:
    app.set_translator("kbgen", KbgenTranslator)
