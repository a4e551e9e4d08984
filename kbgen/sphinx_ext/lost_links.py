"""Links Markdown would drop or misreport without a word: each becomes an error at its line.

* markdown-it refuses ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` links
  (markdown_it/common/normalize_url.py, ``validateLink``) and leaves ``[text](javascript:…)`` on the
  page as literal text; kbgen finds that text and says which schemes links may use.
* MyST makes a link whose scheme is not one of ``myst_url_schemes`` (``ftp:``, ``sftp:``, ``ssh:``)
  a link to an article, reported as "no such article or file"; kbgen reports the scheme instead.
* A link to ``#x`` where the article marks ``x`` with an HTML anchor (``<a name="x">``,
  ``<a id="x">``): raw HTML is refused (kbgen.sphinx_ext.safety), so the link says where the
  anchor is and that ``(x)=`` is the MyST way to write it. When kb.yml trusts the authors with raw
  HTML the anchor is published, and the link is accepted.
* ``{download}`` of a missing file: Sphinx only warns (with its cache path) and the page loses the
  link; kbgen reports the file as the author wrote it.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from kbgen.sphinx_ext.locations import line_of
from kbgen.sphinx_ext.state import site_of

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")  # = myst_url_schemes (kbgen.sphinx_ext.config)
SCHEMES_SHOWN = "only http, https, mailto and tel links are allowed"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# markdown-it's BAD_PROTO_RE, in the three places CommonMark reads a link: a link's destination
# "](…)", an autolink "<…>" (no spaces: "<Data: dd/mm>" is text) and a definition "[x]: …"
_BAD = r"(?:javascript|vbscript|file|data):"
_REFUSED_LINK = re.compile(rf"(?i)\]\(\s*<?({_BAD}(?:[^\s<>()]|\([^\s<>()]*\))*)"  # balanced parentheses
                           rf"|<({_BAD}[^<>\x00-\x20]*)>"
                           rf"|(?m:^ {{0,3}}\[[^\]]+\]:\s*<?({_BAD}\S*))")
_HTML_ANCHOR = re.compile(r"(?i)<a\s[^>]*?\b(?:name|id)\s*=\s*[\"']?([^\"'\s>]+)")
_NOT_PROSE = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.comment, nodes.math)


def html_anchor(html: str) -> str | None:
    """The name of an ``<a name="x">`` / ``<a id="x">`` anchor in ``html``, else None."""
    match = _HTML_ANCHOR.search(html)
    return match.group(1) if match else None


def anchor_message(name: str, html: str) -> str:
    return (f"HTML anchor {html.strip()[:60]!r} is raw HTML, which articles cannot contain: write the MyST target "
            f"'({name})=' on its own line just before the heading or paragraph it marks (links to #{name} "
            "then work)")


def _error(message: str, docname: str, line: int, subtype: str, *args: object) -> None:
    logger.warning(message, *args, location=(docname, line), type="kbgen", subtype=subtype)


def _unwrap(node: nodes.Element) -> None:
    """Replace a link the page cannot keep by its text (the error fails the build anyway)."""
    node.replace_self(node.children or [nodes.Text(node.astext())])


def _line_in_block(text: nodes.Text) -> int:
    """The line of ``text``: its block's first line plus the line breaks before it in the block."""
    block: nodes.Node | None = text.parent
    while block is not None and not block.line:
        block = block.parent
    if block is None:
        return 0
    before = 0
    for other in block.findall(nodes.Text):
        if other is text:
            break
        before += other.astext().count("\n")
    return int(block.line) + before


def _refused_by_markdown(docname: str, doctree: nodes.document) -> None:
    for text in doctree.findall(nodes.Text):
        if any(isinstance(a, _NOT_PROSE) for a in _ancestors(text)):
            continue
        value = text.astext()
        for match in _REFUSED_LINK.finditer(value):
            line = _line_in_block(text) + value[: match.start()].count("\n")
            uri = next(group for group in match.groups() if group)
            _error("link to %r: %s (Markdown shows any other link as plain text)", docname, line,
                   "error_link_scheme", uri.rstrip(">")[:80], SCHEMES_SHOWN)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    current = node.parent
    while current is not None:
        found.append(current)
        current = current.parent
    return found


def _check_links(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    trusted_html = site_of(env).config.allow_raw_html
    anchors: dict[str, int] = {}
    for raw in doctree.findall(nodes.raw):
        name = html_anchor(raw.astext())
        if name:
            anchors.setdefault(name, line_of(raw))
    for xref in list(doctree.findall(addnodes.pending_xref)):
        if xref.get("reftype") != "myst":
            continue
        target = str(xref.get("reftarget", ""))
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES:
            _error("link to %r: %s", docname, line_of(xref), "error_link_scheme", target[:80], SCHEMES_SHOWN)
            _unwrap(xref)
        elif target in anchors and trusted_html:
            xref.replace_self(nodes.reference("", "", *xref.children, refuri="#" + target, internal=True))
        elif target in anchors:
            _error("broken link to #%s: this article marks it with an HTML anchor (line %d), which is not a "
                   "link target: write '(%s)=' there instead", docname, line_of(xref), "error_link_anchor",
                   target, anchors[target], target)
            _unwrap(xref)
    _refused_by_markdown(docname, doctree)
    for download in list(doctree.findall(addnodes.download_reference)):
        target = str(download.get("reftarget", ""))
        if not target or "://" in target or download.get("refuri"):
            continue
        _relative, absolute = env.relfn2path(target, docname)
        if not Path(absolute).is_file():
            _error("linked file %r not found: put the file in the article's folder (the path is relative to "
                   "the article) and check the name", docname, line_of(download), "error_download", target)
            _unwrap(download)


def setup_lost_links(app: Sphinx) -> None:
    # before Sphinx's DownloadFileCollector (priority 500) warns about a missing file with its cache path
    app.connect("doctree-read", _check_links, priority=400)
