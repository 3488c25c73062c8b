"""Following a library folder while the reader runs: file events, gathered into batches.

A :class:`FolderWatcher` runs in a thread of its own. It watches the folder with
``watchfiles`` (the Rust ``notify`` crate: inotify on Linux, FSEvents on macOS) and
hands the paths that changed to a :class:`Coalescer`, which holds them until no new
one came for :data:`QUIET` seconds, or :data:`MAX_DELAY` after the first one while
events keep coming (a burst). Where watching cannot work (``watchfiles`` missing or failing, the
inotify watch limit reached, a network file system, or ``BROADSHEET_WATCH=poll``) it asks
for a cheap check of the folder every :data:`POLL_INTERVAL` seconds instead and says
why, once.

The :class:`Coalescer` also holds what arrives while a batch is being applied, so a
burst of 10,000 files becomes a few batches, each applied once, rather than 10,000
updates. Nothing here imports Textual: the reader wakes its worker from
the ``wake`` callback and applies each batch with :func:`apply_batch`.
"""

from __future__ import annotations

import logging
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from broadsheet.library.background import (
    BACKGROUND_MIN,
    BackgroundUnavailableError,
    apply_in_child,
)
from broadsheet.library.library import Library
from broadsheet.library.results import ProgressCallback, ScanReport
from broadsheet.library.scan import left_out

log = logging.getLogger(__name__)

WATCH_ENV: Final = "BROADSHEET_WATCH"
"""``auto`` (the default) watches the folder; ``poll`` checks it every few seconds instead;
``off`` does neither (the reader then follows the folder only on ``r``)."""
POLL_INTERVAL: Final = 3.0
"""Seconds between two cheap checks when the folder cannot be watched."""
QUIET: Final = 0.25
"""Seconds: changed paths are applied once no new change came for this long..."""
MAX_DELAY: Final = 1.0
"""...or this long after the first of them, even while changes keep coming (a burst)."""
STEP_MS: Final = 50
"""watchfiles hands over what it saw after this long without an event (and looks at its
stop event this often: quitting never waits for the watcher)."""
RUST_TIMEOUT_MS: Final = 1000
JOIN_TIMEOUT: Final = 3.0
NETWORK_FILESYSTEMS: Final = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
    }
)
"""File systems whose changes made elsewhere never reach inotify."""

Watch = Callable[[Path, threading.Event], Iterator[Iterable[str]]]
"""Yields the paths of each batch of changes under a folder until the event is set."""


@dataclass(frozen=True, slots=True)
class Batch:
    """What to bring into the index at once: touched paths, a cheap check or a full rescan."""

    paths: frozenset[str]
    """Paths (files or folders, maybe gone) that changed; empty for a check of the folder."""
    full: bool = False
    """A full walk of the folder was asked for (the rescan key, the start-up check)."""


class Coalescer:
    """Gathers changes until the one applier takes them (safe from any thread).

    :meth:`add` and :meth:`ask` return True when the applier must be started (nobody is
    applying and nobody was asked to yet); :meth:`take` hands over everything waiting,
    and returns None (the applier then stops) when nothing is.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        """Nothing waiting, nobody applying; ``clock`` tells the time (seconds)."""
        self._clock = clock
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._first = self._last = 0.0
        self._check = False
        self._full = False
        self._busy = False
        self._woken = False

    def add(self, paths: Iterable[str]) -> bool:
        """Changed paths arrived; True when the applier must be started."""
        with self._lock:
            before = len(self._paths)
            self._paths.update(paths)
            if len(self._paths) == before:
                return False
            self._last = self._clock()
            if not before:
                self._first = self._last
            return self._wake()

    def ask(self, *, full: bool = False) -> bool:
        """A check of the folder (``full``: a whole walk) is wanted; True to start the applier."""
        with self._lock:
            self._check = True
            self._full = self._full or full
            return self._wake()

    def _wake(self) -> bool:
        if self._busy or self._woken:
            return False
        self._woken = True
        return True

    def delay(self) -> float:
        """Seconds to wait before taking the changed paths (0: take them now).

        A check asked for is not delayed; paths wait until :data:`QUIET` seconds passed
        without a new one, or :data:`MAX_DELAY` since the first.
        """
        with self._lock:
            if not self._paths or self._check:
                return 0.0
            now = self._clock()
            return max(0.0, min(self._last + QUIET - now, self._first + MAX_DELAY - now))

    @property
    def waiting(self) -> int:
        """How many paths wait to be applied."""
        with self._lock:
            return len(self._paths)

    def take(self) -> Batch | None:
        """Everything waiting, as one batch (the caller applies it); None when nothing is."""
        with self._lock:
            self._woken = False
            if not self._paths and not self._check:
                self._busy = False
                return None
            self._busy = True
            batch = Batch(frozenset(self._paths), self._full)
            self._paths.clear()
            self._check = self._full = False
            return batch

    def release(self) -> bool:
        """The applier stopped early (an error, the app closing); True when work is left."""
        with self._lock:
            self._busy = False
            self._woken = False
            left = bool(self._paths or self._check)
            if left:
                self._woken = True
            return left


def apply_batch(
    library: Library,
    batch: Batch,
    progress: ProgressCallback | None = None,
    *,
    started: Callable[[subprocess.Popen[str]], None] | None = None,
) -> ScanReport:
    """Bring ``batch`` into the library's index: the paths it touched, or a full walk.

    A big batch (and a full walk) is applied by a child process at a low priority
    (:mod:`~broadsheet.library.background`), so that the reader stays responsive;
    ``started`` receives that process. Where none can be started, it is applied here.
    """
    if batch.full or len(batch.paths) >= BACKGROUND_MIN:
        try:
            return apply_in_child(
                library.root, batch.paths, full=batch.full, progress=progress, started=started
            )
        except BackgroundUnavailableError as error:
            log.warning("applying changes in a child process failed: %s", error)
    if batch.full:
        return library.refresh(progress=progress)
    return library.update(touched=batch.paths, progress=progress)


def network_filesystem(path: Path, mounts: Path = Path("/proc/self/mounts")) -> str | None:
    """The type of the network file system ``path`` is on (None when local or unknown)."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None  # not Linux, or no /proc: nothing known
    target = os.path.realpath(path)
    best, best_type = "", ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type if best_type in NETWORK_FILESYSTEMS else None


def relevant(root: str, path: str) -> bool:
    """Whether a change at ``path`` can concern an article (not inside ``.git`` and the like)."""
    relpath = os.path.relpath(path, root)
    if relpath.startswith(".."):
        return False
    parts = [part for part in relpath.split(os.sep) if part != "."]
    return not parts or not left_out(root, "/".join(parts))


def watchfiles_watch(root: Path, stop: threading.Event) -> Iterator[Iterable[str]]:
    """Batches of changed paths under ``root`` from watchfiles (raises when it cannot watch)."""
    import watchfiles

    for changes in watchfiles.watch(
        root,
        watch_filter=None,
        debounce=round(MAX_DELAY * 1000),
        step=STEP_MS,
        stop_event=stop,
        rust_timeout=RUST_TIMEOUT_MS,
        raise_interrupt=False,
        ignore_permission_denied=True,
    ):
        yield {path for _, path in changes}


class FolderWatcher:
    """Watches a library folder in a thread of its own until :meth:`stop`.

    ``wake`` is called (from that thread) when the coalescer says the applier must be
    started; ``say`` once with a sentence for the user when watching is not possible
    and periodic checks are used instead.
    """

    def __init__(
        self,
        root: Path,
        coalescer: Coalescer,
        *,
        wake: Callable[[], None],
        say: Callable[[str], None],
        mode: str | None = None,
        watch: Watch | None = None,
        poll_interval: float | None = None,
    ) -> None:
        """Watch ``root`` (``mode`` as in :data:`WATCH_ENV`, default from the environment)."""
        self.root = root
        self.coalescer = coalescer
        self._wake = wake
        self._say = say
        self.mode = (mode or os.environ.get(WATCH_ENV) or "auto").strip().lower()
        """``auto``, ``poll`` or ``off``."""
        self._watch = watch or watchfiles_watch
        self.poll_interval = poll_interval if poll_interval is not None else POLL_INTERVAL
        self.polling = False
        """True once the watcher has fallen back to periodic checks."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def alive(self) -> bool:
        """Whether the watching thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start watching (or checking) in the background."""
        if self.mode == "off" or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="broadsheet-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and wait for it (it looks at its stop event every 50 ms)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(JOIN_TIMEOUT)

    def _run(self) -> None:
        reason = self._cannot_watch()
        if reason is None:
            try:
                for paths in self._watch(self.root, self._stop):
                    self._changed(paths)
                    if self._stop.is_set():
                        return
            except Exception as error:  # any failure of the watcher: fall back, say so
                log.warning("watching %s failed: %s", self.root, error)
                reason = _describe(error)
            else:
                if self._stop.is_set():
                    return
                reason = "the watcher stopped"
        if self._stop.is_set():
            return
        self.polling = True
        self._say(
            f"The folder is not watched ({reason}); it is checked every "
            f"{self.poll_interval:g} s instead (r rescans now)."
        )
        while not self._stop.wait(self.poll_interval):
            if self.coalescer.ask():
                self._wake()

    def _cannot_watch(self) -> str | None:
        if self.mode == "poll":
            return f"{WATCH_ENV}=poll"
        kind = network_filesystem(self.root)
        if kind is not None:
            return f"it is on a network file system, {kind}"
        return None

    def _changed(self, paths: Iterable[str]) -> None:
        root = os.fspath(self.root)
        wanted = [path for path in paths if relevant(root, path)]
        if wanted and self.coalescer.add(wanted):
            self._wake()


def _describe(error: BaseException) -> str:
    if isinstance(error, ImportError):
        return "watchfiles is not installed"
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if "limit" in text.lower():
        return "the limit of inotify watches is reached: raise fs.inotify.max_user_watches"
    return text
