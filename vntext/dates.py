"""Vietnamese date and time phrases as people type them in forms, and the official ways to write them.

``parse_datetime("8h30 thứ Hai 12/1", today)`` resolves the phrase against ``today``; it works with or
without diacritics and returns ``None`` whenever the phrase is incomplete, contradictory or contains
words it does not understand, so a caller can ask again instead of acting on a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from vntext.fold import fold

WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

_WEEKDAY_WORDS = {
    "hai": 0, "2": 0, "ba": 1, "3": 1, "tu": 2, "4": 2,
    "nam": 3, "5": 3, "sau": 4, "6": 4, "bay": 5, "7": 5,
}
_PARTS = {"sang": "sáng", "trua": "trưa", "chieu": "chiều", "toi": "tối", "dem": "đêm"}
_FILLERS = {
    "luc", "vao", "ngay", "hom", "nhe", "nha", "a", "khoang", "tai", "cua", "buoi", "gio", "h",
}

_TIME = re.compile(
    r"(?<![\d/])(\d{1,2})\s*(?:h|g|gio|:)(?![a-z])\s*(?:(\d{1,2})\s*(?:p|phut)?(?![a-z]))?(?![\d/])"
)
_DATE_NUMERIC = re.compile(r"(?<![\d:])(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}|\d{2}))?(?![\d:])")
_DATE_WORDS = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:nam|,)?\s*(\d{4}))?(?!\d)")
_DAY_ONLY = re.compile(r"\bngay\s+(\d{1,2})(?![\d/-])")
_WEEKDAY = re.compile(r"\b(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|t([2-7])|(chu\s*nhat|cn))\b")
_WEEK = re.compile(r"\btuan\s+(sau|toi|ke\s+tiep|nay|truoc)\b")
_PART = re.compile(r"\b(sang|trua|chieu|toi|dem)\b(?:\s+(nay|mai|mot))?")
_RELATIVE = re.compile(r"\b(hom\s+nay|ngay\s+mai|ngay\s+kia|ngay\s+mot|hom\s+qua|mai|mot)\b")
_RELATIVE_OFFSETS = {"hom nay": 0, "nay": 0, "ngay mai": 1, "mai": 1, "ngay kia": 2, "ngay mot": 2,
                     "mot": 2, "hom qua": -1}


@dataclass(frozen=True)
class DateTimePhrase:
    """A resolved phrase: the day, the clock time if one was given, and the part of the day."""

    date: dt.date
    time: Optional[dt.time] = None
    part_of_day: Optional[str] = None

    def as_datetime(self) -> Optional[dt.datetime]:
        """The combined date and time, or None when no time was given."""
        return dt.datetime.combine(self.date, self.time) if self.time else None


class _Scan:
    """Folded text from which recognised pieces are cut out one by one."""

    def __init__(self, text: str) -> None:
        self.text = " " + re.sub(r"\s+", " ", fold(text, lower=True)).strip() + " "

    def take(self, pattern: re.Pattern) -> List[re.Match]:
        found = list(pattern.finditer(self.text))
        for match in reversed(found):
            start, end = match.span()
            self.text = self.text[:start] + " " * (end - start) + self.text[end:]
        return found

    def leftovers(self) -> List[str]:
        return re.findall(r"[a-z0-9]+", self.text)


def _nearest_year(day: int, month: int, today: dt.date) -> Optional[dt.date]:
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: (abs((d - today).days), d < today)) if candidates else None


def _make_date(day: str, month: str, year: Optional[str], today: dt.date) -> Optional[dt.date]:
    d, m = int(day), int(month)
    if year is None:
        return _nearest_year(d, m, today)
    y = int(year)
    if len(year) == 2:
        y += 2000
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _adjust_hour(hour: int, part: Optional[str]) -> Optional[int]:
    if part is None or part == "sang":
        return hour if part is None or hour <= 12 else None
    if part == "trua":
        return hour + 12 if hour <= 2 else hour
    if part in ("chieu", "toi"):
        return hour + 12 if hour < 12 else hour
    if part == "dem":
        return hour + 12 if 8 <= hour < 12 else (0 if hour == 12 else hour)
    return hour


def parse_time(text: str) -> Optional[dt.time]:
    """A clock time alone: "8h30", "14 giờ", "9:00", "2 giờ chiều"; None otherwise."""
    scan = _Scan(text)
    times = scan.take(_TIME)
    parts = scan.take(re.compile(r"\b(sang|trua|chieu|toi|dem)\b"))
    if len(times) != 1 or len(parts) > 1 or any(w not in _FILLERS for w in scan.leftovers()):
        return None
    return _time_from(times[0], parts[0].group(1) if parts else None)


def _time_from(match: re.Match, part: Optional[str]) -> Optional[dt.time]:
    hour = _adjust_hour(int(match.group(1)), part)
    minute = int(match.group(2) or 0)
    if hour is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return dt.time(hour, minute)


def _resolve_weekday(weekday: int, week: Optional[str], today: dt.date) -> dt.date:
    monday = today - dt.timedelta(days=today.weekday())
    if week in ("sau", "toi", "ke tiep"):
        return monday + dt.timedelta(days=7 + weekday)
    if week == "truoc":
        return monday + dt.timedelta(days=weekday - 7)
    if week == "nay":
        return monday + dt.timedelta(days=weekday)
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def _weekday_of(match: re.Match) -> int:
    if match.group(3):
        return 6
    word = match.group(1) or match.group(2)
    return _WEEKDAY_WORDS[word]


def _explicit_dates(scan: _Scan, today: dt.date) -> Optional[List[dt.date]]:
    dates: List[dt.date] = []
    for pattern in (_DATE_WORDS, _DATE_NUMERIC):
        for match in scan.take(pattern):
            value = _make_date(match.group(1), match.group(2), match.group(3), today)
            if value is None:
                return None
            dates.append(value)
    if not dates:
        for match in scan.take(_DAY_ONLY):
            day = int(match.group(1))
            value = _next_day_of_month(day, today)
            if value is None:
                return None
            dates.append(value)
    return dates


def _next_day_of_month(day: int, today: dt.date) -> Optional[dt.date]:
    year, month = today.year, today.month
    for _ in range(3):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = None
        if candidate and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def parse_datetime(text: str, today: dt.date) -> Optional[DateTimePhrase]:
    """Resolve a Vietnamese date phrase (with an optional time) relative to ``today``.

    Returns None when no day can be determined, when two pieces contradict each other
    (e.g. a weekday that does not match the date) or when a word is not understood.
    """
    if not text or not text.strip():
        return None
    scan = _Scan(text)
    times = scan.take(_TIME)
    explicit = _explicit_dates(scan, today)
    if explicit is None:
        return None
    weeks = scan.take(_WEEK)
    weekdays = scan.take(_WEEKDAY)
    parts = scan.take(_PART)
    relatives = scan.take(_RELATIVE)
    if scan.leftovers() and any(w not in _FILLERS for w in scan.leftovers()):
        return None
    if len(times) > 1 or len(weeks) > 1 or len(weekdays) > 1 or len(parts) > 1:
        return None

    candidates: List[dt.date] = list(explicit)
    for match in relatives:
        candidates.append(today + dt.timedelta(days=_RELATIVE_OFFSETS[" ".join(match.group(1).split())]))
    part, part_day = (parts[0].group(1), parts[0].group(2)) if parts else (None, None)
    if part_day:
        candidates.append(today + dt.timedelta(days=_RELATIVE_OFFSETS[part_day]))
    week = " ".join(weeks[0].group(1).split()) if weeks else None
    if weekdays:
        weekday = _weekday_of(weekdays[0])
        if candidates:
            if any(c.weekday() != weekday for c in candidates) or week:
                return None
        else:
            candidates.append(_resolve_weekday(weekday, week, today))
    elif week:
        return None
    if not candidates or len(set(candidates)) != 1:
        return None

    clock = None
    if times:
        clock = _time_from(times[0], part)
        if clock is None:
            return None
    return DateTimePhrase(candidates[0], clock, _PARTS.get(part) if part else None)


def _pad_month(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def format_date_long(value: dt.date) -> str:
    """"ngày 05 tháng 01 năm 2026": a leading zero for days below 10 and for months 1 and 2 (NĐ 30/2020)."""
    return f"ngày {value.day:02d} tháng {_pad_month(value.month)} năm {value.year}"


def weekday_name(value: dt.date) -> str:
    """"thứ Hai" … "Chủ nhật"."""
    return WEEKDAY_NAMES[value.weekday()]


def format_datetime_long(value: dt.date, clock: Optional[dt.time] = None) -> str:
    """"08 giờ 30 phút, thứ Hai, ngày 12/01/2026" (the time part only when a time is given)."""
    day = f"{weekday_name(value)}, ngày {value.day:02d}/{value.month:02d}/{value.year}"
    if clock is None:
        return day[0].upper() + day[1:]
    return f"{clock.hour:02d} giờ {clock.minute:02d} phút, {day}"


def split_date_phrase(text: str, today: dt.date) -> Tuple[Optional[dt.date], Optional[dt.time]]:
    """Convenience for form validators: (date, time) or (None, None)."""
    parsed = parse_datetime(text, today)
    return (parsed.date, parsed.time) if parsed else (None, None)
