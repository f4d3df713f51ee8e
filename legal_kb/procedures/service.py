"""One object the action server builds once: the catalog, the matching index and lookups."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import List, Optional, Tuple

from rapidfuzz import fuzz, process
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from legal_kb.procedures import answers
from legal_kb.procedures.content import load_catalog
from legal_kb.procedures.importer import read_catalog
from legal_kb.procedures.matching import ProcedureIndex, Resolution, fold_text
from legal_kb.procedures.records import AgencyInfo, Catalog, ProcedureInfo

logger = logging.getLogger(__name__)

# Follow-up questions -> facet, matched on accent-folded text (first match wins).
FACET_CUES: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("legal_basis", ("can cu", "phap ly", "luat nao", "nghi dinh", "thong tu", "quy dinh o dau", "van ban nao")),
    ("online", ("online", "truc tuyen", "qua mang", "tren mang", "dich vu cong", "vneid", "tai nha")),
    ("processing_time", ("bao lau", "may ngay", "bao nhieu ngay", "thoi han", "thoi gian", "khi nao co", "lau khong")),
    ("fees", ("le phi", "bao nhieu tien", "het bao nhieu", "mat bao nhieu", "phi", "mat tien", "mien phi", "ton tien")),
    (
        "documents",
        ("giay to", "ho so", "can gi", "can nhung gi", "mang theo", "chuan bi", "thanh phan", "mau don", "to khai"),
    ),
    ("steps", ("cac buoc", "quy trinh", "trinh tu", "lam the nao", "lam sao", "nhu the nao", "cach lam", "huong dan")),
    ("place", ("o dau", "cho nao", "noi nao", "co quan nao", "nop tai", "dia chi")),
)


def detect_facet(text: str) -> Optional[str]:
    """The detail a follow-up question asks for ("mất bao lâu?" -> processing_time), or None."""
    folded = f" {fold_text(text or '')} "
    for facet, cues in FACET_CUES:
        if any(f" {cue} " in folded for cue in cues):
            return facet
    return None


class ProcedureKnowledge:
    """Catalog + index; build once (from_database / from_content) and share, it is read-only."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.index = ProcedureIndex(catalog)
        self._agency_names: List[Tuple[str, str]] = [
            (fold_text(name), agency.key) for agency in catalog.agencies for name in (agency.name, *agency.aliases)
        ]

    @classmethod
    def from_content(cls, content_dir: Optional[Path] = None) -> "ProcedureKnowledge":
        return cls(load_catalog(content_dir))

    @classmethod
    def from_database(cls, engine: Engine, content_dir: Optional[Path] = None) -> "ProcedureKnowledge":
        """Read the imported catalog; if nothing was imported yet, read the content folder."""
        if inspect(engine).has_table("kb_procedure"):
            catalog = read_catalog(engine, content_dir)
            if catalog.procedures:
                return cls(catalog)
        logger.warning("no procedures in the database yet; using the content folder")
        return cls.from_content(content_dir)

    # ---- lookups
    def resolve(self, text: str, hint: Optional[str] = None) -> Resolution:
        return self.index.resolve(text, hint)

    def procedure(self, key_or_code: str) -> Optional[ProcedureInfo]:
        value = (key_or_code or "").strip()
        found = self.catalog.procedure(value)
        if found is None and value in self.index.by_code:
            found = self.catalog.procedure(self.index.by_code[value])
        return found

    def find_agency(self, text: str) -> Optional[AgencyInfo]:
        query = fold_text(text or "")
        if not query:
            return None
        best = process.extractOne(
            query, [n for n, _ in self._agency_names], scorer=fuzz.token_set_ratio, score_cutoff=80
        )
        return self.catalog.agency(self._agency_names[best[2]][1]) if best else None

    # ---- answers
    def overview(self, key: str) -> Optional[str]:
        procedure = self.procedure(key)
        return answers.overview_text(procedure, self.catalog) if procedure else None

    def facet(self, key: str, facet: str) -> Optional[str]:
        procedure = self.procedure(key)
        return answers.facet_text(procedure, facet, self.catalog) if procedure else None

    def not_found(self, resolution: Resolution) -> str:
        return answers.not_found_text(resolution, self.catalog)
