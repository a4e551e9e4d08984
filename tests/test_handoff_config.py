"""Ticket configuration: every preset from kb.yml/_set.yml to the link readers get, and every
configuration error, with its file and line."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml

from kbgen.handoff import nested_schemas
from kbgen.handoff.builder import Context, build
from kbgen.loading.walker import load_site

from .conftest import FIXTURES, build_clean, run_build

CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "invalid_cases.yml").read_text(encoding="utf-8"))
ZENDESK = """ticket:
  system: zendesk
  url: https://suporte.example.gov.br/
  ticket_form_id: 360000123456
  set_field: 360000234567
  module_field: 360000345678
  status_url: https://suporte.example.gov.br/hc/pt-br/requests
"""
FISCAL_TAGS = """ticket:
  set_tag: conjunto_fiscal
  module_tags:
    nota-fiscal-eletronica: fiscal_nfse
    escrita-fiscal: fiscal_escrita
"""
RH_TAGS = "ticket:\n  set_tag: conjunto_rh\n  module_tags:\n    folha-de-pagamento: rh_folha\n"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_every_nested_field_has_an_invalid_case() -> None:
    """tests/test_schema_guard.py checks top-level keys; this checks the keys inside ticket:/channels:."""
    covered = set()
    for case in CASES:
        if case["field"]:
            path = re.sub(r"\[\d+\]", "", case["field"].split(":", 1)[1])
            covered.add(re.sub(r"^channel\.", "channels.", path))
    missing = [f"{where}.{field.name}" for where, schema in nested_schemas().items() for field in schema.fields
               if f"{where}.{field.name}" not in covered]
    assert not missing, f"add cases to fixtures/invalid_cases.yml for: {', '.join(missing)}"


def _targets(site_root: Path) -> dict[str, dict[str, Any]]:
    site, problems = load_site(site_root)
    assert not problems.errors, [p.format() for p in problems.errors]
    return {slug: s.ticket for slug, s in site.sets.items()}


NFE = Context(set_title="Fiscal", module_slug="nota-fiscal-eletronica", module_title="Nota Fiscal Eletrônica",
              article_title="Como cancelar uma NFS-e?", article_url="https://ajuda.example.gov.br/a.html")


def test_preset_email_is_the_default(site: Path) -> None:
    target = _targets(site)["fiscal"]
    assert target == {"system": "email", "email": "fiscal@example.gov.br"}
    assert build(target, NFE).url.startswith("mailto:fiscal@example.gov.br?subject=%5BFiscal%20%2F%20Nota")


def test_preset_zendesk_with_tags_from_each_set(site: Path) -> None:
    _append(site / "kb.yml", ZENDESK)
    _append(site / "fiscal/_set.yml", FISCAL_TAGS)
    _append(site / "rh/_set.yml", RH_TAGS)
    target = _targets(site)["fiscal"]
    assert "locale" not in target and target["set_tag"] == "conjunto_fiscal"  # kb.yml's language, when built
    url = build(target, NFE).url
    assert url.startswith("https://suporte.example.gov.br/hc/pt-br/requests/new?ticket_form_id=360000123456"
                          "&tf_subject=%5BFiscal%20%2F%20Nota%20Fiscal%20Eletr%C3%B4nica%5D%20Como%20cancelar")
    assert url.endswith("&tf_360000234567=conjunto_fiscal&tf_360000345678=fiscal_nfse")


def test_preset_osticket_topic_per_set(site: Path) -> None:
    _append(site / "kb.yml", "ticket:\n  system: osticket\n  url: https://os.example.gov.br/suporte/\n  topic_id: 1\n")
    _append(site / "fiscal/_set.yml", "ticket:\n  topic_id: 12\n")
    targets = _targets(site)
    assert build(targets["fiscal"], NFE).url == "https://os.example.gov.br/suporte/open.php?topicId=12"
    assert build(targets["rh"], NFE).url == "https://os.example.gov.br/suporte/open.php?topicId=1"
    assert not build(targets["fiscal"], NFE).travels  # the page offers "Copiar detalhes"


def test_zendesk_without_form_id_and_locale_takes_the_site_language(site: Path) -> None:
    from dataclasses import replace

    from kbgen.sphinx_ext.handoff import target

    _append(site / "kb.yml", "ticket:\n  system: zendesk\n  url: https://suporte.example.gov.br/\n")
    loaded, problems = load_site(site)
    assert not problems.errors, [p.format() for p in problems.errors]
    fiscal = loaded.sets["fiscal"]
    assert target(loaded, fiscal)["locale"] == "pt-br"
    english = replace(loaded, config=replace(loaded.config, language="en_US"))
    url = build(target(english, fiscal), NFE).url
    assert url.startswith("https://suporte.example.gov.br/hc/en-us/requests/new?tf_subject=")
    _append(site / "kb.yml", "  locale: es\n")
    loaded, _ = load_site(site)
    assert target(loaded, loaded.sets["fiscal"])["locale"] == "es"  # said in kb.yml: kept


Q = "0195f1c2-3a4b-7c8d-9e0f-0000000000{}".format  # question UUIDs
OPTION = "0195f1c2-aaaa-7bbb-8ccc-0000000000{}".format  # option UUIDs
GLPI = ("ticket:\n  system: glpi\n  url: https://glpi.example.gov.br/Form/Render/7\n"
        f"  questions: {{subject: {Q(41)}, description: {Q(42)}, module: {Q(44)}}}\n")


def test_preset_glpi_questions(site: Path) -> None:
    _append(site / "kb.yml", GLPI)
    url = build(_targets(site)["fiscal"], NFE).url
    assert url.startswith(f"https://glpi.example.gov.br/Form/Render/7?{Q(41)}=%5BFiscal%20%2F%20Nota")
    assert f"&{Q(42)}=%3Cp%3EArtigo%3A%20Como%20cancelar" in url  # the long answer: HTML paragraphs
    assert url.endswith(f"&{Q(44)}=Nota%20Fiscal%20Eletr%C3%B4nica")  # a short-text module question: the title


def test_preset_glpi_drop_downs_urgency_and_type(site: Path) -> None:
    _append(site / "kb.yml", GLPI.replace("module: ", f"set: {Q(43)}, urgency: {Q(46)}, type: {Q(47)}, module: ")
            + "  urgency: High\n  request_type: request\n")
    _append(site / "fiscal/_set.yml", f"ticket:\n  set_option: {OPTION(10)}\n  module_options:\n"
                                      f"    nota-fiscal-eletronica: {OPTION(11)}\n    escrita-fiscal: {OPTION(12)}\n")
    targets = _targets(site)
    url = build(targets["fiscal"], NFE).url
    assert f"&{Q(43)}={OPTION(10)}&{Q(44)}={OPTION(11)}&{Q(46)}=high&{Q(47)}=request" in url
    rh = build(targets["rh"], Context(set_title="RH", module_slug="folha-de-pagamento", module_title="Folha")).url
    assert f"&{Q(43)}=RH&{Q(44)}=Folha&" in rh  # a set without options sends its titles


def test_a_numeric_glpi_question_id_says_where_glpi_shows_the_uuid(site: Path) -> None:
    _append(site / "kb.yml", "ticket:\n  system: glpi\n  url: https://glpi.example.gov.br/Form/Render/7\n"
                             "  questions: {subject: 41, description: 42}\n")
    problems = _problems(site)
    assert problems[0].startswith("content/kb.yml:8: 'ticket.questions.subject': expected the UUID of a GLPI "
                                  "form question (like 0195f1c2-3a4b-7c8d-9e0f-112233445566), found the number 41: "
                                  "GLPI 11 pre-fills by UUID only; GLPI 11 lists them in the form's export")
    assert "answers_<id>" in problems[0] and len(problems) == 2


def test_preset_url_template_and_a_set_with_another_system(site: Path) -> None:
    _append(site / "kb.yml", "ticket:\n  system: url\n  template: https://f.example.gov.br/novo?a={subject}"
                             "&m={module}&u={article_url}\n")
    _append(site / "rh/_set.yml", "ticket:\n  system: email\n")
    targets = _targets(site)
    assert build(targets["fiscal"], NFE).url == (
        "https://f.example.gov.br/novo?a=%5BFiscal%20%2F%20Nota%20Fiscal%20Eletr%C3%B4nica%5D%20Como%20cancelar%20uma"
        "%20NFS-e%3F&m=Nota%20Fiscal%20Eletr%C3%B4nica&u=https%3A%2F%2Fajuda.example.gov.br%2Fa.html")
    assert targets["rh"] == {"system": "email", "email": "rh@example.gov.br"}


def _problems(site: Path) -> list[str]:
    _site, problems = load_site(site)
    return [p.format() for p in problems.errors]


@pytest.mark.parametrize(("kb", "set_text", "expected"), [
    (ZENDESK, "", "content/fiscal/_set.yml:1: missing required key 'ticket.set_tag': the option tag of this set in "
                  "the Zendesk field 360000234567: add 'ticket: {set_tag: <tag>}' to this file"),
    (ZENDESK, "ticket:\n  set_tag: conjunto_fiscal\n  module_tags:\n    nota-fiscal-eletronica: fiscal_nfse\n",
     "content/fiscal/_set.yml:11: 'ticket.module_tags': no tag for the module 'escrita-fiscal': add "
     "'escrita-fiscal: <tag>' under ticket: module_tags: in this file"),
    (ZENDESK, FISCAL_TAGS + "    nfse: fiscal_nfse\n",
     "content/fiscal/_set.yml:14: 'ticket.module_tags.nfse': no module 'nfse' in this set; its modules: "),
    ("ticket:\n  system: zendesk\n  url: https://s.example.gov.br/\n  ticket_form_id: 1\n",
     "ticket:\n  set_tag: fiscal\n",
     "content/fiscal/_set.yml:10: 'ticket.set_tag': needs ticket.set_field in kb.yml"),
    ("ticket:\n  system: osticket\n  url: https://os.example.gov.br/\n", "",
     "content/fiscal/_set.yml:1: missing required key 'ticket.topic_id': the osTicket help-topic id of this set"),
    ("", "ticket:\n  system: osticket\n  topic_id: 3\n",
     "content/fiscal/_set.yml:9: missing required key 'ticket.url': the address of the osTicket site"),
    ("", "ticket:\n  topic_id: 3\n",
     "content/fiscal/_set.yml:10: unknown key 'ticket.topic_id' for the email system; allowed here: system, "
     "status_url"),
    (ZENDESK, FISCAL_TAGS + "  topic_id: 3\n",
     "content/fiscal/_set.yml:14: unknown key 'ticket.topic_id' for the zendesk system"),
    (GLPI.replace("module: ", f"urgency: {Q(46)}, module: "), "",
     "content/fiscal/_set.yml:1: missing required key 'ticket.urgency': the value for the GLPI question "
     "questions.urgency: add 'ticket: {urgency: <very low, low, medium, high, very high>}' here or in kb.yml"),
    (GLPI, "ticket:\n  request_type: incident\n",
     "content/fiscal/_set.yml:10: 'ticket.request_type': needs ticket.questions.type"),
    (GLPI, f"ticket:\n  set_option: {OPTION(10)}\n",
     "content/fiscal/_set.yml:10: 'ticket.set_option': needs ticket.questions.set"),
    (GLPI, f"ticket:\n  module_options:\n    nota-fiscal-eletronica: {OPTION(11)}\n    escrita-fiscal: {OPTION(12)}\n"
           f"    nfse: {OPTION(13)}\n",
     "content/fiscal/_set.yml:13: 'ticket.module_options.nfse': no module 'nfse' in this set"),
])
def test_merged_ticket_errors_name_the_set_file_and_key(site: Path, kb: str, set_text: str, expected: str) -> None:
    _append(site / "kb.yml", kb)
    _append(site / "rh/_set.yml", RH_TAGS if "zendesk" in kb else "")
    _append(site / "fiscal/_set.yml", set_text)
    problems = _problems(site)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_module_without_its_glpi_option_is_a_warning(site: Path) -> None:
    """Its drop-down is left for the reader (the builder sends no value): it works, less well, and a
    module just made by kbgen new must leave valid content."""
    _append(site / "kb.yml", GLPI)
    _append(site / "fiscal/_set.yml", f"ticket:\n  module_options:\n    nota-fiscal-eletronica: {OPTION(11)}\n")
    _site, problems = load_site(site)
    assert not problems.errors
    assert [p.format() for p in problems.warnings if "module_options" in p.message] == [
        "content/fiscal/_set.yml:10: warning: 'ticket.module_options': no option UUID for the module "
        "'escrita-fiscal': its drop-down is left for the reader to choose; add 'escrita-fiscal: <UUID>' under "
        "ticket: module_options: in this file (a drop-down takes only its options' UUIDs)"]


def test_kb_errors_are_not_repeated_for_every_set(site: Path) -> None:
    _append(site / "kb.yml", "ticket:\n  system: zendesk\n  url: https://s.example.gov.br/\n  ticket_form_id: x\n")
    _append(site / "fiscal/_set.yml", FISCAL_TAGS)
    assert _problems(site) == ["content/kb.yml:8: 'ticket.ticket_form_id': expected a whole number, found 'x'"]


def test_configuration_error_stops_the_build(site: Path, tmp_path: Path) -> None:
    _append(site / "kb.yml", "ticket:\n  system: url\n  template: https://f.example.gov.br/?a={assunto}\n")
    report, output = run_build(site, tmp_path)
    assert report.status == 1
    assert "content/kb.yml:7: 'ticket.template': unknown placeholder {assunto}" in output


def _attr(html: str, selector_class: str, name: str) -> str:
    match = re.search(rf'<a class="{selector_class}"[^>]*?\s{name}="([^"]*)"', html, re.S)
    assert match, selector_class
    return unescape(match.group(1))


def test_built_pages_carry_calls_and_status_link(site: Path, tmp_path: Path) -> None:
    _append(site / "kb.yml", ZENDESK)
    _append(site / "fiscal/_set.yml", FISCAL_TAGS)
    _append(site / "rh/_set.yml", "ticket:\n  system: osticket\n  url: https://os.example.gov.br/\n  topic_id: 4\n")
    out = build_clean(site, tmp_path)
    article = (out / "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html").read_text(encoding="utf-8")
    call = _attr(article, "kb-button kb-button-primary", "href")
    assert call == ("../../registrar-atendimento.html?conjunto=fiscal&modulo=nota-fiscal-eletronica"
                    "&artigo=fiscal%2Fnota-fiscal-eletronica%2Fcomo-cancelar-uma-nfs-e")
    assert f'<a class="kb-action-primary" href="{call.replace("&", "&amp;")}"' in article  # the header carries it
    direct = _attr(article, "kb-handoff-direct", "href")
    assert direct.startswith("https://suporte.example.gov.br/hc/pt-br/requests/new?ticket_form_id=360000123456")
    assert "tf_description=%3Cp%3EArtigo%3A%20Como%20cancelar%20uma%20NFS-e%3F%3Cbr%3Ehttps%3A%2F%2Fajuda.example." \
           "gov.br%2Ffiscal%2Fnota-fiscal-eletronica%2Fcomo-cancelar-uma-nfs-e.html%3Cbr%3E" in direct
    assert '<a href="https://suporte.example.gov.br/hc/pt-br/requests">Meus atendimentos</a>' in article
    module = (out / "fiscal/nota-fiscal-eletronica/index.html").read_text(encoding="utf-8")
    assert "registrar-atendimento.html?conjunto=fiscal&amp;modulo=nota-fiscal-eletronica\"" in module
    rh = (out / "rh/folha-de-pagamento/index.html").read_text(encoding="utf-8")
    assert "kb-handoff-direct" not in rh  # osTicket takes no pre-fill: only the hand-off page's copy box
    page = (out / "registrar-atendimento.html").read_text(encoding="utf-8")
    assert 'href="https://os.example.gov.br/open.php?topicId=4"' in page
    assert "tf_subject=%5BFiscal%5D&amp;tf_description=%3Cp%3EConjunto%3A%20Fiscal%3C%2Fp%3E&amp;" \
           "tf_360000234567=conjunto_fiscal" in page


def test_no_status_url_no_meus_atendimentos(minimal_site: Path) -> None:
    assert "Meus atendimentos" not in (minimal_site / "index.html").read_text(encoding="utf-8")
