"""Store handoff requests (chuyển cán bộ) and feedback (phản ánh, kiến nghị) with reference numbers."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine

from legal_kb.db import session_scope
from legal_kb.procedures.importer import create_tables
from legal_kb.procedures.models import FeedbackRecord, HandoffRequest

logger = logging.getLogger(__name__)

MAX_CONTENT = 4000
MAX_CONTACT = 200
MAX_CONVERSATION_ID = 128


class InboxError(ValueError):
    """The request cannot be stored; the message is meant for the citizen (Vietnamese)."""


@dataclass(frozen=True)
class Receipt:
    reference: str
    created_at: datetime


def _clean(text: Optional[str], limit: int, what: str, required: bool) -> Optional[str]:
    value = " ".join((text or "").split())
    if not value:
        if required:
            raise InboxError(f"Vui lòng nhập {what}.")
        return None
    if len(value) > limit:
        raise InboxError(f"{what.capitalize()} quá dài (tối đa {limit} ký tự).")
    return value


def _now(now: Optional[datetime]) -> datetime:
    return now or datetime.now(timezone.utc)


def store_feedback(
    engine: Engine,
    content: str,
    contact: Optional[str] = None,
    conversation_id: Optional[str] = None,
    procedure_key: Optional[str] = None,
    now: Optional[datetime] = None,
) -> Receipt:
    """Save a phản ánh, kiến nghị; the reference looks like PAKN-2026-000123."""
    text = _clean(content, MAX_CONTENT, "nội dung phản ánh, kiến nghị", required=True)
    contact_value = _clean(contact, MAX_CONTACT, "thông tin liên hệ", required=False)
    created = _now(now)
    row = FeedbackRecord(
        content=text,
        contact=contact_value,
        conversation_id=(conversation_id or "")[:MAX_CONVERSATION_ID] or None,
        procedure_key=procedure_key,
        created_at=created,
    )
    return _store_with_reference(engine, row, "PAKN", created)


def store_handoff(
    engine: Engine,
    conversation_id: str,
    text: str = "",
    procedure_key: Optional[str] = None,
    now: Optional[datetime] = None,
) -> Receipt:
    """Save a request to talk to staff; the reference looks like HT-2026-000045."""
    conversation = _clean(conversation_id, MAX_CONVERSATION_ID, "mã cuộc hội thoại", required=True)
    question = _clean(text, MAX_CONTENT, "câu hỏi", required=False) or ""
    created = _now(now)
    row = HandoffRequest(
        conversation_id=conversation, text=question, procedure_key=procedure_key, status="open", created_at=created
    )
    return _store_with_reference(engine, row, "HT", created)


def _store_with_reference(engine: Engine, row, prefix: str, created: datetime) -> Receipt:
    """Insert a row and give it a reference made from its id: PREFIX-YYYY-000123."""
    create_tables(engine)
    with session_scope(engine) as session:
        row.reference = f"tmp-{uuid.uuid4().hex[:24]}"  # unique placeholder until the id is known
        session.add(row)
        session.flush()
        row.reference = f"{prefix}-{created.year}-{row.id:06d}"
        reference = row.reference
    logger.info("%s stored: %s", type(row).__name__, reference)
    return Receipt(reference, created)


@dataclass(frozen=True)
class StoredHandoff:
    reference: str
    conversation_id: str
    text: str
    status: str
    created_at: datetime


def open_handoffs(engine: Engine) -> List[StoredHandoff]:
    create_tables(engine)
    with session_scope(engine) as session:
        rows = session.execute(
            select(HandoffRequest).where(HandoffRequest.status == "open").order_by(HandoffRequest.id)
        ).scalars()
        return [StoredHandoff(r.reference, r.conversation_id, r.text, r.status, r.created_at) for r in rows]


def feedback_by_reference(engine: Engine, reference: str) -> Optional[dict]:
    create_tables(engine)
    with session_scope(engine) as session:
        row = session.execute(select(FeedbackRecord).where(FeedbackRecord.reference == reference)).scalar_one_or_none()
        if row is None:
            return None
        return {
            "reference": row.reference,
            "content": row.content,
            "contact": row.contact,
            "status": row.status,
            "created_at": row.created_at,
        }
