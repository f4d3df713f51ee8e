"""CLI: ``python -m speech transcribe FILE``, ``python -m speech serve``, ``python -m speech assemble``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from speech.settings import Settings, offline_hub


def main(argv=None) -> int:
    offline_hub()
    parser = argparse.ArgumentParser(prog="python -m speech", description="Nhận dạng tiếng nói tiếng Việt.")
    commands = parser.add_subparsers(dest="command", required=True)
    transcribe = commands.add_parser("transcribe", help="nhận dạng một tệp âm thanh")
    transcribe.add_argument("file", type=Path)
    transcribe.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    serve = commands.add_parser("serve", help="chạy cổng giọng nói (FastAPI)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    assemble = commands.add_parser("assemble", help="ghép mô hình Whisper base mặc định vào thư mục đệm")
    assemble.add_argument("--target", type=Path)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if args.command == "assemble":
        from speech.model import assemble as build

        print(build(args.target or settings.model_dir))
        return 0
    if args.command == "transcribe":
        from speech.audio import AudioError, Limits, decode
        from speech.transcriber import Transcriber

        try:
            audio = decode(args.file.read_bytes(), Limits(settings.max_bytes, settings.max_seconds))
        except OSError as error:
            print(f"Không đọc được tệp: {error.strerror}", file=sys.stderr)
            return 2
        except AudioError as error:
            print(error.message, file=sys.stderr)
            return 2
        result = Transcriber(settings).transcribe(audio)
        if args.json:
            print(json.dumps({"transcript": result.text, "unclear": result.unclear, "raw": result.raw,
                              "seconds": round(result.seconds, 3)}, ensure_ascii=False))
        else:
            print(result.message)
        return 0 if not result.unclear else 1
    import uvicorn

    from speech.gateway import create_app

    uvicorn.run(create_app(settings), host=args.host or settings.host, port=args.port or settings.port,
                log_level="info", timeout_keep_alive=5, h11_max_incomplete_event_size=64 * 1024)
    return 0


if __name__ == "__main__":
    sys.exit(main())
