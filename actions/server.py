"""The action server, plus the download route for generated documents.

``python -m actions.server --port 5055`` runs rasa-sdk's Sanic app with the ``actions`` package and adds
``GET /files/<token>``: the .docx behind an expiring signed token (docgen.links), 404 for a bad token,
410 for an expired one. A background task deletes expired files.

| variable | meaning | default |
| --- | --- | --- |
| FILES_PUBLIC_URL | public base URL of this server, used in download links | http://localhost:5055 |
| DOCGEN_LINK_SECRET | secret signing download links | created once in var/docgen_link_secret (0600) |
| DOCGEN_CLEANUP_INTERVAL_SECONDS | how often expired files are deleted | 600 |
| DOCGEN_FILES_DIR, DOCGEN_LINK_TTL_HOURS | see docgen/settings.py | var/files, 24 |
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import List, Optional, Tuple
from urllib.parse import quote

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser, create_ssl_context
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.identity import OFFICIAL, identity_from_metadata
from docgen.doctypes import TYPES
from docgen.links import REASON_EXPIRED, FileStore
from docgen.settings import Settings
from vntext.fold import fold

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_FILE = PROJECT_ROOT / "var" / "docgen_link_secret"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_PUBLIC_URL = "http://localhost:5055"
TEXT_MIME = "text/plain; charset=utf-8"


def ensure_link_secret(path: Path = SECRET_FILE) -> str:
    """DOCGEN_LINK_SECRET, or a random secret created once in ``path`` (mode 0600) and reused after."""
    configured = os.environ.get("DOCGEN_LINK_SECRET")
    if configured:
        return configured
    if path.is_file():
        existing = path.read_text(encoding="ascii").strip()
        if existing:
            return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # created with mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48))
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)  # atomic: a concurrent worker's secret wins if it was first
            log.info("created a download-link secret in %s", path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
    return path.read_text(encoding="ascii").strip()


def file_store(settings: Optional[Settings] = None) -> FileStore:
    settings = settings or Settings.from_env()
    secret = settings.link_secret or ensure_link_secret()
    return FileStore(settings.files_dir, secret, settings.link_ttl_hours * 3600)


def public_url(token: str, doc_type: Optional[str] = None) -> str:
    base = (os.environ.get("FILES_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")
    query = f"?loai={doc_type}" if doc_type in TYPES else ""
    return f"{base}/files/{token}{query}"


def download_name(doc_type: Optional[str]) -> Tuple[str, str]:
    """(UTF-8 name, ASCII fallback) from the document type only, never from user text."""
    kind = TYPES.get(doc_type or "")
    label = kind.label if kind else "văn bản"
    name = f"{label[0].upper()}{label[1:]}.docx"
    return name, fold(name).replace(" ", "-")


def content_disposition(doc_type: Optional[str]) -> str:
    name, ascii_name = download_name(doc_type)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _refusal(message: str, status: int) -> HTTPResponse:
    return response.text(message, status=status, content_type=TEXT_MIME,
                         headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


async def serve_file(request: Request, token: str) -> HTTPResponse:
    store = file_store()
    result = await asyncio.to_thread(store.verify, token)
    if not result.ok:
        status = 410 if result.reason == REASON_EXPIRED else 404
        return _refusal(result.message or "Không tìm thấy văn bản.", status)
    content = await asyncio.to_thread(result.path.read_bytes)
    doc_type = request.args.get("loai")
    headers = {
        "Content-Disposition": content_disposition(doc_type if doc_type in TYPES else None),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return response.raw(content, headers=headers, content_type=DOCX_MIME)


MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def uploads_dir() -> Path:
    return Path(os.environ.get("DOCGEN_UPLOADS_DIR", "var/uploads"))


def store_upload(content: bytes, folder: Optional[Path] = None) -> str:
    """Keep an uploaded .docx under a generated name; returns its file id."""
    folder = folder or uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    file_id = uuid.uuid4().hex
    (folder / f"{file_id}.docx").write_bytes(content)
    return file_id


def remove_old_uploads(max_age_seconds: float, folder: Optional[Path] = None) -> int:
    folder = folder or uploads_dir()
    if not folder.is_dir():
        return 0
    limit, removed = time.time() - max_age_seconds, 0
    for path in folder.glob("*.docx"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


async def upload_file(request: Request) -> HTTPResponse:
    """POST /files/upload: a civil servant's .docx draft for the format check (signed identity required).

    Authorization: Bearer <token signed by the host application>; body: the .docx itself, or a multipart
    form with the field ``file``. Answers {"file_id": …}, to be sent as message metadata ``file_id``.
    """
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if identity_from_metadata({"token": token}).role != OFFICIAL:
        return response.json({"error": "Chỉ cán bộ, công chức đã đăng nhập mới gửi được văn bản."}, status=401)
    upload = request.files.get("file") if request.files else None
    content = upload.body if upload is not None else request.body
    if not content:
        return response.json({"error": "Chưa có tệp .docx."}, status=400)
    if len(content) > MAX_UPLOAD_BYTES:
        return response.json({"error": "Tệp quá lớn (tối đa 10 MB)."}, status=413)
    if not content.startswith(b"PK\x03\x04"):
        return response.json({"error": "Tệp không phải văn bản Word (.docx)."}, status=415)
    file_id = await asyncio.to_thread(store_upload, content)
    return response.json({"file_id": file_id}, status=201)


async def cleanup_forever(interval_seconds: float) -> None:
    """Delete expired generated files now and then every ``interval_seconds``."""
    while True:
        try:
            removed = await asyncio.to_thread(file_store().cleanup)
            removed += await asyncio.to_thread(remove_old_uploads, file_store().ttl_seconds)
            if removed:
                log.info("cleanup removed %d expired files", removed)
        except Exception:  # keep the loop alive; the next round may succeed
            log.exception("cleanup of generated files failed")
        await asyncio.sleep(interval_seconds)


def _cleanup_interval() -> float:
    try:
        return max(1.0, float(os.environ.get("DOCGEN_CLEANUP_INTERVAL_SECONDS", "600")))
    except ValueError:
        return 600.0


def build_app(actions_package: str = "actions", cors_origins: Optional[List[str]] = None,
              auto_reload: bool = False) -> Sanic:
    """rasa-sdk's app with the actions registered, the download route and the cleanup task."""
    app = create_app(actions_package, cors_origins=cors_origins or "*", auto_reload=auto_reload)
    app.add_route(upload_file, "/files/upload", methods=["POST"], name="files_upload")
    app.add_route(serve_file, "/files/<token:str>", methods=["GET"], name="files")

    @app.exception(NotFound)
    async def not_found(request: Request, _error: Exception) -> HTTPResponse:
        if request.path.startswith("/files"):
            return _refusal("Không tìm thấy văn bản.", 404)
        return response.json({"error": "not found"}, status=404)

    @app.after_server_start
    async def start_cleanup(app_: Sanic, _loop) -> None:
        app_.ctx.cleanup_task = asyncio.ensure_future(cleanup_forever(_cleanup_interval()))

    @app.before_server_stop
    async def stop_cleanup(app_: Sanic, _loop) -> None:
        task = getattr(app_.ctx, "cleanup_task", None)
        if task is not None:
            task.cancel()

    return app


def main(argv: Optional[List[str]] = None) -> None:
    args = create_argument_parser().parse_args(argv)
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    if not Settings.from_env().link_secret:
        os.environ["DOCGEN_LINK_SECRET"] = ensure_link_secret()  # one secret for every worker
    app = build_app(args.actions or "actions", args.cors, args.auto_reload)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = os.environ.get("SANIC_HOST", "0.0.0.0")
    log.info("action server with document downloads on port %s", args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT_ROOT))
    main()
