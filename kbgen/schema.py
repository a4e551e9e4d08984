"""One schema per file an author writes: ``kb.yml``, ``_set.yml``, ``_module.yml`` and front matter.

Each field carries its type, default, validation and help text in one place; the reference
in ``docs/reference.md`` is generated from these tables (``kbgen.docsgen``) and the invalid-input
fixture has a case for every field (``tests/test_schema_guard.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from babel import Locale, UnknownLocaleError

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_SLUG_TAG = re.compile(r"^[^\s<>\"'`]{1,40}$")


@dataclass(frozen=True)
class Issue:
    """One problem inside a nested value (a mapping such as ``ticket:`` or a list of them).

    ``key`` is the dotted path relative to the field ("" for the value itself, "url",
    "phones[0].number"), where the line number is looked up. ``kind`` says how the message names
    it: "value" → ``'ticket.url': <text>``; "item" → ``'tags': <text>`` (a list's item, at the item's
    own line, its key ending in ``[n]``); "unknown" → ``unknown key 'ticket.urll'<text>``;
    "missing" → ``missing required key '<key>.<name>': <text>`` (reported at the parent's line).
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


def _describe(value: Any) -> str:
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
        raise Invalid(f"expected text, found {_describe(raw)} (put it in quotes)")
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
        raise Invalid(f"expected a whole number, found {_describe(value)}")
    if not -1_000_000 <= value <= 1_000_000:
        raise Invalid(f"expected a number between -1000000 and 1000000, found {value}")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, found {_describe(value)}")
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
    raise Invalid(f"expected a date as YYYY-MM-DD, found {_describe(value)}")


def color(raw: Any) -> str:
    value = short_text(raw)
    if not _COLOR.match(value):
        raise Invalid(f"expected a colour as #rrggbb (quoted), found {value!r}")
    from kbgen.colors import brand_colour_problem

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
    from kbgen.assets import IMAGE_TYPES

    value = site_path(raw)
    if PurePosixPath(value).suffix.lower() not in IMAGE_TYPES:
        raise Invalid(f"expected an image (PNG, JPEG, GIF, WebP, AVIF, SVG or ICO), found {value!r}")
    return value


def alias(raw: Any) -> str:
    """An old address, in its normal form (``kbgen.alias_paths``: what is decoded, dropped, refused)."""
    from kbgen.alias_paths import AliasRefused, normalise_alias

    value = short_text(raw)
    try:
        return normalise_alias(value)
    except AliasRefused as exc:
        raise Invalid(str(exc)) from None


def tag(raw: Any) -> str:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    value = short_text(raw)
    if not _SLUG_TAG.match(value):
        raise Invalid(f"expected a short tag without spaces or quotes, found {value!r}")
    return value


def list_of(item: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def convert(value: Any) -> list[Any]:
        if isinstance(value, str):
            value = [value]  # "tags: nfse" is a common, harmless shortcut
        if not isinstance(value, list):
            raise Invalid(f"expected a list, found {_describe(value)}")
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


# The hand-off's nested mappings live in kbgen.handoff (which imports this module): loaded lazily.
def _site_ticket(value: Any) -> dict[str, Any]:
    from kbgen.handoff.ticket import site_ticket

    return site_ticket(value)


def _set_ticket(value: Any) -> dict[str, Any]:
    from kbgen.handoff.ticket import set_ticket

    return set_ticket(value)


def _channels(value: Any) -> dict[str, Any]:
    from kbgen.handoff.channels import channels_record

    return channels_record(value)


def _popular(value: Any) -> dict[str, Any]:
    from kbgen.pageviews.ranking import popular_record

    return popular_record(value)


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


KB_SCHEMA = Schema(
    "kb.yml",
    (
        Field("title", short_text, "Name of the help center, shown in the header and page titles.", required=True),
        Field("description", short_text, "One sentence under the home page search box and in search engines."),
        Field("language", language, "Language of the reader-facing text (Sphinx code).", default="pt_BR",
              type_name="language code"),
        Field("base_url", base_url, "Public URL of the site, for absolute links (404 page, feeds, sitemap). "
              "Without it the site assumes it is served from the root of its host.", type_name="URL"),
        Field("logo", image_path, "Image file (inside the content folder) shown in the header.", type_name="path"),
        Field("color", color, "Main colour as #rrggbb; the header text colour is chosen for contrast.",
              default="#1a5e9a", type_name="colour"),
        Field("allow_raw_html", boolean, "Let articles contain raw HTML (and HTML comments). Only for trusted "
              "authors: raw HTML can inject script into the site.", default=False, type_name="true/false"),
        Field("allow_file_insertion", boolean, "Let articles use {include}, {literalinclude} and {raw} with files "
              "(inside the content folder only). Only for trusted authors.", default=False,
              type_name="true/false"),
        Field("ticket", _site_ticket, "Where Registrar atendimento leads: system (zendesk, osticket, glpi, url, "
              "email) and its ids; see the ticket: table. Without it, each set's e-mail.", type_name="mapping"),
        Field("channels", _channels, "Canais de atendimento: phones, chat, portal, hours, holidays, response "
              "times, what to attach; see the channels: table.", type_name="mapping"),
        Field("popular", _popular, "Artigos mais lidos: source (a path,views file; default _data/pageviews.csv "
              "when it exists) and count (articles listed, default 5; 0 hides the lists).", type_name="mapping"),
    ),
)

SET_SCHEMA = Schema(
    "_set.yml",
    (
        Field("title", short_text, "Name of the set (conjunto), e.g. Fiscal.", required=True),
        Field("description", short_text, "One sentence shown on the set's tile."),
        Field("email", email, "Support e-mail of the set; a message to it opens a ticket.", required=True,
              type_name="e-mail"),
        Field("phone", short_text, "Support phone number shown in the set's sidebar."),
        Field("hours", short_text, "Service hours shown in the set's sidebar."),
        Field("order", integer, "Position among the sets (smaller first; unnumbered ones last, by title).",
              type_name="integer"),
        Field("icon", image_path, "Image file (inside the content folder) shown on the set's tile.", type_name="path"),
        Field("ticket", _set_ticket, "This set's ticket keys (Zendesk set_tag and module_tags, osTicket "
              "topic_id …), merged over kb.yml's ticket:.", type_name="mapping"),
        Field("channel", _channels, "This set's own channels, with the keys of kb.yml's channels: (its "
              "holidays are added to the site's).", type_name="mapping"),
    ),
)

MODULE_SCHEMA = Schema(
    "_module.yml",
    (
        Field("title", short_text, "Name of the module, e.g. Nota Fiscal Eletrônica.", required=True),
        Field("description", short_text, "One sentence shown on the module page."),
        Field("order", integer, "Position among the set's modules (smaller first; unnumbered ones last, by title).",
              type_name="integer"),
    ),
)

ARTICLE_SCHEMA = Schema(
    "front matter",
    (
        Field("title", short_text, "The question the article answers, as readers ask it.", required=True),
        Field("description", short_text, "One-sentence summary: search snippets, listings, search engines."),
        Field("faq", boolean, "List the article under Perguntas frequentes.", default=False, type_name="true/false"),
        Field("order", integer, "Position in its module (smaller first; unnumbered ones last, by title).",
              type_name="integer"),
        Field("tags", list_of(tag), "Keywords; they relate articles and rank first in search.", default=(),
              type_name="list of text"),
        Field("aliases", list_of(alias), "Old site-relative paths that must keep working.", default=(),
              type_name="list of paths"),
        Field("updated", date, "Date of the last update, used when the content is not in git.",
              type_name="date"),
        Field("review_by", date, "Date by which the article must be reviewed; `kbgen check` warns after it "
              "(never the build, which must not depend on the day it runs).", type_name="date"),
    ),
)

ALL_SCHEMAS = (KB_SCHEMA, SET_SCHEMA, MODULE_SCHEMA, ARTICLE_SCHEMA)


@dataclass(frozen=True)
class FieldProblem:
    key: str
    message: str


def validate(schema: Schema, data: Any) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Convert ``data`` with ``schema``; return the values (defaults filled) and every problem."""
    problems: list[FieldProblem] = []
    if not isinstance(data, dict):
        return {}, [FieldProblem("", f"expected key: value pairs in {schema.name}, found {_describe(data)}")]
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
        raise Invalid(f"expected key: value pairs, found {_describe(data)}")
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
            raise Invalid(f"expected one of {', '.join(options)}, found {_describe(raw)}")
        return str(value)

    convert.__name__ = "one of " + ", ".join(options)
    return convert


def _closest(key: str, names: list[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
    return matches[0] if matches else None
