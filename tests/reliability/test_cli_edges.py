"""Command-line input at the edges: huge numbers, empty folders, names with controls."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from broadsheet.cli import main
from broadsheet.library.parse import MAX_FILE_SIZE
from broadsheet.library.text import display_path

HUGE = "100000000000000000000"


@pytest.mark.parametrize(
    "command",
    [
        ["search", "the", "--limit", HUGE],
        ["list", "--limit", HUGE],
        ["show", "Rust", "--width", HUGE],
    ],
)
def test_integers_past_64_bits_are_clamped(
    library_dir: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "-L", str(library_dir)]) == 0
    assert capsys.readouterr().out


@pytest.mark.parametrize("value", ["", " "])
def test_an_empty_library_folder_is_a_usage_error(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "-L", value])
    assert exit_info.value.code == 2
    assert "must not be empty" in capsys.readouterr().err


def test_line_feeds_and_tabs_in_file_names_stay_on_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "odd"
    root.mkdir()
    (root / "two\nlines\tand tab.md").write_text("zebra words\n", encoding="utf-8")
    (root / "bad\nname.md").write_bytes(b"---\ntitle: [unclosed\n---\nzebra \xff\n")
    assert main(["search", "zebra", "-L", str(root)]) == 0
    out = capsys.readouterr().out
    assert "two\\nlines\\tand tab.md" in out
    assert "\t" not in out
    assert main(["doctor", "-L", str(root)]) == 1
    out = capsys.readouterr().out
    assert "bad\\nname.md" in out and "\t" not in out
    assert main(["doctor", "--json", "-L", str(root)]) == 1
    paths = {problem["path"] for problem in json.loads(capsys.readouterr().out)["problems"]}
    assert "bad\nname.md" in paths


@pytest.mark.parametrize(
    "text",
    [
        'title:"Glued keys"\ndate:2018-12-03\npermalink:a-short\n---\nbody\n',
        "  title: Glued keys\n  date: 2018-12-03\n---\nbody\n",
        '---\ntitle:"Glued keys"\ndate:2018-12-03\n---\nbody\n',
    ],
)
def test_hexo_keys_without_a_space_or_indented(text: str) -> None:
    from broadsheet.library.parse import parse_bytes

    article = parse_bytes(text.encode(), "post.md", Path("post.md")).article
    assert article.title == "Glued keys"
    assert article.date is not None and article.date.year == 2018
    assert article.notes == ()


def test_a_config_file_that_is_a_fifo_or_endless_never_blocks(tmp_path: Path) -> None:
    import os

    from broadsheet.config import load_config
    from broadsheet.errors import ConfigError

    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    endless = tmp_path / "zero.toml"
    endless.symlink_to("/dev/zero")
    for path in (fifo, endless):
        with pytest.raises(ConfigError, match="not a regular file"):
            load_config(path)


def test_state_files_moved_aside_twice_in_a_second_keep_both(tmp_path: Path) -> None:
    from broadsheet import paths
    from broadsheet.library.state import ReadingState

    root = tmp_path / "lib"
    root.mkdir()
    state = ReadingState(root)
    path = state.path
    state.close()
    for _ in range(2):
        path.write_bytes(b"not a database at all" * 100)
        ReadingState(root).close()
    moved = sorted(path.parent.glob(f"{path.name}.corrupt-*"))
    assert len(moved) == 2
    assert all(item.read_bytes().startswith(b"not a database") for item in moved)
    assert paths.data_dir() in path.parents


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _big(path: Path) -> Path:
    """A file just over the size cap (sparse: it costs no disk)."""
    with path.open("wb") as file:
        file.write(b"---\ntitle: big\n---\n")
        file.truncate(MAX_FILE_SIZE + 1)
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_fifo, "it is not a regular file (a device, pipe or socket)"),
        (_big, "it is too large (32.0 MiB; the limit is 32 MiB)"),
        (lambda path: path.mkdir(), "it is a folder, not an article file"),
    ],
    ids=["fifo", "too-large", "folder"],
)
@pytest.mark.parametrize("inside", [True, False], ids=["in-library", "outside"])
def test_show_of_what_is_no_article_says_why_in_one_line(
    library_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], object],
    reason: str,
    inside: bool,
) -> None:
    folder = library_dir if inside else tmp_path / "elsewhere"
    folder.mkdir(exist_ok=True)
    path = folder / "odd\nname.md"
    make(path)
    assert main(["show", str(path), "-L", str(library_dir)]) == 1  # never blocks on the pipe
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"broadsheet: {display_path(str(path))} cannot be shown: {reason}\n"


def test_show_of_a_file_that_is_no_article_of_the_library_says_so(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library_dir / ".drafts").mkdir()
    for name in (".drafts/draft.md", "notes.rst"):
        (library_dir / name).write_text("# a draft\n", encoding="utf-8")
        assert main(["show", str(library_dir / name), "-L", str(library_dir)]) == 1
        assert "is not one of the library's articles" in capsys.readouterr().err
    # A folder named by one word may be words of a title as well: the title wins.
    (library_dir / "Rust").mkdir()
    assert main(["show", "Rust", "--plain", "-L", str(library_dir)]) == 0


def test_a_search_for_only_an_exclusion_says_how_to_look_for_the_word(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "-广告", "-L", str(library_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("broadsheet: invalid query: a query needs something to look for")
    assert 'quote it, "-广告", to look for it' in err and err.count("\n") == 1
