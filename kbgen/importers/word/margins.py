"""What mammoth drops without a word: page headers and footers, and reviewers' comments — found in the
package's XML, each tied to the articles it was on, for the report.

Decided (docs/migrating.md, "Word manuals"): a header or footer is the printed page's furniture (the
manual's name, the city's logo, "Página 3 de 42"), repeated on every page; a web page has none, so it
is dropped, and each article's report says which ones its pages carried — a header sometimes holds
what readers need (a version, a phone number) and the author should move it into the text. Comments
are reviewers' notes ("confirmar o prazo com a Fazenda"), never meant for readers: dropped, each listed
with its author under the article it was on, so nothing a reviewer asked for is lost silently.
Footnotes and endnotes are not here: mammoth gives them, and they become MyST footnotes (structure.py).

Word's rules mirrored (ECMA-376 Part 1, 17.10 "Headers and Footers" and 17.6.17 ``sectPr``): each
section's properties (``w:sectPr`` in the last paragraph of a section, and the body's own for the
last one) name its headers and footers by type — ``default``, ``first`` (used only with
``w:titlePg``), ``even``; a section without a reference of a type inherits the previous section's.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: parses one part of the package (reading.py's: defused XML, ImportFailed when it is broken)
ReadPart = Callable[[zipfile.ZipFile, str], Element]
#: fields whose result is a page number: shown as "#" (the number of the page it was printed on)
_PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES")
_KINDS = {("header", "default"): "page header", ("header", "first"): "first page's header",
          ("header", "even"): "even pages' header", ("footer", "default"): "page footer",
          ("footer", "first"): "first page's footer", ("footer", "even"): "even pages' footer"}


@dataclass(frozen=True)
class Margin:
    """One header or footer: what it is, its text (page numbers as "#"), how many pictures it has."""

    kind: str
    text: str
    pictures: int
    #: a first page's header or footer: on its section's first page only
    first_page: bool = False

    def described(self) -> str:
        what = f"the {self.kind} {self.text!r}" if self.text else f"the {self.kind}"
        if not self.pictures:
            return what
        plural = "s" if self.pictures > 1 else ""
        return f"{what}{' with' if self.text else ''} {self.pictures} picture{plural} (a logo?)"


@dataclass
class Comment:
    author: str
    text: str
    paragraph: int  # the index, in Margins.texts, of the paragraph it is on


@dataclass
class Margins:
    texts: list[str] = field(default_factory=list)  # every paragraph of the body, in order
    sections: list[int] = field(default_factory=list)  # each paragraph's section
    margins: list[list[Margin]] = field(default_factory=list)  # each section's headers and footers
    starts: list[int] = field(default_factory=list)  # each section's first paragraph
    comments: list[Comment] = field(default_factory=list)


def _is_page_field(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() in _PAGE_FIELDS


def field_text(paragraph: Element) -> str:
    """A paragraph's text, a page-number field's result as "#" (complex fields: ``w:fldChar``
    begin/separate/end around ``w:instrText``; simple ones: ``w:fldSimple``)."""
    out: list[str] = []
    state, instruction = "", ""  # state: "" (text), "code", "result"

    def walk(element: Element) -> None:
        nonlocal state, instruction
        for child in element:
            tag = child.tag
            if tag == f"{_W}fldSimple":
                if _is_page_field(child.get(f"{_W}instr") or ""):
                    out.append("#")
                else:
                    walk(child)
            elif tag == f"{_W}fldChar":
                kind = child.get(f"{_W}fldCharType")
                if kind == "begin":
                    state, instruction = "code", ""
                elif kind == "separate":
                    state = "result"
                    if _is_page_field(instruction):
                        out.append("#")
                elif kind == "end":
                    state = ""
            elif tag == f"{_W}instrText":
                instruction += child.text or ""
            elif tag == f"{_W}t":
                if state == "" or (state == "result" and not _is_page_field(instruction)):
                    out.append(child.text or "")
            elif tag == f"{_W}tab":
                out.append(" ")
            else:
                walk(child)

    walk(paragraph)
    return " ".join("".join(out).split())


def _part_margin(package: zipfile.ZipFile, name: str, kind: str, read: ReadPart) -> Margin | None:
    if name not in package.namelist():
        return None
    root = read(package, name)
    lines = [text for p in root.iter(f"{_W}p") if (text := field_text(p))]
    pictures = sum(1 for _ in root.iter(f"{_W}drawing")) + sum(1 for _ in root.iter(f"{_W}pict"))
    if not lines and not pictures:
        return None
    return Margin(kind, " | ".join(dict.fromkeys(lines)), pictures, kind.startswith("first"))


def _relationships(package: zipfile.ZipFile, read: ReadPart) -> dict[str, str]:
    name = "word/_rels/document.xml.rels"
    if name not in package.namelist():
        return {}
    root = read(package, name)
    return {r.get("Id", ""): posixpath.normpath(posixpath.join("word", r.get("Target", "")))
            for r in root.iter(f"{_RELS}Relationship")}


def read_margins(package: zipfile.ZipFile, root: Element, read: ReadPart) -> Margins:
    """The body's paragraphs, their sections, each section's headers and footers, and the comments.
    ``read(package, name)`` parses one part (defused; ImportFailed naming the file when it is broken)."""
    found = Margins()
    body = root.find(f"{_W}body")
    if body is None:
        return found
    properties: list[Element] = []
    comment_at: dict[str, int] = {}
    for paragraph in body.iter(f"{_W}p"):
        found.texts.append(field_text(paragraph))
        found.sections.append(len(properties))
        if len(found.starts) == len(properties):
            found.starts.append(len(found.texts) - 1)
        for mark in (*paragraph.iter(f"{_W}commentRangeStart"), *paragraph.iter(f"{_W}commentReference")):
            comment_at.setdefault(mark.get(f"{_W}id", ""), len(found.texts) - 1)
        properties += [s for s in paragraph.findall(f"{_W}pPr/{_W}sectPr")]
    last = body.find(f"{_W}sectPr")
    if last is not None:
        properties.append(last)
    targets = _relationships(package, read)
    inherited: dict[tuple[str, str], Margin | None] = {}
    for section in properties:
        flag = section.find(f"{_W}titlePg")  # the first page has its own header and footer
        title_page = flag is not None and flag.get(f"{_W}val", "true") not in ("0", "false")
        for part in ("header", "footer"):
            for reference in section.findall(f"{_W}{part}Reference"):
                kind = reference.get(f"{_W}type", "default")
                target = targets.get(reference.get(f"{_R}id", ""))
                inherited[(part, kind)] = _part_margin(package, target, _KINDS.get((part, kind), part), read) \
                    if target else None
        shown = [m for (part, kind), m in sorted(inherited.items()) if m is not None
                 and (kind != "first" or title_page)]
        found.margins.append(shown)
    if "word/comments.xml" in package.namelist():
        for comment in read(package, "word/comments.xml").iter(f"{_W}comment"):
            text = " ".join(field_text(p) for p in comment.iter(f"{_W}p")).strip()
            where = comment_at.get(comment.get(f"{_W}id", ""))
            if text and where is not None:
                found.comments.append(Comment(" ".join((comment.get(f"{_W}author") or "").split()), text, where))
    return found
