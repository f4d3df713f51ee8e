"""Settings of the document builder, read from the environment in one place.

| variable | meaning | default |
| --- | --- | --- |
| DOCGEN_PARENT_UNIT | tên cơ quan chủ quản trực tiếp (may be empty) | "" |
| DOCGEN_UNIT_NAME | tên cơ quan ban hành | "Ủy ban nhân dân tỉnh Lạng Sơn" |
| DOCGEN_UNIT_ABBR | chữ viết tắt tên cơ quan ban hành | "UBND" |
| DOCGEN_PLACE | địa danh | "Lạng Sơn" |
| DOCGEN_DRAFTING_UNIT | chữ viết tắt đơn vị soạn thảo (dòng "Lưu") | "VP" |
| DOCGEN_SIGNER_TITLE | chức vụ người ký, lines separated by "|" | "TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH|PHÓ CHỦ TỊCH" |
| DOCGEN_SIGNER_NAME | họ tên người ký | "" (left blank for the signer) |
| DOCGEN_FILES_DIR | folder of generated files | "var/files" |
| DOCGEN_LINK_SECRET | secret of download links | none: links refuse to work without it |
| DOCGEN_LINK_TTL_HOURS | lifetime of a download link | 24 |
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple


def _text(env: Mapping[str, str], name: str, default: str) -> str:
    return unicodedata.normalize("NFC", env.get(name, default)).strip()


@dataclass(frozen=True)
class UnitDefaults:
    """The issuing unit used when a request does not name one."""

    parent_unit: str = ""
    unit_name: str = "Ủy ban nhân dân tỉnh Lạng Sơn"
    unit_abbr: str = "UBND"
    place: str = "Lạng Sơn"
    drafting_unit: str = "VP"
    signer_title: Tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    signer_name: str = ""


@dataclass(frozen=True)
class Settings:
    unit: UnitDefaults = field(default_factory=UnitDefaults)
    files_dir: str = "var/files"
    link_secret: Optional[str] = None
    link_ttl_hours: float = 24.0

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        base = UnitDefaults()
        title = _text(env, "DOCGEN_SIGNER_TITLE", "|".join(base.signer_title))
        unit = UnitDefaults(
            parent_unit=_text(env, "DOCGEN_PARENT_UNIT", base.parent_unit),
            unit_name=_text(env, "DOCGEN_UNIT_NAME", base.unit_name),
            unit_abbr=_text(env, "DOCGEN_UNIT_ABBR", base.unit_abbr),
            place=_text(env, "DOCGEN_PLACE", base.place),
            drafting_unit=_text(env, "DOCGEN_DRAFTING_UNIT", base.drafting_unit),
            signer_title=tuple(line.strip() for line in title.split("|") if line.strip()),
            signer_name=_text(env, "DOCGEN_SIGNER_NAME", base.signer_name),
        )
        ttl = env.get("DOCGEN_LINK_TTL_HOURS", "24")
        try:
            ttl_hours = float(ttl)
        except ValueError:
            ttl_hours = 24.0
        return cls(
            unit=unit,
            files_dir=env.get("DOCGEN_FILES_DIR", "var/files"),
            link_secret=env.get("DOCGEN_LINK_SECRET") or None,
            link_ttl_hours=ttl_hours if ttl_hours > 0 else 24.0,
        )
