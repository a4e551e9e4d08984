"""What a reader searched for travels in ``?q=`` (results page → article → hand-off page): it must
never leave the site in a ``Referer``. Every page says so itself, for servers that send no header;
``kbgen serve`` and the documented server settings send ``Referrer-Policy: same-origin``."""

from __future__ import annotations

import re
from pathlib import Path

from kbgen.headers import RECOMMENDED_HEADERS

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_page_keeps_the_referrer_on_the_site(minimal_site: Path) -> None:
    pages = sorted(minimal_site.rglob("*.html"))
    assert len(pages) > 10
    missing = [p.relative_to(minimal_site).as_posix() for p in pages
               if '<meta name="referrer" content="same-origin">' not in p.read_text(encoding="utf-8")]
    # redirect pages (aliases) are the only others, and they carry no query
    assert all(re.search(r"http-equiv=\"refresh\"", (minimal_site / m).read_text(encoding="utf-8")) for m in missing)


def test_the_recommended_headers_and_their_docs_say_same_origin() -> None:
    assert RECOMMENDED_HEADERS["Referrer-Policy"] == "same-origin"
    security = (DOCS / "security.md").read_text(encoding="utf-8")
    for line in ("Referrer-Policy: same-origin", "add_header Referrer-Policy same-origin always;",
                 'Header always set Referrer-Policy "same-origin"',
                 '<add name="Referrer-Policy" value="same-origin" />'):
        assert line in security, line
