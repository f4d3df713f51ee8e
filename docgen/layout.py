"""The boxes every document shares: header, number and date, recipients, signer."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import List, Optional, Sequence

from docgen.inputs import Reader, Section
from docgen.metrics import text_width_pt
from docgen.nd30 import ELEMENTS, QUOC_HIEU, TIEU_NGU
from docgen.settings import UnitDefaults
from docgen.spec import Block, DocumentSpec, Run, block
from vntext.dates import format_date_long

TEXT_WIDTH_PT = (210 - 30 - 15) / 25.4 * 72  # A4 minus the margins we use
HEADER_LEFT_CM = 6.6
HEADER_RIGHT_CM = 9.9
CELL_PADDING_PT = 11.0  # both sides of a table cell

COMMON_FIELDS = (
    "so", "ngay", "co_quan_chu_quan", "co_quan_ban_hanh", "viet_tat_co_quan", "dia_danh",
    "don_vi_soan_thao", "trich_yeu", "nguoi_ky", "noi_nhan",
)


@dataclass(frozen=True)
class Common:
    """What every document has, read from the request with the unit's defaults."""

    number: Optional[int]
    date: dt.date
    parent_unit: str
    unit_name: str
    unit_abbr: str
    place: str
    drafting_unit: str
    summary: str
    signer_title: List[str]
    signer_name: str
    recipients: List[str]


def read_common(reader: Reader, defaults: UnitDefaults, today: dt.date) -> Common:
    title, name = reader.signer("nguoi_ky", defaults.signer_title, defaults.signer_name)
    if not name:
        reader.fail("Thiếu họ tên người ký: trường «nguoi_ky.ho_ten».")
    return Common(
        number=reader.number("so", "số văn bản"),
        date=reader.date("ngay", "ngày ban hành", today),
        parent_unit=reader.text("co_quan_chu_quan", "cơ quan chủ quản", default=defaults.parent_unit) or "",
        unit_name=reader.text("co_quan_ban_hanh", "cơ quan ban hành", default=defaults.unit_name) or "",
        unit_abbr=reader.abbreviation("viet_tat_co_quan", "chữ viết tắt cơ quan ban hành", defaults.unit_abbr),
        place=reader.text("dia_danh", "địa danh", default=defaults.place) or "",
        drafting_unit=reader.abbreviation("don_vi_soan_thao", "đơn vị soạn thảo", defaults.drafting_unit),
        summary=reader.text("trich_yeu", "trích yếu nội dung", required=True) or "",
        signer_title=title,
        signer_name=name,
        recipients=reader.text_list("noi_nhan", "nơi nhận"),
    )


def number_line(number: Optional[int], symbol: str) -> str:
    """"Số: 05/GM-UBND"; a blank number is left for the văn thư to fill in."""
    return f"Số: {number:02d}/{symbol}" if number else f"Số:        /{symbol}"


def split_balanced(text: str, size: float, bold: bool, width_pt: float) -> str:
    """Break a long name into lines of similar length ("ỦY BAN NHÂN DÂN\\nTỈNH LẠNG SƠN")."""
    if text_width_pt(text, size, bold) <= width_pt:
        return text
    words = text.split()
    best, best_score = text, float("inf")
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        widths = (text_width_pt(first, size, bold), text_width_pt(second, size, bold))
        if max(widths) <= width_pt and abs(widths[0] - widths[1]) < best_score:
            best, best_score = f"{first}\n{second}", abs(widths[0] - widths[1])
    return best


def header(spec: DocumentSpec, common: Common, symbol: str) -> None:
    """Boxes 1-4: the unit, the national motto, the number and the place and date."""
    left_width = HEADER_LEFT_CM / 2.54 * 72 - CELL_PADDING_PT
    if common.parent_unit:
        fmt = ELEMENTS["co_quan_chu_quan"]
        spec.header_left.append(
            block("co_quan_chu_quan", split_balanced(common.parent_unit.upper(), fmt.size, False, left_width))
        )
    fmt = ELEMENTS["co_quan_ban_hanh"]
    spec.header_left.append(
        block("co_quan_ban_hanh", split_balanced(common.unit_name.upper(), fmt.size, True, left_width),
              rule_below="short")
    )
    spec.header_right.append(block("quoc_hieu", QUOC_HIEU))
    spec.header_right.append(block("tieu_ngu", TIEU_NGU, rule_below="full"))
    spec.number_box.append(block("so_ky_hieu", number_line(common.number, symbol), space_before_pt=6))
    spec.date_box.append(
        block("dia_danh", f"{common.place}, {format_date_long(common.date)}", space_before_pt=6)
    )


def title(spec: DocumentSpec, type_name: str, summary: str) -> None:
    """Box 5a: the type name in capitals and the summary with a short rule under it."""
    spec.title.append(block("ten_loai", type_name.upper(), space_before_pt=18))
    spec.title.append(block("trich_yeu", summary, rule_below="short"))


def kinh_gui(spec: DocumentSpec, recipients: Sequence[str]) -> None:
    """Box 9a: "Kính gửi: X." on one line, or one "- X;" line each, the dashes under the colon."""
    size = ELEMENTS["kinh_gui"].size
    items = [_bare(r) for r in recipients]
    if len(items) == 1:
        text = f"Kính gửi: {items[0]}."
        indent = max(0.0, (TEXT_WIDTH_PT - text_width_pt(text, size)) / 2)
        spec.kinh_gui.append(block("kinh_gui", text, left_indent_pt=indent, space_before_pt=12, space_after_pt=6))
        return
    label_width = text_width_pt("Kính gửi", size)
    lines = [f"- {item}{';' if i < len(items) - 1 else '.'}" for i, item in enumerate(items)]
    widest = label_width + max(text_width_pt(line, size) for line in lines)
    indent = max(0.0, min((TEXT_WIDTH_PT - widest) / 2, TEXT_WIDTH_PT / 3))
    spec.kinh_gui.append(block("kinh_gui", "Kính gửi:", left_indent_pt=indent, space_before_pt=12))
    for i, line in enumerate(lines):
        spec.kinh_gui.append(
            block("kinh_gui", line, left_indent_pt=indent + label_width,
                  space_after_pt=6 if i == len(lines) - 1 else 0)
        )


def _bare(text: str) -> str:
    """A list item without the dash or final punctuation the user may have typed."""
    return re.sub(r"[\s;,.]+$", "", re.sub(r"^[\s\-–•+*]+", "", text))


def paragraph(text: str, role: str = "body") -> Block:
    return block(role, text, first_line_indent=True, space_after_pt=6)


def sections(spec: DocumentSpec, items: Sequence[Section]) -> None:
    for section in items:
        if section.heading:
            spec.body.append(paragraph(section.heading, role="heading"))
        for text in section.paragraphs:
            spec.body.append(paragraph(text))


def close_body(spec: DocumentSpec) -> None:
    """Every body ends with "./."."""
    last = spec.body[-1]
    text = last.text.rstrip()
    ending = "/." if text.endswith(".") else "./."
    spec.body[-1] = Block(**{**last.__dict__, "runs": last.runs + (Run(ending, bold=False),)})


def noi_nhan(spec: DocumentSpec, common: Common, first: Sequence[str] = ()) -> None:
    """Box 9b: "Nơi nhận:", one "- X;" per line, and "- Lưu: VT, <unit>." last."""
    spec.noi_nhan.append(block("noi_nhan_label", "Nơi nhận:"))
    seen = set()
    for item in list(first) + list(common.recipients):
        item = _bare(item)
        if not item or item.casefold() in seen or item.casefold().startswith("lưu"):
            continue
        seen.add(item.casefold())
        spec.noi_nhan.append(block("noi_nhan_item", f"- {item};"))
    keep = ", ".join(x for x in ("VT", common.drafting_unit) if x)
    spec.noi_nhan.append(block("noi_nhan_item", f"- Lưu: {keep}."))


def signer(spec: DocumentSpec, common: Common) -> None:
    """Boxes 7a and 7b: authority and title in capitals, then the signer's name."""
    for line in common.signer_title:
        spec.signer.append(block("chuc_vu", line))
    spec.signer.append(block("ho_ten", common.signer_name))
