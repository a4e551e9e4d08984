"""Docusaurus' MDX: ``<Tabs>``/``<TabItem>`` → a sphinx-design ``{tab-set}``, and the ``import``/``export``
statements around them (one line or several) dropped.

Read as Docusaurus documents them (docs/guides/markdown-features/markdown-features-tabs.mdx): each
``<TabItem value="…" label="…" default>`` is a tab, labelled by its ``label``, else by the ``label`` the
older ``<Tabs values={[{label: 'npm', value: 'npm'}, …]}>`` gives its ``value`` (also through a
``values={name}`` the page exports: ``export const name = […]``), else by its ``value``. The default tab
(``default``, or the Tabs' ``defaultValue``) is the one shown first (``:selected:``). Tags and attributes
may span lines; the tabs' text may be indented (MDX reads no indented code) or share the tag's line;
a code fence inside a tab is read as code, never as tags.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Protocol

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
TABS_START = re.compile(r"^\s*<Tabs(?=[\s>/]|$)")
_TAG = re.compile(r"<(/?)(Tabs|TabItem)(?=[\s>/]|$)")
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")
_VALUE_LABEL = re.compile(r"""\{[^{}]*\}""")
_FIELD = r"""{}\s*:\s*(["'`])(.*?)\1"""
#: the attributes kbgen's tabs have no equivalent for (kept in step across the page, in the address …)
_IGNORED = ("groupId", "queryString", "className", "lazy", "block", "attributes")
#: an import or export spanning lines: ``import {`` … ``} from '…'``, ``export const x = [`` … ``]``
MDX_STATEMENT_START = re.compile(r"^(import\s*\{[^}]*$|import\s+[\w*]+\s*,\s*\{[^}]*$"
                                 r"|export\s+(?:const|let|var|function|default)\b)")
_EXPORTED = re.compile(r"^export\s+(?:const|let|var)\s+(\w+)\s*=\s*(.*)$", re.S)


class Converter(Protocol):
    exports: dict[str, str]

    def convert(self, lines: list[str], nested: bool = False) -> list[str]: ...

    def block(self, name: str, argument: str, body: list[str], options: tuple[str, ...] = ()) -> list[str]: ...

    def note(self, what: str) -> None: ...

    def drop(self, what: str) -> None: ...

    def check(self, what: str) -> None: ...


def tag_end(text: str, start: int) -> int:
    """The index of the ``>`` closing the tag whose attributes start at ``start`` (quotes and ``{…}``
    skipped, as JSX reads them); -1 when the text ends first."""
    depth, quote, i = 0, "", start
    while i < len(text):
        char = text[i]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'`":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == ">" and depth == 0:
            return i
        i += 1
    return -1


def attributes(text: str) -> dict[str, str | bool]:
    """JSX attributes: ``name="v"``/``name='v'`` → v, ``name={expr}`` → expr, a bare ``name`` → True."""
    found: dict[str, str | bool] = {}
    i = 0
    text = text.rstrip().removesuffix("/")
    while i < len(text):
        match = re.compile(r"\s*([A-Za-z_][\w.-]*)").match(text, i)
        if not match:
            i += 1
            continue
        name, i = match[1], match.end()
        equals = re.compile(r"\s*=\s*").match(text, i)
        if not equals:
            found[name] = True
            continue
        i = equals.end()
        if i < len(text) and text[i] in "\"'":
            end = text.find(text[i], i + 1)
            end = len(text) if end < 0 else end
            found[name], i = text[i + 1:end], end + 1
        elif i < len(text) and text[i] == "{":
            depth, j = 0, i
            while j < len(text):
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            found[name], i = text[i + 1:j].strip(), j + 1
        else:
            value = re.compile(r"\S*").match(text, i)
            found[name], i = (value[0] if value else ""), (value.end() if value else len(text))
    return found


def statement_end(lines: list[str], i: int) -> int:
    """The line after an MDX import or export that starts at ``i``: where its brackets balance (and, for
    an import, its ``from '…'`` is read)."""
    depth, j = 0, i
    while j < len(lines) and j < i + 500:
        for char in re.sub(r"""(["'`]).*?\1""", "", lines[j]):
            depth += {"{": 1, "[": 1, "(": 1, "}": -1, "]": -1, ")": -1}.get(char, 0)
        j += 1
        if depth <= 0 and (not lines[i].lstrip().startswith("import") or re.search(r"""from\s*["']|^\s*["']""",
                                                                                  lines[j - 1])):
            break
    return j


def remember_export(conv: Converter, statement: str) -> None:
    """``export const name = …``: kept by name, for a ``<Tabs values={name}>`` further down the page."""
    match = _EXPORTED.match(statement.strip())
    if match:
        conv.exports[match[1]] = match[2]


def _labels(values: str | bool | None, exports: dict[str, str]) -> dict[str, str]:
    """``values={[{label: 'npm', value: 'npm'}, …]}`` (or the name of an exported array of those) → value → label."""
    if not isinstance(values, str):
        return {}
    text = exports.get(values.strip(), values)
    labels = {}
    for item in _VALUE_LABEL.findall(text):
        label, value = re.search(_FIELD.format("label"), item), re.search(_FIELD.format("value"), item)
        if label and value:
            labels[value[2]] = label[2]
    return labels


@dataclass
class _Tab:
    attrs: dict[str, str | bool]
    body: list[str] = field(default_factory=list)


def docusaurus_tabs(conv: Converter, lines: list[str], i: int, out: list[str]) -> int | None:
    """Convert the ``<Tabs>`` starting at line ``i`` into ``out``; the next line to read, or None when the
    tag never closes (the line is then read as text)."""
    opening = lines[i][lines[i].index("<Tabs") + len("<Tabs"):]
    j = i
    end = tag_end(opening, 0)
    while end < 0 and j + 1 < len(lines) and j < i + 50:
        j += 1
        opening += "\n" + lines[j]
        end = tag_end(opening, 0)
    if end < 0:
        return None
    tabs_attrs = attributes(opening[:end])
    rest = opening[end + 1:]
    if opening[:end].rstrip().endswith("/"):
        conv.drop("an empty <Tabs/>: it had no tab to show")
        return j + 1
    tabs: list[_Tab] = []
    depth, fence, trailing = 1, "", ""
    stray: list[str] = []
    pending = [rest] if rest.strip() else []
    j += 1
    while depth and (pending or j < len(lines)):
        if pending:
            line = pending.pop(0)
        else:
            line, j = lines[j], j + 1
        if fence:  # inside a code fence: text, whatever it holds
            fence = "" if re.match(rf"^\s*{re.escape(fence)}\s*$", line) else fence
            _text(tabs, line, stray)
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened[1][0] * len(opened[1])
            _text(tabs, line, stray)
            continue
        tag = _TAG.search(_CODE_SPAN.sub(lambda m: " " * len(m[0]), line))  # "`<Tabs>`" is text
        if tag is None:
            _text(tabs, line, stray)
            continue
        before, closing, name = line[:tag.start()], tag[1] == "/", tag[2]
        close = tag_end(line, tag.end())
        while close < 0 and j < len(lines):  # a tag whose attributes go on: join its lines
            line, j = line + "\n" + lines[j], j + 1
            close = tag_end(line, tag.end())
        after = line[close + 1:] if close >= 0 else ""
        if before.strip():
            _text(tabs, before, stray)
        nested = depth > 1 or (name == "Tabs" and not closing)
        if name == "Tabs":
            depth += -1 if closing else 1
        if nested and depth >= 1:  # a Tabs inside a tab: its text, read again when the tab is converted
            _text(tabs, line[tag.start():close + 1], stray)
        elif name == "TabItem" and not closing and depth == 1:
            tabs.append(_Tab(attributes(line[tag.end():close])))
        if depth == 0:
            trailing = after
            break
        if after.strip():
            pending.insert(0, after)
    if depth:
        conv.check("a <Tabs> is never closed (</Tabs>): the rest of the page is inside it; close it where it ends")
    shown = " ".join(" ".join(stray).split())
    if shown:
        conv.drop(f"text between the tabs of a <Tabs>, outside any <TabItem>: {shown[:60]!r}")
    out += _tab_set(conv, tabs_attrs, tabs)
    if trailing.strip():
        out += conv.convert([trailing.strip()])
    return j


def _text(tabs: list[_Tab], line: str, stray: list[str]) -> None:
    (tabs[-1].body if tabs else stray).append(line)


def _tab_set(conv: Converter, attrs: dict[str, str | bool], tabs: list[_Tab]) -> list[str]:
    labels = _labels(attrs.get("values"), conv.exports)
    default = attrs.get("defaultValue")
    chosen = next((n for n, tab in enumerate(tabs) if tab.attrs.get("default") is True), None)
    if chosen is None and isinstance(default, str):
        chosen = next((n for n, tab in enumerate(tabs) if tab.attrs.get("value") == default), None)
    items: list[str] = []
    for n, tab in enumerate(tabs):
        value = tab.attrs.get("value")
        label = tab.attrs.get("label")
        if not isinstance(label, str) or not label.strip():
            label = labels.get(value, value) if isinstance(value, str) else None
        if not isinstance(label, str) or not label.strip():
            label = f"Aba {n + 1}"
            conv.check(f"a <TabItem> with neither label nor value: its tab is labelled {label!r}")
        # MDX reads no indented code: indentation inside a tab is the JSX's layout, not Markdown's
        body = textwrap.dedent("\n".join(_closing_removed(tab.body))).split("\n")
        options = (":selected:",) if n == chosen and n else ()
        items += conv.block("tab-item", " ".join(label.split()), conv.convert(body, nested=True), options)
    ignored = [name for name in _IGNORED if name in attrs]
    if ignored:
        conv.drop(f"the <Tabs> attribute{'s' if len(ignored) > 1 else ''} {', '.join(ignored)}: kbgen's tabs are not "
                  "kept in step across the page or in the address")
    conv.note("Docusaurus' <Tabs>/<TabItem> → a tab-set")
    return conv.block("tab-set", "", items)


def _closing_removed(body: list[str]) -> list[str]:
    """A tab's lines without the ``</TabItem>`` that ended it (the tag scanner leaves it out already;
    this drops a line holding only white space before it, which would keep the dedent from working)."""
    while body and not body[-1].strip():
        body = body[:-1]
    while body and not body[0].strip():
        body = body[1:]
    return body
