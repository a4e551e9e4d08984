"""Sphinx directives for kbgen's own documentation: reference tables generated from the code.

``{kbgen-schema} kb.yml`` renders a schema's fields (type, required, default, help), and
``{kbgen-schema} ticket`` or ``{kbgen-schema} channels.phones`` a nested mapping's;
``{kbgen-exit-statuses}`` renders the exit-status table. The docs never restate them by hand.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from kbgen.exitcodes import EXIT_STATUS_HELP
from kbgen.handoff import nested_schemas
from kbgen.loading.schemas import ALL_SCHEMAS


def _table(headers: list[str], rows: list[list[str]], literal_first: bool = True) -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for header in headers:
        row += nodes.entry("", nodes.paragraph(text=header))
    head += row
    body = nodes.tbody()
    group += body
    for values in rows:
        row = nodes.row()
        for i, value in enumerate(values):
            content: nodes.Node = nodes.literal(text=value) if i == 0 and literal_first else nodes.Text(value)
            row += nodes.entry("", nodes.paragraph("", "", content))
        body += row
    return table


class SchemaDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        # top-level schemas by file name, nested ones by their key path ("ticket", "channels.phones")
        known = {s.name: s for s in ALL_SCHEMAS} | nested_schemas()
        schema = known.get(name)
        if schema is None:
            raise self.error(f"unknown schema {name!r}; known: {', '.join(known)}")
        rows = []
        for field in schema.fields:
            default = "" if field.default in (None, ()) else str(field.default).lower() \
                if isinstance(field.default, bool) else str(field.default)
            rows.append([field.name, field.type_name, "yes" if field.required else "no", default, field.help])
        return [_table(["key", "type", "required", "default", "meaning"], rows)]


class ExitStatusDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows = [[str(int(code)), text] for code, text in EXIT_STATUS_HELP.items()]
        return [_table(["status", "meaning"], rows)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("kbgen-schema", SchemaDirective)
    app.add_directive("kbgen-exit-statuses", ExitStatusDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
