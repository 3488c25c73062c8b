"""Links between articles: relative paths, Hexo post_link slugs, the site's own addresses;
the article's original web page; back and forward."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from broadsheet.library.history import History
from broadsheet.library.library import Library
from broadsheet.library.links import link_target, original_url
from broadsheet.render.document import Document
from broadsheet.render.hexo import expand_hexo

FIRST = """---
title: First post
date: 2020-01-01
permalink: https://blog.example.com/2020/01/first-post/
---
See [the second](../second/second-post.md), {% post_link second-post %},
{% post_link second-post "our second" %}, [the site's](https://blog.example.com/2020/02/second-post/)
and [elsewhere](https://other.example.com/second-post/).
"""
SECOND = """---
title: 第二篇文章
date: 2020-02-01
link: "https://blog.example.com/2020/02/second-post/"
---
Back to {% post_link First post %} and [a missing one](nope.md).
"""


def _library(tmp_path: Path) -> Library:
    root = tmp_path / "blog"
    (root / "first").mkdir(parents=True)
    (root / "second").mkdir()
    (root / "first" / "first-post.md").write_text(FIRST, encoding="utf-8")
    (root / "second" / "second-post.md").write_text(SECOND, encoding="utf-8")
    library = Library(root)
    library.refresh()
    return library


def _by_title(library: Library, title: str) -> str:
    return next(entry.id for entry in library.entries() if entry.title == title)


def test_links_resolve_to_articles_of_the_library(tmp_path: Path) -> None:
    library = _library(tmp_path)
    first = library.article(_by_title(library, "First post"))
    second_id = _by_title(library, "第二篇文章")
    assert library.link_target(first, "../second/second-post.md") == second_id
    assert library.link_target(first, "post:second-post") == second_id
    assert library.link_target(first, "https://blog.example.com/2020/02/second-post/") == second_id
    assert library.link_target(first, "https://other.example.com/second-post/") is None
    assert library.link_target(first, "mailto:a@example.com") is None
    assert library.link_target(first, "#section") is None
    second = library.article(second_id)
    assert library.link_target(second, "post:First post") == first.id  # by title
    assert library.link_target(second, "nope.md") is None
    assert library.link_target(second, "../../outside.md") is None


def test_original_url_is_http_only(tmp_path: Path) -> None:
    library = _library(tmp_path)
    second = library.article(_by_title(library, "第二篇文章"))
    assert original_url(second) == "https://blog.example.com/2020/02/second-post/"
    first = library.article(_by_title(library, "First post"))
    assert original_url(first) == "https://blog.example.com/2020/01/first-post/"
    hostile = replace(first, front_matter="url: javascript:alert(1)\nsource: ftp://x/y\n")
    assert original_url(hostile) is None


def test_post_link_shows_the_target_title_as_a_link() -> None:
    titles = {"second-post": "第二篇文章"}
    expanded = expand_hexo("a {% post_link second-post %} b", titles.get)
    assert expanded == "a [第二篇文章](<post:second-post>) b"
    assert expand_hexo("{% post_link gone %}", titles.get) == "gone"  # not in the library
    assert expand_hexo("{% post_link second-post %}") == "second-post"  # no lookup: as before
    document = Document.from_article(None, "x {% post_link second-post %} y\n\n---\n")
    assert "second-post" in document.plain_text


def test_resolution_is_a_pure_function_of_callbacks(tmp_path: Path) -> None:
    library = _library(tmp_path)
    source = replace(library.article(_by_title(library, "First post")), relpath="a/b.md")
    paths = {"a/c.md": "C", "d.md": "D"}
    found = link_target(source, "c.md", by_path=paths.get, by_slug=lambda slug: None)
    assert found == "C"
    assert link_target(source, "/d.md", by_path=paths.get, by_slug=lambda slug: None) == "D"
    assert link_target(source, "x.png", by_path=paths.get, by_slug=lambda s: "X") is None


def test_history_back_and_forward() -> None:
    history = History()
    assert history.back() is None
    history.visit("a")
    history.visit("a")  # the same again is not a new visit
    history.visit("b")
    history.leave(120)
    back = history.back()
    assert back is not None and back.article_id == "a"
    forward = history.forward()
    assert forward is not None and (forward.article_id, forward.offset) == ("b", 120)
    history.back()
    history.visit("c")  # a new article after going back drops "b"
    assert not history.can_go_forward
    assert [history.back(), history.back()][0] is not None
    small = History(limit=2)
    for name in "xyz":
        small.visit(name)
    assert small.back() is not None and small.back() is None


def test_history_follows_articles_whose_files_moved() -> None:
    history = History()
    for name in ("a", "b", "c"):
        history.visit(name)
    history.leave(7)
    history.moved({"a": "a2", "c": "c2"})
    current = history.current
    assert current is not None and (current.article_id, current.offset) == ("c2", 7)
    assert [visit.article_id for visit in (history.back(), history.back())] == ["b", "a2"]
