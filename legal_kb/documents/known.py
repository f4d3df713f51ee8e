"""Known documents: numbers, dates and the effect status of the documents the knowledge base holds or cites.

Numbers and dates come from the metadata table data/known_documents.tsv (see its header: number_verified and
dates_verified say whether the value was found in the corpus text itself).

The effect status is a history of `KnownStatus` entries, oldest first: the status the table recorded (as of its
as_of column, taken from the gazette listing, never checked against the text) and the later changes in
STATUS_UPDATES below. Every status carries its own as-of date, source and `verified` flag, so the caveat "not
checked" belongs to the status and not to the number: finding a law's number in its own text says nothing about
whether the law is still in force. `KnownDocument.status`, `.as_of` and `.status_verified` are those of the latest
entry.

EXTRA_DOCUMENTS lists documents outside the bundled corpus that the statuses refer to (a law that replaced or
amended one in the corpus), so that importing their text later finds their metadata.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from legal_kb.documents.models import STATUSES
from legal_kb.documents.numbers import number_key

KNOWN_TABLE = Path(__file__).resolve().parent / "data" / "known_documents.tsv"
TABLE_SOURCE = "known_documents.tsv (danh mục công báo; chưa đối chiếu vbpl.vn)"


@dataclass(frozen=True)
class KnownStatus:
    """One effect status of a document, as established on `as_of`."""

    status: str  # one of legal_kb.documents.models.STATUSES
    as_of: date  # the day this status was recorded or checked
    verified: bool  # checked against the official text (Công báo, vbpl.vn), not only a listing or a secondary source
    source: str
    since: Optional[date] = None  # the day the status took effect, where known
    note: str = ""


@dataclass(frozen=True)
class KnownDocument:
    external_id: str
    number: Optional[str]
    doc_type: str
    issuer: str
    issue_date: Optional[date]
    effective_date: Optional[date]
    field: str
    replaces: List[str]
    number_verified: bool  # the number was found in the document's own text
    dates_verified: str
    statuses: Tuple[KnownStatus, ...]  # oldest first, never empty

    @property
    def current(self) -> KnownStatus:
        return self.statuses[-1]

    @property
    def status(self) -> str:
        return self.current.status

    @property
    def as_of(self) -> date:
        """The as-of date of the current status."""
        return self.current.as_of

    @property
    def status_verified(self) -> bool:
        """Whether the current status was checked; a status not checked needs the "chưa đối chiếu" caveat."""
        return self.current.verified


_CHECKED = date(2026, 12, 4)

# Later statuses by external id, oldest first; each is appended after the status recorded in the table.
STATUS_UPDATES: Dict[str, Tuple[KnownStatus, ...]] = {
    "Luật Thanh tra 2022": (
        KnownStatus(
            status="hết hiệu lực",
            since=date(2025, 7, 1),
            as_of=_CHECKED,
            verified=False,
            source="Luật Thanh tra số 84/2025/QH15 (thông qua 25/6/2025, hiệu lực 01/7/2025) thay thế Luật Thanh tra "
            "số 11/2022/QH15 — theo nguồn thứ cấp; phạm vi thay thế và quy định chuyển tiếp chưa đối chiếu Công báo",
            note="thay thế bởi Luật Thanh tra số 84/2025/QH15",
        ),
    ),
    "Hiến pháp 2013": (
        KnownStatus(
            status="hết hiệu lực một phần",
            since=date(2025, 7, 1),
            as_of=_CHECKED,
            verified=False,
            source="Nghị quyết số 203/2025/QH15 sửa đổi, bổ sung một số điều của Hiến pháp (thông qua 16/6/2025, hiệu "
            "lực 01/7/2025) — theo nguồn thứ cấp; danh sách điều được sửa chưa đối chiếu Công báo",
            note="Các điều về Mặt trận Tổ quốc, tổ chức chính trị - xã hội và chính quyền địa phương (trong đó Điều 9, "
            "10, khoản 1 Điều 84, Điều 110, 111) được sửa đổi, bổ sung; văn bản trong kho là bản gốc năm 2013",
        ),
    ),
}

EXTRA_DOCUMENTS: Tuple[KnownDocument, ...] = (
    KnownDocument(
        external_id="Luật Thanh tra 2025",
        number="84/2025/QH15",
        doc_type="Luật",
        issuer="Quốc hội",
        issue_date=date(2025, 6, 25),
        effective_date=date(2025, 7, 1),
        field="Khiếu nại, tố cáo",
        replaces=["11/2022/QH15"],
        number_verified=False,
        dates_verified="no",
        statuses=(
            KnownStatus(
                status="còn hiệu lực",
                since=date(2025, 7, 1),
                as_of=_CHECKED,
                verified=False,
                source="nguồn thứ cấp (kho mã nguồn công khai dẫn Công báo); chưa đối chiếu văn bản",
            ),
        ),
    ),
    KnownDocument(
        external_id="Nghị quyết 203/2025/QH15 sửa đổi, bổ sung một số điều của Hiến pháp",
        number="203/2025/QH15",
        doc_type="Nghị quyết",
        issuer="Quốc hội",
        issue_date=date(2025, 6, 16),
        effective_date=date(2025, 7, 1),
        field="Tổ chức bộ máy nhà nước",
        replaces=[],
        number_verified=False,
        dates_verified="no",
        statuses=(
            KnownStatus(
                status="còn hiệu lực",
                since=date(2025, 7, 1),
                as_of=_CHECKED,
                verified=False,
                source="nguồn thứ cấp (kho mã nguồn công khai dẫn xaydungchinhsach.chinhphu.vn); chưa đối chiếu Công báo",
                note="sửa đổi, bổ sung Hiến pháp 2013",
            ),
        ),
    ),
)


def _date(value: str) -> Optional[date]:
    return date.fromisoformat(value) if value else None


def _read_table(path: Path) -> List[KnownDocument]:
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return [
            KnownDocument(
                external_id=row["external_id"],
                number=row["number"] or None,
                doc_type=row["doc_type"],
                issuer=row["issuer"],
                issue_date=_date(row["issue_date"]),
                effective_date=_date(row["effective_date"]),
                field=row["field"],
                replaces=[n for n in row["replaces"].split(",") if n],
                number_verified=row["number_verified"] == "yes",
                dates_verified=row["dates_verified"],
                statuses=(
                    KnownStatus(status=row["status"], as_of=date.fromisoformat(row["as_of"]), verified=False, source=TABLE_SOURCE),
                    *STATUS_UPDATES.get(row["external_id"], ()),
                ),
            )
            for row in rows
        ]


@lru_cache(maxsize=4)
def load_known(path: Path = KNOWN_TABLE) -> Dict[str, KnownDocument]:
    """Known documents by external id and by number key; a status outside STATUSES or an update for a document the
    table does not hold is an error, not a silent no-op."""
    documents = _read_table(path)
    if path == KNOWN_TABLE:  # the updates and extra documents belong to the bundled table
        missing = set(STATUS_UPDATES) - {doc.external_id for doc in documents}
        if missing:
            raise ValueError(f"STATUS_UPDATES names documents missing from {path.name}: {', '.join(sorted(missing))}")
        documents += EXTRA_DOCUMENTS
    out: Dict[str, KnownDocument] = {}
    for doc in documents:
        wrong = [s.status for s in doc.statuses if s.status not in STATUSES]
        if wrong:
            raise ValueError(f"{doc.external_id}: unknown status {wrong[0]!r} (expected one of {', '.join(STATUSES)})")
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
