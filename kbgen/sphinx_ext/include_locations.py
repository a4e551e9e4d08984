"""MyST's warnings about an included file name that file, not the article that includes it.

MyST renders an ``{include}``d Markdown file inside the including document, with the document's
``source`` switched to the included file and lines counted in it (myst_parser/mocking.py,
``MockIncludeDirective.run``). But its warnings (``create_warning`` in myst_parser/warnings_.py)
are logged at ``(env.docname, line)``: the including article's name with the included file's line —
"article.md:3: Unknown directive type" when line 3 of the fragment is at fault. So kbgen wraps
``create_warning`` where MyST's modules call it: inside an include, the warning is logged at a node
that carries the included file and its line, which Sphinx prints as ``fragment.md:3``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes

#: MyST's modules that call ``create_warning`` (``from myst_parser.warnings_ import create_warning``).
_CALLERS = ("myst_parser.mdit_to_docutils.base", "myst_parser.mdit_to_docutils.transforms",
            "myst_parser.parsers.sphinx_", "myst_parser.parsers.docutils_")


def _included_source(document: nodes.document) -> str | None:
    """The included file being rendered, or None when the document itself is."""
    env = getattr(document.settings, "env", None)
    source = document.get("source")
    if env is None or not source or not env.docname:
        return None
    try:
        own = Path(env.doc2path(env.docname)).resolve()
    except (KeyError, ValueError, OSError):
        return None
    return None if Path(source).resolve() == own else str(source)


def _located(create_warning: Callable[..., Any]) -> Callable[..., Any]:
    def create_warning_at_source(document: nodes.document, message: str, subtype: Any, *,
                                 node: nodes.Element | None = None, line: int | None = None,
                                 **kwargs: Any) -> Any:
        included = _included_source(document) if node is None and line else None
        if included is not None:
            node = nodes.inline()
            node.source, node.line = included, line
        return create_warning(document, message, subtype, node=node, line=line, **kwargs)

    create_warning_at_source.kbgen_wrapped = True  # type: ignore[attr-defined]
    return create_warning_at_source


def setup_include_locations() -> None:
    """Wrap MyST's ``create_warning`` once per process, in every module that calls it."""
    for name in _CALLERS:
        module = importlib.import_module(name)
        current = getattr(module, "create_warning", None)
        if current is not None and not getattr(current, "kbgen_wrapped", False):
            module.create_warning = _located(current)  # type: ignore[attr-defined]
