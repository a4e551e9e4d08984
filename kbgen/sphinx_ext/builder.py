"""The ``kbgen`` builder: Sphinx's HTML builder without its own search and inventory, shipping
kbgen's theme scripts and stylesheets minified.

kbgen ships its own search (``kbgen.search``), so Sphinx's indexer — most of plain Sphinx's
write-phase time in Portuguese — and its ``search.html`` (which would overwrite ours) are off.

The theme's ``static/`` folder keeps its ``.js`` and ``.css`` readable; Sphinx copies a theme's
static files as they are, and since 7.4 will not overwrite a file it copied with different bytes
afterwards, so the minified ones (:mod:`kbgen.minify`) are written here, in place of Sphinx's copy
of those files, and the rest of the folder (templates ``*_t``, images) is copied by Sphinx.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset
from sphinx.util.matching import DOTFILES

from kbgen.minify import minifiable, shipped
from kbgen.sphinx_ext.theme import THEME_DIR
from kbgen.writing import write_if_changed

logger = logging.getLogger(__name__)
OWN_STATIC = (THEME_DIR / "kbgen" / "static").resolve()


def own_assets() -> list[Path]:
    """The theme's files that ship minified: its ``.js`` and ``.css`` (not the templates)."""
    return sorted(path for path in OWN_STATIC.iterdir() if path.is_file() and minifiable(path.name))


class KbgenHTMLBuilder(StandaloneHTMLBuilder):
    name = "kbgen"
    search = False
    copysource = False

    def dump_inventory(self) -> None:
        """No ``objects.inv``: a help center has no API objects to cross-reference."""

    def copy_theme_static_files(self, context: dict[str, Any]) -> None:
        """Sphinx's copy of each theme's ``static/`` (``basic``'s, then ours), but kbgen's ``.js``
        and ``.css`` are written minified instead (only when their bytes change)."""
        if not self.theme:
            return
        for entry in reversed(self.theme.get_theme_dirs()):
            static = Path(entry, "static")
            own = static.resolve() == OWN_STATIC

            def excluded(path: str, own: bool = own) -> bool:
                top = path.removeprefix("./")  # copy_asset names the folder's own files ./name
                return DOTFILES(path) or (own and "/" not in top and minifiable(top))

            copy_asset(static, self._static_dir, excluded=excluded, context=context, renderer=self.templates,
                       onerror=_copy_failed, force=True)
            if own:
                for path in own_assets():
                    write_if_changed(Path(self._static_dir, path.name),
                                     shipped(path.name, path.read_text(encoding="utf-8")))


def _copy_failed(filename: str, error: Exception) -> None:
    # Sphinx's own warning for its copy (kbgen.sphinx_ext.sphinx_run reads it the same way)
    logger.warning(__("Failed to copy a file in the theme's 'static' directory: %s: %r"), filename, error)


def setup_builder(app: Sphinx) -> None:
    app.add_builder(KbgenHTMLBuilder)
