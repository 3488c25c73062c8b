"""The category tree: counts, filtering to a category and its descendants, the breadcrumb."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from tests.conftest import LIBRARY_TITLES, LONG_TITLE, REFERENCE_TITLE, ZH_NOTICE_TITLE
from tests.tui.helpers import NARROW, WIDE, AppFactory, main_screen, settle
from textual.pilot import Pilot
from textual.widgets.tree import TreeNode

from broadsheet.library.article import CategoryPath
from broadsheet.tui.widgets.breadcrumb import Breadcrumb
from broadsheet.tui.widgets.category_tree import CategoryTree

NEW_MEDIA_TITLES = {REFERENCE_TITLE, ZH_NOTICE_TITLE, LONG_TITLE}


def _node(tree: CategoryTree, path: CategoryPath) -> TreeNode[CategoryPath]:
    pending = [tree.root]
    while pending:
        node = pending.pop()
        if node.data == path:
            return node
        pending.extend(node.children)
    raise AssertionError(f"no node for {path}")


async def _choose(pilot: Pilot[int], path: CategoryPath) -> None:
    tree = main_screen(pilot).query_one(CategoryTree)
    await pilot.press("c")
    tree.move_to(path)
    await pilot.pause()
    assert tree.cursor_node is not None and tree.cursor_node.data == path
    await pilot.press("enter")
    await settle(pilot)


async def test_tree_shows_categories_with_counts(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        tree = main_screen(pilot).query_one(CategoryTree)
        # unread/count: nothing is read yet
        total = len(LIBRARY_TITLES)
        assert str(tree.root.label) == f"All articles {total}/{total}"
        new_media = _node(tree, ("新媒体",))
        assert str(new_media.label) == "新媒体 3/3"  # includes 趣头条 and 趣头条/分类
        assert str(_node(tree, ("新媒体", "趣头条")).label) == "趣头条 2/2"
        assert {str(child.label) for child in tree.root.children} >= {"技术 1/1", "Tech 2/2"}


async def test_choosing_a_category_filters_to_it_and_its_descendants(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _choose(pilot, ("新媒体",))
        screen = main_screen(pilot)
        assert {e.title for e in screen.article_list.entries} == NEW_MEDIA_TITLES
        assert app.focused is screen.article_list
        crumb = screen.query_one(Breadcrumb).as_text().plain
        assert crumb.startswith("All › 新媒体") and "3 articles" in crumb
        await _choose(pilot, ("新媒体", "趣头条", "分类"))
        assert [e.title for e in screen.article_list.entries] == [REFERENCE_TITLE]
        assert "All › 新媒体 › 趣头条 › 分类" in screen.query_one(Breadcrumb).as_text().plain


async def test_escape_clears_the_category(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _choose(pilot, ("Tech",))
        screen = main_screen(pilot)
        assert screen.article_list.row_count == 2
        await pilot.press("escape")
        await settle(pilot)
        assert screen.filter.category == ()
        assert screen.article_list.row_count == len(LIBRARY_TITLES)


async def test_space_folds_a_category(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        tree = main_screen(pilot).query_one(CategoryTree)
        await pilot.press("c")
        node = _node(tree, ("新媒体",))
        tree.move_cursor(node)
        await settle(pilot)
        before = node.is_expanded
        shown = main_screen(pilot).filter
        await pilot.press("space")
        await settle(pilot)
        assert node.is_expanded is not before
        assert main_screen(pilot).filter == shown  # folding does not change the filter


async def test_narrow_category_choice_shows_the_list(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await _choose(pilot, ("技术",))
        screen = main_screen(pilot)
        assert screen.pane == "list"
        assert screen.article_list.region and not screen.query_one(CategoryTree).region
        assert screen.article_list.row_count == 1


async def test_moving_through_the_tree_filters_the_list(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("c")
        tree = screen.query_one(CategoryTree)
        assert tree.cursor_node is tree.root
        await pilot.press("j")
        await settle(pilot)
        assert tree.cursor_node is not None and tree.cursor_node.data
        path = tree.cursor_node.data
        assert screen.filter.category == path
        assert app.focused is tree  # browsing keeps the focus in the tree
        assert all(e.category[: len(path)] == path for e in screen.article_list.entries)
        await pilot.press("k")
        await settle(pilot)
        assert screen.filter.category == ()
        assert screen.article_list.row_count == len(LIBRARY_TITLES)


async def test_a_rescan_does_not_move_the_filter(make: AppFactory) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.choose_category(("Tech",))
        await settle(pilot)
        screen.load_categories()  # the tree is rebuilt, its cursor moves
        await settle(pilot)
        assert screen.filter.category == ("Tech",)
        assert screen.article_list.row_count == 2


async def test_c_j_enter_sent_at_once_filters_by_a_category(make: AppFactory) -> None:
    """A script's ``c j enter`` chooses a category; it does not open an article."""
    from textual import events

    for size in (WIDE, NARROW):
        app = make()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = main_screen(pilot)
            for key, char in [("c", "c"), ("j", "j"), ("enter", "\r")]:
                app.post_message(events.Key(key, char))
            await settle(pilot)
            assert screen.filter.category != ()
            assert screen.reader.article_id is None


async def _label_at(pilot: Pilot[int], node: TreeNode[CategoryPath], width: int) -> str:
    """How the tree draws ``node`` at ``width`` cells."""
    tree = main_screen(pilot).query_one(CategoryTree)
    tree.styles.width = width
    await pilot.pause()
    return tree.render_label(node, Style(), Style()).plain


async def test_a_narrow_tree_keeps_names_and_drops_the_article_count_first(
    make: AppFactory,
) -> None:
    # At 100,000 articles "25,639/25,639" would leave a name of one "…".
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        tree = main_screen(pilot).query_one(CategoryTree)
        node = _node(tree, ("新媒体",))
        node.set_label(Text("新媒体新闻客户端 25,639/25,639"))
        shown = await _label_at(pilot, node, 18)
        assert "25,639" in shown and "/25,639" not in shown, shown
        assert "新媒" in shown, shown  # the name keeps its room
        assert "25,639/25,639" in await _label_at(pilot, node, 60)


async def test_a_narrow_tree_calls_its_root_all_rather_than_cutting_its_name(
    make: AppFactory,
) -> None:
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        root = main_screen(pilot).query_one(CategoryTree).root
        root.set_label(Text("All articles 203,000"))
        assert (await _label_at(pilot, root, 18)).endswith("All 203,000")
        assert "All articles 203,000" in await _label_at(pilot, root, 60)
