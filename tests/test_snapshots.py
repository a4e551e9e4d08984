"""HTML snapshots of the listing pages, cut to the main block: any difference fails.

After an intended change, regenerate with ``KBGEN_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py``
and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
PAGES = ["index.html", "conjuntos.html", "perguntas-frequentes.html", "fiscal/index.html",
         "fiscal/nota-fiscal-eletronica/index.html", "rh/index.html", "acessibilidade.html", "404.html"]


def _main_block(html: str) -> str:
    match = re.search(r'<main id="kb-main".*?</main>', html, re.S)
    assert match, "no main block"
    block = match.group(0)
    sidebar = re.search(r'<aside class="kb-sidebar".*?</aside>', html, re.S)
    return block + ("\n" + sidebar.group(0) if sidebar else "") + "\n"


@pytest.mark.parametrize("page", PAGES)
def test_listing_page_snapshot(minimal_site: Path, page: str) -> None:
    actual = _main_block((minimal_site / page).read_text(encoding="utf-8"))
    snapshot = SNAPSHOTS / (page.replace("/", "__") )
    if os.environ.get("KBGEN_UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8")
    assert snapshot.is_file(), f"missing snapshot {snapshot.name}: run with KBGEN_UPDATE_SNAPSHOTS=1"
    assert actual == snapshot.read_text(encoding="utf-8")
