"""Publishes the logo and set icons as ``_static/author/<hash>.<ext>`` (kbgen.assets says why).

Sphinx's ``html_logo``/``html_static_path`` would copy them flat into ``_static/`` under the
author's file names, after the theme's files: an icon named ``kbgen.js`` would replace kbgen's
script. Their content was checked when the site was loaded (kbgen.loading); here they are only
written, under names made from their content, and stale ones removed.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from kbgen.assets import AUTHOR_FOLDER, published_name
from kbgen.model import Site
from kbgen.set_icons import icon_path
from kbgen.sphinx_ext.state import site_of


def author_asset(site: Site, relative: str) -> str:
    """The site-relative URL of a logo or icon (``relative`` is its path in the content folder)."""
    return f"_static/{published_name(site.root / relative)}"


def _author_files(site: Site) -> dict[str, Path]:
    paths = [site.config.logo] if site.config.logo else []
    paths += [path for s in site.sets.values() if (path := icon_path(s.icon))]  # named icons are inlined
    return {published_name(site.root / p): site.root / p for p in paths}


def _publish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "kbgen":
        return
    static = Path(app.outdir) / "_static"
    wanted = _author_files(site_of(app.env))
    folder = static / AUTHOR_FOLDER
    if folder.is_dir():
        for path in folder.iterdir():
            if f"{AUTHOR_FOLDER}/{path.name}" not in wanted:
                path.unlink()
    for name, source in sorted(wanted.items()):
        target = static / name
        data = source.read_bytes()
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def setup_author_assets(app: Sphinx) -> None:
    app.connect("build-finished", _publish)
