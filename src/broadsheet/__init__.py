"""Broadsheet: a fast terminal reader for a local folder of articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("broadsheet")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
