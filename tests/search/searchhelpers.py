"""Helpers for the search tests: a crude Markdown → SearchDocument reader and the built fixture.

The reader only has to give the index realistic text; the real extraction is done by the Sphinx
side. (Node is driven through tests/node_bridge.py, the ``node`` fixture of tests/conftest.py.)
A module with its own name, not conftest, so ``from searchhelpers import …`` never picks up
another folder's conftest.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kbgen.search.index import SearchDocument

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CONTENT = REPO / "content"
FIXTURE_CONTENT = HERE / "fixtures" / "content"
DICTIONARY = Path("/usr/share/dict/brazilian")

_ASSIGNMENT = re.compile(r"d\.(\w+)=(.*);\}\(typeof window", re.S)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MARKUP = re.compile(r"\*\*|__|`|^\s*:::.*$|^\s*[-*+]\s|^\s*\d+\.\s|^\|[-| :]+\|$|^\s*>\s?", re.M)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def markdown_documents(root: Path) -> list[SearchDocument]:
    """Every ``<set>/<module>/<article>.md`` under ``root`` as a SearchDocument."""
    docs = []
    for path in sorted(root.glob("*/*/*.md")):
        module_dir, set_dir = path.parent, path.parent.parent
        if set_dir.name.startswith("_") or module_dir.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        meta: dict[str, Any] = {}
        match = _FRONT_MATTER.match(text)
        if match:
            loaded = yaml.safe_load(match.group(1))
            meta = loaded if isinstance(loaded, dict) else {}
            text = text[match.end() :]
        body_lines, headings = [], []
        for line in _LINK.sub(r"\1", text).splitlines():
            if line.startswith("#"):
                headings.append(line.lstrip("#").strip())
            else:
                body_lines.append(_MARKUP.sub(" ", line).replace("|", " "))
        tags = meta.get("tags") or []
        docs.append(
            SearchDocument(
                url=f"{set_dir.name}/{module_dir.name}/{path.stem}.html",
                title=str(meta.get("title", path.stem)),
                set_title=str(_yaml(set_dir / "_set.yml").get("title", set_dir.name)),
                module_title=str(_yaml(module_dir / "_module.yml").get("title", module_dir.name)),
                tags=tuple(str(tag) for tag in (tags if isinstance(tags, list) else [tags])),
                description=str(meta.get("description") or ""),
                headings=tuple(headings),
                body=" ".join(" ".join(body_lines).split()),
            )
        )
    return docs


@dataclass(frozen=True)
class BuiltSite:
    """The fixture articles indexed and written out, with helpers to name results."""

    docs: list[SearchDocument]
    files: dict[str, str]  # file name → path on disk

    def paths(self, *names: str) -> list[str]:
        return [self.files[name] for name in names]

    def url(self, ref: int | str) -> str:
        return self.docs[int(ref)].url


def script_value(path: Path) -> Any:
    """The JSON value a whole-index file assigns (``build_indexes(whole=True)``, jsdata.js_assignment)."""
    match = _ASSIGNMENT.search(path.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{path} is not a kbgen search data file")
    return json.loads(match.group(2))
