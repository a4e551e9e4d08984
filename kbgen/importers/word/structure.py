"""mammoth's HTML, tidied of Word's real-world habits, cut into one part per article.

- numbering typed as text ("1. Acesse…", "2. Clique…" in Normal paragraphs) becomes a real
  ordered list, and typed bullets ("• ", or a run of "- ") a bulleted one: Word users often number
  by hand, and the site's lists read better (the report says so);
- the number typed into a heading ("3.2 Emissão") is dropped: the site orders articles itself;
- Title/Subtitle and table-of-contents paragraphs (marked by reading.STYLE_MAP) are taken out;
- a paragraph wholly in bold and short, like a heading made by hand, is *reported*, not
  converted: "**Importante!**" is bold too, and guessing wrong would invent sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PageElement

from kbgen.importers.word.reading import normalized

_TYPED_NUMBER = re.compile(r"^\s*(\d{1,3})[.)][\s\u00a0]+")
_TYPED_BULLET = re.compile(r"^\s*([•◦▪●■–-])[\s\u00a0]+")
#: a number typed before a heading's text: "1. ", "2.3 ", "4.1.2. " (not "2024 em números")
_HEADING_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+)[\s\u00a0]+(?=\S)")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BOLD_HEADING_MAX = 80
_CLOSING = (".", ":", ";", ",", "!", "?")


@dataclass
class Part:
    """The HTML of one future article: its heading (None for what comes before the first one)."""

    title: str
    level: int  # the heading's level; 0 for the text before the first heading
    blocks: list[PageElement] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)  # in the heading itself

    @property
    def html(self) -> str:
        return "".join(str(block) for block in self.blocks)

    @property
    def text(self) -> str:
        return normalized(" ".join(plain(block) if isinstance(block, Tag) else str(block) for block in self.blocks))


@dataclass
class Tidied:
    soup: BeautifulSoup
    title_lines: list[str] = field(default_factory=list)
    toc_entries: int = 0
    typed_lists: int = 0
    header_rows: int = 0  # tables whose bold first row became a header row
    numbered_headings: list[str] = field(default_factory=list)
    #: footnote label → its text as HTML; the reference is left in the text as "[^label]"
    notes: dict[str, str] = field(default_factory=dict)


def plain(tag: Tag) -> str:
    """A block's text as a reader sees it: runs joined as they are ("em *Entrar*." → "em Entrar.")."""
    return normalized("".join(tag.strings))


def _first_string(tag: Tag) -> NavigableString | None:
    for node in tag.descendants:
        if isinstance(node, NavigableString) and node.strip():
            return node
    return None


def _strip_prefix(tag: Tag, pattern: re.Pattern[str]) -> None:
    first = _first_string(tag)
    if first is not None:
        first.replace_with(pattern.sub("", str(first), count=1))


def _typed_mark(block: Tag) -> tuple[str, int] | None:
    """("ol", n) or ("ul", 0) when a paragraph starts with a typed number or bullet."""
    if block.name != "p":
        return None
    first = _first_string(block)
    text = str(first) if first is not None else ""
    if (match := _TYPED_NUMBER.match(text)) is not None:
        return "ol", int(match.group(1))
    if (match := _TYPED_BULLET.match(text)) is not None:
        return "ul", 0 if match.group(1) in "•◦▪●■" else -1
    return None


def _typed_lists(soup: BeautifulSoup) -> int:
    """Runs of hand-numbered paragraphs (1., 2., 3. … in order) or typed bullets → real lists."""
    made = 0
    blocks = [b for b in soup.children if isinstance(b, Tag)]
    i = 0
    while i < len(blocks):
        mark = _typed_mark(blocks[i])
        if mark is None or (mark[0] == "ol" and mark[1] != 1):
            i += 1
            continue
        run = [blocks[i]]
        while i + len(run) < len(blocks):
            following = _typed_mark(blocks[i + len(run)])
            if following is None or following[0] != mark[0] or (mark[0] == "ol" and following[1] != len(run) + 1):
                break
            run.append(blocks[i + len(run)])
        # a dash is a bullet only in a run ("- " alone may start a sentence); 1. alone is a sentence too
        if len(run) >= 2 or (mark == ("ul", 0)):
            listing = soup.new_tag(mark[0])
            run[0].insert_before(listing)
            for paragraph in run:
                _strip_prefix(paragraph, _TYPED_NUMBER if mark[0] == "ol" else _TYPED_BULLET)
                item = soup.new_tag("li")
                item.extend(list(paragraph.contents))
                paragraph.decompose()
                listing.append(item)
            made += 1
        i += len(run)
    return made


def _footnotes(soup: BeautifulSoup, tidied: Tidied) -> None:
    """mammoth lists the footnotes and endnotes at the very end (``<li id="footnote-1">``, a back link
    "↑"), which would land in the last article: each becomes a MyST footnote (``[^1]``) of the article
    that cites it."""
    for item in soup.select('li[id^="footnote-"], li[id^="endnote-"]'):
        kind, _, number = str(item["id"]).partition("-")
        label = number if kind == "footnote" else f"fim-{number}"
        for back in item.select('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]'):
            back.decompose()
        tidied.notes[label] = item.decode_contents()
        listing = item.parent
        item.decompose()
        if isinstance(listing, Tag) and not listing.find("li"):
            listing.decompose()
    for kind in ("footnote", "endnote"):
        for reference in soup.select(f'a[href^="#{kind}-"]'):
            number = str(reference["href"]).removeprefix(f"#{kind}-")
            label = number if kind == "footnote" else f"fim-{number}"
            if label not in tidied.notes:
                continue
            holder = reference.parent if isinstance(reference.parent, Tag) and reference.parent.name == "sup" \
                and len(reference.parent.contents) == 1 else reference
            holder.replace_with(NavigableString(f"[^{label}]"))


def _bold_header_rows(soup: BeautifulSoup) -> int:
    """A table whose first row is all bold has a header row, as Word users mark one (mammoth makes
    ``<th>`` only for Word's "Repeat as header row")."""
    made = 0
    for table in soup.find_all("table"):
        first = table.find("tr")
        cells = first.find_all(["td", "th"], recursive=False) if isinstance(first, Tag) else []
        if not cells or any(cell.name == "th" for cell in cells):
            continue
        if all(plain(cell) and _wholly_bold(cell) for cell in cells):
            for cell in cells:
                cell.name = "th"
                for bold in cell.find_all(["strong", "b"]):  # a header cell is bold already
                    bold.unwrap()
            made += 1
    return made


def _wholly_bold(tag: Tag) -> bool:
    bold = normalized("".join("".join(b.strings) for b in tag.find_all(["strong", "b"])
                              if not b.find_parent(["strong", "b"])))
    return bold == plain(tag)


def tidy(html: str) -> Tidied:
    soup = BeautifulSoup(html, "html.parser")
    tidied = Tidied(soup)
    _footnotes(soup, tidied)
    for marked in soup.select("p.docx-title"):
        tidied.title_lines.append(plain(marked))
        marked.decompose()
    for marked in soup.select("p.docx-toc"):
        tidied.toc_entries += 1
        marked.decompose()
    for heading in soup.find_all(_HEADINGS):
        text = plain(heading)
        if _HEADING_NUMBER.match(text):
            _strip_prefix(heading, _HEADING_NUMBER)
            tidied.numbered_headings.append(text)
    tidied.typed_lists = _typed_lists(soup)
    tidied.header_rows = _bold_header_rows(soup)
    return tidied


def split(soup: BeautifulSoup, split_level: int) -> list[Part]:
    """One part per heading of ``split_level`` or shallower, after a part for what precedes the first."""
    parts = [Part("", 0)]
    for block in list(soup.children):
        if isinstance(block, Tag) and block.name in _HEADINGS and int(block.name[1]) <= split_level:
            anchors = [str(a["id"]) for a in block.find_all("a", id=True)]
            parts.append(Part(plain(block), int(block.name[1]), bookmarks=anchors))
            # a title is text only: a picture in the heading (an icon before it) opens the article
            # instead of vanishing with the heading's markup
            for picture in block.find_all("img"):
                paragraph = soup.new_tag("p")
                paragraph.append(picture.extract())
                parts[-1].blocks.append(paragraph)
        else:
            parts[-1].blocks.append(block)
    return parts


def bookmarks_in(part: Part) -> list[str]:
    """Every bookmark (``<a id>``) in the part: its heading's and its body's."""
    found = list(part.bookmarks)
    for block in part.blocks:
        if isinstance(block, Tag):
            found += [str(a["id"]) for a in block.find_all("a", id=True)]
            if block.name == "a" and block.get("id"):
                found.append(str(block["id"]))
    return found


def section_bookmarks(part: Part) -> dict[str, str]:
    """Bookmark → the text of the section heading (below the split level) it is on."""
    found: dict[str, str] = {}
    for block in part.blocks:
        if isinstance(block, Tag) and block.name in _HEADINGS:
            for anchor in block.find_all("a", id=True):
                found.setdefault(str(anchor["id"]), plain(block))
    return found


def bold_headings(part: Part) -> list[str]:
    """Short paragraphs wholly in bold, without closing punctuation: headings made by hand?"""
    found = []
    for block in part.blocks:
        if not isinstance(block, Tag) or block.name != "p":
            continue
        text = plain(block)
        if text and _wholly_bold(block) and len(text) <= _BOLD_HEADING_MAX and not text.endswith(_CLOSING):
            found.append(text)
    return found


def substantial(part: Part) -> bool:
    """More than a cover's short lines: a sentence-long paragraph, a list, a table or a picture."""
    for block in part.blocks:
        if not isinstance(block, Tag):
            continue
        if block.name in ("ul", "ol", "table") or block.find("img") or block.name == "img":
            return True
        if len(plain(block)) >= 40:
            return True
    return False
