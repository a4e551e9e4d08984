"""Files of the author's that the site publishes: which types, checked how, and under which name.

Every file an author's content makes kbgen publish — article images, a set's ``icon:``, the
``logo:``, a linked or ``{download}`` file — is served from the site's own origin, where an
HTML, JavaScript or unsanitised SVG file would run with the site's rights (a strict CSP does not
help: ``script-src 'self'`` trusts it). So only an allow-list of passive types is published,
each checked by its content (a ``.png`` that is really HTML is refused), and SVGs go through
:mod:`kbgen.svgsafe`. Icons and the logo are published as ``_static/author/<hash>.<ext>``: a
name made from the content, which can never be one of the theme's or kbgen's own files.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from kbgen.svgsafe import UnsafeSvg, check_svg

#: Images an ``<img>`` shows; ``.svg`` only once :func:`kbgen.svgsafe.check_svg` accepts it.
IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"})
#: Files readers download: the images, PDF, plain text and CSV, ODF and OOXML documents, ZIP.
DOWNLOAD_TYPES = IMAGE_TYPES | frozenset({
    ".pdf", ".txt", ".csv", ".odt", ".ods", ".odp", ".odg", ".docx", ".xlsx", ".pptx", ".zip",
})
#: Where icons and the logo are published, inside ``_static/`` (a folder no theme file uses).
AUTHOR_FOLDER = "author"

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_SNIFF_BYTES = 64 * 1024
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".ico": (b"\x00\x00\x01\x00",),
    ".pdf": (b"%PDF-",),
}
_ODF = {".odt": "text", ".ods": "spreadsheet", ".odp": "presentation", ".odg": "graphics"}
_OOXML = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
#: The WHATWG MIME Sniffing standard's "text/html" patterns (§7.1): a text file starting with one of
#: them may be rendered as HTML by a browser that sniffs; XML and SVG starts are refused as well.
_HTML_START = re.compile(rb"^\s*<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|"
                         rb"br|p|!--|\?xml|svg)[\s>/]", re.IGNORECASE)


def content_problem(path: Path, allowed: frozenset[str]) -> str | None:
    """Why the file at ``path`` must not be published (its type or its content), or None."""
    suffix = path.suffix.lower()
    if suffix not in allowed:
        kinds = "images (PNG, JPEG, GIF, WebP, AVIF, SVG, ICO)" if allowed == IMAGE_TYPES else (
            "images, PDF, TXT, CSV, ODF (odt, ods, odp, odg), OOXML (docx, xlsx, pptx) and ZIP files")
        shown = f"'{suffix}' files" if suffix else "files without an extension"
        return f"{shown} cannot be published: only {kinds} are (a page or script would run on the site)"
    try:
        with path.open("rb") as stream:
            # an SVG is checked whole; for the rest, the start says what the file is
            data = stream.read() if suffix == ".svg" else stream.read(_SNIFF_BYTES)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror}"
    return _content_mismatch(path, suffix, data)


def _content_mismatch(path: Path, suffix: str, data: bytes) -> str | None:
    what = f"the file is not a real {suffix[1:].upper()} file"
    if suffix in _MAGIC:
        return None if data.startswith(_MAGIC[suffix]) else f"{what} (its first bytes say otherwise); export it again"
    if suffix == ".webp":
        return None if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else f"{what}; export it again"
    if suffix == ".avif":
        return None if data[4:12] in (b"ftypavif", b"ftypavis") else f"{what}; export it again"
    if suffix == ".svg":
        try:
            check_svg(data)
        except UnsafeSvg as exc:
            where = f" (line {exc.line} of the SVG)" if exc.line else ""
            return f"SVG refused: {exc.message}{where}; export it again as a plain SVG or as PNG"
        return None
    if suffix in (".txt", ".csv"):
        if b"\x00" in data:
            return f"{what}: it contains binary data (checked in its first {_SNIFF_BYTES // 1024} KB)"
        if _HTML_START.match(data[:512]):
            return f"{what}: it starts like an HTML or XML page, which a browser could run"
        return None
    return _archive_mismatch(path, suffix, data, what)


def _archive_mismatch(path: Path, suffix: str, data: bytes, what: str) -> str | None:
    if not data.startswith(_ZIP):
        return f"{what} (it is not a ZIP archive inside); save it again"
    if suffix == ".zip":
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if suffix in _ODF:
                mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
                expected = f"application/vnd.oasis.opendocument.{_ODF[suffix]}".encode()
                return None if mimetype.startswith(expected) else f"{what} (its mimetype entry is missing or wrong)"
            ok = "[Content_Types].xml" in names and any(n.startswith(_OOXML[suffix]) for n in names)
            return None if ok else f"{what} (the parts of an Office document are missing)"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return f"{what} (the archive is damaged); save it again"


def published_name(path: Path) -> str:
    """``author/<hash>.<ext>`` under ``_static/``: from the content, so it is deterministic and unique."""
    stat = path.stat()
    return _published_name(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)  # the logo is on every page: hash it once per version of the file
def _published_name(path: Path, _mtime: int, _size: int) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    return f"{AUTHOR_FOLDER}/{digest}{path.suffix.lower()}"
