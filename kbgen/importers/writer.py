"""The imported content folder, held in memory until the whole source converted, then written.

Deterministic by construction: files are kept by their relative POSIX path and written in sorted
order; YAML is dumped with one fixed style (keys in the order the importer gives them, no line
folding, Unicode kept); text is UTF-8 with LF line ends. Nothing is written before the whole
source converted, so a failure half-way never leaves a half-imported folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kbgen.importers.report import MigrationReport
from kbgen.importers.target import MARKER, clear_earlier_import, marker_text


def yaml_text(values: dict[str, Any]) -> str:
    """``values`` as block YAML, keys in the given order, one line per scalar, Unicode kept."""
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=float("inf"),
                          default_flow_style=False)


def article_text(front: dict[str, Any], body: str) -> str:
    """An article: the front matter between ``---`` lines, a blank line, the body ending in one newline."""
    return f"---\n{yaml_text(front)}---\n\n{body.strip()}\n"


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class ImportedTree:
    """Relative path → bytes of every file the import writes."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add_text(self, path: str, text: str) -> None:
        self.add_bytes(path, _lf(text).encode("utf-8"))

    def add_yaml(self, path: str, values: dict[str, Any]) -> None:
        self.add_text(path, yaml_text(values))

    def add_bytes(self, path: str, data: bytes) -> None:
        if path in self.files and self.files[path] != data:
            raise ValueError(f"two different files at {path}")  # an importer bug: names are made unique
        self.files[path] = data

    def __contains__(self, path: object) -> bool:
        return path in self.files

    def plan(self) -> list[str]:
        """The sorted list of files, with their sizes, for ``--dry-run``."""
        return [f"{name} ({len(self.files[name])} bytes)" for name in sorted(self.files)]

    def write(self, out: Path) -> None:
        """Write every file into ``out`` (checked by ``target.check_target``), the marker first."""
        clear_earlier_import(out)
        (out / MARKER).write_text(marker_text(self.files), encoding="utf-8")
        for name in sorted(self.files):
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self.files[name])


@dataclass
class ImportResult:
    """What a converter returns: the whole folder, and the report of how it was made."""

    tree: ImportedTree
    report: MigrationReport
