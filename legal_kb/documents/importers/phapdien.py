"""Bộ pháp điển điện tử as published by the Ministry of Justice (offline package) and the list of 45 chủ đề.

Export folder: ``jsonData.js`` (``var jdChuDe = […]; var jdDeMuc = […]; var jdAllTree = […];``) and
``demuc/<đề mục id>.html`` whose ``div._content`` holds ``p.pChuong`` (chương/mục headings), ``p.pDieu`` (with
``<a name="MAPC">``), ``p.pGhiChu`` (the source article note), ``p.pNoiDung`` (text) and ``p.pChiDan`` (cross references).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Optional

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from legal_kb.db import session_scope
from legal_kb.documents.importers.common import ImportError_, ImportReport, prepare, progress, read_json, today
from legal_kb.documents.models import LegalDocument, LegalUnit, PhapDienChuDe, PhapDienDeMuc, PhapDienNode
from legal_kb.documents.numbers import number_key, parse_number

CODE = re.compile(r"^Điều\s+(\d+\.\d+\.[A-ZĐ]+(?:\.\d+)*)\.?\s*(.*)$")
SOURCE_NOTE = re.compile(r"Điều\s+(\d+[a-zđ]?)\s+(.*?)(\d{1,4}/\d{4}/[^\s,;)]+)")


def read_js_arrays(path: Path) -> Dict[str, list]:
    """The ``var name = [...]`` arrays of jsonData.js; errors carry the line and column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ImportError_(str(path), "tệp", f"không đọc được: {exc.strerror}") from exc
    decoder = json.JSONDecoder()
    out: Dict[str, list] = {}
    for m in re.finditer(r"var\s+(jd\w+)\s*=\s*", text):
        try:
            value, _ = decoder.raw_decode(text, m.end())
        except json.JSONDecodeError as exc:
            line = text.count("\n", 0, exc.pos) + 1
            col = exc.pos - text.rfind("\n", 0, exc.pos)
            raise ImportError_(str(path), f"dòng {line}, cột {col}", f"mảng {m.group(1)} không hợp lệ ({exc.msg})") from exc
        out[m.group(1)] = value
    for name in ("jdChuDe", "jdDeMuc", "jdAllTree"):
        if name not in out:
            raise ImportError_(str(path), "tệp", f"thiếu biến {name}")
    return out


@dataclass
class HtmlNode:
    kind: str  # "chuong" | "dieu"
    heading: str
    line: int
    mapc: str = ""
    note: str = ""
    text: List[str] = field(default_factory=list)


class DeMucParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: List[HtmlNode] = []
        self._class: Optional[str] = None
        self._buf: List[str] = []
        self._anchor = ""
        self._line = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p":
            classes = (attrs.get("class") or "").split()
            self._class = next((c for c in classes if c in ("pChuong", "pDieu", "pGhiChu", "pNoiDung", "pChiDan")), None)
            self._buf, self._anchor, self._line = [], "", self.getpos()[0]
        elif tag == "a" and self._class == "pDieu" and attrs.get("name"):
            self._anchor = attrs["name"]

    def handle_data(self, data):
        if self._class:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if tag != "p" or not self._class:
            return
        content = re.sub(r"\s+", " ", "".join(self._buf)).strip()
        kind, self._class = self._class, None
        if kind == "pChuong" and content:
            self.nodes.append(HtmlNode("chuong", content, self._line))
        elif kind == "pDieu":
            self.nodes.append(HtmlNode("dieu", content, self._line, mapc=self._anchor))
        elif self.nodes and self.nodes[-1].kind == "dieu" and content:
            if kind == "pGhiChu":
                self.nodes[-1].note = content
            elif kind == "pNoiDung":
                self.nodes[-1].text.append(content)


def import_chu_de(engine: Engine, path: Path, as_of: Optional[date] = None) -> ImportReport:
    data = read_json(path)
    items = data.get("chu_de") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ImportError_(str(path), "gốc", "cần khóa 'chu_de' là danh sách [stt, tên]")
    for i, item in enumerate(items):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], int) and isinstance(item[1], str)):
            raise ImportError_(str(path), f"chủ đề thứ {i + 1}", "cần dạng [stt, tên]")
    prepare(engine)
    with session_scope(engine) as session:
        for stt, title in items:
            row = session.get(PhapDienChuDe, stt) or PhapDienChuDe(id=stt)
            row.title, row.source, row.as_of = title, str(data.get("source") or Path(path).name), as_of or today()
            session.add(row)
    return ImportReport(documents=len(items))


def import_export(engine: Engine, folder: Path, as_of: Optional[date] = None) -> ImportReport:
    """Import the whole export in one transaction; a bad file stops everything before the commit."""
    folder = Path(folder)
    arrays = read_js_arrays(folder / "jsonData.js")
    parsed: Dict[str, List[HtmlNode]] = {}
    for dm in arrays["jdDeMuc"]:
        html = folder / "demuc" / f"{dm['Value']}.html"
        if html.exists():
            parser = DeMucParser()
            parser.feed(html.read_text(encoding="utf-8-sig"))
            for node in parser.nodes:
                if node.kind == "dieu" and not (node.mapc and CODE.match(node.heading)):
                    raise ImportError_(str(html), f"dòng {node.line}", f"điều pháp điển không có mã phân cấp hoặc số hiệu: {node.heading[:60]!r}")
            parsed[dm["Value"]] = parser.nodes
    prepare(engine)
    report = ImportReport()
    source = f"Bộ pháp điển điện tử ({folder.name})"
    with session_scope(engine) as session:
        chu_de_by_guid = {}
        for item in arrays["jdChuDe"]:
            stt = int(item["STT"])
            row = session.get(PhapDienChuDe, stt) or PhapDienChuDe(id=stt)
            row.guid, row.title, row.source, row.as_of = item["Value"], item["Text"], source, as_of or today()
            session.add(row)
            chu_de_by_guid[item["Value"]] = row
        session.flush()
        for dm in progress(arrays["jdDeMuc"], "đề mục"):
            chu_de = chu_de_by_guid.get(dm.get("ChuDe"))
            if chu_de is None:
                raise ImportError_(str(folder / "jsonData.js"), f"jdDeMuc {dm.get('Value')}", "chủ đề không tồn tại")
            row = session.execute(select(PhapDienDeMuc).where(PhapDienDeMuc.guid == dm["Value"])).scalar_one_or_none() or PhapDienDeMuc(guid=dm["Value"])
            row.chu_de_id, row.stt, row.title = chu_de.id, int(dm["STT"]), dm["Text"]
            row.retired = "loại bỏ" in dm["Text"].lower()
            row.source, row.as_of = source, as_of or today()
            session.add(row)
            session.flush()
            report.documents += 1
            report.nodes += _store_nodes(session, row, parsed.get(dm["Value"], []), source, as_of or today())
    return report


def _store_nodes(session: Session, de_muc: PhapDienDeMuc, nodes: List[HtmlNode], source: str, as_of: date) -> int:
    session.execute(delete(PhapDienNode).where(PhapDienNode.de_muc_id == de_muc.id))
    parent: Optional[PhapDienNode] = None
    for ordinal, node in enumerate(nodes):
        if node.kind == "chuong":
            kind = "muc" if node.heading.lower().startswith("mục") else "chuong"
            row = PhapDienNode(de_muc_id=de_muc.id, mapc=f"{de_muc.guid}:h{ordinal}", kind=kind, heading=node.heading, ordinal=ordinal, source=source, as_of=as_of)
            session.add(row)
            session.flush()
            parent = row if kind == "chuong" or parent is None else parent
            continue
        m = CODE.match(node.heading)
        number, article = _source_article(node.note)
        row = PhapDienNode(
            de_muc_id=de_muc.id, parent_id=parent.id if parent else None, mapc=node.mapc, kind="dieu", code=m.group(1),
            heading=node.heading, text="\n".join(node.text), source_note=node.note or None, source_number=number,
            source_article=article, unit_id=_find_unit(session, number, article), ordinal=ordinal, source=source, as_of=as_of,
        )
        session.add(row)
    session.flush()
    return len(nodes)


def _source_article(note: str):
    m = SOURCE_NOTE.search(note or "")
    if not m:
        return None, None
    parsed = parse_number(m.group(3))
    return (parsed.text if parsed else m.group(3)), m.group(1)


def _find_unit(session: Session, number: Optional[str], article: Optional[str]) -> Optional[int]:
    if not number or not article:
        return None
    doc_id = session.execute(select(LegalDocument.id).where(LegalDocument.key == number_key(number))).scalar_one_or_none()
    if doc_id is None:
        return None
    return session.execute(
        select(LegalUnit.id).where(LegalUnit.document_id == doc_id, LegalUnit.kind == "dieu", LegalUnit.number == article)
    ).scalars().first()
