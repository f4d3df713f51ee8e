"""Rules about the content and the closing: căn cứ, body text, articles, Kính gửi, signer, Nơi nhận."""

from __future__ import annotations

import re
from typing import Callable, List

from docgen.check.common import excerpt, num, sizes_outside, style_problems
from docgen.check.docmodel import DocView, ParaView
from docgen.check.locate import Found
from docgen.check.report import Violation
from docgen.nd30 import ELEMENTS, FIRST_LINE_INDENTS_CM, MIN_PARAGRAPH_SPACING_PT, SIGNER_AUTHORITIES
from vntext import fold

_TITLES = re.compile(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH)\.", re.IGNORECASE)
_ARTICLE = re.compile(r"^Điều\s+\d+")


def _aggregate(rule: str, label: str, bad: List[ParaView], describe: Callable[[ParaView], str]) -> List[Violation]:
    if not bad:
        return []
    first = bad[0]
    more = f" (và {len(bad) - 1} đoạn khác)" if len(bad) > 1 else ""
    return [Violation(rule, f"{label}: {describe(first)}{more}.", excerpt(first))]


def _content(found: Found) -> List[ParaView]:
    skip = {id(p) for p in found.can_cu + found.signer_titles}
    if found.signer_name is not None:
        skip.add(id(found.signer_name))
    return [p for p in found.body if id(p) not in skip and p.align != "center"]


def _line_spacing_ok(p: ParaView) -> bool:
    if p.line is None:
        return True
    rule, value = p.line
    size = max((r.size or 13 for r in p.words), default=13)
    if rule == "auto":
        return 0.99 <= value <= 1.51
    if rule == "atLeast":
        return value <= size * 1.5 * 1.2 + 0.5
    return size * 0.95 <= value <= size * 1.5 * 1.2 + 0.5


def body_rules(doc: DocView, found: Found) -> List[Violation]:
    paras = _content(found)
    sizes = ELEMENTS["body"].sizes
    out = _aggregate("noi_dung.size", "Đoạn nội dung sai cỡ chữ", [p for p in paras if sizes_outside(p, sizes)],
                     lambda p: "cỡ " + ", ".join(num(s) for s in sizes_outside(p, sizes)))
    out += _aggregate("noi_dung.align", "Đoạn nội dung không canh đều hai lề",
                      [p for p in paras if p.align not in ("both", "distribute", "justify")],
                      lambda p: f"canh «{p.align or 'trái'}»")

    def indent_ok(p: ParaView) -> bool:
        return any(abs(p.first_line_cm - want) <= 0.05 for want in FIRST_LINE_INDENTS_CM)

    out += _aggregate("noi_dung.indent", "Đầu dòng không lùi 1 cm hoặc 1,27 cm",
                      [p for p in paras if not indent_ok(p)], lambda p: f"lùi {num(p.first_line_cm)} cm")
    tight = []
    for p, q in zip(paras, paras[1:], strict=False):
        if q.index == p.index + 1:
            gap = (p.space_after or 0) + (q.space_before or 0)
            if gap < MIN_PARAGRAPH_SPACING_PT - 0.1:
                tight.append(p)
    out += _aggregate("noi_dung.spacing", "Khoảng cách giữa các đoạn dưới 6pt", tight,
                      lambda p: f"cách đoạn sau {num((p.space_after or 0))}pt")
    out += _aggregate("noi_dung.line_spacing", "Giãn dòng ngoài khoảng dòng đơn đến 1,5 lines",
                      [p for p in paras + found.can_cu if not _line_spacing_ok(p)],
                      lambda p: f"giãn dòng {p.line[0]} {num(p.line[1])}")
    for p in paras:
        if _ARTICLE.match(p.stripped):
            head = p.words[0] if p.words else None
            if head is not None and not head.bold:
                out.append(Violation("dieu", "Chữ «Điều» và số thứ tự không in đậm.", excerpt(p)))
            if not re.match(r"^Điều\s+\d+\.", p.stripped):
                out.append(Violation("dieu", "Sau số thứ tự của điều phải có dấu chấm.", excerpt(p)))
    return out


def can_cu_rules(doc: DocView, found: Found) -> List[Violation]:
    out: List[Violation] = []
    lines = found.can_cu
    for p in lines:
        problems = style_problems(p, sizes=ELEMENTS["can_cu"].sizes, italic=True)
        if problems:
            out.append(Violation("can_cu.style", f"Căn cứ {', '.join(problems)}.", excerpt(p)))
    for number, p in enumerate(lines):
        text = p.stripped
        last = number == len(lines) - 1
        if re.search(r";\s*Căn cứ", text):
            out.append(Violation("can_cu.punctuation", "Nhiều căn cứ trên cùng một dòng.", excerpt(p)))
        if not last and not text.endswith(";"):
            out.append(Violation("can_cu.punctuation", "Căn cứ không kết thúc bằng dấu «;».", excerpt(p)))
        if last and not text.endswith("."):
            out.append(Violation("can_cu.punctuation", "Căn cứ cuối cùng không kết thúc bằng dấu «.».", excerpt(p)))
    return out


def kinh_gui_rules(doc: DocView, found: Found) -> List[Violation]:
    out: List[Violation] = []
    if not found.kinh_gui:
        return out
    head, items = found.kinh_gui[0], found.kinh_gui[1:]
    for p in found.kinh_gui:
        problems = style_problems(p, sizes=ELEMENTS["kinh_gui"].sizes, italic=False)
        if problems:
            out.append(Violation("kinh_gui", f"Kính gửi {', '.join(problems)}.", excerpt(p)))
    if not re.match(r"^Kính gửi\s*:", head.stripped):
        out.append(Violation("kinh_gui", "Sau «Kính gửi» phải có dấu hai chấm.", excerpt(head)))
    for number, p in enumerate(items):
        end = "." if number == len(items) - 1 else ";"
        if not p.stripped.endswith(end):
            out.append(Violation("kinh_gui", f"Dòng nơi gửi phải kết thúc bằng «{end}».", excerpt(p)))
    if not items and not head.stripped.endswith("."):
        out.append(Violation("kinh_gui", "Dòng «Kính gửi» phải kết thúc bằng dấu «.».", excerpt(head)))
    return out


def signer_rules(doc: DocView, found: Found) -> List[Violation]:
    out: List[Violation] = []
    if not found.signer_titles:
        out.append(Violation("chuc_vu", "Không tìm thấy quyền hạn, chức vụ của người ký."))
    for p in found.signer_titles:
        problems = style_problems(p, sizes=ELEMENTS["chuc_vu"].sizes, bold=True, italic=False, upper=True)
        if problems:
            out.append(Violation("chuc_vu", f"Chức vụ người ký {', '.join(problems)}.", excerpt(p)))
        head = p.stripped.split()[0]
        if head.endswith(".") and head.upper() not in SIGNER_AUTHORITIES:
            out.append(Violation("chuc_vu", f"Quyền hạn «{head}» không thuộc TM., Q., KT., TL., TUQ.", excerpt(p)))
    name = found.signer_name
    if name is None:
        out.append(Violation("ho_ten", "Không tìm thấy họ tên người ký."))
        return out
    problems = style_problems(name, sizes=ELEMENTS["ho_ten"].sizes, bold=True, italic=False, upper=False)
    if problems:
        out.append(Violation("ho_ten", f"Họ tên người ký {', '.join(problems)}.", excerpt(name)))
    if _TITLES.match(name.stripped):
        out.append(Violation("ho_ten", "Trước họ tên người ký có học hàm, học vị.", excerpt(name)))
    return out


def noi_nhan_rules(doc: DocView, found: Found) -> List[Violation]:
    label = found.noi_nhan_label
    if label is None:
        return [Violation("noi_nhan.label", "Không tìm thấy «Nơi nhận:».")]
    out: List[Violation] = []
    problems = style_problems(label, sizes=ELEMENTS["noi_nhan_label"].sizes, bold=True, italic=True)
    if not label.stripped.endswith(":"):
        problems.append("thiếu dấu hai chấm")
    if label.align in ("center", "right", "both"):
        problems.append("không sát lề trái")
    if problems:
        out.append(Violation("noi_nhan.label", f"«Nơi nhận» {', '.join(problems)}.", excerpt(label)))
    items = found.noi_nhan_items
    if not items:
        return out + [Violation("noi_nhan.luu", "Nơi nhận không có danh sách và dòng «- Lưu: VT, …».")]
    sizes = ELEMENTS["noi_nhan_item"].sizes
    out += _aggregate("noi_nhan.list", "Danh sách nơi nhận sai cỡ chữ", [p for p in items if sizes_outside(p, sizes)],
                      lambda p: "cỡ " + ", ".join(num(s) for s in sizes_outside(p, sizes)))
    out += _aggregate("noi_nhan.list", "Dòng nơi nhận in nghiêng hoặc in đậm",
                      [p for p in items if any(r.italic or r.bold for r in p.words)], lambda p: "phải là chữ đứng")
    listed = items[:-1]
    out += _aggregate("noi_nhan.list", "Dòng nơi nhận không theo dạng «- …;»",
                      [p for p in listed if not (p.stripped.startswith(("-", "–", "+")) and p.stripped.endswith(";"))],
                      lambda p: "thiếu gạch đầu dòng hoặc dấu «;»")
    if found.type_name is None and found.kinh_gui:
        first = fold(items[0].stripped, lower=True).lstrip("-–+ ")
        if not first.startswith("nhu tren"):
            out.append(Violation("noi_nhan.list", "Công văn: dòng đầu của nơi nhận phải là «- Như trên;».",
                                 excerpt(items[0])))
    last = fold(items[-1].stripped, lower=True)
    if not re.match(r"^[-–]\s*luu\s*:\s*vt\b", last) or not last.endswith("."):
        out.append(Violation("noi_nhan.luu", "Dòng cuối của nơi nhận không phải «- Lưu: VT, ….».", excerpt(items[-1])))
    return out


def closing_rules(doc: DocView, found: Found) -> List[Violation]:
    return kinh_gui_rules(doc, found) + signer_rules(doc, found) + noi_nhan_rules(doc, found)
