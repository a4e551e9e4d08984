"""Inside a line: links, images and the raw HTML Markdown trees carry (``<br>``, ``<img>``, ``<a name>``,
``<b>``, ``<kbd>`` …), turned into MyST — kbgen refuses raw HTML in articles. Code spans are left alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape

from kbgen.importers.html_to_myst import PLACEHOLDER_ALT

_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_BR = re.compile(r"<br\s*/?>", re.I)
#: ``<a name="x"></a>``, ``<a id="x" class="xliff"></a>``: an anchor, not a link (no href)
ANCHOR = re.compile(r"""<a\s(?![^>]*\bhref\s*=)[^>]*?\b(?:name|id)\s*=\s*["']([^"']+)["'][^>]*>\s*(?:</a>)?""", re.I)
#: DocFX's machine-translated pages keep the English original beside each sentence, hidden by its
#: theme's CSS (``<span class="sxs-lookup"><span data-stu-id="…">English</span></span>``): dropped whole
ORIGINAL_TEXT = re.compile(r"""<span\s+class=["']sxs-lookup["']>\s*<span[^>]*>.*?</span>\s*</span>""", re.I | re.S)
_IMG = re.compile(r"<img\b([^>]*)/?>", re.I)
_HTML_LINK = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>""", re.I | re.S)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: a Markdown image or link: ![alt](target "title") / [text](<target>)
_MD_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|(?:[^()\s]|\([^()\s]*\))*)"
                      r"(\s+\"[^\"]*\"|\s+'[^']*')?\s*\)")
#: a script or a style sheet on one line: not text, dropped whole
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "kbd": "`", "s": "~~", "del": "~~",
             "strike": "~~"}
#: tags whose text is kept without them (nothing is lost but a style)
_TEXT_ONLY = frozenset({"span", "font", "u", "sup", "sub", "small", "mark", "abbr", "ins", "big", "center", "p",
                        "div", "section", "article", "nobr", "tt", "cite", "q", "dfn", "var", "samp"})


def attributes(tag_text: str) -> dict[str, str]:
    return {m[1].lower(): unescape(m[2] if m[2] is not None else m[3]) for m in _ATTRIBUTE.finditer(tag_text)}


@dataclass
class InlineHooks:
    """What the article decides: a link's new target ("" keeps the text only), an image's new path
    (None: not brought in, shown as text), and where to note what changed."""

    link: Callable[[str], str]
    image: Callable[[str, str], str | None]
    converted: Callable[[str], None]
    dropped: Callable[[str], None]
    anchors: list[str] = field(default_factory=list)  # targets found on the line: written before it


def _markdown_link(match: re.Match[str], hooks: InlineHooks) -> str:
    bang, text, target = match[1], match[2], match[3].strip("<>")
    if bang:
        alt = text.strip()
        path = hooks.image(target, alt or PLACEHOLDER_ALT)
        if path is None:
            return alt  # reported by the hook; the description stays as text (nothing, when there was none)
        if not alt:
            hooks.dropped(f"the image {target} had no description: {PLACEHOLDER_ALT!r} was written; describe it")
            alt = PLACEHOLDER_ALT
        return f"![{alt}]({path})"
    new = hooks.link(target)
    return f"[{text}]({new})" if new else text


def _image_tag(match: re.Match[str], hooks: InlineHooks) -> str:
    attrs = attributes(match[1])
    src, alt = attrs.get("src", ""), " ".join(attrs.get("alt", "").split()).replace("[", "(").replace("]", ")")
    if not src:
        hooks.dropped("an <img> without src")
        return ""
    hooks.converted(f"the HTML image {src} → a Markdown image")
    return f"![{alt}]({src})"


def _tag(match: re.Match[str], hooks: InlineHooks, where: str) -> str:
    name = match[1].lower()
    if name in _EMPHASIS:
        return _EMPHASIS[name]
    if name in _TEXT_ONLY:
        return ""
    hooks.dropped(f"the HTML tag {match[0][:60]!r}{where}: kbgen publishes no raw HTML (its text was kept)")
    return ""


def _anchor(match: re.Match[str], hooks: InlineHooks) -> str:
    hooks.anchors.append(match[1])  # written as a MyST target before the line (a target is a block)
    return ""


def convert_inline(line: str, hooks: InlineHooks, context: str = "paragraph") -> str:
    """One line of Markdown with its HTML turned into MyST and its links and images resolved.
    ``context``: "paragraph", "table" (a row: a hard break cannot be written) or "heading"."""
    pieces, last = [], 0
    for code in _CODE_SPAN.finditer(line):
        pieces.append((line[last:code.start()], False))
        pieces.append((code[0], True))
        last = code.end()
    pieces.append((line[last:], False))
    out = []
    for text, is_code in pieces:
        if is_code:
            out.append(text)
            continue
        if ORIGINAL_TEXT.search(text):
            text = ORIGINAL_TEXT.sub("", text)
            hooks.converted("DocFX's translation spans: the English original beside each sentence (sxs-lookup) "
                            "dropped, the translation kept")
        if _SCRIPT.search(text):
            hooks.dropped("a <script> or <style> element: kbgen publishes no scripts or styles of a page's own")
            text = _SCRIPT.sub("", text)
        text = ANCHOR.sub(lambda m: _anchor(m, hooks), text)
        text = _IMG.sub(lambda m: _image_tag(m, hooks), text)
        text = _HTML_LINK.sub(lambda m: f"[{_TAG.sub('', m[2]).strip()}]({unescape(m[1])})", text)
        if context == "paragraph":
            text = _BR.sub(lambda m: "\\\n", text)
        else:
            if _BR.search(text):
                hooks.converted(f"<br> in a {context} → a space (a {context} holds one line)")
            text = _BR.sub(" ", text)
        text = _MD_LINK.sub(lambda m: _markdown_link(m, hooks), text)
        text = _TAG.sub(lambda m: _tag(m, hooks, f" in a {context}"), text)
        out.append(text)
    # "a<br>b" → "a\" newline "b"; a break ending the line stays its last character: a hard break
    return "".join(out).rstrip()
