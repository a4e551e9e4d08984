"""Tabs: MkDocs' ``=== "Rótulo"`` (pymdownx.tabbed, bodies indented four spaces), DocFX's tab headings
``# [Rótulo](#tab/id)`` ending at a ``---`` line, and DocFX's zone pivots (``::: zone pivot="id"`` …
``::: zone-end``, labelled from ``zone-pivot-groups.yml``) → a sphinx-design ``{tab-set}``."""

from __future__ import annotations

import re
from typing import Protocol

from kbgen.importers.markdown.lines import indented, until

MKDOCS_TAB = re.compile(r'^===\+?\s+"(?P<label>[^"]*)"\s*$')
#: a DocFX tab's heading; translated docsets put an anchor before the label
#: (``# <a name="x"></a>[Portal](#tab/portal)``)
DOCFX_TAB = re.compile(r"^#{1,6}\s+(?:<a\s[^>]*>\s*</a>\s*)?\[(?P<label>[^\]]+)\]"
                       r"\(#tab/(?P<id>[^)/\s]+)(?:/[^)\s]*)?\)\s*$")
ZONE = re.compile(r"""^\s*:::\s*zone\s+(?:pivot|target)\s*=\s*["'](?P<pivot>[^"']+)["']\s*(:::)?\s*$""", re.I)
_ZONE_END = re.compile(r"^\s*:::\s*zone-end\s*(:::)?\s*$", re.I)


class Converter(Protocol):
    """What a tab's body needs from the page's converter (kbgen.importers.markdown.blocks)."""

    pivot_titles: dict[str, str]

    def convert(self, lines: list[str], nested: bool = False) -> list[str]: ...

    def block(self, name: str, argument: str, body: list[str], options: tuple[str, ...] = ()) -> list[str]: ...

    def note(self, what: str) -> None: ...


def mkdocs_tabs(conv: Converter, lines: list[str], i: int, out: list[str]) -> int:
    items: list[str] = []
    while i < len(lines):
        match = MKDOCS_TAB.match(lines[i])
        if not match:
            break
        body, i = indented(lines, i + 1)
        items += conv.block("tab-item", match["label"], conv.convert(body, nested=True))
        i = _continued(lines, i, MKDOCS_TAB)
    return _tab_set(conv, items, out, i, "MkDocs' === tabs → a tab-set")


def docfx_tabs(conv: Converter, lines: list[str], i: int, out: list[str]) -> int:
    tabs: list[tuple[str, list[str]]] = []
    while i < len(lines):
        line = lines[i]
        match = DOCFX_TAB.match(line)
        if match:
            tabs.append((match["label"], []))
        elif line.strip() == "---":
            i += 1
            break
        else:
            tabs[-1][1].append(line)
        i += 1
    items: list[str] = []
    for label, body in tabs:
        items += conv.block("tab-item", label, conv.convert(body, nested=True))
    return _tab_set(conv, items, out, i, "DocFX's #tab/ headings → a tab-set")


def _continued(lines: list[str], i: int, opener: re.Pattern[str]) -> int:
    """Where the run of tabs goes on: past blank lines when another tab opens after them (blank
    lines between two tabs belong to the set), else ``i`` itself."""
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j if j < len(lines) and opener.match(lines[j]) else i


def _tab_set(conv: Converter, items: list[str], out: list[str], i: int, note: str) -> int:
    out += conv.block("tab-set", "", items)
    conv.note(note)
    return i


def zones(conv: Converter, lines: list[str], i: int, out: list[str]) -> int:
    items: list[str] = []
    while i < len(lines):
        match = ZONE.match(lines[i])
        if not match:
            break
        body, i, _ = until(lines, i + 1, _ZONE_END)
        pivot = match["pivot"].split(",")[0].strip()
        label = conv.pivot_titles.get(pivot) or pivot.replace("-", " ").capitalize()
        items += conv.block("tab-item", label, conv.convert(body, nested=True))
        i = _continued(lines, i, ZONE)
    return _tab_set(conv, items, out, i, "DocFX's zone pivots → a tab-set (one tab per pivot)")
