"""Helpers for reading and altering generated documents in tests."""

import io
from typing import Callable, Iterator

import docx
from docx.text.paragraph import Paragraph


def all_paragraphs(document) -> Iterator[Paragraph]:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def find(document, start: str) -> Paragraph:
    for paragraph in all_paragraphs(document):
        if paragraph.text.strip().startswith(start):
            return paragraph
    raise AssertionError(f"no paragraph starting with {start!r}")


def mutate(content: bytes, change: Callable) -> bytes:
    document = docx.Document(io.BytesIO(content))
    change(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
