"""The known-documents metadata table (data/known_documents.tsv): numbers, dates and status of bundled documents."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

from legal_kb.documents.numbers import number_key

KNOWN_TABLE = Path(__file__).resolve().parent / "data" / "known_documents.tsv"


@dataclass(frozen=True)
class KnownDocument:
    external_id: str
    number: Optional[str]
    doc_type: str
    issuer: str
    issue_date: Optional[date]
    effective_date: Optional[date]
    status: str
    field: str
    replaces: List[str]
    number_verified: bool
    dates_verified: str
    as_of: date


def _date(value: str) -> Optional[date]:
    return date.fromisoformat(value) if value else None


@lru_cache(maxsize=4)
def load_known(path: Path = KNOWN_TABLE) -> Dict[str, KnownDocument]:
    """Known documents by external id and by number key."""
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        out: Dict[str, KnownDocument] = {}
        for row in rows:
            doc = KnownDocument(
                external_id=row["external_id"],
                number=row["number"] or None,
                doc_type=row["doc_type"],
                issuer=row["issuer"],
                issue_date=_date(row["issue_date"]),
                effective_date=_date(row["effective_date"]),
                status=row["status"],
                field=row["field"],
                replaces=[n for n in row["replaces"].split(",") if n],
                number_verified=row["number_verified"] == "yes",
                dates_verified=row["dates_verified"],
                as_of=date.fromisoformat(row["as_of"]),
            )
            out[doc.external_id] = doc
            if doc.number:
                out[number_key(doc.number)] = doc
        return out


def find_known(external_id: Optional[str] = None, number: Optional[str] = None) -> Optional[KnownDocument]:
    table = load_known()
    if external_id and external_id in table:
        return table[external_id]
    if number:
        return table.get(number_key(number))
    return None
