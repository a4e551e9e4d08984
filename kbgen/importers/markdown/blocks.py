"""A page's blocks → MyST: the other tools' admonitions, tabs (kbgen.importers.markdown.tabs), includes,
DocFX's ``:::`` lines, ``<details>`` and HTML blocks. Each construct is read where its tool documents it:

* MkDocs (Python-Markdown's admonition, pymdownx.details and pymdownx.tabbed): ``!!! kind "Title"``,
  ``??? kind`` (collapsible: a dropdown), ``=== "Tab"``, each with a body indented four spaces;
  pymdownx.blocks' ``/// kind | Title`` … ``///`` (``details``, ``tab`` too);
  ``--8<-- "file"`` (pymdownx.snippets) → a shared fragment; ``{!file!}``/``{* file *}`` dropped;
* Docusaurus: ``:::kind Title`` / ``:::kind[Title]`` … ``:::`` (MyST would read it as a plain block
  and drop the title, kbgen.sphinx_ext.dialects); ``<Tabs>``/``<TabItem>`` → tabs and MDX's
  ``import``/``export`` statements dropped (kbgen.importers.markdown.jsx);
* DocFX (its Markdown reference): ``[!INCLUDE [t](path)]`` → a shared fragment;
  ``:::image type="content" source="…" alt-text="…":::`` → an image; tabs, a heading
  ``# [Label](#tab/id)`` per tab ending at a ``---`` line; ``::: zone pivot="…"`` … ``::: zone-end``
  → tabs, one per pivot; ``:::row:::``/``:::column:::`` lines dropped (the text stays, in order);
* GitHub alerts (``> [!NOTE]``) are kept: kbgen renders them (MyST's alert extension);
* ``<details><summary>T</summary>`` → ``{dropdown}``; other HTML blocks → MyST through the
  Zendesk importer's converter (kbgen.importers.html_to_myst).

Headings inside a tab, a note or a dropdown become bold lines: MyST turns them into rubrics with
a warning (a section cannot start inside a directive).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from kbgen.admonition_kinds import OTHER_TOOLS_KINDS as _KINDS
from kbgen.importers.html_to_myst import Hooks, MystConverter, _known_language, lexes_cleanly
from kbgen.importers.markdown.inline import InlineHooks, attributes, convert_inline
from kbgen.importers.markdown.jsx import (
    MDX_STATEMENT_START,
    TABS_START,
    docusaurus_tabs,
    remember_export,
    statement_end,
)
from kbgen.importers.markdown.lines import admonition, directive, indented, until
from kbgen.importers.markdown.tabs import DOCFX_TAB, MKDOCS_TAB, ZONE, docfx_tabs, mkdocs_tabs, zones
from kbgen.importers.report import ArticleReport

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)(.*)$")
_MKDOCS_BLOCK = re.compile(r'^(?P<mark>!!!|\?\?\?\+?)\s+(?P<kind>[A-Za-z][\w-]*)(?:\s+[\w -]*?)?'
                           r'(?:\s*"(?P<title>[^"]*)")?\s*$')
_DOCUSAURUS = re.compile(r"^(?P<colons>:{3,})(?P<kind>[A-Za-z]+)(?:\[(?P<bracket>[^\]]*)\])?(?:[ \t]+(?P<title>.*))?$")
_DOCFX_INCLUDE = re.compile(r"^\s*\[!include\s*\[[^\]]*\]\((?P<path>[^)\s]+)(?:\s+\"[^\"]*\")?\)\]\s*$", re.I)
_SNIPPET = re.compile(r"""^\s*-{1,}8<-{1,}\s+(["'])(?P<path>[^"']+)\1\s*$""")
_DOCFX_IMAGE = re.compile(r"^\s*:::image\s+(?P<attrs>.*?):::\s*$", re.I)
_DOCFX_IMAGE_END = re.compile(r"^\s*:::image-end:::\s*$", re.I)
_DOCFX_LAYOUT = re.compile(r"^\s*:::\s*(row|column|row-end|column-end)(\s[^:]*)?:::\s*$", re.I)
_DETAILS = re.compile(r"^\s*<details\b[^>]*>", re.I)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.I | re.S)
_HTML_BLOCK = re.compile(r"^\s*<(table|div|figure|center|ul|ol|dl|h[1-6]|pre|video|iframe|section|p|blockquote|"
                         r"picture|object|embed|form|span|img|a|b|strong|em|i|br|kbd|sup|sub|font)\b", re.I)
_COMMENT_START = re.compile(r"^\s*<!--")
_SCRIPT_START = re.compile(r"^\s*<(script|style)\b", re.I)
_DOCFX_DIV = re.compile(r"^\s*>\s*\[!div\b[^\]]*\]\s*$", re.I)
#: pymdownx.blocks (MkDocs Material's newer syntax): ``/// note | Título`` … ``///``; ``/// details``,
#: ``/// tab | Rótulo``
_SLASH_BLOCK = re.compile(r"^(?P<slashes>/{3,})\s*(?P<kind>[A-Za-z][\w-]*)(?:\s*\|\s*(?P<title>.*?))?\s*$")
#: a file's text pasted in at build time from outside the pages (markdown-include ``{!file!}``,
#: FastAPI's ``{* file *}``): there is no file to take it from
_FILE_INSERT = re.compile(r"^\s*\{(!.*!|\*.*\*)\}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
#: MDX's imports and exports of JSX components (Docusaurus' Tabs …): not text
_IMPORT_LINE = re.compile(r"""^(import\s+(?:[\w{}\s,*]+\s+from\s+)?['"][^'"]+['"]"""
                          r"""|export\s+(?:const|default|function)\b.*);?\s*$""")


@dataclass
class BlockHooks:
    inline: InlineHooks
    entry: ArticleReport
    #: a DocFX/MkDocs include's path → the fragment's ``/_includes/…`` name, or None (reported)
    include: Callable[[str, str], str | None]
    #: the article's images and links, for HTML blocks given to markdownify
    html_link: Callable[[str, str], str | None]
    html_image: Callable[[str, str], str | None]
    #: an HTML anchor's name → the MyST target to write (Sphinx's labels are global: made unique)
    target: Callable[[str], str] = lambda anchor: anchor
    #: DocFX's zone pivots' titles (zone-pivot-groups.yml), by pivot id
    pivot_titles: dict[str, str] = field(default_factory=dict)


class BlockConverter:
    def __init__(self, hooks: BlockHooks) -> None:
        self.hooks = hooks
        self.pivot_titles = hooks.pivot_titles
        #: the page's ``export const name = …`` (MDX), for a ``<Tabs values={name}>`` below it
        self.exports: dict[str, str] = {}

    def block(self, name: str, argument: str, body: list[str], options: tuple[str, ...] = ()) -> list[str]:
        """The block, or nothing (reported) when it holds no text: MyST refuses an empty note or tab."""
        if not any(line.strip() for line in body):
            self.drop(f"an empty {name}{f' {argument!r}' if argument else ''}: it had no text to show")
            return []
        return directive(name, argument, body, options)

    def note(self, what: str) -> None:
        self.hooks.entry.converted.append(what)

    def drop(self, what: str) -> None:
        self.hooks.entry.dropped.append(what)

    def check(self, what: str) -> None:
        self.hooks.entry.check.append(what)

    def convert(self, lines: list[str], nested: bool = False) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            i = self._one(lines, i, out, nested)
        return out

    def _one(self, lines: list[str], i: int, out: list[str], nested: bool) -> int:
        line = lines[i]
        stripped = line.strip()
        fence = _FENCE.match(line)
        if fence:
            return self._code(lines, i, out, fence)
        match = _MKDOCS_BLOCK.match(line)
        if match:
            body, end = indented(lines, i + 1)
            inner = self.convert(body, nested=True)
            if match["mark"].startswith("???"):
                title = match["title"] or match["kind"].capitalize()
                out += self.block("dropdown", title, inner, (":open:",) if match["mark"] == "???+" else ())
                self.note(f"MkDocs' {match['mark']} {match['kind']} → a dropdown")
            else:
                name, argument, options = admonition(match["kind"], match["title"])
                out += self.block(name, argument, inner, options)
                self.note(f"MkDocs' !!! {match['kind']} → {{{name}}}")
            return end
        if MKDOCS_TAB.match(line):
            return mkdocs_tabs(self, lines, i, out)
        match = _SLASH_BLOCK.match(stripped)
        if match:
            return self._slash_blocks(lines, i, out)
        if _FILE_INSERT.match(line):
            self.drop(f"{stripped[:80]!r}: a file pasted in at build time from outside the pages; paste the text "
                      "itself if readers need it")
            return i + 1
        match = _DOCUSAURUS.match(stripped)
        if match and match["kind"].lower() in _KINDS and not stripped.startswith(":::image"):
            end_fence = re.compile(rf"^\s*{match['colons']}\s*$")
            body, end, closed = until(lines, i + 1, end_fence)
            if not closed:
                self.hooks.entry.check.append(f"':::{match['kind']}' is never closed: the rest of the page is "
                                              "inside it; close it where it ends")
            name, argument, options = admonition(match["kind"], match["bracket"] or match["title"])
            out += self.block(name, argument, self.convert(body, nested=True), options)
            self.note(f"Docusaurus' :::{match['kind']} → {{{name}}}")
            return end
        match = _DOCFX_INCLUDE.match(line) or _SNIPPET.match(line)
        if match:
            fragment = self.hooks.include(match["path"], stripped)
            if fragment:
                out += ["", f"```{{include}} {fragment}", "```", ""]
            return i + 1
        match = _DOCFX_IMAGE.match(line)
        if match:
            attrs = attributes(match["attrs"])
            source = attrs.get("source", "")
            alt = " ".join(attrs.get("alt-text", "").split()).replace("[", "(").replace("]", ")")
            end = i + 1
            if attrs.get("type", "").lower() == "complex":
                _, end, _ = until(lines, i + 1, _DOCFX_IMAGE_END)
                self.drop(f"the long description of the image {source} (DocFX's type=\"complex\"): write it "
                          "in the text if readers need it")
            out += ["", convert_inline(f"![{alt}]({source})", self.hooks.inline), ""]
            self.note(f"DocFX's :::image::: {source} → a Markdown image")
            return end
        if _DOCFX_LAYOUT.match(line):
            self.note("DocFX's :::row::: and :::column::: lines dropped (the columns' text stays, one after the other)")
            out.append("")  # each column's text its own paragraph
            return i + 1
        if DOCFX_TAB.match(line):
            return docfx_tabs(self, lines, i, out)
        if ZONE.match(line):
            return zones(self, lines, i, out)
        if _DETAILS.match(line):
            return self._details(lines, i, out)
        if TABS_START.match(line):
            after_tabs = docusaurus_tabs(self, lines, i, out)
            if after_tabs is not None:
                return after_tabs
        match = _SCRIPT_START.match(line)
        if match and not re.search(rf"</{match[1]}\s*>", line, re.I):  # one on a line is the inline rule's
            _, end, _ = until(lines, i, re.compile(rf".*</{match[1]}\s*>", re.I))
            self.drop(f"a <{match[1].lower()}> block: kbgen publishes no scripts or styles of a page's own")
            return end
        if _DOCFX_DIV.match(line):  # DocFX's "> [!div class=…]" styles the quote under it as a button row
            self.note("DocFX's [!div …] line dropped: the quote's text is a paragraph")
            j = i + 1
            while j < len(lines) and lines[j].lstrip().startswith(">"):
                out.append(re.sub(r"^\s*>\s?", "", lines[j]))
                j += 1
            out[len(out) - (j - i - 1):] = self.convert(out[len(out) - (j - i - 1):], nested)
            return j
        if _COMMENT_START.match(line):
            end = i
            while end < len(lines) and "-->" not in lines[end]:
                end += 1
            self.drop(f"an HTML comment (line {i + 1} of the body): not shown on a page")
            return end + 1
        if _HTML_BLOCK.match(line) and not re.match(r"^\s*<(a|b|strong|em|i|br|kbd|sup|sub|span|font|img)\b", line,
                                                    re.I):
            return self._html_block(lines, i, out)
        heading = _HEADING.match(line)
        if heading and nested:
            out.append(f"**{convert_inline(heading[2], self.hooks.inline, 'heading')}**")
            self.note(f"the heading {heading[2]!r} inside a note, tab or dropdown → a bold line")
            return i + 1
        if _IMPORT_LINE.match(line) or MDX_STATEMENT_START.match(line):
            end = statement_end(lines, i) if MDX_STATEMENT_START.match(line) else i + 1
            remember_export(self, "\n".join(lines[i:end]))
            more = f" (and {end - i - 1} more line{'s' if end - i > 2 else ''})" if end - i > 1 else ""
            self.drop(f"the MDX line {stripped[:60]!r}{more} (JSX components are not Markdown)")
            return end
        context = "table" if stripped.startswith("|") else "heading" if heading else "paragraph"
        converted = convert_inline(line, self.hooks.inline, context)
        anchors, self.hooks.inline.anchors[:] = list(self.hooks.inline.anchors), []
        for anchor in anchors:
            name = self.hooks.target(anchor)
            out += ["", f"({name})="]
            self.note(f"the HTML anchor {anchor!r} → the MyST target ({name})=")
        if anchors and converted.strip():
            out.append("")
        out.extend(converted.split("\n") if converted.strip() or not anchors else [])
        return i + 1

    def _code(self, lines: list[str], i: int, out: list[str], fence: re.Match[str]) -> int:
        indent, marks, language, rest = fence[1], fence[2], fence[3], fence[4]
        closing = re.compile(rf"^\s*{re.escape(marks[0])}{{{len(marks)},}}\s*$")
        inside, end, _ = until(lines, i + 1, closing)
        if language == "mdx-code-block":  # Docusaurus: MDX that Markdown editors show as code (its imports …)
            self.note("Docusaurus' mdx-code-block fence → its content read as the page's")
            out += self.convert(textwrap.dedent("\n".join(inside)).split("\n"), nested=bool(indent))
            return end
        if inside and all(_FILE_INSERT.match(line) or not line.strip() for line in inside):
            self.drop(f"a code block holding only {inside[0].strip()[:80]!r}: a file pasted in at build time from "
                      "outside the pages; paste the code itself if readers need it")
            return end
        if language and not language.startswith("{") and not _known_language(language.lower()):
            self.note(f"the code block's language {language!r} is unknown to the highlighter: written as text")
            language = "text"
        elif language and not language.startswith("{") and not lexes_cleanly(language.lower(), "\n".join(inside)):
            self.note(f"a code block the highlighter cannot read as {language!r} (the build would warn): written "
                      "as text")
            language = "text"
        out.append(f"{indent}{marks}{language}{rest}")
        i += 1
        while i < len(lines):
            out.append(lines[i])
            if closing.match(lines[i]):
                return i + 1
            i += 1
        return i

    def _slash_block(self, lines: list[str], i: int) -> tuple[re.Match[str], list[str], int]:
        match = _SLASH_BLOCK.match(lines[i].strip())
        assert match is not None
        end = re.compile(rf"^\s*{match['slashes']}\s*$")
        body, j, closed = until(lines, i + 1, end)
        options = 0
        while options < len(body) and re.match(r"^ {4,}[\w-]+:", body[options]):
            options += 1  # the block's YAML options (type:, open: …), indented under its first line
        if options:
            self.note(f"the options of '{lines[i].strip()}' ({body[0].strip()} …) dropped: kbgen's block has none")
            body = body[options:]
        if not closed:
            self.hooks.entry.check.append(f"'{lines[i].strip()}' is never closed: the rest of the page is inside it")
        return match, body, j

    def _slash_blocks(self, lines: list[str], i: int, out: list[str]) -> int:
        match, body, i = self._slash_block(lines, i)
        kind, title = match["kind"].lower(), match["title"]
        if kind == "tab":
            items = self.block("tab-item", title or "Aba", self.convert(body, nested=True))
            while True:  # the tabs that follow, blank lines between, are the same tab set
                j = i
                while j < len(lines) and not lines[j].strip():
                    j += 1
                following = _SLASH_BLOCK.match(lines[j].strip()) if j < len(lines) else None
                if not following or following["kind"].lower() != "tab":
                    break
                match, body, i = self._slash_block(lines, j)
                items += self.block("tab-item", match["title"] or "Aba", self.convert(body, nested=True))
            out += self.block("tab-set", "", items)
            self.note("MkDocs' /// tab blocks → a tab-set")
        elif kind == "details":
            out += self.block("dropdown", title or "Detalhes", self.convert(body, nested=True))
            self.note("MkDocs' /// details → a dropdown")
        elif kind in _KINDS or kind == "admonition":
            name, argument, options = admonition(kind if kind in _KINDS else "note", title)
            out += self.block(name, argument, self.convert(body, nested=True), options)
            self.note(f"MkDocs' /// {kind} → {{{name}}}")
        else:
            out += self.convert(body, nested=False)
            self.drop(f"MkDocs' /// {kind} block markers (kbgen has no equivalent); its text was kept")
        return i

    def _details(self, lines: list[str], i: int, out: list[str]) -> int:
        depth, body, j = 0, [], i
        while j < len(lines):
            depth += len(re.findall(r"<details\b", lines[j], re.I)) - len(re.findall(r"</details>", lines[j], re.I))
            body.append(lines[j])
            j += 1
            if depth <= 0:
                break
        text = "\n".join(body)
        summary = _SUMMARY.search(text)
        title = " ".join(re.sub(r"<[^>]+>", "", summary[1]).split()) if summary else "Detalhes"
        text = _SUMMARY.sub("", text, count=1)
        text = re.sub(r"^\s*<details\b[^>]*>", "", text, count=1, flags=re.I)
        text = re.sub(r"</details>\s*$", "", text.rstrip(), flags=re.I)
        inner = self.convert(textwrap.dedent(text).split("\n"), nested=True)
        out += self.block("dropdown", convert_inline(title, self.hooks.inline, "heading"), inner)
        self.note(f"<details> {title!r} → a dropdown")
        return j

    def _html_block(self, lines: list[str], i: int, out: list[str]) -> int:
        block, j = [], i
        while j < len(lines) and lines[j].strip():
            block.append(lines[j])
            j += 1
        html = "\n".join(block)
        hooks = Hooks(self.hooks.html_link, self.hooks.html_image, lambda element: None, self.hooks.entry)
        converted = str(MystConverter(hooks).body(html)).strip()
        tag = re.match(r"^\s*<([A-Za-z0-9]+)", html)
        self.note(f"an HTML <{tag[1].lower() if tag else '?'}> block → Markdown")
        out += ["", *converted.split("\n"), ""]
        return j
