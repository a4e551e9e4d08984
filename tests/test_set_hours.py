"""A set's ``hours:`` (issue 22, item 8): data, as the channels' hours, so the sidebar says whether
the set is open now; a free text is still shown, with a check warning giving the data form read
from it (kbgen.handoff.hours_text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kbgen.handoff.hours import hours_record
from kbgen.handoff.hours_text import hours_yaml, suggested_hours
from kbgen.yamlio import load_yaml

from .conftest import kbgen, run_build

SET_FILE = Path("fiscal/_set.yml")


@pytest.mark.parametrize(("text", "weekly"), [
    ("Segunda a sexta, das 8h às 18h", {"seg-sex": ["08:00-18:00"]}),
    ("seg-sex 8h-12h e 14h-18h", {"seg-sex": ["08:00-12:00", "14:00-18:00"]}),
    ("De segunda a sexta-feira, das 7h30 às 13h30; sábado das 8h às 12h",
     {"seg-sex": ["07:30-13:30"], "sab": ["08:00-12:00"]}),
    ("Segunda, quarta e sexta, das 8h às 12h",
     {"seg": ["08:00-12:00"], "qua": ["08:00-12:00"], "sex": ["08:00-12:00"]}),
    ("SEG A SEX: 8:00 às 17:00", {"seg-sex": ["08:00-17:00"]}),
    ("Seg a Sex: 8h às 12h / 13h às 17h", {"seg-sex": ["08:00-12:00", "13:00-17:00"]}),
    ("Todos os dias, 24 horas", {"seg-dom": ["00:00-24:00"]}),
    ("sáb. 9h-13h", {"sab": ["09:00-13:00"]}),
])
def test_free_text_hours_are_read_into_data(text: str, weekly: dict[str, list[str]]) -> None:
    suggestion = suggested_hours(text)
    assert suggestion == {"weekly": weekly}
    # what the warning shows is valid YAML of valid hours: the author can paste it
    pasted = load_yaml(hours_yaml(suggestion)).value["hours"]
    assert pasted == suggestion
    hours_record(pasted)


@pytest.mark.parametrize("text", [
    "horário comercial", "sexta a segunda, 8h às 9h", "segunda a sexta, das 18h às 8h", "ligue antes", "",
    "segunda a sexta 8h-12h; segunda 14h-18h",
])
def test_unreadable_hours_get_no_guess(text: str) -> None:
    assert suggested_hours(text) is None


def _set_file(site: Path, hours: str, extra: str = "") -> None:
    path = site / SET_FILE
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("hours")]
    lines = [line for line in lines if not line.startswith(("  weekly", "    seg"))]
    lines.insert(4, hours)
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")


def test_text_hours_are_shown_and_warned_at_their_line(site: Path, tmp_path: Path) -> None:
    _set_file(site, "hours: Segunda a sexta, das 8h às 12h e das 14h às 18h")
    result = kbgen("check", "--source", str(site), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert ("fiscal/_set.yml:5: warning: hours written as text cannot show whether the set is open now" in out
            and 'hours: {weekly: {seg-sex: ["08:00-12:00", "14:00-18:00"]}}' in out), out
    report, output = run_build(site, tmp_path)
    assert report.status == 0, output  # a warning, not an error
    page = (tmp_path / "out/fiscal/nota-fiscal-eletronica/index.html").read_text(encoding="utf-8")
    assert "Segunda a sexta, das 8h às 12h e das 14h às 18h" in page  # still shown, as written
    assert "data-kb-hours=" not in page.split("kb-set-contact")[1].split("</section>")[0]


def test_unreadable_text_hours_get_an_example(site: Path, tmp_path: Path) -> None:
    _set_file(site, "hours: horário comercial")
    out = kbgen("check", "--source", str(site), cwd=tmp_path)
    assert 'write them as data, for example: hours: {weekly: {seg-sex: ["08:00-18:00"]}}' in out.stdout + out.stderr


def test_hours_given_twice_is_an_error(site: Path, tmp_path: Path) -> None:
    _set_file(site, 'hours: {weekly: {seg-sex: ["08:00-12:00"]}}',
              'channel:\n  hours:\n    weekly:\n      seg-sex: ["13:00-18:00"]\n')
    result = kbgen("check", "--source", str(site), cwd=tmp_path)
    assert result.returncode == 1
    assert "fiscal/_set.yml:5: the hours are given twice, here and in channel.hours: keep one" in (
        result.stdout + result.stderr)


def test_wrong_hours_data_is_an_error_at_its_line(site: Path, tmp_path: Path) -> None:
    _set_file(site, 'hours:\n  weekly:\n    seg-sex: ["18:00-08:00"]')
    result = kbgen("check", "--source", str(site), cwd=tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "fiscal/_set.yml:7: " in out and "ends before it starts" in out, out


def test_data_hours_carry_the_sets_own_phone(minimal_site: Path) -> None:
    page = (minimal_site / "fiscal/nota-fiscal-eletronica/index.html").read_text(encoding="utf-8")
    sidebar = page.split("kb-set-contact")[1].split("</section>")[0]
    data: Any = sidebar.split('data-kb-hours="')[1].split('"')[0]
    assert "[[480,1080]]" in data.replace("&#34;", '"')
    assert "tel:+554830000001" in sidebar


@pytest.mark.parametrize(("phone", "link"), [
    ("(48) 3000-0001", '<a href="tel:+554830000001">(48) 3000-0001</a>'),  # dialled in E.164, as channels
    ("Ramal 4521 (interno)", "</span> Ramal 4521 (interno)</p>"),  # not a number: shown, no link
])
def test_a_plain_phone_beside_text_hours(site: Path, tmp_path: Path, phone: str, link: str) -> None:
    _set_file(site, "hours: Segunda a sexta, das 8h às 18h")
    path = site / SET_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("phone: (48) 3000-0001", f'phone: "{phone}"'),
                    encoding="utf-8")
    report, output = run_build(site, tmp_path)
    assert report.status == 0, output
    page = (tmp_path / "out/fiscal/nota-fiscal-eletronica/index.html").read_text(encoding="utf-8")
    assert link in page.split("kb-set-contact")[1].split("</section>")[0]
