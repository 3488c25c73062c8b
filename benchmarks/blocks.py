"""Body blocks for the synthetic library: HTML and Markdown, built from the pools.

Each builder method returns encoded bytes, so a body is a ``b"".join`` of blocks and
its size is known while it grows (:func:`body_blocks` stops at a target size).
"""

from __future__ import annotations

import html
import random
from collections.abc import Sequence
from typing import Final, TypeVar

from sentences import Language, Zipf, tech_term
from vocab import CODE_SNIPPETS, IMAGE_CAPTIONS

T = TypeVar("T")


_PICSUM: Final = "https://picsum.photos"
_DOMAINS: Final = ("example.com", "example.org", "docs.example.net", "blog.example.cn")
_LINK_PATHS: Final = ("post", "docs", "article", "wiki", "p", "news")
_CODE_HTML: Final = tuple((lang, html.escape(src, quote=False)) for lang, src in CODE_SNIPPETS)
_CAPTIONS: Final = Zipf(IMAGE_CAPTIONS)


def _url(rng: random.Random) -> str:
    return f"https://{rng.choice(_DOMAINS)}/{rng.choice(_LINK_PATHS)}/{rng.randrange(1 << 20):x}"


def _image_url(rng: random.Random) -> str:
    width, height = rng.choice(((640, 360), (800, 600), (400, 300), (1200, 800)))
    return f"{_PICSUM}/{width}/{height}?random={rng.randrange(100_000)}"


def _cell(rng: random.Random, lang: Language) -> str:
    roll = rng.random()
    if roll < 0.35:
        return str(rng.randint(0, 99_999))
    if roll < 0.45:
        return f"{rng.randint(0, 100)}.{rng.randint(0, 9)}%"
    phrase = rng.choice(lang.short)
    return phrase[: rng.randint(2, 8)]


def _weighted_table(items: Sequence[T], weights: Sequence[int]) -> tuple[T, ...]:
    """Each item repeated by its weight: one uniform pick is then one weighted pick."""
    return tuple(item for item, weight in zip(items, weights, strict=True) for _ in range(weight))


_SENTENCE_COUNTS: Final = _weighted_table((1, 2, 3, 4, 5, 7), (8, 20, 25, 22, 15, 10))


def _sentence_count(rng: random.Random) -> int:
    return _SENTENCE_COUNTS[int(rng.random() * len(_SENTENCE_COUNTS))]


def _table_shape(rng: random.Random) -> tuple[int, int]:
    """Columns and rows; about one table in five is wide."""
    if rng.random() < 0.2:
        return rng.randint(8, 12), rng.randint(3, 10)
    return rng.randint(2, 5), rng.randint(2, 8)


class HtmlBlocks:
    """Builds the blocks of an HTML body (each returns encoded bytes)."""

    def paragraph(self, rng: random.Random, lang: Language) -> bytes:
        """A ``<p>`` of one to seven sentences, sometimes with inline markup."""
        parts = rng.choices(lang.sentences, k=_sentence_count(rng))
        if rng.random() < 0.25:
            parts.insert(rng.randrange(len(parts) + 1), self.inline(rng, lang) + lang.space)
        return b"<p>" + b"".join(parts) + b"</p>"

    def inline(self, rng: random.Random, lang: Language) -> bytes:
        """An inline element between two sentences."""
        text = rng.choice(lang.short)
        kind = rng.randrange(7)
        if kind == 0:
            out = f"<strong>{text}</strong>"
        elif kind == 1:
            out = f"<em>{text}</em>"
        elif kind == 2:
            out = f"<code>{tech_term(rng)}</code>"
        elif kind in (3, 4):
            out = f'<a href="{_url(rng)}">{text}</a>'
        elif kind == 5:
            out = f"{text}<br>"
        else:
            out = f"{text}&nbsp;&amp;&nbsp;{rng.choice(lang.short)}"
        return out.encode()

    def heading(self, rng: random.Random, lang: Language, level: int) -> bytes:
        """An ``<h2>``–``<h4>``."""
        return f"<h{level}>{rng.choice(lang.short)}</h{level}>".encode()

    def listing(self, rng: random.Random, lang: Language) -> bytes:
        """A ``<ul>`` or ``<ol>`` of three to six items, sometimes nested."""
        tag = "ol" if rng.random() < 0.35 else "ul"
        items = [f"<li>{rng.choice(lang.short)}</li>" for _ in range(rng.randint(3, 6))]
        if rng.random() < 0.3:
            inner = "".join(f"<li>{rng.choice(lang.short)}</li>" for _ in range(rng.randint(2, 4)))
            items[0] = items[0][:-5] + f"<ul>{inner}</ul></li>"
        return f"<{tag}>{''.join(items)}</{tag}>".encode()

    def table(self, rng: random.Random, lang: Language) -> bytes:
        """A ``<table>`` with a header row."""
        columns, rows = _table_shape(rng)
        head = "".join(f"<th>{rng.choice(lang.short)[:6]}</th>" for _ in range(columns))
        body = "".join(
            "<tr>" + "".join(f"<td>{_cell(rng, lang)}</td>" for _ in range(columns)) + "</tr>"
            for _ in range(rows)
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>".encode()

    def image(self, rng: random.Random, lang: Language) -> bytes:
        """A remote image, bare or in a ``<figure>`` with a caption."""
        caption = _CAPTIONS(rng)
        if rng.random() < 0.3:
            return (
                f'<figure><img src="{_image_url(rng)}" alt="{caption}">'
                f"<figcaption>{rng.choice(lang.short)}</figcaption></figure>"
            ).encode()
        return f'<p><img src="{_image_url(rng)}" alt="{caption}"></p>'.encode()

    def quote(self, rng: random.Random, lang: Language) -> bytes:
        """A ``<blockquote>``."""
        return b"<blockquote>" + self.paragraph(rng, lang) + b"</blockquote>"

    def code(self, rng: random.Random, lang: Language) -> bytes:
        """A ``<pre><code>``, usually with a ``language-…`` class."""
        language, source = rng.choice(_CODE_HTML)
        if rng.random() < 0.3:
            return f"<pre><code>{source}</code></pre>".encode()
        return f'<pre><code class="language-{language}">{source}</code></pre>'.encode()

    def rule(self, rng: random.Random, lang: Language) -> bytes:
        """A horizontal rule."""
        return b"<hr>"


class MarkdownBlocks:
    """Builds the blocks of a Markdown body (each ends with a blank line)."""

    def paragraph(self, rng: random.Random, lang: Language) -> bytes:
        """One to seven sentences, sometimes with inline markup."""
        parts = rng.choices(lang.sentences, k=_sentence_count(rng))
        if rng.random() < 0.25:
            parts.insert(rng.randrange(len(parts) + 1), self.inline(rng, lang) + lang.space)
        return b"".join(parts).rstrip() + b"\n\n"

    def inline(self, rng: random.Random, lang: Language) -> bytes:
        """Inline Markdown between two sentences."""
        text = rng.choice(lang.short)
        kind = rng.randrange(5)
        if kind == 0:
            out = f"**{text}**"
        elif kind == 1:
            out = f"*{text}*"
        elif kind == 2:
            out = f"`{tech_term(rng)}`"
        else:
            out = f"[{text}]({_url(rng)})"
        return out.encode()

    def heading(self, rng: random.Random, lang: Language, level: int) -> bytes:
        """An ATX heading."""
        return f"{'#' * level} {rng.choice(lang.short)}\n\n".encode()

    def listing(self, rng: random.Random, lang: Language) -> bytes:
        """A bullet or numbered list, sometimes nested."""
        ordered = rng.random() < 0.35
        lines = [
            f"{f'{i + 1}.' if ordered else '-'} {rng.choice(lang.short)}"
            for i in range(rng.randint(3, 6))
        ]
        if rng.random() < 0.3:
            indent = "   " if ordered else "  "
            lines[1:1] = [f"{indent}- {rng.choice(lang.short)}" for _ in range(rng.randint(2, 3))]
        return ("\n".join(lines) + "\n\n").encode()

    def table(self, rng: random.Random, lang: Language) -> bytes:
        """A pipe table."""
        columns, rows = _table_shape(rng)
        lines = [
            "| " + " | ".join(rng.choice(lang.short)[:6] for _ in range(columns)) + " |",
            "|" + "---|" * columns,
        ]
        lines += [
            "| " + " | ".join(_cell(rng, lang) for _ in range(columns)) + " |" for _ in range(rows)
        ]
        return ("\n".join(lines) + "\n\n").encode()

    def image(self, rng: random.Random, lang: Language) -> bytes:
        """A remote image."""
        return f"![{_CAPTIONS(rng)}]({_image_url(rng)})\n\n".encode()

    def quote(self, rng: random.Random, lang: Language) -> bytes:
        """A block quote."""
        return b"> " + self.paragraph(rng, lang)

    def code(self, rng: random.Random, lang: Language) -> bytes:
        """A fenced code block, or Hexo's ``{% codeblock %}`` tag."""
        language, source = rng.choice(CODE_SNIPPETS)
        if rng.random() < 0.25:
            return f"{{% codeblock lang:{language} %}}\n{source}{{% endcodeblock %}}\n\n".encode()
        return f"```{language}\n{source}```\n\n".encode()

    def rule(self, rng: random.Random, lang: Language) -> bytes:
        """A thematic break."""
        return b"---\n\n"


BlockBuilder = HtmlBlocks | MarkdownBlocks

_KINDS: Final = ("p", "h2", "h3", "h4", "listing", "table", "image", "quote", "code", "rule")
_WEIGHTS: Final = (144, 10, 6, 2, 12, 4, 10, 6, 1, 2)
_TECH_WEIGHTS: Final = (128, 10, 6, 2, 12, 4, 8, 4, 24, 2)
_KIND_TABLE: Final = _weighted_table(_KINDS, _WEIGHTS)
_TECH_KIND_TABLE: Final = _weighted_table(_KINDS, _TECH_WEIGHTS)


def body_blocks(
    rng: random.Random, builder: BlockBuilder, lang: Language, target: int, *, tech: bool
) -> list[bytes]:
    """Blocks adding up to about ``target`` bytes, starting with a paragraph."""
    blocks = [builder.paragraph(rng, lang)]
    size = len(blocks[0])
    table = _TECH_KIND_TABLE if tech else _KIND_TABLE
    while size < target:
        kind = table[int(rng.random() * len(table))]
        if kind == "p":
            block = builder.paragraph(rng, lang)
        elif kind[0] == "h":
            block = builder.heading(rng, lang, int(kind[1]))
        else:
            block = getattr(builder, kind)(rng, lang)
        blocks.append(block)
        size += len(block)
    return blocks
