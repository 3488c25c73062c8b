"""Real data: the reference article and the shared corpora parse as a reader expects."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Final

import pytest

from broadsheet.library.article import ParsedArticle, Unreadable
from broadsheet.library.dates import parse_date
from broadsheet.library.parse import parse_file
from broadsheet.library.scan import walk

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
REFERENCE: Final = REPO_ROOT / "articles" / "000_c4cd4a57b93743cd.md"
CORPORA: Final = REPO_ROOT.parent / "shared" / "corpora"
HEXO: Final = CORPORA / "hexo-zh"
TOML: Final = CORPORA / "toml-en"

needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason=f"{CORPORA} is not here")


def test_reference_article() -> None:
    parsed = parse_file(REFERENCE, REFERENCE.parent)
    assert isinstance(parsed, ParsedArticle)
    article = parsed.article
    assert article.title == "坚守户籍_小窗口_ 诠释为民_大情怀_"
    assert article.date is not None
    assert article.date.isoformat() == "2021-11-24T09:10:49+00:00"
    assert article.categories == (("新媒体", "趣头条", "分类"),)
    assert article.author == "趣头条"
    assert article.body_kind == "html"
    assert "户籍窗口" in parsed.text
    assert "小窗口" in parsed.text
    assert article.notes == ()
    assert article.summary.startswith("刘彩霞，女，中共党员")
    assert len(article.summary) <= 200
    assert "<" not in parsed.text


def _files(root: Path) -> Iterator[Path]:
    for info in walk(root):
        yield Path(info.path)


@needs_corpora
@pytest.mark.parametrize("corpus", [HEXO, TOML], ids=["hexo-zh", "toml-en"])
def test_every_corpus_file_parses(corpus: Path) -> None:
    files = list(_files(corpus))
    assert len(files) > 300
    for file in files:
        result = parse_file(file, corpus)
        assert isinstance(result, ParsedArticle | Unreadable), file
        if isinstance(result, ParsedArticle):
            assert result.article.title, file
            assert result.article.date is None or result.article.date.tzinfo is not None


@needs_corpora
def test_toml_articles_take_their_date_from_the_path_key() -> None:
    dated = 0
    for file in _files(TOML):
        result = parse_file(file, TOML)
        assert isinstance(result, ParsedArticle)
        match = re.search(
            r'^path = "(?:[\w-]+/)?(\d{4})/(\d\d)/(\d\d)/', result.article.front_matter
        )
        if match is None:
            continue
        expected = parse_date("-".join(match.groups()))
        assert result.article.date == expected, file
        dated += 1
    assert dated > 700


@needs_corpora
def test_toml_release_post() -> None:
    result = parse_file(TOML / "content" / "Rust-1.88.0.md", TOML)
    assert isinstance(result, ParsedArticle)
    assert result.article.title == "Announcing Rust 1.88.0"
    assert result.article.date == parse_date("2025-06-26")
    assert result.article.author == "The Rust Release Team"
    assert result.article.body_kind == "markdown"
    assert result.article.front_matter_format == "toml"


@needs_corpora
def test_hexo_categories_come_out_as_paths() -> None:
    paths = set()
    for file in _files(HEXO):
        result = parse_file(file, HEXO)
        assert isinstance(result, ParsedArticle)
        assert result.article.body_kind == "markdown", file
        assert isinstance(result.article.date, datetime), file
        paths.update(result.article.categories)
    assert ("前端相关",) in paths
    assert ("前端相关", "自建vue组件 air-ui") in paths
    assert all(isinstance(path, tuple) and all(path) for path in paths)


@needs_corpora
def test_hexo_post_link_and_more_mark() -> None:
    result = parse_file(HEXO / "source" / "_posts" / "ddos-spot.md", HEXO)
    assert isinstance(result, ParsedArticle)
    assert "之前有写过一篇 http-ddos 讲述" in result.text
    assert "{%" not in result.text
    page = parse_file(HEXO / "source" / "_posts" / "page-replace.md", HEXO)
    assert isinstance(page, ParsedArticle)
    assert page.article.summary.startswith("前言 之前项目有做了一个企业版的功能")
    assert "解决" not in page.article.summary
    assert "<!--more-->" not in page.text
