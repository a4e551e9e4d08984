"""Where a YAML syntax error really is, and the slip that most likely caused it.

PyYAML marks where it gave up, which for the common slips is the line *after* the mistake (an
unclosed ``[`` is noticed at the next key, a key without ``:`` at the next line) or the end of
the file (an unclosed quote). Its error also carries the mark of what it was reading then (the
``context_mark``: the quote, the bracket, the key); for those slips that is the author's line.
The hints name the fix in the author's terms, with the parser's wording kept after it.
"""

from __future__ import annotations

import re

import yaml

#: the parser's context for which its context mark, not its problem mark, is the author's line
_CONTEXT_IS_THE_LINE = ("while scanning a quoted scalar", "while parsing a flow sequence",
                        "while parsing a flow mapping", "while scanning a simple key")
_KEY = r"\s*(?:-\s+)?[^\s:#][^:#]*:"
_VALUE_WITH_COLON = re.compile(rf"^{_KEY}\s+[^\"'\[{{].*?:(?:\s|$)")
_TEXT_AFTER_QUOTE = re.compile(rf"^{_KEY}\s*([\"']).*?\1\s*[^\s#]")


def _hint(context: str, problem: str, line_text: str) -> str | None:
    if context == "while scanning a quoted scalar":
        return "the quote opened on this line is never closed: end the value with the same quote (\" or ')"
    if context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        opened, closing = ("[", "]") if "sequence" in context else ("{", "}")
        return (f"the '{opened}' opened on this line is never closed: end it with '{closing}' (or quote the "
                f"value, as in 'x: \"{opened}…\"', if it is text)")
    if line_text.lstrip(" ").startswith("\t") or "tab" in problem:
        return "a tab indents this line: YAML indents with spaces only; replace the tab with spaces"
    if context == "while scanning a simple key":
        return "this line is not 'key: value': add ': ' after the key (or indent it, if it continues the value above)"
    if problem.startswith("mapping values are not allowed") and _VALUE_WITH_COLON.match(line_text):
        key, _, value = line_text.partition(":")
        return (f"the value contains ': ': put it in quotes, as in '{key.strip()}: \"{value.strip()[:40]}\"'")
    if problem.startswith("mapping values are not allowed"):
        return "check this line's indentation: keys of the same level start in the same column"
    if _TEXT_AFTER_QUOTE.match(line_text):
        return ("text follows the closing quote: put the whole value in double quotes (inside '…' an "
                "apostrophe is written '') or remove the quotes")
    if problem.startswith(("did not find expected key", "expected <block end>")):
        return "text follows the value: check this line's quotes, brackets and indentation"
    return None


def _opened_quote_above(lines: list[str], index: int) -> int | None:
    """The line above ``index`` whose quote is never closed on it: a quoted value runs on until the
    next quote, so the parser complains at that later line (a key's value in quotes, then text)."""
    for above in range(index - 1, -1, -1):
        text = lines[above].split(" #", 1)[0]
        value = text.partition(": ")[2].lstrip()
        if value[:1] in ("'", '"') and text.count(value[0]) % 2 == 1:
            return above
        if value or not text.strip():
            return None  # a complete value, or a blank line: the slip is not above
    return None


def locate(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """(0-based line in ``text``, message) of a syntax error: its author's line and a hint."""
    context = str(exc.context or "")
    problem = str(exc.problem or exc.context or "")
    mark = exc.context_mark if context in _CONTEXT_IS_THE_LINE and exc.context_mark else exc.problem_mark
    mark = mark or exc.context_mark
    index = mark.line if mark else 0
    lines = text.split("\n")
    line_text = lines[index] if index < len(lines) else ""
    if problem.startswith(("did not find expected key", "expected <block end>")):
        opened = _opened_quote_above(lines, index)
        if opened is not None:
            below = index - opened
            return opened, (f"invalid YAML: the quote opened on this line is not closed on it, so the value "
                            f"runs on to the next quote, {below} line{'s' if below > 1 else ''} below: end it on "
                            f"this line with the same quote (the parser: {problem})")
    hint = _hint(context, problem, line_text)
    if hint is None:
        return index, f"invalid YAML: {problem}"
    return index, f"invalid YAML: {hint} (the parser: {problem})"
