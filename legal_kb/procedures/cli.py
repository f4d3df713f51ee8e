"""`python -m legal_kb procedures import|search|show` (registered by legal_kb/__main__.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from legal_kb.db import make_engine
from legal_kb.procedures import answers
from legal_kb.procedures.content import ContentError
from legal_kb.procedures.importer import import_folder
from legal_kb.procedures.service import ProcedureKnowledge


def register(subparsers: "argparse._SubParsersAction") -> None:
    parser = subparsers.add_parser("procedures", help="thủ tục hành chính: nạp dữ liệu, tìm kiếm, xem")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", help="địa chỉ cơ sở dữ liệu (mặc định: biến DATABASE_URL)")
    sub = parser.add_subparsers(dest="procedures_command", required=True)

    imp = sub.add_parser("import", parents=[common], help="nạp thư mục nội dung (YAML) vào cơ sở dữ liệu")
    imp.add_argument("directory", nargs="?", type=Path, help="thư mục nội dung (mặc định legal_kb/content)")
    imp.set_defaults(handler=run_import)

    search = sub.add_parser("search", parents=[common], help="tìm thủ tục theo câu hỏi của người dân")
    search.add_argument("text")
    search.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    search.add_argument("--hint", help="giá trị thực thể từ NLU (nếu có)")
    search.set_defaults(handler=run_search)

    show = sub.add_parser("show", parents=[common], help="xem một thủ tục theo mã TTHC hoặc mã nội bộ")
    show.add_argument("code_or_id")
    show.add_argument("--facet", choices=sorted(answers.FACET_LABELS), help="chỉ xem một phần")
    show.set_defaults(handler=run_show)


def _knowledge(args: argparse.Namespace) -> ProcedureKnowledge:
    return ProcedureKnowledge.from_database(make_engine(getattr(args, "database", None)))


def run_import(args: argparse.Namespace) -> int:
    try:
        report = import_folder(make_engine(args.database), args.directory)
    except ContentError as exc:
        print("Không nạp dữ liệu vì có lỗi (không ghi gì vào cơ sở dữ liệu):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def run_search(args: argparse.Namespace) -> int:
    knowledge = _knowledge(args)
    result = knowledge.resolve(args.text, args.hint)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if result.not_found:
        print(knowledge.not_found(result))
        return 0
    if result.ambiguous:
        print(answers.choice_text(result))
    for match in result.candidates:
        print(f"{match.score:.3f}  {match.key}  {match.code or '-'}  {match.name}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    knowledge = _knowledge(args)
    procedure = knowledge.procedure(args.code_or_id)
    if procedure is None:
        print(f"Không tìm thấy thủ tục có mã '{args.code_or_id}'.", file=sys.stderr)
        return 1
    if args.facet:
        print(answers.facet_text(procedure, args.facet, knowledge.catalog))
        return 0
    print(answers.overview_text(procedure, knowledge.catalog))
    for facet in answers.FACET_LABELS:
        print()
        print(answers.facet_text(procedure, facet, knowledge.catalog))
    return 0


def main(argv: Optional[list] = None) -> int:
    """Run the procedures commands alone (without the rest of the legal_kb CLI)."""
    parser = argparse.ArgumentParser(prog="python -m legal_kb.procedures.cli")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
