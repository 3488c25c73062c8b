"""Search: Chinese substrings, English prefixes, the query language, ranking, snippets."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from tests.conftest import EN_RUST_TITLE, REFERENCE_TITLE, ZH_NOTICE_TITLE, ZH_TECH_TITLE

from broadsheet.errors import QueryError
from broadsheet.library.library import Library
from broadsheet.library.query import Query


@pytest.fixture
def library(library_dir: Path) -> Library:
    library = Library(library_dir)
    library.refresh()
    return library


def titles(library: Library, query: str) -> list[str]:
    return [hit.entry.title for hit in library.search(query).hits]


@pytest.mark.parametrize("query", ["户籍", "窗", "户籍窗口", '"小窗口"', "cat:新媒体 民警"])
def test_reference_article_is_found(library: Library, query: str) -> None:
    assert REFERENCE_TITLE in titles(library, query)


def test_one_character_matches_inside_words(library: Library) -> None:
    assert set(titles(library, "窗")) == {REFERENCE_TITLE, ZH_NOTICE_TITLE}


def test_phrase_does_not_cross_punctuation(library_dir: Path) -> None:
    (library_dir / "p.md").write_text("---\ntitle: p\n---\n深度、学习\n", encoding="utf-8")
    library = Library(library_dir)
    library.refresh()
    assert "p" not in titles(library, "深度学习")
    assert "p" in titles(library, "深度")


def test_english_is_case_insensitive_with_prefixes(library: Library) -> None:
    assert titles(library, "ZEBRA") == [EN_RUST_TITLE]
    assert titles(library, "zeb") == [EN_RUST_TITLE]
    assert EN_RUST_TITLE in titles(library, "garbage collector")
    assert titles(library, '"collector garbage"') == []


def test_mixed_chinese_and_english(library: Library) -> None:
    assert titles(library, "神经网络 python") == [ZH_TECH_TITLE]
    assert titles(library, "Python写") == [ZH_TECH_TITLE]


def test_all_terms_must_match_and_exclusions(library: Library) -> None:
    assert titles(library, "户籍 zebra") == []
    assert titles(library, "户籍 -春节") == [REFERENCE_TITLE]
    assert ZH_NOTICE_TITLE not in titles(library, '户籍 -"值班安排"')


def test_category_filters(library: Library) -> None:
    assert set(titles(library, "cat:新媒体")) == {
        REFERENCE_TITLE,
        ZH_NOTICE_TITLE,
        "这是一个非常非常长的中文标题用来测试列表的截断与对齐是否正确无误而且绝对不会溢出到下一列",
    }
    assert REFERENCE_TITLE in titles(library, "cat:新媒体/趣头条")
    assert ZH_NOTICE_TITLE not in titles(library, "cat:新媒体/趣头条")
    assert titles(library, "cat:分类") == [REFERENCE_TITLE]
    assert titles(library, "cat:tech/rust") == [EN_RUST_TITLE]
    assert titles(library, "cat:nothing-here") == []


def test_tag_author_and_dates(library: Library) -> None:
    assert set(titles(library, "tag:python")) == {ZH_TECH_TITLE, "Textual in the terminal"}
    assert titles(library, "author:张三") == [ZH_TECH_TITLE]
    assert titles(library, "author:rust") == [EN_RUST_TITLE]
    assert set(titles(library, "after:2023-01-01")) == {ZH_NOTICE_TITLE, "Textual in the terminal"}
    assert titles(library, "before:2016") == [EN_RUST_TITLE]
    assert titles(library, "after:2021-11-24 before:2021-11-25") == [REFERENCE_TITLE]


def test_sort_orders(library: Library) -> None:
    by_date = titles(library, "cat:新媒体 sort:date")
    assert by_date[0] == ZH_NOTICE_TITLE
    by_title = titles(library, "cat:tech sort:title")
    assert by_title == sorted(by_title, key=str.casefold)


def test_title_matches_rank_first(library_dir: Path) -> None:
    body = "户籍 " * 50
    (library_dir / "body.md").write_text(f"---\ntitle: 无关\n---\n{body}\n", encoding="utf-8")
    library = Library(library_dir)
    library.refresh()
    assert titles(library, "户籍")[0] == REFERENCE_TITLE


_RANKED_WORDS = ("户籍", "窗口", "quokka", "notice", "深度学习", "zebra")


def _write_ranked_library(folder: Path) -> None:
    """Articles with the words in their titles and bodies at random (seeded): some with a
    word in the title rank below some without, whose bodies hold the words more often."""
    chooser = random.Random(8)
    for number in range(80):
        title = " ".join(chooser.sample(_RANKED_WORDS, chooser.randint(0, 2)))
        title += " 题" * chooser.randint(0, 40)
        words = chooser.sample(_RANKED_WORDS, chooser.randint(1, 3))
        body = " ".join(
            chooser.choice((*words, "填充", "filler")) for _ in range(chooser.randint(5, 200))
        )
        (folder / f"r{number:02d}.md").write_text(
            f"---\ntitle: {title} {number}\ndate: 2024-01-{number % 28 + 1:02d}\n---\n{body}\n",
            encoding="utf-8",
        )


def _answer(library: Library, query: str, limit: int) -> list[tuple[str, float] | int]:
    results = library.search(query, limit=limit)
    found: list[tuple[str, float] | int] = [
        (hit.entry.title, round(hit.score, 4)) for hit in results.hits
    ]
    return [*found, results.total]


@pytest.mark.parametrize(
    "query",
    [
        "户籍",
        "quokka",
        "深度学习",
        "户籍 sort:date",
        "户籍 窗口 sort:date",
        "户籍 窗口",
        "户籍 quokka",
        "quokka notice",
        "深度学习 zebra",
        "quo 户籍",
        "notice OR 窗口",
        "户籍 -zebra 窗口",
        "户籍 窗口 quokka",
    ],
)
@pytest.mark.parametrize("limit", [1, 3, 5, 20])
def test_title_boosts_beside_the_query_change_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, limit: int
) -> None:
    """Title matches scored by optional clauses beside the query, or left out where they
    cannot change the order (one word, a date order): the hits, their order and scores,
    and the total are those of the query that has each word's title clause inside it."""
    from broadsheet.library.clauses import TEXT_FIELDS, Clauses

    _write_ranked_library(tmp_path)
    library = Library(tmp_path)
    library.refresh()
    answer = _answer(library, query, limit)

    def inside(self: Clauses, query: Query, *, title_only: bool = False, **_: object) -> object:
        return self.tree(query, ("title",) if title_only else TEXT_FIELDS)

    monkeypatch.setattr(Clauses, "build", inside)
    assert _answer(library, query, limit) == answer


def test_a_word_in_a_long_title_can_rank_below_words_in_a_body(tmp_path: Path) -> None:
    """The articles with a word in their title and the others, searched apart, are
    merged by score: the boost of a word lost in a long title does not win."""
    filler = "填 充 " * 300
    (tmp_path / "a.md").write_text(
        f"---\ntitle: 户籍 {'题 ' * 300}\n---\n户籍 窗口 {filler}\n", encoding="utf-8"
    )
    (tmp_path / "b.md").write_text("---\ntitle: 其他\n---\n" + "户籍 窗口 " * 20, encoding="utf-8")
    for number in range(20):
        (tmp_path / f"o{number}.md").write_text(f"---\ntitle: 无关\n---\n{filler}\n", "utf-8")
    library = Library(tmp_path)
    library.refresh()
    assert [hit.entry.title for hit in library.search("户籍 窗口", limit=1).hits] == ["其他"]
    assert titles(library, "户籍 窗口")[0] == "其他"


def test_a_word_in_the_title_still_ranks_an_article_of_two_words_higher(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: 户籍\n---\n窗口\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "---\ntitle: 其他\n---\n" + "户籍 窗口 " * 5 + "\n", encoding="utf-8"
    )
    library = Library(tmp_path)
    library.refresh()
    assert titles(library, "户籍 窗口") == ["户籍", "其他"]


def test_snippet_and_spans(library: Library) -> None:
    hit = library.search("刘彩霞").hits[0]
    assert "刘彩霞" in hit.snippet
    assert all(hit.snippet[s:e] == "刘彩霞" for s, e in hit.snippet_spans)
    assert hit.snippet_spans
    title_hit = library.search("户籍").hits[0]
    assert [title_hit.entry.title[s:e] for s, e in title_hit.title_spans] == ["户籍"]
    assert library.search("户籍").terms == ("户籍",)


def test_total_and_limit(library: Library) -> None:
    results = library.search("cat:新媒体", limit=1)
    assert len(results.hits) == 1 and results.total == 3


def test_invalid_query_raises_query_error(library: Library) -> None:
    with pytest.raises(QueryError):
        library.search('"unbalanced')


def test_prefix_phrases_with_punctuation(library_dir: Path) -> None:
    (library_dir / "node.md").write_text(
        "---\ntitle: Node notes\n---\nC++ programming and node.js tutorials\n", encoding="utf-8"
    )
    library = Library(library_dir)
    library.refresh()
    assert titles(library, "node.js tut") == ["Node notes"]
    assert titles(library, "c++ prog") == ["Node notes"]
    assert titles(library, '"node.js"') == ["Node notes"]


def test_search_within_a_category_path_is_exact(library_dir: Path) -> None:
    """The reader's category filter is a path: a same-named category deeper down is not it."""
    (library_dir / "w1.md").write_text(
        '---\ntitle: top\ncategories: ["A \\"q\\"", x]\n---\nwombat\n', encoding="utf-8"
    )
    (library_dir / "w2.md").write_text(
        '---\ntitle: deep\ncategories: [B, "A \\"q\\""]\n---\nwombat\n', encoding="utf-8"
    )
    library = Library(library_dir)
    library.refresh()
    assert {hit.entry.title for hit in library.search("wombat").hits} == {"top", "deep"}
    within = library.search("wombat", within=('A "q"',))
    assert [hit.entry.title for hit in within.hits] == ["top"]
    assert [hit.entry.title for hit in library.search("wombat", within=("B",)).hits] == ["deep"]


def test_two_characters_match_as_neighbours_only(library_dir: Path) -> None:
    """Two-character queries use the indexed pairs: same answers as the phrase of units."""
    (library_dir / "n.md").write_text(
        "---\ntitle: n\n---\n<p>深度、学习 and 机\n器 and 鸭 嘴</p>\n", encoding="utf-8"
    )
    library = Library(library_dir)
    library.refresh()
    assert "n" not in titles(library, "度学")  # punctuation between: not neighbours
    assert "n" in titles(library, "深度")
    assert "n" in titles(library, "机器")  # a line break between CJK characters is no gap
    assert "n" in titles(library, "鸭嘴")
    assert "n" in titles(library, '"机器"')
    assert "n" not in titles(library, "深度 -机器")


def test_longer_chinese_phrases_match_across_line_breaks_and_spaces_not_punctuation(
    library_dir: Path,
) -> None:
    (library_dir / "n.md").write_text(
        "---\ntitle: 人工智能\n---\n<p>户籍\n窗口、深度学 习</p>\n",
        encoding="utf-8",
    )
    library = Library(library_dir)
    library.refresh()
    assert "人工智能" in titles(library, "人工智能")
    assert "人工智能" in titles(library, "户籍窗口")  # a line break is no gap
    assert "人工智能" in titles(library, "度学习")  # nor a space
    assert "人工智能" not in titles(library, "窗口深度")  # punctuation between
    assert "人工智能" not in titles(library, "人工智慧能")


def test_shedding_the_index_pages_changes_no_answer(
    library: Library, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long-lived reader opens its full-text index again when the pages its searches
    mapped add up (``FullText.shed_pages``): the searches before and after, and the
    snippets of hits found before it, are the same; a search that indexes what arrived
    meanwhile still works."""
    from broadsheet.library import fulltext

    monkeypatch.setattr(fulltext, "PAGES_KEPT", 0)
    monkeypatch.setattr(fulltext, "SHED_EVERY", 1)
    text = library._index.fulltext
    text._mapped_before = 0  # any page counts (the pages mapped now may be fewer)
    before = library.search("户籍", limit=5)
    snippets = [hit.snippet for hit in before.hits]
    old_index = text._index
    again = library.search("户籍", limit=5)
    assert text._index is not old_index  # opened again before this search
    assert [hit.entry.id for hit in again.hits] == [hit.entry.id for hit in before.hits]
    assert [hit.snippet for hit in again.hits] == snippets
    assert text.shed_pages()
    (library_dir / "new.md").write_text("---\ntitle: 户籍新规\n---\n户籍窗口\n")
    library.update()
    assert "户籍新规" in {hit.entry.title for hit in library.search("户籍").hits}
    monkeypatch.setattr(fulltext, "SHED_EVERY", 10**9)
    kept = text._index
    library.search("户籍")
    assert text._index is kept
