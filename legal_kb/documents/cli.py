"""``python -m legal_kb import alqac|text|docx|phapdien …`` and ``python -m legal_kb search "…" -k 10 --json``."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path

from legal_kb.db import make_engine
from legal_kb.settings import Settings

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    imp = subparsers.add_parser("import", help="nhập văn bản pháp luật / pháp điển")
    imp_sub = imp.add_subparsers(dest="source", required=True)
    corpus = Settings.from_env().legal_corpus
    p = imp_sub.add_parser("alqac", help="tệp laws.json định dạng ALQAC")
    p.add_argument("path", nargs="?", default=str(corpus / "alqac2023" / "laws.json"))
    for name, help_text in (("text", "văn bản dạng .txt/.md như được công bố"), ("docx", "văn bản .docx như được công bố")):
        p = imp_sub.add_parser(name, help=help_text)
        p.add_argument("paths", nargs="+")
        p.add_argument("--status", help="tình trạng hiệu lực, nếu biết")
        p.add_argument("--field", help="lĩnh vực")
    p = imp_sub.add_parser("phapdien", help="thư mục Bộ pháp điển điện tử (jsonData.js + demuc/) hoặc tệp chủ đề .json")
    p.add_argument("path", nargs="?", default=str(corpus / "phapdien_chude.json"))
    for p in imp_sub.choices.values():
        p.add_argument("--database-url", default=None)
        p.add_argument("--as-of", type=date.fromisoformat, default=None, help="ngày cập nhật dữ liệu (YYYY-MM-DD)")
    imp.set_defaults(handler=run_import)

    s = subparsers.add_parser("search", help="tìm điều luật")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=10)
    s.add_argument("--json", action="store_true")
    s.add_argument("--type", dest="doc_type")
    s.add_argument("--issuer")
    s.add_argument("--status")
    s.add_argument("--field")
    s.add_argument("--database-url", default=None)
    s.set_defaults(handler=run_search)


def run_import(args) -> int:
    from legal_kb.documents.importers import ImportError_
    from legal_kb.documents.importers.alqac import import_alqac
    from legal_kb.documents.importers.phapdien import import_chu_de, import_export
    from legal_kb.documents.importers.text import import_files

    engine = make_engine(args.database_url)
    try:
        if args.source == "alqac":
            report = import_alqac(engine, Path(args.path), as_of=args.as_of)
        elif args.source in ("text", "docx"):
            report = import_files(engine, [Path(p) for p in args.paths], as_of=args.as_of, status=args.status, field=args.field)
        elif Path(args.path).is_dir():
            report = import_export(engine, Path(args.path), as_of=args.as_of)
        else:
            report = import_chu_de(engine, Path(args.path), as_of=args.as_of)
    except ImportError_ as exc:
        print(f"Lỗi dữ liệu: {exc}. Không có gì được ghi.", file=sys.stderr)
        return 2
    print(f"Đã nhập {report.documents} văn bản/mục, {report.articles} điều, {report.nodes} nút pháp điển.")
    return 0


def run_search(args) -> int:
    from legal_kb.documents.search import SearchFilters, search

    filters = SearchFilters(doc_type=args.doc_type, issuer=args.issuer, status=args.status, field=args.field)
    hits = search(args.query, k=args.k, filters=filters, engine=make_engine(args.database_url) if args.database_url else None)
    rows = [
        {"document": h.document, "number": h.number, "article": h.article, "heading": h.heading, "score": h.score,
         "snippet": h.snippet, "status": h.status, "citation": h.citation}
        for h in hits
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif not rows:
        print("Không tìm thấy điều luật phù hợp.")
    else:
        for i, r in enumerate(rows, 1):
            print(f"{i}. {r['citation']} — {r['heading'] or ''} [{r['status']}] ({r['score']:.2f})\n   {r['snippet']}")
    return 0
