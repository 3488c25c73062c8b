"""``broadsheet search`` and ``list`` as typed in a shell: words, exclusions, OR, marks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import (
    EN_RUST_TITLE,
    LIBRARY_TITLES,
    REFERENCE_TITLE,
    ZH_NOTICE_TITLE,
    ZH_TECH_TITLE,
)

from broadsheet.cli import main
from broadsheet.cli.search_command import (
    SEARCH_SHORT_FLAGS,
    SEARCH_VALUE_OPTIONS,
    protect_exclusions,
)
from broadsheet.library.library import Library
from broadsheet.library.state import ReadingState


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def search_titles(capsys: pytest.CaptureFixture[str], library: Path, *words: str) -> list[str]:
    code, out, err = run(capsys, "search", *words, "--library", str(library), "--json")
    assert code in (0, 1), err
    return [hit["title"] for hit in json.loads(out)["hits"]]


def test_several_words_without_quotes(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    assert set(search_titles(capsys, library_dir, "户籍", "窗口")) == {
        REFERENCE_TITLE,
        ZH_NOTICE_TITLE,
    }
    assert search_titles(capsys, library_dir, "户籍", "窗口", "刘彩霞") == [REFERENCE_TITLE]
    code, out, _ = run(capsys, "search", "户籍", "窗口", "-L", str(library_dir))
    assert code == 0 and REFERENCE_TITLE in out


def test_a_leading_exclusion_is_a_query_word(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    both = search_titles(capsys, library_dir, "户籍")
    assert len(both) == 2
    kept = search_titles(capsys, library_dir, "-春节", "户籍")
    assert kept == [REFERENCE_TITLE]
    code, out, _ = run(capsys, "search", "-春节", "户籍", "--limit", "1", "-L", str(library_dir))
    assert code == 0 and REFERENCE_TITLE in out
    code, out, _ = run(capsys, "search", "--json", "-L", str(library_dir), "--", "-春节", "户籍")
    assert code == 0 and json.loads(out)["query"] == "-春节 户籍"


def test_real_options_still_work_and_unknown_long_ones_are_errors(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "户籍", "--jsn", "-L", str(library_dir)])
    assert exit_info.value.code == 2
    assert protect_exclusions(["-L", "-odd-dir", "-x", "--limit", "-3"]) == [
        "-L",
        "-odd-dir",
        " -x",
        "--limit",
        "-3",
    ]


def test_every_search_option_is_known_to_the_exclusion_guard() -> None:
    from broadsheet.cli import build_parser

    parser = build_parser()
    search = parser._subparsers._group_actions[0].choices["search"]  # type: ignore[union-attr]
    for action in search._actions:
        for option in action.option_strings:
            if option.startswith("--"):
                continue
            assert option in (*SEARCH_VALUE_OPTIONS, *SEARCH_SHORT_FLAGS), option
        if action.option_strings and action.nargs is None and not action.const:
            assert set(action.option_strings) <= set(SEARCH_VALUE_OPTIONS), action


def test_or_and_sort_alone(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    assert set(search_titles(capsys, library_dir, "zebra OR 神经网络")) == {
        EN_RUST_TITLE,
        ZH_TECH_TITLE,
    }
    assert set(search_titles(capsys, library_dir, "zebra", "OR", "神经网络")) == {
        EN_RUST_TITLE,
        ZH_TECH_TITLE,
    }
    listed = search_titles(capsys, library_dir, "sort:title")
    assert len(listed) == len(LIBRARY_TITLES)
    assert listed == sorted(listed, key=str.casefold)


def test_no_matches_says_so_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str], library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, "search", "nothinglikethis", "-L", str(library_dir))
    assert (code, out) == (1, "")
    assert "no articles match" not in err
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    code, out, err = run(capsys, "search", "nothinglikethis", "-L", str(library_dir))
    assert (code, out) == (1, "")
    assert "no articles match nothinglikethis" in err


def _mark(library_dir: Path) -> dict[str, str]:
    library = Library(library_dir)
    library.refresh()
    ids = {entry.title: entry.id for entry in library.entries()}
    library.close()
    state = ReadingState(library_dir)
    state.set_read(ids[REFERENCE_TITLE])
    state.toggle_bookmark(ids[EN_RUST_TITLE])
    state.close()
    return ids


def test_list_unread_json_has_read_and_bookmarked(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    _mark(library_dir)
    code, out, _ = run(capsys, "list", "--unread", "--json", "-L", str(library_dir))
    assert code == 0
    articles = json.loads(out)["articles"]
    assert REFERENCE_TITLE not in {a["title"] for a in articles}
    assert len(articles) == len(LIBRARY_TITLES) - 1
    assert all(a["read"] is False for a in articles)
    assert {a["title"] for a in articles if a["bookmarked"]} == {EN_RUST_TITLE}
    code, out, _ = run(capsys, "list", "--json", "-L", str(library_dir))
    every = {a["title"]: a for a in json.loads(out)["articles"]}
    assert every[REFERENCE_TITLE]["read"] is True
    code, out, _ = run(capsys, "list", "--bookmarked", "-L", str(library_dir))
    assert code == 0 and EN_RUST_TITLE in out and REFERENCE_TITLE not in out


def test_search_json_and_is_terms(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    _mark(library_dir)
    _, out, _ = run(capsys, "search", "户籍", "--json", "-L", str(library_dir))
    hits = {hit["title"]: hit for hit in json.loads(out)["hits"]}
    assert hits[REFERENCE_TITLE]["read"] is True
    assert hits[REFERENCE_TITLE]["bookmarked"] is False
    assert REFERENCE_TITLE not in search_titles(capsys, library_dir, "户籍", "is:unread")
    assert search_titles(capsys, library_dir, "is:bookmarked") == [EN_RUST_TITLE]


def test_traditional_query_finds_simplified(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    assert REFERENCE_TITLE in search_titles(capsys, library_dir, "戶籍窗口")
    assert REFERENCE_TITLE in search_titles(capsys, library_dir, "戶籍", "窗口")


def test_a_new_schema_says_the_index_is_rebuilt(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    import sqlite3

    library = Library(library_dir)
    library.refresh()
    directory = library._index.directory
    library.close()
    with sqlite3.connect(directory / "catalog.sqlite3") as db:
        db.execute("UPDATE meta SET value='7' WHERE key='schema_version'")
    code, _, err = run(capsys, "search", "户籍", "-L", str(library_dir))
    assert code == 0
    assert "building the index" in err and "another version" in err and "schema 7" in err


def test_a_corrupt_state_file_is_said_and_leaves_no_marks(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    from broadsheet import paths

    _mark(library_dir)
    state_file = paths.state_file()
    state_file.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{state_file}{suffix}").unlink(missing_ok=True)
    code, out, err = run(capsys, "list", "--json", "-L", str(library_dir))
    assert code == 0
    assert "moved to" in err
    assert not any(article["read"] for article in json.loads(out)["articles"])
