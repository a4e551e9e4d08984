"""GFM markup as kbgen's own nodes, never raw HTML: hard line breaks, ``~~strikethrough~~`` and task lists.

MyST renders these three as ``nodes.raw`` (myst_parser/mdit_to_docutils/base.py:
``render_hardbreak``, ``render_s``, ``render_list_item``), which kbgen.sphinx_ext.safety cannot
tell from HTML the author wrote, and which page text (search, descriptions) would read as
``<br />``. Here they are nodes with fixed HTML, so the raw-HTML rule keeps catching only the
author's HTML. The HTML follows GitHub's (``<br>``, ``<del>``, a disabled checkbox); the checkbox
is inside a ``<label>`` with the item's text (its accessible name) and needs no inline style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

if TYPE_CHECKING:  # a mixin of kbgen.sphinx_ext.parser's renderer, whose last base is MyST's
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer as _Renderer
else:
    _Renderer = object


class hard_break(nodes.Inline, nodes.Element):  # type: ignore[misc]  # docutils names nodes in lower case
    """A CommonMark hard line break (two trailing spaces or a trailing backslash)."""

    def astext(self) -> str:
        return "\n"  # page text keeps the two lines apart


class strikethrough(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """GFM ``~~text~~``."""


class task_item(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A task list item's first paragraph, behind a disabled checkbox (``checked`` attribute)."""


def _visit_hard_break(self: HTML5Translator, node: hard_break) -> None:
    self.body.append("<br>\n")


def _depart_nothing(self: HTML5Translator, node: nodes.Element) -> None:
    pass


def _visit_strikethrough(self: HTML5Translator, node: strikethrough) -> None:
    self.body.append("<del>")


def _depart_strikethrough(self: HTML5Translator, node: strikethrough) -> None:
    self.body.append("</del>")


def _visit_task_item(self: HTML5Translator, node: task_item) -> None:
    checked = " checked" if node.get("checked") else ""
    self.body.append('<label class="kb-task"><input type="checkbox" class="task-list-item-checkbox" '
                     f'disabled{checked}> ')


def _depart_task_item(self: HTML5Translator, node: task_item) -> None:
    self.body.append("</label>")


class GfmRendering(_Renderer):
    """Methods of kbgen's MyST renderer (kbgen.sphinx_ext.parser) that replace MyST's raw HTML."""

    def render_hardbreak(self, token: SyntaxTreeNode) -> None:
        self.current_node.append(hard_break())

    def render_s(self, token: SyntaxTreeNode) -> None:
        node = strikethrough()
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def render_list_item(self, token: SyntaxTreeNode) -> None:
        meta = token.meta  # the token's own dict: markdown-it puts a task item's state there
        if "checked" not in meta:
            super().render_list_item(token)
            return
        checked = bool(meta.pop("checked"))  # MyST's list item without its raw <input>
        super().render_list_item(token)
        meta["checked"] = checked
        item = self.current_node.children[-1]
        first = item.children[0] if item.children else None
        if isinstance(first, nodes.paragraph):  # markdown-it always starts a task item with a paragraph
            text = list(first.children)
            first.clear()
            first.append(task_item("", "", *text, checked=checked))


def setup_gfm(app: Sphinx) -> None:
    app.add_node(hard_break, html=(_visit_hard_break, _depart_nothing))
    app.add_node(strikethrough, html=(_visit_strikethrough, _depart_strikethrough))
    app.add_node(task_item, html=(_visit_task_item, _depart_task_item))
