"""Another process rebuilding a library's index, held half-way for as long as a test needs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_REBUILD = """
import sys
from pathlib import Path
from broadsheet.library.library import Library

library = Library(Path(sys.argv[1]))
held = []

def progress(done, total):
    if not held:  # the index is wiped, the new one not yet committed: wait to be told
        held.append(True)
        print("holding", flush=True)
        sys.stdin.readline()

report = library.refresh(progress, rebuild=True)
library.close()
print("done", report.indexed, flush=True)
"""


class Rebuilder:
    """A ``broadsheet``-like process in the middle of ``refresh(rebuild=True)``."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    @property
    def pid(self) -> int:
        """Its process id."""
        return self.process.pid

    def finish(self) -> str:
        """Let it commit the rebuilt index; what it said at the end."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        said = self.process.stdout.readline().strip()
        self.process.wait(60)
        return said


@contextmanager
def rebuilding(root: Path) -> Iterator[Rebuilder]:
    """Start rebuilding ``root``'s index in another process; yields once it holds the
    index's write lock with the index wiped (the environment's cache folder is used)."""
    process = subprocess.Popen(
        [sys.executable, "-c", _REBUILD, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "holding"
        yield Rebuilder(process)
    finally:
        process.kill()
        process.wait()
