"""Nghị định 30/2020/NĐ-CP as data: page set-up, the format of each element and the abbreviation table.

Both the builder and the checker read these values, so a document we generate and the rule it is
checked against can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

# Phụ lục I, Phần I, mục I.1 and I.3 (millimetres).
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_RANGES_MM: Dict[str, Tuple[float, float]] = {
    "top": (20.0, 25.0),
    "bottom": (20.0, 25.0),
    "left": (30.0, 35.0),
    "right": (15.0, 20.0),
}
# What we generate: inside every range.
MARGINS_MM: Dict[str, float] = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}

FONT_NAME = "Times New Roman"
FIRST_LINE_INDENTS_CM = (1.0, 1.27)
MIN_PARAGRAPH_SPACING_PT = 6.0
LINE_SPACING_RANGE = (1.0, 1.5)

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

SIGNER_AUTHORITIES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")


@dataclass(frozen=True)
class ElementFormat:
    """How one element is set: allowed sizes (pt), the size we use, and style."""

    label: str
    sizes: Tuple[float, float]
    size: float
    bold: bool = False
    italic: bool = False
    upper: bool = False
    align: str = "center"
    citation: str = ""


def _f(label: str, sizes: Tuple[float, float], size: float, citation: str, **style) -> ElementFormat:
    return ElementFormat(label=label, sizes=sizes, size=size, citation=citation, **style)


ELEMENTS: Dict[str, ElementFormat] = {
    "co_quan_chu_quan": _f("tên cơ quan chủ quản", (12, 13), 12, "II.2.b", upper=True),
    "co_quan_ban_hanh": _f("tên cơ quan ban hành", (12, 13), 12, "II.2.b", upper=True, bold=True),
    "so_ky_hieu": _f("số, ký hiệu", (13, 13), 13, "II.3.c"),
    "trich_yeu_cong_van": _f("trích yếu công văn (V/v)", (12, 13), 12, "II.5.b"),
    "quoc_hieu": _f("Quốc hiệu", (12, 13), 12, "II.1.a", upper=True, bold=True),
    "tieu_ngu": _f("Tiêu ngữ", (13, 14), 13, "II.1.b", bold=True),
    "dia_danh": _f("địa danh và thời gian", (13, 14), 13, "II.4.c", italic=True),
    "ten_loai": _f("tên loại văn bản", (13, 14), 14, "II.5.b", upper=True, bold=True),
    "trich_yeu": _f("trích yếu", (13, 14), 14, "II.5.b", bold=True),
    "kinh_gui": _f("Kính gửi", (13, 14), 14, "II.9.d", align="left"),
    "tham_quyen": _f("thẩm quyền ban hành", (13, 14), 14, "II.6.a", upper=True, bold=True),
    "can_cu": _f("căn cứ ban hành", (13, 14), 14, "II.6.a", italic=True, align="justify"),
    "body": _f("nội dung văn bản", (13, 14), 14, "II.6.e", align="justify"),
    "heading": _f("tiêu đề phần, mục", (13, 14), 14, "II.6.đ", bold=True, align="justify"),
    "dieu": _f("điều", (13, 14), 14, "II.6.đ", bold=True, align="justify"),
    "quyet_dinh_label": _f("từ QUYẾT ĐỊNH:", (13, 14), 14, "Phụ lục III, mẫu 1.2", upper=True, bold=True),
    "chuc_vu": _f("quyền hạn, chức vụ người ký", (13, 14), 14, "II.7.đ", upper=True, bold=True),
    "ho_ten": _f("họ tên người ký", (13, 14), 14, "II.7.đ", bold=True),
    "noi_nhan_label": _f("Nơi nhận", (12, 12), 12, "II.9.d", bold=True, italic=True, align="left"),
    "noi_nhan_item": _f("danh sách nơi nhận", (11, 11), 11, "II.9.d", align="left"),
    "page_number": _f("số trang", (13, 14), 14, "I.7"),
}

# Phụ lục III, mục I: abbreviations of the names of administrative document types.
TYPE_ABBREVIATIONS: Dict[str, str] = {
    "Nghị quyết": "NQ", "Quyết định": "QĐ", "Chỉ thị": "CT", "Quy chế": "QC", "Quy định": "QyĐ",
    "Thông cáo": "TC", "Thông báo": "TB", "Hướng dẫn": "HD", "Chương trình": "CTr", "Kế hoạch": "KH",
    "Phương án": "PA", "Đề án": "ĐA", "Dự án": "DA", "Báo cáo": "BC", "Biên bản": "BB", "Tờ trình": "TTr",
    "Hợp đồng": "HĐ", "Công điện": "CĐ", "Bản ghi nhớ": "BGN", "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ", "Giấy mời": "GM", "Giấy giới thiệu": "GGT", "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG", "Phiếu chuyển": "PC", "Phiếu báo": "PB", "Bản sao y": "SY",
    "Bản trích sao": "TrS", "Bản sao lục": "SL",
}
ABBREVIATION_TO_TYPE: Dict[str, str] = {v: k for k, v in TYPE_ABBREVIATIONS.items()}


def type_for_title(title: str) -> Optional[str]:
    """The document type whose name is ``title`` ("GIẤY MỜI" -> "Giấy mời"), if any."""
    wanted = " ".join(title.split()).casefold()
    for name in TYPE_ABBREVIATIONS:
        if name.casefold() == wanted:
            return name
    return None


def cite(section: str) -> str:
    """Full citation of a place in Phụ lục I (or Phụ lục III when the section says so)."""
    if section.startswith("Phụ lục"):
        return section
    return f"Phụ lục I, Phần I, mục {section}"
