"""Maintainer tool: extract kbgen's reader-facing strings into ``kbgen/locale/kbgen.pot``.

One catalogue for Python, Jinja templates and JavaScript. Message ids are the pt-BR text
(the default language); other languages translate them in ``locale/<lang>/LC_MESSAGES/kbgen.po``.
Run ``python -m kbgen.i18n`` after changing a string; .mo files are compiled at package build.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

PACKAGE = Path(__file__).resolve().parent
POT = PACKAGE / "locale" / "kbgen.pot"
METHODS = [
    ("theme/**.html", "jinja2.ext:babel_extract"),
    ("**/static/**.js", "javascript"),
    ("**.py", "python"),
]
KEYWORDS = {"_": None, "ngettext": (1, 2), "gettext": None}


def extract() -> Catalog:
    catalog = Catalog(project="kbgen", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), METHODS, keywords=KEYWORDS, options_map={"theme/**.html": {"extensions": "jinja2.ext.i18n"}},
        strip_comment_tags=True,
    ):
        if PACKAGE.name + "/i18n.py" in filename:
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, sort_output=True, no_location=True, width=100)
    return buffer.getvalue()


def main() -> None:
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(render(extract()))
    print(f"wrote {POT}")


if __name__ == "__main__":
    main()
