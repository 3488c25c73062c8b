"""What broadsheet writes in its cache, data and state folders is its owner's alone
(folders 0700, files 0600), whatever the umask; the library folder is never touched."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import REFERENCE_TITLE
from tests.render.picture_server import picture_server

from broadsheet.cli import main
from broadsheet.library.library import Library
from broadsheet.library.state import ReadingState
from broadsheet.render.fetch import PictureFetcher

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(before)


def _modes(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_everything_written_is_private_whatever_the_umask(
    tmp_path: Path,
    library_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    umask: int,
) -> None:
    library_modes = _modes(library_dir)
    ours = {name: tmp_path / "fresh" / name for name in ("cache", "data", "state")}
    for name, folder in ours.items():  # not made yet: broadsheet makes them
        monkeypatch.setenv(f"BROADSHEET_{name.upper()}_DIR", str(folder))
    assert main(["index", "-L", str(library_dir)]) == 0
    assert main(["show", REFERENCE_TITLE, "--plain", "-L", str(library_dir)]) == 0
    assert main(["index", "--rebuild", "-L", str(library_dir)]) == 0
    library = Library(library_dir)
    try:
        (library_dir / "new.md").write_text("---\ntitle: New\n---\nnew\n", encoding="utf-8")
        assert library.update().added == 1  # a scan in this process (tantivy, SQLite)
        library_modes = _modes(library_dir)
        article = library.search("New").hits[0].entry.id
        state = ReadingState(library_dir)
        try:
            state.set_read(article)
            open_files = {**_modes(ours["cache"]), **_modes(ours["data"])}
        finally:
            state.close()
    finally:
        library.close()
    logging.getLogger("broadsheet.test").warning("a record for the log file")
    with picture_server() as server:
        PictureFetcher(ours["cache"] / "pictures")(server.url("/fresh.png"))
    capsys.readouterr()
    for folder in ours.values():
        modes = _modes(folder)
        assert len(modes) > 1, folder
        for name, mode in modes.items():
            kind = "folder" if (folder / name).is_dir() else "file"
            assert mode == (0o700 if kind == "folder" else 0o600), (folder.name, name, oct(mode))
    journals = [name for name in open_files if name.endswith(("-wal", "-shm"))]
    assert len(journals) == 4  # the catalog's and the state's, while they are open
    assert {open_files[name] for name in journals} == {0o600}
    assert any(name.endswith(".log") for name in _modes(ours["state"]))
    assert _modes(library_dir) == library_modes  # the library folder as it was
