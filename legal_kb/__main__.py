"""CLI: ``python -m legal_kb ...`` (import, search, procedures ...)."""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional


def build_parser() -> argparse.ArgumentParser:
    from legal_kb.documents import cli as documents_cli
    from legal_kb.procedures import cli as procedures_cli

    parser = argparse.ArgumentParser(prog="python -m legal_kb", description="Cơ sở tri thức: thủ tục, văn bản pháp luật, pháp điển")
    sub = parser.add_subparsers(dest="command", required=True)
    documents_cli.register(sub)
    procedures_cli.register(sub)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
