"""Prepare the knowledge base for `make run`: schema, the repository's own content, and the legal corpus
when it is available (../shared/data/legal or LEGAL_CORPUS_DIR). Idempotent and quick once done."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import List

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from legal_kb.db import create_schema, session_scope
from legal_kb.settings import Settings

logger = logging.getLogger(__name__)


def _count(engine: Engine, model) -> int:
    with session_scope(engine) as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def bootstrap(engine: Engine, settings: Settings) -> List[str]:
    """Load what is missing and return one line per step, for the log."""
    from legal_kb.documents.models import LegalDocument, PhapDienChuDe
    from legal_kb.procedures.content import load_catalog
    from legal_kb.procedures.importer import import_catalog

    create_schema(engine)
    report = import_catalog(engine, load_catalog())
    lines = [f"procedures: {report.summary()}"]
    corpus: Path = settings.legal_corpus
    laws = corpus / "alqac2023" / "laws.json"
    nd30 = corpus / "nd30" / "30_2020_ND_CP.md"
    topics = corpus / "phapdien_chude.json"
    if not corpus.is_dir():
        lines.append(f"legal corpus: none at {corpus} (set LEGAL_CORPUS_DIR); only the repository's knowledge is loaded")
        return lines
    if _count(engine, LegalDocument) == 0:
        from legal_kb.documents.importers.alqac import import_alqac
        from legal_kb.documents.importers.text import import_files

        if laws.is_file():
            import_alqac(engine, laws)
        if nd30.is_file():
            import_files(engine, [nd30], status="còn hiệu lực")
    if topics.is_file() and _count(engine, PhapDienChuDe) == 0:
        from legal_kb.documents.importers.phapdien import import_chu_de

        import_chu_de(engine, topics)
    lines.append(
        f"legal corpus: {corpus} — {_count(engine, LegalDocument)} documents, "
        f"{_count(engine, PhapDienChuDe)} pháp điển topics"
    )
    return lines
