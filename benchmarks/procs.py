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


class _AnonPeak(threading.Thread):
    """Samples a process's ``RssAnon`` until it ends: the RSS of ``wait4`` also counts
    the pages of files it maps (tantivy maps its segments), which the kernel may drop
    at any time."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self._status = Path(f"/proc/{pid}/status")
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_EVERY):
            try:
                text = self._status.read_text()
            except OSError:
                return
            for line in text.splitlines():
                if line.startswith("RssAnon:"):
                    self.peak = max(self.peak, int(line.split()[1]) * 1024)


@dataclass(frozen=True)
class Measured:
    """How one subprocess ran."""

    returncode: int
    seconds: float
    max_rss: int
    """Peak resident set size of that process alone, in bytes."""
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
    """Run ``command`` to completion; its own wall time and peak RSS (via ``wait4``).

    ``getrusage(RUSAGE_CHILDREN)`` would give the maximum over every child so far;
    ``wait4`` gives this child's. Output goes to files so a chatty child cannot block
    on a full pipe. On time-out the child's whole process group is killed.
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
        sampler = _AnonPeak(process.pid)
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
            max_rss=usage.ru_maxrss * 1024,  # Linux reports kilobytes
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=expired.is_set(),
            max_anon=sampler.peak,
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
