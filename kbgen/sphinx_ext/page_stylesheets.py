"""Third-party stylesheets linked only from the pages that use them.

Sphinx and its extensions link their stylesheets from every page; most help-center pages use
none of them, and a reader on a server that compresses nothing pays for each (issue 25 counts a
page's chrome in the bytes to the results list). Each rule below names a stylesheet and the mark
its rules need in a page's body; a page without the mark gets no link (Sphinx hands each page its
own copy of ``css_files``). The files are still published, for the pages that use them.

* ``sphinx-design.min.css`` (55 KB): every class its components carry starts with ``sd-`` (tabs,
  cards, grids, dropdowns, badges, buttons, icons; kbgen's own set icons do not use them:
  ``kb-set-icon``), and every rule of its stylesheet styles such a class. Its ``design-tabs.js``
  (remembering a chosen tab across pages) is never linked: the layout loads kbgen's scripts only,
  and the tabs work without it (radio inputs and CSS).
* ``pygments.css`` (5 KB, added by Sphinx's HTML builder for every page): its rules style
  Pygments' token classes inside ``.highlight`` (code blocks, and inline code with a language,
  whose ``code`` element carries the class) plus ``pre`` and line numbers, which only code blocks
  produce in an article (authors cannot write raw HTML).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx

DESIGN_STYLESHEET = "_static/sphinx-design.min.css"
PYGMENTS_STYLESHEET = "_static/pygments.css"
#: a class attribute holding a class that starts with sd-
_USES_DESIGN = re.compile(r'\bclass="(?:[^"]*\s)?sd-')
#: a class attribute holding the class "highlight" (Sphinx's code blocks and highlighted inline code)
_USES_HIGHLIGHT = re.compile(r'\bclass="(?:[^"]*\s)?highlight[\s"]')


def uses_design(body: str) -> bool:
    """Whether the HTML ``body`` shows a sphinx-design component."""
    return _USES_DESIGN.search(body) is not None


def uses_highlight(body: str) -> bool:
    """Whether the HTML ``body`` shows highlighted code."""
    return _USES_HIGHLIGHT.search(body) is not None


#: stylesheet → whether a page body needs it
NEEDS: dict[str, Callable[[str], bool]] = {DESIGN_STYLESHEET: uses_design, PYGMENTS_STYLESHEET: uses_highlight}


def _drop_unused(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    files = context.get("css_files")
    if not files:
        return
    body = str(context.get("body") or "")
    unused = {name for name, needed in NEEDS.items() if not needed(body)}
    if unused:
        context["css_files"] = [css for css in files if getattr(css, "filename", css) not in unused]


def setup_page_stylesheets(app: Sphinx) -> None:
    # late: after any handler that adds stylesheets to this page
    app.connect("html-page-context", _drop_unused, priority=900)
