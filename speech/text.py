"""Post-processing of a Whisper transcript for the NLU: punctuation noise out, spoken numbers as digits,
known silence hallucinations and repetition loops recognised."""

from __future__ import annotations

import re
import unicodedata
from typing import List, Optional, Tuple

UNITS = {"không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8,
         "chín": 9}
AFTER_TENS = {**UNITS, "mốt": 1, "tư": 4, "lăm": 5}
TENS_WORDS = ("mươi", "chục")
SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000}
MULTIPLIERS = {"mươi", "chục", "trăm", *SCALES}
# words after which a lone digit word is a number ("số năm", "điều hai", "mã không một hai")
TRIGGERS = {"số", "mã", "điều", "khoản", "điểm", "chương", "mục", "phần", "tầng", "phòng", "quận", "lớp", "hạng"}
SEPARATORS = {"gạch chéo": "/", "xẹt": "/", "xuyệt": "/", "gạch ngang": "-", "gạch": "-"}

_NOISE = re.compile(r"[\"“”‘’«»()\[\]{}<>♪♫*#~`|…]+|\.{2,}|(?<!\d)[.,;:!?](?!\d)")
_SPACES = re.compile(r"\s+")
_HALLUCINATIONS = (
    "subscribe", "đăng ký kênh", "ghiền mì gõ", "cảm ơn các bạn đã theo dõi", "hẹn gặp lại các bạn",
    "like và share", "bấm chuông", "thanks for watching", "phụ đề", "vietsub",
)


def strip_noise(text: str) -> str:
    """NFC text without Whisper's punctuation and symbols (decimal points and code separators kept)."""
    text = unicodedata.normalize("NFC", text or "")
    text = _NOISE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def is_hallucination(text: str) -> bool:
    """True for the phrases Whisper makes up on silence or music (video outros, subtitles credits)."""
    folded = text.lower()
    return any(phrase in folded for phrase in _HALLUCINATIONS)


def collapse_repeats(text: str, max_repeats: int = 2) -> str:
    """A phrase of 1-6 words repeated in a loop ("dịch vụ, dịch vụ, dịch vụ…") kept at most ``max_repeats`` times."""
    words = text.split()
    out: List[str] = []
    i = 0
    while i < len(words):
        advanced = False
        for size in range(1, 7):
            chunk = words[i:i + size]
            if len(chunk) < size:
                break
            count = 1
            while words[i + count * size:i + (count + 1) * size] == chunk:
                count += 1
            if count > max_repeats:
                out.extend(chunk * max_repeats)
                i += count * size
                advanced = True
                break
        if not advanced:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _unit(tokens: List[str], i: int, table=UNITS) -> Optional[int]:
    return table.get(tokens[i]) if i < len(tokens) else None


def _below_thousand(tokens: List[str], i: int) -> Tuple[Optional[int], int]:
    """(value, next index) of a number below 1000 starting at ``i``, or (None, i)."""
    start = i
    value = 0
    hundreds = False
    digit = _unit(tokens, i)
    if digit is not None and i + 1 < len(tokens) and tokens[i + 1] == "trăm":
        value, i, hundreds = digit * 100, i + 2, True
    if i < len(tokens) and tokens[i] == "mười":
        value += 10
        i += 1
        extra = _unit(tokens, i, AFTER_TENS)
        if extra and tokens[i] != "năm" and tokens[i] != "tư":
            value, i = value + extra, i + 1
        return value, i
    digit = _unit(tokens, i)
    if digit is not None and i + 1 < len(tokens) and tokens[i + 1] in TENS_WORDS:
        value += digit * 10
        i += 2
        extra = _unit(tokens, i, AFTER_TENS)
        if extra and tokens[i] != "năm" and not _starts_number_after(tokens, i):
            value, i = value + extra, i + 1
        return value, i
    if hundreds and i + 1 < len(tokens) and tokens[i] in ("linh", "lẻ") and _unit(tokens, i + 1):
        return value + _unit(tokens, i + 1), i + 2
    if hundreds:
        return value, i
    if digit is not None and (i + 1 >= len(tokens) or tokens[i + 1] not in MULTIPLIERS or tokens[i + 1] in SCALES):
        return digit, i + 1
    return None, start


def _starts_number_after(tokens: List[str], i: int) -> bool:
    """The unit at ``i`` is followed by a multiplier, so it starts the next number rather than ending this one."""
    return i + 1 < len(tokens) and tokens[i + 1] in MULTIPLIERS


def parse_number(tokens: List[str], i: int) -> Tuple[Optional[int], int]:
    """(value, next index) of the spoken number starting at ``i`` (up to billions), or (None, i)."""
    total, pos, found = 0, i, False
    while True:
        group, after = _below_thousand(tokens, pos)
        if group is None:
            break
        if after < len(tokens) and tokens[after] in SCALES:
            total += group * SCALES[tokens[after]]
            pos, found = after + 1, True
            continue
        total += group
        pos, found = after, True
        break
    return (total, pos) if found else (None, i)


def _lone_digit_run(tokens: List[str], i: int) -> Tuple[str, int]:
    run = ""
    while i < len(tokens) and tokens[i] in UNITS and not _starts_number_after(tokens, i):
        run += str(UNITS[tokens[i]])
        i += 1
    return run, i


def numbers_to_digits(text: str) -> str:
    """Spoken numbers as digits: "nghị định số ba mươi năm hai nghìn không trăm hai mươi" → "nghị định số 30 năm 2020";
    digit by digit after "số"/"mã" ("mã hồ sơ không một hai ba" → "mã hồ sơ 0123"); "gạch chéo" → "/" between numbers."""
    words = text.split()
    tokens = [w.lower() for w in words]
    out: List[str] = []
    i = 0
    while i < len(tokens):
        previous = tokens[i - 1] if i else ""
        triggered = previous in TRIGGERS or (out and out[-1].isdigit())
        run, run_end = _lone_digit_run(tokens, i)
        if len(run) >= 3 or (len(run) == 2 and triggered):
            out.append(run)
            i = run_end
            continue
        value, after = parse_number(tokens, i)
        if value is not None:
            single = after - i == 1 and tokens[i] in UNITS
            lone_year_word = tokens[i] == "năm" and single and (
                previous not in TRIGGERS or (after < len(tokens) and tokens[after] in UNITS))
            if (not single or triggered) and not lone_year_word:
                out.append(str(value))
                i = after
                continue
        out.append(words[i])
        i += 1
    return _join_separators(" ".join(out))


def _join_separators(text: str) -> str:
    for spoken, symbol in SEPARATORS.items():
        text = re.sub(rf"(\d)\s+{spoken}\s+(?=\w)", rf"\1{symbol}", text, flags=re.IGNORECASE)
    return text


def postprocess(text: str) -> str:
    """The transcript as the NLU should see it."""
    return numbers_to_digits(collapse_repeats(strip_noise(text)))
