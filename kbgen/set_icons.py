"""A set's ``icon:``: one of sphinx-design's bundled icons by name, or an image in the content folder.

The value syntax (``_set.yml``):

* ``octicon:book``, ``material-outlined:receipt_long`` — a *named icon*: the prefix is the name of
  sphinx-design's own role for that icon set (``sphinx_design/icons.py``, ``setup_icons``: the
  ``octicon`` role and ``"material-" + style`` for regular, outlined, round, sharp and twotone), so
  an author who writes ``{octicon}`book``` in an article writes ``octicon:book`` here;
* ``fiscal/icone.svg`` — a *path*: anything with a ``/`` or ending in an image extension. A path
  never had a ``name:`` prefix (:func:`kbgen.validation.site_path` refuses a scheme), so no value
  that was legal before reads differently now.

A named icon's shape comes from sphinx-design's compiled data (``sphinx_design/compiled/*.json``,
the files its roles read) and is inlined on the page, coloured by the text (``currentColor``). Its
markup is the package's, not the author's, yet it is still rewritten for the strict CSP (a
``style=""`` becomes presentation attributes) and checked against an allow-list of
plain shapes (:func:`_shape_problem`): this module sits below ``kbgen.sphinx_ext``, whose
``icon_policy`` checks the same package's icons in articles. Font Awesome is not offered: its roles only write a
class, which needs the Font Awesome stylesheet from a CDN.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import PurePosixPath
from typing import Any

from kbgen.assets import IMAGE_TYPES
from kbgen.didyoumean import closest
from kbgen.validation import Invalid, image_path, short_text

#: sphinx-design's role names → its data file (``sphinx_design/icons.py``: ``get_octicon_data`` reads
#: ``octicons.json``, ``get_material_icon_data(style)`` reads ``material_<style>.json``).
ICON_SETS = {"octicon": "octicons.json",
             **{f"material-{s}": f"material_{s}.json" for s in ("regular", "outlined", "round", "sharp", "twotone")}}
#: The size a named icon is drawn at: sphinx-design's largest common design size (octicons come at
#: 16 and 24, Material at 20 and 24); CSS sets the size shown.
_PREFERRED_HEIGHTS = ("24", "16", "20")
#: CSS properties found in sphinx-design's shapes, each also an SVG presentation attribute.
_PRESENTATION = frozenset({"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "opacity", "display"})
_STYLE = re.compile(r' style="([^"]*)"')
_INNER_CLASS = re.compile(r' class="[^"]*"')
#: A few Material shapes carry a <title> (a tooltip on a decorative icon), some with a stray </title>.
_TITLE = re.compile(r"<title>[^<]*</title>|</?title>")


class NamedIcon:
    """``octicon:book``: the icon set (sphinx-design's role name) and the icon's name."""

    def __init__(self, icon_set: str, name: str):
        self.icon_set, self.name = icon_set, name

    def __str__(self) -> str:
        return f"{self.icon_set}:{self.name}"


def is_path(value: str) -> bool:
    """A path to an image (``fiscal/icone.svg``, ``icone.png``) rather than a named icon."""
    return "/" in value or "\\" in value or PurePosixPath(value).suffix.lower() in IMAGE_TYPES


def named_icon(value: str | None) -> NamedIcon | None:
    """The named icon a (valid) ``icon:`` value gives, or None for a path or no icon."""
    if not value or is_path(value):
        return None
    icon_set, _, name = value.partition(":")
    return NamedIcon(icon_set, name)


def icon_path(value: str | None) -> str | None:
    """The content-relative image path a (valid) ``icon:`` value gives, or None."""
    return value if value and is_path(value) else None


@cache
def _icon_data(icon_set: str) -> dict[str, Any]:
    """One of sphinx-design's data files (1–2 MB each: read only for a set that is used)."""
    text = resources.files("sphinx_design.compiled").joinpath(ICON_SETS[icon_set]).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def set_icon(raw: Any) -> str:
    """The ``icon:`` converter: a named icon that exists and can be shown, or an image path."""
    value = short_text(raw)
    if is_path(value):
        return image_path(value)
    if ":" not in value:
        found = _in_any_set(value)
        hint = f"; did you mean {found!r}?" if found else ""
        raise Invalid(f"expected a named icon such as octicon:book or material-outlined:receipt_long, or the "
                      f"path of an image inside the content folder, found {value!r}{hint}")
    icon_set, _, name = (part.strip() for part in value.partition(":"))
    if icon_set not in ICON_SETS:
        near = closest(icon_set, ICON_SETS)
        hint = f"did you mean '{near}:{name}'?" if near else "the icon sets are " + ", ".join(ICON_SETS)
        raise Invalid(f"unknown icon set {icon_set!r} in {value!r}: {hint} (Font Awesome is not available: "
                      "it needs a stylesheet from outside the site)")
    if name not in _icon_data(icon_set):
        near = closest(name, _icon_data(icon_set))
        elsewhere = _in_any_set(name)
        hint = (f"; did you mean '{icon_set}:{near}'?" if near else
                f"; did you mean {elsewhere!r}?" if elsewhere else "")
        raise Invalid(f"unknown icon {name!r} in sphinx-design's {icon_set} icons{hint} (the names are listed "
                      f"at https://sphinx-design.readthedocs.io/en/latest/badges_buttons.html#icons)")
    problem = _shape_problem(icon_set, name)
    if problem:
        raise Invalid(f"the icon {value!r} cannot be shown under the site's security rules ({problem}): "
                      "choose another icon")
    return f"{icon_set}:{name}"


def _in_any_set(name: str) -> str | None:
    """``octicon:book`` for ``book``: the first icon set that has the name, for a hint."""
    return next((f"{s}:{name}" for s in ICON_SETS if name in _icon_data(s)), None)


def _shape(icon_set: str, name: str) -> tuple[str, str]:
    """The icon's viewBox and its shapes, at the preferred design size, rewritten for the CSP."""
    heights = _icon_data(icon_set)[name]["heights"]
    height = next((h for h in _PREFERRED_HEIGHTS if h in heights), next(iter(heights)))
    drawing = heights[height]
    shapes = _TITLE.sub("", drawing["path"])
    shapes = _INNER_CLASS.sub("", shapes)  # the source file's own class names (st0 …) would meet the site's CSS
    shapes = _STYLE.sub(_presentation_attributes, shapes)
    return f"0 0 {drawing['width']} {height}", shapes


def _presentation_attributes(match: re.Match[str]) -> str:
    """``style="fill:none"`` → ``fill="none"``: the same drawing, without a style attribute the CSP blocks.
    A property that is not a presentation attribute keeps the style (and the icon is then refused)."""
    pairs = [part.split(":", 1) for part in match.group(1).split(";") if part.strip()]
    if any(len(p) != 2 or p[0].strip() not in _PRESENTATION for p in pairs):
        return match.group(0)
    return "".join(f' {p[0].strip()}="{p[1].strip()}"' for p in pairs)


def _markup(icon_set: str, name: str, css_class: str) -> str:
    view_box, shapes = _shape(icon_set, name)
    return (f'<svg class="{css_class}" width="24px" height="24px" viewBox="{view_box}" aria-hidden="true">'
            f"{shapes}</svg>")


#: What a plain drawing is made of: shapes and their geometry and paint, nothing that runs, loads
#: or refers to another element (no <use>, href, url(#…) or id), nothing the CSP blocks (style).
_SHAPE_TAGS = frozenset({"g", "path", "rect", "circle", "ellipse", "polygon", "polyline", "line"})
_SHAPE_ATTRIBUTES = frozenset({"d", "x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "points", "x1", "y1",
                               "x2", "y2", "transform", "fill", "fill-opacity", "fill-rule", "clip-rule", "stroke",
                               "stroke-width", "opacity", "display", "enable-background"})
_TOKEN = re.compile(r'</?(?P<name>[A-Za-z]+)(?P<attrs>(?:\s+[A-Za-z][A-Za-z0-9:-]*="[^"<>]*")*)\s*/?>'
                    r"|(?P<text>[^<]+)")
_ATTRIBUTE = re.compile(r'([A-Za-z][A-Za-z0-9:-]*)="([^"<>]*)"')


@cache
def _shape_problem(icon_set: str, name: str) -> str | None:
    """Why the icon's shapes are not a plain drawing (a few twotone icons clip with <use> and ids)."""
    shapes = _shape(icon_set, name)[1]
    position = 0
    while position < len(shapes):
        token = _TOKEN.match(shapes, position)
        if token is None or (token["text"] is not None and token["text"].strip()):
            return "its markup is not plain SVG shapes"
        if token["name"]:
            if token["name"] not in _SHAPE_TAGS:
                return f"it contains <{token['name']}>"
            for attribute, value in _ATTRIBUTE.findall(token["attrs"]):
                if attribute not in _SHAPE_ATTRIBUTES or "url(" in value:
                    return f"it has a {attribute}= attribute"
        position = token.end()
    return None


@cache
def icon_svg(value: str) -> str:
    """The inline ``<svg>`` of a named icon (a value :func:`set_icon` accepted): decorative
    (``aria-hidden``, the set's title is next to it), not focusable (old Edge and IE tab into SVG),
    filled with the text's colour, sized by the ``kb-set-icon`` class."""
    icon = named_icon(value)
    if icon is None:
        raise ValueError(f"{value!r} is not a named icon")
    markup = _markup(icon.icon_set, icon.name, f"kb-set-icon kb-set-icon-{icon.icon_set}")
    return markup.replace("<svg ", '<svg focusable="false" fill="currentColor" ', 1)
