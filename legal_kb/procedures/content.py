"""Read and check the content folder (YAML files editors change without Python).

Every problem is reported with its file and line; a folder with any problem yields no records at all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from legal_kb.procedures.content_reader import LINE, ContentError, ContentProblem, Reader, nfc
from legal_kb.procedures.records import (
    FACETS,
    ONLINE_LEVELS,
    PORTALS,
    AgencyInfo,
    Catalog,
    DocumentInfo,
    FeeInfo,
    LegalBasisInfo,
    PortalInfo,
    PortalSection,
    ProcedureInfo,
    Provenance,
    StepInfo,
)

__all__ = ["DEFAULT_CONTENT_DIR", "ContentError", "ContentProblem", "load_catalog", "load_portal", "load_synonyms"]

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_CODE = re.compile(r"^\d\.\d{6}$")

_PROCEDURE_KEYS = {
    "id",
    "code",
    "name",
    "aliases",
    "field",
    "level",
    "agency",
    "place",
    "submit",
    "online_level",
    "processing_time",
    "fees",
    "documents",
    "steps",
    "legal_basis",
    "source",
    "as_of",
    "verified",
    "unverified",
}
_DOCUMENT_KEYS = {"name", "originals", "copies", "form", "source", "as_of", "verified"}
_FEE_KEYS = {"amount", "unit", "condition", "source", "as_of", "verified"}
_BASIS_KEYS = {"document", "title", "articles", "source", "as_of", "verified"}
_SUBMIT_KEYS = {"in_person", "post", "online"}
_AGENCY_KEYS = {"key", "name", "aliases", "kind", "address", "hours", "phone", "website", "source", "as_of", "verified"}


def _procedure(reader: Reader, row: Dict[str, Any]) -> Optional[ProcedureInfo]:
    line = row[LINE]
    reader.unknown_keys(row, _PROCEDURE_KEYS)
    key = reader.text(row, "id") or ""
    if key and not _KEY.match(key):
        reader.problem(line, f"id '{key}' chỉ gồm chữ thường không dấu, số và dấu gạch ngang")
    code = reader.text(row, "code", required=False)
    if code and not _CODE.match(code):
        reader.problem(line, f"mã thủ tục '{code}' không đúng dạng 1.234567")
    prov = reader.provenance(row)
    online_level = reader.text(row, "online_level") or ""
    if online_level and online_level not in ONLINE_LEVELS:
        reader.problem(line, f"online_level phải là một trong: {', '.join(ONLINE_LEVELS)}")
    submit = row.get("submit") or {LINE: line}
    if not isinstance(submit, dict):
        reader.problem(line, "'submit' phải là một ánh xạ")
        submit = {LINE: line}
    reader.unknown_keys(submit, _SUBMIT_KEYS)
    portals = reader.strings(submit, "online")
    for portal in portals:
        if portal not in PORTALS:
            reader.problem(submit[LINE], f"cổng trực tuyến '{portal}' không hợp lệ (tinh, quoc_gia)")
    unverified = reader.strings(row, "unverified")
    for facet in unverified:
        if facet not in FACETS:
            reader.problem(line, f"phần chưa kiểm chứng '{facet}' không hợp lệ ({', '.join(FACETS)})")
    documents = tuple(
        DocumentInfo(
            reader.text(d, "name") or "",
            reader.count(d, "originals"),
            reader.count(d, "copies"),
            reader.text(d, "form", required=False),
            reader.provenance(d, prov),
        )
        for d in reader.rows(row.get("documents"), line, "documents")
        if reader.unknown_keys(d, _DOCUMENT_KEYS) is None
    )
    fees = tuple(
        _fee(reader, f, prov)
        for f in reader.rows(row.get("fees"), line, "fees")
        if reader.unknown_keys(f, _FEE_KEYS) is None
    )
    steps: List[StepInfo] = []
    for step in row.get("steps") or []:
        if isinstance(step, str) and step.strip():
            steps.append(StepInfo(nfc(step), prov))
        else:
            reader.problem(line, "mỗi bước trong 'steps' phải là một câu")
    bases = tuple(
        LegalBasisInfo(
            reader.text(b, "document") or "",
            reader.text(b, "title") or "",
            reader.strings(b, "articles"),
            reader.provenance(b, prov),
        )
        for b in reader.rows(row.get("legal_basis"), line, "legal_basis")
        if reader.unknown_keys(b, _BASIS_KEYS) is None
    )
    for what, items in (("documents", documents), ("fees", fees), ("legal_basis", bases)):
        if not items:
            reader.problem(line, f"thủ tục cần ít nhất một mục '{what}'")
    return ProcedureInfo(
        key=key,
        code=code,
        name=reader.text(row, "name") or "",
        aliases=reader.strings(row, "aliases"),
        field=reader.text(row, "field") or "",
        level=reader.text(row, "level") or "",
        agency_key=reader.text(row, "agency") or "",
        place=reader.text(row, "place") or "",
        submit_in_person=reader.flag(submit, "in_person", True),
        submit_by_post=reader.flag(submit, "post", False),
        online_portals=portals,
        online_level=online_level,
        processing_time=reader.text(row, "processing_time") or "",
        documents=documents,
        fees=fees,
        steps=tuple(steps),
        legal_bases=bases,
        provenance=prov,
        unverified_facets=unverified,
        origin=f"{reader.label}:{line}",
    )


def _fee(reader: Reader, row: Dict[str, Any], parent: Provenance) -> FeeInfo:
    amount = row.get("amount")
    if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount < 0):
        reader.problem(row[LINE], "lệ phí 'amount' phải là số nguyên không âm (đồng) hoặc null")
        amount = None
    return FeeInfo(
        amount,
        reader.text(row, "unit", required=False) or "đồng",
        reader.text(row, "condition", required=False) or "",
        reader.provenance(row, parent),
    )


def _agency(reader: Reader, row: Dict[str, Any]) -> AgencyInfo:
    reader.unknown_keys(row, _AGENCY_KEYS)
    key = reader.text(row, "key") or ""
    if key and not _KEY.match(key):
        reader.problem(row[LINE], f"key '{key}' chỉ gồm chữ thường không dấu, số và dấu gạch ngang")
    return AgencyInfo(
        key=key,
        name=reader.text(row, "name") or "",
        aliases=reader.strings(row, "aliases"),
        kind=reader.text(row, "kind", required=False) or "",
        address=reader.text(row, "address", required=False),
        hours=reader.text(row, "hours", required=False),
        phone=reader.text(row, "phone", required=False),
        website=reader.text(row, "website", required=False),
        provenance=reader.provenance(row),
    )


def _portal(reader: Reader, data: Any) -> Optional[PortalInfo]:
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("contact"), dict)
        or not isinstance(data.get("guide"), dict)
    ):
        reader.problem(1, "portal.yml cần hai mục 'contact' và 'guide'")
        return None
    contact, guide = data["contact"], data["guide"]
    sections = tuple(
        PortalSection(reader.text(s, "key") or "", reader.text(s, "title") or "", reader.text(s, "text") or "")
        for s in reader.rows(guide.get("sections"), guide[LINE], "sections")
    )
    return PortalInfo(
        national_portal=reader.text(contact, "national_portal") or "",
        provincial_portal=reader.text(contact, "provincial_portal") or "",
        hotline=reader.text(contact, "hotline") or "",
        hotline_label=reader.text(contact, "hotline_label") or "",
        contact_provenance=reader.provenance(contact),
        guide_title=reader.text(guide, "title") or "",
        sections=sections,
        guide_provenance=reader.provenance(guide),
    )


def load_catalog(content_dir: Optional[Path] = None) -> Catalog:
    """Read the whole content folder; raise ContentError listing every problem (file:line: message)."""
    root = Path(content_dir or DEFAULT_CONTENT_DIR)
    problems: List[ContentProblem] = []
    procedures: List[ProcedureInfo] = []
    agencies: List[AgencyInfo] = []
    portal: Optional[PortalInfo] = None

    files = sorted((root / "procedures").glob("*.yml")) + sorted((root / "procedures").glob("*.yaml"))
    if not files:
        problems.append(ContentProblem(str(root / "procedures"), 1, "không có tệp thủ tục nào (*.yml)"))
    for path in files:
        reader = Reader(path, root)
        data = reader.load()
        rows = reader.rows(data, 1, "tệp thủ tục") if data is not None else []
        procedures.extend(p for p in (_procedure(reader, r) for r in rows) if p is not None)
        problems.extend(reader.problems)

    reader = Reader(root / "agencies.yml", root)
    data = reader.load()
    agencies = [_agency(reader, r) for r in reader.rows(data, 1, "danh bạ cơ quan")] if data is not None else []
    problems.extend(reader.problems)

    reader = Reader(root / "portal.yml", root)
    data = reader.load()
    portal = _portal(reader, data) if data is not None else None
    problems.extend(reader.problems)

    synonyms = _synonyms(root, problems)
    problems.extend(_cross_checks(procedures, agencies))
    if problems or portal is None:
        raise ContentError(problems)
    return Catalog(tuple(procedures), tuple(agencies), portal, synonyms)


def _cross_checks(procedures: List[ProcedureInfo], agencies: List[AgencyInfo]) -> List[ContentProblem]:
    problems: List[ContentProblem] = []
    agency_keys = {a.key for a in agencies}
    seen_keys: Dict[str, str] = {}
    seen_codes: Dict[str, str] = {}
    for proc in procedures:
        path, _, line = proc.origin.rpartition(":")
        if proc.agency_key and proc.agency_key not in agency_keys:
            problems.append(ContentProblem(path, int(line), f"cơ quan '{proc.agency_key}' không có trong agencies.yml"))
        for value, seen, label in ((proc.key, seen_keys, "id"), (proc.code, seen_codes, "mã thủ tục")):
            if not value:
                continue
            if value in seen:
                problems.append(ContentProblem(path, int(line), f"{label} '{value}' trùng với {seen[value]}"))
            seen[value] = proc.origin
    return problems


def load_portal(content_dir: Optional[Path] = None) -> PortalInfo:
    """Only the portal guide and contact (portal.yml)."""
    root = Path(content_dir or DEFAULT_CONTENT_DIR)
    reader = Reader(root / "portal.yml", root)
    data = reader.load()
    portal = _portal(reader, data) if data is not None else None
    if reader.problems or portal is None:
        raise ContentError(reader.problems)
    return portal


def _synonyms(root: Path, problems: List[ContentProblem]) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    path = root / "synonyms.yml"
    if not path.exists():
        return ()
    reader = Reader(path, root)
    data = reader.load()
    out = []
    for row in reader.rows(data, 1, "từ đồng nghĩa") if data is not None else []:
        canonical = reader.text(row, "canonical")
        variants = reader.strings(row, "variants")
        if not variants:
            reader.problem(row[LINE], "cần ít nhất một cách nói trong 'variants'")
        if canonical:
            out.append((canonical, variants))
    problems.extend(reader.problems)
    return tuple(out)


def load_synonyms(content_dir: Optional[Path] = None) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """Only the synonym table (synonyms.yml)."""
    problems: List[ContentProblem] = []
    result = _synonyms(Path(content_dir or DEFAULT_CONTENT_DIR), problems)
    if problems:
        raise ContentError(problems)
    return result
