"""Digests of page contexts: a page whose context did not change is not rewritten.

Sphinx knows when a *source* changed; kbgen's pages also show other articles (sidebars,
listings, related articles), so each page's context is hashed with the theme's fingerprint and
compared with the previous build's. :mod:`kbgen.sphinx_ext.incremental` uses the digests of
document pages, :mod:`kbgen.sphinx_ext.pages` those of the collected pages.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from kbgen import __version__, urls
from kbgen.cachedir import write_atomically
from kbgen.outdir import remove_output_file
from kbgen.sphinx_ext.theme import THEME_DIR

_PAGES_FILE = "kbgen-pages.json"


def theme_fingerprint() -> str:
    parts = [__version__]
    for path in sorted(THEME_DIR.rglob("*")):
        if path.is_file():
            stat = path.stat()
            parts.append(f"{path.relative_to(THEME_DIR)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def digest(payload: Any) -> str:
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def remove_page(outdir: Path, pagename: str) -> None:
    """Delete a page that no longer exists, and the folders it leaves empty (kbgen.outdir's guard)."""
    remove_output_file(outdir, urls.html_path(pagename))


class PageDigests:
    """Digest of each collected page's context, kept beside the doctrees."""

    def __init__(self, app: Sphinx):
        self.path = Path(app.doctreedir) / _PAGES_FILE
        self.outdir = Path(app.outdir)
        self.theme = theme_fingerprint()
        try:
            self.old: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}
        self.new: dict[str, str] = {}

    def changed(self, pagename: str, payload: Any) -> bool:
        value = digest([self.theme, payload])
        self.new[pagename] = value
        output = self.outdir / urls.html_path(pagename)
        return self.old.get(pagename) != value or not output.exists()

    def save(self) -> None:
        """Remove the pages no kind produced this time (a removed set, mais-lidos without data)."""
        for gone in sorted(set(self.old) - set(self.new)):
            remove_page(self.outdir, gone)
        write_atomically(self.path, json.dumps(self.new, sort_keys=True, indent=0).encode("utf-8"))
