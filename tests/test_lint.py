"""The author's linter (kbgen check only): each rule triggered by a fixture, and not by a clean one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kbgen.exitcodes import ExitStatus
from kbgen.loading.lint import lint, valid_cnpj, valid_cpf
from kbgen.loading.walker import load_site

from .conftest import kbgen, run_build

ETICA = "rh/folha-de-pagamento/etica-no-servico-publico"
TODAY = dt.date(2026, 12, 1)


def _findings(site: Path, today: dt.date = TODAY) -> list[str]:
    loaded, problems = load_site(site)
    assert not problems.errors, [p.format() for p in problems.items]
    lint(loaded, problems, today)
    return [p.format() for p in problems.warnings]


def _write(site: Path, docname: str, front: str, body: str) -> None:
    (site / f"{docname}.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


def test_clean_article_has_no_findings(site: Path) -> None:
    _write(site, ETICA, "title: Ética\ndescription: Conduta.\n", "Fale com rh@example.gov.br ou (48) 3000-0001.")
    assert not [f for f in _findings(site) if ETICA in f]


def test_duplicate_titles(site: Path) -> None:
    _write(site, ETICA, "title: COMO CANCELAR UMA NFS-E\ndescription: x.\n", "Texto.")
    assert any(f"content/{ETICA}.md:2: warning: the title is the same as como-cancelar-uma-nfs-e.md's" in f
               for f in _findings(site))


def test_missing_description(site: Path) -> None:
    _write(site, ETICA, "title: Ética\n", "Texto.")
    assert f"content/{ETICA}.md:2: warning: no 'description'" in "\n".join(_findings(site))


@pytest.mark.parametrize("text, kind", [
    ("O CPF 529.982.247-25 foi informado.", "looks like a CPF (529.982.247-25)"),
    ("CPF 52998224725.", "looks like a CPF (52998224725)"),
    ("A empresa 11.222.333/0001-81.", "looks like a real CNPJ (11.222.333/0001-81)"),
    ("Escreva para maria.silva@gmail.com.", "e-mail address 'maria.silva@gmail.com' is not one of the site"),
    ("Ligue para (48) 99123-4567.", "phone number '(48) 99123-4567' is not one of the site"),
])
def test_personal_data(site: Path, text: str, kind: str) -> None:
    _write(site, ETICA, "title: Ética\ndescription: x.\n", f"Primeira linha.\n\n{text}")
    assert any(f"content/{ETICA}.md:8: warning: " in f and kind in f for f in _findings(site)), _findings(site)


@pytest.mark.parametrize("text", [
    "Use o CPF fictício 000.000.000-00 ou 123.456.789-00.",  # invalid check digits: examples
    "Escreva para fiscal@example.gov.br ou ligue (48) 3000-0001.",  # the site's own channels
    "O parcelamento 2026/001873 e o protocolo 12345678901234.",
])
def test_personal_data_false_positives(site: Path, text: str) -> None:
    _write(site, ETICA, "title: Ética\ndescription: x.\n", text)
    assert not [f for f in _findings(site) if "personal" in f or "CPF" in f or "phone" in f or "e-mail" in f]


def test_review_by(site: Path) -> None:
    _write(site, ETICA, "title: Ética\ndescription: x.\nreview_by: 2026-11-30\n", "Texto.")
    assert any(f"content/{ETICA}.md:4: warning: 'review_by' 2026-11-30 has passed" in f for f in _findings(site))
    assert not [f for f in _findings(site, dt.date(2026, 11, 30)) if "review_by" in f]


def test_unused_image(site: Path) -> None:
    extra = site / "fiscal" / "nota-fiscal-eletronica" / "img" / "sobra.png"
    extra.write_bytes((site / "fiscal" / "nota-fiscal-eletronica" / "img" / "cancelar.png").read_bytes())
    findings = _findings(site)
    assert ("content/fiscal/nota-fiscal-eletronica/img/sobra.png: warning: this image is not used by any article: "
            "delete it or link it") in findings
    assert not [f for f in findings if "cancelar.png" in f]


def test_lint_is_check_only(site: Path, tmp_path: Path) -> None:
    _write(site, ETICA, "title: Ética\ndescription: x.\nreview_by: 2020-01-01\n", "CPF 529.982.247-25.")
    report, output = run_build(site, tmp_path / "build", strict=True)
    assert report.status == ExitStatus.OK, output  # builds never depend on the day or on lint
    done = kbgen("check", "--source", str(site), "--today", "2026-12-01", cwd=tmp_path)
    assert done.returncode == ExitStatus.OK  # warnings only
    assert "review_by' 2020-01-01 has passed" in done.stderr and "looks like a CPF" in done.stderr
    strict = kbgen("check", "--source", str(site), "--strict", "--format", "github", cwd=tmp_path)
    assert strict.returncode == ExitStatus.CONTENT_ERROR
    assert f"::warning file=content/{ETICA}.md,line=7::this looks like a CPF" in strict.stderr


def test_check_digits() -> None:
    assert valid_cpf("529.982.247-25") and not valid_cpf("529.982.247-26") and not valid_cpf("111.111.111-11")
    assert valid_cnpj("11.222.333/0001-81") and not valid_cnpj("11.222.333/0001-82")


def test_sample_content_is_lint_clean() -> None:
    from .conftest import SAMPLE

    assert _findings(SAMPLE) == []


def test_long_description_is_a_warning_at_its_line(site: Path) -> None:
    words = ("Como emitir a certidão negativa de débitos municipais pelo portal " * 6).strip()
    assert len(words) > 300
    _write(site, ETICA, f"title: Ética\ndescription: {words}\n", "Texto.")
    findings = _findings(site)  # no error: _findings asserts there is none
    assert f"content/{ETICA}.md:3: warning: the 'description' has {len(words)} characters" in "\n".join(findings)


def test_description_of_300_characters_is_not_flagged(site: Path) -> None:
    _write(site, ETICA, f"title: Ética\ndescription: {'a' * 300}\n", "Texto.")
    assert not [f for f in _findings(site) if "'description' has" in f]


def test_a_module_tag_kbgen_new_guessed_is_a_warning_at_its_line(site: Path) -> None:
    set_file = site / "fiscal" / "_set.yml"
    before = set_file.read_text(encoding="utf-8")
    zendesk = ("ticket:\n  system: zendesk\n  url: https://suporte.example.gov.br/\n  ticket_form_id: 1\n"
               "  module_field: 3\n  module_tags:\n    nota-fiscal-eletronica: fiscal_nfse  # the author's note\n")
    set_file.write_text(before + zendesk + "    escrita-fiscal: fiscal_escrita\n", encoding="utf-8")
    assert not [f for f in _findings(site) if "placeholder" in f]
    line = (before + zendesk).count("\n") + 1
    set_file.write_text(before + zendesk + "    escrita-fiscal: escrita_fiscal  # kbgen new: placeholder — the tag "
                        "of this module's option in the Zendesk field 3\n", encoding="utf-8")
    assert (f"content/fiscal/_set.yml:{line}: warning: 'escrita-fiscal: escrita_fiscal' is a placeholder written "
            "by kbgen new") in "\n".join(_findings(site))
