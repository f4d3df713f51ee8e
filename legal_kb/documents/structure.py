"""Split a legal document as published (plain text, Markdown or .docx paragraphs) into its structure.

Phần → Chương → Mục → Tiểu mục → Điều → Khoản → Điểm; the header gives the number, type, title and dates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, List, Optional, Tuple

from legal_kb.documents.numbers import parse_number

_MARKUP = re.compile(r"^\s*(?:#+\s*|[-*+]\s+(?=[a-zđ]\)|\d+\.)|>\s*)*")
_BOLD = re.compile(r"\*\*|__")

PATTERNS = [
    ("phan", re.compile(r"^PHẦN\s+(THỨ\s+[A-ZÀ-Ỹ]+|[IVXLC]+|\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)),
    ("chuong", re.compile(r"^Chương\s+([IVXLC]+|\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)),
    ("tieu_muc", re.compile(r"^Tiểu\s+mục\s+(\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)),
    ("muc", re.compile(r"^Mục\s+(\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)),
    ("dieu", re.compile(r"^Điều\s+(\d+[a-zđ]?)\s*[.:]\s*(.*)$")),
]
KHOAN = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
DIEM = re.compile(r"^([a-zđ])\)\s+(\S.*)$")
LEVEL = {"phan": 0, "chuong": 1, "muc": 2, "tieu_muc": 3}
DOC_TYPES = ["BỘ LUẬT", "LUẬT", "HIẾN PHÁP", "NGHỊ ĐỊNH", "THÔNG TƯ LIÊN TỊCH", "THÔNG TƯ", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "PHÁP LỆNH", "CHỈ THỊ"]
_DATE = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"


class StructureError(ValueError):
    """Bad input, with the line where it was found (1-based)."""

    def __init__(self, message: str, line: int, source: str = "") -> None:
        self.line = line
        self.source = source
        super().__init__(f"{source}:{line}: {message}" if source else f"dòng {line}: {message}")


@dataclass
class ParsedUnit:
    kind: str
    number: str
    heading: str = ""
    lines: List[str] = field(default_factory=list)
    children: List["ParsedUnit"] = field(default_factory=list)
    line: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass
class ParsedDocument:
    number: Optional[str] = None
    doc_type: Optional[str] = None
    title: Optional[str] = None
    issuer: Optional[str] = None
    issue_date: Optional[date] = None
    effective_date: Optional[date] = None
    units: List[ParsedUnit] = field(default_factory=list)  # top-level units (divisions or articles)

    def articles(self) -> List[ParsedUnit]:
        out: List[ParsedUnit] = []

        def walk(units: List[ParsedUnit]) -> None:
            for unit in units:
                if unit.kind == "dieu":
                    out.append(unit)
                else:
                    walk(unit.children)

        walk(self.units)
        return out


def clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ")
    line = _BOLD.sub("", _MARKUP.sub("", line))
    return re.sub(r"[ \t]+", " ", line).strip()


def split_clauses(lines: Iterable[str]) -> List[ParsedUnit]:
    """Khoản ("1. …") and điểm ("a) …") of an article body; text before the first khoản is not a unit."""
    clauses: List[ParsedUnit] = []
    for line in lines:
        k = KHOAN.match(line)
        d = DIEM.match(line)
        if k:
            clauses.append(ParsedUnit("khoan", k.group(1), lines=[line]))
        elif d and clauses:
            clauses[-1].children.append(ParsedUnit("diem", d.group(1), lines=[line]))
            clauses[-1].lines.append(line)
        elif d:
            clauses.append(ParsedUnit("diem", d.group(1), lines=[line]))
        elif clauses:
            target = clauses[-1].children[-1] if clauses[-1].children else None
            if target is not None:
                target.lines.append(line)
            clauses[-1].lines.append(line)
    return clauses


def _to_date(groups: Tuple[str, str, str]) -> Optional[date]:
    try:
        return date(int(groups[2]), int(groups[1]), int(groups[0]))
    except ValueError:
        return None


def _title_case(name: str) -> str:
    name = name.strip().rstrip(".")
    if name.isupper():
        name = name.lower()
    return name[:1].upper() + name[1:]


def _header(doc: ParsedDocument, header: List[str], body_text: str, full_body: str = "") -> None:
    for i, line in enumerate(header):
        upper = line.upper()
        for name in DOC_TYPES:
            if upper == name or upper.startswith(name + " ") and line.isupper():
                doc.doc_type = _title_case(name)
                rest = line[len(name):].strip()
                subject = rest or (header[i + 1] if i + 1 < len(header) and not header[i + 1].startswith("Căn cứ") else "")
                subject = _title_case(subject) if subject else ""
                if doc.doc_type in ("Luật", "Bộ luật") and subject:
                    subject = subject[:1].upper() + subject[1:]
                    doc.title = f"{doc.doc_type} {subject}"
                elif subject:
                    doc.title = f"{doc.doc_type} {subject[:1].lower() + subject[1:]}"
                else:
                    doc.title = doc.doc_type
                break
        if doc.doc_type:
            break
    everything = "\n".join(header) + "\n" + body_text
    number = parse_number("\n".join(header)) or _declared_number(everything)
    if number:
        doc.number = number.text
        doc.issuer = number.issuer
        doc.doc_type = doc.doc_type or number.doc_type
    m = re.search(r"[A-ZĐ][\wÀ-ỹ ]{1,30},\s*" + _DATE, everything)
    passed = re.search(r"thông qua\s+" + _DATE, everything)
    if m:
        doc.issue_date = _to_date(m.groups()[-3:])
    elif passed:
        doc.issue_date = _to_date(passed.groups())
    eff = re.search(r"(?:Luật|luật|Nghị định|định|Thông tư|tư|này) có hiệu lực(?: thi hành)?(?: kể)? từ\s+" + _DATE, full_body)
    if eff:
        doc.effective_date = _to_date(eff.groups())
    elif re.search(r"này có hiệu lực(?: thi hành)?(?: kể)? từ ngày ký", full_body):
        doc.effective_date = doc.issue_date


def _declared_number(text: str):
    m = re.search(r"Số\s*:\s*(\S+)", text)
    return parse_number(m.group(1)) if m else None


def parse_lines(raw_lines: List[str], source: str = "") -> ParsedDocument:
    """Parse the lines of a document; raises ``StructureError`` with the line of the problem."""
    doc = ParsedDocument()
    header: List[str] = []
    stack: List[ParsedUnit] = []  # open divisions
    article: Optional[ParsedUnit] = None
    pending: Optional[ParsedUnit] = None  # a division waiting for its heading on the next line
    seen_articles: dict = {}
    tail: List[str] = []
    for lineno, raw in enumerate(raw_lines, start=1):
        line = clean_line(raw)
        if not line or set(line) <= set("_-=|: "):
            continue
        if line.startswith("|"):
            tail.append(line.strip("| "))
            continue
        kind, match = None, None
        for name, pattern in PATTERNS:
            match = pattern.match(line)
            if match:
                kind = name
                break
        if kind == "dieu":
            number = match.group(1)
            if number in seen_articles:
                raise StructureError(f"Điều {number} xuất hiện hai lần (lần đầu ở dòng {seen_articles[number]})", lineno, source)
            seen_articles[number] = lineno
            article = ParsedUnit("dieu", number, heading=match.group(2).strip(), line=lineno)
            (stack[-1].children if stack else doc.units).append(article)
            pending = None
            continue
        if kind in LEVEL:
            unit = ParsedUnit(kind, match.group(1).upper() if kind in ("phan", "chuong") else match.group(1), heading=match.group(2).strip(), line=lineno)
            while stack and LEVEL[stack[-1].kind] >= LEVEL[kind]:
                stack.pop()
            (stack[-1].children if stack else doc.units).append(unit)
            stack.append(unit)
            article = None
            pending = unit if not unit.heading else None
            continue
        if pending is not None and line.isupper():
            pending.heading = _title_case(line) if not pending.heading else pending.heading
            pending = None
            continue
        pending = None
        if article is not None:
            article.lines.append(line)
        elif not stack:
            header.append(line)
    if not seen_articles:
        raise StructureError("không tìm thấy Điều nào (cần dòng dạng 'Điều 1. …')", max(len(raw_lines), 1), source)
    body_tail = "\n".join(tail)
    articles = doc.articles()
    full_body = "\n".join(line for art in articles for line in art.lines)
    _header(doc, header, "\n".join(articles[-1].lines[-30:]) + "\n" + body_tail, full_body)
    for art in articles:
        art.children = split_clauses(art.lines)
        _strip_signature(art)
    return doc


def _strip_signature(article: ParsedUnit) -> None:
    """Drop the closing formula ("Luật này đã được Quốc hội … thông qua …", signature) from the last article."""
    for i, line in enumerate(article.lines):
        if re.match(r"^(Luật|Bộ luật|Hiến pháp|Nghị quyết) này (đã )?được Quốc hội", line) or line.startswith("Nơi nhận"):
            article.lines = article.lines[:i]
            return


def parse_text(text: str, source: str = "") -> ParsedDocument:
    return parse_lines(text.splitlines(), source)


def parse_docx(path: str) -> ParsedDocument:
    """Paragraphs then table cells of a .docx as published (tables hold the number and the date)."""
    import docx  # python-docx

    document = docx.Document(path)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("| " + " | ".join(cell.text.replace("\n", " ") for cell in row.cells) + " |")
    return parse_lines(lines, str(path))
