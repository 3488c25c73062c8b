"""No process outlives its command: parse workers die with the `broadsheet` that started them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

FILES = 900
"""Enough files for the scan to use worker processes, and to run for a while."""


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def _library(root: Path) -> Path:
    root.mkdir()
    paragraph = "户籍窗口的工作人员认真负责。 The quick brown fox jumps over the lazy dog. " * 40
    for number in range(FILES):
        (root / f"{number:04d}.md").write_text(
            f"---\ntitle: 第 {number} 篇\ndate: 2020-01-01\n---\n{paragraph}\n", encoding="utf-8"
        )
    return root


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_killing_an_index_run_leaves_no_process(tmp_path: Path, signum: int) -> None:
    library = _library(tmp_path / "many")
    process = subprocess.Popen(
        [sys.executable, "-m", "broadsheet", "index", "-L", str(library)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    children: list[int] = []
    try:
        # The workers and the resource tracker: three children while the scan parses.
        assert _wait_for(lambda: len(_children(process.pid)) >= 3, 60), "no workers started"
        children = _children(process.pid)
        os.kill(process.pid, signum)
        process.wait(10)
        assert _wait_for(lambda: not any(map(_alive, children)), 10), "a worker outlived it"
    finally:
        process.kill()
        process.wait()
        for child in filter(_alive, children):  # a failed test leaves nothing behind
            os.kill(child, signal.SIGKILL)
    assert process.stderr is not None
    assert b"leaked" not in process.stderr.read()


def test_a_worker_notices_its_parent_is_gone_without_the_kernel(tmp_path: Path) -> None:
    """The portable fallback: a worker whose parent ends is handed to another and exits."""
    script = (
        "import os, sys\n"
        "from broadsheet.library import workers\n"
        # Taken before the fork: the parent may be gone before the child could ask.
        "parent = os.getpid()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    null = os.open(os.devnull, os.O_WRONLY)\n"
        "    os.dup2(null, 1)\n"
        "    os.dup2(null, 2)\n"
        "    workers._watch_parent(parent)\n"
        "else:\n"
        "    print(pid, flush=True)\n"
        "    os._exit(0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    orphan = int(result.stdout)
    assert _wait_for(lambda: not _alive(orphan), 20)
