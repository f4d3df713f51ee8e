import datetime as dt

import pytest

from vntext.dates import (
    format_date_long,
    format_datetime_long,
    parse_datetime,
    parse_time,
    weekday_name,
)

TODAY = dt.date(2026, 1, 5)  # a Monday


@pytest.mark.parametrize(
    "phrase, expected_date, expected_time",
    [
        ("8h30 thứ Hai 12/1", dt.date(2026, 1, 12), dt.time(8, 30)),
        ("14 giờ ngày 15/01/2026", dt.date(2026, 1, 15), dt.time(14, 0)),
        ("thứ hai tuần sau", dt.date(2026, 1, 12), None),
        ("thu hai tuan sau 8h", dt.date(2026, 1, 12), dt.time(8, 0)),
        ("ngày mai 9h", dt.date(2026, 1, 6), dt.time(9, 0)),
        ("ngay mai 9h", dt.date(2026, 1, 6), dt.time(9, 0)),
        ("9:00 20/1", dt.date(2026, 1, 20), dt.time(9, 0)),
        ("2 giờ chiều thứ Sáu", dt.date(2026, 1, 9), dt.time(14, 0)),
        ("ngày 15 tháng 1 năm 2026 lúc 8 giờ 30 phút", dt.date(2026, 1, 15), dt.time(8, 30)),
        ("thứ 6 tuần tới 14h30", dt.date(2026, 1, 16), dt.time(14, 30)),
        ("chủ nhật", dt.date(2026, 1, 11), None),
        ("T7 tuần này", dt.date(2026, 1, 10), None),
        ("15-01-26", dt.date(2026, 1, 15), None),
    ],
)
def test_phrases_resolve_against_today(phrase, expected_date, expected_time):
    parsed = parse_datetime(phrase, TODAY)
    assert parsed is not None, phrase
    assert parsed.date == expected_date
    assert parsed.time == expected_time


def test_sang_mai_gives_tomorrow_and_the_part_of_day():
    parsed = parse_datetime("sáng mai", TODAY)
    assert parsed.date == dt.date(2026, 1, 6)
    assert parsed.time is None
    assert parsed.part_of_day == "sáng"


def test_evening_hours_become_24_hour_clock():
    assert parse_datetime("7 giờ tối nay", TODAY).time == dt.time(19, 0)


def test_date_without_year_takes_the_nearest_year():
    end_of_year = dt.date(2025, 12, 28)
    assert parse_datetime("5/1", end_of_year).date == dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    "phrase",
    [
        "8h30 thứ Ba 12/1",  # 12/01/2026 is a Monday: contradiction
        "31/2",  # no such day
        "25h ngày mai",  # no such hour
        "8h30",  # no day at all
        "họp giao ban",  # not a date
        "8h hoặc 9h ngày mai",  # two times
        "14 giờ sáng mai",  # 14 h is not in the morning
        "",
    ],
)
def test_unclear_phrases_are_refused(phrase):
    assert parse_datetime(phrase, TODAY) is None


def test_parse_time_alone():
    assert parse_time("2 giờ chiều") == dt.time(14, 0)
    assert parse_time("8h30") == dt.time(8, 30)
    assert parse_time("sáng mai") is None


def test_official_date_uses_leading_zeros_only_where_the_decree_requires():
    assert format_date_long(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert format_date_long(dt.date(2026, 2, 14)) == "ngày 14 tháng 02 năm 2026"
    assert format_date_long(dt.date(2019, 6, 29)) == "ngày 29 tháng 6 năm 2019"
    assert format_date_long(dt.date(2025, 11, 3)) == "ngày 03 tháng 11 năm 2025"


def test_meeting_time_line():
    text = format_datetime_long(dt.date(2026, 1, 12), dt.time(8, 30))
    assert text == "08 giờ 30 phút, thứ Hai, ngày 12/01/2026"
    assert weekday_name(dt.date(2026, 1, 11)) == "Chủ nhật"
