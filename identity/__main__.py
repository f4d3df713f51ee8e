"""``python -m identity``: the development secret and civil servants' tokens for demos and tests.

    python -m identity dev-secret                  # prints the secret; creates var/assistant_jwt_secret once
    python -m identity token --sub cb01 --unit "UBND xã Tân Thành" [--name "Trần Thị B"] [--hours 8]
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from identity.secret_file import ensure_secret_file
from identity.tokens import DEV_SECRET_FILE, OFFICIAL, ConfigurationError, Settings, mint


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m identity")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("dev-secret", help="print the development signing secret (created once in var/)")
    token = commands.add_parser("token", help="print a civil servant's token signed with the configured secret")
    token.add_argument("--sub", required=True, help="the official's account id in the host application")
    token.add_argument("--unit", default=None, help="unit (đơn vị), e.g. 'UBND xã Tân Thành'")
    token.add_argument("--name", default=None)
    token.add_argument("--role", default=OFFICIAL)
    token.add_argument("--hours", type=float, default=8.0)
    args = parser.parse_args(argv)

    if args.command == "dev-secret":
        if os.environ.get("ASSISTANT_JWT_SECRET"):
            print(os.environ["ASSISTANT_JWT_SECRET"])
            return 0
        if Settings.from_env().production:
            print("ASSISTANT_ENV=production: đặt ASSISTANT_JWT_SECRET (ít nhất 32 byte), không dùng khóa phát triển.",
                  file=sys.stderr)
            return 2
        secret, created = ensure_secret_file(DEV_SECRET_FILE)
        if created:
            print(f">> Khóa ký mã thông báo cho môi trường phát triển (chỉ in một lần), lưu ở {DEV_SECRET_FILE}:\n"
                  f"   {secret}\n   Tạo mã cho cán bộ: make token SUB=cb01 UNIT='UBND xã Tân Thành'", file=sys.stderr)
        print(secret)
        return 0

    try:
        settings = Settings.from_env().check()
        print(mint(args.sub, unit=args.unit, name=args.name, role=args.role,
                   lifetime_seconds=int(args.hours * 3600), settings=settings))
    except (ConfigurationError, ValueError) as error:
        print(f"Không tạo được mã thông báo: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
