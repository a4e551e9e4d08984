"""Every invalid input of fixtures/invalid_cases.yml gives its message at its file and line,
and every field of every schema has at least one such case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kbgen.loading.schemas import ALL_SCHEMAS
from kbgen.loading.walker import load_site

from .conftest import FIXTURES, copy_site

CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "invalid_cases.yml").read_text(encoding="utf-8"))


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['field'] or 'general'}:{case['message'][:40]}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_invalid_input_is_reported_at_its_line(case: dict[str, Any], tmp_path: Path) -> None:
    root = copy_site(FIXTURES / "minimal", tmp_path / "content")
    (root / case["file"]).write_text(case["text"], encoding="utf-8")
    _site, problems = load_site(root)
    expected_path = f"content/{case['file']}"
    matching = [p for p in problems.errors if p.path == expected_path and case["message"] in p.message]
    assert matching, f"no error containing {case['message']!r} in {expected_path}; got " + "\n".join(
        p.format() for p in problems.items)
    assert matching[0].line == case["line"], matching[0].format()


def test_every_schema_field_has_an_invalid_case() -> None:
    covered = {case["field"] for case in CASES}
    missing = [f"{schema.name}:{field.name}" for schema in ALL_SCHEMAS for field in schema.fields
               if f"{schema.name}:{field.name}" not in covered]
    assert not missing, f"add cases to fixtures/invalid_cases.yml for: {', '.join(missing)}"


def test_every_case_fails_because_of_its_field(tmp_path: Path) -> None:
    """The message of each field case names that field, so the case tests what it claims."""
    for case in CASES:
        if case["field"]:
            field = case["field"].split(":", 1)[1]
            assert f"'{field}'" in case["message"], case


def test_the_typed_config_has_every_key_of_kb_yml() -> None:
    """``Site.config`` is produced by the schema: one attribute per key, with the schema's defaults."""
    import dataclasses

    from kbgen.loading.schemas import KB_SCHEMA
    from kbgen.model import SiteConfig

    fields = {f.name: f for f in dataclasses.fields(SiteConfig)}
    assert list(fields) == KB_SCHEMA.names
    for spec in KB_SCHEMA.fields:
        if not spec.required:
            assert fields[spec.name].default == spec.default, spec.name
