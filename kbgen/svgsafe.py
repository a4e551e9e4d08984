"""Is an SVG file safe to publish on the site's own origin? One answer for article images, icons and logos.

An SVG is a document: opened directly (``_images/x.svg``) it runs its scripts with the site's
origin, and ``<img>`` is no protection for a reader who follows the link. A regex cannot tell:
``<s:script xmlns:s="http://www.w3.org/2000/svg">`` is a script and ``&#106;avascript:`` is
``javascript:``. So the file is parsed by a real XML parser (defusedxml: no DTD, no entity
declarations, no external entities — a file with a ``<!DOCTYPE`` is refused outright), every
namespace prefix is resolved and every character reference decoded by the parser, and then
each element and attribute is checked against an allow-list.

The allow-lists mirror DOMPurify's (cure53/DOMPurify, ``src/tags.ts`` ``svg`` and
``svgFilters``, ``src/attrs.ts`` ``svg`` and ``xml``), made stricter: the animation elements
(``animate*``, ``set``, whose ``attributeName`` can rewrite an ``href``), ``use``,
``foreignObject``, ``script`` and the font elements are not on it, and ``href``/``xlink:href``
may only point inside the file (``#id``). Elements and attributes of drawing programs' own
namespaces (Inkscape, Sodipodi, Illustrator, RDF metadata) are inert in browsers and kept,
so an SVG saved by Inkscape passes. The file is refused rather than cleaned: the author sees
``path:line`` and exports it again, and what is published is byte for byte what was checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Namespaces whose elements and attributes browsers ignore: drawing programs' bookkeeping.
INERT_NAMESPACES = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/xap/1.0/",
    "http://www.bohemiancoding.com/sketch/ns",
})

#: DOMPurify's ``svg`` and ``svgFilters`` tags without the animation, ``font``/glyph and ``feImage``
#: elements (``image`` is kept for the rasters drawing programs embed, but only as ``data:`` images).
ELEMENTS = frozenset({
    "svg", "a", "circle", "clipPath", "defs", "desc", "ellipse", "filter", "g", "image", "line", "linearGradient",
    "marker", "mask", "metadata", "path", "pattern", "polygon", "polyline", "radialGradient", "rect", "stop",
    "style", "switch", "symbol", "text", "textPath", "title", "tspan", "view",
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
})

#: DOMPurify's ``svg`` attributes (compared lower-case, as DOMPurify does) without the
#: animation timing ones (``attributename``, ``begin``, ``by``, ``dur``, ``end``, ``values`` …).
ATTRIBUTES = frozenset("""
accent-height alignment-baseline amplitude ascent azimuth basefrequency baseline-shift bias class clip
clippathunits clip-path clip-rule color color-interpolation color-interpolation-filters color-rendering cx cy d
dx dy diffuseconstant direction display divisor edgemode elevation exponent fill fill-opacity fill-rule filter
filterunits flood-color flood-opacity font-family font-size font-size-adjust font-stretch font-style font-variant
font-weight fx fy gradientunits gradienttransform height href id image-rendering in in2 intercept k k1 k2 k3 k4
kerning kernelmatrix kernelunitlength lang lengthadjust letter-spacing lighting-color marker-end marker-mid
marker-start markerheight markerunits markerwidth maskcontentunits maskunits mask mask-type media mode
numoctaves offset operator opacity order orient orientation origin overflow paint-order pathlength
patterncontentunits patterntransform patternunits points preservealpha preserveaspectratio primitiveunits r rx
ry radius refx refy result rotate scale seed shape-rendering slope specularconstant specularexponent
spreadmethod startoffset stddeviation stitchtiles stop-color stop-opacity stroke-dasharray stroke-dashoffset
stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity stroke stroke-width style surfacescale
systemlanguage tabindex tablevalues targetx targety transform transform-origin text-anchor text-decoration
text-rendering textlength type u1 u2 unicode viewbox visibility version vert-adv-y vert-origin-x vert-origin-y
width word-spacing wrap writing-mode xchannelselector ychannelselector x x1 x2 y y1 y2 z zoomandpan
role aria-label aria-hidden aria-labelledby aria-describedby enable-background baseprofile data-name
""".split())  # noqa: SIM905 — one word per attribute, easy to compare with DOMPurify's list

#: ``xml:space``, ``xml:lang``, ``xml:id`` (DOMPurify's ``xml`` list) and ``xlink:title``.
XML_ATTRIBUTES = frozenset({f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang", f"{{{XML_NS}}}id", f"{{{XLINK_NS}}}title"})
LINK_ATTRIBUTES = frozenset({"href", f"{{{XLINK_NS}}}href"})

#: CSS that reaches outside the file or runs code: ``url()`` to anything but ``#id``, ``@import``,
#: old IE ``expression()``/``behavior``, Mozilla's ``-moz-binding``, and escapes that could hide them.
_CSS_DANGER = re.compile(r"""url\(\s*(?!['"]?\s*#)|@import|expression\s*\(|behavior\s*:|-moz-binding|\\|javascript:""",
                         re.IGNORECASE)
_LOCAL_FRAGMENT = re.compile(r"^#[A-Za-z_][\w.:-]*$")
_EMBEDDED_RASTER = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")
_MAX_DEPTH = 200


class UnsafeSvg(ValueError):
    """Why an SVG is refused; ``line`` is the line inside the SVG file (0 when unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


def _split(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return None, name


class _Builder(ET.TreeBuilder):
    """Sees processing instructions anywhere, also before the root (``<?xml-stylesheet?>`` loads XSLT)."""

    def pi(self, target: str, text: str | None = None) -> ET.Element:
        raise UnsafeSvg(f"it contains a processing instruction (<?{target}?>)")


def check_svg(data: bytes) -> None:
    """Raise :class:`UnsafeSvg` unless ``data`` is an SVG made only of allow-listed parts."""
    builder = _Builder()
    parser = XMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise UnsafeSvg("it declares a DOCTYPE or entities") from None
    except ET.ParseError as exc:
        raise UnsafeSvg(f"it is not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc})",
                        exc.position[0]) from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise UnsafeSvg("its root element is not <svg> in the SVG namespace (xmlns=\"http://www.w3.org/2000/svg\")")
    _check_element(root, 0)


def _check_element(element: ET.Element, depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise UnsafeSvg("its elements are nested too deeply")
    tag: object = element.tag
    if not isinstance(tag, str):
        return  # a comment (processing instructions were refused while parsing)
    namespace, local = _split(tag)
    if namespace == SVG_NS:
        if local not in ELEMENTS:
            raise UnsafeSvg(f"the element <{local}> is not allowed (scripts, foreignObject, use, animations, "
                            "images and fonts are refused)")
        if local == "style":
            _check_css(element.text or "", "<style>")
    elif namespace not in INERT_NAMESPACES:
        raise UnsafeSvg(f"the element <{local}> of namespace {namespace or 'none'!r} is not allowed")
    if namespace != SVG_NS:
        # an element of a drawing program's namespace is not rendered: its own attributes do nothing,
        # but its children are checked (an SVG <script> runs wherever it sits)
        for child in element:
            _check_element(child, depth + 1)
        return
    for name, value in element.attrib.items():
        _check_attribute(local, name, value)
    for child in element:
        _check_element(child, depth + 1)


def _check_attribute(element: str, name: str, value: str) -> None:
    namespace, local = _split(name)
    if name in LINK_ATTRIBUTES:
        if element == "image" and _EMBEDDED_RASTER.match(value.strip()):
            return
        if not _LOCAL_FRAGMENT.match(value.strip()):
            raise UnsafeSvg(f"<{element} {local}={value[:60]!r}>: links may only point inside the file (#id)")
        return
    if name in XML_ATTRIBUTES or namespace in INERT_NAMESPACES:
        return
    if namespace is not None:
        raise UnsafeSvg(f"<{element}>: the attribute {local!r} of namespace {namespace!r} is not allowed")
    if local.lower() not in ATTRIBUTES:
        raise UnsafeSvg(f"<{element}>: the attribute {local!r} is not allowed (event handlers such as onload, "
                        "and animation attributes, are refused)")
    _check_css(value, f"<{element} {local}>")


def _check_css(text: str, where: str) -> None:
    # presentation attributes take CSS values too (fill="url(https://…)")
    if _CSS_DANGER.search(text):
        raise UnsafeSvg(f"{where}: CSS that loads files or runs code (url() to another file, @import, "
                        "expression(), escapes) is not allowed")
