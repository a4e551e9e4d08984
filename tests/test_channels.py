"""Support channels: phone numbers in E.164, menus, hours as data, and the open/closed status
that kbgen-hours.js computes (here under Node, across weekdays, holidays, on-call windows and
time zones; the browser tests do it again with a fixed clock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kbgen.handoff.channels import e164, merged_channel
from kbgen.handoff.hours import format_time, holiday_date, hours_data, hours_record, weekly, window
from kbgen.validation import Invalid

from .conftest import build_clean
from .node_bridge import NodeBridge


@pytest.mark.parametrize(("written", "expected"), [
    ("(48) 3000-0000", "+554830000000"),
    ("(69) 3211-6100", "+556932116100"),
    ("47 3531.1500", "+554735311500"),
    ("(48) 99999-0000", "+5548999990000"),
    ("0 48 3000-0000", "+554830000000"),
    ("0800-883-6216", "+558008836216"),
    ("4003-0015", "+5540030015"),
    ("+351 21 000 0000", "+351210000000"),
    (4830000000, "+554830000000"),
])
def test_phone_numbers_become_e164(written: Any, expected: str) -> None:
    assert e164(written) == expected


@pytest.mark.parametrize("written", ["3000-0000", "12345", "(48) 3000-000a", "+0 48 3000", "ramal 204"])
def test_phone_numbers_without_area_code_are_refused(written: str) -> None:
    with pytest.raises(Invalid, match="expected a phone number with area code"):
        e164(written)


def test_windows_and_weekdays() -> None:
    assert window("07:00-19:00") == (420, 1140)
    assert window("7h-13h30") == (420, 810)
    assert window("12:00 – 24:00") == (720, 1440)
    days = weekly({"seg-sex": ["13:30-18:00", "08:00-12:00"], "sáb": ["8h-12h"]})
    assert days[0] == days[4] == [(480, 720), (810, 1080)] and days[5] == [(480, 720)] and days[6] == []
    assert holiday_date("12-25") == "12-25" and holiday_date("02-29") == "02-29"
    assert format_time(420) == "7h" and format_time(810) == "13h30"
    assert format_time(810, "{h}:00", "{h}:{mm}") == "13:30"


def test_hours_data_resolves_holiday_rules() -> None:
    hours = hours_record({"weekly": {"seg-sex": ["07:00-19:00"]}, "on_call": {"seg-sex": ["07:00-08:00"]},
                          "local_holidays": "open"})
    data = hours_data(hours, "America/Porto_Velho", [
        {"date": "04-21", "name": "Tiradentes", "local": False},
        {"date": "2026-08-25", "name": "Aniversário", "local": True},
    ])
    assert data["tz"] == "America/Porto_Velho"
    assert data["holidays"] == {"04-21": {"name": "Tiradentes", "rule": "closed"},
                                "2026-08-25": {"name": "Aniversário", "rule": "open"}}
    assert data["week"][0] == [[420, 1140]] and data["on_call"][6] == []


def test_a_set_channel_adds_its_holidays_to_the_sites() -> None:
    site = {"timezone": "America/Sao_Paulo", "holidays": [{"date": "04-21", "name": "Tiradentes", "local": False}],
            "phones": [{"number": "+554830000000"}]}
    own = {"timezone": "America/Porto_Velho", "holidays": [{"date": "01-04", "name": "RO", "local": True}]}
    merged = merged_channel(site, own)
    assert merged is not None
    assert merged["timezone"] == "America/Porto_Velho" and merged["phones"] == site["phones"]
    assert [h["name"] for h in merged["holidays"]] == ["Tiradentes", "RO"]
    assert merged_channel(None, None) is None


# ---- kbgen-hours.js under Node ------------------------------------------------------------------------

SEED = {  # the seed's hours: 7h–19h, on call 7h–8h, 12h–13h30, 18h–19h; national holidays off, local ones on
    "tz": "America/Sao_Paulo",
    "week": [[[420, 1140]]] * 5 + [[], []],
    "on_call": [[[420, 480], [720, 810], [1080, 1140]]] * 5 + [[], []],
    "holidays": {"04-21": {"name": "Tiradentes", "rule": "closed"},
                 "2026-08-25": {"name": "Aniversário do município", "rule": "open"},
                 "2026-11-02": {"name": "Finados", "rule": "on_call"}},
}
RONDONIA = {"tz": "America/Porto_Velho", "week": [[[450, 810]]] * 5 + [[], []], "on_call": [[]] * 7, "holidays": {}}
TEXTS = {
    "open": "aberto agora", "on_call": "em plantão agora (equipe reduzida)", "closed": "fora do horário de atendimento",
    "holiday": "feriado: {name}", "back_today": "volta às {time}", "back_tomorrow": "volta amanhã às {time}",
    "back_day": "volta {day} às {time}", "time_whole": "{h}h", "time_partial": "{h}h{mm}",
    "days": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"],
    "zone": "Horário do Amazonas",
}



@pytest.mark.parametrize(("hours", "now", "reader", "expected"), [
    (SEED, "2026-03-10T15:00:00-03:00", "America/Sao_Paulo", "aberto agora"),  # a Tuesday afternoon
    (SEED, "2026-03-10T07:30:00-03:00", "America/Sao_Paulo", "em plantão agora (equipe reduzida)"),
    (SEED, "2026-03-10T12:45:00-03:00", "America/Sao_Paulo", "em plantão agora (equipe reduzida)"),
    (SEED, "2026-03-10T06:10:00-03:00", "America/Sao_Paulo", "fora do horário de atendimento — volta às 7h"),
    (SEED, "2026-03-10T19:00:00-03:00", "America/Sao_Paulo", "fora do horário de atendimento — volta amanhã às 7h"),
    (SEED, "2026-03-13T20:00:00-03:00", "America/Sao_Paulo",
     "fora do horário de atendimento — volta segunda-feira às 7h"),
    (SEED, "2026-03-14T23:59:00-03:00", "America/Sao_Paulo",
     "fora do horário de atendimento — volta segunda-feira às 7h"),
    (SEED, "2026-04-21T10:00:00-03:00", "America/Sao_Paulo",  # Tiradentes, a Tuesday
     "fora do horário de atendimento (feriado: Tiradentes) — volta amanhã às 7h"),
    (SEED, "2026-04-20T20:00:00-03:00", "America/Sao_Paulo",  # the evening before skips the holiday
     "fora do horário de atendimento — volta quarta-feira às 7h"),
    (SEED, "2026-08-25T10:00:00-03:00", "America/Sao_Paulo", "aberto agora"),  # a local holiday: open
    (SEED, "2026-11-02T12:30:00-03:00", "America/Sao_Paulo", "em plantão agora (equipe reduzida)"),  # on call only
    (SEED, "2026-11-02T10:00:00-03:00", "America/Sao_Paulo",
     "fora do horário de atendimento (feriado: Finados) — volta às 12h"),
    (SEED, "2026-03-10T18:00:00Z", "Europe/Lisbon", "aberto agora"),  # 15h in Brasília, whatever the reader's zone
    (RONDONIA, "2026-03-10T14:00:00-03:00", "America/Porto_Velho", "aberto agora"),  # 13h in Porto Velho
    (RONDONIA, "2026-03-10T15:00:00-03:00", "America/Porto_Velho",
     "fora do horário de atendimento — volta amanhã às 7h30"),
    (RONDONIA, "2026-03-10T15:00:00-03:00", "America/Sao_Paulo",  # a reader in Brasília: the zone is named
     "fora do horário de atendimento — volta amanhã às 7h30 (Horário do Amazonas)"),
])
def test_hours_status_in_javascript(node: NodeBridge, hours: dict[str, Any], now: str, reader: str,
                                    expected: str) -> None:
    assert node.call("hours", hours=hours, now=now, texts=TEXTS, reader=reader)["message"] == expected


def test_no_window_in_two_weeks_says_only_closed(node: NodeBridge) -> None:
    closed = {"tz": "America/Sao_Paulo", "week": [[]] * 7, "on_call": [[]] * 7, "holidays": {}}
    answer = node.call("hours", hours=closed, now="2026-03-10T15:00:00-03:00", texts=TEXTS, reader="UTC")
    assert answer["status"]["next"] is None and answer["message"] == "fora do horário de atendimento"


# ---- the pages -----------------------------------------------------------------------------------------

def test_channels_page_and_summaries(sample_site: Path) -> None:
    page = (sample_site / "canais-de-atendimento.html").read_text(encoding="utf-8")
    assert '<a href="tel:+554830000000">(48) 3000-0000</a>' in page
    assert "opção 2 › 2 › 3 › 9 › 9 › 3" in page
    assert "Consulta técnica" in page and "até 2 horas corridas" in page
    assert "O passo a passo que levou ao erro" in page
    assert "atende.fiscal@example.gov.br" in page and "https://chat.example.gov.br/" in page
    assert "segunda-feira a sexta-feira" in page and "7h–19h" in page and "12h–13h30" in page
    assert "21/04 (todo ano) — Tiradentes" in page and "(feriado local)" in page
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'class="kb-channels-summary' in home and "data-kb-hours=" in home
    # a set with its own channel shows it in its sidebar, in its own time zone
    iptu = (sample_site / "arrecadacao/iptu/index.html").read_text(encoding="utf-8")
    assert "tel:+556930006100" in iptu and "America/Porto_Velho" in iptu
    # a set whose hours are data shows its own phone and hours, not the site's central (test_set_hours.py)
    fiscal = (sample_site / "fiscal/nota-fiscal-eletronica/index.html").read_text(encoding="utf-8")
    sidebar = fiscal[fiscal.index("kb-set-contact"):]
    sidebar = sidebar[: sidebar.index("</section>")]
    assert "tel:+554830000001" in sidebar and "tel:+554830000000" not in sidebar and "<dd>8h–18h</dd>" in sidebar


def test_channels_page_in_english(site: Path, tmp_path: Path) -> None:
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8").replace("language: pt_BR", "language: en") + (
        "channels:\n  hours:\n    weekly:\n      seg-sex: ['08:00-12:00', '13:30-18:00']\n"
        "  phones:\n    - {number: (48) 3000-0000, menu: [{options: [2, 1], label: NFS-e}]}\n"), encoding="utf-8")
    page = (build_clean(site, tmp_path) / "canais-de-atendimento.html").read_text(encoding="utf-8")
    assert "Monday to Friday" in page and "8:00–12:00, 13:30–18:00" in page and "option 2 › 1" in page
    assert "open now" in page  # the browser's sentences, translated too
