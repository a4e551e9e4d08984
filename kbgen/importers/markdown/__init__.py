"""``kbgen import markdown``: a Markdown documentation tree (DocFX, MkDocs, GitHub, Docusaurus) → a
content folder.

Mapping (issue 23): the first folder level → set, the second → module, deeper folders flattened
into modules of their own (kbgen.importers.markdown.layout); front matter reduced to kbgen's keys,
the title from the first ``#`` heading when missing (and that heading taken out: kbgen writes the
title as the page's heading); each tool's admonitions, tabs, includes, images and HTML → MyST
(kbgen.importers.markdown.blocks and .inline); images and attachments copied next to the article
through kbgen's allow-list; links between pages rewritten to the new paths, links and images to
files missing from the tree kept as text and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbgen.importers.failures import support_email
from kbgen.importers.markdown.build import convert_tree
from kbgen.importers.markdown.source import FLAVOURS, read_tree
from kbgen.importers.writer import ImportResult

__all__ = ["FLAVOURS", "MarkdownOptions", "convert_markdown"]


@dataclass
class MarkdownOptions:
    source: str
    email: str | None = None
    flavour: str = "auto"
    #: the import's --out: when it is inside SRC, it is not read as pages
    out: Path | None = None


def convert_markdown(options: MarkdownOptions) -> ImportResult:
    """Read and convert the whole tree (ImportFailed on bad input; nothing is written here)."""
    address = support_email(options.email)
    return convert_tree(read_tree(options.source, options.flavour, options.out), address)
