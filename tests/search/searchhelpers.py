"""Helpers for the search tests: a crude Markdown → SearchDocument reader and a Node runner.

The reader only has to give the index realistic text; the real extraction is done by the Sphinx
side. The Node runner drives the shipped JS through ``run_js.js`` (JSON in, JSON out). A module
with its own name, not conftest, so ``from searchhelpers import …`` never picks up another
folder's conftest.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kbgen.search.index import SearchDocument

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CONTENT = REPO / "content"
FIXTURE_CONTENT = HERE / "fixtures" / "content"
RUNNER = HERE / "run_js.js"
DICTIONARY = Path("/usr/share/dict/brazilian")

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


class NodeRunner:
    """``node(command, payload)`` runs ``run_js.js command`` with JSON on stdin and returns its
    JSON; ``node.start(...)`` does the same in the background and returns a function to wait."""

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def start(self, command: str, payload: Any) -> Callable[[], Any]:
        process = subprocess.Popen(
            [self.executable, str(RUNNER), command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        outcome: dict[str, str] = {}

        def talk() -> None:  # feeds stdin and drains stdout/stderr while the caller works
            outcome["stdout"], outcome["stderr"] = process.communicate(json.dumps(payload, ensure_ascii=False))

        thread = threading.Thread(target=talk, daemon=True)
        thread.start()

        def wait() -> Any:
            thread.join(timeout=120)
            if thread.is_alive():
                process.kill()
                raise AssertionError(f"node {command} timed out")
            if process.returncode != 0:
                raise AssertionError(f"node {command} failed ({process.returncode}):\n{outcome.get('stderr')}")
            return json.loads(outcome["stdout"])

        return wait

    def __call__(self, command: str, payload: Any) -> Any:
        return self.start(command, payload)()


def node_runner(executable: str) -> NodeRunner:
    return NodeRunner(executable)


@dataclass(frozen=True)
class BuiltSite:
    """The fixture articles indexed and written out, with helpers to name results."""

    docs: list[SearchDocument]
    files: dict[str, str]  # file name → path on disk

    def paths(self, *names: str) -> list[str]:
        return [self.files[name] for name in names]

    def url(self, ref: int | str) -> str:
        return self.docs[int(ref)].url
