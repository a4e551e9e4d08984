"""GLPI 11 forms: the question and option UUIDs a hand-off link fills, and what each question
type reads from it, as ``ticket:`` gives them (kbgen.handoff.ticket checks the rest)."""

from __future__ import annotations

import re
from typing import Any

from kbgen.handoff.slug_map import slug_map
from kbgen.validation import Field, Invalid, Issue, Schema, describe, record, short_text

# GLPI 11 matches a GET key to a question's UUID (src/Glpi/Form/Question.php:271,
# setDefaultValueFromParameters, glpi-project/glpi@0042059c: `isset($get[$uuid])`); drop-down, radio
# and checkbox answers are option UUIDs in the same 8-4-4-4-12 form (any version digit:
# tests/…/AbstractQuestionTypeSelectableTest.php formatPredefinedValueProvider accepts 12345678-1234-…).
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# The form's JSON export lists them: QuestionContentSpecification.php (src/Glpi/Form/Export/
# Specification/, glpi-project/glpi@945a0359) has each question's `uuid`, and its `extra_data`
# holds a drop-down's `options` keyed by option UUID.
WHERE_GLPI_SHOWS_UUIDS = ("GLPI 11 lists them in the form's export (Administration › Forms: export the form; "
                          "each question's \"uuid\", and a drop-down's option UUIDs as the keys of its "
                          "\"options\"); the number in the field's name (answers_<id>) is the question's id, "
                          "which GLPI ignores in a link")
#: the labels GLPI's urgency question reads from a link, lower-cased
#: (src/Glpi/Form/QuestionType/QuestionTypeUrgency.php formatPredefinedValue: 'very low' … 'very high')
URGENCIES = ("very low", "low", "medium", "high", "very high")
#: the request types GLPI's request-type question reads (QuestionTypeRequestType.php formatPredefinedValue)
REQUEST_TYPES = ("incident", "request")
_DIGITS = re.compile(r"^[0-9]{1,20}$")


def glpi_uuid(raw: Any, what: str = "question") -> str:
    """The UUID of a GLPI 11 form question (or option). A number is the old mistake: the numeric id
    GLPI shows in the field's name, which a link cannot fill."""
    if (isinstance(raw, int) and not isinstance(raw, bool)) or (isinstance(raw, str) and _DIGITS.match(raw.strip())):
        raise Invalid(f"expected the UUID of a GLPI form {what} (like 0195f1c2-3a4b-7c8d-9e0f-112233445566), "
                      f"found the number {str(raw).strip()}: GLPI 11 pre-fills by UUID only; "
                      + WHERE_GLPI_SHOWS_UUIDS)
    if not isinstance(raw, str) or not UUID.match(raw.strip()):
        raise Invalid(f"expected the UUID of a GLPI form {what} (like 0195f1c2-3a4b-7c8d-9e0f-112233445566), "
                      f"found {describe(raw)}; " + WHERE_GLPI_SHOWS_UUIDS)
    return raw.strip()  # as GLPI wrote it: its $_GET lookup is case-sensitive


def question_id(raw: Any) -> str:
    return glpi_uuid(raw)


def option_id(raw: Any) -> str:
    return glpi_uuid(raw, "drop-down option")


option_ids = slug_map(option_id, "module slugs with their option UUIDs (folha: <uuid>)")


def urgency(raw: Any) -> str:
    value = " ".join(short_text(raw).lower().split())
    if value not in URGENCIES:
        raise Invalid(f"expected one of {', '.join(URGENCIES)} (GLPI's urgency labels, in English), "
                      f"found {raw!r}")
    return value


QUESTIONS_SCHEMA = Schema("questions", tuple(
    Field(name, question_id, f"UUID of the GLPI question that receives the {text}.", type_name="question UUID")
    for name, text in (("subject", "subject (short text)"),
                       ("description", "description (long text: article, set › module, search, the reader's "
                                       "text, as HTML paragraphs)"),
                       ("set", "set (short text: its title; drop-down: the set's set_option)"),
                       ("module", "module (short text: its title; drop-down: the module's module_options)"),
                       ("urgency", "urgency (the urgency question: ticket.urgency)"),
                       ("type", "request type (the request-type question: ticket.request_type)"),
                       ("query", "reader's search (short text)"))
))

_question_record = record(QUESTIONS_SCHEMA)


def questions(raw: Any) -> dict[str, str]:
    return {k: v for k, v in _question_record(raw).items() if v is not None}


def glpi_set_issues(merged: dict[str, Any], modules: list[str]) -> list[Issue]:
    issues: list[Issue] = []
    asked = merged.get("questions") or {}
    for question, key, allowed in (("urgency", "urgency", ", ".join(URGENCIES)),
                                   ("type", "request_type", "incident or request")):
        if question in asked and not merged.get(key):
            issues.append(Issue("", f"the value for the GLPI question questions.{question}: add "
                                    f"'ticket: {{{key}: <{allowed}>}}' here or in kb.yml", "missing", key))
        if merged.get(key) and question not in asked:
            issues.append(Issue(key, f"needs ticket.questions.{question}: the UUID of the GLPI question it fills"))
    if merged.get("set_option") and "set" not in asked:
        issues.append(Issue("set_option", "needs ticket.questions.set: the UUID of the GLPI question it fills"))
    options = merged.get("module_options") or {}
    if options and "module" not in asked:
        issues.append(Issue("module_options", "needs ticket.questions.module: the UUID of the GLPI question "
                                              "they fill"))
    for slug in options:
        if slug not in modules:
            issues.append(Issue(f"module_options.{slug}", f"no module {slug!r} in this set; its modules: "
                                                          + (", ".join(modules) or "none")))
    if options:
        for slug in modules:
            if slug not in options:
                # advice, not an error: GLPI leaves that module's drop-down for the reader to choose, and
                # a module just made by kbgen new must leave valid content (issue 21, item 10)
                issues.append(Issue("module_options", f"no option UUID for the module {slug!r}: its drop-down "
                                                      "is left for the reader to choose; add "
                                                      f"'{slug}: <UUID>' under ticket: module_options: in this "
                                                      "file (a drop-down takes only its options' UUIDs)", "advice"))
    return issues
