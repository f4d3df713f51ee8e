"""One builder per document type: request (dict) -> DocumentSpec."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

from docgen import layout
from docgen.inputs import InputError, Reader
from docgen.settings import UnitDefaults
from docgen.spec import Block, DocumentSpec, Run, block
from vntext import fold
from vntext.dates import format_datetime_long, weekday_name


@dataclass(frozen=True)
class DocType:
    key: str
    label: str
    name: Optional[str]  # type name printed on the document; None for công văn
    abbr: Optional[str]
    fields: Tuple[str, ...]
    build: Callable[[DocumentSpec, Reader, layout.Common], None]


def _giay_moi(spec: DocumentSpec, reader: Reader, common: layout.Common) -> None:
    invited = reader.text_list("kinh_moi", "người được mời", required=True)
    event = reader.text("tham_du", "nội dung cuộc họp, sự kiện", required=True) or ""
    host = reader.text("chu_tri", "người chủ trì")
    when = reader.when("thoi_gian", "thời gian", common.date)
    place = reader.text("dia_diem", "địa điểm", required=True)
    notes = reader.text_list("ghi_chu", "ghi chú")
    if when is None or not invited:
        return
    intro = f"{common.unit_name} trân trọng kính mời:"
    if len(invited) == 1:
        spec.body.append(layout.paragraph(f"{intro} {_strip_end(invited[0])}."))
    else:
        spec.body.append(layout.paragraph(intro))
        for i, person in enumerate(invited):
            end = ";" if i < len(invited) - 1 else "."
            spec.body.append(layout.paragraph(f"- {_strip_end(person)}{end}"))
    event = re.sub(r"^(?i:t[oớ]i\s+d[uự])\s*", "", event) if fold(event, lower=True).startswith("toi du") else event
    spec.body.append(layout.paragraph(f"Tới dự {_strip_end(event)}."))
    if host:
        spec.body.append(layout.paragraph(f"Chủ trì: {_strip_end(host)}."))
    spec.body.append(layout.paragraph(f"Thời gian: {_when_text(when)}."))
    spec.body.append(layout.paragraph(f"Địa điểm: {_strip_end(place or '')}."))
    for note in notes:
        spec.body.append(layout.paragraph(note))


def _when_text(when) -> str:
    if when.time is not None:
        return format_datetime_long(when.date, when.time)
    day = f"{weekday_name(when.date)}, ngày {when.date:%d/%m/%Y}"
    return f"Buổi {when.part_of_day}, {day}" if when.part_of_day else day[0].upper() + day[1:]


def _strip_end(text: str) -> str:
    return text.rstrip(" .;,")


def _with_kinh_gui(required: bool) -> Callable[[DocumentSpec, Reader, layout.Common], None]:
    def build(spec: DocumentSpec, reader: Reader, common: layout.Common) -> None:
        recipients = reader.text_list("kinh_gui", "nơi nhận văn bản (Kính gửi)", required=required)
        content = reader.sections("noi_dung", "nội dung")
        if recipients:
            layout.kinh_gui(spec, recipients)
        layout.sections(spec, content)

    return build


def _content_only(spec: DocumentSpec, reader: Reader, common: layout.Common) -> None:
    layout.sections(spec, reader.sections("noi_dung", "nội dung"))


def _quyet_dinh(spec: DocumentSpec, reader: Reader, common: layout.Common) -> None:
    authority = reader.text("tham_quyen", "thẩm quyền ban hành", required=True) or ""
    grounds = reader.text_list("can_cu", "căn cứ ban hành", required=True)
    proposal = reader.text("de_nghi", "theo đề nghị của")
    articles = reader.articles("dieu", "các điều")
    if not grounds or not articles:
        return
    spec.body.append(block("tham_quyen", authority.upper(), space_before_pt=12, space_after_pt=6))
    lines = [_ensure_prefix(g, "Căn cứ") for g in grounds]
    if proposal:
        lines.append(_ensure_prefix(proposal, "Theo đề nghị của"))
    for i, line in enumerate(lines):
        end = ";" if i < len(lines) - 1 else "."
        spec.body.append(layout.paragraph(f"{_strip_end(line)}{end}", role="can_cu"))
    spec.body.append(block("quyet_dinh_label", "QUYẾT ĐỊNH:", space_before_pt=6, space_after_pt=6))
    for number, article in enumerate(articles, start=1):
        label = f"Điều {number}."
        if article.title:
            spec.body.append(layout.paragraph(f"{label} {_strip_end(article.title)}", role="dieu"))
            paragraphs = article.paragraphs
        else:
            first, paragraphs = (article.paragraphs[0], article.paragraphs[1:]) if article.paragraphs else ("", ())
            spec.body.append(Block(role="body", runs=(Run(label, bold=True), Run(f" {first}")),
                                   first_line_indent=True, space_after_pt=6))
        for text in paragraphs:
            spec.body.append(layout.paragraph(text))


def _ensure_prefix(text: str, prefix: str) -> str:
    if fold(text, lower=True).startswith(fold(prefix, lower=True)):
        return text
    return f"{prefix} {text[0].lower()}{text[1:]}" if text else prefix


_GENERIC = ("kinh_gui", "noi_dung")
TYPES: Dict[str, DocType] = {
    t.key: t
    for t in (
        DocType("giay_moi", "giấy mời", "Giấy mời", "GM",
                ("kinh_moi", "tham_du", "chu_tri", "thoi_gian", "dia_diem", "ghi_chu"), _giay_moi),
        DocType("to_trinh", "tờ trình", "Tờ trình", "TTr", _GENERIC, _with_kinh_gui(True)),
        DocType("bao_cao", "báo cáo", "Báo cáo", "BC", _GENERIC, _with_kinh_gui(False)),
        DocType("quyet_dinh", "quyết định", "Quyết định", "QĐ",
                ("tham_quyen", "can_cu", "de_nghi", "dieu"), _quyet_dinh),
        DocType("cong_van", "công văn", None, None, ("kinh_gui", "noi_dung", "linh_vuc"),
                _with_kinh_gui(True)),
        DocType("thong_bao", "thông báo", "Thông báo", "TB", ("noi_dung",), _content_only),
        DocType("ke_hoach", "kế hoạch", "Kế hoạch", "KH", ("noi_dung",), _content_only),
    )
}
ALIASES = {"gm": "giay_moi", "ttr": "to_trinh", "bc": "bao_cao", "qd": "quyet_dinh", "cv": "cong_van",
           "tb": "thong_bao", "kh": "ke_hoach"}


def resolve_type(name: str) -> Optional[DocType]:
    """"giay_moi", "giấy mời", "GM" -> the type; None if unknown."""
    key = fold(name, lower=True).strip().replace(" ", "_").replace("-", "_")
    key = ALIASES.get(key, key)
    return TYPES.get(key)


def build_spec(doc_type: DocType, data: Any, defaults: UnitDefaults, today: Optional[dt.date] = None) -> DocumentSpec:
    """Validate ``data`` and lay out the document; raises InputError with every problem found."""
    reader = Reader(data)
    reader.reject_unknown(layout.COMMON_FIELDS + doc_type.fields)
    common = layout.read_common(reader, defaults, today or dt.date.today())
    spec = DocumentSpec(doc_type=doc_type.key)
    if doc_type.abbr:
        symbol = f"{doc_type.abbr}-{common.unit_abbr}"
    else:
        field = reader.abbreviation("linh_vuc", "chữ viết tắt đơn vị soạn thảo hoặc lĩnh vực", common.drafting_unit)
        symbol = f"{common.unit_abbr}-{field}"
    layout.header(spec, common, symbol)
    if doc_type.name:
        layout.title(spec, doc_type.name, common.summary)
    else:
        summary = re.sub(r"^(?i:v/v)\s*", "", common.summary)
        spec.number_box.append(block("trich_yeu_cong_van", f"V/v {summary}", space_before_pt=6))
    doc_type.build(spec, reader, common)
    reader.raise_if_failed()
    if not spec.body:
        raise InputError(["Văn bản chưa có nội dung."])
    layout.close_body(spec)
    first = []
    if doc_type.key == "cong_van":
        first = ["Như trên"]
    elif doc_type.key == "quyet_dinh":
        last = sum(1 for b in spec.body if b.text.startswith("Điều "))
        first = [f"Như Điều {last}"]
    layout.noi_nhan(spec, common, first)
    layout.signer(spec, common)
    return spec
