"""Split an article into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbgen.yamlio import Located, YamlError, load_yaml

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SplitArticle:
    front: Located
    body: str
    body_line: int  # 1-based line where the body starts


def decode_source(raw: bytes) -> str:
    """Decode an author's file; raise ValueError with a line number for invalid UTF-8/binary."""
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise YamlError(line, "this is a binary file, not Markdown text (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(line, f"the file is not valid UTF-8 (byte {exc.start}): save it as UTF-8") from None
    return text.removeprefix("\ufeff")


def split_front_matter(text: str) -> SplitArticle:
    # Lines as editors, git and YAML count them (\n, \r\n, \r), not str.splitlines(), which also
    # breaks at U+0085, U+2028, U+2029, form feeds … — a title pasted with an invisible U+2028
    # would shift every line number of the body, or close the front matter at a "---" inside it.
    lines = _LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    if not lines or lines[0].strip() != "---":
        raise YamlError(1, "expected front matter: a first line '---', then 'title: …', then '---'")
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise YamlError(1, "front matter is not closed: add a line '---' after its last key")
    front = load_yaml("\n".join(lines[1:end]), line_offset=1)
    return SplitArticle(front, "\n".join(lines[end + 1 :]), end + 2)
