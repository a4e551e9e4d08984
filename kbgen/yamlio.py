"""Safe YAML loading that keeps line numbers.

PyYAML's ``safe_load`` forgets where a value came from, so kbgen composes the node graph
(which never constructs objects) and converts it itself: every mapping key keeps its line.

Authors write plain data — text, numbers, true/false, dates, lists and mappings — and nothing
else. Every other YAML feature is refused at its line before any value is built:

- explicit tags (``!!bool maybe``, ``!!binary``, ``!!python/object``, ``!foo``, ``!!set`` …):
  PyYAML's constructors raise ``KeyError``/``IndexError``/``AttributeError`` on hostile values
  (``!!bool maybe``, ``!!int ""``, ``!!timestamp x``), and a tag only ever changes what the same
  text means, which an author does not need;
- anchors and aliases (``&name`` / ``*name``; an "alias bomb" expands exponentially) and merge
  keys (``<<``);
- directives (``%YAML``, ``%TAG``) and more than one document in a file;
- keys that are not plain text (``? [a, b]``) and keys written twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kbgen.yamlhints import locate

try:  # the C composer is ~10x faster and gives the same marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAX_DEPTH = 50


class YamlError(Exception):
    """A file that cannot be read as the author's data, at ``line`` (0: the whole file)."""

    def __init__(self, line: int, message: str, code: str | None = None):
        super().__init__(message)
        self.line = line
        self.message = message
        self.code = code  # the problem's kind when it is not the caller's default


@dataclass
class Located:
    """A converted YAML document plus the line of each mapping key (by dotted path)."""

    value: Any
    lines: dict[str, int] = field(default_factory=dict)
    line: int = 1

    def line_of(self, path: str) -> int:
        """The line of ``path`` or of its nearest parent ("ticket.url" → "ticket" → the document)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[: max(path.rfind("."), path.rfind("["), 0)]
        return self.line


_constructor = yaml.constructor.SafeConstructor()


def _convert(node: yaml.Node, path: str, lines: dict[str, int], depth: int, offset: int) -> Any:
    if depth > _MAX_DEPTH:
        raise YamlError(node.start_mark.line + 1 + offset, f"nesting deeper than {_MAX_DEPTH} levels")
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise YamlError(line, f"YAML tag {node.tag!r} is not allowed: write plain values")
        try:
            return _constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, LookupError, AttributeError, TypeError) as exc:
            # tags are refused before this point; this is a last guard should a resolver's pattern
            # accept a text its constructor cannot build (PyYAML raises all of these on bad values)
            raise YamlError(line, f"invalid value {node.value!r}: {exc}") from None
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise YamlError(line, f"YAML tag {node.tag!r} is not allowed: write plain values")
        items = []
        for i, item in enumerate(node.value):
            lines[f"{path}[{i}]"] = item.start_mark.line + 1 + offset  # "phones[1]": its own line
            items.append(_convert(item, f"{path}[{i}]", lines, depth + 1, offset))
        return items
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise YamlError(line, f"YAML tag {node.tag!r} is not allowed: write plain values")
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(key_line, "a key must be plain text")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(key_line, "YAML merge keys (<<) are not supported: write the keys out")
            key = str(key_node.value)
            if key in result:
                raise YamlError(key_line, f"key {key!r} appears twice")
            child = f"{path}.{key}" if path else key
            lines[child] = key_line
            result[key] = _convert(value_node, child, lines, depth + 1, offset)
        return result
    raise YamlError(line, "unsupported YAML node")  # pragma: no cover


_PLAIN_ONLY = "kbgen reads plain values only"
_STANDARD = "tag:yaml.org,2002:"
_ANCHORS = "YAML anchors and aliases (&name / *name) are not supported"


def _refuse_beyond_plain_data(text: str, offset: int) -> None:
    """Raise at the first event that uses a YAML feature beyond plain data (see the module's doc)."""
    documents = 0
    anchor: YamlError | None = None  # an anchor alone is refused too, but an alias is the line to show
    for event in yaml.parse(text, Loader=_Loader):
        line = (event.start_mark.line + 1 if event.start_mark is not None else 1) + offset
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(line, f"{_ANCHORS} (here *{event.anchor}): repeat the value")
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError(line, "a second YAML document ('---') in the same file: one file holds one "
                                      "document; remove the line '---' or move the rest to its own file")
            if event.version or event.tags:
                raise YamlError(line, f"YAML directives (%YAML, %TAG) are not supported: {_PLAIN_ONLY}; "
                                      "remove the line starting with '%'")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None and anchor is None:
            anchor = YamlError(line, f"{_ANCHORS} (here &{event.anchor}): repeat the value")
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag  # as the author wrote it
            raise YamlError(line, f"YAML tag {tag!r} is not allowed: write plain values (remove the tag; quote the "
                                  "value, as in 'x: \"text\"', if it must stay text)")
    if anchor is not None:
        raise anchor


# YAML breaks lines at these too; editors and git do not (most show nothing at all): a title pasted
# from a word processor would be cut in two, or its line numbers would drift from the editor's.
_HIDDEN_BREAKS = re.compile("[\x85\u2028\u2029]")


def load_yaml(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document; ``line_offset`` shifts lines (front matter starts at line 2)."""
    hidden = _HIDDEN_BREAKS.search(text)
    if hidden is not None:
        line = text[: hidden.start()].count("\n") + 1 + line_offset
        raise YamlError(line, f"invisible line separator U+{ord(hidden.group()):04X} (often pasted from a word "
                              "processor or a web page): delete it, or replace it with a space")
    try:
        _refuse_beyond_plain_data(text, line_offset)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        index, message = locate(exc, text)
        raise YamlError(index + 1 + line_offset, message) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + line_offset
        char = exc.character
        code = char if isinstance(char, int) else ord(char) if isinstance(char, str) and char else 0
        raise YamlError(line, f"invalid character U+{code:04X} (control characters are not allowed): "
                              "remove it") from None
    except yaml.YAMLError as exc:
        raise YamlError(1 + line_offset, "invalid YAML: " + " ".join(str(exc).split())) from None
    except RecursionError:
        raise YamlError(1 + line_offset, f"nesting deeper than {_MAX_DEPTH} levels") from None
    if node is None:
        return Located({}, {}, 1 + line_offset)
    lines: dict[str, int] = {}
    value = _convert(node, "", lines, 0, line_offset)
    return Located(value, lines, node.start_mark.line + 1 + line_offset)


def is_date(value: Any) -> bool:
    return isinstance(value, dt.date)
