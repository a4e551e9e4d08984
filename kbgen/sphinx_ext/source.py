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

from kbgen.sphinx_ext.nesting import report_docfx
from kbgen.sphinx_ext.state import site_of

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """CommonMark lets any ASCII punctuation be backslash-escaped: the text stays literal."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)


def _replace_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    info = site_of(app.env).articles.get(docname)
    if info is None:
        return
    lines = source[0].split("\n")
    front_lines = info.body_line - 1  # the front matter and its two '---' lines
    # DocFX's ':::row:::' lines are reported, and blanked: MyST would nest the rest of the article in each
    body = report_docfx(docname, lines[front_lines:], front_lines)
    if front_lines == 0:
        # a stand-in without front matter (kbgen.loading.stand_ins): a heading would shift every line
        source[0] = "\n".join(body)
        return
    heading = "# " + escape_markdown(info.title)
    source[0] = "\n".join([heading] + [""] * (front_lines - 1) + body)


def setup_source(app: Sphinx) -> None:
    app.connect("source-read", _replace_front_matter)
