"""Author sizes without inline styles: the pages must work under ``Content-Security-Policy: default-src 'self'``.

docutils writes image ``:width:``/``:height:`` with a unit, ``:scale:``, ``:figwidth:`` and table
``:width:`` as ``style="…"`` attributes, which that policy blocks (the image then shows at its
natural size, a table at full width). Here, once a document is read, every such size is turned
into something a page can carry without a style attribute:

* a length (px, or em/rem/pt/pc/in/cm/mm converted to CSS pixels) becomes the ``width``/``height``
  attributes of ``<img>`` (the other one follows from the image's proportions, so nothing shifts
  while the page loads); ``:scale:`` multiplies them, or the image's own size;
* a percentage becomes a class ``kb-w-<n>`` (n rounded to 5) from ``kbgen-sizes.css``, which kbgen
  writes; table ``:widths:`` become ``kb-col-<n>`` classes on ``<col>`` (kbgen.sphinx_ext.translator);
* a width that cannot be expressed either way (a figure or table in px, ``vw`` …) is dropped for
  figures and tables, whose boxes follow their content, and is an error for images.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.images import get_image_size

from kbgen.sphinx_ext.locations import location_of

logger = logging.getLogger(__name__)

#: CSS pixels per unit (CSS Values and Units, absolute lengths; em/rem at the browsers' default 16px).
PX_PER_UNIT = {"": 1.0, "px": 1.0, "em": 16.0, "rem": 16.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0,
               "cm": 96 / 2.54, "mm": 96 / 25.4}
PERCENT_STEP = 5
CSS_FILE = "kbgen-sizes.css"



def percent_class(value: float) -> str:
    step = min(100, max(PERCENT_STEP, PERCENT_STEP * round(value / PERCENT_STEP)))
    return f"kb-w-{step}"


def column_class(fraction: float) -> str:
    return f"kb-col-{min(100, max(1, round(fraction * 100)))}"


def sizes_css() -> str:
    """The classes the two functions above name (written to ``_static/kbgen-sizes.css``)."""
    rules = ["/* kbgen: author widths as classes (no inline style under a strict CSP) */"]
    rules += [f".kb-w-{n}{{width:{n}%}}" for n in range(PERCENT_STEP, 101, PERCENT_STEP)]
    rules += [f"img.kb-w-{n}{{height:auto}}" for n in range(PERCENT_STEP, 101, PERCENT_STEP)]
    rules += [f"col.kb-col-{n}{{width:{n}%}}" for n in range(1, 101)]
    return "\n".join(rules) + "\n"


def _px(value: str) -> float | None:
    """A length in CSS pixels; None for a percentage or a unit that has no fixed size."""
    try:
        number, unit = nodes.parse_measure(value)
    except ValueError:
        return None
    factor = PX_PER_UNIT.get(unit.lower())
    return None if factor is None else float(number) * factor


def _percent(value: str) -> float | None:
    try:
        number, unit = nodes.parse_measure(value)
    except ValueError:
        return None
    return float(number) if unit == "%" else None


def _error(node: nodes.Node, docname: str, message: str, *args: object) -> None:
    logger.warning(message, *args, location=location_of(docname, node), type="kbgen", subtype="error_size")


def _image(image: nodes.image, srcdir: Path, docname: str) -> None:
    scale = float(image.get("scale", 100)) / 100
    if "width" in image and _percent(str(image["width"])) is not None:
        image["classes"].append(percent_class(_percent(str(image["width"])) or 100))
        del image["width"]
        image.attributes.pop("height", None)  # follows the width (height:auto)
        image.attributes.pop("scale", None)
        return
    sizes: dict[str, float] = {}
    for dimension in ("width", "height"):
        if dimension in image:
            px = _px(str(image[dimension]))
            if px is None:
                _error(image, docname, "image %s %r: use pixels (e.g. 640 or 640px) or, for the width, a "
                       "percentage (50%%)", dimension, str(image[dimension]))
                del image[dimension]
                continue
            sizes[dimension] = px
    uri = image.get("uri", "")
    natural = get_image_size(srcdir / uri) if uri and "://" not in uri and (srcdir / uri).is_file() else None
    if natural and natural[0] and natural[1]:
        if "width" in sizes and "height" not in sizes:
            sizes["height"] = sizes["width"] * natural[1] / natural[0]
        elif "height" in sizes and "width" not in sizes:
            sizes["width"] = sizes["height"] * natural[0] / natural[1]
        elif not sizes and "scale" in image:
            sizes = {"width": float(natural[0]), "height": float(natural[1])}
    for dimension, px in sizes.items():
        image[dimension] = str(max(1, round(px * scale)))
    image.attributes.pop("scale", None)


def _box(node: nodes.Element) -> None:
    """A figure's or table's width: a percentage as a class, anything else left to the content."""
    width = node.get("width")
    if not width:
        return
    percent = _percent(str(width))
    if percent is not None:
        node["classes"].append(percent_class(percent))
    del node["width"]


def _convert(app: Sphinx, doctree: nodes.document) -> None:
    srcdir = Path(app.env.srcdir)
    for image in doctree.findall(nodes.image):
        _image(image, srcdir, app.env.docname)
    for box in doctree.findall(lambda n: isinstance(n, (nodes.figure, nodes.table))):
        assert isinstance(box, nodes.Element)
        _box(box)


def _add_stylesheet(app: Sphinx) -> None:
    app.add_css_file(CSS_FILE)


def _write_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "kbgen":
        return
    path = Path(app.outdir) / "_static" / CSS_FILE
    data = sizes_css().encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def setup_sizes(app: Sphinx) -> None:
    # after kbgen.sphinx_ext.images (600) has set the natural size of unsized images
    app.connect("doctree-read", _convert, priority=610)
    app.connect("builder-inited", _add_stylesheet)
    app.connect("build-finished", _write_stylesheet)
