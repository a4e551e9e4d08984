"""Smaller copies of wide article images, so phones do not download a desktop screenshot.

An image at least ``MIN_SOURCE_WIDTH`` pixels wide gets a copy ``COPY_WIDTH`` pixels wide;
the page offers both through ``srcset``/``sizes`` (kbgen.sphinx_ext.translator) and the zoom
view shows the original. ``COPY_WIDTH`` is 480 CSS px at a 2× screen: every phone from 320 to
480 px wide gets sharp pixels from the copy. Below ``MIN_SOURCE_WIDTH`` (1.25 × the copy) a copy
would save too little to pay for a second file and a build step.

Build time: a copy is made once per image content. It is kept in the cache under a name made
from the source's SHA-256 (``<cache>/image-copies/``, beside Sphinx's ``html/`` so a rebuild of
every page does not redo it), and published as ``_images/kbgen-small/<name>``, a folder of the
published ``_images/`` that no author image can take (Sphinx copies them flat). PNG stays PNG and
JPEG stays JPEG (a screenshot's copy has 256 colours, see ``_resized``); nothing is upscaled;
no metadata (EXIF, ICC, text chunks) is written. A copy that turns out no smaller in bytes than
its source is not offered.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kbgen.cachedir import write_atomically

if TYPE_CHECKING:
    from PIL import Image

COPY_WIDTH = 960
MIN_SOURCE_WIDTH = 1200
#: Published under _images/ (an owned folder of the site: kbgen.loading.site_files).
PUBLISHED_FOLDER = "kbgen-small"
CACHE_FOLDER = "image-copies"
#: At most this many distinct colours: a screenshot, whose copy is a 256-colour PNG.
SCREENSHOT_COLOURS = 8192
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class SmallCopy:
    name: str  # file name in the cache and in _images/kbgen-small/
    width: int
    height: int
    smaller: bool  # fewer bytes than the source: offered to readers (else only remembered)


def copy_name(source: Path) -> str | None:
    """The copy's file name (from the source's content), or None for a format kbgen does not resize."""
    suffix = source.suffix.lower()
    if suffix not in _FORMATS:
        return None  # GIF (animation), SVG (vector), WebP …: published as they are
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        while chunk := handle.read(_READ_CHUNK):
            digest.update(chunk)
    return f"{digest.hexdigest()[:24]}-{COPY_WIDTH}w{'.jpg' if suffix == '.jpeg' else suffix}"


def small_copy(source: Path, size: tuple[int, int] | None, cache: Path) -> SmallCopy | None:
    """The smaller copy of ``source`` (``size`` its pixels), made into ``cache`` unless already there.

    None when the image is narrow, not PNG/JPEG or unreadable.
    """
    if size is None or size[0] < MIN_SOURCE_WIDTH:
        return None
    name = copy_name(source)
    if name is None:
        return None
    height = max(1, round(size[1] * COPY_WIDTH / size[0]))
    target = cache / name
    if not target.is_file():
        data = _resized(source, (COPY_WIDTH, height))
        if data is None:
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    return SmallCopy(name, COPY_WIDTH, height, target.stat().st_size < source.stat().st_size)


def _resized(source: Path, size: tuple[int, int]) -> bytes | None:
    from PIL import Image, UnidentifiedImageError  # only when a wide image is met: start-up stays light

    try:
        with Image.open(source) as image:
            image_format = image.format
            if image_format not in ("PNG", "JPEG"):
                return None  # a file whose name says PNG but is not: published as it is
            if image_format == "JPEG":
                image.draft("RGB", size)  # decode at a reduced scale: much faster for big photos
            working = image.convert("RGBA" if _has_alpha(image) else "RGB")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    # A screenshot (flat colours and anti-aliased text: ~1,200–1,600 colours in the sample's) is
    # best as a 256-colour PNG: a resize adds in-between colours that make a full-colour PNG
    # larger than the original, while 256 keep the text's grey ramps. A photo-like PNG keeps
    # full colour.
    screenshot = image_format == "PNG" and working.getcolors(SCREENSHOT_COLOURS) is not None
    small = working.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    if image_format == "PNG":
        if screenshot:
            small = small.quantize(256, method=Image.Quantize.FASTOCTREE if small.mode == "RGBA"
                                   else Image.Quantize.MEDIANCUT)
        small.save(out, "PNG", optimize=True)
    else:
        small.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def publish_copies(cache: Path, images_dir: Path, wanted: set[str]) -> None:
    """Make ``_images/kbgen-small/`` hold exactly the ``wanted`` copies (copied from the cache)."""
    folder = images_dir / PUBLISHED_FOLDER
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name not in wanted:
                path.unlink()
    for name in sorted(wanted):
        target, source = folder / name, cache / name
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            continue  # the name is the source's hash and the manifest checks the bytes (kbgen.cachestate)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(target, source.read_bytes())


def prune_cache(cache: Path, keep: set[str]) -> None:
    """Drop cached copies no image uses any more (and a killed run's temporary files)."""
    if not cache.is_dir():
        return
    for path in cache.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink()
