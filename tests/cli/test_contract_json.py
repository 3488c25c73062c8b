"""The documented JSON documents of every command (README, "JSON output"): their keys
are a stable contract."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.cli.cli_run import run
from tests.conftest import LIBRARY_TITLES, REFERENCE_TITLE

from broadsheet.library.parse import MAX_FILE_SIZE

ARTICLE_KEYS = {
    "id",
    "title",
    "date",
    "author",
    "categories",
    "tags",
    "path",
    "summary",
    "body_kind",
    "words",
    "read",
    "bookmarked",
}
HIT_KEYS = {
    "id",
    "title",
    "date",
    "author",
    "category",
    "path",
    "score",
    "snippet",
    "snippet_spans",
    "title_spans",
    "read",
    "bookmarked",
}


def test_index_json(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "index", "--json", "-L", str(library_dir))
    assert result.code == 0, result.err
    document = result.json()
    assert set(document) == {
        "library",
        "indexed",
        "added",
        "updated",
        "removed",
        "skipped",
        "problems",
        "seconds",
    }
    assert document["indexed"] == document["added"] == len(LIBRARY_TITLES)
    again = run(capsys, "index", "--json", "-L", str(library_dir)).json()
    assert (again["added"], again["updated"], again["removed"], again["skipped"]) == (0, 0, 0, 0)


@pytest.mark.parametrize("rebuild", [False, True], ids=["update", "rebuild"])
def test_index_counts_a_file_it_could_not_index_as_skipped_not_added(
    library_dir: Path, capsys: pytest.CaptureFixture[str], rebuild: bool
) -> None:
    if not rebuild:
        run(capsys, "index", "-L", str(library_dir))
    with (library_dir / "huge.md").open("wb") as file:
        file.truncate(MAX_FILE_SIZE + 1)  # over the cap: skipped
    (library_dir / "fine.md").write_text("---\ntitle: Fine\n---\nfine\n", encoding="utf-8")
    flags = ["--rebuild"] if rebuild else []
    document = run(capsys, "index", *flags, "--json", "-L", str(library_dir)).json()
    added = len(LIBRARY_TITLES) + 1 if rebuild else 1
    assert (document["added"], document["skipped"]) == (added, 1)
    assert document["indexed"] == len(LIBRARY_TITLES) + 1
    (library_dir / "fine.md").write_text("---\ntitle: Finer\n---\nfine\n", encoding="utf-8")
    (library_dir / "huge.md").touch()
    text = run(capsys, "index", "-L", str(library_dir)).out
    assert ": 0 added, 1 updated, 0 removed, 1 skipped, 1 problems" in text


def test_list_json(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "list", "--json", "-L", str(library_dir))
    assert result.code == 0, result.err
    document = result.json()
    assert set(document) == {"library", "count", "articles"}
    assert document["count"] == len(document["articles"]) == len(LIBRARY_TITLES)
    for article in document["articles"]:
        assert set(article) == ARTICLE_KEYS
        assert article["body_kind"] in ("html", "markdown")
        assert not Path(article["path"]).is_absolute()
    dated = [a["date"] for a in document["articles"] if a["date"]]
    assert dated == sorted(dated, reverse=True), "newest first"


def test_search_json(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "search", "户籍", "--json", "-L", str(library_dir))
    assert result.code == 0, result.err
    document = result.json()
    assert set(document) == {"library", "query", "total", "hits"}
    assert document["query"] == "户籍"
    assert document["total"] >= 1
    hit = document["hits"][0]
    assert set(hit) == HIT_KEYS
    assert hit["title"] == REFERENCE_TITLE
    for start, end in hit["snippet_spans"]:
        assert "户籍" in hit["snippet"][start:end] or hit["snippet"][start:end] in "户籍"


def test_search_limit_caps_hits_not_total(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = run(capsys, "search", "after:1990", "--limit", "1", "--json", "-L", str(library_dir))
    assert document.code == 0, document.err
    assert len(document.json()["hits"]) == 1
    assert document.json()["total"] > 1


def test_categories_json(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "categories", "--json", "-L", str(library_dir))
    assert result.code == 0, result.err
    document = result.json()
    assert set(document) == {"library", "categories"}

    def walk(nodes: list[dict[str, object]]) -> None:
        for node in nodes:
            assert set(node) == {"name", "path", "count", "children"}
            children = node["children"]
            assert isinstance(children, list)
            walk(children)

    walk(document["categories"])
    assert document["categories"]


def test_doctor_json_clean_library(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "doctor", "--json", "-L", str(library_dir))
    assert result.code == 0, result.err
    document = result.json()
    assert set(document) == {"library", "indexed", "count", "problems"}
    assert document["count"] == 0 and document["problems"] == []


def test_doctor_reports_problems_with_exit_1(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library_dir / "broken.md").write_bytes(b"\x00\x01\x02" * 10 + b"\xff\xfe" * 500)
    (library_dir / "bad_yaml.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    result = run(capsys, "doctor", "--json", "-L", str(library_dir))
    document = result.json()
    assert document["count"] == len(document["problems"]) >= 1
    assert result.code == 1
    for problem in document["problems"]:
        assert set(problem) == {"path", "action", "reason"}
        assert problem["action"] in ("read with fallback", "skipped")


def test_config_json_names_every_place(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "config", "--json")
    assert result.code == 0, result.err
    document = result.json()
    assert set(document) == {
        "config_file",
        "config_file_exists",
        "state_file",
        "cache_dir",
        "log_file",
        "library",
        "library_in_effect",
        "theme",
        "reading_width",
        "images",
        "remote_images",
        "keys",
    }
    assert document["log_file"].endswith("broadsheet.log")
    plain = run(capsys, "config")
    assert document["log_file"] in plain.out
    assert run(capsys, "config", "--path").out.strip() == document["config_file"]


def test_config_takes_the_library_option_like_every_command(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "-L DIR config" was a usage error, though -L goes before or after any command.
    for args in (
        ("-L", str(library_dir), "config", "--json"),
        ("config", "--json", "-L", str(library_dir)),
    ):
        result = run(capsys, *args)
        assert result.code == 0, result.err
        assert result.json()["library_in_effect"] == str(library_dir.resolve())


def test_doctor_says_skipped_once_for_a_file_the_walk_skipped(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(library_dir / "pipe.md")
    result = run(capsys, "doctor", "--json", "-L", str(library_dir))
    [problem] = [p for p in result.json()["problems"] if p["path"] == "pipe.md"]
    assert (problem["action"], problem["reason"]) == ("skipped", "not a regular file")
    text = run(capsys, "doctor", "-L", str(library_dir)).out
    assert "skipped: not a regular file" in text and "; skipped" not in text
