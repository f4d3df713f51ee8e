"""Reading and validating the request for a document; every problem becomes a Vietnamese message.

User text is only ever data: it is normalised to NFC, stripped of control characters and put into
runs as plain text, never interpreted.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Sequence, Tuple

from docgen.nd30 import SIGNER_AUTHORITIES
from vntext.dates import DateTimePhrase, parse_datetime

MAX_TEXT = 4000
MAX_ITEMS = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ABBR = re.compile(r"^[A-ZĐ0-9][A-Za-zĐđ0-9]{0,14}(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]{0,14})?$")


class InputError(ValueError):
    """The request cannot be turned into a document; ``errors`` lists every reason in Vietnamese."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Section:
    """A part of the content: an optional heading and its paragraphs."""

    heading: Optional[str]
    paragraphs: Tuple[str, ...]


@dataclass(frozen=True)
class Article:
    """"Điều n. Title" and its paragraphs."""

    title: Optional[str]
    paragraphs: Tuple[str, ...]


def clean_text(value: str) -> str:
    """NFC, no control characters, single spaces inside lines."""
    value = unicodedata.normalize("NFC", _CONTROL.sub("", value))
    return " ".join(value.split())


class Reader:
    """Reads typed fields from a request, collecting errors instead of stopping at the first."""

    def __init__(self, data: Any) -> None:
        self.errors: List[str] = []
        if not isinstance(data, Mapping):
            self.errors.append("Dữ liệu văn bản phải là một đối tượng JSON (dạng {\"trường\": giá trị}).")
            data = {}
        self.data = data

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def raise_if_failed(self) -> None:
        if self.errors:
            raise InputError(self.errors)

    def reject_unknown(self, allowed: Sequence[str]) -> None:
        for key in self.data:
            if key not in allowed:
                self.fail(f"Trường «{key}» không dùng cho loại văn bản này.")

    def _missing(self, key: str, label: str) -> None:
        self.fail(f"Thiếu trường bắt buộc «{key}» ({label}).")

    def text(self, key: str, label: str, required: bool = False, default: Optional[str] = None) -> Optional[str]:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required and default is None:
                self._missing(key, label)
            return default
        if not isinstance(value, str):
            self.fail(f"Trường «{key}» ({label}) phải là chuỗi ký tự.")
            return default
        value = clean_text(value)
        if len(value) > MAX_TEXT:
            self.fail(f"Trường «{key}» ({label}) dài quá {MAX_TEXT} ký tự.")
        return value

    def text_list(self, key: str, label: str, required: bool = False) -> List[str]:
        value = self.data.get(key)
        if value is None or value == [] or value == "":
            if required:
                self._missing(key, label)
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(f"Trường «{key}» ({label}) phải là một danh sách chuỗi ký tự.")
            return []
        if len(value) > MAX_ITEMS:
            self.fail(f"Trường «{key}» ({label}) có quá {MAX_ITEMS} mục.")
        items = [clean_text(item) for item in value]
        if any(len(item) > MAX_TEXT for item in items):
            self.fail(f"Một mục của «{key}» ({label}) dài quá {MAX_TEXT} ký tự.")
        items = [item for item in items if item]
        if required and not items:
            self._missing(key, label)
        return items

    def number(self, key: str, label: str) -> Optional[int]:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99999:
            self.fail(f"Trường «{key}» ({label}) phải là số nguyên dương, ví dụ 5.")
            return None
        return value

    def abbreviation(self, key: str, label: str, default: str) -> str:
        value = self.text(key, label, default=default) or ""
        if value and not _ABBR.match(value):
            self.fail(
                f"Trường «{key}» ({label}) phải là chữ viết tắt liền nhau, không dấu cách, "
                f"ví dụ «UBND» hoặc «SNV»."
            )
        return value

    def date(self, key: str, label: str, today: dt.date) -> dt.date:
        value = self.data.get(key)
        if value is None or value == "":
            return today
        if isinstance(value, str):
            parsed = _parse_date(value, today)
            if parsed is not None:
                return parsed
        self.fail(f"Trường «{key}» ({label}) không phải ngày hợp lệ; hãy ghi dạng 2026-01-05 hoặc 05/01/2026.")
        return today

    def when(self, key: str, label: str, today: dt.date) -> Optional[DateTimePhrase]:
        value = self.text(key, label, required=True)
        if value is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
            has_time = "T" in value or " " in value.strip()
            return DateTimePhrase(moment.date(), moment.time() if has_time else None)
        except ValueError:
            pass
        parsed = parse_datetime(value, today)
        if parsed is None:
            self.fail(
                f"Không hiểu «{value}» ở trường «{key}» ({label}); hãy ghi ví dụ «8h30 thứ Hai 12/01/2026» "
                f"hoặc «2026-01-12T08:30»."
            )
            return None
        return parsed

    def sections(self, key: str, label: str, required: bool = True) -> List[Section]:
        value = self.data.get(key)
        if value in (None, "", []):
            if required:
                self._missing(key, label)
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            self.fail(f"Trường «{key}» ({label}) phải là danh sách đoạn văn hoặc mục {{\"tieu_de\", \"doan\"}}.")
            return []
        result: List[Section] = []
        for index, item in enumerate(value, start=1):
            section = self._section(item)
            if section is None:
                self.fail(
                    f"Mục thứ {index} của «{key}» ({label}) phải là một đoạn văn hoặc "
                    f"{{\"tieu_de\": \"…\", \"doan\": [\"…\"]}}."
                )
            else:
                result.append(section)
        return result

    def _section(self, item: Any) -> Optional[Section]:
        if isinstance(item, str):
            text = clean_text(item)
            return Section(None, (text,)) if text else None
        if not isinstance(item, Mapping):
            return None
        heading = item.get("tieu_de")
        paragraphs = item.get("doan", item.get("noi_dung", []))
        if isinstance(paragraphs, str):
            paragraphs = [paragraphs]
        if heading is not None and not isinstance(heading, str):
            return None
        if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
            return None
        texts = tuple(t for t in (clean_text(p) for p in paragraphs) if t)
        title = clean_text(heading) if heading else None
        if not title and not texts:
            return None
        return Section(title or None, texts)

    def articles(self, key: str, label: str) -> List[Article]:
        sections = self.sections(key, label, required=True)
        return [Article(s.heading, s.paragraphs) for s in sections]

    def signer(self, key: str, default_title: Sequence[str], default_name: str) -> Tuple[List[str], str]:
        value = self.data.get(key) or {}
        if not isinstance(value, Mapping):
            self.fail(f"Trường «{key}» (người ký) phải có dạng {{\"chuc_vu\": …, \"ho_ten\": …}}.")
            return list(default_title), default_name
        reader = Reader(value)
        title = reader.text_list("chuc_vu", "chức vụ người ký") or list(default_title)
        name = reader.text("ho_ten", "họ tên người ký", default=default_name) or ""
        self.errors.extend(f"{key}: {e}" for e in reader.errors)
        for line in title:
            head = line.split()[0] if line.split() else ""
            if head.endswith(".") and head.upper() not in SIGNER_AUTHORITIES:
                self.fail(
                    f"Quyền hạn «{head}» của người ký không hợp lệ; chỉ dùng {', '.join(SIGNER_AUTHORITIES)}."
                )
        if not title:
            self._missing(f"{key}.chuc_vu", "chức vụ người ký")
        return [line.upper() for line in title], name


def _parse_date(value: str, today: dt.date) -> Optional[dt.date]:
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if match:
        try:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    parsed = parse_datetime(value, today)
    return parsed.date if parsed and parsed.time is None else None

