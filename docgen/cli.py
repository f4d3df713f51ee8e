"""Command line: ``python -m docgen draft|check|types``.

Exit codes: 0 success (or a document without violations), 1 the checked document has violations,
2 the request is wrong (bad JSON, missing fields, unreadable file).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional, TextIO

from docgen import draft
from docgen.check import UnreadableDocument, check_document
from docgen.doctypes import TYPES, resolve_type
from docgen.examples import example
from docgen.inputs import InputError

EXIT_OK, EXIT_VIOLATIONS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own English message, prefixed in Vietnamese
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Lỗi cú pháp lệnh: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _fail(message: str, err: TextIO) -> int:
    err.write(f"Lỗi: {message}\n")
    return EXIT_USAGE


def _draft(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    kind = resolve_type(args.type)
    if kind is None:
        return _fail(f"không có loại văn bản «{args.type}». Các loại: {', '.join(TYPES)}.", err)
    if args.example:
        data = example(kind.key)
    elif args.data:
        try:
            with open(args.data, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            return _fail(f"không tìm thấy tệp dữ liệu «{args.data}».", err)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            position = f" (dòng {error.lineno}, cột {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
            return _fail(f"tệp «{args.data}» không phải JSON hợp lệ{position}.", err)
    else:
        return _fail("cần --data TỆP.json hoặc --example.", err)
    try:
        content = draft(kind.key, data)
    except InputError as error:
        err.write("Lỗi dữ liệu văn bản:\n" + "\n".join(f"- {e}" for e in error.errors) + "\n")
        return EXIT_USAGE
    try:
        with open(args.out, "wb") as handle:
            handle.write(content)
    except OSError:
        return _fail(f"không ghi được tệp «{args.out}».", err)
    out.write(f"Đã tạo {kind.label}: {args.out}\n")
    return EXIT_OK


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        report = check_document(args.file, name=args.file)
    except UnreadableDocument as error:
        return _fail(str(error), err)
    out.write((report.as_json() if args.json else report.as_text()) + "\n")
    return EXIT_OK if report.ok else EXIT_VIOLATIONS


def _types(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    for kind in TYPES.values():
        abbr = kind.abbr or "(không có tên loại; ký hiệu: cơ quan-đơn vị)"
        out.write(f"{kind.key:<12} {kind.label:<12} {abbr}\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m docgen", description="Soạn và kiểm tra thể thức văn bản theo NĐ 30/2020.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    drafting = sub.add_parser("draft", help="soạn văn bản .docx")
    drafting.add_argument("type", help="loại văn bản: " + ", ".join(TYPES))
    source = drafting.add_mutually_exclusive_group()
    source.add_argument("--data", help="tệp JSON dữ liệu văn bản")
    source.add_argument("--example", action="store_true", help="dùng dữ liệu mẫu")
    drafting.add_argument("--out", required=True, help="tệp .docx sẽ tạo")
    drafting.set_defaults(handler=_draft)
    checking = sub.add_parser("check", help="kiểm tra thể thức một tệp .docx")
    checking.add_argument("file")
    checking.add_argument("--json", action="store_true", help="kết quả dạng JSON")
    checking.set_defaults(handler=_check)
    listing = sub.add_parser("types", help="liệt kê các loại văn bản")
    listing.set_defaults(handler=_types)
    return parser


def main(argv: Optional[List[str]] = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args, out, err)
