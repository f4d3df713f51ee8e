"""Legal documents → structural units (Phần … Điểm); the pháp điển tree; the search index tables."""

from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import Boolean, Column, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import relationship

from legal_kb.db import Base

__all__ = [
    "LegalDocument",
    "DocumentRelation",
    "LegalUnit",
    "PhapDienChuDe",
    "PhapDienDeMuc",
    "PhapDienNode",
    "SearchArticle",
    "SearchTerm",
    "SearchStat",
    "UNIT_KINDS",
    "STATUSES",
]

UNIT_KINDS = ("phan", "chuong", "muc", "tieu_muc", "dieu", "khoan", "diem")
STATUSES = ("còn hiệu lực", "hết hiệu lực một phần", "hết hiệu lực", "chưa có hiệu lực", "không rõ")


class LegalDocument(Base):
    __tablename__ = "legal_document"

    id = Column(Integer, primary_key=True)
    key = Column(String(200), nullable=False, unique=True)  # number when known, else the source identifier
    external_id = Column(String(300), index=True)  # e.g. the ALQAC law id, kept exactly
    number = Column(String(80), index=True)  # "68/2020/QH14", "30/2020/NĐ-CP"
    doc_type = Column(String(40), index=True)  # "Luật", "Bộ luật", "Nghị định", "Hiến pháp", ...
    title = Column(Text, nullable=False)
    issuer = Column(String(200), index=True)
    issue_date = Column(Date)
    effective_date = Column(Date)
    status = Column(String(40), index=True, default="không rõ")
    field = Column(String(200), index=True)
    source = Column(Text, nullable=False)
    as_of = Column(Date, nullable=False)
    verified = Column(Boolean, default=False, nullable=False)

    units = relationship("LegalUnit", back_populates="document", cascade="all, delete-orphan", passive_deletes=True)
    relations = relationship("DocumentRelation", back_populates="document", cascade="all, delete-orphan", passive_deletes=True)

    def citation_name(self) -> str:
        """'Luật Cư trú số 68/2020/QH14' or the title when the number is unknown."""
        from legal_kb.documents.numbers import short_title

        name = short_title(self.title)
        return f"{name} số {self.number}" if self.number else name


class DocumentRelation(Base):
    """amends / replaces / replaced_by / amended_by links between documents, by number."""

    __tablename__ = "legal_document_relation"
    __table_args__ = (UniqueConstraint("document_id", "kind", "target_number"),)

    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("legal_document.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(20), nullable=False)
    target_number = Column(String(80), nullable=False)
    note = Column(Text)

    document = relationship("LegalDocument", back_populates="relations")


class LegalUnit(Base):
    """One structural unit: Phần, Chương, Mục, Tiểu mục, Điều, Khoản or Điểm."""

    __tablename__ = "legal_unit"
    __table_args__ = (UniqueConstraint("document_id", "path"),)

    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("legal_document.id", ondelete="CASCADE"), nullable=False, index=True)
    parent_id = Column(Integer, ForeignKey("legal_unit.id", ondelete="CASCADE"), index=True)
    kind = Column(String(10), nullable=False)
    number = Column(String(20), nullable=False)  # "II", "1", "20", "a", "đ"
    path = Column(String(200), nullable=False)  # "chuong:II/muc:1/dieu:20/khoan:2"
    heading = Column(Text)
    text = Column(Text, nullable=False, default="")  # the whole text of the unit, children included
    ordinal = Column(Integer, nullable=False)
    source = Column(Text, nullable=False)
    as_of = Column(Date, nullable=False)

    document = relationship("LegalDocument", back_populates="units")


class PhapDienChuDe(Base):
    __tablename__ = "phapdien_chude"

    id = Column(Integer, primary_key=True)  # the official stt, 1..45
    guid = Column(String(64), unique=True)
    title = Column(String(200), nullable=False)
    source = Column(Text, nullable=False)
    as_of = Column(Date, nullable=False)


class PhapDienDeMuc(Base):
    __tablename__ = "phapdien_demuc"

    id = Column(Integer, primary_key=True)
    guid = Column(String(64), unique=True, nullable=False)
    chu_de_id = Column(Integer, ForeignKey("phapdien_chude.id", ondelete="CASCADE"), nullable=False, index=True)
    stt = Column(Integer, nullable=False)
    title = Column(Text, nullable=False)
    retired = Column(Boolean, default=False, nullable=False)  # "(loại bỏ)"
    source = Column(Text, nullable=False)
    as_of = Column(Date, nullable=False)


class PhapDienNode(Base):
    """A node of a đề mục: chương / mục heading or an điều pháp điển such as "Điều 15.4.LQ.10"."""

    __tablename__ = "phapdien_node"

    id = Column(Integer, primary_key=True)
    de_muc_id = Column(Integer, ForeignKey("phapdien_demuc.id", ondelete="CASCADE"), nullable=False, index=True)
    parent_id = Column(Integer, ForeignKey("phapdien_node.id", ondelete="SET NULL"), index=True)
    mapc = Column(String(200), nullable=False, unique=True)  # Mã phân cấp
    guid = Column(String(64))
    kind = Column(String(10), nullable=False)  # "chuong", "muc", "dieu"
    code = Column(String(60), index=True)  # "15.4.LQ.10" for articles
    heading = Column(Text, nullable=False)
    text = Column(Text, nullable=False, default="")
    source_note = Column(Text)  # "(Điều 10 Luật số 28/2009/QH12 …)"
    source_number = Column(String(80))
    source_article = Column(String(20))
    unit_id = Column(Integer, ForeignKey("legal_unit.id", ondelete="SET NULL"), index=True)
    ordinal = Column(Integer, nullable=False)
    source = Column(Text, nullable=False)
    as_of = Column(Date, nullable=False)


class SearchArticle(Base):
    """One searchable article with its analysed fields (ASCII terms shared by every back-end)."""

    __tablename__ = "legal_search_article"

    unit_id = Column(Integer, ForeignKey("legal_unit.id", ondelete="CASCADE"), primary_key=True)
    document_id = Column(Integer, ForeignKey("legal_document.id", ondelete="CASCADE"), nullable=False, index=True)
    title_terms = Column(Text, nullable=False)
    heading_terms = Column(Text, nullable=False)
    body_syl = Column(Text, nullable=False)
    body_big = Column(Text, nullable=False)


class SearchTerm(Base):
    """Document frequency of a term in one field (syl, big, head, title)."""

    __tablename__ = "legal_search_term"

    field = Column(String(8), primary_key=True)
    term = Column(String(120), primary_key=True)
    df = Column(Integer, nullable=False)


class SearchStat(Base):
    __tablename__ = "legal_search_stat"

    name = Column(String(40), primary_key=True)
    value = Column(Float, nullable=False)


def optional_date(value: Optional[str]) -> Optional[date]:
    return date.fromisoformat(value) if value else None
