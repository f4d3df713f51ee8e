"""Administrative documents in the Nghị định 30/2020/NĐ-CP format: build them, and check any draft."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from docgen.doctypes import TYPES, DocType, build_spec, resolve_type
from docgen.inputs import InputError
from docgen.render import render
from docgen.settings import Settings, UnitDefaults


def draft(doc_type: str, data: Any, defaults: Optional[UnitDefaults] = None,
          today: Optional[dt.date] = None) -> bytes:
    """The .docx bytes of a document of ``doc_type`` built from ``data``; raises InputError."""
    kind = resolve_type(doc_type)
    if kind is None:
        raise InputError([f"Không có loại văn bản «{doc_type}». Các loại: {', '.join(TYPES)}."])
    spec = build_spec(kind, data, defaults or Settings.from_env().unit, today)
    return render(spec)


__all__ = ["DocType", "InputError", "Settings", "TYPES", "UnitDefaults", "build_spec", "draft", "render",
           "resolve_type"]
