"""The hand-off to a person: ticket systems, the URL builder, support channels and their hours.

Plain Python with no Sphinx imports (``kbgen.sphinx_ext.handoff`` renders it):
:mod:`~kbgen.handoff.ticket` (``ticket:``; :mod:`~kbgen.handoff.glpi` its GLPI question and
option UUIDs), :mod:`~kbgen.handoff.builder` (the URL builder that
``kbgen-handoff.js`` mirrors), :mod:`~kbgen.handoff.channels` (``channels:``) and
:mod:`~kbgen.handoff.hours` (service hours as data).
"""

from __future__ import annotations

from kbgen.validation import Schema


def nested_schemas() -> dict[str, Schema]:
    """Every mapping nested in kb.yml / _set.yml, by the key path where it appears."""
    from kbgen.handoff.channels import CHANNEL_SCHEMAS
    from kbgen.handoff.ticket import TICKET_SCHEMAS

    return {**TICKET_SCHEMAS, **CHANNEL_SCHEMAS}
