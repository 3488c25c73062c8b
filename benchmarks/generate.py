"""Write a synthetic library of articles that looks like a real Hexo folder.

Usage::

    python benchmarks/generate.py N DIR [--seed S] [--markdown-ratio R] [--workers W]

The same N, seed and ratio give byte-identical files, whatever the number of workers:
every article draws from its own ``random.Random`` seeded by (seed, index), and the
shared sentence pools are built from the seed before the workers start.

What the files look like:

- Front matter shaped like the reference article: ``title``, a hierarchical
  ``categories`` list (1–3 levels, Zipf-like: a few large roots, a long tail),
  ``headimg``/``thumbnail`` on about 60%, ``author`` (about 300, Zipf), ``comments``,
  ``date`` (RFC 2822 ``Wed, 24 Nov 2021 09:10:49 GMT``, ``2021-11-24 09:10:49`` or
  ``2021-11-24T09:10:49+08:00``) and ``tags``.
- HTML bodies (Markdown for ``--markdown-ratio`` of them, default 10%, with
  ``<!--more-->`` and Hexo ``{% codeblock %}`` tags): paragraphs, headings, lists,
  tables (some wide), links, remote images, code, quotes. Most articles are Chinese,
  some English, some mixed within one paragraph.
- File sizes are lognormal with a median of about 4 KB; about one article in 20,000
  (at least two in a library of 10,000 or more, one from 1,000 on) is about 1 MB.
- Layout: ``YYYY/MM/slug.md`` for most, ``_posts/NNNNNN_hex.md`` (flat) for about 20%.

Planted terms (nowhere else in the text; ``i`` is the article's index, 0-based):

- ``zyzzyva`` (English word): articles with ``i % 1000 == 7`` (N/1000 of them)
- ``鲲鹏展翅`` (4 characters): ``i % 2000 == 13`` (N/2000)
- ``薛定谔的猫`` (5 characters): ``i % 5000 == 99`` (N/5000)
- ``Quokka 引擎`` (mixed): ``i % 2500 == 42`` (N/2500)
- ``琥珀色的信标`` (needle): exactly one article, ``i == N // 2``

``queries.py`` lists the search benchmark's queries, ~20 per class, chosen from the
vocabulary across frequency ranks (so some match most articles and some very few).
The text comes from ``sentences.py`` (words from ``vocab.py`` in small grammars), the
blocks from ``blocks.py``, the front matter from ``article_meta.py`` and ``taxonomy.py``.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

import article_meta
import taxonomy
from blocks import HtmlBlocks, MarkdownBlocks, body_blocks
from sentences import Pools, Topics
from vocab import SLUG_WORDS

MARKER: Final = ".broadsheet-bench"
"""Written into every generated folder: only such a folder may be overwritten."""
MEDIAN_BYTES: Final = 3700
"""The target before placeholders are filled, which adds about 10%: files come out ~4 KB."""
SIGMA: Final = 0.85
"""Lognormal spread: p90 is about 3x the median, p99 about 7x, as in real blogs."""
MIN_BYTES: Final = 700
MAX_BYTES: Final = 400_000
BIG_BYTES: Final = 960_000
"""Target of the big articles before filling: they come out at about 1 MB."""
POSTS_SHARE: Final = 0.2
CHUNK: Final = 2_000

PLANTED: Final = (
    ("zyzzyva", 1000, 7),
    ("鲲鹏展翅", 2000, 13),
    ("薛定谔的猫", 5000, 99),
    ("Quokka 引擎", 2500, 42),
)
"""(term, every, offset): article ``i`` holds the term when ``i % every == offset``."""
NEEDLE: Final = "琥珀色的信标"
"""Planted in exactly one article, index ``N // 2``."""


@dataclass(frozen=True)
class Summary:
    """What one run wrote."""

    files: int
    total_bytes: int
    median_bytes: int
    p90_bytes: int
    p99_bytes: int
    largest: tuple[str, ...]
    """Relative paths of the big (about 1 MB) articles, largest first."""
    largest_bytes: int
    markdown: int
    seconds: float


def big_count(count: int) -> int:
    """How many ~1 MB articles a library of ``count`` gets."""
    if count >= 10_000:
        return max(2, round(count / 20_000))
    return 1 if count >= 1_000 else 0


def _planted_paragraph(rng: random.Random, term: str, markdown: bool, pools: Pools) -> bytes:
    """A paragraph that mentions ``term`` once, in the article's language."""
    if term.isascii():
        words = rng.choice(pools.en.sentences).decode().split()
        at = rng.randrange(1, len(words))
        text = " ".join([*words[:at], term, *words[at:]])
    else:
        sentence = rng.choice(pools.zh.sentences).decode()
        # Never inside a number or a Latin word ("7月1Quokka 引擎9日" would make the
        # planted word part of the token "1Quokka", and the expected counts wrong).
        spots = [
            at
            for at in range(1, len(sentence) - 1)
            if not (_is_ascii_alnum(sentence[at - 1]) or _is_ascii_alnum(sentence[at]))
        ]
        at = rng.choice(spots) if spots else 0
        text = sentence[:at] + term + sentence[at:]
    return (text + "\n\n").encode() if markdown else f"<p>{text}</p>".encode()


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _relpath(rng: random.Random, index: int, title: str, language: str, local: datetime) -> str:
    if rng.random() < POSTS_SHARE:
        return f"_posts/{index:06d}_{rng.getrandbits(64):016x}.md"
    if language == "en":
        words = [w.lower() for w in title.split() if w.isalpha()][:5]
    else:
        words = rng.choices(SLUG_WORDS, k=rng.randint(1, 3))
    slug = "-".join(words) or "post"
    return f"{local:%Y}/{local:%m}/{slug}-{index:x}.md"


class Generator:
    """Writes articles ``i`` of a library: one per index, independent of the others."""

    def __init__(self, count: int, root: Path, seed: int, markdown_ratio: float) -> None:
        """Build the shared pools (the slow part, done once before workers fork)."""
        self.count = count
        self.root = root
        self.seed = seed
        self.markdown_ratio = markdown_ratio
        self.pools = Pools(seed)
        master = random.Random(seed)
        self.big = frozenset(master.sample(range(count), big_count(count)))
        self.html = HtmlBlocks()
        self.markdown = MarkdownBlocks()
        self._folders: set[Path] = set()

    def article(self, index: int) -> tuple[str, bytes, bool]:
        """The relative path, content and kind (True: Markdown) of article ``index``."""
        rng = random.Random((self.seed << 40) | index)
        category = taxonomy.choose_category(rng)
        root = category[0]
        tech = root in taxonomy.TECH_ROOTS
        if root in taxonomy.ENGLISH_ROOTS:
            language = "en" if rng.random() < 0.9 else "mixed"
        else:
            roll = rng.random()
            zh_share, en_share = (0.65, 0.25) if tech else (0.85, 0.08)
            language = "zh" if roll < zh_share else "en" if roll < zh_share + en_share else "mixed"
        if language == "mixed":
            lang = self.pools.mixed
        elif language == "en":
            lang = self.pools.en_tech if tech else self.pools.en
        else:
            lang = self.pools.zh_tech if tech else self.pools.zh
        topics = Topics(rng)
        title = article_meta.title(rng, language, self.pools, topics)
        date, local = article_meta.date_line(rng)
        relpath = _relpath(rng, index, title, language, local)
        front = article_meta.front_matter(rng, title, category, date).encode()
        big = index in self.big
        markdown = not big and rng.random() < self.markdown_ratio
        if big:
            target = int(BIG_BYTES * rng.uniform(0.97, 1.03))
        else:
            target = int(MEDIAN_BYTES * math.exp(rng.gauss(0.0, SIGMA)))
            target = min(MAX_BYTES, max(MIN_BYTES, target))
        builder = self.markdown if markdown else self.html
        blocks = body_blocks(rng, builder, lang, target - len(front) - 40, tech=tech)
        terms = [term for term, every, offset in PLANTED if index % every == offset]
        if index == self.count // 2:
            terms.append(NEEDLE)
        for term in terms:
            paragraph = _planted_paragraph(rng, term, markdown, self.pools)
            blocks.insert(rng.randint(1, len(blocks)), paragraph)
        if markdown:
            more = [b"<!--more-->\n\n"] if rng.random() < 0.6 else []
            body = b"\n" + blocks[0] + b"".join(more) + b"".join(blocks[1:])
        else:
            style = rng.random()
            if style < 0.5:  # the reference's shape: one long line inside a <div>
                body = b"\n<div>   \n" + b"".join(blocks) + b"  \n</div>\n            \n"
            elif style < 0.8:
                body = b"\n" + b"\n".join(blocks) + b"\n"
            else:
                body = b'\n<div class="content">\n' + b"\n\n".join(blocks) + b"\n</div>\n"
        return relpath, front + topics.fill_bytes(rng, body), markdown

    def write(self, start: int, stop: int) -> list[tuple[int, str, bool]]:
        """Write articles ``start``..``stop-1``; their sizes, paths and kinds."""
        written = []
        for index in range(start, stop):
            relpath, content, markdown = self.article(index)
            path = self.root / relpath
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            with open(path, "wb") as handle:
                handle.write(content)
            written.append((len(content), relpath, markdown))
        return written


_CURRENT: dict[str, Generator] = {}
"""The generator a forked worker inherited (set in the parent just before forking)."""


def _write_chunk(bounds: tuple[int, int]) -> list[tuple[int, str, bool]]:
    return _CURRENT["generator"].write(*bounds)


def prepare(root: Path) -> None:
    """Make ``root`` an empty folder; refuse to empty a folder we did not generate."""
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).exists():
            raise SystemExit(f"{root} is not empty and was not made by generate.py: left alone")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("generated by benchmarks/generate.py; safe to delete\n")


def generate(
    count: int, root: Path, *, seed: int = 1, markdown_ratio: float = 0.1, workers: int = 2
) -> Summary:
    """Write ``count`` articles into ``root`` (emptied first) and summarise them."""
    started = time.perf_counter()
    prepare(root)
    _CURRENT["generator"] = Generator(count, root, seed, markdown_ratio)
    chunks = [(start, min(count, start + CHUNK)) for start in range(0, count, CHUNK)]
    written: list[tuple[int, str, bool]] = []
    if workers > 1 and len(chunks) > 1:
        # Fork shares the pools with the workers; each article's bytes depend only on
        # (seed, index), so the split between workers cannot change the output.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap_unordered(_write_chunk, chunks):
                written += part
    else:
        for chunk in chunks:
            written += _write_chunk(chunk)
    del _CURRENT["generator"]
    sizes = sorted(size for size, _, _ in written)
    big = sorted(((s, p) for s, p, _ in written if s >= BIG_BYTES // 2), reverse=True)
    largest = max(written, default=(0, "", False))
    return Summary(
        files=len(written),
        total_bytes=sum(sizes),
        median_bytes=sizes[len(sizes) // 2] if sizes else 0,
        p90_bytes=sizes[min(len(sizes) - 1, int(len(sizes) * 0.9))] if sizes else 0,
        p99_bytes=sizes[min(len(sizes) - 1, int(len(sizes) * 0.99))] if sizes else 0,
        largest=tuple(p for _, p in big) or (largest[1],),
        largest_bytes=largest[0],
        markdown=sum(1 for _, _, md in written if md),
        seconds=time.perf_counter() - started,
    )


def describe(summary: Summary) -> str:
    """The summary as a few readable lines."""
    kb = 1024
    return "\n".join(
        (
            f"files: {summary.files:,} ({summary.markdown:,} Markdown)",
            f"total: {summary.total_bytes / kb / kb:,.1f} MB",
            f"size: median {summary.median_bytes / kb:.1f} KB, p90 {summary.p90_bytes / kb:.1f} KB,"
            f" p99 {summary.p99_bytes / kb:.1f} KB, largest {summary.largest_bytes / kb:,.0f} KB"
            f" ({summary.largest[0]})",
            f"~1 MB articles: {len([p for p in summary.largest if p])}",
            f"time: {summary.seconds:.1f} s",
        )
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="number of articles")
    parser.add_argument("root", type=Path, metavar="DIR", help="output folder (emptied first)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown-ratio", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    if args.count < 0 or not 0 <= args.markdown_ratio <= 1:
        parser.error("N must be >= 0 and --markdown-ratio between 0 and 1")
    summary = generate(
        args.count,
        args.root,
        seed=args.seed,
        markdown_ratio=args.markdown_ratio,
        workers=args.workers,
    )
    print(describe(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
