"""Folding: Traditional and Simplified, full-width and half-width, as one."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.library.fold import _kind, char_class, fold, fold_table, spellings

TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("戶籍户籍發髮发臺台灣裡爲ＰＹＴＨＯＮｐｙ１２　\xa0⼈﨑，。（）abc 019"),
    )
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("戶籍窗口", "户籍窗口"),
        ("發髮", "发发"),
        ("臺灣", "台湾"),
        ("爲為", "为为"),
        ("ＰＹＴＨＯＮ　３", "PYTHON 3"),
        ("⼈", "人"),
        ("plain ascii", "plain ascii"),
        ("简体中文", "简体中文"),
    ],
)
def test_examples(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(TEXT)
def test_folding_keeps_length_and_unit_kinds_and_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert [_kind(char) for char in folded] == [_kind(char) for char in text]
    assert fold(folded) == folded


def test_every_folded_character_folds_to_itself() -> None:
    table = fold_table()
    assert len(table) > 4000
    assert all(table.get(target, target) == target for target in table.values())


def test_classes_match_every_spelling() -> None:
    assert set("户戶") <= set(spellings("戶"))
    assert set("pｐ") <= set(spellings("P"))
    pattern = re.compile(char_class("户") + char_class("籍"), re.IGNORECASE)
    assert pattern.fullmatch("戶籍") and pattern.fullmatch("户籍")
    assert re.fullmatch(char_class("p"), "Ｐ", re.IGNORECASE)


def test_the_tables_are_cached_and_a_damaged_cache_is_rebuilt() -> None:
    from broadsheet import paths
    from broadsheet.library import fold as module

    module._tables.cache_clear()
    try:
        table, _ = module._tables()
        cached = list((paths.cache_dir() / "fold").glob("*.marshal"))
        assert len(cached) == 1
        module._tables.cache_clear()
        assert module._tables()[0] == table  # read back from the cache
        cached[0].write_bytes(b"not marshal")
        module._tables.cache_clear()
        assert module._tables()[0] == table
    finally:
        module._tables.cache_clear()
