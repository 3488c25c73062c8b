"""No import cycle inside broadsheet.tui, counting imports inside functions (those under
``if TYPE_CHECKING:`` are for the type checker only and do not count)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

SOURCE = REPO_ROOT / "src" / "broadsheet"


def _module(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(("broadsheet", *parts)).removesuffix(".__init__")


def _graph() -> dict[str, set[str]]:
    modules = {_module(path): path for path in (SOURCE / "tui").rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}

    class Imports(ast.NodeVisitor):
        def __init__(self, name: str) -> None:
            self.name = name

        def visit_If(self, node: ast.If) -> None:
            test = node.test
            if getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == (
                "TYPE_CHECKING"
            ):
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module and node.module.startswith("broadsheet.tui"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    self._add(full if full in modules else node.module)

        def visit_Import(self, node: ast.Import) -> None:
            for alias in node.names:
                self._add(alias.name)

        def _add(self, target: str) -> None:
            if target in modules and target != self.name:
                graph[self.name].add(target)

    for name, path in modules.items():
        Imports(name).visit(ast.parse(path.read_text(encoding="utf-8")))
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_sees_function_level_imports() -> None:
    graph = _graph()
    assert "broadsheet.tui.screens.main" in graph["broadsheet.tui.app"]
    assert sum(len(targets) for targets in graph.values()) > 50


def test_no_import_cycle_inside_the_reader() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])
