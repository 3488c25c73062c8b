"""The full-text index (tantivy): one document per article, CJK searchable by substring.

Text is cut into the units of :mod:`broadsheet.library.tokens` (each CJK character, each
punctuation mark, each Latin word). With positions kept, a query of any length becomes a
phrase of units: ``户籍`` finds ``户籍窗口``, ``窗`` finds it too, and since punctuation
holds a position, ``深度学习`` does not match ``深度、学习``. Latin words also match by
prefix (``pyth`` finds ``Python``). A field of CJK pairs answers Chinese words faster:
``户籍`` is one term there, and ``户籍窗口`` the phrase ``户籍 籍窗 窗口``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import tantivy

from broadsheet import paths
from broadsheet.errors import IndexBusyError
from broadsheet.library.article import Article, category_label
from broadsheet.library.clauses import TEXT_FIELDS, Clauses
from broadsheet.library.fold import fold
from broadsheet.library.integrity import record_written, segment_ids
from broadsheet.library.pages import paging_out
from broadsheet.library.query import Query
from broadsheet.library.tokens import PAIR_GAP, cjk_pairs, spaced
from broadsheet.library.workers import worker_count

FIELD_BREAK: Final = "\x0c\ue000\x0c"
"""Between the parts of ``all``: a unit no query holds, so no phrase runs across it."""
THREAD_HEAP: Final = 48_000_000
"""Bytes each writer thread buffers before it writes a segment (they count in the scan's
RSS, so their number follows the cores the parse workers get). Smaller segments cost
more merging than they save: 15,000 articles into the full-text index alone took 13.2 s
at 16 MB a thread and 6.7 s at 64 MB (two threads); 100,000 generated articles took
83.7 s at 48 MB and 84.6 s at 64 MB, so 48 MB it is (32 MB less of a peak RSS that
was just over 400 MB at a million)."""
PAIR_BYTES: Final = 8
"""The longest pair: two characters of four bytes each (CJK Extension B and beyond); the
gap tokens between runs (:data:`~broadsheet.library.tokens.PAIR_GAP`) are longer."""
UNMERGED_SEGMENTS: Final = 32
"""Segments a small commit leaves unmerged: tantivy's merge policy keeps about 8 per
level of size, three or four levels at a million articles."""
MAX_HEAP: Final = 2_000_000_000
"""tantivy's limit is 4 GB for all threads: well below it."""
PAGES_KEPT: Final = 64 * 1024 * 1024
"""Bytes of index pages a process keeps mapped before it lets them go (see
:meth:`FullText.shed_pages`)."""
SHED_EVERY: Final = 8
"""Searches at least between two sheddings: other files' pages (modules loaded later)
count in the same figure, and must not make every search open the index again."""


def writer_threads() -> int:
    """Index writer threads: one per parse worker (that is, per core, capped by the memory
    free), at least two."""
    return max(2, min(worker_count(), MAX_HEAP // THREAD_HEAP))


def writer_heap() -> int:
    """Bytes the writer buffers in all (its threads' share each)."""
    return writer_threads() * THREAD_HEAP


BUSY_MESSAGE: Final = (
    "another broadsheet is updating this library's index right now; "
    "the results are from the index as it was"
)


class FullTextError(Exception):
    """The full-text index cannot be opened or used (the caller rebuilds it)."""


@dataclass(frozen=True, slots=True)
class FullTextHits:
    """Keys of matching articles with their scores (or sort values), best first."""

    keys: tuple[int, ...]
    scores: tuple[float, ...]
    total: int
    addresses: tuple[Any, ...]
    searcher: Any
    """The searcher that found the hits: addresses are only valid with it."""

    def text(self, index: int) -> str:
        """The stored body text of hit number ``index``, as written."""
        values = self.searcher.doc(self.addresses[index]).get_all("body")
        if not values:
            return ""
        value = values[0]
        return value.decode() if isinstance(value, bytes) else str(value)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # i64, not u64: tantivy-py turns a Python int into an i64 term, so deleting by a u64
    # key silently matches nothing.
    builder.add_integer_field("key", indexed=True, fast=True)
    for name in (*TEXT_FIELDS, "author"):
        builder.add_text_field(name, tokenizer_name="cjk")
    # CJK runs cut into pairs (tokens.cjk_pairs): a two-character query is one term, a
    # longer one a phrase of pairs.
    builder.add_text_field("pairs", tokenizer_name="pairs")
    # The body text is stored (compressed), so snippets need not reread files.
    builder.add_bytes_field("body", stored=True)
    for name in ("tag", "cat", "catname"):
        builder.add_text_field(name, tokenizer_name="exact", index_option="basic")
    builder.add_text_field("title_sort", tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_integer_field("date", indexed=True, fast=True)
    return builder.build()


def _analyzers() -> dict[str, Any]:
    return {
        # Text arrives already cut by tokens.spaced: splitting on spaces is all that is left.
        "cjk": tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .build(),
        # Pairs arrive cut too; the gap tokens between runs are dropped, their positions kept.
        "pairs": tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(PAIR_BYTES + 1))
        .build(),
        "exact": tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
        .filter(tantivy.Filter.lowercase())
        .build(),
    }


def _mapped_bytes() -> int | None:
    """This process's resident file-backed pages (Linux's ``RssFile``), or None."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"RssFile:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def category_terms(categories: Iterable[Sequence[str]]) -> tuple[set[str], set[str]]:
    """Every ancestor path label and every level name of the given category paths
    (folded and lower-cased, as ``cat:`` looks them up)."""
    paths: set[str] = set()
    names: set[str] = set()
    for path in categories:
        for depth in range(1, len(path) + 1):
            paths.add(fold(category_label(tuple(path[:depth]))).lower())
            names.add(fold(path[depth - 1]).lower())
    return paths, names


class FullText:
    """A tantivy index in one folder."""

    def __init__(self, directory: Path) -> None:
        """Open the index in ``directory``, creating it when the folder is empty."""
        paths.private_dir(directory)
        self._directory = directory
        self.schema = _schema()
        self._analyzers = _analyzers()
        self._analyzer = self._analyzers["cjk"]
        self._index = self._open_index()
        self._writer: Any = None
        self._mapped_before = _mapped_bytes()
        self._checks = 0

    def _open_index(self) -> Any:
        try:
            index = tantivy.Index(self.schema, path=str(self._directory))
            for name, analyzer in self._analyzers.items():
                index.register_tokenizer(name, analyzer)
            index.reload()
        except (ValueError, OSError) as error:
            raise FullTextError(str(error)) from error
        return index

    def shed_pages(self) -> bool:
        """Let go of the index pages this process has mapped, when they are many: whether
        it did.

        tantivy reads its files through memory maps, and every page a search touches
        stays in the process's resident size while the maps last: at a million articles
        a dozen searches in the reader took it from 130 to 250 MB. Those pages are the
        kernel's page cache, shared and reclaimable, but they are what ``top`` shows.
        Opening the index again (1.4 ms there) drops the maps once the searchers of the
        old one are gone (the hits shown keep theirs until the next search); the next
        searches fault the pages back from the page cache as fast as before (a pass of
        12 queries: p95 77 ms before, 79 ms after). Linux only (``/proc``); never while
        a writer is open, nor within :data:`SHED_EVERY` searches of the last time.
        """
        self._checks += 1
        if self._checks < SHED_EVERY or self._mapped_before is None or self._writer is not None:
            return False
        mapped = _mapped_bytes()
        if mapped is None or mapped - self._mapped_before < PAGES_KEPT:
            return False
        self._index = self._open_index()
        self._checks = 0
        return True

    def paging_out(self) -> contextlib.AbstractContextManager[None]:
        """While a long write runs: page out what it maps of the index (see
        :mod:`~broadsheet.library.pages`)."""
        return paging_out(self._directory)

    def tokens(self, text: str) -> list[str]:
        """Tokens of ``text`` exactly as the index cuts them."""
        return list(self._analyzer.analyze(spaced(text)))

    @property
    def num_docs(self) -> int:
        """How many documents the index holds."""
        return int(self._current_searcher().num_docs)

    def _current_searcher(self) -> Any:
        """A searcher over the latest commit, whichever process made it (25 µs)."""
        self._index.reload()
        return self._index.searcher()

    # Writing ---------------------------------------------------------------------------------

    def _ensure_writer(self) -> Any:
        if self._writer is None:
            try:
                self._writer = self._index.writer(
                    heap_size=writer_heap(), num_threads=writer_threads()
                )
            except ValueError as error:
                if "lock" not in str(error).lower():
                    raise FullTextError(str(error)) from error
                raise IndexBusyError(BUSY_MESSAGE) from None
        return self._writer

    def add(self, key: int, article: Article, units: str, pairs: str, text: str) -> None:
        """Add (or, with :meth:`delete` first, replace) the document of one article.

        ``units`` and ``pairs`` are the article's plain ``text`` passed through
        :func:`tokens.spaced` and :func:`tokens.cjk_pairs` (done by the caller, usually
        in a worker process); ``text`` itself is stored for snippets.
        """
        document = tantivy.Document()
        document.add_integer("key", key)
        title = spaced(article.title)
        document.add_text("title", title)
        document.add_bytes("body", text.encode())
        paths, names = category_terms(article.categories)
        meta = [article.author, *article.tags, *(category_label(p) for p in article.categories)]
        meta_text = "\n".join(meta)
        document.add_text("all", FIELD_BREAK.join((title, spaced(meta_text), units)))
        title_pairs, meta_pairs = cjk_pairs(article.title), cjk_pairs(meta_text)
        document.add_text("pairs", PAIR_GAP.join((title_pairs, meta_pairs, pairs)))
        document.add_text("author", spaced(article.author))
        for tag in article.tags:
            document.add_text("tag", fold(tag))
        for value in paths:
            document.add_text("cat", value)
        for value in names:
            document.add_text("catname", value)
        document.add_text("title_sort", article.title.casefold())
        if article.date is not None:
            document.add_integer("date", int(article.date.timestamp()))
        self._ensure_writer().add_document(document)

    def delete(self, key: int) -> None:
        """Remove the document of one article (no-op when absent)."""
        self._ensure_writer().delete_documents_by_term("key", key)

    def delete_from(self, first_key: int) -> None:
        """Remove every document whose key is ``first_key`` or more.

        Keys from there on are new to the catalog; documents with such keys can only be
        left over from a scan whose catalog half was never committed.
        """
        query = tantivy.Query.range_query(
            self.schema, "key", tantivy.FieldType.Integer, first_key, None
        )
        self._ensure_writer().delete_documents_by_query(query)

    def delete_all(self) -> None:
        """Remove every document."""
        self._ensure_writer().delete_all_documents()

    def commit(self, *, merge: bool = False) -> None:
        """Make added and deleted documents visible to searches.

        Each commit writes a segment; tantivy merges them in the background, and only a
        writer that waits for its merges keeps them. A small commit (a search that
        indexed what arrived, a batch of the reader's) does not wait, unless ``merge``
        or more than :data:`UNMERGED_SEGMENTS` segments have piled up: the merge it
        would wait for may be of large segments. 200,000 generated articles, 100 files
        edited right after the first index: 2.8 s with the wait, 0.8 s without. The
        small segments left are merged, cheaply, by the commit that finds too many.
        """
        if self._writer is None:
            return
        before = segment_ids(self._directory)
        self._writer.commit()
        if merge or len(segment_ids(self._directory)) > UNMERGED_SEGMENTS:
            self._writer.wait_merging_threads()
        # Dropped, the writer abandons the merges it did not wait for (tantivy removes
        # their files at a later commit).
        self._writer = None
        record_written(self._directory, before)

    def rollback(self) -> None:
        """Forget uncommitted changes and release the writer lock."""
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None

    # Searching -------------------------------------------------------------------------------

    def searcher(self) -> Any:
        """A searcher over the latest commit: the queries of one search share one, so
        that they see the same articles (each :meth:`build` and :meth:`search` without
        one takes its own)."""
        return self._current_searcher()

    def build(
        self,
        query: Query,
        *,
        title_only: bool = False,
        title_boost: bool = True,
        marked: Mapping[str, Sequence[int]] | None = None,
        searcher: Any = None,
    ) -> Any:
        """The tantivy query for ``query`` (see :meth:`.Clauses.build`)."""
        searcher = self._current_searcher() if searcher is None else searcher
        clauses = Clauses(
            self.schema,
            self.tokens,
            marked or {},
            pair_frequency=lambda pair: int(searcher.doc_freq("pairs", pair)),
        )
        return clauses.build(query, title_only=title_only, title_boost=title_boost)

    def search(
        self,
        tantivy_query: Any,
        limit: int,
        *,
        order_by: str | None = None,
        ascending: bool = False,
        searcher: Any = None,
    ) -> FullTextHits:
        """Run a query built by :meth:`build`; ``order_by`` is ``date`` or ``title_sort``."""
        searcher = self._current_searcher() if searcher is None else searcher
        options: dict[str, Any] = {}
        if order_by:
            options["order_by_field"] = order_by
            options["order"] = tantivy.Order.Asc if ascending else tantivy.Order.Desc
        try:
            # tantivy sets aside room for ``limit`` hits up front: never more than exist.
            wanted = max(1, min(limit, searcher.num_docs))
            result = searcher.search(tantivy_query, wanted, count=True, **options)
        except ValueError as error:
            raise FullTextError(str(error)) from error
        addresses = [address for _, address in result.hits]
        keys = searcher.fast_field_values("key", addresses) if addresses else []
        kept = [index for index, key in enumerate(keys) if isinstance(key, int)]
        return FullTextHits(
            keys=tuple(int(keys[index] or 0) for index in kept),
            scores=tuple(
                float(result.hits[index][0]) if isinstance(result.hits[index][0], float) else 0.0
                for index in kept
            ),
            total=int(getattr(result, "count", 0) or 0),
            addresses=tuple(addresses[index] for index in kept),
            searcher=searcher,
        )
