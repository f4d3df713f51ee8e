"""ALQAC 2023 laws JSON: ``[{"id": "Luật Cư trú 2020", "articles": [{"id": "1", "text": "…"}]}]``."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import List, Optional

from sqlalchemy.engine import Engine

from legal_kb.db import session_scope
from legal_kb.documents.importers.common import ImportError_, ImportReport, prepare, progress, read_json, today
from legal_kb.documents.search.index import reindex_documents
from legal_kb.documents.store import DocumentRecord, upsert_document
from legal_kb.documents.structure import ParsedDocument, ParsedUnit, split_clauses

_TYPES = ("Bộ luật", "Bộ Luật", "Luật", "Hiến pháp", "Nghị định", "Pháp lệnh", "Nghị quyết")


def validate(data, path: str) -> None:
    if not isinstance(data, list):
        raise ImportError_(path, "gốc", "cần một danh sách văn bản")
    for i, law in enumerate(data):
        where = f"văn bản thứ {i + 1}"
        if not isinstance(law, dict) or not isinstance(law.get("id"), str) or not law["id"].strip():
            raise ImportError_(path, where, "thiếu 'id' (tên văn bản)")
        articles = law.get("articles")
        if not isinstance(articles, list) or not articles:
            raise ImportError_(path, f"{where} ({law['id']})", "thiếu danh sách 'articles'")
        seen = set()
        for j, art in enumerate(articles):
            pos = f"{where} ({law['id']}), điều thứ {j + 1}"
            if not isinstance(art, dict) or not isinstance(art.get("text"), str) or not str(art.get("id", "")).strip():
                raise ImportError_(path, pos, "cần 'id' và 'text'")
            if str(art["id"]) in seen:
                raise ImportError_(path, pos, f"Điều {art['id']} bị lặp")
            seen.add(str(art["id"]))


def article_unit(article_id: str, text: str) -> ParsedUnit:
    """Heading = the first paragraph when it reads like one (short, no final period, not a khoản)."""
    paragraphs = [p.strip() for p in re.split(r"\n", text) if p.strip()]
    heading = ""
    if paragraphs and len(paragraphs[0]) < 250 and not paragraphs[0].endswith((".", ":", ";")) and not re.match(r"^(\d+\.|[a-zđ]\))\s", paragraphs[0]):
        heading = paragraphs.pop(0)
    for i, line in enumerate(paragraphs):  # the closing formula and signature of the last article
        if re.match(r"^(Luật|Bộ luật|Hiến pháp) này (đã )?được Quốc hội", line):
            paragraphs = paragraphs[:i]
            break
    unit = ParsedUnit("dieu", str(article_id).strip(), heading=heading, lines=paragraphs)
    unit.children = split_clauses(paragraphs)
    return unit


def law_document(law: dict) -> ParsedDocument:
    title = law["id"].strip()
    doc = ParsedDocument(title=title)
    for prefix in _TYPES:
        if title.lower().startswith(prefix.lower()):
            doc.doc_type = prefix[:1] + prefix[1:].lower()
            break
    m = re.search(r"(\d{1,4}/\d{4}/QH\d+)", title)
    if m:
        doc.number = m.group(1)
    doc.units = [article_unit(a["id"], a["text"]) for a in law["articles"]]
    return doc


def import_alqac(engine: Engine, path: Path, as_of: Optional[date] = None, only: Optional[List[str]] = None) -> ImportReport:
    """Import (or update) every law of the file in one transaction."""
    data = read_json(path)
    validate(data, str(path))
    if only:
        data = [law for law in data if law["id"] in only]
    prepare(engine)
    report = ImportReport()
    with session_scope(engine) as session:
        ids = []
        for law in progress(data, "ALQAC"):
            record = DocumentRecord(law_document(law), source=f"ALQAC 2023 ({Path(path).name})", as_of=as_of or today(), external_id=law["id"], title=law["id"])
            doc = upsert_document(session, record)
            ids.append(doc.id)
            report.documents += 1
        report.articles = reindex_documents(session, ids)
    return report
