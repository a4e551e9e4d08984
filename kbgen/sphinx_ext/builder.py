"""The ``kbgen`` builder: Sphinx's HTML builder without its own search and inventory.

kbgen ships its own search (``kbgen.search``), so Sphinx's indexer — most of plain Sphinx's
write-phase time in Portuguese — and its ``search.html`` (which would overwrite ours) are off.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder


class KbgenHTMLBuilder(StandaloneHTMLBuilder):
    name = "kbgen"
    search = False
    copysource = False

    def dump_inventory(self) -> None:
        """No ``objects.inv``: a help center has no API objects to cross-reference."""


def setup_builder(app: Sphinx) -> None:
    app.add_builder(KbgenHTMLBuilder)
