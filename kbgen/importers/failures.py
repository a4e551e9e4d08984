"""The one error an importer raises for bad input, and how source positions are written.

Messages name the source the way the user gave it (a file and its line and column, or a URL with
the HTTP status) and say what to do; the CLI prints them as ``kbgen: error: …`` with exit status 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kbgen.validation import Invalid, email


class ImportFailed(Exception):
    """The source cannot be imported (nothing was written); ``str()`` is the whole message."""


def load_json_file(path: Path) -> Any:
    """The JSON value of ``path``; ImportFailed with ``file:line:column`` when it is not valid JSON."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM from a Windows editor is not an error
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read the file: {exc.strerror}") from None
    return parse_json(text, str(path))


def parse_json(text: str, where: str) -> Any:
    """``text`` as JSON; ImportFailed naming ``where`` and the line and column of the slip."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{where}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}; "
                           "save the API response again, whole") from None


def support_email(value: str | None, *, one_set: bool = False) -> str:
    """``--email``, which every importer needs (a set's ``email`` is required), checked as _set.yml's is."""
    if value is None:
        sets = "the set needs" if one_set else "every set needs"
        later = "" if one_set else " (you can change each set's afterwards)"
        raise ImportFailed(f"{sets} a support e-mail ('email' in _set.yml): pass --email, e.g. "
                           f"--email suporte@prefeitura.gov.br{later}")
    try:
        email(value)
    except Invalid as exc:
        raise ImportFailed(f"--email: {exc}") from None
    return value
