"""Plain, immutable records of procedures and agencies, shared by the importer, matching and answers.

They are what the content files hold and what is read back from the database, so matching and
answer formatting never depend on an open database session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Tuple

FACETS = ("documents", "processing_time", "fees", "place", "online", "legal_basis", "steps", "agency")
ONLINE_LEVELS = ("toàn trình", "một phần", "không")
PORTALS = ("tinh", "quoc_gia")


@dataclass(frozen=True)
class Provenance:
    source: str
    as_of: date
    verified: bool


@dataclass(frozen=True)
class DocumentInfo:
    name: str
    originals: int
    copies: int
    form: Optional[str]
    provenance: Provenance


@dataclass(frozen=True)
class FeeInfo:
    amount: Optional[int]  # đồng; None when set elsewhere or unknown
    unit: str
    condition: str
    provenance: Provenance


@dataclass(frozen=True)
class StepInfo:
    text: str
    provenance: Provenance


@dataclass(frozen=True)
class LegalBasisInfo:
    document_number: str
    title: str
    articles: Tuple[str, ...]
    provenance: Provenance

    def citation(self) -> str:
        if not self.articles:
            return self.title
        label = "Điều" if len(self.articles) == 1 else "các Điều"
        return f"{label} {', '.join(self.articles)} {self.title}"


@dataclass(frozen=True)
class ProcedureInfo:
    key: str
    code: Optional[str]
    name: str
    aliases: Tuple[str, ...]
    field: str
    level: str
    agency_key: str
    place: str
    submit_in_person: bool
    submit_by_post: bool
    online_portals: Tuple[str, ...]
    online_level: str
    processing_time: str
    documents: Tuple[DocumentInfo, ...]
    fees: Tuple[FeeInfo, ...]
    steps: Tuple[StepInfo, ...]
    legal_bases: Tuple[LegalBasisInfo, ...]
    provenance: Provenance
    unverified_facets: Tuple[str, ...] = ()
    origin: str = ""

    def facet_verified(self, facet: str) -> bool:
        """Whether the facts of one facet (see FACETS) are verified."""
        if not self.provenance.verified or facet in self.unverified_facets:
            return False
        items = {
            "documents": self.documents,
            "fees": self.fees,
            "steps": self.steps,
            "legal_basis": self.legal_bases,
        }.get(facet, ())
        return all(item.provenance.verified for item in items)


@dataclass(frozen=True)
class AgencyInfo:
    key: str
    name: str
    aliases: Tuple[str, ...]
    kind: str
    address: Optional[str]
    hours: Optional[str]
    phone: Optional[str]
    website: Optional[str]
    provenance: Provenance


@dataclass(frozen=True)
class PortalSection:
    key: str
    title: str
    text: str


@dataclass(frozen=True)
class PortalInfo:
    national_portal: str
    provincial_portal: str
    hotline: str
    hotline_label: str
    contact_provenance: Provenance
    guide_title: str
    sections: Tuple[PortalSection, ...]
    guide_provenance: Provenance


@dataclass(frozen=True)
class Catalog:
    """Everything the content folder holds."""

    procedures: Tuple[ProcedureInfo, ...]
    agencies: Tuple[AgencyInfo, ...]
    portal: PortalInfo
    synonyms: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()  # (canonical, variants)
    by_key: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key.update({p.key: p for p in self.procedures})

    def procedure(self, key: str) -> Optional[ProcedureInfo]:
        return self.by_key.get(key)

    def agency(self, key: str) -> Optional[AgencyInfo]:
        return next((a for a in self.agencies if a.key == key), None)
