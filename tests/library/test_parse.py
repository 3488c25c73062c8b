"""One file to one Article: decoding, fields, and files that cannot be read."""

from __future__ import annotations

import os
import pickle
import random
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.library.article import Article, ParsedArticle, Unreadable
from broadsheet.library.dates import parse_date
from broadsheet.library.parse import (
    MAX_FILE_SIZE,
    article_id,
    parse_bytes,
    parse_file,
    relative_path,
)

CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def parse(text: str, relpath: str = "posts/a.md") -> Article:
    """The article parsed from ``text`` written as UTF-8."""
    return parse_bytes(text.encode("utf-8"), relpath, Path("/lib") / relpath).article


def front(lines: str, body: str = "Body text.") -> str:
    """A file with YAML front matter ``lines`` and ``body``."""
    return f"---\n{lines}\n---\n{body}\n"


def strings_of(article: Article) -> list[str]:
    """Every string an article carries."""
    return [
        article.title,
        article.author,
        article.summary,
        article.front_matter,
        *article.tags,
        *(level for path in article.categories for level in path),
        *article.notes,
    ]


# Ids


def test_article_id_is_16_hex_digits_and_stable() -> None:
    first = article_id("新媒体/趣头条/文章.md")
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert article_id("新媒体/趣头条/文章.md") == first
    assert article_id("新媒体/趣头条/另一篇.md") != first


def test_article_id_ignores_unicode_normalisation() -> None:
    composed = "café/résumé.md"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert article_id(composed) == article_id(decomposed)


def test_article_id_accepts_undecodable_names() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", article_id("bad\udcffname.md"))


def test_id_survives_edits(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_text(front("title: One"), encoding="utf-8")
    before = parse_file(file, tmp_path)
    file.write_text(front("title: Two", "Changed."), encoding="utf-8")
    after = parse_file(file, tmp_path)
    assert isinstance(before, ParsedArticle) and isinstance(after, ParsedArticle)
    assert before.article.id == after.article.id
    assert after.article.title == "Two"


# Decoding


def test_utf8_bom_is_dropped() -> None:
    raw = b"\xef\xbb\xbf" + front("title: BOM").encode()
    article = parse_bytes(raw, "a.md", Path("a.md")).article
    assert article.title == "BOM"
    assert article.front_matter_format == "yaml"
    assert article.notes == ()


def test_gb18030_is_detected_and_noted() -> None:
    raw = front("title: 户籍窗口", "刘彩霞负责户籍窗口工作。").encode("gb18030")
    parsed = parse_bytes(raw, "a.md", Path("a.md"))
    assert parsed.article.title == "户籍窗口"
    assert "户籍窗口工作" in parsed.text
    assert parsed.article.notes == ("not valid UTF-8; decoded as GB18030",)


def test_invalid_bytes_are_replaced_and_counted() -> None:
    one = parse_bytes(b"---\ntitle: ok\n---\nbad \xff byte\n", "a.md", Path("a.md"))
    assert one.article.notes == ("1 invalid byte replaced",)
    assert "bad \ufffd byte" in one.body
    three = parse_bytes(b"a \xff b \xfe c \x80\n", "a.md", Path("a.md"))
    assert three.article.notes == ("3 invalid bytes replaced",)


def test_a_binary_file_is_not_an_article(tmp_path: Path) -> None:
    # An image, a program or random bytes named .md were listed as screens of \ufffd.
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + random.Random(1).randbytes(4000)
    noise = random.Random(2).randbytes(20_000)
    program = b"\x7fELF\2\1\1" + b"\0" * 200 + b"text of a program\0" * 40
    for name, raw in (("png.md", png), ("noise.md", noise), ("program.md", program)):
        (tmp_path / name).write_bytes(raw)
        result = parse_file(tmp_path / name, tmp_path)
        assert isinstance(result, Unreadable) and "binary" in result.reason, name


def test_text_with_a_stray_nul_is_still_an_article(tmp_path: Path) -> None:
    texts = {
        "utf8.md": front("title: 正文") + "正文\0内容 and text\n" * 3,
        "gbk.md": front("title: 中文") + "中文的正文内容" * 30 + "\0 两个\0",
        "short.md": "a\0b\0c\0d\0e\n",
    }
    for name, text in texts.items():
        raw = text.encode("gbk" if name == "gbk.md" else "utf-8")
        (tmp_path / name).write_bytes(raw)
        result = parse_file(tmp_path / name, tmp_path)
        assert isinstance(result, ParsedArticle), name
        assert "\0" not in result.body
    wide = tmp_path / "utf16.md"
    wide.write_bytes(front("title: Wide").encode("utf-16"))
    assert isinstance(parse_file(wide, tmp_path), ParsedArticle)


def test_utf16_with_bom() -> None:
    raw = front("title: Wide").encode("utf-16")
    parsed = parse_bytes(raw, "a.md", Path("a.md"))
    assert parsed.article.title == "Wide"
    assert parsed.article.notes == ("decoded as UTF-16",)


def test_crlf_and_cr_become_lf() -> None:
    parsed = parse_bytes(b"---\r\ntitle: T\r\n---\r\nline one\rline two\r\n", "a.md", Path("a"))
    assert parsed.article.title == "T"
    assert "\r" not in parsed.body
    assert parsed.body == "line one\nline two\n"


def test_mojibake_is_not_repaired_and_does_not_crash() -> None:
    mojibake = "æˆ·ç±çª—å£".encode()
    parsed = parse_bytes(b"---\ntitle: x\n---\n" + mojibake, "a.md", Path("a"))
    assert parsed.body.startswith("æˆ·")


# Titles


def test_title_from_front_matter() -> None:
    assert parse(front("title: '坚守户籍_小窗口_'")).title == "坚守户籍_小窗口_"


def test_title_from_markdown_heading() -> None:
    assert parse(front("date: 2020-01-01", "Intro\n\n## The **real** title\n")).title == (
        "The real title"
    )


def test_title_from_html_heading() -> None:
    body = "<div><h1>HTML &amp; title</h1><p>x</p><p>y</p></div>"
    assert parse(front("date: 2020-01-01", body)).title == "HTML & title"


def test_title_from_file_name_without_date_prefix() -> None:
    assert parse("No heading here.", "posts/2004-04-14-my-first-post.md").title == "my-first-post"
    assert parse("No heading.", "2019/07/24/the-slug/index.md").title == "the-slug"
    assert parse("No heading.", "notes.txt").title == "notes"


def test_title_from_undecodable_file_name_is_printable() -> None:
    title = parse("x", "bad\udcffname.md").title
    assert title == "bad\ufffdname"


def test_non_string_titles() -> None:
    assert parse(front("title: 2021")).title == "2021"
    assert parse(front("title: [Part, One]")).title == "Part One"


# Dates


def test_date_from_front_matter() -> None:
    article = parse(front("date: Wed, 24 Nov 2021 09:10:49 GMT"))
    assert article.date == datetime(2021, 11, 24, 9, 10, 49, tzinfo=UTC)


def test_date_is_always_aware() -> None:
    article = parse(front("date: 2019-12-22 16:17:03"))
    assert article.date is not None and article.date.tzinfo is not None
    assert article.date == parse_date("2019-12-22 16:17:03")


def test_junk_date_is_noted_and_path_used() -> None:
    article = parse(front("date: Invalid Date"), "2019/07/24/slug/index.md")
    assert article.date == parse_date("2019-07-24")
    assert article.notes == ("date 'Invalid Date' is not a date I can read",)


def test_toml_path_key_gives_the_date() -> None:
    text = '+++\npath = "2025/06/26/Rust-1.88.0"\ntitle = "Announcing Rust 1.88.0"\n+++\nBody'
    assert parse(text, "content/Rust-1.88.0.md").date == parse_date("2025-06-26")


def test_no_date() -> None:
    assert parse(front("title: x"), "notes/x.md").date is None


# Categories


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("categories:\n - 新媒体\n - 趣头条\n - 分类", (("新媒体", "趣头条", "分类"),)),
        ("categories: [a, b, c]", (("a", "b", "c"),)),
        ("categories:\n- [a, b]\n- [c]", (("a", "b"), ("c",))),
        ("categories:\n- [a, b]\n- c", (("a", "b"), ("c",))),
        ("categories: 前端相关", (("前端相关",),)),
        ("categories:", ()),
        ("categories: null", ()),
        ("title: none", ()),
        ("category: 杂文", (("杂文",),)),
        ("categories: ['  a  ', '', b]", (("a", "b"),)),
        ("categories: [TCP/IP, 网络]", (("TCP／IP", "网络"),)),
        ("categories: [[a], [a]]", (("a",),)),
        ("categories: 2021", (("2021",),)),
    ],
)
def test_categories_follow_hexo(lines: str, expected: tuple[tuple[str, ...], ...]) -> None:
    assert parse(front(lines)).categories == expected


def test_toml_taxonomy_categories_are_terms() -> None:
    text = '+++\ntitle = "x"\n[taxonomies]\ncategories = ["Rust", "Release"]\n+++\nB'
    assert parse(text).categories == (("Rust",), ("Release",))


def test_categories_as_mapping_are_ignored_with_a_note() -> None:
    article = parse(front("categories:\n  a: b"))
    assert article.categories == ()
    assert "categories written as a mapping were ignored" in article.notes


# Tags


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("tags: js", ("js",)),
        ("tags: js, css ,html", ("js", "css", "html")),
        ("tags: 前端，后端", ("前端", "后端")),
        ("tags:\n- ddos\n- security", ("ddos", "security")),
        ("tags: [a, b]", ("a", "b")),
        ("tags: [a, b, a, [c]]", ("a", "b", "c")),
        ("tags:", ()),
        ("tags: ~", ()),
        ("title: x", ()),
        ("keywords: [seo, web]", ("seo", "web")),
        ("tags: [t]\nkeywords: [k]", ("t",)),
        ("tags: two words", ("two words",)),
    ],
)
def test_tags(lines: str, expected: tuple[str, ...]) -> None:
    assert parse(front(lines)).tags == expected


def test_toml_taxonomy_tags() -> None:
    assert parse('+++\n[taxonomies]\ntags = ["a", "b"]\n+++\nB').tags == ("a", "b")


# Authors


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("author: 趣头条", "趣头条"),
        ("author:\n  display_name: Ann Lee\n  login: ann", "Ann Lee"),
        ("author:\n  name: Bob\n  login: bob", "Bob"),
        ("author:\n  login: carol", "carol"),
        ("authors: [Ann, Bob]", "Ann, Bob"),
        ("author: [Ann, {name: Bob}]", "Ann, Bob"),
        ("title: x", ""),
    ],
)
def test_author(lines: str, expected: str) -> None:
    assert parse(front(lines)).author == expected


def test_toml_authors_list() -> None:
    text = '+++\nauthors = ["Tomas Sedovic", "The Goals team"]\n+++\nB'
    assert parse(text).author == "Tomas Sedovic, The Goals team"


# Summary, kind, counts


def test_summary_is_about_200_characters_on_one_line() -> None:
    body = "\n\n".join(["这是一个很长的段落，用来测试摘要的长度。"] * 40)
    summary = parse(front("title: x", body)).summary
    assert len(summary) == 200 and summary.endswith("…") and "\n" not in summary


def test_summary_uses_the_text_before_more() -> None:
    body = "Only this part.\n<!--more-->\nNot this part."
    assert parse(front("title: x", body)).summary == "Only this part."


def test_body_kind_and_counts() -> None:
    html = parse(front("title: x", "<div>\n<p>户籍窗口 works</p><p>two</p></div>"))
    assert html.body_kind == "html"
    assert html.words == 6
    assert html.chars == len("户籍窗口works") + len("two")
    markdown = parse(front("title: x", "# Head\n\nSome *words* here."))
    assert markdown.body_kind == "markdown"
    assert markdown.words == 4


def test_chars_leave_out_every_kind_of_whitespace() -> None:
    article = parse(front("title: x", "户籍\u3000窗口\u2003ok\xa0!"))
    assert article.chars == len("户籍窗口ok!")


def test_clean_file_has_no_notes_and_keeps_raw_front_matter() -> None:
    article = parse(front("title: Clean\ndate: 2020-01-01"))
    assert article.notes == ()
    assert article.front_matter == "title: Clean\ndate: 2020-01-01"
    assert article.front_matter_format == "yaml"


def test_no_front_matter() -> None:
    article = parse("# Just markdown\n\nText.", "x.md")
    assert article.front_matter_format == "none"
    assert article.front_matter == ""
    assert article.title == "Just markdown"


def test_terminal_escapes_are_removed_everywhere() -> None:
    hostile = front(
        'title: "Evil\\e]0;pwned\\a title\\e[2J"\nauthor: "\\u202eMallory"\n'
        'tags: ["\\e[31mred"]\ncategories: ["\\x9b1mcat"]',
        "Body \x1b]52;c;ZXZpbA==\x07 with \x1b[2J escapes \u202e.",
    )
    parsed = parse_bytes(hostile.encode(), "a.md", Path("a.md"))
    for text in [*strings_of(parsed.article), parsed.body, parsed.text]:
        assert not CONTROL_RE.search(text), repr(text)
    assert parsed.article.title == "Evil title"


def test_alias_bomb_in_tags_is_bounded() -> None:
    lines = ["a: &a [x, y, z, w, v, u, t, s, r, q]"]
    lines += [
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    lines.append("tags: *i")
    article = parse(front("\n".join(lines)))
    assert article.tags == ("x", "y", "z", "w", "v", "u", "t", "s", "r", "q")


# Files


def test_parse_file_reads_and_names_the_article(tmp_path: Path) -> None:
    (tmp_path / "新媒体").mkdir()
    file = tmp_path / "新媒体" / "文章.md"
    file.write_text(front("title: 标题"), encoding="utf-8")
    parsed = parse_file(file, tmp_path)
    assert isinstance(parsed, ParsedArticle)
    assert parsed.article.relpath == "新媒体/文章.md"
    assert parsed.article.id == article_id("新媒体/文章.md")
    assert parsed.article.path == file
    assert parsed.article.size == file.stat().st_size
    assert parsed.article.mtime_ns == file.stat().st_mtime_ns


def test_stat_from_the_walk_is_recorded(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_text("x", encoding="utf-8")
    walked = os.stat(file)
    file.write_text("longer now", encoding="utf-8")
    parsed = parse_file(file, tmp_path, walked)
    assert isinstance(parsed, ParsedArticle)
    assert (parsed.article.mtime_ns, parsed.article.size) == (walked.st_mtime_ns, 1)
    assert parsed.body == "longer now"


def test_vanished_file(tmp_path: Path) -> None:
    result = parse_file(tmp_path / "gone.md", tmp_path)
    assert result == Unreadable(
        "gone.md", "it vanished (deleted or renamed) before it could be read"
    )


def test_file_deleted_between_walk_and_parse(tmp_path: Path) -> None:
    from broadsheet.library.scan import walk

    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "b.md").write_text("b", encoding="utf-8")
    found = list(walk(tmp_path))
    (tmp_path / "b.md").unlink()
    results = {info.relpath: parse_file(Path(info.path), tmp_path) for info in found}
    assert isinstance(results["a.md"], ParsedArticle)
    assert isinstance(results["b.md"], Unreadable)
    assert "vanished" in results["b.md"].reason


def test_permission_denied(tmp_path: Path) -> None:
    file = tmp_path / "secret.md"
    file.write_text("x", encoding="utf-8")
    file.chmod(0)
    try:
        if os.access(file, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        result = parse_file(file, tmp_path)
        assert isinstance(result, Unreadable)
        assert result.reason.startswith("permission denied")
    finally:
        file.chmod(0o644)


def test_permission_denied_reason_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "secret.md"
    file.write_text("x", encoding="utf-8")
    real_open = os.open

    def refuse(path: object, flags: int, *args: object) -> int:
        if os.fspath(path) == os.fspath(file):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    assert parse_file(file, tmp_path) == Unreadable(
        "secret.md", "permission denied: check that your user may read this file"
    )


def test_folder_where_a_file_was(tmp_path: Path) -> None:
    (tmp_path / "now-a-folder.md").mkdir()
    result = parse_file(tmp_path / "now-a-folder.md", tmp_path)
    assert result == Unreadable("now-a-folder.md", "it is a folder now, not a file")


def test_too_large(tmp_path: Path) -> None:
    file = tmp_path / "huge.md"
    with file.open("wb") as handle:
        handle.truncate(MAX_FILE_SIZE + 1)
    result = parse_file(file, tmp_path)
    assert isinstance(result, Unreadable)
    assert result.reason == "it is too large (32.0 MiB; the limit is 32 MiB)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_pipe_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    result = parse_file(tmp_path / "pipe.md", tmp_path)
    assert result == Unreadable("pipe.md", "it is not a regular file (a device, pipe or socket)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_prefetch_never_blocks_or_fails(tmp_path: Path) -> None:
    """Asking the kernel to read a batch ahead skips what is not a file it can read: a
    pipe (opening one for reading would wait for a writer), a folder, a vanished file."""
    from broadsheet.library.parse import prefetch

    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "folder.md").mkdir()
    (tmp_path / "real.md").write_text("---\ntitle: Real\n---\nbody\n", encoding="utf-8")
    names = ("pipe.md", "folder.md", "gone.md", "real.md")
    prefetch((str(tmp_path / name), 0) for name in names)
    assert parse_file(tmp_path / "real.md", tmp_path).article.title == "Real"  # type: ignore[union-attr]


def test_relative_path_matches_the_walk(tmp_path: Path) -> None:
    assert relative_path(tmp_path / "a" / "b.md", tmp_path) == "a/b.md"
    assert relative_path(Path("lib/x.md"), Path("lib/")) == "x.md"


def test_parse_file_and_results_pickle(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_text(front("title: T\ndate: 2020-01-01 10:00:00"), encoding="utf-8")
    function = pickle.loads(pickle.dumps(parse_file))
    result = function(file, tmp_path)
    assert pickle.loads(pickle.dumps(result)) == result
    unreadable = parse_file(tmp_path / "missing.md", tmp_path)
    assert pickle.loads(pickle.dumps(unreadable)) == unreadable


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_parse_bytes_never_raises_on_any_bytes(raw: bytes) -> None:
    parsed = parse_bytes(raw, "fuzz.md", Path("fuzz.md"))
    for text in [*strings_of(parsed.article), parsed.body, parsed.text]:
        assert not CONTROL_RE.search(text)


_FRONT_LINES = st.lists(
    st.sampled_from(
        [
            "title: 'x",
            'title: "a\\e[2Jb"',
            "date: 2024-02-30",
            "date: Invalid Date",
            "categories: [a, [b, c]]",
            "categories:\n- a\n- [b]",
            "tags: a, b",
            "tags: {a: 1}",
            "author: {login: x}",
            "authors: [1, 2]",
            "k:v",
            "- stray",
            "  indented: x",
            "&anchor",
            "[[x]]",
            'path = "2020/01/02/x"',
            "title = 'toml'",
            # Lone surrogates, C0/C1 and bidi controls, numbers far past 64 bits.
            'title: "\\ud800 \\udfff \\x85 \\u202e \\x1b[2J"',
            'author: "\\u0000\\u009b31m"',
            "title: 123456789012345678901234567890",
            "date: 100000000000000000000",
            "date: -99999999999999999999",
            "updated: 1e999",
            "weight: 18446744073709551617",
            "date = 99999999999999999999",
            'title = "\\ud800"',
            "tags: [340282366920938463463374607431768211457, \x85]",
            "+++",
            "---",
            "",
        ]
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(_FRONT_LINES, st.sampled_from(["---", "+++", ""]), st.text(max_size=100))
def test_parse_bytes_never_raises_on_odd_front_matter(
    lines: list[str], fence: str, body: str
) -> None:
    text = f"{fence}\n" + "\n".join(lines) + f"\n{fence}\n{body}" if fence else "\n".join(lines)
    parsed = parse_bytes(text.encode("utf-8", "surrogatepass"), "odd.md", Path("odd.md"))
    assert parsed.article.date is None or parsed.article.date.tzinfo is not None
    for value in strings_of(parsed.article):
        assert not CONTROL_RE.search(value)
