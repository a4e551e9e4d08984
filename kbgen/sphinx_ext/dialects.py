"""Other tools' admonition syntaxes: rendered when they are Markdown, a warning with the MyST form when not.

Teams bring notes written for GitHub, DocFX, MkDocs or Docusaurus:

* GitHub alerts (``> [!NOTE]``, ``[!TIP]``, ``[!IMPORTANT]``, ``[!WARNING]``, ``[!CAUTION]``), which
  DocFX writes the same way, are rendered as kbgen's admonitions: MyST's ``alert`` extension
  (kbgen.myst_syntax) reads them as markdown-it does (markdown_it/rules_block/blockquote.py,
  ``_detect_alert``: the marker alone on the quote's first line, those five kinds) into docutils'
  ``note``, ``tip`` … nodes, the ones ``{note}`` makes — no new markup, nothing raw. Another word in
  brackets (DocFX's ``[!div]``, ``[!VIDEO]``) stays a quote, as on GitHub.
* MkDocs' ``!!! note "Title"`` / ``??? note`` (Python-Markdown's admonition extension) is not
  Markdown: its body is indented four spaces, which CommonMark reads as a code block (or as the
  same paragraph, without a blank line). Reading it as a note would change what CommonMark says
  the text is; the page shows it as written, so :class:`DialectHints` warns at its line with the
  MyST form to write.
* DocFX's ``[!INCLUDE [title](includes/x.md)]`` (a paragraph of its own) is DocFX's fragment
  inclusion; Markdown reads it as text around a link to the fragment, so the fragment's text would be
  missing from the page and the link broken. It is an error at its line naming the ``{include}`` to
  write (shared fragments live in ``content/_includes/``, kbgen.sphinx_ext.fragments), and shown as text.
* Docusaurus' ``:::tip Title`` (no braces) is MyST's own syntax for a ``<div>`` with a class
  (myst_parser/mdit_to_docutils/base.py, ``render_colon_fence``), legal MyST that kbgen keeps; but
  its title is dropped and no note is drawn, so it is warned at its line with the MyST form too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode
from sphinx.util import logging

from kbgen.admonition_kinds import OTHER_TOOLS_KINDS
from kbgen.sphinx_ext.locations import included_location

if TYPE_CHECKING:  # a mixin of kbgen.sphinx_ext.parser's renderer, whose last base is MyST's
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer as _Renderer
else:
    _Renderer = object

logger = logging.getLogger(__name__)

#: kbgen's admonitions for the other tools' kinds (shared with the Markdown importer)
_KINDS = OTHER_TOOLS_KINDS
#: Python-Markdown's admonition line (``!!!``) and pymdownx.details' (``???``, ``???+`` open).
_MKDOCS = re.compile(r'^(?P<mark>!!!|\?\?\?\+?)[ \t]+(?P<kind>[A-Za-z][\w-]*)(?:[ \t]+[\w -]*?)?'
                     r'(?:[ \t]*"(?P<title>[^"]*)")?[ \t]*$')
#: DocFX: ``[!INCLUDE [title](path)]``, alone in its paragraph (DocFX's Markdown reference: "Include Markdown files").
_DOCFX_INCLUDE = re.compile(r"^\[!include\s*\[[^\]]*\]\((?P<path>[^)\s]+)(?:\s+\"[^\"]*\")?\)\]$", re.IGNORECASE)
#: Docusaurus: ``:::tip``, ``:::tip Title``, ``:::tip[Title]`` (v3).
_DOCUSAURUS = re.compile(r"^(?P<kind>[A-Za-z]+)(?:\[(?P<bracket>[^\]]*)\])?(?:\s+(?P<title>.*))?$")


def myst_form(kind: str, title: str | None) -> str:
    """The MyST an author writes instead, on one line (``\\n`` shown as ' / ')."""
    name = _KINDS.get(kind.lower(), "note")
    if title and title.strip():
        return f":::{{admonition}} {title.strip()} / :class: {name} / texto / :::"
    return f":::{{{name}}} / texto / :::"


def include_path(path: str) -> str:
    """Where a DocFX fragment goes in kbgen: ``includes/x.md`` (DocFX's folder, at any depth) is
    ``/_includes/x.md``; another path is kept as written."""
    head, found, rest = path.replace("\\", "/").rpartition("includes/")
    if found and (not head or head.endswith("/")):
        return f"/_includes/{rest}"
    return path


class DialectHints(_Renderer):
    """Warns at MkDocs' and Docusaurus' admonition lines (module docstring)."""

    def render_paragraph(self, token: SyntaxTreeNode) -> None:
        inline = token.children[0] if token.children else None
        content = inline.content if inline is not None else ""
        included = _DOCFX_INCLUDE.match(content.strip())
        if included:
            self._kb_dialect(token, "%r is DocFX's include syntax, which Markdown reads as a link (the fragment's "
                             "text would be missing): write ```{include} %s``` on lines of their own (shared "
                             "fragments live in content/_includes/)", content.strip()[:80],
                             include_path(included["path"]), subtype="error_markup")
            paragraph = nodes.paragraph(content.strip(), content.strip())
            self.add_line_and_source_path(paragraph, token)
            self.current_node.append(paragraph)  # shown as written, not as a broken link
            return
        first = content.split("\n", 1)[0]
        match = _MKDOCS.match(first.strip())
        if match:
            self._kb_dialect(token, "%r is MkDocs' admonition syntax, which kbgen shows as plain text (its "
                             "indented body as code): write %s", first.strip(),
                             myst_form(match["kind"], match["title"]))
        super().render_paragraph(token)

    def render_colon_fence(self, token: SyntaxTreeNode) -> None:
        info = (token.info or "").strip()
        match = _DOCUSAURUS.match(info)
        if match and match["kind"].lower() in _KINDS:
            title = match["bracket"] or match["title"]
            self._kb_dialect(token, "':::%s' is Docusaurus' admonition syntax; MyST reads ':::%s' without braces as "
                             "a plain block%s: write %s", info, match["kind"],
                             " and drops its title" if title else "", myst_form(match["kind"], title))
        super().render_colon_fence(token)

    def _kb_dialect(self, token: SyntaxTreeNode, message: str, *args: object, subtype: str = "dialect") -> None:
        line = max(int(token.map[0]), 1) if token.map else 1  # MyST has made it the file's 1-based line
        env = self.sphinx_env
        docname = env.docname if env is not None else ""
        own = str(env.doc2path(docname)) if env is not None else None
        # inside an {include}, at the fragment's own line (the document's source is the fragment then)
        location = included_location(docname, self.document.get("source"), own, line)
        logger.warning(message, *args, location=location, type="kbgen", subtype=subtype)
