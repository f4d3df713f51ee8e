"""SQLAlchemy models of administrative procedures (thủ tục hành chính), agencies, handoff requests and feedback.

Every fact-bearing row (procedure, document, fee, step, legal basis, agency) carries ``source``, ``as_of``
and ``verified`` so an answer can cite where a fact comes from and flag what still needs checking.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declared_attr, relationship

from legal_kb.db import Base

__all__ = [
    "Agency",
    "FeedbackRecord",
    "HandoffRequest",
    "Procedure",
    "ProcedureAlias",
    "ProcedureDocument",
    "ProcedureFee",
    "ProcedureLegalBasis",
    "ProcedureStep",
]


class _Provenance:
    source = Column(Text, nullable=False)
    as_of = Column(Date, nullable=False)
    verified = Column(Boolean, nullable=False, default=False)


class Agency(_Provenance, Base):
    __tablename__ = "kb_agency"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), nullable=False, unique=True)
    name = Column(Text, nullable=False)
    aliases = Column(Text, nullable=False, default="")  # one alias per line
    kind = Column(String(80), nullable=False, default="")
    address = Column(Text)
    hours = Column(Text)
    phone = Column(String(80))
    website = Column(Text)
    content_hash = Column(String(64), nullable=False)


class Procedure(_Provenance, Base):
    __tablename__ = "kb_procedure"

    id = Column(Integer, primary_key=True)
    key = Column(String(120), nullable=False, unique=True)  # stable id used in content files and slots
    code = Column(String(32), unique=True)  # national procedure code (mã TTHC), where known
    name = Column(Text, nullable=False)
    field = Column(String(120), nullable=False)  # lĩnh vực
    level = Column(String(40), nullable=False)  # cấp thực hiện
    agency_key = Column(String(80), ForeignKey("kb_agency.key"), nullable=False)
    place = Column(Text, nullable=False, default="")
    submit_in_person = Column(Boolean, nullable=False, default=True)
    submit_by_post = Column(Boolean, nullable=False, default=False)
    submit_online_provincial = Column(Boolean, nullable=False, default=False)
    submit_online_national = Column(Boolean, nullable=False, default=False)
    online_level = Column(String(20), nullable=False, default="không")  # toàn trình / một phần / không
    processing_time = Column(Text, nullable=False, default="")
    unverified_facets = Column(Text, nullable=False, default="")  # comma-separated facet names
    origin = Column(Text, nullable=False, default="")  # content file and line the record was loaded from
    content_hash = Column(String(64), nullable=False)

    agency = relationship("Agency")
    aliases = relationship("ProcedureAlias", cascade="all, delete-orphan", order_by="ProcedureAlias.position")
    documents = relationship("ProcedureDocument", cascade="all, delete-orphan", order_by="ProcedureDocument.position")
    fees = relationship("ProcedureFee", cascade="all, delete-orphan", order_by="ProcedureFee.position")
    steps = relationship("ProcedureStep", cascade="all, delete-orphan", order_by="ProcedureStep.position")
    legal_bases = relationship(
        "ProcedureLegalBasis", cascade="all, delete-orphan", order_by="ProcedureLegalBasis.position"
    )


class _Child:
    """A row that belongs to one procedure, in the order the content file gives."""

    id = Column(Integer, primary_key=True)
    position = Column(Integer, nullable=False)

    @declared_attr
    def procedure_id(cls):  # noqa: N805 - SQLAlchemy passes the mapped class
        return Column(Integer, ForeignKey("kb_procedure.id", ondelete="CASCADE"), nullable=False, index=True)


class ProcedureAlias(_Child, Base):
    __tablename__ = "kb_procedure_alias"
    __table_args__ = (UniqueConstraint("procedure_id", "position"),)

    text = Column(Text, nullable=False)


class ProcedureDocument(_Provenance, _Child, Base):
    """One paper of the dossier (thành phần hồ sơ)."""

    __tablename__ = "kb_procedure_document"

    name = Column(Text, nullable=False)
    originals = Column(Integer, nullable=False, default=0)  # số bản chính
    copies = Column(Integer, nullable=False, default=0)  # số bản sao
    form = Column(Text)  # tên mẫu đơn, tờ khai


class ProcedureFee(_Provenance, _Child, Base):
    __tablename__ = "kb_procedure_fee"

    amount = Column(Integer)  # đồng; NULL = set elsewhere (e.g. by the provincial council) or not known
    unit = Column(String(40), nullable=False, default="đồng")
    condition = Column(Text, nullable=False, default="")


class ProcedureStep(_Provenance, _Child, Base):
    __tablename__ = "kb_procedure_step"

    text = Column(Text, nullable=False)


class ProcedureLegalBasis(_Provenance, _Child, Base):
    """A legal basis: document number (e.g. 68/2020/QH14) and article numbers, to link with the legal KB."""

    __tablename__ = "kb_procedure_legal_basis"

    document_number = Column(String(60), nullable=False, index=True)
    title = Column(Text, nullable=False)
    articles = Column(Text, nullable=False, default="")  # comma-separated article numbers ("20,21,22")


class HandoffRequest(Base):
    """A citizen asked to talk to staff (or the assistant could not answer)."""

    __tablename__ = "kb_handoff_request"

    id = Column(Integer, primary_key=True)
    reference = Column(String(32), nullable=False, unique=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    text = Column(Text, nullable=False, default="")
    procedure_key = Column(String(120))
    status = Column(String(20), nullable=False, default="open")
    created_at = Column(DateTime(timezone=True), nullable=False)


class FeedbackRecord(Base):
    """Phản ánh, kiến nghị about a procedure."""

    __tablename__ = "kb_feedback"

    id = Column(Integer, primary_key=True)
    reference = Column(String(32), nullable=False, unique=True)
    conversation_id = Column(String(128))
    content = Column(Text, nullable=False)
    contact = Column(Text)
    procedure_key = Column(String(120))
    status = Column(String(20), nullable=False, default="received")
    created_at = Column(DateTime(timezone=True), nullable=False)
