"""Article images: the seeds' guides are made of screenshots, so images must be light and described.

Each local image gets its intrinsic ``width``/``height`` (no layout shift) and
``loading="lazy"``; a remote image (a request to another host) and an image without alt
text are errors; an image over 300 KB is a warning. How the checked images are offered to
readers (a zoom view, a smaller copy for phones) is kbgen.sphinx_ext.image_views.
"""

from __future__ import annotations

import posixpath
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.images import get_image_size

from kbgen.sphinx_ext.image_views import setup_image_views
from kbgen.sphinx_ext.locations import location_of

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 300 * 1024
_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)



def _check_images(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    srcdir = env.srcdir
    docdir = posixpath.dirname(env.docname)
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        shown = posixpath.relpath(uri, docdir) if not _REMOTE.match(uri) and docdir else uri
        where = location_of(env.docname, image)  # an included fragment's image: at the fragment's line
        if _REMOTE.match(uri):
            logger.warning("remote image %r: images must be files next to the article (copy it into img/)", uri,
                           location=where, type="kbgen", subtype="image_remote")
            continue
        if not image.get("alt", "").strip():
            logger.warning("image %r has no alt text: describe it, as in ![Tela de emissão da NFS-e](%s)",
                           shown, shown, location=where, type="kbgen", subtype="image_alt")
        path = srcdir / uri
        if not path.is_file():
            continue  # Sphinx reports it (image.not_readable)
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            logger.warning("image %r is %d KB; keep screenshots under %d KB (crop them or save as PNG-8/WebP)",
                           shown, size // 1024, MAX_IMAGE_BYTES // 1024, location=where, type="kbgen",
                           subtype="image_size")
        if "width" not in image and "height" not in image and "scale" not in image:
            dimensions = get_image_size(path)
            if dimensions:
                image["width"], image["height"] = str(dimensions[0]), str(dimensions[1])
        image.setdefault("loading", "lazy")


def setup_images(app: Sphinx) -> None:
    # after Sphinx's ImageCollector (priority 500) has made every uri relative to the source folder
    app.connect("doctree-read", _check_images, priority=600)
    setup_image_views(app)  # the zoom view and smaller copies
