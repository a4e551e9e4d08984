"""How an article image is offered to readers: the zoom view, and a smaller copy for phones.

Once a document is read (after kbgen.sphinx_ext.sizes has settled each image's size), each local
image is marked for the HTML translator (kbgen.sphinx_ext.translator), which writes the markup:

* ``kb_zoom`` (the image's own width and height): a tap opens the in-page zoom view. Only
  where the page may show the image smaller than its own pixels: wider than ``ZOOM_MIN_WIDTH``
  (the article column on a 320 px phone), or given a smaller size by the author. An icon inline
  in the text (16–48 px), or any image the page always shows whole, gains nothing from a zoom,
  and a link around it would only be a surprise. An image inside the author's own link is left
  alone: the author's link wins.
* ``kb_small``/``kb_small_width``/``kb_sizes``: a smaller copy (kbgen.sphinx_ext.image_copies)
  offered through ``srcset``, with ``sizes`` from the width the layout gives the image.

The copies are published to ``_images/kbgen-small/`` once the build has finished, for every image
of the site (not only the pages written this time), so an incremental build keeps them all.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.images import get_image_size

from kbgen.sphinx_ext.image_copies import CACHE_FOLDER, MIN_SOURCE_WIDTH, prune_cache, publish_copies, small_copy

#: The article column at 320 px: kbgen.css ``.kb-container`` leaves 1rem (16 px) each side.
ZOOM_MIN_WIDTH = 320 - 2 * 16
#: The article column at its widest (kbgen.css): 72rem container − 2 × 1rem padding − the 20rem
#: sidebar − the 2.5rem gap, from a 60rem-wide viewport up; below that the column is 100vw − 2rem.
_WIDE_COLUMN = 1152 - 32 - 320 - 40
_NARROW_MAX = 960 - 32
ZOOM_SCRIPT = "kbgen-zoom.js"
_REMOTE_PREFIXES = ("http:", "https:", "//", "data:")


def copies_cache(app: Sphinx) -> Path:
    """Beside Sphinx's output folder in kbgen's cache, so that rebuilding every page keeps it."""
    return Path(app.outdir).parent / CACHE_FOLDER


def sizes_attribute(width: int | None, percent: int | None) -> str:
    """The ``sizes`` of an image shown ``width`` CSS px wide (or ``percent`` % of the column)."""
    if percent is not None:
        return f"(min-width: 60rem) {round(_WIDE_COLUMN * percent / 100)}px, calc((100vw - 2rem) * {percent / 100:g})"
    shown = width or _NARROW_MAX
    wide = f"(min-width: 60rem) {min(shown, _WIDE_COLUMN)}px"
    if shown >= _NARROW_MAX:
        return f"{wide}, calc(100vw - 2rem)"
    return f"{wide}, (max-width: {shown + 32}px) calc(100vw - 2rem), {shown}px"


def _percent_of(image: nodes.image) -> int | None:
    for name in image["classes"]:
        if name.startswith("kb-w-") and name[5:].isdigit():
            return int(name[5:])
    return None


def _mark(app: Sphinx, doctree: nodes.document) -> None:
    srcdir = Path(app.env.srcdir)
    make_copies = app.builder.name == "kbgen"  # not for kbgen check's dummy builder: it writes nothing
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        if not uri or uri.lower().startswith(_REMOTE_PREFIXES) or "://" in uri:
            continue
        path = srcdir / uri
        natural = get_image_size(path) if path.is_file() else None
        if not natural or not natural[0]:
            continue  # missing (Sphinx reports it), or a format whose size is unknown (SVG)
        width = int(image["width"]) if str(image.get("width", "")).isdigit() else None
        percent = _percent_of(image)
        shown_smaller = (width is not None and width < natural[0]) or (percent is not None and percent < 100)
        if not isinstance(image.parent, nodes.reference) and (natural[0] > ZOOM_MIN_WIDTH or shown_smaller):
            image["kb_zoom"] = [natural[0], natural[1]]
        copy = small_copy(path, natural, copies_cache(app)) if make_copies else None
        if copy is not None and copy.smaller:
            image["kb_small"] = posixpath.join("kbgen-small", copy.name)
            image["kb_small_width"] = copy.width
            image["kb_source_width"] = natural[0]
            image["kb_sizes"] = sizes_attribute(width or natural[0], percent)


def _publish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "kbgen":
        return
    srcdir, cache = Path(app.env.srcdir), copies_cache(app)
    offered: set[str] = set()
    known: set[str] = set()
    for uri in app.env.images:
        path = srcdir / uri
        natural = get_image_size(path) if path.is_file() else None
        if not natural or natural[0] < MIN_SOURCE_WIDTH:
            continue
        copy = small_copy(path, natural, cache)  # made again here if the cache lost it
        if copy is not None:
            known.add(copy.name)
            if copy.smaller:
                offered.add(copy.name)
    publish_copies(cache, Path(app.outdir) / "_images", offered)
    prune_cache(cache, known)


def _add_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    # only pages with a zoom view load the script (Sphinx adds a file given here to this page alone)
    if 'class="kb-zoom-link"' in str(context.get("body", "")):
        app.add_js_file(ZOOM_SCRIPT)


def setup_image_views(app: Sphinx) -> None:
    # after kbgen.sphinx_ext.sizes (610): widths are CSS pixels or kb-w-<n> classes by then
    app.connect("doctree-read", _mark, priority=620)
    app.connect("html-page-context", _add_script)
    app.connect("build-finished", _publish)
