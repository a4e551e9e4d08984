"""A set's per-module mappings (Zendesk ``module_tags``, GLPI ``module_options``): one converter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kbgen.validation import Invalid, Issue, describe


def slug_map(convert: Callable[[Any], Any], expected: str) -> Callable[[Any], dict[str, Any]]:
    """A mapping of slugs to values each checked by ``convert`` (a set's module tags or option
    UUIDs); every wrong value at its own key. ``expected`` says what the mapping holds."""
    def converted(raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise Invalid(f"expected {expected}, found {describe(raw)}")
        values: dict[str, Any] = {}
        issues: list[Issue] = []
        for slug, value in raw.items():
            try:
                values[str(slug)] = convert(value)
            except Invalid as exc:
                issues.append(Issue(str(slug), str(exc)))
        if issues:
            raise Invalid(issues=issues)
        return values

    return converted
