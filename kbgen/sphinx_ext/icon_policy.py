"""sphinx-design's icon roles, checked: their text becomes classes and sizes inside an ``<svg>``
(:mod:`kbgen.sphinx_ext.markup_policy` allows them only through :func:`icon_problem`), and the
package's own shapes are checked once more before a page is written (:mod:`kbgen.sphinx_ext.safety`).
"""

from __future__ import annotations

import re

_CLASS_TOKEN = re.compile(r"^[A-Za-z0-9_-]+$")
_ICON_HEIGHT = re.compile(r"^\d+(\.\d+)?(px|em|rem)$")
ICON_ROLES = frozenset(
    {"octicon"} | {f"material-{s}" for s in ("regular", "outlined", "round", "sharp", "twotone")})
FA_ROLES = frozenset({"fa", "fas", "fab", "far", "fa-solid", "fa-brands", "fa-regular"})


def icon_problem(role: str, text: str) -> str | None:
    """Why an icon role's text is refused: sphinx-design pastes size and classes into raw ``<svg>`` markup."""
    fields = text.split(";")
    if role in FA_ROLES:
        name, classes = fields[0], ";".join(fields[1:])
        size = None
    else:
        name, size, classes = fields[0], (fields[1] if len(fields) > 1 else None), ";".join(fields[2:])
        if len(fields) > 3:
            return f"expected {{{role}}}`name;size;classes`, found {len(fields)} fields"
    if not _CLASS_TOKEN.match(name.strip()):
        return f"the icon name {name.strip()[:40]!r} must be letters, digits and '-'"
    if size is not None and not _ICON_HEIGHT.match(size.strip()):
        return f"the size {size.strip()[:40]!r} must be a number followed by px, em or rem (e.g. 1.5em)"
    bad = [c for c in classes.split() if not _CLASS_TOKEN.match(c)]
    if bad:
        return f"the class {bad[0][:40]!r} must be letters, digits, '-' and '_'"
    return None


_ICON_ATTRIBUTES = frozenset({"version", "width", "height", "class", "viewBox", "aria-hidden", "aria-label", "role"})
#: In the package's own shapes (trusted data, not author text): nothing that runs or loads.
_ICON_ACTIVE_TAGS = frozenset({"script", "foreignobject", "a", "use", "image", "animate", "set", "style", "iframe",
                               "feimage", "animatemotion", "animatetransform", "handler", "listener"})
_TAG = re.compile(r'<(?P<close>/)?(?P<name>[A-Za-z]+)(?P<attrs>(?: [A-Za-z:-]+="[^"<>]*")*)\s*(?P<empty>/)?>'
                  r'|(?P<text>[^<]+)')
_ATTR = re.compile(r' ([A-Za-z:-]+)="([^"<>]*)"')


def raw_icon_problem(svg: str) -> str | None:
    """Why sphinx-design's raw ``<svg>`` of an icon node is unsafe (the node's visitor writes it unescaped).

    The last line of defence behind :func:`icon_problem`: whatever made the node (a role, a future
    directive), its markup must be tags of a fixed grammar: one ``<svg>`` with the attributes
    sphinx-design writes, then the package's own shapes (not always well-formed XML, so it is
    tokenised here rather than parsed) with nothing that runs or loads.
    """
    position, first = 0, True
    while position < len(svg):
        tag = _TAG.match(svg, position)
        if tag is None:
            return "its markup holds text or characters outside the tags sphinx-design writes"
        if tag["text"] is not None:
            if first:
                return "its markup does not start with <svg>"
            position = tag.end()
            continue
        name, attrs = tag["name"], dict(_ATTR.findall(tag["attrs"]))
        if first:
            if name != "svg" or tag["close"] or set(attrs) - _ICON_ATTRIBUTES:
                return "its <svg> element has attributes sphinx-design never writes"
            if not all(_CLASS_TOKEN.match(c) for c in attrs.get("class", "").split()):
                return "its class attribute holds characters other than letters, digits, '-' and '_'"
            if any(not _ICON_HEIGHT.match(attrs.get(a, "1em")) for a in ("width", "height")):
                return "its size is not a number followed by px, em or rem"
        elif tag["close"] and name == "svg":
            return None if tag.end() == len(svg) else "it has markup after its </svg>"
        elif name.lower() in _ICON_ACTIVE_TAGS or any(
                a.lower().startswith("on") or a.lower() in ("href", "xlink:href", "style") for a in attrs):
            return f"it contains <{name}> or an event, link or style attribute"
        first, position = False, tag.end()
    return "its <svg> is never closed"
