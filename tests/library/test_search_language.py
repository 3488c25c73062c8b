"""The query language beyond words: OR, parentheses, is:, and sort: alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import (
    EN_RUST_TITLE,
    LIBRARY_TITLES,
    REFERENCE_TITLE,
    ZH_NOTICE_TITLE,
    ZH_TECH_TITLE,
)

from broadsheet.library.library import Library
from broadsheet.library.results import Marks
from broadsheet.library.state import ReadingState


@pytest.fixture
def library(library_dir: Path) -> Library:
    library = Library(library_dir)
    library.refresh()
    return library


def titles(library: Library, query: str, marks: Marks | None = None) -> list[str]:
    return [hit.entry.title for hit in library.search(query, marks=marks).hits]


def test_or_finds_either(library: Library) -> None:
    assert set(titles(library, "zebra OR 神经网络")) == {EN_RUST_TITLE, ZH_TECH_TITLE}
    assert set(titles(library, "zebra OR nothinglikethis")) == {EN_RUST_TITLE}


def test_parentheses_and_negated_groups(library: Library) -> None:
    assert titles(library, "(zebra OR 神经网络) python") == [ZH_TECH_TITLE]
    found = set(titles(library, "cat:新媒体 -(春节 OR 刘彩霞)"))
    assert REFERENCE_TITLE not in found and ZH_NOTICE_TITLE not in found
    assert found


def test_or_highlights_every_side(library: Library) -> None:
    results = library.search("zebra OR 神经网络")
    assert set(results.terms) == {"zebra", "神经网络"}
    assert all(hit.snippet_spans for hit in results.hits)


@pytest.mark.parametrize("sort", ["title", "date"])
def test_sort_alone_lists_everything(library: Library, sort: str) -> None:
    results = library.search(f"sort:{sort}", limit=100)
    assert results.total == len(LIBRARY_TITLES)
    listed = [hit.entry.title for hit in results.hits]
    expected = [entry.title for entry in library.entries(sort=sort)]  # type: ignore[arg-type]
    assert listed == expected


def test_is_unread_and_bookmarked(library: Library) -> None:
    by_title = {entry.title: entry.id for entry in library.entries()}
    state = ReadingState(library.root)
    state.set_read(by_title[REFERENCE_TITLE])
    state.toggle_bookmark(by_title[EN_RUST_TITLE])
    state.close()
    unread = set(titles(library, "is:unread"))
    assert unread == set(LIBRARY_TITLES) - {REFERENCE_TITLE}
    assert titles(library, "is:read") == [REFERENCE_TITLE]
    assert titles(library, "is:bookmarked") == [EN_RUST_TITLE]
    assert titles(library, "-is:bookmarked zebra") == []
    assert titles(library, "户籍 is:unread") == [ZH_NOTICE_TITLE]
    assert titles(library, "is:read OR is:bookmarked", marks=None) != []
    # Marks given by the caller (the reader's own) win over the state file.
    assert titles(library, "is:read", marks=Marks(frozenset(), frozenset())) == []


def test_list_unread_and_bookmarked(library: Library) -> None:
    by_title = {entry.title: entry.id for entry in library.entries()}
    marks = Marks(frozenset({by_title[REFERENCE_TITLE]}), frozenset({by_title[ZH_TECH_TITLE]}))
    unread = [a.title for a in library.articles(unread=True, marks=marks)]
    assert REFERENCE_TITLE not in unread and len(unread) == len(LIBRARY_TITLES) - 1
    assert [a.title for a in library.articles(bookmarked=True, marks=marks)] == [ZH_TECH_TITLE]
    assert library.articles(unread=True, bookmarked=True, limit=1, marks=marks)[0].title == (
        ZH_TECH_TITLE
    )


def test_traditional_and_simplified_find_each_other(library_dir: Path) -> None:
    (library_dir / "trad.md").write_text(
        "---\ntitle: 臺灣戶籍說明\ntags: [戶政]\n---\n戶籍謄本申請，請洽ＰＹＴＨＯＮ　窗口。\n",
        encoding="utf-8",
    )
    library = Library(library_dir)
    library.refresh()
    assert "臺灣戶籍說明" in titles(library, "户籍")
    assert REFERENCE_TITLE in titles(library, "戶籍窗口")
    assert titles(library, "台湾") == ["臺灣戶籍說明"]
    assert titles(library, "tag:户政") == ["臺灣戶籍說明"]
    assert "臺灣戶籍說明" in titles(library, "python")
    assert "臺灣戶籍說明" in titles(library, "ｐｙｔｈｏｎ")
    hit = next(h for h in library.search("户籍 python").hits if h.entry.title == "臺灣戶籍說明")
    # The highlight marks the text as written.
    assert [hit.entry.title[s:e] for s, e in hit.title_spans] == ["戶籍"]
    marked = {hit.snippet[s:e] for s, e in hit.snippet_spans}
    assert marked == {"戶籍", "ＰＹＴＨＯＮ"}


@pytest.mark.parametrize("rarest_always", [False, True])
def test_chinese_words_find_the_same_by_pairs_as_by_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rarest_always: bool
) -> None:
    """A Chinese word is looked up as a term or phrase of its pairs (a word that mixes in
    other units must hold them): over text where the characters meet across line breaks,
    spaces, punctuation, Traditional forms, tags and categories, it finds exactly what
    the phrase of its characters finds; also when its rarest pair always joins the
    phrase (it does when it is far rarer than the others)."""
    import random

    from broadsheet.library import clauses

    if rarest_always:
        monkeypatch.setattr(clauses, "RARER_PAIR", 0)

    chars = "发展问题經济发"
    breaks = ["", "", "", " ", "\n", "、", "。", "a"]
    draw = random.Random(8)

    def text(length: int) -> str:
        return "".join(draw.choice(chars) + draw.choice(breaks) for _ in range(length))

    for number in range(120):
        front = f"title: {text(4)}\ntags: [{text(2)}]\ncategories: [{text(2)}]"
        (tmp_path / f"{number}.md").write_text(f"---\n{front}\n---\n{text(30)}\n", "utf-8")
    library = Library(tmp_path)
    library.refresh()
    queries = sorted(
        {"".join(draw.choice(chars) for _ in range(draw.randint(2, 5))) for _ in range(60)}
    )
    queries += ["a发展", "发展a问"]  # mixed: a phrase of units that must hold the pairs
    by_pairs = {query: library.search(query, limit=200) for query in queries}
    monkeypatch.setattr(clauses, "_CJK_CHAR_RE", re.compile("(?!)"))  # no word is CJK
    found = 0
    for query in queries:
        plain = library.search(query, limit=200)
        assert plain.total == by_pairs[query].total, query
        assert {hit.entry.id for hit in plain.hits} == {
            hit.entry.id for hit in by_pairs[query].hits
        }, query
        found += plain.total > 0
    assert found >= 10  # the queries do find things
    library.close()


@pytest.mark.parametrize(
    ("frequencies", "pairs"),
    [
        ({"发展": 100, "展问": 100, "问题": 100}, ['"发展"', '"问题"']),
        ({"发展": 100, "展问": 51, "问题": 100}, ['"发展"', '"问题"']),
        ({"发展": 100, "展问": 50, "问题": 100}, ['"发展"', '"展问"', '"问题"']),
        ({"发展": 100, "展问": 10, "问题": 100}, ['"发展"', '"展问"', '"问题"']),
    ],
)
def test_a_chinese_word_reads_its_rarest_pair_when_it_is_far_rarer(
    tmp_path: Path, frequencies: dict[str, int], pairs: list[str]
) -> None:
    """Every other pair covers a word; its rarest pair joins them only when it is at
    least twice as rare as every one of those (it then drives tantivy's intersection)."""
    from broadsheet.library.clauses import Clauses
    from broadsheet.library.fulltext import FullText
    from broadsheet.library.query import parse_query

    fulltext = FullText(tmp_path / "fulltext")
    clauses = Clauses(fulltext.schema, fulltext.tokens, {}, pair_frequency=frequencies.__getitem__)
    built = repr(clauses.build(parse_query("发展问题")))
    # The phrase of characters has terms of one character; those of two are the pairs.
    assert re.findall(r'"\w\w"', built) == pairs
