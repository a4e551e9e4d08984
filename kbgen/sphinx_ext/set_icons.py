"""A set's icon as the theme shows it (tiles, the set's sidebar heading, its breadcrumb step).

A named icon (:mod:`kbgen.set_icons`) is inlined as ``svg`` markup, so it takes the text's colour
and costs no request; an author's image is linked as ``src`` (published by
:mod:`kbgen.sphinx_ext.author_assets`; an SVG shown by ``<img>`` runs nothing, and it was checked
by :mod:`kbgen.svgsafe` when the site was loaded). ``partials/set-icon.html`` writes either.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from kbgen.model import SetInfo, Site
from kbgen.set_icons import icon_path, icon_svg
from kbgen.sphinx_ext.author_assets import author_asset
from kbgen.sphinx_ext.links import Linker


def set_icon_context(site: Site, set_info: SetInfo, link: Linker) -> dict[str, Any] | None:
    """``{"svg": markup}`` or ``{"src": url}`` for the set's icon; None without one."""
    if not set_info.icon:
        return None
    path = icon_path(set_info.icon)
    if path:
        return {"src": link.asset(author_asset(site, path))}
    # the markup is sphinx-design's shapes, rewritten and checked by kbgen.set_icons, never author text
    return {"svg": Markup(icon_svg(set_info.icon))}


def set_crumb(site: Site, set_info: SetInfo, link: Linker, current: bool = False) -> dict[str, Any]:
    """The set's breadcrumb step, with its icon (no link on the set's own page)."""
    return {"title": set_info.title, "url": None if current else link.page(set_info.pagename),
            "icon": set_icon_context(site, set_info, link)}
