"""Lines of Markdown: the fences and directive blocks kbgen writes, the indented and fenced bodies the
other tools write, and the passes over a whole page (headings made ATX and renumbered, blank lines tidied)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kbgen.admonition_kinds import OTHER_TOOLS_KINDS

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_COLON_RUN = re.compile(r"^\s*(:{3,})", re.M)


def code_lines(lines: list[str]) -> Iterator[tuple[int, str, bool]]:
    """(index, line, whether it belongs to a fenced code block, its fences included)."""
    fence = None
    for n, line in enumerate(lines):
        code = _FENCE.match(line)
        if fence is None and code:
            fence = code[2]
            yield n, line, True
        elif fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            yield n, line, True
        else:
            yield n, line, False


def outside_code(lines: list[str]) -> list[tuple[int, str]]:
    return [(n, line) for n, line, code in code_lines(lines) if not code]


def directive(name: str, argument: str, body: list[str], options: tuple[str, ...] = ()) -> list[str]:
    """``:::{name} argument`` around ``body``, with more colons than any fence inside it."""
    inner = max((len(m[1]) for m in _COLON_RUN.finditer("\n".join(body))), default=2)
    colons = ":" * max(3, inner + 1)
    head = f"{colons}{{{name}}}" + (f" {argument}" if argument else "")
    while body and not body[0].strip():
        body = body[1:]
    while body and not body[-1].strip():
        body = body[:-1]
    return ["", head, *options, *body, colons, ""]


def admonition(kind: str, title: str | None) -> tuple[str, str, tuple[str, ...]]:
    name = OTHER_TOOLS_KINDS.get(kind.lower(), "note")
    if title and title.strip():
        return "admonition", title.strip(), (f":class: {name}",)
    return name, "", ()


def indented(lines: list[str], start: int) -> tuple[list[str], int]:
    """The lines indented four spaces (or a tab) from ``start``, blank lines inside kept, dedented."""
    body: list[str] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if line.strip() == "":
            body.append("")
            i += 1
            continue
        if line.startswith("    ") or line.startswith("\t"):
            body.append(line[4:] if line.startswith("    ") else line[1:])
            i += 1
            continue
        break
    while body and body[-1] == "":
        body.pop()
        i -= 1
    return body, i


def until(lines: list[str], start: int, end: re.Pattern[str]) -> tuple[list[str], int, bool]:
    body: list[str] = []
    i = start
    while i < len(lines):
        if end.match(lines[i]):
            return body, i + 1, True
        body.append(lines[i])
        i += 1
    return body, i, False


_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_HEADING_ID = re.compile(r"^(?P<heading>#{1,6}\s+.*?)\s*\{\s*#(?P<id>[\w-]+)[^}]*\}\s*$")


def setext_to_atx(lines: list[str]) -> list[str]:
    """``Title`` over ``=====`` (or ``-----``) as ``# Title`` (``## Title``): one form of heading to work on.
    Only a one-line paragraph's underline: a ``---`` after a blank line is a rule (or DocFX's tab end)."""
    out: list[str] = []
    for n, line, code in code_lines(lines):
        underline = _SETEXT.match(line) if not code else None
        if (underline and n >= 1 and out and out[-1].strip() and (n < 2 or not lines[n - 2].strip())
                and not re.match(r"^\s*([-*+>|#]|\d+[.)]|:::|<)", out[-1])):
            out[-1] = ("# " if underline[1][0] == "=" else "## ") + out[-1].strip()
            continue
        out.append(line)
    return out


def heading_ids(lines: list[str]) -> list[str]:
    """``## Título { #id }`` (Python-Markdown's attr_list, Pandoc) → an anchor line before the heading,
    which becomes a MyST target like any HTML anchor; the heading keeps its text."""
    out: list[str] = []
    for _, line, code in code_lines(lines):
        match = _HEADING_ID.match(line) if not code else None
        out += [f'<a name="{match["id"]}"></a>', match["heading"]] if match else [line]
    return out


def renumber_headings(lines: list[str]) -> list[str]:
    """Headings so the body starts at ``##`` (the title is the page's ``#``) and never skips a level."""
    out: list[str] = []
    stack: list[tuple[int, int]] = []
    for _, line, code in code_lines(lines):
        heading = _HEADING.match(line) if not code else None
        if heading:
            level = len(heading[1])
            while stack and stack[-1][0] >= level:
                stack.pop()
            new = min(stack[-1][1] + 1 if stack else 2, 6)
            stack.append((level, new))
            line = "#" * new + " " + heading[2]
        out.append(line)
    return out


def tidy(lines: list[str]) -> str:
    """Blank lines: at most one in a row outside code; a hard break ending a paragraph removed."""
    result: list[str] = []
    for _, line, code in code_lines("\n".join(lines).split("\n")):
        if not code and not line.strip():
            if result and result[-1].endswith("\\") and not result[-1].endswith("\\\\"):
                result[-1] = result[-1][:-1].rstrip()
            if result and not result[-1].strip():
                continue
            line = ""
        result.append(line)
    if result and result[-1].endswith("\\"):
        result[-1] = result[-1][:-1].rstrip()
    return "\n".join(result).strip("\n")
