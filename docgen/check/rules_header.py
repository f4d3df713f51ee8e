"""Rules about the header and title: Quốc hiệu, Tiêu ngữ, issuing body, number, place and date, type name."""

from __future__ import annotations

import datetime as dt
import re
from typing import List, Optional, Tuple

from docgen.check.common import excerpt, num, style_problems
from docgen.check.docmodel import DocView, ParaView
from docgen.check.locate import Found, is_rule, is_upper, key, next_in_box
from docgen.check.report import Violation
from docgen.metrics import text_width_pt
from docgen.nd30 import ABBREVIATION_TO_TYPE, ELEMENTS, PAGE_WIDTH_MM, TYPE_ABBREVIATIONS, type_for_title
from vntext import fold

CELL_PADDING_PT = 10.8
_NUMBER = re.compile(r"^(?P<word>\S+?)\s*(?P<colon>:?)\s*(?P<num>[0-9]*)(?P<pre>\s*)/(?P<post>\s*)(?P<sym>.*)$")
_DATE = re.compile(r"^(?P<place>[^,]*?)\s*(?P<comma>,?)\s*ngay\s+(?P<d>\S+)\s+thang\s+(?P<m>\S+)\s+nam\s+(?P<y>\S+?)\.?$")


def _style(rule: str, label: str, p: ParaView, role: str, **override) -> List[Violation]:
    fmt = ELEMENTS[role]
    options = {"sizes": fmt.sizes, "bold": fmt.bold, "italic": fmt.italic, "upper": fmt.upper or None}
    options.update(override)
    problems = style_problems(p, **options)
    return [Violation(rule, f"{label} {', '.join(problems)}.", excerpt(p))] if problems else []


def _available_width(doc: DocView, p: ParaView) -> float:
    if p.cell is not None and p.cell_width_pt:
        return p.cell_width_pt - CELL_PADDING_PT
    section = doc.sections[0] if doc.sections else None
    if section and section.width_mm:
        margins = (section.margins_mm.get("left") or 30) + (section.margins_mm.get("right") or 15)
        return (section.width_mm - margins) / 25.4 * 72
    return (PAGE_WIDTH_MM - 45) / 25.4 * 72


def line_below(doc: DocView, p: ParaView) -> Tuple[bool, Optional[float]]:
    """Is there a line under ``p``, and how long is it compared with the text (when measurable)?"""
    words = p.words
    size = words[0].size if words and words[0].size else 13
    bold = bool(words and words[0].bold)
    text_width = max(text_width_pt(line, size, bold) for line in p.text.split("\n")) or 1.0
    text_width = min(text_width, _available_width(doc, p))

    def border_ratio(q: ParaView) -> float:
        length = _available_width(doc, q) - (q.left_cm + q.right_cm) / 2.54 * 72
        return length / text_width

    if p.border_bottom:
        return True, border_ratio(p)
    if words and all(r.underline for r in words):
        return True, 1.0
    after = next_in_box(doc, p)
    if after is not None and is_rule(after):
        if not after.stripped and after.border_bottom:
            return True, border_ratio(after)
        return True, None
    same_box = [q for q in doc.paragraphs if q.cell == p.cell and q.cell is not None]
    if p.has_shape or any(q.has_shape for q in same_box):
        return True, None
    return False, None


def _line_rule(doc: DocView, rule: str, p: ParaView, label: str, ratio_range: Tuple[float, float]) -> List[Violation]:
    present, ratio = line_below(doc, p)
    if not present:
        return [Violation(rule, f"Không có đường kẻ ngang dưới {label}.", excerpt(p))]
    low, high = ratio_range
    if ratio is not None and not low <= ratio <= high:
        return [Violation(rule, f"Đường kẻ dưới {label} dài bằng {num(ratio * 100)}% dòng chữ.", excerpt(p))]
    return []


def national_rules(doc: DocView, found: Found) -> List[Violation]:
    out: List[Violation] = []
    qh, tn = found.quoc_hieu, found.tieu_ngu
    if qh is None:
        out.append(Violation("quoc_hieu", "Không tìm thấy Quốc hiệu."))
    else:
        if key(qh) != "CONG HOA XA HOI CHU NGHIA VIET NAM":
            out.append(Violation("quoc_hieu", "Quốc hiệu có chữ thừa hoặc sai.", excerpt(qh)))
        out += _style("quoc_hieu", "Quốc hiệu", qh, "quoc_hieu")
    if tn is None:
        out.append(Violation("tieu_ngu", "Không tìm thấy Tiêu ngữ «Độc lập - Tự do - Hạnh phúc»."))
        return out
    if fold(tn.stripped) != "Doc lap - Tu do - Hanh phuc":
        out.append(Violation("tieu_ngu", "Tiêu ngữ viết sai chữ, sai hoa thường hoặc thiếu gạch nối có cách chữ.",
                             excerpt(tn)))
    out += _style("tieu_ngu", "Tiêu ngữ", tn, "tieu_ngu", upper=None)
    out += _line_rule(doc, "tieu_ngu.line", tn, "Tiêu ngữ", (0.75, 1.35))
    return out


def unit_rules(doc: DocView, found: Found) -> List[Violation]:
    out: List[Violation] = []
    if not found.unit:
        return [Violation("co_quan_ban_hanh", "Không tìm thấy tên cơ quan, tổ chức ban hành văn bản.")]
    for p in found.parent:
        out += _style("co_quan_chu_quan", "Tên cơ quan chủ quản", p, "co_quan_chu_quan", bold=False)
    for p in found.unit:
        out += _style("co_quan_ban_hanh", "Tên cơ quan ban hành", p, "co_quan_ban_hanh")
    out += _line_rule(doc, "co_quan_ban_hanh.line", found.unit[-1], "tên cơ quan ban hành", (0.25, 0.6))
    return out


def number_rules(doc: DocView, found: Found) -> List[Violation]:
    p = found.number
    if p is None:
        return [Violation("so_ky_hieu.format", "Không tìm thấy số, ký hiệu văn bản («Số: …/…»).")]
    out = _style("so_ky_hieu.format", "Số, ký hiệu", p, "so_ky_hieu")
    text = p.stripped
    match = _NUMBER.match(text)
    if match is None:
        return out + [Violation("so_ky_hieu.format", "Số, ký hiệu không có dạng «Số: 05/QĐ-UBND».", excerpt(p))]
    problems = []
    if match["word"] != "Số" or not match["colon"]:
        problems.append("phải viết «Số:» (chữ in thường, có dấu hai chấm)")
    digits = match["num"]
    if digits and len(digits) == 1:
        problems.append(f"số {digits} nhỏ hơn 10 phải ghi thêm số 0 phía trước")
    elif digits and len(digits) > 2 and digits.startswith("0"):
        problems.append(f"số {digits} thừa số 0 phía trước")
    if (digits and match["pre"]) or match["post"] or re.search(r"\s", match["sym"]):
        problems.append("có dấu cách trong số, ký hiệu")
    groups = [g for g in re.split(r"[-/]", match["sym"].replace(" ", "")) if g]
    if not groups or any(not any(c.isalpha() for c in g) for g in groups):
        problems.append("ký hiệu chưa ghi đủ chữ viết tắt")
    elif any(not is_upper(g) and g not in ABBREVIATION_TO_TYPE for g in groups):
        problems.append("ký hiệu phải viết in hoa")
    if problems:
        out.append(Violation("so_ky_hieu.format", "Số, ký hiệu: " + "; ".join(problems) + ".", excerpt(p)))
    return out + _abbreviation(found, match["sym"], groups, p)


def _abbreviation(found: Found, symbol: str, groups: List[str], p: ParaView) -> List[Violation]:
    out: List[Violation] = []
    years = [g for g in groups if re.fullmatch(r"(19|20)\d\d", g)]
    if years:
        out.append(Violation("so_ky_hieu.abbreviation",
                             f"Số, ký hiệu có năm {years[0]}; văn bản hành chính không ghi năm.", excerpt(p)))
    groups = [g for g in groups if g not in years]
    if not groups or not re.fullmatch(r"[\w\-/ ]+", symbol):
        return out
    type_name = type_for_title(found.type_name.stripped) if found.type_name else None
    if type_name:
        expected = TYPE_ABBREVIATIONS[type_name]
        if groups[0] != expected:
            out.append(Violation("so_ky_hieu.abbreviation",
                                 f"Ký hiệu bắt đầu bằng «{groups[0]}» nhưng {type_name.lower()} viết tắt là "
                                 f"«{expected}» (Phụ lục III, mục I).", excerpt(p)))
        elif len(groups) < 2:
            out.append(Violation("so_ky_hieu.abbreviation",
                                 "Ký hiệu thiếu chữ viết tắt tên cơ quan ban hành.", excerpt(p)))
    elif found.type_name is None:
        if groups[0] in ABBREVIATION_TO_TYPE:
            out.append(Violation("so_ky_hieu.abbreviation",
                                 f"Ký hiệu «{groups[0]}» là của {ABBREVIATION_TO_TYPE[groups[0]].lower()} nhưng "
                                 f"không tìm thấy tên loại văn bản.", excerpt(p)))
        elif len(groups) < 2:
            out.append(Violation("so_ky_hieu.abbreviation",
                                 "Ký hiệu công văn phải gồm chữ viết tắt tên cơ quan và đơn vị soạn thảo.",
                                 excerpt(p)))
    return out


def date_rules(doc: DocView, found: Found) -> List[Violation]:
    p = found.date
    if p is None:
        return [Violation("dia_danh.format", "Không tìm thấy địa danh và ngày tháng năm ban hành.")]
    out = _style("dia_danh.format", "Địa danh, ngày tháng", p, "dia_danh", upper=None)
    text = p.stripped
    match = _DATE.match(fold(text, lower=True))
    if match is None:
        return out + [Violation("dia_danh.format", "Không đúng dạng «Địa danh, ngày … tháng … năm …».", excerpt(p))]
    place = text[match.start("place"):match.end("place")]
    if not match["comma"]:
        out.append(Violation("dia_danh.format", "Thiếu dấu phẩy sau địa danh.", excerpt(p)))
    if not place or any(w[0].isalpha() and not w[0].isupper() for w in place.split()):
        out.append(Violation("dia_danh.format", f"Địa danh «{place}» phải viết hoa chữ cái đầu mỗi tiếng.", excerpt(p)))
    day, month, year = match["d"], match["m"], match["y"]
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return out + [Violation("dia_danh.format", "Ngày, tháng, năm chưa ghi đủ bằng chữ số.", excerpt(p))]
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        out.append(Violation("dia_danh.format", "Ngày tháng năm không có thật.", excerpt(p)))
    zeros = []
    if int(day) < 10 and len(day) == 1:
        zeros.append(f"ngày {day} phải ghi «0{day}»")
    if int(month) in (1, 2) and len(month) == 1:
        zeros.append(f"tháng {month} phải ghi «0{month}»")
    if 3 <= int(month) <= 9 and len(month) > 1:
        zeros.append(f"tháng {month} không ghi số 0 phía trước (chỉ tháng 1, 2)")
    if zeros:
        out.append(Violation("dia_danh.leading_zero", "; ".join(zeros).capitalize() + ".", excerpt(p)))
    return out


def title_rules(doc: DocView, found: Found) -> List[Violation]:
    out: List[Violation] = []
    p = found.type_name
    if p is None:
        if found.vv is None:
            out.append(Violation("ten_loai", "Không tìm thấy tên loại văn bản (hoặc trích yếu «V/v …» của công văn)."))
        else:
            out += _style("trich_yeu_cong_van", "Trích yếu công văn", found.vv, "trich_yeu_cong_van", upper=None)
        return out
    out += _style("ten_loai", "Tên loại văn bản", p, "ten_loai")
    if p.align != "center":
        out.append(Violation("ten_loai", "Tên loại văn bản không canh giữa.", excerpt(p)))
    if not found.summary:
        out.append(Violation("trich_yeu", "Không tìm thấy trích yếu nội dung dưới tên loại văn bản.", excerpt(p)))
        return out
    for line in found.summary:
        out += _style("trich_yeu", "Trích yếu", line, "trich_yeu", upper=False)
    out += _line_rule(doc, "trich_yeu.line", found.summary[-1], "trích yếu", (0.25, 0.6))
    return out


def header_rules(doc: DocView, found: Found) -> List[Violation]:
    return (national_rules(doc, found) + unit_rules(doc, found) + number_rules(doc, found)
            + date_rules(doc, found) + title_rules(doc, found))
