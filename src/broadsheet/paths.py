"""The only module that knows where broadsheet keeps its files (XDG via platformdirs).

Every location can be redirected with an environment variable, which is how the
tests keep each run inside its own temporary directory:

- ``BROADSHEET_CONFIG_DIR`` (default ``$XDG_CONFIG_HOME/broadsheet``)
- ``BROADSHEET_DATA_DIR`` (default ``$XDG_DATA_HOME/broadsheet``): reading state
- ``BROADSHEET_CACHE_DIR`` (default ``$XDG_CACHE_HOME/broadsheet``): the index
- ``BROADSHEET_STATE_DIR`` (default ``$XDG_STATE_HOME/broadsheet``): the log file

What broadsheet writes there is its owner's alone, whatever the umask: folders are made
with :func:`private_dir` (0700), files with :func:`write_private` or made private after a
library (SQLite, tantivy) created them, by :func:`make_private` (0600). Nothing here
ever changes the mode of anything in a library folder.
"""

from __future__ import annotations

import hashlib
import os
import stat
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from platformdirs import PlatformDirs

APP_NAME: Final = "broadsheet"
PRIVATE_DIR: Final = 0o700
PRIVATE_FILE: Final = 0o600
_POSIX: Final = os.name == "posix"
"""Modes mean something here (on Windows, only the read-only flag)."""


def _dirs() -> PlatformDirs:
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def expand_home(path: str | os.PathLike[str]) -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded, like ``Path.expanduser``,
    except that one it cannot expand (no such user, no home) stays as it is, as the
    shell leaves it, instead of raising ``RuntimeError``."""
    return Path(os.path.expanduser(path))


def _from_env(variable: str, default: str) -> Path:
    value = os.environ.get(variable)
    return expand_home(value) if value else Path(default)


def config_dir() -> Path:
    """Where the configuration file lives."""
    return _from_env("BROADSHEET_CONFIG_DIR", _dirs().user_config_dir)


def config_file() -> Path:
    """The TOML configuration file (it may not exist)."""
    return config_dir() / "config.toml"


def data_dir() -> Path:
    """Where reading state lives: never deleted by broadsheet."""
    return _from_env("BROADSHEET_DATA_DIR", _dirs().user_data_dir)


def state_file() -> Path:
    """The SQLite file that holds read marks, positions and bookmarks."""
    return data_dir() / "state.sqlite3"


def cache_dir() -> Path:
    """Where indexes live: safe to delete at any time."""
    return _from_env("BROADSHEET_CACHE_DIR", _dirs().user_cache_dir)


def state_dir() -> Path:
    """Where the log file lives (XDG's state folder: kept, but not worth a backup)."""
    return _from_env("BROADSHEET_STATE_DIR", _dirs().user_state_dir)


def log_file() -> Path:
    """The rotating log file: warnings, errors and caught exceptions (more with --debug)."""
    return state_dir() / "broadsheet.log"


def picture_cache_dir() -> Path:
    """Where remote pictures are kept once fetched: part of the cache, safe to delete."""
    return cache_dir() / "pictures"


def library_key(library: Path) -> str:
    """A short stable key for a library folder, from its real path."""
    real = os.path.realpath(library)
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(real).name)[:40]
    return f"{name or 'root'}-{digest}"


def index_dir(library: Path) -> Path:
    """The index folder of one library (one per real path)."""
    return cache_dir() / "indexes" / library_key(library)


def private_dir(path: Path) -> Path:
    """Make the folder ``path`` (and its missing parents) for its owner alone: 0700
    whatever the umask. ``path`` itself is made private if it exists already (one of
    broadsheet's own folders); a parent that existed is left as it was."""
    made = []
    parent = path
    while not os.path.lexists(parent) and parent != parent.parent:
        made.append(parent)
        parent = parent.parent
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if _POSIX:
        for folder in {path, *made}:
            _chmod(folder, PRIVATE_DIR)
    return path


def write_private(path: Path, data: bytes | str) -> None:
    """Write ``data`` into ``path`` (created or emptied first), readable by its owner alone."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    try:
        if _POSIX:
            os.fchmod(fd, PRIVATE_FILE)  # the umask narrowed the mode, or it existed
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def create_private(path: Path) -> None:
    """Create the empty file ``path`` for its owner alone, unless it exists (a SQLite
    database then makes its journal files with the same mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    try:
        if _POSIX:
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)


def make_private(folder: Path, prefix: str = "") -> None:
    """Give every file in ``folder`` and its subfolders mode 0600, every folder 0700
    (files another library made with the umask's mode); with ``prefix``, only the
    entries of ``folder`` whose names start with it. Links are never followed."""
    if not _POSIX:
        return
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(status.st_mode):
            if stat.S_IMODE(status.st_mode) != PRIVATE_DIR:
                _chmod(Path(entry.path), PRIVATE_DIR)
            make_private(Path(entry.path))
        elif stat.S_ISREG(status.st_mode) and stat.S_IMODE(status.st_mode) != PRIVATE_FILE:
            _chmod(Path(entry.path), PRIVATE_FILE)


def _chmod(path: Path, mode: int) -> None:
    # Not ours, or the platform cannot: nothing worth failing for.
    with suppress(OSError, NotImplementedError):
        os.chmod(path, mode, follow_symlinks=False)
