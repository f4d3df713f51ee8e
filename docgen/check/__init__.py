"""Checking any .docx against the format rules of Nghị định 30/2020/NĐ-CP, Phụ lục I."""

from __future__ import annotations

import io
import logging
from typing import Union

from docgen.check.docmodel import load
from docgen.check.locate import locate
from docgen.check.report import RULES, Report, Violation
from docgen.check.rules_body import body_rules, can_cu_rules, closing_rules
from docgen.check.rules_header import header_rules
from docgen.check.rules_page import font_rules, page_number_rules, page_rules
from docgen.uploads import UnsafeDocx, inspect_docx

log = logging.getLogger(__name__)

_RULE_GROUPS = (page_rules, font_rules, page_number_rules, header_rules, can_cu_rules, body_rules, closing_rules)


class UnreadableDocument(ValueError):
    """The file is not a .docx we can open."""


def check_document(source: Union[str, bytes, io.BytesIO], name: str = "") -> Report:
    """Every violation found in ``source`` (a path, bytes or a stream of a .docx)."""
    label = name or (source if isinstance(source, str) else "văn bản")
    try:
        inspect_docx(source)
        if isinstance(source, io.BytesIO):
            source.seek(0)
    except UnsafeDocx as error:
        log.info("refused document %s: %s", label, error)
        reason = str(error)
        raise UnreadableDocument(f"Không mở được tệp «{label}»: {reason[:1].lower()}{reason[1:]}") from error
    try:
        doc = load(source)
    except Exception as error:  # python-docx raises several kinds for a broken or foreign file
        log.info("cannot open document %s: %s", label, type(error).__name__)
        raise UnreadableDocument(f"Không mở được tệp «{label}» như một văn bản Word (.docx).") from error
    found = locate(doc)
    report = Report(source=label)
    for group in _RULE_GROUPS:
        report.violations.extend(group(doc, found))
    return report


__all__ = ["RULES", "Report", "UnreadableDocument", "Violation", "check_document"]
