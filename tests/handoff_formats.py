"""What a rich-text editor shows of kbgen's HTML paragraphs (kbgen.handoff.builder.html_paragraphs):
the lines again, so tests can read Zendesk's tf_description and GLPI's long answer as text."""

from __future__ import annotations


def plain(html: str) -> str:
    """html_paragraphs undone: paragraphs become blank lines, <br> a line break, entities their text."""
    text = html.removeprefix("<p>").removesuffix("</p>").replace("</p><p>", "\n\n").replace("<br>", "\n")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0").replace("&amp;", "&")
