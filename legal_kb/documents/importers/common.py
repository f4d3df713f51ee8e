"""What every importer shares: the error type with file and position, the report, the single transaction."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, List

from sqlalchemy.engine import Engine
from tqdm import tqdm

from legal_kb.db import create_schema
from legal_kb.documents.search.index import ensure_search_schema


class ImportError_(ValueError):
    """Bad input: the message names the file and the position (line/column or item)."""

    def __init__(self, path: str, position: str, message: str) -> None:
        self.path = str(path)
        self.position = position
        self.detail = message
        super().__init__(f"{path}: {position}: {message}")


@dataclass
class ImportReport:
    documents: int = 0
    articles: int = 0
    nodes: int = 0
    messages: List[str] = field(default_factory=list)


def read_json(path: Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ImportError_(str(path), "tệp", f"không đọc được: {exc.strerror}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(str(path), f"dòng {exc.lineno}, cột {exc.colno}", f"JSON không hợp lệ ({exc.msg})") from exc


def progress(items: Iterable, desc: str, total: int | None = None) -> Iterable:
    return tqdm(items, desc=desc, total=total, file=sys.stderr, unit="vb", leave=False, disable=None)


def prepare(engine: Engine) -> None:
    create_schema(engine)
    ensure_search_schema(engine)


def today() -> date:
    return date.today()
