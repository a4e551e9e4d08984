"""Support channels (``channels:`` in kb.yml, ``channel:`` in _set.yml): phones with their menus,
chat and portal links, response times per request category, what to attach, and service hours.

Plain Python, no Sphinx. Numbers are stored in E.164 (for ``tel:`` links) beside the form the
author wrote (for reading).
"""

from __future__ import annotations

import re
from typing import Any, cast

from kbgen.handoff.hours import HOLIDAY_SCHEMA, HOURS_SCHEMA, holidays_list, hours_record, timezone
from kbgen.model import Channels
from kbgen.validation import Field, Invalid, Schema, email, list_of, record, short_text

_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_HTTP = re.compile(r"^https?://[^/\s]+(/\S*)?$")
_SERVICE_PREFIXES = ("0800", "0300", "0303", "0500", "0900")
_NATIONWIDE = frozenset({"3003", "3004", "4002", "4003", "4004", "4007", "4020", "4062", "4090"})


def e164(raw: Any) -> str:
    """A Brazilian number as authors write it, or any +E.164 number, in E.164.

    (48) 3000-0000 → +554830000000 · 0800 883 6216 → +558008836216 · 4003-0015 → +5540030015.
    """
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    value = short_text(raw)
    digits = re.sub(r"[\s().\-/]", "", value)
    if digits.startswith("+"):
        number = digits
    elif not digits.isdigit():
        number = ""
    elif digits.startswith(_SERVICE_PREFIXES) and len(digits) == 11:
        number = "+55" + digits[1:]  # 0800 numbers drop the leading 0 in E.164
    else:
        if digits.startswith("0") and len(digits) in (11, 12):
            digits = digits[1:]  # trunk prefix: 0 48 3000-0000
        if len(digits) == 8 and digits[:4] in _NATIONWIDE:
            number = "+55" + digits  # nationwide numbers dialled without area code: 4003-0015
        elif len(digits) in (10, 11) and digits[0] != "0":
            number = "+55" + digits
        else:
            number = ""
    if not _E164.match(number):
        raise Invalid(f"expected a phone number with area code, like (48) 3000-0000, 0800 883 6216 or "
                      f"+55 48 3000-0000, found {value!r}")
    return number


def http_url(raw: Any) -> str:
    value = short_text(raw)
    if not _HTTP.match(value):
        raise Invalid(f"expected an http(s) URL like https://suporte.example.gov.br/, found {value!r}")
    return value


def menu_option(raw: Any) -> str:
    """One key of a phone menu: a digit, * or #."""
    value = str(raw).strip() if isinstance(raw, (int, str)) and not isinstance(raw, bool) else ""
    if len(value) == 1 and value in "0123456789*#":
        return value
    raise Invalid(f"expected a key of the phone menu (0–9, * or #), found {raw!r}")


def _options(raw: Any) -> list[str]:
    options: list[str] = list_of(menu_option)(raw)
    if not options:
        raise Invalid("expected at least one option, like [2, 2, 3]")
    return options


MENU_SCHEMA = Schema("menu", (
    Field("options", _options, "The keys to press, in order: [2, 2, 3, 9, 9, 3].", required=True,
          type_name="list of keys"),
    Field("label", short_text, "What those keys reach: Nota Fiscal Eletrônica.", required=True),
))

PHONE_SCHEMA = Schema("phone", (
    Field("number", e164, "The number, with area code: (48) 3000-0000, 0800 883 6216 or +55 48 3000-0000.",
          required=True, type_name="phone number"),
    Field("display", short_text, "How the number is shown (default: as written in number)."),
    Field("label", short_text, "What the line is: Central de Atendimento."),
    Field("menu", list_of(record(MENU_SCHEMA)), "Phone-menu paths to each team.", default=(),
          type_name="list of menus"),
    Field("hours", hours_record, "Hours of this line (default: channels.hours).", type_name="hours"),
))

_phone_record = record(PHONE_SCHEMA)


def phone(raw: Any) -> dict[str, Any]:
    values = _phone_record(raw)
    if not values["display"]:  # shown as the author wrote it; dialled in E.164
        values["display"] = str(raw["number"]).strip()
    return values


LINK_SCHEMA = Schema("link", (
    Field("url", http_url, "Address of the chat or portal.", required=True, type_name="URL"),
    Field("label", short_text, "Name shown to readers (default: Atendimento on-line / Portal do cliente)."),
    Field("description", short_text, "One sentence: what the reader can do there."),
    Field("hours", hours_record, "Hours of this channel (default: channels.hours).", type_name="hours"),
))

RESPONSE_SCHEMA = Schema("response time", (
    Field("category", short_text, "The request category: Consulta técnica.", required=True),
    Field("time", short_text, "The promised time: até 2 horas corridas.", required=True),
    Field("description", short_text, "What belongs to the category."),
))

CHANNELS_SCHEMA = Schema("channels", (
    Field("timezone", timezone, "IANA time zone of every hours block here (default America/Sao_Paulo).",
          type_name="time zone"),
    Field("hours", hours_record, "Service hours of the channels below (each may have its own).",
          type_name="hours"),
    Field("holidays", holidays_list, "National and local holidays (a set's own are added to the site's).",
          default=(), type_name="list of holidays"),
    Field("phones", list_of(phone), "Phone lines, with their menus and hours.", default=(),
          type_name="list of phones"),
    Field("email", email, "A general support e-mail (each set's e-mail is listed too).", type_name="e-mail"),
    Field("chat", record(LINK_SCHEMA), "The chat (atendimento on-line).", type_name="link"),
    Field("portal", record(LINK_SCHEMA), "The customer portal.", type_name="link"),
    Field("response_times", list_of(record(RESPONSE_SCHEMA)), "Response time per request category.",
          default=(), type_name="list"),
    Field("attach", list_of(short_text), "What to attach to a request: prints, PDF, the steps that led to "
          "the error.", default=(), type_name="list of text"),
))

channels_record = record(CHANNELS_SCHEMA)

#: The nested schemas below ``channels:``, by the path where they appear (docs, the fixture guard).
CHANNEL_SCHEMAS = {
    "channels": CHANNELS_SCHEMA,
    "channels.hours": HOURS_SCHEMA,
    "channels.holidays": HOLIDAY_SCHEMA,
    "channels.phones": PHONE_SCHEMA,
    "channels.phones.menu": MENU_SCHEMA,
    "channels.chat": LINK_SCHEMA,
    "channels.response_times": RESPONSE_SCHEMA,
}


def merged_channel(site: Channels | None, own: Channels | None) -> Channels | None:
    """A set's channel: its own keys over the site's; holidays add up (a set lists its local ones)."""
    if not site and not own:
        return None
    result: dict[str, Any] = dict(site or {})
    for key, value in (own or {}).items():
        if value in (None, (), []):
            continue
        if key == "holidays":
            result[key] = [*((site or {}).get("holidays") or ()), *cast(list[Any], value)]
        else:
            result[key] = value
    return cast(Channels, result)
