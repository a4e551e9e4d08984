r"""The validation toolkit: fields, schemas and the converters that check an author's values.

A :class:`Schema` is a table of :class:`Field`\ s, each with its type, default, converter and help
text. The files an author writes have theirs in :mod:`kbgen.loading.schemas`; the features
declare their nested mappings (``ticket:``, ``channels:``, ``popular:``) with the same toolkit.
Every problem is reported with the key it belongs to, so the caller can give its line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from babel import Locale, UnknownLocaleError

from kbgen.alias_paths import AliasRefused, normalise_alias
from kbgen.assets import IMAGE_TYPES
from kbgen.colors import brand_colour_problem

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Issue:
    """One problem inside a nested value (a mapping such as ``ticket:`` or a list of them).

    ``key`` is the dotted path relative to the field ("" for the value itself, "url",
    "phones[0].number"), where the line number is looked up. ``kind`` says how the message names
    it: "value" → ``'ticket.url': <text>``; "item" → ``'tags': <text>`` (a list's item, at the item's
    own line, its key ending in ``[n]``); "unknown" → ``unknown key 'ticket.urll'<text>``;
    "missing" → ``missing required key '<key>.<name>': <text>`` (reported at the parent's line);
    "advice" → as "value", but the caller reports it as a warning (the value works, less well).
    """

    key: str
    text: str
    kind: str = "value"
    name: str = ""


class Invalid(Exception):
    """A field's value is wrong: ``message`` says what was expected and what was found.

    A nested converter raises it with ``issues`` instead, one per problem, so the author sees
    every wrong key of a mapping at its own line, not only the first.
    """

    def __init__(self, message: str = "", issues: Sequence[Issue] = ()):
        super().__init__(message or "; ".join(i.text for i in issues))
        self.issues: tuple[Issue, ...] = tuple(issues) or (Issue("", message),)


def join_key(parent: str, child: str) -> str:
    """``ticket`` + ``url`` → ``ticket.url``; ``phones`` + ``[0]`` → ``phones[0]``."""
    if not child:
        return parent
    if not parent or child.startswith("["):
        return parent + child
    return f"{parent}.{child}"


def issue_message(parent: str, issue: Issue) -> tuple[str, str]:
    """The full key path (for the line) and the message of a nested issue below ``parent``."""
    key = join_key(parent, issue.key)
    if issue.kind == "item":  # the line of "key[n]", the message names the list: "'tags': item 2: …"
        listed = re.sub(r"\[[0-9]+\]$", "", key)
        return key, f"{listed!r}: {issue.text}"
    if issue.kind == "unknown":
        return key, f"unknown key {key!r}{issue.text}"
    if issue.kind == "missing":
        return key, f"missing required key {join_key(key, issue.name)!r}: {issue.text}"
    return key, f"{key!r}: {issue.text}"


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    text = str(value)
    return repr(text if len(text) < 60 else text[:57] + "...")


def text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise Invalid(f"expected text, found {describe(raw)} (put it in quotes)")
    value = raw.strip()
    if not value:
        raise Invalid("expected text, found an empty value")
    if any(ord(ch) < 32 and ch not in "\t\n" for ch in value):
        raise Invalid("expected text, found control characters")
    return value


def short_text(raw: Any) -> str:
    value = text(raw)
    if "\n" in value:
        raise Invalid("expected a single line of text")
    if len(value) > 300:
        raise Invalid(f"expected at most 300 characters, found {len(value)}")
    return value


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, found {describe(value)}")
    if not -1_000_000 <= value <= 1_000_000:
        raise Invalid(f"expected a number between -1000000 and 1000000, found {value}")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, found {describe(value)}")
    return value


def email(raw: Any) -> str:
    value = short_text(raw)
    if not _EMAIL.match(value):
        raise Invalid(f"expected an e-mail address like suporte@example.gov.br, found {value!r}")
    return value


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise Invalid(f"expected a date as YYYY-MM-DD, found {describe(value)}")


def color(raw: Any) -> str:
    value = short_text(raw)
    if not _COLOR.match(value):
        raise Invalid(f"expected a colour as #rrggbb (quoted), found {value!r}")
    problem = brand_colour_problem(value.lower())
    if problem:
        raise Invalid(problem.removeprefix("'color': "))
    return value.lower()


def base_url(raw: Any) -> str:
    value = short_text(raw)
    if not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", value):
        raise Invalid(f"expected an http(s) URL like https://ajuda.example.gov.br/, found {value!r}")
    return value if value.endswith("/") else value + "/"


def language(raw: Any) -> str:
    value = short_text(raw)
    try:
        Locale.parse(value)
    except (ValueError, UnknownLocaleError):
        raise Invalid(f"expected a language code such as pt_BR or en, found {value!r}") from None
    return value


def site_path(raw: Any) -> str:
    """A path inside the content folder, such as an image: no scheme, no "..", not absolute."""
    value = short_text(raw)
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I) or value.startswith("/") or ".." in value.split("/"):
        raise Invalid(f"expected a path inside the content folder, found {value!r}")
    return value


def image_path(raw: Any) -> str:
    """A :func:`site_path` to an image type the site publishes (its content is checked by kbgen.assets)."""
    value = site_path(raw)
    if PurePosixPath(value).suffix.lower() not in IMAGE_TYPES:
        raise Invalid(f"expected an image (PNG, JPEG, GIF, WebP, AVIF, SVG or ICO), found {value!r}")
    return value


def alias(raw: Any) -> str:
    """An old address, in its normal form (``kbgen.alias_paths``: what is decoded, dropped, refused)."""
    value = short_text(raw)
    try:
        return normalise_alias(value)
    except AliasRefused as exc:
        raise Invalid(str(exc)) from None


def list_of(item: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def convert(value: Any) -> list[Any]:
        if isinstance(value, str):
            value = [value]  # "tags: nfse" is a common, harmless shortcut
        if not isinstance(value, list):
            raise Invalid(f"expected a list, found {describe(value)}")
        result = []
        issues: list[Issue] = []
        for i, entry in enumerate(value, 1):
            try:
                result.append(item(entry))
            except Invalid as exc:
                for sub in exc.issues:
                    if not sub.key and sub.kind == "value":  # a plain item: "'tags': item 2: …", at its line
                        issues.append(Issue(f"[{i - 1}]", f"item {i}: {sub.text}", "item"))
                    else:  # inside a mapping item, at its own line: "'phones[0].number': …"
                        issues.append(Issue(join_key(f"[{i - 1}]", sub.key), sub.text, sub.kind, sub.name))
        if issues:
            raise Invalid(issues=issues)
        return result

    convert.__name__ = f"list of {item.__name__}"
    return convert


@dataclass(frozen=True)
class Field:
    name: str
    convert: Callable[[Any], Any]
    help: str
    required: bool = False
    default: Any = None
    type_name: str = "text"


@dataclass(frozen=True)
class Schema:
    """What one kind of file may contain."""

    name: str  # as the author sees it: "kb.yml", "_set.yml", "front matter"
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


@dataclass(frozen=True)
class FieldProblem:
    key: str
    message: str


def validate(schema: Schema, data: Any) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Convert ``data`` with ``schema``; return the values (defaults filled) and every problem."""
    problems: list[FieldProblem] = []
    if not isinstance(data, dict):
        return {}, [FieldProblem("", f"expected key: value pairs in {schema.name}, found {describe(data)}")]
    values: dict[str, Any] = {}
    for key in data:
        if schema.field(key) is None:
            hint = _closest(key, schema.names)
            suggestion = f" (did you mean {hint!r}?)" if hint else f"; allowed: {', '.join(schema.names)}"
            problems.append(FieldProblem(key, f"unknown key {key!r} in {schema.name}{suggestion}"))
    for f in schema.fields:
        if f.name not in data or data[f.name] is None:
            if f.required:
                problems.append(FieldProblem(f.name, f"missing required key {f.name!r} in {schema.name}: "
                                                     f"{f.help[0].lower()}{f.help[1:]}"))
            values[f.name] = f.default
            continue
        try:
            values[f.name] = f.convert(data[f.name])
        except Invalid as exc:
            for issue in exc.issues:
                problems.append(FieldProblem(*issue_message(f.name, issue)))
            values[f.name] = f.default
    return values, problems


def check_mapping(schema: Schema, data: Any, allowed: Sequence[str] | None = None,
                  context: str = "") -> tuple[dict[str, Any], list[Issue]]:
    """``validate`` for a mapping nested in a field: issues keyed relative to it.

    ``allowed`` narrows the schema's keys (a ticket system accepts only its own); ``context``
    ends the unknown-key message ("for the zendesk system").
    """
    if not isinstance(data, dict):
        raise Invalid(f"expected key: value pairs, found {describe(data)}")
    names = list(allowed) if allowed is not None else schema.names
    issues: list[Issue] = []
    for key in data:
        if key not in names:
            hint = _closest(str(key), names)
            where = f" {context}" if context else ""
            issues.append(Issue(str(key), f"{where} (did you mean {hint!r}?)" if hint
                                else f"{where}; allowed here: {', '.join(names)}", "unknown"))
    values: dict[str, Any] = {}
    for f in schema.fields:
        if f.name not in data or data[f.name] is None:
            if f.required and f.name in names:
                issues.append(Issue("", f"{f.help[0].lower()}{f.help[1:]}", "missing", f.name))
            values[f.name] = f.default
            continue
        if f.name not in names:
            continue
        try:
            values[f.name] = f.convert(data[f.name])
        except Invalid as exc:
            issues += [Issue(join_key(f.name, i.key), i.text, i.kind, i.name) for i in exc.issues]
            values[f.name] = f.default
    return values, issues


def record(schema: Schema) -> Callable[[Any], dict[str, Any]]:
    """A converter for a mapping checked by its own schema (``hours:``, an item of ``phones:``)."""

    def convert(value: Any) -> dict[str, Any]:
        values, issues = check_mapping(schema, value)
        if issues:
            raise Invalid(issues=issues)
        return values

    convert.__name__ = schema.name
    return convert


def choice(*options: str) -> Callable[[Any], str]:
    def convert(raw: Any) -> str:
        value = short_text(raw) if isinstance(raw, str) else raw
        if value not in options:
            raise Invalid(f"expected one of {', '.join(options)}, found {describe(raw)}")
        return str(value)

    convert.__name__ = "one of " + ", ".join(options)
    return convert


def _closest(key: str, names: list[str]) -> str | None:
    matches = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
    return matches[0] if matches else None
