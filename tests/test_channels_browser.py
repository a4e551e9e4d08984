"""Opening hours in Chromium with a fixed clock (Playwright's clock API): the sample's hours are the
seed's (7h–19h, on call 7h–8h, 12h–13h30, 18h–19h, closed on national holidays), and
Arrecadação answers from Rondônia (America/Porto_Velho, UTC−4)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import serve

CSP = {"Content-Security-Policy": "default-src 'self'"}
SITE_HOURS = "section[aria-labelledby=kb-channels-hours] .kb-hours-status"


@pytest.fixture(scope="module")
def sample_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site, headers=CSP) as url:
        yield url


def _open(browser: Any, url: str, when: str, zone: str = "America/Sao_Paulo", width: int = 1280) -> Any:
    context = browser.new_context(timezone_id=zone, viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.clock.set_fixed_time(when)
    page.goto(url)
    assert not errors, errors
    return page


@pytest.mark.parametrize(("when", "expected"), [
    ("2026-03-10T15:00:00-03:00", "aberto agora"),  # a Tuesday afternoon
    ("2026-03-10T12:30:00-03:00", "em plantão agora (equipe reduzida)"),  # lunch: on call
    ("2026-03-10T06:00:00-03:00", "fora do horário de atendimento — volta às 7h"),
    ("2026-03-10T20:00:00-03:00", "fora do horário de atendimento — volta amanhã às 7h"),
    ("2026-03-13T19:30:00-03:00", "fora do horário de atendimento — volta segunda-feira às 7h"),  # Friday night
    ("2026-04-21T10:00:00-03:00", "fora do horário de atendimento (feriado: Tiradentes) — volta amanhã às 7h"),
    ("2026-08-25T10:00:00-03:00", "aberto agora"),  # the municipality's anniversary: a local holiday, open
])
def test_site_hours_with_a_fixed_clock(browser: Any, sample_url: str, when: str, expected: str) -> None:
    page = _open(browser, sample_url + "canais-de-atendimento.html", when)
    status = page.locator(SITE_HOURS)
    assert status.is_visible()
    assert status.inner_text() == expected
    page.context.close()


@pytest.mark.parametrize(("zone", "when", "expected"), [
    ("America/Porto_Velho", "2026-03-10T14:00:00-03:00", "aberto agora"),  # 13h in Porto Velho
    ("America/Porto_Velho", "2026-03-10T15:00:00-03:00",
     "fora do horário de atendimento — volta amanhã às 7h30"),
    ("America/Sao_Paulo", "2026-03-10T15:00:00-03:00",  # a reader in Brasília is told whose 7h30 it is
     "fora do horário de atendimento — volta amanhã às 7h30 (Horário do Amazonas)"),
])
def test_another_time_zone(browser: Any, sample_url: str, zone: str, when: str, expected: str) -> None:
    page = _open(browser, sample_url + "canais-de-atendimento.html", when, zone)
    card = page.locator("section[aria-labelledby=kb-channels-sets] li", has_text="Arrecadação")
    assert card.locator(".kb-hours-status").inner_text() == expected
    # the set's sidebar says the same
    page.goto(sample_url + "arrecadacao/iptu/index.html")
    assert page.locator(".kb-sidebar .kb-hours-status").inner_text() == expected
    page.context.close()


def test_status_follows_the_clock(browser: Any, sample_url: str) -> None:
    context = browser.new_context(timezone_id="America/Sao_Paulo")
    page = context.new_page()
    page.clock.install(time="2026-03-10T18:59:00-03:00")
    page.goto(sample_url + "canais-de-atendimento.html")
    assert page.locator(SITE_HOURS).inner_text() == "em plantão agora (equipe reduzida)"
    page.clock.run_for("02:00")  # two minutes later the page has refreshed itself
    assert page.locator(SITE_HOURS).inner_text() == "fora do horário de atendimento — volta amanhã às 7h"
    context.close()


def test_home_summary_and_no_javascript(browser: Any, sample_url: str) -> None:
    page = _open(browser, sample_url + "index.html", "2026-03-10T15:00:00-03:00")
    summary = page.locator(".kb-channels-summary")
    assert summary.locator("a[href='tel:+554830000000']").inner_text() == "(48) 3000-0000"
    assert summary.locator(".kb-hours-status").inner_text() == "aberto agora"
    page.context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_url + "canais-de-atendimento.html")
    assert page.locator(SITE_HOURS).is_hidden()  # no sentence the build could not know
    assert page.locator("section[aria-labelledby=kb-channels-hours] dd").first.inner_text().startswith("7h–19h")
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("path", ["canais-de-atendimento.html", "registrar-atendimento.html?conjunto=arrecadacao"])
def test_no_horizontal_scroll(browser: Any, sample_url: str, width: int, path: str) -> None:
    page = _open(browser, sample_url + path, "2026-03-10T15:00:00-03:00", width=width)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == width, widths
    page.context.close()
