"""Who may import whom among the repository's top-level packages, read from the source (AST).

``kbgen`` is the product: it imports none of the folders that measure or check it. ``tests`` and
``bench`` never import each other, so the benchmarks can change without breaking the suite and the
suite never runs benchmark code by accident; what both need lives in neutral packages that import
neither (``sitegen``: the generated help centers; ``search_eval``: the judged query set). The
benchmarks' own tests live in ``bench/tests/``. A module named as a string (``python -m bench.x``
in a subprocess, ``importlib.import_module``) counts as an import.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO

FORBIDDEN: dict[str, frozenset[str]] = {
    "kbgen": frozenset({"tests", "bench", "sitegen", "search_eval"}),
    "tests": frozenset({"bench"}),
    "bench": frozenset({"tests"}),
    "sitegen": frozenset({"tests", "bench", "search_eval"}),
    "search_eval": frozenset({"tests", "bench", "sitegen"}),
}
SKIPPED = {"out", ".venv-tools", "node_modules", "__pycache__", "_vendor"}
MODULE_PATH = re.compile(r"[A-Za-z_]\w*(\.\w+)+")


def python_files(package: str) -> list[Path]:
    return sorted(p for p in (REPO / package).rglob("*.py") if not SKIPPED & set(p.relative_to(REPO).parts))


def imported_modules(path: Path, root: Path = REPO) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for every import of a file, relative ones made absolute, and every string
    that is a dotted module path (``"bench.search.sites"``)."""
    package = list(path.relative_to(root).parent.parts)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            yield node.lineno, ".".join([*base, *([node.module] if node.module else [])])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and MODULE_PATH.fullmatch(node.value):
            yield node.lineno, node.value


def violations(package: str, root: Path = REPO, files: list[Path] | None = None) -> list[str]:
    found = []
    for path in files if files is not None else python_files(package):
        for line, module in sorted(imported_modules(path, root)):
            if module.split(".")[0] in FORBIDDEN[package]:
                found.append(f"{path.relative_to(root)}:{line}: {module}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_forbidden_import(package: str) -> None:
    if not (REPO / package).is_dir():
        pytest.skip(f"no {package}/ in this tree (the sdist carries no bench/)")
    assert python_files(package), f"no Python file found under {package}/"
    assert not violations(package), f"{package} must not import {sorted(FORBIDDEN[package])}"


def test_the_scan_sees_every_kind_of_import(tmp_path: Path) -> None:
    module = tmp_path / "tests" / "sub" / "test_x.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "import bench.build.run\n"
        "from bench.search import sites\n"
        "from ..bench_like import x\n"  # tests.bench_like: allowed
        "def f():\n"
        "    from bench import paths\n"  # inside a function
        "    run(['python', '-m', 'bench.build.run'])\n"
        "    node('bench', {})\n",  # a bare word is not a module path
        encoding="utf-8",
    )
    assert violations("tests", tmp_path, [module]) == [
        "tests/sub/test_x.py:1: bench.build.run",
        "tests/sub/test_x.py:2: bench.search",
        "tests/sub/test_x.py:5: bench",
        "tests/sub/test_x.py:6: bench.build.run",
    ]
