"""What MyST reads: the article's title as a plain-text heading, and no front matter.

kbgen has already parsed and validated the front matter. Handing it to MyST as well would
let MyST interpret it: its ``title`` becomes Markdown (a title ``Atalho <Ctrl>`` would be raw
HTML) and keys like ``html_meta`` reach the page. So the front matter's lines are replaced,
before MyST parses the file, by one heading with the title's punctuation escaped — and blank
lines, so every line number of the body stays the author's.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.util import logging

from kbgen.sphinx_ext.state import site_of

logger = logging.getLogger(__name__)
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# markdown-it (MyST's parser) silently drops what is nested deeper than its limit: list items of
# the 10th level and below. A list marker indented 18 columns or more is at least that deep.
_TOO_DEEP_ITEM = re.compile(r"^( {18,}|\t{9,})([-*+]|\d{1,9}[.)])\s")
MAX_LIST_DEPTH = 9


def escape_markdown(text: str) -> str:
    """CommonMark lets any ASCII punctuation be backslash-escaped: the text stays literal."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)


def _replace_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    info = site_of(app.env).articles.get(docname)
    if info is None:
        return
    lines = source[0].split("\n")
    in_fence = False
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith(("```", "~~~", ":::")):
            in_fence = not in_fence
        if not in_fence and _TOO_DEEP_ITEM.match(line):
            logger.warning("this list is nested deeper than %d levels, and Markdown drops what is deeper: "
                           "flatten it (or split it into several lists)", MAX_LIST_DEPTH,
                           location=(docname, number), type="kbgen", subtype="error_list_depth")
            break
    front_lines = info.body_line - 1  # the front matter and its two '---' lines
    if front_lines == 0:
        return  # a stand-in without front matter (kbgen.loading.stand_ins): a heading would shift every line
    heading = "# " + escape_markdown(info.title)
    source[0] = "\n".join([heading] + [""] * (front_lines - 1) + lines[front_lines:])


def setup_source(app: Sphinx) -> None:
    app.connect("source-read", _replace_front_matter)
