"""Running measured subprocesses: wall time, peak memory, time-outs, peer tools."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

APT_TIMEOUT: Final = 300
SAMPLE_EVERY: Final = 0.02


TREE_EVERY: Final = 10
"""Samples between two looks for the process's descendants (parse workers)."""


def _status_fields(pid: int, names: tuple[str, ...]) -> dict[str, int] | None:
    """Some ``/proc/PID/status`` fields, in bytes (None when the process is gone)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name in names:
            fields[name] = int(value.split()[0]) * 1024
    return fields


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` now (from every ``/proc/N/stat``)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


class _Peaks(threading.Thread):
    """Samples a process (and its descendants) until it ends.

    ``rss``: the largest ``VmHWM`` (the high-water mark of resident memory since the
    process's ``exec``) of the process and its descendants. Not ``wait4``'s
    ``ru_maxrss``: Linux counts in it the memory of the parent at the fork, so a
    ``/bin/true`` started by a benchmark holding 500 MB (the paths of a million files)
    reports 500 MB. ``anon``: the peak ``RssAnon`` of the process itself (its heap, not
    the pages of files it maps, which the kernel may drop at any time).
    """

    def __init__(self, pid: int, command: Sequence[str]) -> None:
        super().__init__(daemon=True)
        self._pid = pid
        self._cmdline = ("\0".join(command) + "\0").encode()
        self.rss = 0
        self.anon = 0
        self.done = threading.Event()

    def _execed(self) -> bool:
        """Whether the process runs the command yet (before, it is a copy of this one).

        Its argument list ends with the command's: a script's ``#!`` puts the
        interpreter before it.
        """
        try:
            cmdline = Path(f"/proc/{self._pid}/cmdline").read_bytes()
        except OSError:
            return False
        return cmdline.endswith(self._cmdline) and (
            len(cmdline) == len(self._cmdline) or cmdline[-len(self._cmdline) - 1] == 0
        )

    def run(self) -> None:
        tree: set[int] = set()
        samples = 0
        while not self.done.wait(SAMPLE_EVERY):
            if not self._execed():
                if _status_fields(self._pid, ()) is None:
                    return
                continue
            if samples % TREE_EVERY == 0:
                tree = _descendants(self._pid)
            samples += 1
            own = _status_fields(self._pid, ("VmHWM", "RssAnon"))
            if own is None:
                return
            self.anon = max(self.anon, own.get("RssAnon", 0))
            self.rss = max(self.rss, own.get("VmHWM", 0))
            for pid in list(tree):
                theirs = _status_fields(pid, ("VmHWM",))
                if theirs is None:
                    tree.discard(pid)
                else:
                    self.rss = max(self.rss, theirs.get("VmHWM", 0))


@dataclass(frozen=True)
class Measured:
    """How one subprocess ran."""

    returncode: int
    seconds: float
    max_rss: int
    """Peak resident set size of that process or of one of its descendants, in bytes
    (sampled from ``/proc``; ``wait4``'s where there is no ``/proc``)."""
    stdout: str
    stderr: str
    timed_out: bool = False
    max_anon: int = 0
    """Peak of its anonymous memory (heap, not mapped files), sampled every
    :data:`SAMPLE_EVERY` seconds from ``/proc`` (0 where there is none)."""

    def last_error_line(self) -> str:
        """The most telling line of stderr, for an ``error: …`` cell."""
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        if self.timed_out:
            return "timed out"
        return lines[-1] if lines else f"exit status {self.returncode}"


def run_measured(
    command: Sequence[str | Path],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 600,
    cwd: Path | None = None,
) -> Measured:
    """Run ``command`` to completion; its own wall time and peak RSS (see :class:`_Peaks`).

    Output goes to files so a chatty child cannot block on a full pipe. On time-out the
    child's whole process group is killed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        sampler = _Peaks(process.pid, [str(part) for part in command])
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            sampler.done.set()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            returncode=process.returncode,
            seconds=seconds,
            # (ru_maxrss is in kilobytes on Linux, and counts the parent at the fork.)
            max_rss=sampler.rss or usage.ru_maxrss * 1024,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=expired.is_set(),
            max_anon=sampler.anon,
        )


def ensure_tool(command: str, package: str, log: list[str]) -> str | None:
    """The path of ``command``, installing Debian's ``package`` when it is missing."""
    found = shutil.which(command)
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None:
        log.append(f"{command}: missing and no apt-get to install {package}")
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [apt, "install", "-y", "-q", package]
    # A fresh machine may have no package lists yet: update only when install fails.
    for attempt in (install, [apt, "update", "-q"], install):
        print(f"bench: {' '.join(attempt)}", file=sys.stderr)
        try:
            result = subprocess.run(
                attempt, env=env, capture_output=True, text=True, timeout=APT_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            log.append(f"{command}: {' '.join(attempt[1:2])} failed: {error}")
            return None
        if attempt is install and result.returncode == 0:
            break
    found = shutil.which(command)
    if found is None:
        log.append(f"{command}: could not install {package}; its peer figures show n/a")
    return found


def python_env(repo: Path, scratch: Path) -> dict[str, str]:
    """The environment of every measured process: our tree first, state in ``scratch``.

    Our modules' bytecode is written first, as ``pip install`` does: with
    ``PYTHONDONTWRITEBYTECODE`` set (as on some machines) every process would compile
    them again, 0.2 s that no installed copy pays.
    """
    import compileall

    compileall.compile_dir(repo / "src", quiet=1)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    paths = [str(repo / "src"), str(repo / "benchmarks")]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    for name in ("CACHE", "DATA", "CONFIG"):
        folder = scratch / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"BROADSHEET_{name}_DIR"] = str(folder)
    # Textual and Rich must not colour or animate anything we time.
    env.update({"NO_COLOR": "1", "TEXTUAL_ANIMATIONS": "none", "TERM": "xterm-256color"})
    return env


def broadsheet_command() -> list[str]:
    """How a user starts broadsheet: the console script next to our Python, else ``-m``."""
    script = Path(sys.executable).with_name("broadsheet")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "broadsheet"]
