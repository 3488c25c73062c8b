"""Broadsheet: a fast terminal reader for a local folder of articles.

``__version__`` comes from the installed package metadata, looked up on first use:
importing ``importlib.metadata`` costs more than the rest of a quick command's start-up.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("broadsheet")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0"
    raise AttributeError(f"module 'broadsheet' has no attribute {name!r}")
