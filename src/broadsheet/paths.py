"""The only module that knows where broadsheet keeps its files (XDG via platformdirs).

Every location can be redirected with an environment variable, which is how the
tests keep each run inside its own temporary directory:

- ``BROADSHEET_CONFIG_DIR`` (default ``$XDG_CONFIG_HOME/broadsheet``)
- ``BROADSHEET_DATA_DIR`` (default ``$XDG_DATA_HOME/broadsheet``): reading state
- ``BROADSHEET_CACHE_DIR`` (default ``$XDG_CACHE_HOME/broadsheet``): the index
- ``BROADSHEET_STATE_DIR`` (default ``$XDG_STATE_HOME/broadsheet``): the log file
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from platformdirs import PlatformDirs

APP_NAME: Final = "broadsheet"


def _dirs() -> PlatformDirs:
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def _from_env(variable: str, default: str) -> Path:
    value = os.environ.get(variable)
    return Path(value).expanduser() if value else Path(default)


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
