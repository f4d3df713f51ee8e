"""Chat-sized Vietnamese answers about procedures, each fact followed by a short citation line.

Plain functions over records: the thin Rasa actions call them and only render the text and buttons.
Facts not verified are flagged with a request to check with the agency and the official portal page.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, List, Optional, Sequence, Tuple

from legal_kb.procedures.matching import Match, Resolution
from legal_kb.procedures.records import (
    AgencyInfo,
    Catalog,
    LegalBasisInfo,
    PortalInfo,
    ProcedureInfo,
    Provenance,
)

FACET_LABELS = {
    "documents": "Giấy tờ cần chuẩn bị",
    "processing_time": "Thời hạn giải quyết",
    "fees": "Lệ phí",
    "place": "Nơi nộp hồ sơ",
    "online": "Nộp trực tuyến",
    "legal_basis": "Căn cứ pháp lý",
    "steps": "Các bước thực hiện",
}
MAX_LIST_ITEMS = 6
_COUNCIL = "mức thu do HĐND tỉnh quy định"
_TOPICS = {
    "place": "nơi nộp",
    "agency": "cơ quan giải quyết",
    "processing_time": "thời hạn",
    "fees": "lệ phí",
    "online": "nộp trực tuyến",
}


def format_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def format_money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def citation(provenances: Iterable[Provenance]) -> str:
    """ "Nguồn: … (cập nhật dd/mm/yyyy)" for one or more records (oldest date shown)."""
    items = list(provenances)
    sources = list(dict.fromkeys(p.source for p in items if p.source))
    oldest = min(p.as_of for p in items)
    return f"Nguồn: {'; '.join(sources)} (cập nhật {format_date(oldest)})"


def unverified_note(catalog: Catalog, procedure: Optional[ProcedureInfo] = None, topics: Sequence[str] = ()) -> str:
    """The warning under facts not verified yet: check with the agency, see the official portal."""
    agency = catalog.agency(procedure.agency_key) if procedure else None
    who = agency.name if agency else "cơ quan giải quyết"
    portal = catalog.portal
    what = f"Thông tin về {', '.join(topics)}" if topics else "Thông tin này"
    return (
        f"⚠️ {what} chưa được kiểm chứng đầy đủ, vui lòng kiểm tra lại với cơ quan {who} "
        f"hoặc tại {portal.provincial_portal} / {portal.national_portal}."
    )


def _finish(
    lines: List[str],
    provenances: Sequence[Provenance],
    verified: bool,
    catalog: Catalog,
    procedure: Optional[ProcedureInfo] = None,
    topics: Sequence[str] = (),
) -> str:
    if not verified:
        lines.append(unverified_note(catalog, procedure, topics))
    lines.append(citation(provenances))
    return "\n".join(lines)


def _title(procedure: ProcedureInfo) -> str:
    return procedure.name + (f" (mã {procedure.code})" if procedure.code else "")


def _bullets(items: Sequence[str]) -> List[str]:
    lines = [f"• {item}" for item in items[:MAX_LIST_ITEMS]]
    if len(items) > MAX_LIST_ITEMS:
        lines.append(f"• … và {len(items) - MAX_LIST_ITEMS} mục khác (xem trên Cổng dịch vụ công)")
    return lines


def _copies(originals: int, copies: int) -> str:
    parts = []
    if originals:
        parts.append(f"{originals:02d} bản chính")
    if copies:
        parts.append(f"{copies:02d} bản sao")
    return f" ({', '.join(parts)})" if parts else ""


def fees_summary(procedure: ProcedureInfo) -> str:
    parts = []
    for fee in procedure.fees:
        if fee.amount is None:
            council = "HĐND" in fee.condition
            parts.append(fee.condition if council else " — ".join(filter(None, [fee.condition, _COUNCIL])))
            continue
        if fee.amount == 0:
            amount = "miễn phí"
        else:
            amount = format_money(fee.amount) + (
                fee.unit[len("đồng") :] if fee.unit.startswith("đồng") else f" {fee.unit}"
            )
        parts.append(f"{amount}" + (f" — {fee.condition}" if fee.condition else ""))
    return "; ".join(parts)


def online_summary(procedure: ProcedureInfo, portal: PortalInfo) -> str:
    if not procedure.online_portals or procedure.online_level == "không":
        return "Chưa nộp trực tuyến được; nộp trực tiếp" + (" hoặc qua bưu chính." if procedure.submit_by_post else ".")
    where = []
    if "tinh" in procedure.online_portals:
        where.append(f"Cổng dịch vụ công tỉnh ({portal.provincial_portal})")
    if "quoc_gia" in procedure.online_portals:
        where.append(f"Cổng dịch vụ công quốc gia ({portal.national_portal})")
    level = (
        "toàn trình (không phải đến cơ quan)"
        if procedure.online_level == "toàn trình"
        else ("một phần (vẫn phải đến cơ quan ở một số bước)")
    )
    return f"Có, dịch vụ công trực tuyến {level}, nộp tại {' hoặc '.join(where)}."


def documents_text(procedure: ProcedureInfo, catalog: Catalog) -> str:
    items = [
        d.name + _copies(d.originals, d.copies) + (f"; mẫu: {d.form}" if d.form else "") for d in procedure.documents
    ]
    lines = [f"{FACET_LABELS['documents']} — {_title(procedure)}:", *_bullets(items)]
    return _finish(
        lines, [d.provenance for d in procedure.documents], procedure.facet_verified("documents"), catalog, procedure
    )


def processing_time_text(procedure: ProcedureInfo, catalog: Catalog) -> str:
    lines = [f"{FACET_LABELS['processing_time']} — {_title(procedure)}: {procedure.processing_time}"]
    return _finish(lines, [procedure.provenance], procedure.facet_verified("processing_time"), catalog, procedure)


def fees_text(procedure: ProcedureInfo, catalog: Catalog) -> str:
    lines = [f"{FACET_LABELS['fees']} — {_title(procedure)}:"]
    lines += _bullets([part for part in fees_summary(procedure).split("; ")])
    return _finish(lines, [f.provenance for f in procedure.fees], procedure.facet_verified("fees"), catalog, procedure)


def place_text(procedure: ProcedureInfo, catalog: Catalog) -> str:
    agency = catalog.agency(procedure.agency_key)
    ways = ["trực tiếp"] if procedure.submit_in_person else []
    if procedure.submit_by_post:
        ways.append("qua bưu chính")
    if procedure.online_portals and procedure.online_level != "không":
        ways.append("trực tuyến")
    lines = [
        f"{FACET_LABELS['place']} — {_title(procedure)}: {procedure.place}.",
        f"Cơ quan giải quyết: {agency.name if agency else procedure.agency_key} ({procedure.level.lower()}).",
        f"Cách nộp: {', '.join(ways)}.",
    ]
    verified = procedure.facet_verified("place") and procedure.facet_verified("agency")
    return _finish(lines, [procedure.provenance], verified, catalog, procedure)


def online_text(procedure: ProcedureInfo, catalog: Catalog) -> str:
    lines = [f"{FACET_LABELS['online']} — {_title(procedure)}: {online_summary(procedure, catalog.portal)}"]
    if procedure.online_portals and procedure.online_level != "không":
        lines.append('Đăng nhập bằng tài khoản định danh điện tử VNeID; gõ "hướng dẫn nộp trực tuyến" để xem các bước.')
    return _finish(lines, [procedure.provenance], procedure.facet_verified("online"), catalog, procedure)


def _basis_line(basis: LegalBasisInfo) -> str:
    text = basis.citation()
    return text if basis.document_number in text else f"{text} (số {basis.document_number})"


def legal_basis_text(procedure: ProcedureInfo, catalog: Catalog) -> str:
    items = [_basis_line(b) for b in procedure.legal_bases]
    lines = [f"{FACET_LABELS['legal_basis']} — {_title(procedure)}:", *_bullets(items)]
    return _finish(
        lines,
        [b.provenance for b in procedure.legal_bases],
        procedure.facet_verified("legal_basis"),
        catalog,
        procedure,
    )


def steps_text(procedure: ProcedureInfo, catalog: Catalog) -> str:
    lines = [f"{FACET_LABELS['steps']} — {_title(procedure)}:"]
    lines += [f"{n}. {s.text}" for n, s in enumerate(procedure.steps, start=1)]
    return _finish(
        lines,
        [s.provenance for s in procedure.steps] or [procedure.provenance],
        procedure.facet_verified("steps"),
        catalog,
        procedure,
    )


FACET_TEXT = {
    "documents": documents_text,
    "processing_time": processing_time_text,
    "fees": fees_text,
    "place": place_text,
    "online": online_text,
    "legal_basis": legal_basis_text,
    "steps": steps_text,
}


def facet_text(procedure: ProcedureInfo, facet: str, catalog: Catalog) -> str:
    """One facet (see FACET_LABELS); an unknown facet gives the overview."""
    return FACET_TEXT.get(facet, overview_text)(procedure, catalog)


def overview_text(procedure: ProcedureInfo, catalog: Catalog) -> str:
    """The key facts in one bubble; details follow as buttons (see facet_buttons)."""
    agency = catalog.agency(procedure.agency_key)
    lines = [
        f"{_title(procedure)} — lĩnh vực {procedure.field}.",
        f"• Cơ quan: {agency.name if agency else procedure.agency_key}; nơi nộp: {procedure.place}.",
        f"• Thời hạn: {procedure.processing_time}",
        f"• Lệ phí: {fees_summary(procedure)}.",
        f"• Trực tuyến: {online_summary(procedure, catalog.portal)}",
    ]
    doubtful = [topic for facet, topic in _TOPICS.items() if not procedure.facet_verified(facet)]
    provenances = [procedure.provenance, *(f.provenance for f in procedure.fees)]
    topics = doubtful if len(doubtful) < len(_TOPICS) else []  # everything doubtful: "Thông tin này"
    return _finish(lines, provenances, not doubtful, catalog, procedure, topics)


def facet_buttons(procedure: ProcedureInfo) -> List[Tuple[str, str]]:
    """(title, facet) pairs for the detail buttons under an overview."""
    return [(label, facet) for facet, label in FACET_LABELS.items()]


def choice_text(resolution: Resolution) -> str:
    """The question asked when several procedures fit (buttons carry the keys, see choice_buttons)."""
    names = "\n".join(f"{n}. {c.name}" for n, c in enumerate(resolution.candidates, start=1))
    return f"Bạn muốn hỏi thủ tục nào dưới đây?\n{names}"


def choice_buttons(resolution: Resolution) -> List[Tuple[str, str]]:
    """(title, procedure key) for each candidate."""
    return [(c.name, c.key) for c in resolution.candidates]


def not_found_text(resolution: Resolution, catalog: Catalog) -> str:
    portal = catalog.portal
    lines = ["Xin lỗi, tôi chưa tìm thấy thủ tục phù hợp với câu hỏi của bạn."]
    if resolution.candidates:
        lines.append("Có thể bạn muốn hỏi:")
        lines += [f"• {c.name}" for c in resolution.candidates[:3]]
    lines.append(
        f"Bạn có thể tra cứu tại {portal.provincial_portal} hoặc {portal.national_portal}, gọi {portal.hotline_label} "
        f'{portal.hotline}, hoặc gõ "gặp cán bộ" để chuyển câu hỏi cho cán bộ.'
    )
    if not portal.contact_provenance.verified:
        lines.append("(Số điện thoại hỗ trợ chưa được kiểm chứng, vui lòng đối chiếu trên trang chính thức.)")
    return "\n".join(lines)


def not_in_catalogue_text(suggestions: Sequence[Match], catalog: Catalog) -> str:
    """A procedure the catalogue does not hold: say so, and where the official list is (never another procedure)."""
    portal = catalog.portal
    lines = [
        "Hiện tôi chưa có thông tin về thủ tục này.",
        f"Bạn có thể tra cứu đầy đủ thủ tục hành chính trên {portal.provincial_portal} hoặc {portal.national_portal}"
        f" (mục \"Thủ tục hành chính\"), gọi {portal.hotline_label} {portal.hotline}, hoặc gõ \"gặp cán bộ\" để được"
        " hỗ trợ.",
    ]
    if suggestions:
        lines.append("Nếu bạn cần một trong các thủ tục gần giống dưới đây, hãy chọn:")
        lines += [f"• {m.name}" for m in suggestions[:3]]
    if not portal.contact_provenance.verified:
        lines.append("(Số điện thoại hỗ trợ chưa được kiểm chứng, vui lòng đối chiếu trên trang chính thức.)")
    return "\n".join(lines)


def agency_text(agency: AgencyInfo, catalog: Catalog) -> str:
    lines = [agency.name]
    lines.append(f"• Địa chỉ: {agency.address or 'chưa cập nhật — xem trên Cổng dịch vụ công của tỉnh'}")
    if agency.hours:
        lines.append(f"• Giờ làm việc: {agency.hours}")
    lines.append(f"• Điện thoại: {agency.phone or 'chưa cập nhật'}")
    if agency.website:
        lines.append(f"• Trang thông tin: {agency.website}")
    if not agency.provenance.verified:
        portal = catalog.portal
        lines.append(f"⚠️ Thông tin liên hệ chưa được kiểm chứng, vui lòng kiểm tra lại tại {portal.provincial_portal}.")
    lines.append(citation([agency.provenance]))
    return "\n".join(lines)


def portal_guide_text(catalog: Catalog, section: Optional[str] = None) -> str:
    portal = catalog.portal
    sections = [s for s in portal.sections if section in (None, s.key)] or list(portal.sections)
    lines = [f"{portal.guide_title}:"]
    lines += [f"{n}. {s.title}: {s.text}" for n, s in enumerate(sections, start=1)]
    lines.append(f"Cổng tỉnh: {portal.provincial_portal} — Cổng quốc gia: {portal.national_portal}")
    if not portal.guide_provenance.verified:
        lines.append("⚠️ Giao diện các cổng có thể thay đổi, vui lòng làm theo hướng dẫn trên trang chính thức.")
    lines.append(citation([portal.guide_provenance]))
    return "\n".join(lines)


def handoff_text(reference: str, catalog: Catalog) -> str:
    portal = catalog.portal
    return (
        f"Tôi đã chuyển câu hỏi của bạn cho cán bộ (mã yêu cầu {reference}). Cán bộ sẽ trả lời trong giờ hành chính. "
        f"Cần gấp, bạn gọi {portal.hotline_label} {portal.hotline}."
    )


def feedback_receipt_text(reference: str) -> str:
    return (
        f"Cảm ơn bạn. Phản ánh, kiến nghị đã được ghi nhận với mã số {reference}. "
        "Vui lòng giữ mã số này để theo dõi kết quả xử lý."
    )
