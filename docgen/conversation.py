"""The drafting conversation without any chat framework: which fields each document type asks for,
the Vietnamese questions, reading and checking the answers, the summary shown before generating,
and the request handed to ``docgen.draft``.

Slot names are the field keys (``draft_*``); values kept between turns are plain JSON values
(strings and lists of strings). User text is only ever data: it is cleaned and placed into the
request as text, never evaluated or used as a template or a file name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from docgen.doctypes import TYPES, resolve_type
from docgen.inputs import clean_text
from docgen.nd30 import SIGNER_AUTHORITIES
from docgen.settings import UnitDefaults
from vntext.dates import format_datetime_long, parse_datetime, parse_time, weekday_name
from vntext.fold import fold

TYPE_SLOT = "draft_type"
CONFIRM_SLOT = "draft_confirm"
EDIT_SLOT = "draft_edit_field"
EDITING_SLOT = "draft_editing"
DATE_HINT_SLOT = "draft_ngay_goi_y"
CONFIRMED = "tao"
WANTS_EDIT = "sua"
MAX_SUMMARY_VALUE = 160


@dataclass(frozen=True)
class Field:
    slot: str
    label: str
    prompt: str
    kind: str  # text | datetime | list | paragraphs | articles | can_cu | unit | title | name


FIELDS: Dict[str, Field] = {f.slot: f for f in (
    Field("draft_trich_yeu", "Trích yếu",
          "Trích yếu nội dung của văn bản là gì? Ví dụ: «{example}».", "text"),
    Field("draft_tham_du", "Cuộc họp, sự kiện",
          "Giấy mời dự cuộc họp, sự kiện gì? Ví dụ: «họp giao ban công tác cải cách hành chính tháng 01/2026».",
          "text"),
    Field("draft_thoi_gian", "Thời gian",
          "Cuộc họp diễn ra lúc nào? Ví dụ: «8h30 thứ Hai 12/1» hoặc «14h chiều thứ Năm tuần sau».", "datetime"),
    Field("draft_dia_diem", "Địa điểm",
          "Địa điểm tổ chức ở đâu? Ví dụ: «Phòng họp số 2, trụ sở Ủy ban nhân dân tỉnh».", "text"),
    Field("draft_kinh_moi", "Thành phần được mời",
          "Kính mời những ai? Nhiều thành phần thì ngăn cách bằng dấu chấm phẩy hoặc xuống dòng, ví dụ: "
          "«Giám đốc các sở; Chủ tịch UBND các huyện, thành phố».", "list"),
    Field("draft_kinh_gui", "Kính gửi",
          "Văn bản kính gửi cơ quan, đơn vị nào? Nhiều nơi thì ngăn cách bằng dấu chấm phẩy hoặc xuống dòng.",
          "list"),
    Field("draft_tham_quyen", "Thẩm quyền ban hành",
          "Ai có thẩm quyền ban hành quyết định? Ví dụ: «Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn», "
          "«Giám đốc Sở Nội vụ».", "text"),
    Field("draft_can_cu", "Căn cứ",
          "Văn bản căn cứ vào những văn bản nào? Mỗi căn cứ một dòng hoặc ngăn cách bằng dấu chấm phẩy.", "can_cu"),
    Field("draft_noi_dung", "Nội dung",
          "Anh/chị nhập nội dung chính của văn bản, mỗi đoạn một dòng; tiêu đề mục (ví dụ «I. KẾT QUẢ ĐẠT "
          "ĐƯỢC») để trên một dòng riêng.", "paragraphs"),
    Field("draft_dieu", "Các điều",
          "Nội dung các điều của quyết định, mỗi điều một dòng (không cần ghi «Điều 1.»). Ví dụ: «Thành lập Tổ "
          "công tác…» xuống dòng «Quyết định này có hiệu lực kể từ ngày ký.»", "articles"),
    Field("draft_co_quan", "Cơ quan ban hành",
          "Tên cơ quan ban hành văn bản là gì? Ví dụ: «Sở Tư pháp tỉnh Lạng Sơn».", "unit"),
    Field("draft_chuc_vu", "Chức vụ người ký",
          "Quyền hạn và chức vụ của người ký, ngăn cách bằng dấu phẩy, ví dụ: «KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC».",
          "title"),
    Field("draft_nguoi_ky", "Người ký", "Họ và tên người ký văn bản là gì?", "name"),
)}

_SIGNER = ("draft_co_quan", "draft_chuc_vu", "draft_nguoi_ky")
TYPE_FIELDS: Dict[str, Tuple[str, ...]] = {
    "giay_moi": ("draft_tham_du", "draft_thoi_gian", "draft_dia_diem", "draft_kinh_moi") + _SIGNER,
    "to_trinh": ("draft_trich_yeu", "draft_kinh_gui", "draft_can_cu", "draft_noi_dung") + _SIGNER,
    "bao_cao": ("draft_trich_yeu", "draft_noi_dung") + _SIGNER,
    "quyet_dinh": ("draft_trich_yeu", "draft_tham_quyen", "draft_can_cu", "draft_dieu") + _SIGNER,
    "cong_van": ("draft_trich_yeu", "draft_kinh_gui", "draft_noi_dung") + _SIGNER,
    "thong_bao": ("draft_trich_yeu", "draft_noi_dung") + _SIGNER,
    "ke_hoach": ("draft_trich_yeu", "draft_noi_dung") + _SIGNER,
}
ALL_SLOTS: Tuple[str, ...] = tuple(FIELDS) + (TYPE_SLOT, CONFIRM_SLOT, EDIT_SLOT, EDITING_SLOT, DATE_HINT_SLOT)
SUMMARY_EXAMPLES = {
    "to_trinh": "Đề nghị phê duyệt kế hoạch tuyển dụng công chức năm 2026",
    "bao_cao": "Kết quả giải quyết thủ tục hành chính quý I năm 2026",
    "quyet_dinh": "Về việc thành lập Tổ công tác triển khai Trợ lý ảo",
    "cong_van": "V/v đôn đốc cập nhật dữ liệu thủ tục hành chính",
    "thong_bao": "Lịch tiếp công dân định kỳ tháng 02 năm 2026",
    "ke_hoach": "Tập huấn kỹ năng soạn thảo văn bản hành chính năm 2026",
}


def form_name(doc_type: str) -> str:
    return f"draft_{doc_type}_form"


def type_key(text: Optional[str]) -> Optional[str]:
    """"giấy mời", "giay moi", "GM" -> "giay_moi"; None when not a known type."""
    kind = resolve_type(text) if text else None
    return kind.key if kind else None


def type_label(doc_type: str) -> str:
    return TYPES[doc_type].label


def type_buttons() -> List[Dict[str, str]]:
    """One button per document type; the payload carries the type as the ``doc_type`` entity."""
    return [{"title": t.label[0].upper() + t.label[1:], "payload": f'/draft_document{{"doc_type": "{t.key}"}}'}
            for t in TYPES.values()]


def prompt(slot: str, doc_type: Optional[str]) -> str:
    text = FIELDS[slot].prompt
    return text.replace("{example}", SUMMARY_EXAMPLES.get(doc_type or "", "Về việc …"))


# ---------------------------------------------------------------- the unit and the signer

_LOCALITY = re.compile(r"\s+((?:tỉnh|thành phố|huyện|thị xã|xã|phường|thị trấn)\s+\S.*)$", re.IGNORECASE)


def _initials(name: str) -> str:
    letters = []
    for word in name.split():
        if word in ("và", "các"):
            continue
        if len(word) > 1 and word.isupper():
            letters.append(fold(word).upper() if "Đ" not in word else word)
        elif word[:1].isalpha():
            first = word[0].upper()
            letters.append(first if first == "Đ" else fold(first))
    return "".join(letters)[:15] or "CQ"


def unit_parts(unit: str, defaults: UnitDefaults) -> Tuple[str, str, str]:
    """(cơ quan chủ quản, cơ quan ban hành, chữ viết tắt) for a unit as the official's identity names it."""
    unit = clean_text(unit)
    if not unit or fold(unit, lower=True) == fold(defaults.unit_name, lower=True):
        return defaults.parent_unit, defaults.unit_name, defaults.unit_abbr
    folded = fold(unit, lower=True)
    if folded.startswith(("uy ban nhan dan", "ubnd ")):
        name = re.sub(r"^(?i:ubnd)\s+", "Ủy ban nhân dân ", unit)
        return "", name, "UBND"
    match = _LOCALITY.search(unit)
    if match:
        head = unit[: match.start()].strip()
        return f"Ủy ban nhân dân {match.group(1)}", head, _initials(head)
    return "", unit, _initials(unit)


_HEADS = (("uy ban nhan dan", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Chủ tịch {name}"),
          ("so ", ("GIÁM ĐỐC",), "Giám đốc {name}"),
          ("trung tam", ("GIÁM ĐỐC",), "Giám đốc {name}"),
          ("van phong", ("CHÁNH VĂN PHÒNG",), "Chánh {name}"),
          ("chi cuc", ("CHI CỤC TRƯỞNG",), "Chi cục trưởng {name}"),
          ("ban ", ("TRƯỞNG BAN",), "Trưởng {name}"),
          ("phong ", ("TRƯỞNG PHÒNG",), "Trưởng {name}"))


def unit_defaults(user_unit: Optional[str], defaults: UnitDefaults) -> Dict[str, Any]:
    """Slots filled before asking anything: the issuing unit, the signer's title, and who has authority."""
    unit = clean_text(user_unit or "") or defaults.unit_name
    _, name, _ = unit_parts(unit, defaults)
    values: Dict[str, Any] = {"draft_co_quan": unit}
    if name == defaults.unit_name:
        values["draft_chuc_vu"] = list(defaults.signer_title)
        if defaults.signer_name:
            values["draft_nguoi_ky"] = defaults.signer_name
    folded = fold(name, lower=True) + " "
    for prefix, title, authority in _HEADS:
        if folded.startswith(prefix):
            values.setdefault("draft_chuc_vu", list(title))
            values["draft_tham_quyen"] = authority.format(name=name)
            break
    values.setdefault("draft_chuc_vu", ["THỦ TRƯỞNG CƠ QUAN"])
    return values


# ---------------------------------------------------------------- answers

@dataclass(frozen=True)
class Answer:
    value: Any = None
    error: Optional[str] = None


def split_items(text: str) -> List[str]:
    """Lines, or items separated by ";", without bullets or trailing punctuation."""
    parts = re.split(r"[\r\n;]+", text)
    items = [re.sub(r"[\s.,;]+$", "", re.sub(r"^\s*(?:[-–•+*]|\d{1,2}[.)])\s*", "", p)) for p in parts]
    return [clean_text(i) for i in items if clean_text(i)]


def _lines(text: str) -> List[str]:
    return [clean_text(line) for line in re.split(r"[\r\n]+", text) if clean_text(line)]


def _when_value(text: str, today: dt.date, hint: Optional[str]) -> Answer:
    parsed = parse_datetime(text, today)
    if parsed is None and hint:
        clock = parse_time(text)
        if clock is not None:
            return Answer(f"{hint}T{clock:%H:%M}") if dt.date.fromisoformat(hint) >= today else Answer(
                error="Ngày đó đã qua; anh/chị ghi lại cả ngày và giờ.")
    if parsed is None:
        return Answer(error="Tôi chưa hiểu thời gian này. Anh/chị ghi lại, ví dụ: «8h30 thứ Hai 12/1» hoặc "
                            "«14h chiều thứ Năm tuần sau».")
    if parsed.date < today:
        return Answer(error=f"Ngày {parsed.date:%d/%m/%Y} đã qua. Anh/chị cho biết thời gian sắp tới.")
    if parsed.time is not None:
        return Answer(f"{parsed.date.isoformat()}T{parsed.time:%H:%M}")
    if parsed.part_of_day:
        return Answer(f"{parsed.part_of_day} {parsed.date:%d/%m/%Y}")
    day = f"{weekday_name(parsed.date)} {parsed.date:%d/%m/%Y}"
    return Answer(error=f"Anh/chị cho biết thêm giờ bắt đầu ({day}), ví dụ: «8h30 {day}».")


def _name_value(text: str) -> Answer:
    words = clean_text(text).split()
    if not 2 <= len(words) <= 7 or not all(w.replace("-", "").isalpha() for w in words):
        return Answer(error="Anh/chị ghi họ và tên đầy đủ của người ký, ví dụ: «Nguyễn Văn An».")
    return Answer(" ".join(w[0].upper() + w[1:].lower() for w in words))


def _title_value(text: str) -> Answer:
    lines = [line.upper() for line in split_items(text.replace(",", "\n"))]
    for line in lines:
        head = line.split()[0]
        if head.endswith(".") and head not in SIGNER_AUTHORITIES:
            return Answer(error=f"Quyền hạn «{head}» không đúng; chỉ dùng {', '.join(SIGNER_AUTHORITIES)}")
    if not lines or len(lines) > 4:
        return Answer(error="Anh/chị ghi chức vụ người ký, ví dụ: «KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC».")
    return Answer(lines)


def parse_answer(slot: str, text: Any, today: dt.date, hint: Optional[str] = None, suggestions: Sequence[str] = (),
                 intent: Optional[str] = None, doc_type: Optional[str] = None) -> Answer:
    """Read the answer to ``slot``; ``Answer.error`` is the Vietnamese reason to ask again."""
    kind = FIELDS[slot].kind
    if not isinstance(text, str):
        text = "\n".join(text) if isinstance(text, list) and all(isinstance(t, str) for t in text) else ""
    text = text.strip()
    if kind == "can_cu":
        answer = _can_cu_value(text, suggestions, intent)
        if doc_type == "quyet_dinh" and answer.value == []:
            return Answer(error="Quyết định cần ít nhất một căn cứ ban hành. Anh/chị nhập căn cứ, mỗi căn cứ một dòng.")
        return answer
    if not clean_text(text):
        return Answer(error="Anh/chị chưa nhập nội dung. " + FIELDS[slot].prompt.split("?")[0] + "?")
    if kind == "datetime":
        return _when_value(text, today, hint)
    if kind == "name":
        return _name_value(text)
    if kind == "title":
        return _title_value(text)
    if kind == "list":
        items = split_items(text)
        return Answer(items) if items else Answer(error="Anh/chị ghi ít nhất một nơi, một thành phần.")
    if kind in ("paragraphs", "articles"):
        lines = [re.sub(r"^(?i:điều|dieu)\s+\d+\s*[.:]\s*", "", line) for line in _lines(text)]
        if sum(len(line) for line in lines) < 10:
            return Answer(error="Nội dung quá ngắn. Anh/chị nhập đầy đủ hơn.")
        return Answer(lines)
    value = clean_text(text)
    if len(value) < 3:
        return Answer(error=f"«{value}» quá ngắn. " + FIELDS[slot].prompt.split("?")[0] + "?")
    return Answer(value)


def _can_cu_value(text: str, suggestions: Sequence[str], intent: Optional[str]) -> Answer:
    folded = fold(text, lower=True)
    if intent == "affirm" or folded in ("/affirm", "dung goi y", "dung cac can cu goi y"):
        if suggestions:
            return Answer(list(suggestions))
        return Answer(error="Chưa có căn cứ gợi ý; anh/chị nhập căn cứ, mỗi căn cứ một dòng.")
    if intent == "deny" or folded in ("/deny", "khong", "khong can", "bo qua"):
        return Answer([])
    picked = re.fullmatch(r"[\d\s,;va]+", folded)
    if picked and suggestions:
        numbers = [int(n) for n in re.findall(r"\d+", folded)]
        if numbers and all(1 <= n <= len(suggestions) for n in numbers):
            return Answer([suggestions[n - 1] for n in dict.fromkeys(numbers)])
    items = split_items(text)
    if not items:
        return Answer(error="Anh/chị nhập căn cứ, mỗi căn cứ một dòng.")
    return Answer([i if fold(i, lower=True).startswith("can cu") else f"Căn cứ {i[0].lower()}{i[1:]}" for i in items])


def match_field(text: str, doc_type: str) -> Optional[str]:
    """Which field of ``doc_type`` the user means ("địa điểm", "sửa thời gian", "2")."""
    folded = fold(clean_text(text), lower=True)
    fields = TYPE_FIELDS[doc_type]
    if folded.isdigit() and 1 <= int(folded) <= len(fields):
        return fields[int(folded) - 1]
    for slot in sorted(fields, key=lambda s: -len(FIELDS[s].label)):
        if any(fold(part, lower=True).strip() in folded for part in FIELDS[slot].label.split(",")):
            return slot
    return None


def edit_buttons(doc_type: str) -> List[Dict[str, str]]:
    return [{"title": FIELDS[s].label, "payload": FIELDS[s].label} for s in TYPE_FIELDS[doc_type]]


def confirm_buttons() -> List[Dict[str, str]]:
    return [{"title": "Tạo văn bản", "payload": "/affirm"}, {"title": "Sửa một mục", "payload": "/deny"},
            {"title": "Hủy", "payload": "/cancel"}]


def can_cu_buttons(doc_type: str, suggestions: Sequence[str]) -> List[Dict[str, str]]:
    buttons = [{"title": "Dùng các căn cứ gợi ý", "payload": "/affirm"}] if suggestions else []
    if doc_type != "quyet_dinh":
        buttons.append({"title": "Không ghi căn cứ", "payload": "/deny"})
    return buttons


# ---------------------------------------------------------------- prefill, summary, request

def prefill_from_request(text: str, doc_type: str, today: dt.date) -> Dict[str, Any]:
    """Fields already given in the request ("soạn giấy mời họp giao ban 8h thứ Hai tuần sau")."""
    text = clean_text(text or "")
    label = fold(type_label(doc_type), lower=True)
    start = fold(text, lower=True).find(label)
    if start < 0 or text.startswith("/"):
        return {}
    rest = text[start + len(label):].strip(" ,.:;-")
    if doc_type != "giay_moi":
        words = rest.split()
        if len(words) >= 3 and fold(words[0], lower=True) not in ("gui", "cho", "ve", "nay"):
            return {"draft_trich_yeu": rest[0].upper() + rest[1:]}
        return {}
    values: Dict[str, Any] = {}
    words = rest.split()
    for cut in range(len(words)):
        phrase = " ".join(words[cut:])
        parsed = parse_datetime(phrase, today)
        if parsed is None or parsed.date < today or not re.search(r"\d|thu|tuan|mai|nay|chu nhat", fold(phrase, lower=True)):
            continue
        answer = _when_value(phrase, today, None)
        if answer.error is None:
            values["draft_thoi_gian"] = answer.value
        else:
            values[DATE_HINT_SLOT] = parsed.date.isoformat()
        words = words[:cut]
        break
    event = " ".join(words).strip(" ,.:;-")
    if len(event) >= 5 and fold(event, lower=True).split()[0] in ("hop", "du", "hoi", "le", "buoi", "cuoc", "to"):
        values["draft_tham_du"] = event
    return values


def when_text(value: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(value)
        return format_datetime_long(moment.date(), moment.time())
    except ValueError:
        part, _, day = value.partition(" ")
        date = dt.datetime.strptime(day, "%d/%m/%Y").date()
        return f"Buổi {part}, {weekday_name(date)}, ngày {date:%d/%m/%Y}"


def _shown(slot: str, value: Any, defaults: UnitDefaults) -> str:
    if value is None:
        return "(chưa có)"
    if slot == "draft_thoi_gian":
        text = when_text(value)
    elif slot == "draft_co_quan":
        parent, name, abbr = unit_parts(value, defaults)
        text = f"{name} (viết tắt {abbr}" + (f"; cơ quan chủ quản: {parent})" if parent else ")")
    elif slot == "draft_chuc_vu":
        text = " / ".join(value)
    elif isinstance(value, list):
        text = "; ".join(value) if value else "(không ghi)"
    else:
        text = str(value)
    return text if len(text) <= MAX_SUMMARY_VALUE else text[: MAX_SUMMARY_VALUE - 1].rstrip() + "…"


def summary_text(doc_type: str, values: Mapping[str, Any], defaults: UnitDefaults) -> str:
    """The key fields, one per line (single line breaks: channels split messages on blank lines)."""
    lines = [f"Tóm tắt {type_label(doc_type)} trước khi tạo:"]
    for number, slot in enumerate(TYPE_FIELDS[doc_type], start=1):
        lines.append(f"{number}. {FIELDS[slot].label}: {_shown(slot, values.get(slot), defaults)}")
    lines.append("Anh/chị chọn «Tạo văn bản», «Sửa một mục» hoặc «Hủy».")
    return "\n".join(lines)


def _sections(lines: Sequence[str]) -> List[Any]:
    result: List[Any] = []
    for line in lines:
        if re.match(r"^[IVXLC]+\.\s", line) or (line.isupper() and len(line) > 3):
            result.append({"tieu_de": line, "doan": []})
        else:
            result.append(line)
    return result


def build_request(doc_type: str, values: Mapping[str, Any], defaults: UnitDefaults) -> Dict[str, Any]:
    """The ``docgen.draft`` request for the collected answers (number left blank for the văn thư)."""
    parent, name, abbr = unit_parts(values.get("draft_co_quan") or "", defaults)
    data: Dict[str, Any] = {
        "co_quan_chu_quan": parent, "co_quan_ban_hanh": name, "viet_tat_co_quan": abbr,
        "nguoi_ky": {"chuc_vu": list(values.get("draft_chuc_vu") or []), "ho_ten": values.get("draft_nguoi_ky") or ""},
    }
    if doc_type == "giay_moi":
        event = re.sub(r"^(?i:tới dự|dự)\s+", "", values["draft_tham_du"])
        data.update(trich_yeu=event[0].upper() + event[1:], tham_du=event, kinh_moi=list(values["draft_kinh_moi"]),
                    thoi_gian=values["draft_thoi_gian"], dia_diem=values["draft_dia_diem"], noi_nhan=["Như trên"])
        return data
    data["trich_yeu"] = values["draft_trich_yeu"]
    if doc_type == "quyet_dinh":
        data.update(tham_quyen=values["draft_tham_quyen"], can_cu=list(values["draft_can_cu"]),
                    dieu=[{"doan": [line]} for line in values["draft_dieu"]])
        return data
    content = _sections(values["draft_noi_dung"])
    if doc_type == "to_trinh":
        content = [f"{line.rstrip(' .;,')};" for line in values.get("draft_can_cu") or []] + content
    data["noi_dung"] = content
    if doc_type in ("to_trinh", "cong_van"):
        data["kinh_gui"] = list(values["draft_kinh_gui"])
    return data
