"""Each row of a Markdown table gets its own line, so a problem in a cell is reported at its row.

MyST gives the table node the line of its header, and docutils stamps that line on every row,
cell and link in it; a broken link in the 40th row was reported at the table's first line.
A GFM table is one source line per row (header, delimiter row, then one line per body row:
https://github.github.com/gfm/#tables-extension-), so the rows' lines follow from the table's —
after checking the source really has that shape (a table made by {list-table} or {csv-table}
does not, and keeps its directive's line).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

# what quotes and lists put before a table row ("> ", "- ", indentation): the row is what follows
_CONTAINER_PREFIX = re.compile(r"^(?:\s*>|\s*(?:[-*+]|\d{1,9}[.)])(?=\s))*\s*")
_DELIMITER_ROW = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def _row_text(lines: list[str], line: int) -> str:
    return _CONTAINER_PREFIX.sub("", lines[line - 1]) if 0 < line <= len(lines) else ""


def _number_rows(table: nodes.table, lines: list[str]) -> None:
    header_line = table.line
    if not header_line or "|" not in _row_text(lines, header_line):
        return
    if not _DELIMITER_ROW.match(_row_text(lines, header_line + 1)):
        return
    for group in table.findall(lambda n: isinstance(n, (nodes.thead, nodes.tbody))):
        first = header_line if isinstance(group, nodes.thead) else header_line + 2
        for offset, row in enumerate(r for r in group.children if isinstance(r, nodes.row)):
            # a GFM row is one line: everything in it is on that line (docutils stamped the
            # table's line on the row, its cells and their inline nodes as they were appended)
            for node in row.findall(nodes.Element):
                node.line = first + offset
                node.source = table.source


def _number_table_rows(app: Sphinx, doctree: nodes.document) -> None:
    tables = [t for t in doctree.findall(nodes.table) if t.line]
    if not tables:
        return
    try:
        text = Path(app.env.doc2path(app.env.docname)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # the reader reported it; rows keep the table's line
    lines = re.split(r"\r\n|\r|\n", text)  # as editors count lines (kbgen.frontmatter)
    for table in tables:
        _number_rows(table, lines)


def setup_table_lines(app: Sphinx) -> None:
    # before every other doctree-read handler reports a node's line
    app.connect("doctree-read", _number_table_rows, priority=50)
