"""The layers of kbgen/ hold by construction: no import cycle (imports inside functions included),
each layer imports only from the layers below it, and no module grows past ~350 lines.

Layers, bottom up (docs/architecture.md):

* plumbing — the modules at the top of ``kbgen/`` (errors, text, URLs, YAML, the validation toolkit …);
* the typed model — ``kbgen/model.py``;
* features on the model — ``kbgen/search/``, ``kbgen/handoff/``, ``kbgen/pageviews/``, none importing another;
* loading and validation — ``kbgen/loading/``: from a content folder to the model and its problems;
* the Sphinx extension — ``kbgen/sphinx_ext/``, and ``kbgen/analytics/`` (the dashboard: log features
  and the content's rules together, no Sphinx);
* the commands — ``kbgen/commands/``, ``cli.py`` and the maintainer tools.

Imports under ``if TYPE_CHECKING:`` are annotations, never run: they are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kbgen"
MAX_LINES = 350
FEATURES = ("kbgen.search", "kbgen.handoff", "kbgen.pageviews", "kbgen.importers")
TOOLS = ("kbgen.cli", "kbgen.__main__", "kbgen.docsgen", "kbgen.i18n")


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_vendor" in path.parts:
            continue
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, package: str) -> set[str]:
    """Every module name an import statement anywhere in ``tree`` may load (a name imported from a
    module may be a submodule)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the kbgen modules it imports. A package's own ``__init__`` is left out of its
    modules' edges: Python runs it before them, whatever they import."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges = set()
        for target in _imports(ast.parse(path.read_text(encoding="utf-8")), package):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                edges.add(target)
        graph[name] = edges
    return graph


def layer_of(module: str) -> int:
    if module.startswith("kbgen.commands") or module in TOOLS:
        return 5
    if module.startswith(("kbgen.sphinx_ext", "kbgen.analytics")):
        return 4
    if module.startswith("kbgen.loading"):
        return 3
    if module.startswith(FEATURES):
        return 2
    if module == "kbgen.model":
        return 1
    return 0


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_no_import_cycle() -> None:
    cycle = _cycle(import_graph())
    assert cycle is None, " → ".join(cycle or ())


def test_each_layer_imports_only_from_below() -> None:
    wrong = []
    for module, targets in sorted(import_graph().items()):
        for target in sorted(targets):
            if layer_of(target) > layer_of(module):
                wrong.append(f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})")
            feature = next((f for f in FEATURES if module.startswith(f)), None)
            if feature and target.startswith(FEATURES) and not target.startswith(feature):
                wrong.append(f"{module} imports another feature: {target}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("module", sorted(_modules()))
def test_no_module_is_too_long(module: str) -> None:
    lines = len(_modules()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module}: {lines} lines; split it by job (at most {MAX_LINES})"


def test_the_graph_sees_imports_inside_functions(tmp_path: Path) -> None:
    tree = ast.parse("def f():\n    from kbgen.model import Site\nif TYPE_CHECKING:\n    import kbgen.cli\n")
    assert _imports(tree, "kbgen") == {"kbgen.model", "kbgen.model.Site"}


def test_the_commands_start_without_sphinx() -> None:
    """Sphinx is imported when a build starts, not when a command module is: ``kbgen new``, an
    invalid site's report and ``--help`` stay quick (modules of ``kbgen.sphinx_ext`` may be imported)."""
    import subprocess
    import sys

    code = ("import sys, kbgen.cli, kbgen.commands.build, kbgen.commands.check, kbgen.commands.new, "
            "kbgen.commands.serve; print('sphinx.application' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=PACKAGE.parent)
    assert done.stdout.strip() == "False"
