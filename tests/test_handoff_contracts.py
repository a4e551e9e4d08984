"""Contract tests: kbgen's hand-off links read by the ticket systems' own pre-fill rules.

tests/contracts/ticket_systems.js re-implements, with file and line, what Zendesk's Copenhagen
theme and GLPI 11's forms do with a link's query string. Every Zendesk and GLPI link of the golden
table, and of the sample's configuration, goes through them here: what the real system would
ignore (a key it does not read, a tag it strips, a URL past its limit, a number where it wants a
UUID) makes the reader's ticket lose something, and fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kbgen.handoff.builder import Context, build, html_paragraphs, zendesk_subject
from kbgen.loading.walker import load_site

from .conftest import FIXTURES, SAMPLE
from .handoff_formats import plain
from .node_bridge import NodeBridge

GOLDEN: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "handoff_golden.yml").read_text(encoding="utf-8"))
ZENDESK = [c for c in GOLDEN if c["target"]["system"] == "zendesk"]
GLPI = [c for c in GOLDEN if c["target"]["system"] == "glpi"]
SUBJECT, DESCRIPTION = "request[subject]", "request[description]"


def zendesk_form(target: dict[str, Any]) -> list[dict[str, Any]]:
    """The ticket form as the Help Center's admin would have made it for this configuration."""
    form: list[dict[str, Any]] = [{"name": SUBJECT, "type": "text"}, {"name": DESCRIPTION, "type": "textarea"}]
    if target.get("set_field"):
        form.append({"name": f"request[custom_fields][{target['set_field']}]", "type": "tagger",
                     "options": [target.get("set_tag")]})
    if target.get("module_field"):
        form.append({"name": f"request[custom_fields][{target['module_field']}]", "type": "tagger",
                     "options": list((target.get("module_tags") or {}).values())})
    return form


def glpi_form(target: dict[str, Any]) -> list[dict[str, Any]]:
    """The GLPI 11 form the configuration describes: drop-downs where it gives option UUIDs."""
    types = {"subject": "short_text", "description": "long_text", "set": "short_text", "module": "short_text",
             "urgency": "urgency", "type": "request_type", "query": "short_text"}
    form = []
    for name, uuid in (target.get("questions") or {}).items():
        question: dict[str, Any] = {"uuid": uuid, "type": types[name]}
        if name == "set" and target.get("set_option"):
            question.update(type="dropdown", options=[target["set_option"]])
        if name == "module" and target.get("module_options"):
            question.update(type="dropdown", options=list(target["module_options"].values()))
        form.append(question)
    return form


# ---- Zendesk -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ZENDESK, ids=[c["name"] for c in ZENDESK])
def test_zendesk_prefills_every_golden_link(case: dict[str, Any], node: NodeBridge) -> None:
    target = case["target"]
    seen = node.call("zendeskPrefill", href=case["url"], form=zendesk_form(target))
    assert seen["prefilled"], "past 2,048 characters Zendesk pre-fills nothing"
    assert seen["formId"] == (str(target["ticket_form_id"]) if target.get("ticket_form_id") else None)
    # whole, as the reader sees it in the input: angle brackets as ‹ ›, since DOMPurify would read them as HTML
    assert seen["values"][SUBJECT] == zendesk_subject(case["subject"])
    # the rich-text editor shows the description as kbgen wrote it: DOMPurify changed nothing
    assert seen["values"][DESCRIPTION] == html_paragraphs(case["description"])
    assert plain(seen["values"][DESCRIPTION]) == case["description"]
    if target.get("set_field"):
        assert seen["values"][f"request[custom_fields][{target['set_field']}]"] == target["set_tag"]
    module_tag = (target.get("module_tags") or {}).get(case["context"].get("module_slug", ""))
    if target.get("module_field") and module_tag:
        assert seen["values"][f"request[custom_fields][{target['module_field']}]"] == module_tag


def test_zendesk_keeps_only_its_allowed_tags(node: NodeBridge) -> None:
    """The harness's DOMPurify: what kbgen must not rely on (links, classes, scripts) is gone."""
    cases = {
        '<p class="x" onclick="y">a</p><a href="https://x.example">link</a>': '<p class="x">a</p>link',
        "<script>alert(1)</script><p>a<br>b</p>": "<p>a<br>b</p>",
        "a & b": "a & b",  # no "<": DOMPurify returns the value as it was
        "a < b & c": "a &lt; b &amp; c",
        "<p>x\u00a0y</p><span>z</span>": "<p>x&nbsp;y</p>z",
    }
    for html, kept in cases.items():
        assert node.call("sanitize", html=html) == kept


def test_a_zendesk_subject_with_angle_brackets_arrives_whole(node: NodeBridge) -> None:
    target = {"system": "zendesk", "url": "https://s.example.gov.br"}
    form = zendesk_form(target)
    handoff = build(target, Context(set_title="Fiscal", subject="Erro <E178> & nota"))
    shown = node.call("zendeskPrefill", href=handoff.url, form=form)["values"][SUBJECT]
    assert shown == "[Fiscal] Erro ‹E178› & nota"
    raw = handoff.url.replace("%E2%80%B9", "%3C").replace("%E2%80%BA", "%3E")  # as it was before
    assert node.call("zendeskPrefill", href=raw, form=form)["values"][SUBJECT] == "[Fiscal] Erro  &amp; nota"


def test_zendesk_ignores_what_kbgen_must_not_do(node: NodeBridge) -> None:
    """The harness has teeth: the mistakes a change in kbgen could make are caught by it."""
    case = next(c for c in ZENDESK if c["name"] == "zendesk: set and module tags")
    form = zendesk_form(case["target"])
    too_long = case["url"] + "&tf_x=" + "a" * (2049 - len(case["url"]))
    assert not node.call("zendeskPrefill", href=too_long, form=form)["prefilled"]
    plain_keys = case["url"].replace("tf_subject=", "subject=").replace("tf_description=", "description=")
    assert set(node.call("zendeskPrefill", href=plain_keys, form=form)["values"]) == {
        "request[custom_fields][360000234567]", "request[custom_fields][360000345678]"}
    label = case["url"].replace("=conjunto_fiscal", "=Fiscal")  # a label, not the option's tag
    assert "request[custom_fields][360000234567]" not in node.call("zendeskPrefill", href=label, form=form)["values"]
    linked = build(case["target"], Context(set_title="Fiscal", description="ver https://x.example"))
    shown = node.call("zendeskPrefill", href=linked.url, form=form)["values"][DESCRIPTION]
    assert "<a" not in shown and "https://x.example" in shown  # a link stays text


def test_a_long_zendesk_link_is_cut_to_what_zendesk_still_reads(node: NodeBridge) -> None:
    long = [c for c in ZENDESK if len(c["url"]) > 2000]
    assert long  # the golden table has links at the limit
    for case in long:
        seen = node.call("zendeskPrefill", href=case["url"], form=zendesk_form(case["target"]))
        assert seen["prefilled"] and plain(seen["values"][DESCRIPTION]).endswith("…")


# ---- GLPI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", GLPI, ids=[c["name"] for c in GLPI])
def test_glpi_prefills_every_golden_link(case: dict[str, Any], node: NodeBridge) -> None:
    target = case["target"]
    questions = target["questions"]
    answers = node.call("glpiPrefill", href=case["url"], form=glpi_form(target))["answers"]
    context = Context(**case["context"])
    expected: dict[str, Any] = {}
    if "subject" in questions:
        expected[questions["subject"]] = case["subject"]
    if "description" in questions:
        expected[questions["description"]] = html_paragraphs(case["description"])
    if "set" in questions:
        expected[questions["set"]] = [target["set_option"]] if target.get("set_option") else context.set_title
    module_option = (target.get("module_options") or {}).get(context.module_slug)
    if "module" in questions and context.module_slug:
        expected[questions["module"]] = [module_option] if module_option else context.module_title
    if "urgency" in questions:
        expected[questions["urgency"]] = {"very low": "1", "low": "2", "medium": "3", "high": "4",
                                          "very high": "5"}[target["urgency"]]
    if "type" in questions:
        expected[questions["type"]] = {"incident": "1", "request": "2"}[target["request_type"]]
    if "query" in questions and context.query:
        expected[questions["query"]] = context.query
    assert answers == expected


def test_the_sample_glpi_set_is_read_by_glpi(node: NodeBridge) -> None:
    site, problems = load_site(SAMPLE)
    assert not problems.errors
    rh = site.sets["recursos-humanos"]
    target = dict(rh.ticket)
    for module_key in rh.modules:
        module = site.modules[module_key]
        handoff = build(target, Context(set_title=rh.title, module_slug=module.slug, module_title=module.title,
                                        subject="Férias", description="linha 1\n\nlinha <2> & 3"))
        answers = node.call("glpiPrefill", href=handoff.url, form=glpi_form(target))["answers"]
        questions = target["questions"]
        assert answers[questions["module"]] == [target["module_options"][module.slug]]
        assert answers[questions["urgency"]] == "3" and answers[questions["type"]] == "2"
        assert plain(answers[questions["description"]]).endswith("Descrição: linha 1\n\nlinha <2> & 3")
        assert answers[questions["subject"]] == handoff.subject


def test_glpi_ignores_what_kbgen_must_not_do(node: NodeBridge) -> None:
    case = next(c for c in GLPI if c["name"].startswith("glpi: drop-down set and module"))
    form = glpi_form(case["target"])
    questions = case["target"]["questions"]
    # numeric ids (what kbgen used to send): GLPI matches nothing
    numeric = case["url"]
    for number, uuid in enumerate(questions.values(), start=41):
        numeric = numeric.replace(uuid + "=", f"{number}=")
    assert node.call("glpiPrefill", href=numeric, form=form)["answers"] == {}
    # a UUID in capitals is another key to PHP
    assert node.call("glpiPrefill", href=case["url"].upper().replace("HTTPS://", "https://"), form=form)[
        "answers"] == {}
    # a drop-down takes option UUIDs, never the option's label; urgency takes GLPI's English labels
    labelled = case["url"].replace(case["target"]["set_option"], "Recursos%20Humanos").replace("=medium", "=m%C3%A9dia")
    answers = node.call("glpiPrefill", href=labelled, form=form)["answers"]
    assert questions["set"] not in answers and questions["urgency"] not in answers
    assert answers[questions["subject"]] == case["subject"]
