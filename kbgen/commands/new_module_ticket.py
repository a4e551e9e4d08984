"""What ``kbgen new`` adds to a set's ``_set.yml`` when it creates a module the ticket system must know.

Only Zendesk has a per-module key: with ``module_field`` set, every module of a Zendesk set needs its
option tag under ``ticket: module_tags:`` (``kbgen.handoff.ticket``). osTicket's ``topic_id`` is per
set, GLPI's question ids per site, a URL template and e-mail need nothing. So a new module in such a
set gets a placeholder tag, with a YAML comment saying what to put there, and ``kbgen check`` passes
at once.

The file is the author's: it is edited as text (their comments and layout stay), one line added,
and the result is read back — if it does not give exactly the old values plus the new tag (a flow
mapping such as ``ticket: {set_tag: x}``, an unusual layout), nothing is written and the message
says what to add by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kbgen.commands.usage import UsageError
from kbgen.handoff.ticket import PLACEHOLDER_MARK, module_tag_field, set_ticket, site_ticket
from kbgen.validation import Invalid
from kbgen.yamlio import YamlError, load_yaml


def _ticket_of(path: Path, parse: Any) -> Any:
    """The validated ``ticket:`` of a YAML file, or None when it has none or cannot be read (then
    ``kbgen check`` reports that file's own problem; ``kbgen new`` has nothing to add)."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8")).value
        raw = data.get("ticket") if isinstance(data, dict) else None
        return parse(raw) if raw is not None else None
    except (OSError, UnicodeDecodeError, YamlError, Invalid):
        return None


def needed_module_field(source: Path, set_dir: Path, module_slug: str) -> str | None:
    """The Zendesk field whose option tag the module needs and its set does not give yet, or None."""
    site = _ticket_of(source / "kb.yml", site_ticket)
    own = _ticket_of(set_dir / "_set.yml", set_ticket)
    if module_slug in ((own or {}).get("module_tags") or {}):
        return None
    return module_tag_field(site, own)


def placeholder_tag(module_slug: str) -> str:
    # Zendesk makes an option's tag from its name, lower case with underscores; a guess to replace
    return module_slug.replace("-", "_")


def _comment(field: str) -> str:
    return (f"  {PLACEHOLDER_MARK} — the tag of this module's option in the Zendesk field {field} "
            "(Admin Center › Objects and rules › Ticket fields)")


def _mapping_value(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _with_line(lines: list[str], index: int, line: str) -> str:
    return "".join([*lines[:index], line, *lines[index:]])


def _edited(text: str, module_slug: str, tag: str, comment: str) -> str | None:
    """``text`` with the module's tag added as one line, or None when the layout is not a block one."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"  # the file's own line ends
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    entry = f"{module_slug}: {tag}{comment}{newline}"
    ticket = _mapping_value(root, "ticket")
    if ticket is None:
        return "".join(lines) + f"ticket:{newline}  module_tags:{newline}    {entry}"
    if not isinstance(ticket, yaml.MappingNode) or ticket.flow_style or not ticket.value:
        return None
    tags = _mapping_value(ticket, "module_tags")
    if tags is None:  # a new key before the ticket's first one, at its indentation
        first = ticket.value[0][0].start_mark
        indent = " " * first.column
        return _with_line(lines, first.line, f"{indent}module_tags:{newline}{indent}  {entry}")
    if not isinstance(tags, yaml.MappingNode) or tags.flow_style or not tags.value:
        return None
    last_key, last_value = tags.value[-1]
    if last_value.start_mark.line != last_value.end_mark.line:
        return None  # a value over several lines: add after it by hand
    return _with_line(lines, last_value.end_mark.line + 1, " " * last_key.start_mark.column + entry)


def add_module_tag(set_file: Path, module_slug: str, field: str) -> tuple[str, str]:
    """The original and edited text of ``set_file`` with a placeholder tag for ``module_slug``.

    Raises UsageError (before anything is written) when the edit cannot be made safely."""
    tag = placeholder_tag(module_slug)
    manual = (f"the set's ticket system (Zendesk, field {field}) needs a tag for the new module: add "
              f"'{module_slug}: <tag>' under 'ticket: module_tags:' in {set_file}, then run kbgen new again")
    if set_file.is_symlink():
        raise UsageError(f"{set_file} is a symlink; kbgen new does not write through it: {manual}")
    try:
        original = set_file.read_bytes().decode("utf-8")  # not read_text: it would turn \r\n into \n
        before = load_yaml(original).value
        edited = _edited(original, module_slug, tag, _comment(field))
        after = load_yaml(edited).value if edited is not None else None
    except (OSError, UnicodeDecodeError, YamlError, yaml.YAMLError):
        raise UsageError(manual) from None  # kbgen check says what is wrong with the file itself
    if not isinstance(before, dict) or not isinstance(before.get("ticket") or {}, dict):
        raise UsageError(manual)
    expected = dict(before)
    ticket = dict(expected.get("ticket") or {})
    ticket["module_tags"] = {**(ticket.get("module_tags") or {}), module_slug: tag}
    expected["ticket"] = ticket
    if edited is None or after != expected:
        raise UsageError(manual)
    return original, edited
