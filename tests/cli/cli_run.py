"""Running ``broadsheet.cli.main([...])`` in-process for the CLI contract tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from broadsheet.cli import main


@dataclass(frozen=True)
class Run:
    """What one command wrote and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """The JSON document it printed."""
        return json.loads(self.out)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """``main(argv)`` in this process; an argparse exit becomes its exit code."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exit_info:
        code = exit_info.code if isinstance(exit_info.code, int) else 1
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)
