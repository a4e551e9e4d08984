"""``kbgen import docx``: a Word manual (.docx) → a content folder with one set, one module, and one
article per heading of the split level (lower headings become the article's sections).

kbgen.importers.word.reading reads the file (mammoth → semantic HTML, the pictures with their
descriptions, what mammoth drops); .structure tidies Word's habits and cuts the document at the
headings; .places names the set, module and articles; .hooks says where links and pictures lead;
.build converts each article (through the shared HTML → MyST converter) and writes the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from kbgen.importers.failures import ImportFailed, support_email
from kbgen.importers.word.build import build_tree
from kbgen.importers.word.places import Names
from kbgen.importers.word.reading import read_docx
from kbgen.importers.writer import ImportResult
from kbgen.text import slugify
from kbgen.urls import slug_problem

_TITLE_MAX = 300  # kbgen.validation.short_text


@dataclass
class DocxOptions:
    source: Path
    set_title: str
    module_title: str
    email: str | None = None
    split_level: int = 1


def _names(options: DocxOptions) -> Names:
    slugs = []
    for flag, title in (("--set", options.set_title), ("--module", options.module_title)):
        title = " ".join(title.split())
        slug = slugify(title)
        problem = slug_problem(slug) if slug else "it has no letter or digit to make a folder name from"
        if len(title) > _TITLE_MAX:
            problem = f"a title has at most {_TITLE_MAX} characters, this one {len(title)}"
        if problem:
            raise ImportFailed(f"{flag} {title!r}: {problem}; give a title such as 'Nota Fiscal Eletrônica'")
        slugs.append((title, slug))
    (set_title, set_slug), (module_title, module_slug) = slugs
    return Names(set_title, set_slug, module_title, module_slug)


def convert_docx(options: DocxOptions) -> ImportResult:
    """Read and convert the whole document (ImportFailed on bad input; nothing is written here)."""
    address = support_email(options.email, one_set=True)
    names = _names(options)
    # mammoth reads the whole file in one call (seconds for a long manual): say so before the bar
    click.echo(f"Reading {options.source.name} …", err=True)
    document = read_docx(options.source)
    return build_tree(document, names, address, options.split_level, str(options.source))
