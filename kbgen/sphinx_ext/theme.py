"""Registers kbgen's theme folder and hands templates kbgen's own message catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import translators

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
CATALOGUE = "kbgen"



def _(message: str) -> str:
    """kbgen's gettext for reader-facing strings; message ids are the pt-BR text."""
    translator = translators.get(("general", CATALOGUE))
    return translator.gettext(message) if translator else message


def ngettext(singular: str, plural: str, count: int) -> str:
    translator = translators.get(("general", CATALOGUE))
    if translator:
        return translator.ngettext(singular, plural, count)
    return singular if count == 1 else plural


def _install_translator(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: Any) -> None:
    # Sphinx binds the templates' _() to its own catalogue; kbgen's strings live in ours.
    context["_"] = _
    context["ngettext"] = ngettext


def setup_theme(app: Sphinx) -> None:
    app.add_html_theme("kbgen", str(THEME_DIR / "kbgen"))
    # Sphinx keeps translators in a global: a previous build in this process (another language)
    # must not leak into this one.
    translators.pop(("general", CATALOGUE), None)
    app.add_message_catalog(CATALOGUE, str(LOCALE_DIR))
    app.connect("html-page-context", _install_translator)
