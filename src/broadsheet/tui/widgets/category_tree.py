"""The category tree: every category with its unread and article counts, collapsible."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar, Final

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from broadsheet.library.article import CategoryPath
from broadsheet.library.results import CategoryNode
from broadsheet.library.unread import UnreadTally
from broadsheet.tui.cells import one_line
from broadsheet.tui.keymap import bindings
from broadsheet.tui.widgets.follow_focus import KeysFollowFocus

ALL_ARTICLES = "All articles"
NAME_MIN: Final = 8
"""Cells of a category's name kept before its article count gives way (unread stays)."""


class CategoryTree(KeysFollowFocus, Tree[CategoryPath], inherit_bindings=False):
    """The category tree; choosing a node (enter or a click) filters the list to it.

    The root stands for the whole library (an empty path).
    """

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("categories")]

    DEFAULT_CSS = """
    CategoryTree {
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    """

    class Chosen(Message):
        """The user chose a category (an empty path means the whole library)."""

        def __init__(self, path: CategoryPath) -> None:
            self.path = path
            super().__init__()

    class Browsed(Message):
        """The user moved the cursor onto a category: the list follows it."""

        def __init__(self, path: CategoryPath) -> None:
            self.path = path
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """An empty tree; :meth:`show_categories` fills it."""
        super().__init__(Text(ALL_ARTICLES), (), id=id, classes=classes)
        self.auto_expand = False
        self.show_root = True
        self.guide_depth = 2
        self.tally: UnreadTally | None = None
        """Unread counts shown before each count (``2/14``), when known."""
        self._counts: dict[CategoryPath, int | None] = {(): None}
        self._node_of: dict[CategoryPath, TreeNode[CategoryPath]] = {(): self.root}
        self._drawn: dict[CategoryPath, tuple[int | None, int | None]] = {}
        """The counts each node's label shows (count, unread)."""
        self._shape: frozenset[CategoryPath] | None = None
        """The categories shown (their paths say where each is)."""
        self._muted: Style | None = None

    def show_categories(
        self, roots: Sequence[CategoryNode], total: int | None, *, active: CategoryPath = ()
    ) -> None:
        """Show ``roots``, keeping open what was open, with the cursor on ``active``.

        When the categories are the same as shown (only their counts changed: files
        arrived in known categories, as in a burst), only the labels that changed are
        redrawn, in the order shown (the tree does not reshuffle under the user while
        the folder changes; biggest first again once a category comes or goes), and
        the cursor stays where it is; otherwise the tree is rebuilt.
        """
        shape = _shape(roots)
        if shape == self._shape:
            self._relabel(roots)
            self.show_total(total)
            return
        expanded = {node.data for node in self._all_nodes() if node.is_expanded}
        self.clear()
        self._shape = shape
        self._node_of = {(): self.root}
        self._drawn = {}
        self._counts = {(): total}
        self.root.set_label(self.root_label(total))
        self.root.data = ()
        self._add(self.root, roots, expanded | set(_ancestors(active)))
        self.root.expand()
        self.move_to(active)

    def _add(
        self, parent: TreeNode[CategoryPath], nodes: Sequence[CategoryNode], expanded: set[object]
    ) -> None:
        for node in nodes:
            label = self._label_of(node.name, node.path, node.count)
            if node.children:
                child = parent.add(label, node.path, expand=node.path in expanded)
                self._add(child, node.children, expanded)
            else:
                child = parent.add_leaf(label, node.path)
            self._node_of[node.path] = child

    def _relabel(self, nodes: Sequence[CategoryNode]) -> None:
        """New counts on the nodes shown (the same categories, in the same places)."""
        for node in nodes:
            self._relabel(node.children)
            if self._drawn.get(node.path) != (node.count, self._unread(node.path)):
                self._node_of[node.path].set_label(self._label_of(node.name, node.path, node.count))

    def _label_of(self, name: str, path: CategoryPath, count: int | None) -> Text:
        """The label of the category ``path`` (noting the counts it shows)."""
        unread = self._unread(path)
        self._counts[path] = count
        self._drawn[path] = (count, unread)
        return self._label(name, count, unread)

    def show_total(self, total: int | None) -> None:
        """The number of articles in the library on the root (redrawn only when it changed:
        the root is drawn on every line, so a new label repaints the whole tree)."""
        if self._drawn.get(()) != (total, self._unread(())):
            self.root.set_label(self.root_label(total))

    def root_label(self, total: int | None) -> Text:
        """The label of the whole library, with its counts when known."""
        return self._label_of(ALL_ARTICLES, (), total)

    def show_unread(
        self, tally: UnreadTally | None, paths: Collection[CategoryPath] | None = None
    ) -> None:
        """Show ``tally``'s unread counts on every node (or only on those of ``paths``)."""
        self.tally = tally
        for node in self._all_nodes():
            path = node.data
            if path is None or (paths is not None and path not in paths):
                continue
            name = path[-1] if path else ALL_ARTICLES
            node.set_label(self._label_of(name, path, self._counts.get(path)))

    def _unread(self, path: CategoryPath) -> int | None:
        return self.tally.unread(path) if self.tally is not None else None

    def notify_style_update(self) -> None:
        """The theme changed: the counts' colour is looked up again for new labels."""
        super().notify_style_update()
        self._muted = None

    def _label(self, name: str, count: int | None, unread: int | None = None) -> Text:
        # Category names come from articles: Text, never markup.
        if self._muted is None:  # looked up once: a tree of 300 labels asked 300 times
            self._muted = self.get_component_rich_style("tree--guides", partial=True) or Style(
                dim=True
            )
        muted = self._muted
        label = Text(one_line(name), no_wrap=True, end="")
        if unread and count is not None:
            label.append(f" {unread:,}", "bold")
            label.append(f"/{count:,}", muted)
        elif count is not None:
            label.append(f" {count:,}", muted)
        return label

    def render_label(self, node: TreeNode[CategoryPath], base_style: Style, style: Style) -> Text:
        """The node's label, its name shortened (never its count) to fit the pane."""
        text = super().render_label(node, base_style, style)
        if not node.allow_expand:
            # Where its siblings have their fold mark: the names line up.
            text = Text.assemble(" " * cell_len(self.ICON_NODE), text, no_wrap=True, end="")
        depth = 0
        parent = node.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        guides = self.guide_depth * (depth if self.show_root else depth - 1)
        room = self.scrollable_content_region.width - guides - 1
        if room <= 0 or text.cell_len <= room:
            return text
        plain = text.plain
        count_start = plain.rfind(" ")
        counts = plain[count_start + 1 :].replace(",", "").replace("/", "")
        if count_start <= 0 or not counts.isdigit():
            text.truncate(room, overflow="ellipsis")
            return text
        name, count = text[:count_start], text[count_start:]
        slash = count.plain.find("/")
        if slash > 0 and room - count.cell_len < NAME_MIN:
            # A name squeezed to "…" says nothing: the unread count alone then, which
            # is what a reader looks for (the total shows in the list's heading).
            count = count[:slash]
        fits = max(1, room - count.cell_len)
        at = name.plain.find(ALL_ARTICLES) if node is self.root else -1
        if at >= 0 and name.cell_len > fits:
            # "All" says what "All arti…" does, in fewer cells.
            name = name[: at + len("All")]
        name.truncate(fits, overflow="ellipsis")
        return Text.assemble(name, count, no_wrap=True, end="")

    def _all_nodes(self) -> list[TreeNode[CategoryPath]]:
        nodes: list[TreeNode[CategoryPath]] = []
        pending = [self.root]
        while pending:
            node = pending.pop()
            nodes.append(node)
            pending.extend(node.children)
        return nodes

    def move_to(self, path: CategoryPath) -> None:
        """Put the cursor on the node of ``path`` (opening its ancestors)."""
        node = self.root
        for depth in range(1, len(path) + 1):
            match = next((c for c in node.children if c.data == path[:depth]), None)
            if match is None:
                break
            node.expand()
            node = match
        self.call_after_refresh(self._move_cursor_to, node)

    def _move_cursor_to(self, node: TreeNode[CategoryPath]) -> None:
        self.move_cursor(node, animate=False)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[CategoryPath]) -> None:
        """While the user moves through the tree, the list shows the category under the cursor.

        Only with the focus: the cursor also moves when the tree is rebuilt.
        """
        event.stop()
        if self.has_focus and event.node.data is not None:
            self.post_message(self.Browsed(event.node.data))

    def on_tree_node_selected(self, event: Tree.NodeSelected[CategoryPath]) -> None:
        """Turn Tree's selection into a choice of category."""
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Chosen(event.node.data))


def _shape(nodes: Sequence[CategoryNode]) -> frozenset[CategoryPath]:
    """The categories of a tree (the paths say which is whose child)."""
    paths: set[CategoryPath] = set()
    pending = list(nodes)
    while pending:
        node = pending.pop()
        paths.add(node.path)
        pending.extend(node.children)
    return frozenset(paths)


def _ancestors(path: CategoryPath) -> list[CategoryPath]:
    return [path[:depth] for depth in range(1, len(path))]
