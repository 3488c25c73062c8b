"""One file with text no encoder accepts (lone surrogates) must never break a library."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from broadsheet.cli import main
from broadsheet.library.library import Library
from broadsheet.library.parse import parse_bytes
from broadsheet.library.text import clean_control, valid_text

BAD_FILES = {
    "yaml.md": '---\ntitle: "emoji \\ud83d\\ude00 here"\nauthor: "a \\udc80"\n---\nbody one\n',
    "toml.md": '+++\ntitle = "t \\ud800"\ntags = ["\\udfff"]\n+++\nbody two\n',
    "cats.md": '---\ntitle: ok\ncategories: ["\\ud800x", "y"]\n---\nbody three\n',
    "good.md": "---\ntitle: fine\n---\nbody four\n",
}


def _is_valid(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.fixture
def bad_library(tmp_path: Path) -> Path:
    root = tmp_path / "bad"
    root.mkdir()
    for name, text in BAD_FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_valid_text_joins_pairs_and_replaces_lone_surrogates() -> None:
    assert valid_text("a\ud83d\ude00b") == "a\U0001f600b"
    assert valid_text("x\ud800y\udc80") == "x\ufffdy\ufffd"
    assert clean_control("\x1b[2J\ud800") == "\ufffd"


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_parsed_fields_are_valid_unicode(name: str) -> None:
    raw = BAD_FILES[name].encode()
    article = parse_bytes(raw, name, Path(name)).article
    fields = [article.title, article.author, *article.tags, *article.notes, article.summary]
    fields.extend(level for path in article.categories for level in path)
    assert all(map(_is_valid, fields)), fields


def test_yaml_escaped_pair_is_the_character(bad_library: Path) -> None:
    article = parse_bytes(BAD_FILES["yaml.md"].encode(), "yaml.md", Path("yaml.md")).article
    assert article.title == "emoji \U0001f600 here"


def test_every_command_works_with_such_files(
    bad_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", "-L", str(bad_library)]) == 0
    assert "4 articles indexed" in capsys.readouterr().out
    for command in (["list"], ["search", "body"], ["categories"]):
        assert main([*command, "-L", str(bad_library)]) == 0, command
        assert "Traceback" not in capsys.readouterr().err
    assert main(["list", "--json", "-L", str(bad_library)]) == 0
    titles = {item["title"] for item in json.loads(capsys.readouterr().out)["articles"]}
    assert "emoji \U0001f600 here" in titles
    assert main(["show", str(bad_library / "toml.md"), "-L", str(bad_library)]) == 0
    assert "t \ufffd" in capsys.readouterr().out


def test_json_escapes_lone_surrogates() -> None:
    from broadsheet.cli.output import print_json

    stream = io.StringIO()
    print_json({"title": "x\ud800"}, stream)
    out = stream.getvalue()
    assert "\\ud800" in out
    assert json.loads(out) == {"title": "x\ud800"}


def test_a_file_that_cannot_be_indexed_is_skipped_and_reported(
    bad_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from broadsheet.library import fulltext

    real_add = fulltext.FullText.add

    def add(self: fulltext.FullText, key: int, article, units: str, runs: str, text: str) -> None:  # type: ignore[no-untyped-def]
        if article.title == "fine":
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        real_add(self, key, article, units, runs, text)

    monkeypatch.setattr(fulltext.FullText, "add", add)
    library = Library(bad_library)
    report = library.refresh()
    assert report.indexed == 3
    problems = {problem.relpath: problem for problem in library.problems()}
    assert problems["good.md"].action == "skipped"
    assert "could not be indexed" in problems["good.md"].reason
    assert len(library.search("body").hits) == 3
