"""Service hours as data: weekly windows, on-call (plantão) windows, holidays, a time zone.

Authors write ``seg-sex: ["07:00-19:00"]``; kbgen keeps minutes since midnight per weekday
(Monday first). Whether a channel is open *now* is computed in the reader's browser
(``kbgen-hours.js``) from :func:`hours_data`, so a build never depends on the clock.
Plain Python, no Sphinx.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zoneinfo
from functools import cache
from typing import Any

from kbgen.validation import Field, Invalid, Issue, Schema, boolean, choice, list_of, record, short_text

DEFAULT_TIMEZONE = "America/Sao_Paulo"
HOLIDAY_RULES = ("closed", "on_call", "open")
# Monday first, as datetime.weekday(); "sab"/"sáb" both accepted
WEEKDAYS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")
_DAY_ALIASES = {"sáb": "sab"}
_TIME = r"(\d{1,2})(?::(\d{2})|h(\d{2})?)?"
_WINDOW = re.compile(rf"^\s*{_TIME}\s*[-–]\s*{_TIME}\s*$")
_ZONE = re.compile(r"^[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+$|^UTC$")

Window = tuple[int, int]  # minutes since midnight, end exclusive; 24:00 is 1440


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def timezone(raw: Any) -> str:
    value = short_text(raw)
    zones = _known_zones()
    # without a tz database on the machine, accept the shape; browsers carry their own
    if (zones and value not in zones) or (not zones and not _ZONE.match(value)):
        raise Invalid(f"expected an IANA time zone such as America/Sao_Paulo or America/Porto_Velho, "
                      f"found {value!r}")
    return value


def _minutes(hours: str, minutes: str | None, tail: str | None) -> int:
    h, m = int(hours), int(minutes or tail or 0)
    if m > 59 or h > 24 or (h == 24 and m):
        raise ValueError
    return h * 60 + m


def window(raw: Any) -> Window:
    value = short_text(raw) if isinstance(raw, str) else raw
    match = _WINDOW.match(value) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError
        start = _minutes(*match.group(1, 2, 3))
        end = _minutes(*match.group(4, 5, 6))
    except ValueError:
        raise Invalid(f"expected a time window like \"08:00-12:00\" or \"7h-13h30\" (quoted), found "
                      f"{raw!r}") from None
    if end <= start:
        raise Invalid(f"the window {value!r} ends before it starts: split a window that crosses midnight "
                      "into two days (\"22:00-24:00\" and \"00:00-06:00\")")
    return start, end


def _days(spec: str) -> list[int]:
    def index(name: str) -> int:
        name = _DAY_ALIASES.get(name, name)
        if name not in WEEKDAYS:
            raise ValueError
        return WEEKDAYS.index(name)

    first, _, last = spec.strip().lower().partition("-")
    start = index(first.strip())
    end = index(last.strip()) if last else start
    if end < start:
        raise ValueError
    return list(range(start, end + 1))


def weekly(raw: Any) -> list[list[Window]]:
    """``{seg-sex: [..], sab: [..]}`` → seven sorted lists of windows, Monday first."""
    if not isinstance(raw, dict):
        raise Invalid("expected weekdays with their windows, like seg-sex: [\"08:00-18:00\"]")
    days: list[list[Window]] = [[] for _ in WEEKDAYS]
    seen: dict[int, str] = {}
    issues: list[Issue] = []
    for spec, windows in raw.items():
        try:
            indexes = _days(str(spec))
        except ValueError:
            issues.append(Issue(str(spec), "expected a weekday (seg, ter, qua, qui, sex, sab, dom) or a range "
                                           "like seg-sex"))
            continue
        try:
            converted = list_of(window)(windows)
        except Invalid as exc:
            issues += [Issue(str(spec) + i.key, i.text, i.kind, i.name) for i in exc.issues]
            continue
        ordered = sorted(converted)
        for before, after in itertools.pairwise(ordered):
            if after[0] < before[1]:
                issues.append(Issue(str(spec), f"the windows {format_window(before)} and {format_window(after)} "
                                               "overlap"))
        for day in indexes:
            if day in seen:
                issues.append(Issue(str(spec), f"{WEEKDAYS[day]} is already given by {seen[day]!r}"))
                break
            seen[day] = str(spec)
            days[day] = ordered
    if issues:
        raise Invalid(issues=issues)
    return days


def holiday_date(raw: Any) -> str:
    """A date (2026-04-21, that year only) or a quoted "MM-DD" (every year)."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, str) and re.fullmatch(r"\d{2}-\d{2}", raw.strip()):
        try:
            dt.date(2024, *map(int, raw.strip().split("-")))  # a leap year: 02-29 is a valid yearly date
        except ValueError:
            pass
        else:
            return raw.strip()
    raise Invalid(f"expected a date as YYYY-MM-DD, or \"MM-DD\" (quoted) for every year, found {raw!r}")


HOURS_SCHEMA = Schema("hours", (
    Field("weekly", weekly, "Service windows per weekday: seg-sex: [\"08:00-12:00\", \"13:30-18:00\"].",
          required=True, type_name="weekdays → windows"),
    Field("on_call", weekly, "On-call (plantão) windows per weekday, when a reduced team answers.",
          type_name="weekdays → windows"),
    Field("timezone", timezone, "IANA time zone of these hours (default: channels.timezone, else "
          f"{DEFAULT_TIMEZONE}).", type_name="time zone"),
    Field("holidays", choice(*HOLIDAY_RULES), "On national holidays: closed, on_call (only the on-call "
          "windows) or open (a normal day).", default="closed", type_name="closed/on_call/open"),
    Field("local_holidays", choice(*HOLIDAY_RULES), "On local holidays (local: true): closed, on_call or open.",
          default="closed", type_name="closed/on_call/open"),
    Field("note", short_text, "A line shown under the hours, e.g. \"exceto feriados\"."),
))

HOLIDAY_SCHEMA = Schema("holiday", (
    Field("date", holiday_date, "The date: 2026-04-21 (that year) or \"12-25\" (every year).", required=True,
          type_name="date"),
    Field("name", short_text, "Name shown to readers: Tiradentes.", required=True),
    Field("local", boolean, "A local (state or municipal) holiday, ruled by local_holidays.", default=False,
          type_name="true/false"),
))

hours_record = record(HOURS_SCHEMA)
holidays_list = list_of(record(HOLIDAY_SCHEMA))


def hours_data(hours: dict[str, Any], default_zone: str | None,
               holidays: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``kbgen-hours.js`` reads (a data- attribute): windows in minutes and resolved holidays."""
    rules = {False: hours["holidays"], True: hours["local_holidays"]}
    return {
        "tz": hours.get("timezone") or default_zone or DEFAULT_TIMEZONE,
        "week": [[list(w) for w in day] for day in hours["weekly"]],
        "on_call": [[list(w) for w in day] for day in (hours.get("on_call") or [[] for _ in WEEKDAYS])],
        "holidays": {h["date"]: {"name": h["name"], "rule": rules[bool(h["local"])]}
                     for h in sorted(holidays, key=lambda h: (h["date"], h["name"]))},
    }


def format_time(minutes: int, whole: str = "{h}h", partial: str = "{h}h{mm}") -> str:
    """7h, 13h30 (pt-BR); the patterns come from the catalogue so English gets 7:00, 13:30."""
    h, m = divmod(minutes, 60)
    return (partial if m else whole).replace("{h}", str(h)).replace("{mm}", f"{m:02d}")


def format_window(w: Window, whole: str = "{h}h", partial: str = "{h}h{mm}", dash: str = "–") -> str:
    return f"{format_time(w[0], whole, partial)}{dash}{format_time(w[1], whole, partial)}"


def day_groups(days: list[list[Window]]) -> list[tuple[int, int, list[Window]]]:
    """Runs of consecutive weekdays with the same windows: [(0, 4, [...]), (5, 5, [...])]; closed days out."""
    groups: list[tuple[int, int, list[Window]]] = []
    for day, windows in enumerate(days):
        if groups and groups[-1][2] == windows and groups[-1][1] == day - 1:
            groups[-1] = (groups[-1][0], day, windows)
        else:
            groups.append((day, day, windows))
    return [g for g in groups if g[2]]


def set_hours(raw: Any) -> dict[str, Any] | str:
    """A set's ``hours:``: the data form (as ``channels.hours``), or a line of text kept as a note
    (the loader warns about the text: it cannot say "aberto agora")."""
    if isinstance(raw, dict):
        return hours_record(raw)
    if isinstance(raw, str):
        return short_text(raw)
    raise Invalid("expected the hours as data, like weekly: {seg-sex: [\"08:00-18:00\"]}, or a line of text")
