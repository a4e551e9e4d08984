"""However deep an article nests, it is rendered or reported at its line, never a traceback or a silent loss.

What limits an article's nesting, and what kbgen does at each limit:

* markdown-it (MyST's parser) stops at ``maxNesting`` (20) token levels within one parse and
  silently drops what is deeper (markdown_it/parser_block.py, ``tokenize``: "If nesting level
  exceeded - skip tail to the end"): a blockquote inside 19 others, a list item of the 10th
  level. :meth:`NestingGuard._render_tokens` reports each such container at its line.
* MyST parses what a fence or directive holds with a fresh parse (``nested_render_text``), a
  Python recursion per level: about 200 unclosed ``:::name`` lines (DocFX's ``:::row:::``,
  ``:::column:::``, ``:::image …:::``) exhaust Python's stack. :meth:`NestingGuard.nested_render_text`
  does not go deeper than :data:`MAX_DEPTH` fences, nor near the end of the stack, and says where.
* Every later phase walks the doctree recursively: :meth:`NestingGuard.prune_deep_tree` cuts it at
  :data:`MAX_TREE_DEPTH` levels (quotes inside notes inside quotes …), at the line where it does.
* markdown-it does not bound emphasis (``***…***``), and MyST renders each level with a recursion:
  a paragraph nested deeper than :data:`MAX_INLINE_DEPTH` is reported and shown as plain text.
* DocFX's triple-colon lines are not MyST at all: :func:`report_docfx` finds them before MyST
  parses the article, reports them as DocFX with the Markdown to write instead, and blanks them so
  the rest of the article is still checked.

A ``RecursionError`` none of these foresaw is caught by kbgen.sphinx_ext.parser.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from docutils import nodes
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from sphinx.util import logging

from kbgen.sphinx_ext.locations import line_of

if TYPE_CHECKING:  # a mixin of kbgen.sphinx_ext.parser's renderer, whose last base is MyST's
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer as _Renderer
else:
    _Renderer = object

logger = logging.getLogger(__name__)

#: Fences and directives inside each other (each a fresh parse, a dozen Python frames deep) that kbgen
#: renders. Real articles stay under 8 (a note in a tab in a card in a grid: 4).
MAX_DEPTH = 40
#: Doctree levels (a quote is one, a list item two, a directive one to four) that kbgen keeps: every
#: later phase (docutils transforms, Sphinx's pickles, the HTML writer) walks the tree recursively,
#: up to three Python frames a level. Real articles stay under 30.
MAX_TREE_DEPTH = 150
#: Python frames kept free for the deepest parse (markdown-it's 20 levels, MyST's renderer, a
#: directive): a fence is not rendered when the stack is deeper than the limit minus this.
_STACK_RESERVE = 400
#: Fewer fresh parses than this cannot reach MAX_TREE_DEPTH (markdown-it nests 20 levels a parse):
#: no need to measure the tree.
_SHALLOW = MAX_TREE_DEPTH // 30

#: Emphasis, links and images inside each other that kbgen renders (MyST renders each level with a
#: Python recursion; markdown-it does not bound emphasis). Real text stays under 5.
MAX_INLINE_DEPTH = 50

#: Containers whose content markdown-it parses one token level deeper.
_CONTAINERS = ("blockquote_open", "list_item_open", "dd_open", "field_list_item_open", "footnote_open")
_MARKERS_ONLY = re.compile(r"^(?:[\s>]|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$))*$")  # quote and list markers, no text

#: DocFX's triple-colon extension: ``:::image type="content" source="a.png" alt-text="…":::``,
#: ``:::row:::``, ``:::column span="2":::``, ``:::row-end:::`` (a line that ends with ``:::``), and
#: its zone and moniker blocks (``::: zone pivot="x"`` … ``::: zone-end``), inside quotes or lists too.
_DOCFX = re.compile(r"^[ \t>]*:::\s*(?P<name>[A-Za-z][\w-]*)(?:[^\n]*:::\s*$|\s|$)")
_DOCFX_BLOCKS = ("zone", "zone-end", "moniker", "moniker-end")


def _is_docfx(line: str) -> str | None:
    match = _DOCFX.match(line)
    if not match:
        return None
    name = match.group("name")
    if line.rstrip().endswith(":::") and line.strip().strip(":").strip():
        return name
    return name if name in _DOCFX_BLOCKS else None


def _docfx_hint(names: list[str]) -> str:
    kinds = {name.removesuffix("-end") for name in names}
    hints = []
    if "image" in kinds:
        hints.append("an image is ![alt text](img/file.png) (or the {image} directive)")
    if kinds & {"row", "column"}:
        hints.append("rows and columns are sphinx-design's ::::{grid} and :::{grid-item} (close each with its colons)")
    if kinds & {"zone", "moniker"}:
        hints.append("zones and monikers have no equivalent: keep this help center's text, or use {tab-set}")
    if kinds - {"image", "row", "column", "zone", "moniker"}:
        hints.append("write the Markdown or MyST directive ({note}, {code-block} …) instead")
    return "; ".join(hints)


def docfx_lines(lines: list[str]) -> list[int]:
    """0-based indexes of DocFX triple-colon lines, outside code fences."""
    found = []
    fence = ""
    for index, line in enumerate(lines):
        stripped = line.lstrip(" >\t")
        if fence:
            if stripped.startswith(fence) and not stripped.strip().strip(fence[0]):
                fence = ""
            continue
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if marker:
            fence = marker.group(1)
            continue
        if _is_docfx(line):
            found.append(index)
    return found


def report_docfx(docname: str, lines: list[str], offset: int) -> list[str]:
    """Reports DocFX's lines of an article's body (once, at the first; ``offset`` lines come before
    the body) and blanks them, so the rest of the article is still read and checked; returns the lines."""
    found = docfx_lines(lines)
    if not found:
        return lines
    names = [_is_docfx(lines[index]) or "" for index in found]
    first = lines[found[0]].strip()
    more = ""
    if len(found) > 1:
        shown = ", ".join(str(offset + index + 1) for index in found[1:11]) + (", …" if len(found) > 11 else "")
        more = f" (and {len(found) - 1} more line{'s' if len(found) > 2 else ''} like it: {shown})"
    logger.warning("%r is DocFX's triple-colon syntax, not Markdown kbgen reads%s: %s",
                   first[:60], more, _docfx_hint(names),
                   location=(docname, offset + found[0] + 1), type="kbgen", subtype="error_docfx")
    blanked = list(lines)
    for index in found:
        blanked[index] = ""
    return blanked


def _stack_depth() -> int:
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth


_TOO_DEEP = ("%s, and what is deeper is not rendered: is a ':::' or '```' "
             "fence above never closed? Close each fence with a line of the same colons or backticks, or flatten "
             "the nesting")


class NestingGuard(_Renderer):
    """Methods of kbgen's MyST renderer (kbgen.sphinx_ext.parser) that bound and report nesting."""

    _kb_too_deep_reported = False
    _kb_depth = 0  # fresh parses in progress: fences and directives inside each other
    _kb_peak = 0
    _kb_outermost = 0  # the line of the outermost fence or directive being rendered
    _kb_lines: list[str]  # the article as MyST reads it (kbgen.sphinx_ext.parser)

    def nested_render_text(self, text: str, lineno: int, inline: bool = False,
                           temp_root_node: nodes.Element | None = None, heading_offset: int = 0) -> None:
        if inline:
            super().nested_render_text(text, lineno, inline, temp_root_node, heading_offset)
            return
        if self._kb_depth >= MAX_DEPTH or _stack_depth() > sys.getrecursionlimit() - _STACK_RESERVE:
            if not self._kb_too_deep_reported:  # one report: every block inside would say the same
                self._kb_too_deep_reported = True
                what = (f"more than {MAX_DEPTH} fences and directives are nested inside each other, from line "
                        f"{self._kb_outermost} to here" if self._kb_depth >= MAX_DEPTH else
                        "blocks (quotes, lists, fences and directives) are nested too deeply here")
                self._kb_error(max(lineno, 1), "error_nesting", _TOO_DEEP, what)
            return
        if not self._kb_depth:
            self._kb_outermost = max(lineno, 1)
        self._kb_depth += 1
        self._kb_peak = max(self._kb_peak, self._kb_depth)
        try:
            super().nested_render_text(text, lineno, inline, temp_root_node, heading_offset)
        finally:
            self._kb_depth -= 1

    def render_colon_fence(self, token: SyntaxTreeNode) -> None:
        parts = (token.info or "").strip().split(maxsplit=1)
        name = parts[0] if parts else ""
        if name.startswith("{") and name.endswith("}") and token.content.startswith(":::"):
            # MyST (base.py, render_colon_fence) puts a blank line before a nested fence, so that its
            # ':::' is not read as an option; option parsing now stops at ':::' lines itself
            # (parsers/directives.py, is_option_line), and the blank line moved every line inside one
            # down per level (a broken link in a card in a grid was reported two lines low)
            self.render_directive(token, name[1:-1], parts[1] if len(parts) > 1 else "")
            return
        super().render_colon_fence(token)

    def prune_deep_tree(self) -> None:
        """Reports and cuts the doctree where it is deeper than :data:`MAX_TREE_DEPTH` (quotes and
        lists inside fences inside quotes …), without recursion; cheap unless fences nest deeply."""
        if self._kb_peak < _SHALLOW:
            return
        stack: list[tuple[nodes.Node, int]] = [(self.document, 0)]
        while stack:
            node, depth = stack.pop()
            if not isinstance(node, nodes.Element):
                continue
            if depth >= MAX_TREE_DEPTH and node.children:
                node.clear()
                if not self._kb_too_deep_reported:
                    self._kb_too_deep_reported = True
                    self._kb_error(max(line_of(node), 1), "error_nesting", _TOO_DEEP,
                                   f"blocks (quotes, lists, fences and directives) are nested more than "
                                   f"{MAX_TREE_DEPTH} levels deep here")
                continue
            stack.extend((child, depth + 1) for child in node.children)

    def _render_tokens(self, tokens: list[Token]) -> None:
        limit = int(self.md.options.get("maxNesting", 20))
        for token in tokens:
            if token.type in _CONTAINERS and token.level + 1 >= limit and token.map:
                self._report_dropped(token, limit)
            elif token.type == "inline" and len(token.children or ()) > 2 * MAX_INLINE_DEPTH:
                self._flatten_deep_inline(token)  # fewer children cannot nest that deep
        super()._render_tokens(tokens)

    def _flatten_deep_inline(self, token: Token) -> None:
        depth = deepest = 0
        for child in token.children or ():
            depth += child.nesting
            deepest = max(deepest, depth)
        if deepest <= MAX_INLINE_DEPTH:
            return
        line = token.map[0] + 1 if token.map else 1  # maps are still 0-based here
        self._kb_error(line, "error_nesting", "emphasis, links or images are nested more than %d deep here, so this "
                       "paragraph is shown as plain text: pair each '*', '_' and '[' (or escape them: '\\*')",
                       MAX_INLINE_DEPTH)
        token.children = [Token("text", "", 0, content=token.content)]

    def _report_dropped(self, token: Token, limit: int) -> None:
        assert token.map is not None
        line = token.map[0] + 1  # maps are still 0-based here (MyST's _render_tokens adds 1)
        body = getattr(self, "_kb_lines", [])
        text = body[token.map[0]:token.map[1]] if body else []
        if text and all(_MARKERS_ONLY.match(item) for item in text):
            return  # nothing but markers: nothing is lost
        if token.type == "blockquote_open":
            self._kb_error(line, "error_nesting", "this blockquote is nested deeper than %d levels (fewer with lists "
                           "inside), and Markdown drops what is deeper: flatten it", limit - 1)
        else:  # a list level is two token levels: the list and its item
            self._kb_error(line, "error_list_depth", "this list is nested deeper than %d levels (fewer inside quotes), "
                           "and Markdown drops what is deeper: flatten it (or split it into several lists)",
                           (limit - 1) // 2)

    def _kb_error(self, line: int, subtype: str, message: str, *args: object) -> None:
        env = self.sphinx_env
        docname = env.docname if env is not None else ""
        logger.warning(message, *args, location=(docname, line), type="kbgen", subtype=subtype)
