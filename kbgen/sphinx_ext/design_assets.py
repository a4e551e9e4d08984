"""sphinx-design's stylesheet only on the pages that show one of its components.

sphinx-design registers ``sphinx-design.min.css`` (55 KB, about a quarter of what a page's
chrome weighs uncompressed) for every page at ``builder-inited``, although most articles use
none of its directives. Every class its components carry starts with ``sd-`` (tabs, cards, grids,
dropdowns, badges, buttons, icons; kbgen's own set icons do not use them: ``kb-set-icon``), and
every rule of its stylesheet styles such a class, so a page whose body has no ``sd-`` class needs
none of it: the link is dropped from that page's ``css_files`` (Sphinx hands each page its own
copy). The file is still published for the pages that use it. Its ``design-tabs.js`` (remembering
a chosen tab across pages) is never linked: the layout loads kbgen's scripts only, and the tabs
work without it (radio inputs and CSS).
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

STYLESHEET = "_static/sphinx-design.min.css"
#: a class attribute holding a class that starts with sd-
_USES_DESIGN = re.compile(r'\bclass="(?:[^"]*\s)?sd-')


def uses_design(body: str) -> bool:
    """Whether the HTML ``body`` shows a sphinx-design component."""
    return _USES_DESIGN.search(body) is not None


def _drop_unused(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if uses_design(str(context.get("body") or "")):
        return
    files = context.get("css_files")
    if files:
        context["css_files"] = [css for css in files if getattr(css, "filename", css) != STYLESHEET]


def setup_design_assets(app: Sphinx) -> None:
    # late: after any handler that adds stylesheets to this page
    app.connect("html-page-context", _drop_unused, priority=900)
