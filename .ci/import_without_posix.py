"""Import every broadsheet module with the POSIX-only modules hidden.

Windows has no ``fcntl``, ``termios`` or ``resource``; a module that imports one of them
at import time would stop broadsheet from starting there. This runs in CI on Linux: a
meta-path finder refuses those names, then every module under ``broadsheet`` is
imported. Exit code 1 names each module that failed and why.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import pkgutil
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType
from typing import Final

HIDDEN: Final = frozenset({"fcntl", "termios", "resource", "pwd", "grp"})


class HidePosix(importlib.abc.MetaPathFinder):
    """Refuse to find the POSIX-only modules, as on Windows."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        """Raise for a hidden name; let every other import go on."""
        if fullname in HIDDEN:
            raise ModuleNotFoundError(f"No module named {fullname!r} (hidden)", name=fullname)
        return None


def main() -> int:
    """Import every broadsheet module; report those that need a hidden module."""
    for name in HIDDEN:
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, HidePosix())
    import broadsheet

    failed = 0
    names = ["broadsheet"] + [
        info.name
        for info in pkgutil.walk_packages(broadsheet.__path__, "broadsheet.")
        if not info.name.endswith(".__main__")  # importing it runs the program
    ]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:
            failed += 1
            print(f"--- {name} cannot be imported without {sorted(HIDDEN)}:", file=sys.stderr)
            traceback.print_exc()
    print(f"imported {len(names) - failed} of {len(names)} modules with {sorted(HIDDEN)} hidden")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
