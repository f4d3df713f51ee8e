"""Chat answers about legal documents: the best article with its citation and effect status, alternatives,
"which documents regulate X", document metadata and the pháp điển tree. Plain functions over a session."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from legal_kb.documents.models import LegalDocument, LegalUnit, PhapDienChuDe, PhapDienDeMuc, PhapDienNode
from legal_kb.documents.search.lay import search_question
from legal_kb.documents.search.present import citation, trim_article
from legal_kb.documents.search.service import SearchHit, fetch_article, find_documents, relevant_hits, search_session
from vntext import fold

MAX_ARTICLE_CHARS = 900
# A best article covering less of the question than this is shown as the nearest one found, not as the answer: on
# the development set of life-situation questions, fewer than half of such articles were the one that answers.
WEAK_MATCH_COVERAGE = 0.2
WEAK_MATCH_LEAD = ("Tôi chưa tìm được điều luật trả lời chắc chắn câu hỏi này. Điều gần nhất tìm được (bạn nên kiểm tra"
                   " lại hoặc gõ \"gặp cán bộ\" để được tư vấn):")
_LIST_CUES = ("van ban nao", "nhung van ban", "cac van ban", "luat nao", "nghi dinh nao", "thong tu nao", "van ban gi")


@dataclass
class LegalAnswer:
    text: str
    # (button title, kind, value): kind "unit" = an article by id, "chude"/"demuc"/"node" = pháp điển
    buttons: List[Tuple[str, str, str]] = field(default_factory=list)
    found: bool = True


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "chưa rõ"


def _status_line(doc: LegalDocument) -> str:
    status = doc.status or "không rõ"
    note = "" if doc.verified else " (chưa đối chiếu, vui lòng kiểm tra trên vbpl.vn)"
    return f"Tình trạng hiệu lực: {status}{note}."


def _source_line(doc: LegalDocument, unit: Optional[LegalUnit]) -> str:
    source = unit.source if unit is not None else doc.source
    as_of = unit.as_of if unit is not None else doc.as_of
    return f"Nguồn: {source} (cập nhật {_date(as_of)})"


def wants_document_list(query: str) -> bool:
    folded = f" {fold(query or '', lower=True)} "
    return any(f" {cue} " in folded for cue in _LIST_CUES)


def _article_answer(session: Session, hit: SearchHit, query: str) -> str:
    doc = session.get(LegalDocument, hit.document_id)
    unit = session.get(LegalUnit, hit.unit_id) if hit.unit_id else None
    heading = f" {unit.heading}" if unit is not None and unit.heading else ""
    body = hit.text if hit.clause else trim_article(hit.text, MAX_ARTICLE_CHARS, query)
    return "\n".join([f"{hit.citation}.{heading}", body, _status_line(doc), _source_line(doc, unit)])


def _alternatives(hits: List[SearchHit], skip: Optional[int]) -> List[Tuple[str, str, str]]:
    return [(h.citation, "unit", str(h.unit_id)) for h in hits if h.unit_id and h.unit_id != skip][:3]


def answer_question(session: Session, query: str) -> LegalAnswer:
    """The best article for a question, or an honest "nothing relevant enough"."""
    if wants_document_list(query):
        return list_documents(session, query)
    return answer_from_hits(session, search_question(session, query, k=5), query)


def answer_from_hits(session: Session, hits: List[SearchHit], query: str) -> LegalAnswer:
    """The best of already relevant hits, cited, with the others as buttons; "nothing relevant" without hits."""
    if not hits:
        return nothing_relevant(session)
    best = hits[0]
    text = _article_answer(session, best, query)
    if not best.exact and best.coverage < WEAK_MATCH_COVERAGE:
        text = f"{WEAK_MATCH_LEAD}\n{text}"
    return LegalAnswer(text, _alternatives(hits, best.unit_id))


def answer_article(session: Session, query: str) -> LegalAnswer:
    """A specific article ("Điều 20 Luật Cư trú"); falls back to a search when the reference is incomplete."""
    hit = fetch_article(session, query)
    if hit is None:
        answer = answer_question(session, query)
        if answer.found:
            answer.text = "Tôi chưa xác định được chính xác điều bạn hỏi; đây là nội dung gần nhất:\n" + answer.text
        return answer
    return LegalAnswer(_article_answer(session, hit, query))


def article_by_id(session: Session, unit_id: int) -> Optional[LegalAnswer]:
    unit = session.get(LegalUnit, unit_id)
    if unit is None or unit.kind != "dieu":
        return None
    doc = session.get(LegalDocument, unit.document_id)
    head = citation(unit.number, doc.title, doc.number)
    heading = f" {unit.heading}" if unit.heading else ""
    text = "\n".join([f"{head}.{heading}", trim_article(unit.text, MAX_ARTICLE_CHARS), _status_line(doc), _source_line(doc, unit)])
    return LegalAnswer(text)


def list_documents(session: Session, query: str) -> LegalAnswer:
    """ "Văn bản nào quy định về …": the documents with the most relevant articles, each with status."""
    topic = re.sub(r"(?i)(văn bản|van ban|luật|luat|nghị định|nghi dinh)\s+(nào|nao|gì|gi)\s*(quy định|quy dinh)?\s*(về|ve)?", " ", query)
    hits = relevant_hits(search_session(session, topic.strip() or query, k=10))
    if not hits:
        return nothing_relevant(session)
    order: List[int] = []
    articles = {}
    for hit in hits:
        if hit.document_id not in articles:
            order.append(hit.document_id)
            articles[hit.document_id] = []
        if hit.article and len(articles[hit.document_id]) < 4:
            articles[hit.document_id].append(hit)
    lines = ["Các văn bản có quy định liên quan:"]
    for doc_id in order[:5]:
        doc = session.get(LegalDocument, doc_id)
        numbers = ", ".join(f"Điều {h.article}" for h in articles[doc_id])
        name = f"{doc.title} (số {doc.number})" if doc.number else doc.title
        lines.append(f"• {name} — {doc.status or 'không rõ hiệu lực'}: {numbers}")
    lines.append("Bấm vào một điều để xem nội dung.")
    buttons = [(h.citation, "unit", str(h.unit_id)) for h in hits if h.unit_id][:3]
    return LegalAnswer("\n".join(lines), buttons)


def document_info(session: Session, query: str) -> LegalAnswer:
    """Metadata of a named document: number, type, issuer, dates, effect status."""
    docs = find_documents(session, query)
    if not docs:
        return LegalAnswer(
            "Tôi chưa xác định được văn bản bạn hỏi. Bạn ghi rõ số hiệu (ví dụ \"30/2020/NĐ-CP\") hoặc tên "
            "(ví dụ \"Luật Cư trú\") giúp tôi nhé.",
            found=False,
        )
    doc = docs[0]
    articles = session.execute(
        select(func.count()).select_from(LegalUnit).where(LegalUnit.document_id == doc.id, LegalUnit.kind == "dieu")
    ).scalar_one()
    lines = [
        doc.title,
        f"• Số, ký hiệu: {doc.number or 'chưa rõ'}",
        f"• Loại văn bản: {doc.doc_type or 'chưa rõ'}; cơ quan ban hành: {doc.issuer or 'chưa rõ'}",
        f"• Ngày ban hành: {_date(doc.issue_date)}; ngày có hiệu lực: {_date(doc.effective_date)}",
        f"• {_status_line(doc)}",
        f"• Số điều trong cơ sở dữ liệu: {articles}",
        _source_line(doc, None),
    ]
    return LegalAnswer("\n".join(lines))


def nothing_relevant(session: Session) -> LegalAnswer:
    empty = session.execute(select(func.count()).select_from(LegalDocument)).scalar_one() == 0
    if empty:
        return LegalAnswer("Cơ sở dữ liệu văn bản pháp luật chưa được nạp. Vui lòng liên hệ quản trị hệ thống.", found=False)
    return LegalAnswer(
        "Tôi chưa tìm thấy quy định đủ liên quan đến câu hỏi này trong cơ sở dữ liệu văn bản. Bạn thử diễn đạt lại với "
        "từ khóa cụ thể hơn, nêu tên văn bản (ví dụ \"theo Luật Cư trú\"), hoặc tra cứu Bộ pháp điển.",
        [("Tra cứu Bộ pháp điển", "chude", "")],
        found=False,
    )


def browse_phapdien(session: Session, kind: str = "chude", value: str = "") -> LegalAnswer:
    """Pháp điển tree: chủ đề → đề mục → điều (with buttons one level down)."""
    if kind == "demuc" and value.isdigit():
        de_muc = session.get(PhapDienDeMuc, int(value))
        if de_muc is not None:
            nodes = session.execute(
                select(PhapDienNode).where(PhapDienNode.de_muc_id == de_muc.id, PhapDienNode.kind == "dieu")
                .order_by(PhapDienNode.id).limit(8)
            ).scalars().all()
            if not nodes:
                return LegalAnswer(f"Đề mục \"{de_muc.title}\" chưa có nội dung trong cơ sở dữ liệu. Nguồn: {de_muc.source}")
            lines = [f"Đề mục: {de_muc.title}"] + [f"• Điều {n.code}. {n.heading}" for n in nodes]
            return LegalAnswer("\n".join(lines), [(f"Điều {n.code}", "node", str(n.id)) for n in nodes[:3]])
    if kind == "node" and value.isdigit():
        node = session.get(PhapDienNode, int(value))
        if node is not None:
            text = trim_article(node.text, MAX_ARTICLE_CHARS)
            note = f"\n{node.source_note}" if node.source_note else ""
            return LegalAnswer(f"Điều {node.code}. {node.heading}\n{text}{note}")
    if kind == "chude" and value.isdigit():
        chu_de = session.get(PhapDienChuDe, int(value))
        if chu_de is not None:
            items = session.execute(
                select(PhapDienDeMuc).where(PhapDienDeMuc.chu_de_id == chu_de.id, PhapDienDeMuc.retired.is_(False))
                .order_by(PhapDienDeMuc.stt)
            ).scalars().all()
            if not items:
                return LegalAnswer(f"Chủ đề {chu_de.id}. {chu_de.title} chưa có đề mục trong cơ sở dữ liệu. Nguồn: {chu_de.source}")
            lines = [f"Chủ đề {chu_de.id}. {chu_de.title} — các đề mục:"] + [f"{d.stt}. {d.title}" for d in items[:15]]
            return LegalAnswer("\n".join(lines), [(d.title, "demuc", str(d.id)) for d in items[:3]])
    topics = session.execute(select(PhapDienChuDe).order_by(PhapDienChuDe.id)).scalars().all()
    if not topics:
        return LegalAnswer("Bộ pháp điển chưa được nạp vào cơ sở dữ liệu.", found=False)
    lines = ["Bộ pháp điển gồm 45 chủ đề. Gõ số chủ đề (ví dụ \"chủ đề 15\") hoặc bấm nút:"]
    lines += [f"{t.id}. {t.title}" for t in topics]
    return LegalAnswer("\n".join(lines), [(t.title, "chude", str(t.id)) for t in topics[:3]])


def phapdien_reference(query: str) -> Tuple[str, str]:
    """ "chủ đề 15" → ("chude", "15"); anything else → the topic list."""
    match = re.search(r"(?:chu de|chủ đề)\s*(\d{1,2})", query or "", re.IGNORECASE) or re.search(
        r"chu de\s*(\d{1,2})", fold(query or "", lower=True)
    )
    return ("chude", match.group(1)) if match else ("chude", "")
