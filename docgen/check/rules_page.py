"""Rules about the page: size, orientation, margins, font, colour and page numbers (Phụ lục I, mục I)."""

from __future__ import annotations

from typing import List

from docgen.check.common import excerpt, num, sizes_outside
from docgen.check.docmodel import DocView
from docgen.check.locate import Found
from docgen.check.report import Violation
from docgen.metrics import text_width_pt
from docgen.nd30 import ELEMENTS, FONT_NAME, MARGIN_RANGES_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM

_SIDES = {"top": "Lề trên", "bottom": "Lề dưới", "left": "Lề trái", "right": "Lề phải"}


def page_rules(doc: DocView, found: Found) -> List[Violation]:
    out: List[Violation] = []
    if not doc.sections:
        return [Violation("page.size", "Không tìm thấy thông tin trang (section) của văn bản.")]
    section = doc.sections[0]
    width, height = section.width_mm, section.height_mm
    if width is None or height is None:
        out.append(Violation("page.size", "Không tìm thấy khổ giấy; văn bản phải đặt khổ A4."))
    else:
        short, long_ = sorted((width, height))
        if abs(short - PAGE_WIDTH_MM) > 1.5 or abs(long_ - PAGE_HEIGHT_MM) > 1.5:
            out.append(Violation("page.size", f"Khổ giấy {num(width)} x {num(height)} mm, không phải A4."))
        if width > height:
            out.append(Violation("page.orientation", "Trang đầu được đặt theo chiều ngang."))
    for side, (low, high) in MARGIN_RANGES_MM.items():
        value = section.margins_mm.get(side)
        if value is None:
            continue
        if not low - 0.3 <= value <= high + 0.3:
            out.append(Violation(f"margin.{side}", f"{_SIDES[side]} {num(value)} mm."))
    return out


def font_rules(doc: DocView, found: Found) -> List[Violation]:
    out: List[Violation] = []
    fonts, colours = {}, {}
    for p in doc.paragraphs:
        for run in p.words:
            name = run.font or "(không xác định)"
            if name.casefold() != FONT_NAME.casefold():
                fonts.setdefault(name, p)
            if (run.color or "auto").lower() not in ("auto", "000000"):
                colours.setdefault(run.color, p)
    for name, p in fonts.items():
        out.append(Violation("font.family", f"Có chữ dùng phông «{name}»", excerpt(p)))
    for colour, p in colours.items():
        out.append(Violation("font.color", f"Có chữ màu #{colour}", excerpt(p)))
    return out


def _estimated_pages(doc: DocView) -> float:
    usable_width = (PAGE_WIDTH_MM - 30 - 15) / 25.4 * 72
    usable_height = (PAGE_HEIGHT_MM - 45) / 25.4 * 72
    height = 0.0
    for p in doc.paragraphs:
        if p.cell is not None and p.cell[1] > 0:
            continue
        size = max((r.size or 12 for r in p.words), default=12)
        width = p.cell_width_pt if p.cell is not None and p.cell_width_pt else usable_width
        lines = max(1, int(text_width_pt(p.text, size) // max(width, 50)) + 1)
        height += lines * size * 1.15 + (p.space_after or 0)
    return height / usable_height


def page_number_rules(doc: DocView, found: Found) -> List[Violation]:
    out: List[Violation] = []
    if not doc.sections:
        return out
    section = doc.sections[0]
    numbered = [h for h in section.headers if h.has_page_field]
    if not numbered:
        if _estimated_pages(doc) > 1.05:
            out.append(Violation("page_number.format", "Không tìm thấy số trang (trường PAGE) trong lề trên."))
        return out
    default = [h for h in numbered if h.kind == "default"]
    first = [h for h in numbered if h.kind == "first"]
    if default and (not section.title_page or first):
        out.append(Violation("page_number.first_page", "Trang thứ nhất có hiển thị số trang."))
    sizes = ELEMENTS["page_number"].sizes
    for header in numbered:
        where = "chân trang" if header.is_footer else "đầu trang"
        if header.is_footer:
            out.append(Violation("page_number.format", "Số trang đặt ở chân trang, phải ở lề trên.", where))
        p = header.page_field_paragraph
        if p is None:
            continue
        if p.align != "center" and not p.text.startswith("\t"):
            out.append(Violation("page_number.format", "Số trang không canh giữa.", where))
        wrong = sizes_outside(p, sizes)
        if wrong:
            out.append(Violation("page_number.format", f"Số trang cỡ chữ {', '.join(num(s) for s in wrong)}.", where))
    return out
