"""Document numbers and loose references: "30/2020/NĐ-CP", "nd 30 2020", "nghị định 30", "luat cu tru"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import vntext
from legal_kb.documents.analysis import clean

# Type code in the number → document type and issuer.
TYPE_CODES = {
    "ND": ("Nghị định", None),
    "TT": ("Thông tư", None),
    "TTLT": ("Thông tư liên tịch", None),
    "QD": ("Quyết định", None),
    "NQ": ("Nghị quyết", None),
    "CT": ("Chỉ thị", None),
    "PL": ("Pháp lệnh", "Ủy ban Thường vụ Quốc hội"),
}
ISSUER_CODES = {"CP": "Chính phủ", "TTG": "Thủ tướng Chính phủ", "UBTVQH": "Ủy ban Thường vụ Quốc hội", "HDND": "Hội đồng nhân dân", "UBND": "Ủy ban nhân dân"}

# Type names as people write them (folded, lower case) → canonical type.
TYPE_NAMES = {
    "bo luat": "Bộ luật",
    "luat": "Luật",
    "hien phap": "Hiến pháp",
    "nghi dinh": "Nghị định",
    "nd": "Nghị định",
    "thong tu lien tich": "Thông tư liên tịch",
    "ttlt": "Thông tư liên tịch",
    "thong tu": "Thông tư",
    "tt": "Thông tư",
    "quyet dinh": "Quyết định",
    "qd": "Quyết định",
    "nghi quyet": "Nghị quyết",
    "nq": "Nghị quyết",
    "phap lenh": "Pháp lệnh",
    "chi thi": "Chỉ thị",
}

_NUMBER = re.compile(r"(?<![\w/])(\d{1,4})\s*/\s*(\d{4})\s*/\s*([A-Za-zĐđ]+(?:\s*-\s*[A-Za-zĐđ0-9]+)*|QH\d{1,2})(?![\w/])")


@dataclass(frozen=True)
class DocumentNumber:
    seq: int
    year: int
    suffix: str  # "NĐ-CP", "QH14"

    @property
    def text(self) -> str:
        return f"{self.seq:02d}/{self.year}/{self.suffix}" if self.seq < 10 else f"{self.seq}/{self.year}/{self.suffix}"

    @property
    def doc_type(self) -> Optional[str]:
        code = vntext.fold(self.suffix.split("-")[0]).upper()
        if code.startswith("QH"):
            return "Luật"
        return TYPE_CODES.get(code, (None, None))[0]

    @property
    def issuer(self) -> Optional[str]:
        parts = vntext.fold(self.suffix).upper().split("-")
        if parts[0].startswith("QH"):
            return "Quốc hội"
        if len(parts) > 1:
            return ISSUER_CODES.get(parts[1], parts[1])
        return TYPE_CODES.get(parts[0], (None, None))[1]


def canonical_suffix(suffix: str) -> str:
    """Upper case, đ → Đ kept as Đ, spaces removed: "nđ - cp" → "NĐ-CP"."""
    suffix = unicodedata.normalize("NFC", re.sub(r"\s+", "", suffix)).upper()
    parts = suffix.split("-")
    # "ND" written without the stroke is still Nghị định: restore the official spelling of the type code.
    if parts[0] in ("ND", "QD", "BGDDT"):
        parts[0] = parts[0].replace("D", "Đ")
    return "-".join(parts)


def parse_number(text: str) -> Optional[DocumentNumber]:
    """The first document number in ``text`` ("Số: 30/2020/NĐ-CP" → 30/2020/NĐ-CP)."""
    m = _NUMBER.search(unicodedata.normalize("NFC", text or ""))
    if not m:
        return None
    return DocumentNumber(int(m.group(1)), int(m.group(2)), canonical_suffix(m.group(3)))


def number_key(number: str) -> str:
    """A comparison key insensitive to case, đ and zero padding: "30/2020/nđ-cp" == "30/2020/ND-CP"."""
    parsed = parse_number(number)
    if parsed:
        return f"{parsed.seq}/{parsed.year}/{vntext.fold(parsed.suffix).upper()}"
    return vntext.fold(number or "", lower=True).strip()


def short_title(title: str) -> str:
    """Title without the trailing year or number: "Luật Cư trú 2020" → "Luật Cư trú"."""
    title = re.sub(r"\s+(số\s+)?\d+/\d{4}/\S+", "", title.strip())
    return re.sub(r"\s+(năm\s+)?\d{4}$", "", title).strip()


@dataclass(frozen=True)
class DocumentReference:
    """What a loose query says about a document."""

    doc_type: Optional[str] = None
    seq: Optional[int] = None
    year: Optional[int] = None
    number: Optional[str] = None  # a full number when one was written
    name: Optional[str] = None  # folded name words after the type ("cu tru")
    span: tuple = (0, 0)  # where the reference sits in the folded query


_TYPE_ALT = "|".join(sorted((re.escape(k) for k in TYPE_NAMES), key=len, reverse=True))
_LOOSE = re.compile(rf"\b({_TYPE_ALT})\b\s*(?:so\s*)?(\d{{1,4}})?(?:\s*[/ .-]\s*(\d{{4}}))?(?:\s*/?\s*([a-z]+(?:-[a-z]+)*))?")


@lru_cache(maxsize=1024)
def parse_reference(query: str) -> Optional[DocumentReference]:
    """Read a document reference from a loose query ("nd 30 2020", "nghị định 30", "luật cư trú")."""
    full = parse_number(query)
    folded = vntext.fold(clean(query), lower=True)
    if full:
        return DocumentReference(doc_type=full.doc_type, seq=full.seq, year=full.year, number=full.text)
    m = _LOOSE.search(folded)
    if not m:
        return None
    doc_type = TYPE_NAMES[m.group(1)]
    seq = int(m.group(2)) if m.group(2) else None
    year = int(m.group(3)) if m.group(3) else None
    name = None
    if seq is None:
        rest = folded[m.end(1):].strip()
        name = re.split(r"[,.;:?!()]| noi gi| quy dinh| co hieu luc| con hieu luc| nam \d{4}", rest)[0].strip() or None
    elif year is None and m.group(4) is None:
        pass
    return DocumentReference(doc_type=doc_type, seq=seq, year=year, name=name, span=m.span())
