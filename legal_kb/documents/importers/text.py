"""A legal document as published, in plain text / Markdown or .docx."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import List, Optional

from sqlalchemy.engine import Engine

from legal_kb.db import session_scope
from legal_kb.documents.importers.common import ImportError_, ImportReport, prepare, progress, today
from legal_kb.documents.search.index import reindex_documents
from legal_kb.documents.store import DocumentRecord, upsert_document
from legal_kb.documents.structure import ParsedDocument, StructureError, parse_docx, parse_text


def parse_file(path: Path) -> ParsedDocument:
    try:
        if path.suffix.lower() == ".docx":
            return parse_docx(str(path))
        return parse_text(path.read_text(encoding="utf-8-sig"), str(path))
    except StructureError as exc:
        raise ImportError_(str(path), f"dòng {exc.line}", str(exc).split(": ", 2)[-1]) from exc
    except UnicodeDecodeError as exc:
        raise ImportError_(str(path), f"byte {exc.start}", "không phải văn bản UTF-8") from exc
    except OSError as exc:
        raise ImportError_(str(path), "tệp", f"không đọc được: {exc}") from exc
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise ImportError_(str(path), "tệp", f"không mở được tệp .docx ({type(exc).__name__})") from exc


def import_files(engine: Engine, paths: List[Path], as_of: Optional[date] = None, status: Optional[str] = None, field: Optional[str] = None) -> ImportReport:
    """Parse every file first (any error stops before writing), then store them all in one transaction."""
    parsed = [(Path(p), parse_file(Path(p))) for p in paths]
    prepare(engine)
    report = ImportReport()
    with session_scope(engine) as session:
        ids = []
        for path, doc in progress(parsed, "văn bản", total=len(parsed)):
            if not doc.title:
                raise ImportError_(str(path), "đầu văn bản", "không nhận ra loại và tên văn bản (ví dụ 'NGHỊ ĐỊNH' rồi trích yếu)")
            record = DocumentRecord(doc, source=f"{doc.number or doc.title} ({path.name})", as_of=as_of or today(), status=status, field=field)
            ids.append(upsert_document(session, record).id)
            report.documents += 1
        report.articles = reindex_documents(session, ids)
    return report
