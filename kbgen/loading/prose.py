"""An article's prose, line by line, with its code left out: what the personal-data lint reads.

Code is found by the same Markdown parser MyST builds the page with (markdown-it-py, configured by
myst-parser's ``create_md_parser`` with kbgen's extensions), not by patterns, so a fence inside a
list, an indented block, a colon fence and a code span that wraps a line are all seen as the page
shows them. Left out: fenced (backticks, tildes) and indented code blocks, code directives
(``{code-block}`` …), code spans and code roles (``{kbd}`` …). Directive bodies that are Markdown
(``{note}``, ``{tab-item}`` …) and ``:::name`` divs are parsed again, at their own lines. Every
other line is kept: a line the parser makes no text of (a link reference definition, HTML, what
lies past markdown-it's nesting limit) is read as written, so nothing is skipped that is not known
to be code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline, backtick
from markdown_it.token import Token
from mdit_py_plugins.myst_role.index import myst_role
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from kbgen.myst_syntax import MYST_EXTENSIONS

#: directives whose body is shown as code (kbgen.sphinx_ext.markup_policy's "code" rule, plus math)
CODE_DIRECTIVES = frozenset({"code", "code-block", "sourcecode", "parsed-literal", "highlight",
                             "literalinclude", "math"})
#: roles whose text is shown as code or as a literal the reader types (keys, file names, commands)
CODE_ROLES = frozenset({"code", "literal", "samp", "kbd", "file", "command", "program", "regexp", "makevar",
                        "mimetype"})
_DIRECTIVE_NAME = re.compile(r"\{([^}\s]+)\}")
_SPAN = "kbgen_span"  # Token.meta key: where an inline code token starts and ends in its inline's source


def _recording(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """``rule`` that also notes, on the token it makes, where it stood in the inline source:
    markdown-it keeps no columns for inline tokens, and a code span may hold a line break."""

    def record(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent and len(state.tokens) > count:
            state.tokens[-1].meta[_SPAN] = (start, state.pos)
        return matched

    return record


@functools.cache
def _parser() -> MarkdownIt:
    md = create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)
    md.inline.ruler.at("backticks", _recording(backtick))
    md.inline.ruler.at("myst_role", _recording(myst_role))
    return md


def _is_code(token: Token) -> bool:
    if token.type == "code_inline":
        return True
    return token.type == "myst_role" and token.meta.get("name") in CODE_ROLES


def _inline_lines(token: Token) -> list[str]:
    """The inline token's source split at its line breaks, its code blanked out."""
    text = list(token.content)
    for child in token.children or []:
        if _is_code(child) and _SPAN in child.meta:
            start, end = child.meta[_SPAN]
            text[start:end] = ["\n" if c == "\n" else " " for c in text[start:end]]
    return "".join(text).split("\n")


def prose_lines(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """``(line number, text)`` for every line of ``text`` (which starts at ``first_line`` of its
    file), code blanked out; lines holding only code come back empty."""
    lines = text.splitlines()
    result: dict[int, str] = dict(enumerate(lines))
    pending = [(text, 0)]  # (Markdown, index of its first line in ``lines``): a list, not recursion
    while pending:
        source, offset = pending.pop()
        pieces: dict[int, list[str]] = {}
        for token in _parser().parse(source):
            if token.map is None:
                continue
            start, end = token.map[0] + offset, token.map[1] + offset
            if token.type == "code_block" or (token.type == "fence" and not _directive(token)):
                _blank(result, start, end)
            elif token.type in ("fence", "colon_fence"):
                if _directive(token) in CODE_DIRECTIVES:
                    _blank(result, start, end)
                else:  # a directive, or a ":::name" div (MyST's render_colon_fence): a Markdown body
                    pending.append((token.content, start + 1))
            elif token.type == "inline":
                for index, piece in enumerate(_inline_lines(token)):
                    pieces.setdefault(start + index, []).append(piece)
        for index, texts in pieces.items():  # a table row has one inline token per cell
            if index in result:
                result[index] = " | ".join(texts)
    return [(index + first_line, result[index]) for index in range(len(lines))]


def _directive(token: Token) -> str:
    """The directive a fence opens (``{note}`` → ``note``), or "" for a code fence or a ``:::name`` div."""
    match = _DIRECTIVE_NAME.match(token.info.strip())
    return match.group(1) if match else ""


def _blank(result: dict[int, str], start: int, end: int) -> None:
    for index in range(start, end):
        if index in result:
            result[index] = ""
