"""The ticket system a hand-off leads to: ``ticket:`` in kb.yml, per-set overrides in _set.yml.

Five systems. Each accepts only its own keys; what the site must say (the system's URL, the
form id …) is checked in kb.yml, what each set must say (its Zendesk tag, its osTicket help
topic …) is checked per set on the merged configuration, and reported at the set's file.
The resolved configuration of a set is the ``target`` of :func:`kbgen.handoff.builder.build`.
Plain Python, no Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from kbgen.handoff.channels import http_url
from kbgen.handoff.glpi import (
    QUESTIONS_SCHEMA,
    REQUEST_TYPES,
    glpi_set_issues,
    option_id,
    option_ids,
    questions,
    urgency,
)
from kbgen.handoff.slug_map import slug_map
from kbgen.model import Ticket
from kbgen.validation import Field, Invalid, Issue, Schema, check_mapping, choice, describe, short_text

SYSTEMS = ("zendesk", "osticket", "glpi", "url", "email")
PLACEHOLDERS = ("subject", "description", "set", "module", "article_url", "query")
COMMON_KEYS = ("system", "status_url")
SYSTEM_KEYS: dict[str, tuple[str, ...]] = {
    "zendesk": ("url", "locale", "ticket_form_id", "set_field", "module_field", "set_tag", "module_tags"),
    "osticket": ("url", "topic_id"),
    "glpi": ("url", "questions", "urgency", "request_type", "set_option", "module_options"),
    "url": ("template",),
    "email": (),
}
#: keys the site must give (checked in kb.yml, or in a set's file when the set names another system)
SITE_REQUIRED: dict[str, tuple[str, ...]] = {
    "zendesk": ("url",), "osticket": ("url",), "glpi": ("url",), "url": ("template",),
}
#: the comment `kbgen new` writes after a module tag it had to guess; `kbgen check` warns until it is replaced
PLACEHOLDER_MARK = "# kbgen new: placeholder"
_TAG = re.compile(r"^[^\s,\"'<>&]{1,80}$")
_LOCALE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")

_DIGITS = re.compile(r"^[0-9]{1,20}$")  # up to 2**64 - 1, the widest id a ticket system stores


def identifier(value: Any) -> str:
    """A numeric id of the ticket system, as its digits (Zendesk ids have 12+ digits: no ±1,000,000
    limit here). Kept as text end to end: in JSON a number above 2**53 reaches the browser's
    JavaScript as the nearest double (9007199254740993 becomes …992), another form's id."""
    if isinstance(value, str) and _DIGITS.match(value.strip()):
        value = int(value.strip())  # "360000123456", quoted, is the same id
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, found {describe(value)}")
    if value <= 0:
        raise Invalid(f"expected a positive id, found {value}")
    if value >= 2**64:
        raise Invalid(f"expected an id of at most 20 digits, found {value}")
    return str(value)


def zendesk_tag(raw: Any) -> str:
    value = short_text(str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw)
    if not _TAG.match(value):
        raise Invalid(f"expected a Zendesk option tag (the value, not the label: no spaces or quotes), "
                      f"found {value!r}")
    return value


def locale(raw: Any) -> str:
    value = short_text(raw)
    if not _LOCALE.match(value):
        raise Invalid(f"expected a Help Center locale such as pt-br or en-us, found {value!r}")
    return value


module_tags = slug_map(zendesk_tag, "module slugs with their tags (nota-fiscal-eletronica: fiscal_nfse)")


def help_center_locale(language: str) -> str:
    """kb.yml's ``language`` (Sphinx's pt_BR) as a Help Center locale (pt-br): Zendesk's default."""
    return language.replace("_", "-").lower()


def template(raw: Any) -> str:
    value = http_url(raw)
    if re.search(r"\{[^{}]*\{|\}[^{}]*\}", value) or value.count("{") != value.count("}"):
        raise Invalid(f"unbalanced braces in {value!r}")
    for name in re.findall(r"\{([^{}]*)\}", value):
        if name not in PLACEHOLDERS:
            raise Invalid(f"unknown placeholder {{{name}}}; known: "
                          + ", ".join("{" + p + "}" for p in PLACEHOLDERS))
    return value


TICKET_SCHEMA = Schema("ticket", (
    Field("system", choice(*SYSTEMS), "Where a hand-off goes: zendesk, osticket, glpi, url or email (the "
          "set's e-mail; the default without ticket:).", type_name="zendesk/osticket/glpi/url/email"),
    Field("url", http_url, "zendesk: the Help Center's address; osticket: the address of the osTicket site; "
          "glpi: the address of the GLPI 11 form.", type_name="URL"),
    Field("locale", locale, "zendesk: the Help Center locale in /hc/<locale>/ (default: kb.yml's language, "
          "pt_BR → pt-br).", type_name="locale"),
    Field("ticket_form_id", identifier, "zendesk: the id of the ticket form (only where the Help Center has "
          "several forms).", type_name="id"),
    Field("set_field", identifier, "zendesk: the id of the custom drop-down field for the set.", type_name="id"),
    Field("module_field", identifier, "zendesk: the id of the custom drop-down field for the module.",
          type_name="id"),
    Field("set_tag", zendesk_tag, "zendesk, in _set.yml: the option tag of this set in set_field.",
          type_name="tag"),
    Field("module_tags", module_tags, "zendesk, in _set.yml: the option tag of each module in module_field "
          "(module slug: tag).", type_name="module → tag"),
    Field("topic_id", identifier, "osticket, in _set.yml (or kb.yml for all sets): the help-topic id.",
          type_name="id"),
    Field("questions", questions, "glpi: the UUIDs of the questions that receive subject, description, "
          "set, module, urgency, request type and query (each optional).", type_name="mapping"),
    Field("urgency", urgency, "glpi: the urgency a hand-off asks for (very low, low, medium, high, very high), "
          "for questions.urgency.", type_name="urgency"),
    Field("request_type", choice(*REQUEST_TYPES), "glpi: incident or request, for questions.type.",
          type_name="incident/request"),
    Field("set_option", option_id, "glpi, in _set.yml: the UUID of this set's option when questions.set is "
          "a drop-down, radio or checkbox question.", type_name="option UUID"),
    Field("module_options", option_ids, "glpi, in _set.yml: the option UUID of each module (module slug: "
          "UUID) when questions.module is a drop-down, radio or checkbox question.",
          type_name="module → option UUID"),
    Field("template", template, "url: the form's address with {subject}, {description}, {set}, {module}, "
          "{article_url} and {query} where the values go.", type_name="URL template"),
    Field("status_url", http_url, "The ticket system's list or status lookup, linked as Meus atendimentos "
          "(not shown without it).", type_name="URL"),
))

TICKET_SCHEMAS = {"ticket": TICKET_SCHEMA, "ticket.questions": QUESTIONS_SCHEMA}


def _check(raw: Any, system: str, given_only: bool) -> tuple[dict[str, Any], list[Issue]]:
    values, issues = check_mapping(TICKET_SCHEMA, raw, COMMON_KEYS + SYSTEM_KEYS[system],
                                   f"for the {system} system")
    keep = raw.keys() if given_only else COMMON_KEYS + SYSTEM_KEYS[system]
    return {k: values[k] for k in keep if values.get(k) is not None}, issues


_MISSING_HELP = {
    ("zendesk", "url"): "the Help Center's address, like https://suporte.example.gov.br/",
    ("osticket", "url"): "the address of the osTicket site, like https://os.example.gov.br/",
    ("glpi", "url"): "the address of the GLPI 11 form, like https://glpi.example.gov.br/Form/Render/7",
    ("url", "template"): "the form's address with {subject}, {description} … where the values go",
}


def _missing_site_keys(values: dict[str, Any], system: str) -> list[Issue]:
    return [Issue("", _MISSING_HELP[system, k], "missing", k) for k in SITE_REQUIRED.get(system, ())
            if values.get(k) is None]


def site_ticket(raw: Any) -> Ticket:
    """kb.yml's ``ticket:``: the system and everything the site must give for it."""
    if not isinstance(raw, dict):
        raise Invalid(f"expected key: value pairs like system: zendesk, found {describe(raw)}")
    if raw.get("system") is None:
        raise Invalid(issues=[Issue("", "one of " + ", ".join(SYSTEMS), "missing", "system")])
    try:
        system = choice(*SYSTEMS)(raw["system"])
    except Invalid as exc:
        raise Invalid(issues=[Issue("system", str(exc))]) from None
    values, issues = _check(raw, system, given_only=False)
    issues += [i for i in _missing_site_keys(values, system) if i.name not in raw]  # a wrong value: said once
    if issues:
        raise Invalid(issues=issues)
    return cast(Ticket, values)


def set_ticket(raw: Any) -> dict[str, Any]:
    """_set.yml's ``ticket:``: only the keys given; what applies is checked once merged (resolve_ticket)."""
    if not isinstance(raw, dict):
        raise Invalid(f"expected key: value pairs like set_tag: fiscal, found {describe(raw)}")
    values, issues = check_mapping(TICKET_SCHEMA, raw)
    if issues:
        raise Invalid(issues=issues)
    return {k: values[k] for k in raw if values.get(k) is not None}


def resolve_ticket(site: Ticket | None, own: Mapping[str, Any] | None, email: str,
                   modules: list[str]) -> tuple[Ticket, list[Issue]]:
    """A set's ticket configuration: its keys over the site's. Issues belong to the set's file.

    A set that names another system starts from scratch: nothing of the site's applies to it.
    """
    site = site or Ticket(system="email")
    own = own or {}
    system = own.get("system", site["system"])
    fresh = system != site["system"]
    merged: dict[str, Any] = {**({} if fresh else site), **own, "system": system}
    issues: list[Issue] = []
    allowed = COMMON_KEYS + SYSTEM_KEYS[system]
    for key in own:
        if key not in allowed:
            issues.append(Issue(key, f" for the {system} system; allowed here: {', '.join(allowed)}", "unknown"))
    if fresh:
        issues += _missing_site_keys(merged, system)
    if system == "zendesk":
        issues += _zendesk_set_issues(merged, modules)
    if system == "glpi":
        issues += glpi_set_issues(merged, modules)
    elif system == "osticket" and merged.get("topic_id") is None:
        issues.append(Issue("", "the osTicket help-topic id of this set: add 'ticket: {topic_id: <number>}' "
                                "to this file (or to kb.yml for every set)", "missing", "topic_id"))
    target = {k: merged[k] for k in allowed if merged.get(k) is not None}
    if system == "glpi" and target.get("module_options"):
        target["module_options"] = {m: o for m, o in target["module_options"].items() if m in modules}
    if system == "zendesk":  # no locale: kb.yml's language (kbgen.sphinx_ext.handoff.site_target)
        target["module_tags"] = {m: t for m, t in target.get("module_tags", {}).items() if m in modules}
    if system == "email":
        target["email"] = email
    return cast(Ticket, target), issues


def module_tag_field(site: Ticket | None, own: Mapping[str, Any] | None) -> str | None:
    """The Zendesk field each module of a set must give its option tag for (``module_tags``), or
    None: the set's system merged as :func:`resolve_ticket` merges it."""
    site = site or Ticket(system="email")
    own = own or {}
    system = own.get("system", site["system"])
    if system != "zendesk":
        return None
    merged: dict[str, Any] = {**({} if system != site["system"] else site), **own}
    field = merged.get("module_field")
    return str(field) if field else None


def _zendesk_set_issues(merged: dict[str, Any], modules: list[str]) -> list[Issue]:
    issues: list[Issue] = []
    if merged.get("set_field") and not merged.get("set_tag"):
        issues.append(Issue("", f"the option tag of this set in the Zendesk field {merged['set_field']}: add "
                                "'ticket: {set_tag: <tag>}' to this file", "missing", "set_tag"))
    if merged.get("set_tag") and not merged.get("set_field"):
        issues.append(Issue("set_tag", "needs ticket.set_field in kb.yml: the id of the Zendesk field it fills"))
    tags = merged.get("module_tags") or {}
    if tags and not merged.get("module_field"):
        issues.append(Issue("module_tags", "needs ticket.module_field in kb.yml: the id of the Zendesk field "
                                           "they fill"))
    for slug in tags:
        if slug not in modules:
            issues.append(Issue(f"module_tags.{slug}", f"no module {slug!r} in this set; its modules: "
                                                       + (", ".join(modules) or "none")))
    if merged.get("module_field"):
        for slug in modules:
            if slug not in tags:
                issues.append(Issue("module_tags", f"no tag for the module {slug!r}: add '{slug}: <tag>' under "
                                                   "ticket: module_tags: in this file"))
    return issues


def travels(target: Mapping[str, Any]) -> bool:
    """Whether the prepared description reaches the form (else the page offers "Copiar detalhes")."""
    system = target["system"]
    if system == "osticket":
        return False
    if system == "glpi":
        return "description" in (target.get("questions") or {})
    if system == "url":
        return "{description}" in target["template"]
    return True
