"""The Vietnamese word list shipped with underthesea (Viet74K), read once and shared."""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def word_list() -> str:
    """The word list as lower-case text, one entry a line; empty when underthesea is not installed.

    The file is located, not imported: importing underthesea is slow."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        logger.warning("Không tìm thấy danh sách từ tiếng Việt (underthesea chưa được cài).")
        return ""
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    try:
        return path.read_text(encoding="utf-8").lower()
    except OSError as error:
        logger.warning("Không đọc được danh sách từ tiếng Việt %s: %s", path, error)
        return ""


__all__ = ["word_list"]
