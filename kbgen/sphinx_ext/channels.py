"""What readers see of the support channels: the "Canais de atendimento" page, the home page's
summary and each set's sidebar. Views are plain dictionaries built from the validated content
(``kbgen.handoff``); the hours' open/closed sentence is left to ``kbgen-hours.js``, which gets the
hours as data and its sentences from this module (the theme's catalogue).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any, cast

from babel.dates import format_date, format_skeleton, get_day_names, get_timezone_name

from kbgen.handoff.channels import merged_channel
from kbgen.handoff.hours import WEEKDAYS, format_window, hours_data
from kbgen.model import Channels, SetInfo, Site
from kbgen.sphinx_ext.theme import _


def to_json(value: Any) -> str:
    """Compact, key-sorted JSON for a data- attribute (the template escapes it)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _time_patterns() -> tuple[str, str]:
    # Translators: a whole hour ("7h"; English "7:00"). {h} is the hour.
    whole = _("{h}h")
    # Translators: an hour and minutes ("13h30"; English "13:30"). {mm} is the minutes, two digits.
    return whole, _("{h}h{mm}")


def hours_texts(language: str, zone: str) -> dict[str, Any]:
    """The sentences kbgen-hours.js puts together, in the site's language."""
    whole, partial = _time_patterns()
    return {
        "open": _("aberto agora"),
        "on_call": _("em plantão agora (equipe reduzida)"),
        "closed": _("fora do horário de atendimento"),
        "holiday": _("feriado: {name}"),
        "back_today": _("volta às {time}"),
        "back_tomorrow": _("volta amanhã às {time}"),
        "back_day": _("volta {day} às {time}"),
        "time_whole": whole,
        "time_partial": partial,
        "days": [get_day_names("wide", locale=language)[i] for i in range(7)],
        "zone": zone_name(zone, language),
    }


def zone_name(zone: str, language: str) -> str:
    try:
        return str(get_timezone_name(zone, locale=language))
    except (LookupError, ValueError):
        return zone


def _windows(windows: list[Any]) -> str:
    whole, partial = _time_patterns()
    return ", ".join(format_window(tuple(w), whole, partial) for w in windows)


def _day_range(first: int, last: int, names: Any) -> str:
    if first == last:
        return str(names[first])
    return _("{first} a {last}").replace("{first}", str(names[first])).replace("{last}", str(names[last]))


# lambdas, so that the catalogue extractor sees each literal and the lookup happens at render time
_RULE_NOTES = {
    ("holidays", "closed"): lambda: _("Sem atendimento nos feriados nacionais."),
    ("holidays", "on_call"): lambda: _("Nos feriados nacionais, só plantão."),
    ("holidays", "open"): lambda: _("Nos feriados nacionais, atendimento normal."),
    ("local_holidays", "closed"): lambda: _("Sem atendimento nos feriados locais."),
    ("local_holidays", "on_call"): lambda: _("Nos feriados locais, só plantão."),
    ("local_holidays", "open"): lambda: _("Nos feriados locais, atendimento normal."),
}


def hours_view(hours: dict[str, Any] | None, channel: Channels, language: str) -> dict[str, Any] | None:
    """Rows of weekdays with their windows, notes, and the data for the live status."""
    if not hours:
        return None
    holidays = list(channel.get("holidays") or ())
    data = hours_data(hours, channel.get("timezone"), holidays)
    names = get_day_names("wide", locale=language)
    week = list(zip(data["week"], data["on_call"], strict=True))
    rows: list[dict[str, str]] = []
    start = 0
    for day in range(1, len(WEEKDAYS) + 1):  # runs of weekdays with the same windows
        if day < len(WEEKDAYS) and week[day] == week[start]:
            continue
        regular, on_call = week[start]
        if regular or on_call:
            rows.append({"days": _day_range(start, day - 1, names), "windows": _windows(regular),
                         "on_call": _windows(on_call)})
        start = day
    notes = []
    for key in ("holidays", "local_holidays"):
        if any(bool(h["local"]) == (key == "local_holidays") for h in holidays):
            notes.append(_RULE_NOTES[key, hours[key]]())
    return {
        "rows": rows, "notes": notes, "note": hours.get("note"), "zone": zone_name(data["tz"], language),
        "data": to_json(data), "texts": to_json(hours_texts(language, data["tz"])),
    }


@functools.lru_cache(maxsize=512)  # Babel's skeleton matching is slow and every page's sidebar asks
def _holiday_label(date: str, language: str) -> str:
    if len(date) == 5:  # MM-DD: every year
        month, day = map(int, date.split("-"))
        return _("{date} (todo ano)").replace("{date}", format_skeleton("dMM", dt.date(2024, month, day),
                                                                       locale=language))
    return format_date(dt.date.fromisoformat(date), format="short", locale=language)


def menu_path(options: list[str]) -> str:
    """[2, 2, 3] → "opção 2 › 2 › 3" (the seed's phone-menu paths)."""
    return _("opção {keys}").replace("{keys}", " › ".join(options))


def channel_view(channel: Channels | None, language: str) -> dict[str, Any] | None:
    if not channel:
        return None
    default_hours = channel.get("hours")

    def link(item: dict[str, Any] | None, label: str) -> dict[str, Any] | None:
        if not item:
            return None
        return {"url": item["url"], "label": item.get("label") or label, "description": item.get("description"),
                "hours": hours_view(item.get("hours"), channel, language)}

    return {
        "phones": [{
            "label": p.get("label"), "display": p.get("display") or p["number"], "tel": "tel:" + p["number"],
            "menus": [{"path": menu_path(m["options"]), "label": m["label"]} for m in p.get("menu") or ()],
            "hours": hours_view(p.get("hours"), channel, language),
        } for p in channel.get("phones") or ()],
        "email": channel.get("email"),
        "chat": link(channel.get("chat"), _("Atendimento on-line")),
        "portal": link(channel.get("portal"), _("Portal do cliente")),
        "hours": hours_view(default_hours, channel, language),
        "response_times": [dict(r) for r in channel.get("response_times") or ()],
        "attach": list(channel.get("attach") or ()),
        "holidays": [{"date": _holiday_label(h["date"], language), "name": h["name"], "local": h["local"]}
                     # in calendar order: yearly "MM-DD" dates among this year's
                     for h in sorted(channel.get("holidays") or (), key=lambda h: (h["date"][-5:], h["date"],
                                                                                  h["name"]))],
    }


def set_channel(site: Site, set_info: SetInfo) -> dict[str, Any] | None:
    """A set's channel as its sidebar shows it: its own keys over the site's. A set with only the
    plain ``phone``/``hours`` texts keeps showing them (None here) rather than the site's central."""
    if set_info.channel is None and (set_info.phone or set_info.hours):
        return None
    return channel_view(merged_channel(site.config.channels, set_info.channel), site.config.language)


def inherited(site: Site) -> Channels:
    """What a set's own channel takes from the site's: zone, holidays and default hours."""
    channels: dict[str, Any] = dict(site.config.channels or {})
    return cast(Channels, {k: channels[k] for k in ("timezone", "holidays", "hours") if channels.get(k)})
