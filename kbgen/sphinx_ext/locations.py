"""Where in the author's file a doctree node came from."""

from __future__ import annotations

from docutils import nodes


def line_of(node: nodes.Node) -> int:
    """The node's line, or its nearest ancestor's: inline nodes (an image inside a paragraph, a
    role's result) carry no line of their own. 0 when no ancestor knows."""
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return int(current.line)
        current = current.parent
    return 0


def source_of(node: nodes.Node) -> str | None:
    """The file the node was parsed from, or its nearest ancestor's (None when none says)."""
    current: nodes.Node | None = node
    while current is not None:
        source = getattr(current, "source", None)
        if source:
            return str(source)
        current = current.parent
    return None


def location_of(docname: str, node: nodes.Node) -> str | tuple[str, int]:
    """Where to report a problem at ``node`` of ``docname``: the article and line, or — for text an
    ``{include}`` brought in — the included file and its own line (``path:line``, a location Sphinx
    keeps as it is; kbgen maps the source folder back to the content folder)."""
    return included_location(docname, source_of(node), node.document.get("source") if node.document else None,
                             line_of(node))


def included_location(docname: str, source: str | None, own: str | None, line: int) -> str | tuple[str, int]:
    """``(docname, line)``, or ``path:line`` when ``source`` is another file than the article's ``own``."""
    if source and own and source != own:
        return f"{source}:{line}" if line else source
    return docname, line
