"""A Word .docx → semantic HTML (mammoth), its pictures, and what mammoth cannot tell us.

mammoth over python-docx: mammoth turns the document into *semantic* HTML — headings from the
paragraph styles (Word writes the built-in names "heading 1" … in styles.xml whatever the UI
language, and mammoth matches style names case-insensitively), real nested ``<ul>``/``<ol>`` from
Word's numbering definitions, ``<strong>``/``<em>``, tables, hyperlinks (external and to
bookmarks), and each picture through a hook that gets its description (``docPr/@descr``) — so the
Word importer reuses the HTML → MyST converter the Zendesk importer uses (one path for both).
python-docx is a lower-level object model: lists would have to be rebuilt from numbering XML,
hyperlinks and pictures read from raw XML. mammoth is maintained, BSD-2-Clause, pure Python.

What mammoth drops or moves is found in the package's XML here (read with defusedxml, like every
XML kbgen reads from an author): page breaks, text boxes (mammoth reads the text of a text box
only when Word saved its VML fallback, and places it after the paragraph it is anchored to),
empty paragraphs; page headers and footers and comments in kbgen.importers.word.margins.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import mammoth
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from kbgen.importers.failures import ImportFailed
from kbgen.importers.word.margins import Margins, read_margins

#: the start of an OLE compound file (MS-CFB 2.2): Word 97-2003 .doc files, and every password-
#: protected (encrypted) OOXML file, which Office wraps in one (MS-OFFCRYPTO 2.3.4.1)
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_CHOICE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice"

#: Title/Subtitle describe the document (the module has its own title); TOC paragraphs are Word's
#: table of contents, which the site's navigation replaces. They are marked, then removed and reported.
STYLE_MAP = "\n".join([
    "p[style-name='Title'] => p.docx-title:fresh",
    "p[style-name='Subtitle'] => p.docx-title:fresh",
    "p[style-name='TOC Heading'] => p.docx-toc:fresh",
    *(f"p[style-name='toc {n}'] => p.docx-toc:fresh" for n in range(1, 10)),
    # custom heading styles a Portuguese template may define under its own name (Word's built-in
    # headings are stored as "heading 1" whatever the language, and mammoth's own map has those)
    *(f"p[style-name='{name} {n}'] => h{n}:fresh" for name in ("Título", "Titulo") for n in range(1, 7)),
])

_IMAGE_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg",
                 "image/webp": ".webp"}


@dataclass
class Picture:
    data: bytes
    content_type: str
    alt: str

    @property
    def suffix(self) -> str | None:
        """The web image extension, or None for a type browsers do not show (EMF, WMF, TIFF)."""
        return _IMAGE_SUFFIX.get(self.content_type)


@dataclass
class WordDocument:
    html: str
    pictures: dict[str, Picture] = field(default_factory=dict)  # "docx-image:N" → the picture
    messages: list[str] = field(default_factory=list)  # mammoth's warnings, deduplicated
    text_boxes: list[str] = field(default_factory=list)  # the text of each text box, once
    #: page headers and footers, comments: what mammoth drops silently (kbgen.importers.word.margins)
    margins: Margins = field(default_factory=Margins)
    page_breaks: int = 0
    empty_paragraphs: int = 0


def _which_compound_file(data: bytes) -> str:
    """What an OLE compound file holds, from its directory's stream names (UTF-16): an encrypted OOXML
    package has "EncryptionInfo" (MS-OFFCRYPTO 2.3.4), a Word 97-2003 file "WordDocument" (MS-DOC 2.1.1)."""
    if "EncryptionInfo".encode("utf-16-le") in data:
        return " (this one is encrypted: in Word, File > Info > Protect Document > Encrypt with Password, " \
            "clear the password and save)"
    if "WordDocument".encode("utf-16-le") in data:
        return " (this one is a Word 97-2003 .doc: in Word or LibreOffice, File > Save As > Word Document (.docx))"
    return ""


def _refuse_non_docx(path: Path, data: bytes) -> None:
    shown, head = str(path), data[:8]
    if head.startswith(CFB_MAGIC):
        raise ImportFailed(f"{shown}: password-protected or old .doc format: save as .docx without a password"
                           + _which_compound_file(data))
    if not head.startswith(ZIP_MAGIC):
        hint = " (a PDF: kbgen does not import PDF; save the original document as .docx)" \
            if head.startswith(b"%PDF") else " (an .rtf: save it as .docx)" if head.startswith(b"{\\rtf") else ""
        raise ImportFailed(f"{shown}: not a Word .docx file{hint}; a .docx is a ZIP package, this file does not "
                           "start like one: open it in Word or LibreOffice and save it as .docx")


def _open_package(path: Path) -> tuple[bytes, zipfile.ZipFile]:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ImportFailed(f"{path}: is a folder; give the .docx file") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read the file: {exc.strerror}") from None
    _refuse_non_docx(path, data)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        broken = package.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise ImportFailed(f"{path}: the .docx is damaged ({exc}): open it in Word, which can repair it, and save "
                           "it again") from None
    if broken is not None:
        raise ImportFailed(f"{path}: the .docx is damaged ({broken} fails its checksum): open it in Word, which "
                           "can repair it, and save it again")
    names = set(package.namelist())
    if "word/document.xml" not in names:
        what = "an OpenDocument file (.odt)" if "content.xml" in names else \
            "an Excel or PowerPoint file" if {"xl/workbook.xml", "ppt/presentation.xml"} & names else "a ZIP file"
        raise ImportFailed(f"{path}: {what}, not a Word document (no word/document.xml): save it as .docx")
    return data, package


def _xml(package: zipfile.ZipFile, name: str, path: Path) -> Element:
    try:
        root: Element = ElementTree.fromstring(package.read(name))
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        raise ImportFailed(f"{path}: {name} inside the .docx is not valid XML ({exc}): open it in Word and save "
                           "it again") from None
    return root


def _text(element: Element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(f"{_W}t")).split())


def _inspect(document: WordDocument, root: Element) -> None:
    """Count and collect what mammoth drops silently, for the report."""
    in_choice: set[int] = set()  # Word saves a text box twice (DrawingML and VML fallback): count it once
    for choice in root.iter(_MC_CHOICE):
        in_choice.update(id(e) for e in choice.iter(f"{_W}txbxContent"))
    for box in root.iter(f"{_W}txbxContent"):
        text = _text(box)
        if id(box) not in in_choice and text and text not in document.text_boxes:
            document.text_boxes.append(text)
    document.page_breaks = sum(1 for br in root.iter(f"{_W}br") if br.get(f"{_W}type") == "page") \
        + sum(1 for _ in root.iter(f"{_W}pageBreakBefore"))
    body = root.find(f"{_W}body")
    # the body's own paragraphs: an empty one in a table cell is how Word writes an empty cell
    for paragraph in body.findall(f"{_W}p") if body is not None else []:
        if not _text(paragraph) and not any(child.tag.endswith(("drawing", "pict", "object", "}br"))
                                            for child in paragraph.iter()):
            document.empty_paragraphs += 1


def read_docx(path: Path) -> WordDocument:
    """The document as HTML with its pictures; ImportFailed for anything that is not a readable .docx."""
    data, package = _open_package(path)
    root = _xml(package, "word/document.xml", path)
    pictures: dict[str, Picture] = {}

    def picture(image: Any) -> dict[str, str]:
        with image.open() as stream:
            content = stream.read()
        key = f"docx-image:{len(pictures) + 1}"
        pictures[key] = Picture(content, str(image.content_type or ""), " ".join(str(image.alt_text or "").split()))
        return {"src": key}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP,
                                         convert_image=mammoth.images.img_element(picture))
    except Exception as exc:  # mammoth raises KeyError, ValueError … on a damaged part: the author
        # gets one sentence, never a traceback
        raise ImportFailed(f"{path}: mammoth could not read the document ({type(exc).__name__}: {exc}): open it "
                           "in Word and save it again as .docx") from None
    document = WordDocument(str(result.value), pictures)
    for message in result.messages:
        text = str(getattr(message, "message", message))
        if text not in document.messages:
            document.messages.append(text)
    _inspect(document, root)
    document.margins = read_margins(package, root, lambda package, name: _xml(package, name, path))
    return document


_SPACES = re.compile(r"\s+")


def normalized(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
