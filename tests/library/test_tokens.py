"""Search units: how the index and the queries cut text."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.library.fold import fold
from broadsheet.library.text import clean_control
from broadsheet.library.tokens import SEPARATOR, spaced, units, unspaced

MIXED = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("户籍窗口，。、“”（）《》abcXYZ 019_-+.'😀𠀀é\u0301\n\t\u3000\xa0"),
    )
)


def test_units() -> None:
    assert units("户籍窗口Python教程，你好 C++ let's 深度、学习") == [
        "户", "籍", "窗", "口", "python", "教", "程", ",", "你", "好",
        "c", "+", "+", "let", "'", "s", "深", "度", "、", "学", "习",
    ]  # fmt: skip
    assert units("emoji😀𠀀x") == ["emoji", "😀", "𠀀", "x"]
    assert units("no\xa0break\u3000space") == ["no", "break", "space"]
    assert units("戶籍ＰＹＴＨＯＮ３") == ["户", "籍", "python3"]


@given(MIXED)
def test_spacing_round_trips_on_clean_text(text: str) -> None:
    clean = clean_control(text)
    assert SEPARATOR not in clean
    assert unspaced(spaced(clean)) == "".join(
        " " if char.isspace() and not char.isascii() else char for char in fold(clean)
    )


@given(MIXED)
def test_units_are_never_empty_or_spaced(text: str) -> None:
    for unit in units(text):
        assert unit and not any(char.isspace() and char.isascii() for char in unit)


@given(MIXED)
def test_bulk_spacing_cuts_the_same_units(text: str) -> None:
    """The table used by scans gives the same tokens and text as the pattern."""
    clean = clean_control(text)
    assert spaced(clean, bulk=True).split() == spaced(clean).split()
    assert unspaced(spaced(clean, bulk=True)) == unspaced(spaced(clean))


def test_cjk_pairs_ignore_spaces_but_not_punctuation() -> None:
    from broadsheet.library.tokens import cjk_pairs

    def pairs(text: str) -> list[str]:
        return [token for token in cjk_pairs(text).split() if "~" not in token]

    assert pairs("户籍 窗口，数\n据 ab 中") == ["户籍", "籍窗", "窗口", "数据"]
    assert pairs("戶籍 窗口") == ["户籍", "籍窗", "窗口"]
    assert pairs("𠀀中，文字") == ["𠀀中", "文字"]
    assert cjk_pairs("plain ascii") == cjk_pairs("中 a 文") == ""
    assert len(cjk_pairs("人工智能，發展").split()) == 6  # two gap tokens between the runs


@given(MIXED)
def test_cjk_pairs_are_the_two_unit_phrases_of_the_units(text: str) -> None:
    """The pairs, in order, are exactly the adjacent CJK units of the text (that no
    phrase of pairs runs across two runs is checked by the search tests)."""
    from broadsheet.library.fulltext import PAIR_BYTES
    from broadsheet.library.text import CJK_CHAR_RE
    from broadsheet.library.tokens import cjk_pairs

    clean = clean_control(text)
    cut = units(clean)
    cjk = CJK_CHAR_RE.fullmatch
    expected = [a + b for a, b in pairwise(cut) if cjk(a) and cjk(b)]
    tokens = cjk_pairs(clean).split()
    pairs = [token for token in tokens if len(token.encode()) <= PAIR_BYTES]
    assert pairs == expected
    # The table a scan uses gives the same pairs at the same positions.
    gaps = [("~" if "~" in token else token) for token in tokens]
    bulk = [("~" if "~" in token else token) for token in cjk_pairs(clean, bulk=True).split()]
    assert bulk == gaps
