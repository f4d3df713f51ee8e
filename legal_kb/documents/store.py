"""Write a parsed document and its units into the knowledge base (update in place, never duplicate)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import List, Optional

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from legal_kb.documents.known import find_known
from legal_kb.documents.models import DocumentRelation, LegalDocument, LegalUnit
from legal_kb.documents.numbers import number_key, parse_number
from legal_kb.documents.structure import ParsedDocument, ParsedUnit


@dataclass
class DocumentRecord:
    """Everything needed to store one document."""

    parsed: ParsedDocument
    source: str
    as_of: date
    external_id: Optional[str] = None
    title: Optional[str] = None
    status: Optional[str] = None
    field: Optional[str] = None


def document_key(record: DocumentRecord) -> str:
    number = record.parsed.number
    if number:
        return number_key(number)
    return (record.external_id or record.title or record.parsed.title or "").strip()


def upsert_document(session: Session, record: DocumentRecord) -> LegalDocument:
    """Insert or update the document and replace its units; returns the stored document."""
    parsed = record.parsed
    known = find_known(record.external_id, parsed.number)
    if known and not parsed.number and known.number:
        parsed.number = known.number
    key = document_key(record)
    doc = session.execute(select(LegalDocument).where(LegalDocument.key == key)).scalar_one_or_none()
    if doc is None and record.external_id:
        doc = session.execute(select(LegalDocument).where(LegalDocument.external_id == record.external_id)).scalar_one_or_none()
    if doc is None:
        doc = LegalDocument(key=key)
        session.add(doc)
    number = parse_number(parsed.number or "")
    doc.key = key
    doc.external_id = record.external_id
    doc.number = parsed.number
    doc.title = record.title or parsed.title or record.external_id or key
    doc.doc_type = parsed.doc_type or (known.doc_type if known else None) or (number.doc_type if number else None)
    doc.issuer = parsed.issuer or (known.issuer if known else None) or (number.issuer if number else None)
    doc.issue_date = parsed.issue_date or (known.issue_date if known else None)
    doc.effective_date = parsed.effective_date or (known.effective_date if known else None)
    doc.status = record.status or (known.status if known else "không rõ")
    doc.field = record.field or (known.field if known else None)
    doc.source = record.source
    doc.as_of = known.as_of if known and not record.status else record.as_of
    doc.verified = bool(known and not record.status and known.status_verified)  # the caveat follows the status
    session.flush()
    session.execute(delete(LegalUnit).where(LegalUnit.document_id == doc.id))
    session.execute(delete(DocumentRelation).where(DocumentRelation.document_id == doc.id))
    if known:
        for target in known.replaces:
            session.add(DocumentRelation(document_id=doc.id, kind="replaces", target_number=target))
    _add_units(session, doc, parsed.units, None, "", record)
    session.flush()
    return doc


def _add_units(session: Session, doc: LegalDocument, units: List[ParsedUnit], parent: Optional[LegalUnit], prefix: str, record: DocumentRecord) -> None:
    """Insert the whole unit tree in one executemany; ids are reserved up front so children can name parents."""
    rows: List[dict] = []
    _flatten(doc, units, None, "", record, rows)
    if not rows:
        return
    ids = _reserve_ids(session, len(rows))
    for row in rows:
        parent_index = row.pop("_parent")
        row["id"] = ids[row.pop("_index")]
        row["parent_id"] = ids[parent_index] if parent_index is not None else None
    session.execute(insert(LegalUnit), rows)


def _flatten(doc: LegalDocument, units: List[ParsedUnit], parent: Optional[int], prefix: str, record: DocumentRecord, rows: List[dict]) -> None:
    seen = set()
    for ordinal, unit in enumerate(units):
        path = f"{prefix}{unit.kind}:{unit.number}"
        if path in seen:  # a repeated khoản/điểm label inside one unit: keep both, distinguishable
            path = f"{path}#{ordinal}"
        seen.add(path)
        index = len(rows)
        rows.append({
            "_index": index, "_parent": parent,
            "document_id": doc.id, "kind": unit.kind, "number": unit.number, "path": path,
            "heading": unit.heading or None, "text": unit.text if unit.kind in ("dieu", "khoan", "diem") else "",
            "ordinal": ordinal, "source": f"{doc.number or doc.title}, {_label(unit)}", "as_of": record.as_of,
        })
        _flatten(doc, unit.children, index, path + "/", record, rows)


def _reserve_ids(session: Session, n: int) -> List[int]:
    """``n`` fresh primary keys of legal_unit: from the sequence on PostgreSQL, after the largest id on SQLite
    (whose writer lock, held by this transaction since the document row was written, keeps them ours)."""
    if session.bind.dialect.name == "postgresql":
        return list(session.execute(
            text("SELECT nextval(pg_get_serial_sequence('legal_unit', 'id')) FROM generate_series(1, :n)"), {"n": n}
        ).scalars())
    start = session.execute(select(func.coalesce(func.max(LegalUnit.id), 0))).scalar()
    return list(range(start + 1, start + 1 + n))


_LABELS = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "tieu_muc": "Tiểu mục", "dieu": "Điều", "khoan": "khoản", "diem": "điểm"}


def _label(unit: ParsedUnit) -> str:
    return f"{_LABELS[unit.kind]} {unit.number}"
