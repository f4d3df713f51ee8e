"""Load the content folder into the database (idempotent, one transaction) and read it back."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from legal_kb.db import Base, session_scope
from legal_kb.procedures import models as m
from legal_kb.procedures.content import load_catalog, load_portal, load_synonyms
from legal_kb.procedures.records import (
    AgencyInfo,
    Catalog,
    DocumentInfo,
    FeeInfo,
    LegalBasisInfo,
    ProcedureInfo,
    Provenance,
    StepInfo,
)

logger = logging.getLogger(__name__)

TABLES = [
    m.Agency.__table__,
    m.Procedure.__table__,
    m.ProcedureAlias.__table__,
    m.ProcedureDocument.__table__,
    m.ProcedureFee.__table__,
    m.ProcedureStep.__table__,
    m.ProcedureLegalBasis.__table__,
    m.HandoffRequest.__table__,
    m.FeedbackRecord.__table__,
]


def create_tables(engine: Engine) -> None:
    """Create the tables of this package only (idempotent)."""
    Base.metadata.create_all(engine, tables=TABLES)


@dataclass
class ImportReport:
    added: List[str] = field(default_factory=list)
    updated: List[str] = field(default_factory=list)
    unchanged: List[str] = field(default_factory=list)
    removed: List[str] = field(default_factory=list)
    agencies_changed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.agencies_changed)

    def summary(self) -> str:
        return (
            f"Thủ tục: thêm {len(self.added)}, cập nhật {len(self.updated)}, giữ nguyên {len(self.unchanged)}, "
            f"xóa {len(self.removed)}; cơ quan thay đổi: {self.agencies_changed}"
        )


def _digest(record: object) -> str:
    payload = json.dumps(asdict(record), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _prov(row: object, prov: Provenance) -> None:
    row.source, row.as_of, row.verified = prov.source, prov.as_of, prov.verified


def _fill_agency(row: m.Agency, info: AgencyInfo, digest: str) -> None:
    row.key, row.name, row.aliases, row.kind = info.key, info.name, "\n".join(info.aliases), info.kind
    row.address, row.hours, row.phone, row.website = info.address, info.hours, info.phone, info.website
    row.content_hash = digest
    _prov(row, info.provenance)


def _fill_procedure(row: m.Procedure, info: ProcedureInfo, digest: str) -> None:
    row.key, row.code, row.name, row.field, row.level = info.key, info.code, info.name, info.field, info.level
    row.agency_key, row.place = info.agency_key, info.place
    row.submit_in_person, row.submit_by_post = info.submit_in_person, info.submit_by_post
    row.submit_online_provincial = "tinh" in info.online_portals
    row.submit_online_national = "quoc_gia" in info.online_portals
    row.online_level, row.processing_time = info.online_level, info.processing_time
    row.unverified_facets = ",".join(info.unverified_facets)
    row.origin, row.content_hash = info.origin, digest
    _prov(row, info.provenance)
    row.aliases = [m.ProcedureAlias(position=i, text=a) for i, a in enumerate(info.aliases)]
    row.documents = []
    for i, d in enumerate(info.documents):
        doc = m.ProcedureDocument(position=i, name=d.name, originals=d.originals, copies=d.copies, form=d.form)
        _prov(doc, d.provenance)
        row.documents.append(doc)
    row.fees = []
    for i, f in enumerate(info.fees):
        fee = m.ProcedureFee(position=i, amount=f.amount, unit=f.unit, condition=f.condition)
        _prov(fee, f.provenance)
        row.fees.append(fee)
    row.steps = []
    for i, s in enumerate(info.steps):
        step = m.ProcedureStep(position=i, text=s.text)
        _prov(step, s.provenance)
        row.steps.append(step)
    row.legal_bases = []
    for i, b in enumerate(info.legal_bases):
        basis = m.ProcedureLegalBasis(
            position=i, document_number=b.document_number, title=b.title, articles=",".join(b.articles)
        )
        _prov(basis, b.provenance)
        row.legal_bases.append(basis)


def import_catalog(engine: Engine, catalog: Catalog) -> ImportReport:
    """Write a checked catalog in one transaction; records whose content is unchanged are not touched."""
    create_tables(engine)
    report = ImportReport()
    with session_scope(engine) as session:
        agencies: Dict[str, m.Agency] = {a.key: a for a in session.execute(select(m.Agency)).scalars()}
        for info in catalog.agencies:
            digest = _digest(info)
            row = agencies.get(info.key)
            if row is None:
                row = m.Agency()
                session.add(row)
            elif row.content_hash == digest:
                continue
            _fill_agency(row, info, digest)
            report.agencies_changed += 1
        session.flush()

        existing: Dict[str, m.Procedure] = {p.key: p for p in session.execute(select(m.Procedure)).scalars()}
        wanted = {p.key for p in catalog.procedures}
        for key, row in existing.items():
            if key not in wanted:
                session.delete(row)
                report.removed.append(key)
        session.flush()
        for info in catalog.procedures:
            digest = _digest(info)
            row = existing.get(info.key)
            if row is not None and row.content_hash == digest:
                report.unchanged.append(info.key)
                continue
            if row is None:
                row = m.Procedure()
                session.add(row)
                report.added.append(info.key)
            else:
                report.updated.append(info.key)
                for children in (row.aliases, row.documents, row.fees, row.steps, row.legal_bases):
                    children.clear()
                session.flush()  # old rows go before new ones take their positions
            _fill_procedure(row, info, digest)
        session.flush()

        content_keys = {a.key for a in catalog.agencies}
        for key, row in agencies.items():
            if key not in content_keys:
                session.delete(row)
                report.agencies_changed += 1
    logger.info("procedure import: %s", report.summary())
    return report


def import_folder(engine: Engine, content_dir: Optional[Path] = None) -> ImportReport:
    """Check the whole folder first (ContentError lists every problem), then import it."""
    return import_catalog(engine, load_catalog(content_dir))


def _provenance(row: object) -> Provenance:
    return Provenance(row.source, row.as_of, bool(row.verified))


def read_procedures(session: Session) -> List[ProcedureInfo]:
    stmt = (
        select(m.Procedure)
        .order_by(m.Procedure.id)
        .options(
            selectinload(m.Procedure.aliases),
            selectinload(m.Procedure.documents),
            selectinload(m.Procedure.fees),
            selectinload(m.Procedure.steps),
            selectinload(m.Procedure.legal_bases),
        )
    )
    out: List[ProcedureInfo] = []
    for row in session.execute(stmt).scalars():
        portals = tuple(
            p for p, on in (("tinh", row.submit_online_provincial), ("quoc_gia", row.submit_online_national)) if on
        )
        out.append(
            ProcedureInfo(
                key=row.key,
                code=row.code,
                name=row.name,
                aliases=tuple(a.text for a in row.aliases),
                field=row.field,
                level=row.level,
                agency_key=row.agency_key,
                place=row.place,
                submit_in_person=row.submit_in_person,
                submit_by_post=row.submit_by_post,
                online_portals=portals,
                online_level=row.online_level,
                processing_time=row.processing_time,
                documents=tuple(
                    DocumentInfo(d.name, d.originals, d.copies, d.form, _provenance(d)) for d in row.documents
                ),
                fees=tuple(FeeInfo(f.amount, f.unit, f.condition, _provenance(f)) for f in row.fees),
                steps=tuple(StepInfo(s.text, _provenance(s)) for s in row.steps),
                legal_bases=tuple(
                    LegalBasisInfo(
                        b.document_number, b.title, tuple(a for a in b.articles.split(",") if a), _provenance(b)
                    )
                    for b in row.legal_bases
                ),
                provenance=_provenance(row),
                unverified_facets=tuple(f for f in row.unverified_facets.split(",") if f),
                origin=row.origin,
            )
        )
    return out


def read_agencies(session: Session) -> List[AgencyInfo]:
    rows = session.execute(select(m.Agency).order_by(m.Agency.id)).scalars()
    return [
        AgencyInfo(
            r.key,
            r.name,
            tuple(a for a in r.aliases.split("\n") if a),
            r.kind,
            r.address,
            r.hours,
            r.phone,
            r.website,
            _provenance(r),
        )
        for r in rows
    ]


def read_catalog(engine: Engine, content_dir: Optional[Path] = None) -> Catalog:
    """The catalog as stored in the database (portal guide from the content folder)."""
    with session_scope(engine) as session:
        procedures, agencies = read_procedures(session), read_agencies(session)
    return Catalog(tuple(procedures), tuple(agencies), load_portal(content_dir), load_synonyms(content_dir))
