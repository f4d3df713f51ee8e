"""Finding the elements of an administrative document in any .docx, in tables or plain paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from docgen.check.docmodel import DocView, ParaView
from docgen.nd30 import type_for_title
from vntext import fold

_RULE_CHARS = re.compile(r"^[_\-–—─=‗]{4,}$")
_TIEU_NGU = re.compile(r"DOC\s*LAP\W*TU\s*DO\W*HANH\s*PHUC")
_NUMBER = re.compile(r"^SO\s*[:.]")
_DATE = re.compile(r"^[^,]{1,60},?\s*ngay\b.*\bthang\b.*\bnam\b")
_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")


def key(p: ParaView) -> str:
    """Folded upper-case text with single spaces."""
    return fold(p.stripped).upper()


def is_rule(p: ParaView) -> bool:
    """A paragraph that only draws a line (underscores, a border or a shape)."""
    text = p.stripped.replace(" ", "")
    if text:
        return bool(_RULE_CHARS.match(text))
    return p.border_bottom or p.has_shape


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


@dataclass
class Found:
    quoc_hieu: Optional[ParaView] = None
    tieu_ngu: Optional[ParaView] = None
    parent: List[ParaView] = field(default_factory=list)
    unit: List[ParaView] = field(default_factory=list)
    number: Optional[ParaView] = None
    date: Optional[ParaView] = None
    vv: Optional[ParaView] = None
    type_name: Optional[ParaView] = None
    summary: List[ParaView] = field(default_factory=list)
    kinh_gui: List[ParaView] = field(default_factory=list)
    can_cu: List[ParaView] = field(default_factory=list)
    body: List[ParaView] = field(default_factory=list)
    noi_nhan_label: Optional[ParaView] = None
    noi_nhan_items: List[ParaView] = field(default_factory=list)
    signer_titles: List[ParaView] = field(default_factory=list)
    signer_name: Optional[ParaView] = None
    header_end: int = -1


def next_in_box(doc: DocView, p: ParaView) -> Optional[ParaView]:
    """The paragraph after ``p`` in the same table cell (or in the body)."""
    if p.index + 1 < len(doc.paragraphs):
        after = doc.paragraphs[p.index + 1]
        if after.cell == p.cell:
            return after
    return None


def _first(paras: List[ParaView], test, start: int = 0, stop: Optional[int] = None) -> Optional[ParaView]:
    for p in paras[start:stop]:
        if p.stripped and test(p):
            return p
    return None


def _header(doc: DocView, found: Found) -> None:
    paras = doc.paragraphs
    found.quoc_hieu = _first(paras, lambda p: "CONG HOA XA HOI CHU NGHIA VIET NAM" in key(p) and len(key(p)) <= 50)
    start = found.quoc_hieu.index if found.quoc_hieu else 0
    found.tieu_ngu = _first(paras, lambda p: bool(_TIEU_NGU.search(key(p))) and len(key(p)) <= 45, start, start + 8)
    window = (max(0, start - 12), start + 14)
    found.number = _first(paras, lambda p: bool(_NUMBER.match(key(p))), *window)
    found.date = _first(paras, lambda p: bool(_DATE.match(fold(p.stripped, lower=True))), *window)
    found.vv = _first(paras, lambda p: key(p).startswith("V/V"), *window)
    ends = [p.index for p in (found.quoc_hieu, found.tieu_ngu, found.number, found.date, found.vv) if p]
    found.header_end = max(ends) if ends else -1
    _units(doc, found)


def _units(doc: DocView, found: Found) -> None:
    number = found.number
    if number is None:
        return
    if number.cell is not None:
        table, row, col = number.cell
        lines = [p for p in doc.paragraphs[: number.index]
                 if p.cell and p.cell[0] == table and p.cell[2] == col and p.cell[1] <= row]
    else:
        first = found.quoc_hieu.index if found.quoc_hieu else 0
        lines = [p for p in doc.paragraphs[: number.index] if p.cell is None and p.index != first]
    skip = {id(found.quoc_hieu), id(found.tieu_ngu), id(found.date)}
    lines = [p for p in lines if p.stripped and not is_rule(p) and id(p) not in skip]
    bold = [p for p in lines if p.words and all(r.bold for r in p.words)]
    if bold:
        first_bold = lines.index(bold[0])
        found.parent, found.unit = lines[:first_bold], lines[first_bold:]
    elif lines:
        found.parent, found.unit = lines[:-1], lines[-1:]


def _title(doc: DocView, found: Found) -> int:
    """Finds the type name and summary; returns the index where the body starts."""
    paras = doc.paragraphs
    position = found.header_end + 1
    candidate = _first(paras, lambda p: p.cell is None and not is_rule(p), position, position + 6)
    if candidate is None:
        return position
    known = type_for_title(candidate.stripped) is not None
    looks_like = is_upper(candidate.stripped) and len(candidate.stripped) < 60 and candidate.align == "center"
    if not (known or looks_like) or key(candidate).startswith("KINH GUI"):
        return position
    found.type_name = candidate
    index = candidate.index + 1
    while index < len(paras) and len(found.summary) < 3:
        p = paras[index]
        if not p.stripped or is_rule(p) or p.cell is not None:
            break
        found.summary.append(p)
        index += 1
    return index


def _can_cu(body: List[ParaView], type_name: Optional[str]) -> List[ParaView]:
    """The căn cứ lines (and "Theo đề nghị …") at the head of the body, when the document has them."""
    index = 0
    while index < len(body) and is_upper(body[index].stripped):
        index += 1
    block: List[ParaView] = []
    while index < len(body) and fold(body[index].stripped, lower=True).startswith("can cu"):
        block.append(body[index])
        index += 1
    has_proposal = False
    if block and index < len(body) and fold(body[index].stripped, lower=True).startswith("theo de nghi"):
        block.append(body[index])
        has_proposal = True
    formal = type_name in ("Quyết định", "Nghị quyết", "Chỉ thị", "Quy chế", "Quy định")
    return block if formal or len(block) >= 2 or has_proposal else []


def _closing(doc: DocView, found: Found, start: int) -> int:
    paras = doc.paragraphs
    label = _first(paras, lambda p: fold(p.stripped, lower=True).startswith("noi nhan") and len(p.stripped) <= 15,
                   start)
    if label is None:
        return len(paras)
    found.noi_nhan_label = label
    index = label.index + 1
    while index < len(paras) and paras[index].cell == label.cell and paras[index].stripped:
        found.noi_nhan_items.append(paras[index])
        index += 1
    if label.cell is not None:
        table, row, col = label.cell
        others = [p for p in paras if p.cell and p.cell[0] == table and p.cell[1] == row and p.cell[2] != col]
    else:
        others = [p for p in paras[index:] if p.cell is None]
        others += [p for p in paras[start:label.index] if _AUTHORITY.match(key(p))]
        others.sort(key=lambda p: p.index)
    _signer(found, others)
    return label.index


def _signer(found: Found, paras: List[ParaView]) -> None:
    texts = [p for p in paras if p.stripped and not p.stripped.startswith("(")]
    titles = [p for p in texts if is_upper(p.stripped)]
    found.signer_titles = titles[:4]
    rest = [p for p in texts if p not in titles and _looks_like_name(p.stripped)]
    found.signer_name = rest[-1] if rest else None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 7 and all(any(c.isalpha() for c in w) for w in words) and not text.endswith(":")


def locate(doc: DocView) -> Found:
    """Every element we can find; missing ones stay None or empty."""
    found = Found()
    _header(doc, found)
    body_start = _title(doc, found)
    paras = doc.paragraphs
    kinh = _first(paras, lambda p: key(p).startswith("KINH GUI"), body_start, body_start + 6)
    if kinh is not None:
        found.kinh_gui = [kinh]
        index = kinh.index + 1
        while index < len(paras) and paras[index].stripped.startswith(("-", "–", "+")):
            found.kinh_gui.append(paras[index])
            index += 1
        body_start = index
    body_end = _closing(doc, found, body_start)
    body = [p for p in paras[body_start:body_end] if p.cell is None and p.stripped and not is_rule(p)]
    type_name = type_for_title(found.type_name.stripped) if found.type_name else None
    found.can_cu = _can_cu(body, type_name)
    found.body = body
    return found
