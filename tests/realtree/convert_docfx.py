"""Convert a DocFX folder of Markdown articles into kbgen's layout, mechanically, as a team would on day one.

    python tests/realtree/convert_docfx.py <docfx-folder> <content-folder> [--set-title T] [--email E]

What it does, and nothing more (every other problem is left for ``kbgen check`` to report):

* ``kb.yml``, one set (``_set.yml``: the folder's name as title, a placeholder e-mail) and one module
  (``_module.yml``): a DocFX docset is one flat folder of articles, where kbgen needs set/module/article;
* each ``*.md`` but ``TOC.md``/``index.md`` becomes ``<set>/<module>/<name>.md``, its name lower-cased
  (kbgen's article names are lower-case slugs);
* front matter: ``title`` and ``description`` are kept, DocFX's publishing metadata (``ms.*``,
  ``author``, ``keywords`` …) is dropped — kbgen refuses keys it does not know; the body is untouched;
* ``includes/`` becomes ``_includes/`` (shared fragments), ``media/`` is copied next to the articles.

Standard library only, so it runs anywhere a team has Python.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

KEPT_KEYS = ("title", "description")
SKIPPED = {"toc.md", "index.md"}
SET_SLUG = "documentacao"
MODULE_SLUG = "artigos"


def _front_matter(text: str) -> tuple[list[str], str]:
    """(the front matter's lines, the body) — ([], text) without front matter."""
    if not text.startswith("---\n"):
        return [], text
    end = text.find("\n---\n", 4)
    if end < 0:
        return [], text
    return text[4:end].splitlines(), text[end + 5:]


def _kept(lines: list[str]) -> list[str]:
    """The kept keys' lines (one line each in DocFX's metadata), empty values left out."""
    kept = []
    for line in lines:
        match = re.match(r"^([A-Za-z_.]+):\s*(.*)$", line)
        if match and match[1] in KEPT_KEYS and match[2].strip() not in ("", "''", '""'):
            kept.append(line)
    return kept


def convert_article(text: str) -> str:
    lines, body = _front_matter(text)
    kept = _kept(lines)
    if not lines:
        return text
    return "---\n" + "".join(f"{line}\n" for line in kept) + "---\n" + body


def convert(source: Path, content: Path, set_title: str, email: str) -> list[str]:
    """Write ``content`` from the DocFX folder ``source``; return the articles' content-relative paths."""
    module = content / SET_SLUG / MODULE_SLUG
    module.mkdir(parents=True, exist_ok=True)
    (content / "kb.yml").write_text(f"title: {set_title}\nlanguage: pt_BR\n", encoding="utf-8")
    (content / SET_SLUG / "_set.yml").write_text(f"title: {set_title}\nemail: {email}\n", encoding="utf-8")
    (module / "_module.yml").write_text("title: Artigos\n", encoding="utf-8")
    written = []
    for path in sorted(source.glob("*.md")):
        if path.name.lower() in SKIPPED:
            continue
        target = module / path.name.lower()
        target.write_text(convert_article(path.read_text(encoding="utf-8-sig")), encoding="utf-8")
        written.append(str(target.relative_to(content)))
    if (source / "includes").is_dir():
        shutil.copytree(source / "includes", content / "_includes", dirs_exist_ok=True)
    if (source / "media").is_dir():
        shutil.copytree(source / "media", module / "media", dirs_exist_ok=True)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("content", type=Path)
    parser.add_argument("--set-title", default="Documentação")
    parser.add_argument("--email", default="suporte@example.org")
    args = parser.parse_args(argv)
    written = convert(args.source, args.content, args.set_title, args.email)
    print(f"{len(written)} articles written to {args.content}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
