"""Links to bookmarks, resolved once every article is converted: to the section that holds the
bookmark when MyST gives that section an anchor, else to the article.

Word's cross-references and hand-made contents point at bookmarks — most often one Word puts on a
heading (``_Toc…``, ``_Ref…``). While converting, such a link is left as ``[text](kbgen-bookmark:NAME)``;
here it becomes ``other.md#section`` / ``#section`` (a section of this article), ``other.md`` (a
bookmark in running text, or a heading without a reliable anchor), or its text alone (a bookmark
in this article's own text: the reader is already there). Anchors are the ones myst-parser makes
(``myst_heading_anchors: 3`` in kbgen/sphinx_ext/config.py: ``##`` and ``###`` sections), with its
own slug function, and only when the slug is unique in the page: a wrong anchor is a build warning.
"""

from __future__ import annotations

import re
from collections import Counter

from kbgen.importers.word.places import Article, Plan

try:  # myst-parser 5.2 has one module for slugs; 5.0 and 5.1 keep the same function in the renderer
    from myst_parser.slugs import github_slugify as myst_slug
except ImportError:  # pragma: no cover - depends on the installed myst-parser
    from myst_parser.mdit_to_docutils.base import default_slugify as myst_slug

BOOKMARK = "kbgen-bookmark:"
_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(" + re.escape(BOOKMARK) + r"([^)\s]+)\)")
_SECTION = re.compile(r"^(#{2,3}) (.+?)\s*$", re.M)
_MARKUP = re.compile(r"[*_`\[\]\\<>]")


def anchors(article: Article, body: str) -> dict[str, str]:
    """Section text → its anchor, for the sections whose anchor is certain (plain text, unique slug)."""
    sections = [m.group(2) for m in _SECTION.finditer(body)]
    slugs = Counter([myst_slug(article.title), *(myst_slug(text) for text in sections)])
    return {text: myst_slug(text) for text in sections
            if not _MARKUP.search(text) and myst_slug(text) and slugs[myst_slug(text)] == 1}


def link_bookmarks(article: Article, body: str, plan: Plan, sections: dict[str, dict[str, str]]) -> str:
    """``body`` with its bookmark links made final (``sections``: article path → anchors())."""
    def final(match: re.Match[str]) -> str:
        text, name = match.group(1), match.group(2)
        target = plan.bookmarks[name]
        heading = plan.headings.get(name)
        anchor = sections[target.path].get(heading) if heading else None
        if target is article and anchor is None:
            article.entry.check.append(f"the link {text!r} pointed inside this same article (bookmark {name!r}): "
                                       "its text was kept")
            return text
        href = ("" if target is article else target.path) + (f"#{anchor}" if anchor else "")
        article.entry.converted.append(f"the link {text!r} to the bookmark {name!r} → {href}")
        return f"[{text}]({href})"
    return _LINK.sub(final, body)
