"""One message catalogue for Python, templates and JavaScript; pt-BR by default, English proves it."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from kbgen.i18n import POT, extract, render

from .conftest import build_clean

EN_PO = POT.parent / "en" / "LC_MESSAGES" / "kbgen.po"


def test_pot_is_up_to_date() -> None:
    assert render(extract()) == POT.read_bytes(), "run: python -m kbgen.i18n"


def test_english_catalogue_translates_every_message() -> None:
    with POT.open("rb") as fh:
        template = read_po(fh)
    with EN_PO.open("rb") as fh:
        english = read_po(fh)
    for message in template:
        if not message.id:
            continue
        translated = english.get(message.id)
        assert translated is not None and translated.string and not translated.fuzzy, message.id


def test_site_in_english(site: Path, tmp_path: Path) -> None:
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8").replace("language: pt_BR", "language: en"), encoding="utf-8")
    out = build_clean(site, tmp_path)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home
    assert "What do you need help with?" in home and "4 articles" in home and "Frequently asked questions" in home
    article = (out / "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html").read_text(encoding="utf-8")
    assert ">Home</a>" in article and "Updated on" in article and "October 14, 2026" in article
    assert "Com o que você precisa de ajuda?" not in home


def test_default_is_portuguese(minimal_site: Path) -> None:
    home = (minimal_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="pt-BR">' in home and "4 artigos" in home
