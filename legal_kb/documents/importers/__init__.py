"""Importers: ALQAC JSON, plain text / .docx as published, the Bộ pháp điển export and its 45 chủ đề."""

from legal_kb.documents.importers.common import ImportError_, ImportReport

__all__ = ["ImportError_", "ImportReport"]
