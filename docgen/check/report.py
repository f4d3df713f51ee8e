"""The rules the checker applies, and how violations are reported (text and JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Dict, List, Tuple

from docgen.nd30 import cite

# rule id -> (what the rule requires, place in the decree)
RULES: Dict[str, Tuple[str, str]] = {
    "page.size": ("khổ giấy A4 (210 mm x 297 mm)", "I.1"),
    "page.orientation": ("trình bày theo chiều dài của khổ A4", "I.2"),
    "margin.top": ("lề trên từ 20 đến 25 mm", "I.3"),
    "margin.bottom": ("lề dưới từ 20 đến 25 mm", "I.3"),
    "margin.left": ("lề trái từ 30 đến 35 mm", "I.3"),
    "margin.right": ("lề phải từ 15 đến 20 mm", "I.3"),
    "font.family": ("phông chữ Times New Roman", "I.4"),
    "font.color": ("chữ màu đen", "I.4"),
    "page_number.first_page": ("không hiển thị số trang thứ nhất", "I.7"),
    "page_number.format": ("số trang cỡ chữ 13 đến 14, chữ đứng, canh giữa trong lề trên", "I.7"),
    "quoc_hieu": ("Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» in hoa, cỡ 12 đến 13, đứng, đậm", "II.1.a"),
    "tieu_ngu": ("Tiêu ngữ «Độc lập - Tự do - Hạnh phúc» cỡ 13 đến 14, đứng, đậm, có gạch nối", "II.1.b"),
    "tieu_ngu.line": ("dưới Tiêu ngữ có đường kẻ ngang, nét liền, dài bằng dòng chữ", "II.1.b"),
    "co_quan_ban_hanh": ("tên cơ quan ban hành in hoa, cỡ 12 đến 13, đứng, đậm", "II.2.b"),
    "co_quan_ban_hanh.line": ("dưới tên cơ quan ban hành có đường kẻ ngang dài 1/3 đến 1/2 dòng chữ", "II.2.b"),
    "co_quan_chu_quan": ("tên cơ quan chủ quản in hoa, cỡ 12 đến 13, đứng", "II.2.b"),
    "so_ky_hieu.format": ("«Số:» cỡ 13; số nhỏ hơn 10 có số 0 phía trước; «/» giữa số và ký hiệu, «-» "
                          "giữa các nhóm chữ viết tắt, không cách chữ; ký hiệu in hoa", "II.3.c"),
    "so_ky_hieu.abbreviation": ("ký hiệu gồm chữ viết tắt tên loại (Phụ lục III, mục I) và tên cơ quan ban "
                                "hành; văn bản hành chính không ghi năm", "II.3.b"),
    "dia_danh.format": ("«Địa danh, ngày … tháng … năm …» chữ nghiêng, cỡ 13 đến 14, địa danh viết hoa chữ "
                        "cái đầu, sau địa danh có dấu phẩy", "II.4.c"),
    "dia_danh.leading_zero": ("ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0 phía trước", "II.4.b"),
    "ten_loai": ("tên loại văn bản in hoa, cỡ 13 đến 14, đứng, đậm, canh giữa", "II.5.b"),
    "trich_yeu": ("trích yếu chữ in thường, cỡ 13 đến 14, đứng, đậm, ngay dưới tên loại", "II.5.b"),
    "trich_yeu.line": ("dưới trích yếu có đường kẻ ngang dài 1/3 đến 1/2 dòng chữ", "II.5.b"),
    "trich_yeu_cong_van": ("trích yếu công văn sau chữ «V/v», cỡ 12 đến 13, chữ đứng", "II.5.b"),
    "can_cu.style": ("căn cứ ban hành chữ in thường, nghiêng, cỡ 13 đến 14", "II.6.a"),
    "can_cu.punctuation": ("mỗi căn cứ một dòng, cuối dòng có dấu «;», dòng cuối kết thúc bằng dấu «.»", "II.6.a"),
    "noi_dung.size": ("nội dung cỡ chữ 13 đến 14, chữ đứng", "II.6.e"),
    "noi_dung.align": ("nội dung canh đều cả hai lề", "II.6.e"),
    "noi_dung.indent": ("đầu dòng lùi vào 1 cm hoặc 1,27 cm", "II.6.e"),
    "noi_dung.spacing": ("khoảng cách giữa các đoạn văn tối thiểu 6pt", "II.6.e"),
    "noi_dung.line_spacing": ("khoảng cách giữa các dòng từ dòng đơn đến 1,5 lines", "II.6.e"),
    "dieu": ("«Điều», số thứ tự và tiêu đề của điều in đậm, cỡ bằng phần lời văn", "II.6.đ"),
    "kinh_gui": ("«Kính gửi:» cỡ 13 đến 14, chữ đứng; nhiều nơi thì mỗi nơi một dòng «- …;», dòng cuối «.»",
                 "II.9.d"),
    "chuc_vu": ("quyền hạn (TM., Q., KT., TL., TUQ.) và chức vụ người ký in hoa, cỡ 13 đến 14, đứng, đậm",
                "II.7.đ"),
    "ho_ten": ("họ tên người ký chữ in thường, cỡ 13 đến 14, đứng, đậm, không ghi học hàm, học vị", "II.7.đ"),
    "noi_nhan.label": ("từ «Nơi nhận:» cỡ 12, nghiêng, đậm, sát lề trái", "II.9.d"),
    "noi_nhan.list": ("danh sách nơi nhận cỡ 11, chữ đứng, mỗi nơi một dòng «- …;»", "II.9.d"),
    "noi_nhan.luu": ("dòng cuối «- Lưu: VT, <đơn vị soạn thảo>.»", "II.9.d"),
}


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    where: str = ""

    @property
    def requirement(self) -> str:
        return RULES[self.rule][0]

    @property
    def citation(self) -> str:
        return cite(RULES[self.rule][1])


@dataclass
class Report:
    source: str
    violations: List[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    def rules_broken(self) -> List[str]:
        return sorted({v.rule for v in self.violations})

    def as_text(self) -> str:
        if self.ok:
            return f"{self.source}: đúng thể thức (đã kiểm tra {len(RULES)} quy tắc của Nghị định 30/2020/NĐ-CP)."
        lines = [f"{self.source}: {len(self.violations)} lỗi thể thức."]
        for number, v in enumerate(self.violations, start=1):
            where = f" [{v.where}]" if v.where else ""
            lines.append(f"{number}. {v.message}{where} — {v.citation}: {v.requirement}.")
        return "\n".join(lines)

    def as_json(self) -> str:
        items = [{**asdict(v), "citation": v.citation, "requirement": v.requirement} for v in self.violations]
        return json.dumps({"file": self.source, "ok": self.ok, "rules_checked": len(RULES),
                           "violations": items}, ensure_ascii=False, indent=2)
