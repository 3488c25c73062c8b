"""Article bodies to blocks: HTML through html2text, Markdown directly, both via markdown-it.

HTML is parsed as Markdown with raw HTML disabled, so a stray tag is literal text. A Markdown
body is parsed with HTML enabled: raw HTML blocks are sanitized and take the HTML path, and
inline tags are honoured or dropped by :mod:`broadsheet.render.inline`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from markdown_it import MarkdownIt
from markdown_it.token import Token

from broadsheet.render.blocks import (
    Align,
    Block,
    CodeBlock,
    Heading,
    Inline,
    ListBlock,
    Marker,
    Paragraph,
    Quote,
    Rule,
    Table,
    TableRow,
)
from broadsheet.render.fromhtml import html_to_markdown
from broadsheet.render.inline import RESTORE, InlineContext, build_inline
from broadsheet.render.sanitize import MARK, drop_active_content
from broadsheet.render.styles import TAB_SIZE

MAX_PARSER_NESTING: Final = 100
"""markdown-it drops whatever lies deeper than its nesting limit (20 by default)."""
MAX_QUOTE_DEPTH: Final = 32
# Each unit ends at its ">", so the pattern cannot backtrack exponentially.
_DEEP_QUOTE_RE: Final = re.compile(rf"(?m)^((?:[ \t]*>){{{MAX_QUOTE_DEPTH}}})(?:[ \t]*>)+")
_ALIGNS: Final[dict[str, Align]] = {"left": "left", "center": "center", "right": "right"}


def markdown_parser(*, html: bool) -> MarkdownIt:
    """CommonMark with tables and strikethrough; ``html=False`` for html2text's output,
    which also has its entities already decoded."""
    options = {"html": html, "maxNesting": MAX_PARSER_NESTING}
    parser = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    if not html:
        parser.disable("entity")
    return parser


class _TableBuilder:
    """Collects the blocks between table markers into rows and cells."""

    def __init__(self) -> None:
        self.caption: list[Block] = []
        self.rows: list[tuple[bool, list[list[Block]]]] = []
        self.current: list[Block] | None = None

    def row(self, header: bool) -> None:
        """Start a row."""
        self.rows.append((header, []))
        self.current = None

    def cell(self, header: bool, span: int) -> None:
        """Start a cell spanning ``span`` columns."""
        if not self.rows:
            self.row(header)
        row_header, cells = self.rows[-1]
        self.rows[-1] = (row_header or header, cells)
        self.current = []
        cells.append(self.current)
        # A spanned cell is padded with empty ones so later columns stay aligned.
        cells.extend([] for _ in range(max(0, min(span, 50) - 1)))

    def add(self, block: Block) -> None:
        """Put a block into the current cell (before any row: into the caption)."""
        if not self.rows:
            self.caption.append(block)
            return
        if self.current is None:
            self.current = []
            self.rows[-1][1].append(self.current)
        self.current.append(block)

    def build(self) -> list[Block]:
        """The caption blocks and the table."""
        rows = tuple(
            TableRow(tuple(cell_inline(cell) for cell in cells), header)
            for header, cells in self.rows
            if cells
        )
        blocks = list(self.caption)
        if rows:
            blocks.append(Table(rows))
        return blocks


def cell_inline(blocks: list[Block] | tuple[Block, ...]) -> Inline:
    """The text of a table cell's blocks, one line per paragraph."""
    parts: list[Inline] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(block.inline)
        elif isinstance(block, Heading):
            parts.append(block.inline.styled("strong"))
        elif isinstance(block, CodeBlock):
            parts.append(Inline(block.code, ((0, len(block.code), "code"),)))
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, block.start):
                marker = f"{number}. " if block.ordered else "• "
                parts.append(Inline.join([Inline(marker), cell_inline(item)], ""))
        elif isinstance(block, Quote):
            parts.append(cell_inline(block.children))
        elif isinstance(block, Table):
            for row in block.rows:
                parts.append(Inline.join(row.cells, " | "))
    return Inline.join([part for part in parts if part.text])


def assemble(blocks: list[Block]) -> list[Block]:
    """Fold marker paragraphs into tables and code languages."""
    out: list[Block] = []
    stack: list[_TableBuilder] = []
    lang = ""

    def emit(block: Block) -> None:
        """Into the innermost open table, else out."""
        if stack:
            stack[-1].add(block)
        else:
            out.append(block)

    for block in blocks:
        if not isinstance(block, Marker):
            if lang and isinstance(block, CodeBlock) and not block.lang:
                emit(CodeBlock(block.code, lang))
            else:
                emit(block)
            lang = ""
            continue
        kind, argument = block.kind, block.argument
        if kind == "L":
            lang = argument
        elif kind == "T":
            stack.append(_TableBuilder())
        elif kind == "t":
            if stack:
                for built in stack.pop().build():
                    emit(built)
        elif kind in ("R", "C", "H"):
            if not stack:
                stack.append(_TableBuilder())
            if kind == "R":
                stack[-1].row(argument == "h")
            else:
                stack[-1].cell(
                    kind == "H", int(argument) if argument.isascii() and argument.isdigit() else 1
                )
    while stack:
        for built in stack.pop().build():
            emit(built)
    return out


class Converter:
    """Turns body chunks into blocks, numbering links in one registry across chunks."""

    def __init__(self, context: InlineContext) -> None:
        """Use ``context`` for link numbers, image labels and line breaks."""
        self.context = context
        self._markdown = markdown_parser(html=True)
        self._from_html = markdown_parser(html=False)

    def html(self, markup: str) -> list[Block]:
        """Blocks of a sanitized HTML fragment."""
        if not markup.strip():
            return []
        tokens = self._from_html.parse(_DEEP_QUOTE_RE.sub(r"\1", html_to_markdown(markup)))
        return self._container(tokens, 0, len(tokens))[0]

    def markdown(self, text: str, references: Mapping[str, Any] | None = None) -> list[Block]:
        """Blocks of a Markdown chunk; ``references`` are the whole document's link
        reference definitions (markdown-it's ``env["references"]``)."""
        env: dict[str, Any] = {"references": dict(references or {})}
        tokens = self._markdown.parse(_DEEP_QUOTE_RE.sub(r"\1", text), env)
        return self._container(tokens, 0, len(tokens))[0]

    def _container(self, tokens: list[Token], index: int, end: int) -> tuple[list[Block], int]:
        """Blocks from ``tokens[index]`` until the closing token at nesting level -1."""
        blocks: list[Block] = []
        while index < end:
            token = tokens[index]
            kind = token.type
            if token.nesting == -1:
                return assemble(blocks), index + 1
            if kind == "paragraph_open":
                inline = build_inline(tokens[index + 1].children, self.context)
                if inline.text.startswith(MARK):
                    blocks.append(Marker(inline.text[1:2], inline.text[2:].strip()))
                elif inline.text.strip():
                    blocks.append(Paragraph(inline))
                index += 3
            elif kind == "heading_open":
                inline = build_inline(tokens[index + 1].children, self.context)
                if inline.text.strip():
                    blocks.append(Heading(int(token.tag[1:]), inline))
                index += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                block, index = self._list(tokens, index, end)
                blocks.append(block)
            elif kind == "blockquote_open":
                children, index = self._container(tokens, index + 1, end)
                if children:
                    blocks.append(Quote(tuple(children)))
            elif kind in ("fence", "code_block"):
                lang = token.info.split()[0] if token.info.strip() else ""
                blocks.append(CodeBlock(_code(token.content), lang.removeprefix("lang:")))
                index += 1
            elif kind == "hr":
                blocks.append(Rule())
                index += 1
            elif kind == "html_block":
                blocks.extend(self.html(drop_active_content(token.content)))
                index += 1
            elif kind == "table_open":
                table, index = self._table(tokens, index + 1, end)
                blocks.append(table)
            elif token.nesting == 1:
                children, index = self._container(tokens, index + 1, end)
                blocks.extend(children)
            else:
                index += 1
        return assemble(blocks), index

    def _list(self, tokens: list[Token], index: int, end: int) -> tuple[ListBlock, int]:
        opening = tokens[index]
        ordered = opening.type == "ordered_list_open"
        start = int(str(opening.attrGet("start") or 1)) if ordered else 1
        items: list[tuple[Block, ...]] = []
        tight = True
        index += 1
        while index < end and tokens[index].nesting != -1:
            if tokens[index].type == "list_item_open":
                level = tokens[index].level
                tight = tight and all(
                    token.hidden
                    for token in tokens[index + 1 : index + 2]
                    if token.type == "paragraph_open" and token.level == level + 1
                )
                children, index = self._container(tokens, index + 1, end)
                items.append(tuple(children))
            else:
                index += 1
        return ListBlock(ordered, start, tuple(items), tight), index + 1

    def _table(self, tokens: list[Token], index: int, end: int) -> tuple[Table, int]:
        rows: list[TableRow] = []
        aligns: list[Align] = []
        cells: list[Inline] = []
        header = False
        while index < end and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                header = True
            elif token.type == "tbody_open":
                header = False
            elif token.type == "tr_open":
                cells = []
            elif token.type == "tr_close":
                rows.append(TableRow(tuple(cells), header))
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrGet("style") or "")
                if header:
                    aligns.append(_ALIGNS.get(style.partition(":")[2].strip(), "left"))
                cells.append(build_inline(tokens[index + 1].children, self.context))
                index += 2
            index += 1
        return Table(tuple(rows), tuple(aligns)), index + 1


def _code(content: str) -> str:
    return content.expandtabs(TAB_SIZE).translate(RESTORE).rstrip("\n")
