"""What an author does between two previews, applied identically to every tool's copy.

Every file touched is saved first, so :meth:`Edits.restore` puts the trees back as generated
before the next repetition (the full builds then compare the same content every time).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sitegen.generate import extra_article

FULL = "full"
BODY = "body-edit"
TITLE = "title-edit"
ADD = "add-article"
NOOP = "no-op"
FULL_J2 = "full-j2"

#: In the order they run within one repetition; each incremental one follows the previous build.
SCENARIOS = (FULL, BODY, TITLE, ADD, NOOP, FULL_J2)
INCREMENTAL = (BODY, TITLE, ADD, NOOP)


class Edits:
    def __init__(self, trees: Sequence[Path]):
        self.trees = list(trees)
        self.saved: dict[Path, bytes | None] = {}

    def _save(self, path: Path) -> None:
        if path not in self.saved:
            self.saved[path] = path.read_bytes() if path.exists() else None

    def edit_body(self, rel: str, count: int) -> None:
        """Append a paragraph, as an author fixing a step would."""
        for tree in self.trees:
            path = tree / rel
            self._save(path)
            text = path.read_text(encoding="utf-8")
            path.write_text(text + f"\nAtualização {count}: a tela agora confirma a operação com uma mensagem "
                                   "no canto superior e envia o comprovante por e-mail.\n", encoding="utf-8")

    def edit_title(self, rel: str, count: int) -> None:
        """Reword the title: every page that lists the article must follow."""
        for tree in self.trees:
            path = tree / rel
            self._save(path)
            lines = path.read_text(encoding="utf-8").split("\n")
            title = json.loads(lines[1].removeprefix("title: "))
            lines[1] = "title: " + json.dumps(f"{title.rstrip('?')} (revisado {count})?", ensure_ascii=False)
            path.write_text("\n".join(lines), encoding="utf-8")

    def add_article(self, content: Path, count: int) -> str:
        """Write one new article into every tree; return its path relative to the tree."""
        rel, text = extra_article(content, count)
        for tree in self.trees:
            path = tree / rel
            self._save(path)
            path.write_text(text, encoding="utf-8")
        return rel

    def restore(self) -> None:
        for path, data in self.saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        self.saved.clear()


def article_paths(content: Path) -> list[str]:
    return sorted(str(p.relative_to(content)) for p in content.glob("*/*/*.md"))


def pick(paths: Sequence[str], repeat: int, salt: int) -> str:
    """A different, fixed article for each repetition and scenario."""
    return paths[(repeat * 7919 + salt * 104729 + len(paths) // 2) % len(paths)]
