"""Reading YAML content files with the line of every record, and collecting problems as file:line."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from legal_kb.procedures.records import Provenance

LINE = "__line__"


@dataclass(frozen=True)
class ContentProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(ValueError):
    """The content folder has problems; nothing from it may be imported."""

    def __init__(self, problems: List[ContentProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that remembers the line of every mapping."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> Dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


class Reader:
    """Collects problems while turning one file's mappings into records."""

    def __init__(self, path: Path, root: Path):
        self.path = path
        self.label = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        self.problems: List[ContentProblem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(ContentProblem(self.label, line, message))

    def load(self) -> Any:
        try:
            with open(self.path, encoding="utf-8") as handle:
                return yaml.load(handle, Loader=_LineLoader)  # noqa: S506 (safe loader subclass)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            self.problem(mark.line + 1 if mark else 1, f"YAML không hợp lệ: {exc.problem or exc}")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(1, f"không đọc được tệp: {exc}")
        return None

    def text(self, row: Dict[str, Any], key: str, required: bool = True) -> Optional[str]:
        value = nfc(row.get(key))
        if value is None or value == "":
            if required:
                self.problem(row[LINE], f"thiếu trường '{key}'")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(row[LINE], f"trường '{key}' phải là chuỗi")
            return None
        return value

    def flag(self, row: Dict[str, Any], key: str, default: Optional[bool] = None) -> bool:
        value = row.get(key, default)
        if not isinstance(value, bool):
            self.problem(row[LINE], f"trường '{key}' phải là true hoặc false")
            return False
        return value

    def day(self, row: Dict[str, Any], key: str, default: Optional[date] = None) -> date:
        value = row.get(key, default)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = None
        if not isinstance(value, date):
            self.problem(row[LINE], f"trường '{key}' phải là ngày dạng YYYY-MM-DD")
            return date.min
        if value > date.today():
            self.problem(row[LINE], f"ngày '{key}' ở tương lai: {value.isoformat()}")
        return value

    def count(self, row: Dict[str, Any], key: str) -> int:
        value = row.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.problem(row[LINE], f"trường '{key}' phải là số nguyên không âm")
            return 0
        return value

    def strings(self, row: Dict[str, Any], key: str) -> Tuple[str, ...]:
        value = row.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.problem(row[LINE], f"trường '{key}' phải là danh sách chuỗi")
            return ()
        return tuple(nfc(str(v)) for v in value if str(v).strip())

    def provenance(self, row: Dict[str, Any], parent: Optional[Provenance] = None) -> Provenance:
        if parent is None:
            return Provenance(self.text(row, "source") or "", self.day(row, "as_of"), self.flag(row, "verified"))
        return Provenance(
            self.text(row, "source", required=False) or parent.source,
            self.day(row, "as_of", parent.as_of),
            self.flag(row, "verified", parent.verified),
        )

    def unknown_keys(self, row: Dict[str, Any], allowed: set) -> None:
        extra = sorted(k for k in row if k != LINE and k not in allowed)
        if extra:
            self.problem(row[LINE], f"trường không được hỗ trợ: {', '.join(map(str, extra))}")

    def rows(self, items: Any, where: int, what: str) -> List[Dict[str, Any]]:
        if items is None:
            return []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            self.problem(where, f"'{what}' phải là danh sách các mục")
            return []
        return items
