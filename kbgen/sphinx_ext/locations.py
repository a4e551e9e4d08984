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
