"""CLI: ``python -m legal_kb ...`` (import, search, procedures ...)."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import List, Optional


def build_parser() -> argparse.ArgumentParser:
    from legal_kb.documents import cli as documents_cli
    from legal_kb.procedures import cli as procedures_cli

    parser = argparse.ArgumentParser(prog="python -m legal_kb", description="Cơ sở tri thức: thủ tục, văn bản pháp luật, pháp điển")
    sub = parser.add_subparsers(dest="command", required=True)
    documents_cli.register(sub)
    procedures_cli.register(sub)
    boot = sub.add_parser("bootstrap", help="tạo bảng và nạp dữ liệu còn thiếu (dùng khi khởi động)")
    boot.add_argument("--database-url", default=None)
    boot.set_defaults(handler=run_bootstrap)
    return parser


def run_bootstrap(args: argparse.Namespace) -> int:
    from legal_kb.bootstrap import bootstrap
    from legal_kb.db import make_engine
    from legal_kb.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for line in bootstrap(make_engine(args.database_url), Settings.from_env()):
        print(f"[legal_kb] {line}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
