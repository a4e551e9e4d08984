"""kbgen's HTML translator: small changes to Sphinx's HTML5 output for readers on phones and for a strict CSP.

Wide tables are wrapped in a box that scrolls horizontally on its own, so the page never
does; the box is focusable and labelled so keyboard users can scroll it too (WCAG 2.1.1).

An image marked by kbgen.sphinx_ext.image_views becomes a link to its zoom view: an overlay at
the end of the page, shown by CSS ``:target`` (no script needed), which kbgen-zoom.js turns into a
``<dialog>`` where scripts run; a smaller copy is offered through ``srcset``/``sizes``.

No ``style=""`` attribute is ever written: a strict Content-Security-Policy blocks them.
Author sizes are turned into attributes and classes beforehand (kbgen.sphinx_ext.sizes); table
``:widths:`` become ``kb-col-<n>`` classes here; and any other node that still asks for an inline
style (a future directive option, sphinx-design's ``{div}`` ``:style:``) is an error at its line.
"""

from __future__ import annotations

import posixpath
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

from kbgen.sphinx_ext.sizes import column_class
from kbgen.sphinx_ext.theme import _

logger = logging.getLogger(__name__)


class KbgenTranslator(HTML5Translator):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._zoom_views: list[str] = []

    def visit_image(self, node: nodes.Element) -> None:
        if not node.get("kb_zoom"):
            super().visit_image(node)
            return
        number = len(self._zoom_views) + 1
        alt = str(node.get("alt", ""))
        label = escape(f"{_('Ampliar imagem')}: {alt}" if alt else _("Ampliar imagem"))
        self.body.append(f'<a class="kb-zoom-link" id="kb-zoom-link-{number}" href="#kb-zoom-{number}" '
                         f'aria-label="{label}">')
        super().visit_image(node)  # node["uri"] is the published image's from here on
        self.body.append("</a>")
        self._zoom_views.append(self._zoom_view(node, number, alt))

    def _zoom_view(self, node: nodes.Element, number: int, alt: str) -> str:
        # alt="" on the large copy: its description is the caption above it (in view on a phone
        # whatever the image's height), read once; its own size, whatever the author's: the zoom
        # view is there to show every pixel
        width, height = node["kb_zoom"]
        close = escape(_("Fechar"))
        source = escape(str(node["uri"]))
        return (f'<div class="kb-zoom" id="kb-zoom-{number}">\n'
                f'<div class="kb-zoom-bar"><a class="kb-zoom-close" href="#kb-zoom-link-{number}">{close}</a></div>\n'
                f'<figure class="kb-zoom-figure"><figcaption>{escape(alt)}</figcaption>\n'
                f'<img src="{source}" alt="" width="{width}" height="{height}" loading="lazy" /></figure>\n'
                '</div>\n')

    def depart_document(self, node: nodes.Element) -> None:
        if self._zoom_views:
            self.body.append('<div class="kb-zoom-views">\n' + "".join(self._zoom_views) + "</div>\n")
        super().depart_document(node)

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
        if tagname == "img" and node.get("kb_small"):
            small = posixpath.join(self.builder.imgpath, str(node["kb_small"]))
            attributes["srcset"] = (f'{small} {node["kb_small_width"]}w, {attributes["src"]} '
                                    f'{node["kb_source_width"]}w')
            attributes["sizes"] = node["kb_sizes"]
        return str(super().starttag(node, tagname, suffix, empty, **attributes))


def setup_translator(app: Sphinx) -> None:
    app.set_translator("kbgen", KbgenTranslator)
