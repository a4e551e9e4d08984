"""HTML (an article body from a help-desk editor) → MyST Markdown that builds under ``--strict``.

markdownify does the conversion; this subclass adds kbgen's rules, one method per tag:

- callouts (whatever ``callout_kind`` recognises) and ``<blockquote>`` → ``:::{note}`` and friends;
- ``<table>`` → a GFM pipe table, or a ``{list-table}`` when a cell holds blocks (lists, paragraphs,
  code, images), which a pipe table cannot; ``|`` in a cell is escaped;
- ``<pre>`` → a fenced block whose language Pygments knows (an unknown one would warn);
- ``<img>``/``<figure>`` → an image the ``resolve_image`` hook placed next to the article, with
  its alt text (a placeholder, reported, when the source had none); the caption follows in italics;
- ``<iframe>`` (an embedded video) → a link to the video, reported;
- ``<a>`` → what ``resolve_link`` makes of it (a relative link to another imported article);
- headings renumbered so the body starts at ``##`` and never skips a level (MyST warns otherwise);
- ``<`` in text escaped: raw HTML is refused in articles (kbgen.sphinx_ext.safety).

What is dropped or needs a look is written to the article's report entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter
from pygments.filters import ErrorToken
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from kbgen.importers.http import split_url
from kbgen.importers.report import ArticleReport

PLACEHOLDER_ALT = "Imagem importada sem descrição"
_BLOCKS_IN_CELL = ("ul", "ol", "pre", "table", "img", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")
_INLINE = frozenset({"strong", "b", "em", "i", "u", "span", "font", "sup", "sub", "s", "del", "mark", "small"})
_FENCE_RUN = re.compile(r"^(:{3,})", re.M)
_BLANKS = re.compile(r"\n{3,}")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")
#: text that would start a block in Markdown ("1. ", "- ", "# ", "> ") at the start of a line of a
#: paragraph: its mark is escaped, so a sentence stays a sentence
_BLOCK_START = re.compile(r"^([ \t]*)(?:(\d{1,9})([.)])|([-+*#>]))(?=\s|$)")


def _keep_as_text(text: str, every_line: bool) -> str:
    """Escape a block mark at the start of ``text`` (and of each line after a hard break)."""
    def guard(line: str) -> str:
        return _BLOCK_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[2] else f"{m[1]}\\{m[4]}", line, count=1)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i == 0 or (every_line and lines[i - 1].endswith("\\")):
            lines[i] = guard(line)
    return "\n".join(lines)


@dataclass
class Hooks:
    """What the source decides: where links and images lead, and which elements are callouts."""

    #: href → the Markdown target to write, "" to keep only the text, None to keep the href as it is
    resolve_link: Callable[[str, str], str | None] = lambda href, text: None
    #: (src, alt) → the image's path relative to the article, or None when it could not be brought in
    #: (the hook reports why)
    resolve_image: Callable[[str, str], str | None] = lambda src, alt: None
    #: an element → the admonition it becomes ("note", "warning" …) or None
    callout_kind: Callable[[Tag], str | None] = lambda element: None
    report: ArticleReport = field(default_factory=lambda: ArticleReport("", ""))


def _fence(kind: str, body: str) -> str:
    """``:::{kind}`` around ``body``, with more colons than any fence inside it."""
    inner = max((len(m.group(1)) for m in _FENCE_RUN.finditer(body)), default=2)
    colons = ":" * max(3, inner + 1)
    return f"\n\n{colons}{{{kind}}}\n{body.strip()}\n{colons}\n\n"


def _known_language(name: str) -> str:
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return ""
    return name


def lexes_cleanly(language: str, code: str) -> bool:
    """Whether Pygments reads ``code`` as ``language`` without an error token. Sphinx highlights with
    the ``raiseonerror`` filter and warns when it fails ("Lexing literal_block … resulted in an error":
    sphinx/highlighting.py, PygmentsBridge.highlight_block), which ``--strict`` stops on; JSX with an
    emoji in its text does that."""
    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return False
    lexer.add_filter("raiseonerror")
    try:
        for _ in lexer.get_tokens(code):
            pass
    except ErrorToken:
        return False
    return True


def _video_link(src: str) -> str:
    """An embed address as the page a reader opens (YouTube's /embed/ID → /watch?v=ID)."""
    parts = split_url(src if "//" not in src[:2] else "https:" + src)
    if parts.hostname and parts.hostname.endswith(("youtube.com", "youtube-nocookie.com")) \
            and parts.path.startswith("/embed/"):
        video = parts.path.removeprefix("/embed/").split("/")[0]
        start = parse_qs(parts.query).get("start", [""])[0]
        return f"https://www.youtube.com/watch?v={video}" + (f"&t={start}s" if start.isdigit() else "")
    if parts.hostname and parts.hostname.endswith("player.vimeo.com") and parts.path.startswith("/video/"):
        return "https://vimeo.com/" + parts.path.removeprefix("/video/").split("/")[0]
    return parts.geturl()


#: markdownify ships no type hints: its methods are called through this untyped name
_Base: Any = MarkdownConverter


class MystConverter(_Base):  # type: ignore[misc]
    def __init__(self, hooks: Hooks, **options: Any) -> None:
        _Base.__init__(self, heading_style="ATX", bullets="-", newline_style="backslash", escape_misc=False,
                         table_infer_header=True, code_language_callback=self._language, **options)
        self.hooks = hooks
        self._ranks: list[int] = []
        self._last_level = 1

    # -- text --------------------------------------------------------------------------------
    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = str(_Base.escape(self, text, parent_tags))
        if "_noformat" in parent_tags:
            return text
        # raw HTML is refused in articles; a literal "<Enter>" must stay text
        return text.replace("<", "\\<")

    # -- blocks ------------------------------------------------------------------------------
    def _callout(self, el: Tag, text: str, parent_tags: set[str], default: Callable[..., str]) -> str:
        kind = self.hooks.callout_kind(el)
        if kind is None or "_inline" in parent_tags:
            return str(default(self, el, text, parent_tags))
        self.hooks.report.converted.append(f"a callout ({' '.join(el.get('class') or [])}) → {{{kind}}}")
        return _fence(kind, text)

    def convert_div(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self._callout(el, text, parent_tags, _Base.convert_div)

    def convert_p(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self._callout(el, _keep_as_text(text.lstrip(), every_line=True), parent_tags, _Base.convert_p)

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return str(_Base.convert_li(self, el, _keep_as_text(text.lstrip(), every_line=False), parent_tags))

    def convert_aside(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self._callout(el, text, parent_tags, _Base.convert_div)

    def convert_blockquote(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags or not text.strip():
            return text
        kind = self.hooks.callout_kind(el) or "note"
        self.hooks.report.converted.append(f"a blockquote → {{{kind}}}")
        return _fence(kind, text)

    def _language(self, el: Tag) -> str:
        code = el.find("code")
        for candidate in [el, code] if isinstance(code, Tag) else [el]:
            for cls in candidate.get("class") or []:
                name = cls.removeprefix("language-").removeprefix("lang-")
                if name != cls and _known_language(name):
                    return name
        return ""

    def convert_iframe(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src = str(el.get("src") or "").strip()
        if not src:
            self.hooks.report.dropped.append("an iframe without an address")
            return ""
        url = _video_link(src)
        if not url.startswith(("https://", "http://")):
            self.hooks.report.dropped.append(f"an iframe whose address {src!r} is not a web address")
            return ""
        title = str(el.get("title") or "").strip() or "Assista ao vídeo"
        self.hooks.report.converted.append(f"an embedded video (iframe) → a link to {url}")
        self.hooks.report.check.append(f"the video {url} is a link now: embedded players load another site's "
                                       "script, which the site's Content-Security-Policy blocks")
        link = f"[{self.escape(title, parent_tags)}]({url})"
        return link if "_inline" in parent_tags else f"\n\n{link}\n\n"

    def convert_figure(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return f"\n\n{text.strip()}\n\n"

    def convert_figcaption(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        caption = text.strip()
        return f"\n\n*{caption}*\n\n" if caption else ""

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src = str(el.get("src") or "").strip()
        alt = " ".join(str(el.get("alt") or "").split())
        path = self.hooks.resolve_image(src, alt) if src else None
        if path is None:  # the hook reported why (a missing file, a refused type)
            if not src:
                self.hooks.report.dropped.append("an image without an address (src)" + (f" ({alt!r})" if alt else ""))
            return self.escape(_brackets(f"[{alt}]"), parent_tags) if alt else ""
        if not alt:
            alt = PLACEHOLDER_ALT
            self.hooks.report.check.append(f"the image {path} had no alt text: describe it (now {alt!r})")
        alt = _brackets(alt)
        return f"![{alt}]({path})"

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href") or "").strip()
        if not href or href.startswith("#") or not text.strip():
            return text  # an anchor (<a name>) or an in-page link: the text stays
        images = el.find_all("img")
        if images and all(str(img.get("src") or "") == href for img in images):
            return text  # a picture linked to itself (a lightbox): the picture is enough
        target = self.hooks.resolve_link(href, el.get_text(" ", strip=True))
        if target == "":
            return text
        return f"[{text.strip()}]({target if target is not None else href})"

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return text
        level = self._heading_level(n)
        return f"\n\n{'#' * level} {' '.join(text.split())}\n\n"

    def _heading_level(self, n: int) -> int:
        """Levels ranked as the source used them, from 2, never more than one deeper than the last."""
        rank = self._ranks.index(n) + 2 if n in self._ranks else 2
        level = min(rank, self._last_level + 1)
        self._last_level = level
        return int(min(level, 6))

    # -- tables ------------------------------------------------------------------------------
    def convert_td(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return str(_Base.convert_td(self, el, text.replace("|", "\\|"), parent_tags))

    def convert_th(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return str(_Base.convert_th(self, el, text.replace("|", "\\|"), parent_tags))

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        rows = [tr for tr in el.find_all("tr") if tr.find_parent("table") is el]
        cells = [[c for c in tr.find_all(["td", "th"]) if c.find_parent("tr") is tr] for tr in rows]
        blocky = any(c.find(_BLOCKS_IN_CELL) or len(c.find_all("p")) > 1 for row in cells for c in row)
        spans = any(c.get("colspan") not in (None, "1") or c.get("rowspan") not in (None, "1")
                    for row in cells for c in row)
        if spans:
            self.hooks.report.check.append("a table with merged cells (colspan/rowspan): they were split; "
                                           "check the table")
        if not blocky or not cells:
            return str(_Base.convert_table(self, el, text, parent_tags))
        return self._list_table(el, cells)

    def _list_table(self, el: Tag, cells: list[list[Tag]]) -> str:
        width = max(len(row) for row in cells)
        header = 1 if el.find("thead") or all(c.name == "th" for c in cells[0]) else 0
        lines = ["", "", "```{list-table}", f":header-rows: {header}", ""]
        for row in cells:
            converted = [self._cell(cell) for cell in row] + [""] * (width - len(row))
            for i, cell_text in enumerate(converted):
                first, *rest = (cell_text or " ").split("\n")
                lines.append(f"{'* -' if i == 0 else '  -'} {first}".rstrip())
                lines += [f"    {line}".rstrip() for line in rest]
        lines += ["```", "", ""]
        self.hooks.report.converted.append("a table with lists or paragraphs in its cells → {list-table}")
        return "\n".join(lines)

    def _cell(self, cell: Tag) -> str:
        parts = "".join(_Base.process_element(self, child, set()) for child in cell.children)
        return _tidy(parts)

    # -- the whole body ------------------------------------------------------------------------
    def body(self, html: str) -> str:
        soup = BeautifulSoup(html, "html.parser")
        for junk in soup.find_all(["script", "style", "noscript"]):
            self.hooks.report.dropped.append(f"a <{junk.name}> element (never published)")
            junk.decompose()
        _drop_stray_breaks(soup)
        self._ranks = sorted({int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))})
        self._last_level = 1
        return _tidy(self.convert_soup(soup))


def _drop_stray_breaks(soup: BeautifulSoup) -> None:
    """Remove the ``<br>`` an editor leaves where it means nothing: alone in bold or italics
    (``<strong><br></strong>`` would be ``**\\**``), at the end of a block (a hard break before
    nothing is a literal backslash in Markdown) and at its start (a break after nothing). The last
    break is looked at first, so ``text<br><br></p>`` loses both (Zendesk's editor writes that)."""
    for br in reversed(soup.find_all("br")):
        wrapper = br
        while isinstance(wrapper.parent, Tag) and wrapper.parent.name in _INLINE \
                and not wrapper.parent.get_text(strip=True):
            wrapper = wrapper.parent
        if wrapper is not br:  # the formatting around nothing goes, the break stays
            wrapper.replace_with(br.extract())
        # a break ending bold or italics moves out of it: "*a\\*" would escape the closing mark
        while isinstance(br.parent, Tag) and br.parent.name in _INLINE and _last(br):
            br.parent.insert_after(br.extract())
        if isinstance(br.parent, Tag) and (_last(br) or _first(br)):
            br.decompose()


def _last(node: Tag) -> bool:
    """Nothing but white space follows ``node`` in its parent."""
    return not any(isinstance(s, Tag) or str(s).strip() for s in node.next_siblings)


def _first(node: Tag) -> bool:
    """Nothing but white space comes before ``node`` in its parent, which is a block (a paragraph, an item,
    a cell, a heading): a break at the start of bold text still separates what came before it."""
    if not isinstance(node.parent, Tag) or node.parent.name in _INLINE or node.parent.name in ("pre", "code"):
        return False
    return not any(isinstance(s, Tag) or str(s).strip() for s in node.previous_siblings)


def _brackets(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _tidy(text: str) -> str:
    text = _TRAILING_SPACES.sub("\n", text.replace("\r", "").replace("\u00a0", " "))
    return _BLANKS.sub("\n\n", text).strip()
