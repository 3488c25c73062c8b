"""Import hygiene: data flows one way, library -> render -> tui/cli."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return {name.split(".")[0] for name in result.stdout.split()}


@pytest.mark.parametrize(
    "module",
    [
        "broadsheet.library",
        "broadsheet.library.library",
        "broadsheet.library.parse",
        "broadsheet.library.state",
        "broadsheet.library.search",
    ],
)
def test_library_imports_neither_textual_nor_rich(module: str) -> None:
    loaded = _loaded_after_import(module)
    assert "textual" not in loaded
    assert "rich" not in loaded


@pytest.mark.parametrize("module", ["broadsheet.render", "broadsheet.render.document"])
def test_render_does_not_import_textual(module: str) -> None:
    assert "textual" not in _loaded_after_import(module)


def test_search_command_does_not_load_the_ui() -> None:
    # `broadsheet search` must start fast: the CLI's import path stays free of Textual and Rich.
    loaded = _loaded_after_import("broadsheet.cli")
    assert "textual" not in loaded
    assert "rich" not in loaded
