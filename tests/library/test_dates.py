"""Dates from front matter values and paths: always aware, naive means local time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.library.dates import article_date, date_from_name, date_from_path, parse_date

SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the test with the machine's local time zone set to Asia/Shanghai (UTC+8)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_aware_datetime_is_kept() -> None:
    value = datetime(2021, 11, 24, 9, 10, 49, tzinfo=UTC)
    assert parse_date(value) == value


def test_naive_datetime_is_local_time(shanghai: None) -> None:
    found = parse_date(datetime(2019, 12, 22, 16, 17, 3))
    assert found is not None
    assert found.utcoffset() == timedelta(hours=8)
    assert found == datetime(2019, 12, 22, 16, 17, 3, tzinfo=SHANGHAI)


def test_date_object_is_local_midnight(shanghai: None) -> None:
    assert parse_date(date(2020, 1, 2)) == datetime(2020, 1, 2, tzinfo=SHANGHAI)


def test_rfc_2822_with_gmt() -> None:
    found = parse_date("Wed, 24 Nov 2021 09:10:49 GMT")
    assert found == datetime(2021, 11, 24, 9, 10, 49, tzinfo=UTC)
    assert found is not None and found.isoformat() == "2021-11-24T09:10:49+00:00"


def test_rfc_2822_with_numeric_offset() -> None:
    found = parse_date("24 Nov 2021 09:10:49 +0800")
    assert found == datetime(2021, 11, 24, 9, 10, 49, tzinfo=SHANGHAI)


def test_unpadded_date_is_local_midnight(shanghai: None) -> None:
    assert parse_date("2015-9-11") == datetime(2015, 9, 11, tzinfo=SHANGHAI)


def test_offset_without_colon() -> None:
    found = parse_date("2009-12-25 10:41:06 +0000")
    assert found == datetime(2009, 12, 25, 10, 41, 6, tzinfo=UTC)


def test_quoted_string_with_offset() -> None:
    found = parse_date("'2021-01-01 10:00:00 +08:00'")
    assert found == datetime(2021, 1, 1, 10, tzinfo=SHANGHAI)
    assert parse_date('"2021-01-01T10:00:00+08:00"') == found


def test_iso_with_z_and_fraction() -> None:
    found = parse_date("2021-11-24T09:10:49.123456789Z")
    assert found == datetime(2021, 11, 24, 9, 10, 49, 123456, tzinfo=UTC)


def test_naive_string_is_local_time(shanghai: None) -> None:
    found = parse_date("2019-12-22 16:17:03")
    assert found == datetime(2019, 12, 22, 16, 17, 3, tzinfo=SHANGHAI)


def test_slashes_and_chinese_notation(shanghai: None) -> None:
    assert parse_date("2015/09/11") == datetime(2015, 9, 11, tzinfo=SHANGHAI)
    assert parse_date("2021年11月24日 10:30") == datetime(2021, 11, 24, 10, 30, tzinfo=SHANGHAI)


def test_javascript_date_string() -> None:
    found = parse_date("Wed Nov 24 2021 09:10:49 GMT+0800 (China Standard Time)")
    assert found == datetime(2021, 11, 24, 9, 10, 49, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    "junk",
    ["Invalid Date", "", "   ", "tomorrow", "2024-02-30", "2021-13-01", "2021-01-01 25:00", "12"],
)
def test_junk_strings_are_none(junk: str) -> None:
    assert parse_date(junk) is None


@pytest.mark.parametrize("value", [None, 2021, 3.5, True, ["2021-01-01"], {"a": 1}])
def test_non_dates_are_none(value: object) -> None:
    assert parse_date(value) is None


def test_dates_that_cannot_be_placed_in_time_are_none() -> None:
    assert parse_date("0001-01-01T00:00:00+01:00") is None
    assert parse_date("9999-12-31 23:59:59 -12:00") is None


def test_date_at_start_of_file_name(shanghai: None) -> None:
    assert date_from_name("2004-04-14-slug.md") == datetime(2004, 4, 14, tzinfo=SHANGHAI)
    assert date_from_name("slug-2004-04-14.md") is None


def test_date_in_folder_path() -> None:
    assert date_from_path("2019/07/24/slug") == parse_date("2019-07-24")
    assert date_from_path("posts/2019-07-24/x") == parse_date("2019-07-24")
    assert date_from_path("posts/2019-07-24-hello") == parse_date("2019-07-24")


def test_year_and_month_folders_give_the_first_of_the_month() -> None:
    """``posts/2019/07/x.md`` (Hugo's and Jekyll's month folders) had no date at all."""
    assert article_date({}, "posts/2019/07/x.md")[0] == parse_date("2019-07-01")
    assert article_date({}, "2019/07/24/x.md")[0] == parse_date("2019-07-24")
    assert article_date({}, "2019/07/2021-03-04-x.md")[0] == parse_date("2021-03-04")
    for relpath in ("2024/13/x.md", "v2/2019/x.md", "2019/07x/a.md", "2019/7.md"):
        assert article_date({}, relpath)[0] is None, relpath


def test_versions_and_ids_are_not_dates() -> None:
    assert date_from_path("releases/1.88.0") is None
    assert date_from_path("inside-rust/2024/13/01/x") is None
    assert date_from_path("build/1234/05/06") is None


def test_date_key_wins_over_later_keys() -> None:
    meta = {"date": "2020-01-01T00:00:00Z", "published": "2021-01-01T00:00:00Z"}
    assert article_date(meta, "a.md") == (datetime(2020, 1, 1, tzinfo=UTC), [])


def test_published_then_updated_are_tried() -> None:
    found, _ = article_date({"updated": "2022-01-01T00:00:00Z"}, "a.md")
    assert found == datetime(2022, 1, 1, tzinfo=UTC)
    meta = {"pubdate": "2021-01-01T00:00:00Z", "updated": "2022-01-01T00:00:00Z"}
    assert article_date(meta, "a.md")[0] == datetime(2021, 1, 1, tzinfo=UTC)


def test_unreadable_date_is_noted_and_the_next_source_used() -> None:
    found, notes = article_date({"date": "Invalid Date"}, "2004-04-14-slug.md")
    assert found == parse_date("2004-04-14")
    assert notes == ["date 'Invalid Date' is not a date I can read"]


def test_file_name_then_folder_then_path_key() -> None:
    assert article_date({}, "2019/07/24/2004-04-14-x.md")[0] == parse_date("2004-04-14")
    assert article_date({}, "2019/07/24/slug/index.md")[0] == parse_date("2019-07-24")
    meta = {"path": "2025/06/26/Rust-1.88.0"}
    assert article_date(meta, "content/Rust-1.88.0.md")[0] == parse_date("2025-06-26")
    assert article_date({"permalink": "/2018/3/5/x/"}, "x.md")[0] == parse_date("2018-03-05")


def test_no_date_anywhere() -> None:
    assert article_date({"title": "x"}, "notes/readme.md") == (None, [])


@settings(deadline=None)
@given(st.text(max_size=80))
def test_parse_date_never_raises_and_is_aware(text: str) -> None:
    found = parse_date(text)
    assert found is None or found.tzinfo is not None


@settings(deadline=None)
@given(st.datetimes(timezones=st.none() | st.timezones()))
def test_any_datetime_becomes_aware_or_none(value: datetime) -> None:
    found = parse_date(value)
    assert found is None or found.utcoffset() is not None


def test_every_view_shows_the_same_local_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """23:30 GMT is the next morning in Shanghai: the list, the CLI and the header agree."""
    import time
    from datetime import datetime

    from broadsheet.cli.output import short_date
    from broadsheet.library.dates import local_format
    from broadsheet.render.header import format_date

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        value = datetime(2021, 11, 24, 23, 30, tzinfo=UTC)
        assert local_format(value) == "2021-11-25"
        assert short_date(value) == "2021-11-25"
        assert format_date(value).startswith("2021-11-25")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_dates_written_as_numbers() -> None:
    # "date int is not a date I can read" named the type, not the value (found by a probe).
    assert parse_date(20211124) == parse_date("2021-11-24")
    assert parse_date(1637745049) == datetime(2021, 11, 24, 9, 10, 49, tzinfo=UTC)
    assert parse_date(1637745049000) == parse_date(1637745049)
    for value in (20211345, 42, 2021, True, 3.5, -1):
        assert parse_date(value) is None, value
    _, notes = article_date({"date": 42}, "a.md")
    assert notes == ["date 42 is not a date I can read"]
