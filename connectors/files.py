"""The public file surface, on the Rasa server: download generated documents, upload a draft for the format check.

It never executes actions: a download needs an expiring signed link (docgen.links), an upload needs a civil
servant's signed token and is inspected before it is kept. Registered in ``credentials.yml``:

    GET  /webhooks/files/<token>[?loai=giay_moi]   the .docx, or the PNG of a draft's first page (404 bad link, 410 expired)
    POST /webhooks/files/upload                    Authorization: Bearer <token>; body: the .docx or a multipart
                                                   form field ``file``; answers {"file_id": …} (201)

The upload size limit is enforced while the body streams in (413 before it is buffered). A background task
deletes expired files. Settings: docgen/settings.py (files, link secret), docgen/uploads.py (uploads).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple
from urllib.parse import quote

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request, parse_multipart_form
from sanic.response import HTTPResponse

from docgen.doctypes import TYPES
from docgen.links import REASON_EXPIRED, FileStore
from docgen.uploads import MAX_UPLOAD_BYTES, UnsafeDocx, inspect_docx, remove_old_uploads, store_upload
from identity import official_sender, verify
from identity.secret_file import export_secret
from vntext.fold import fold

log = logging.getLogger(__name__)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_MIME = "text/plain; charset=utf-8"
TOO_LARGE = f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB)."
_BOUNDARY = re.compile(r"boundary=\"?([^\";]+)\"?", re.IGNORECASE)


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


def _error(message: str, status: int) -> HTTPResponse:
    return response.json({"error": message}, status=status, headers={"Cache-Control": "no-store"})


async def serve_file(request: Request, token: str) -> HTTPResponse:
    store = FileStore.from_settings()
    result = await asyncio.to_thread(store.verify, token)
    if not result.ok:
        status = 410 if result.reason == REASON_EXPIRED else 404
        return _refusal(result.message or "Không tìm thấy văn bản.", status)
    content = await asyncio.to_thread(result.path.read_bytes)
    if result.path.suffix == ".png":  # the picture of a draft's first page, shown in the chat
        return response.raw(content, content_type="image/png", headers={
            "Content-Disposition": "inline", "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"})
    doc_type = request.args.get("loai")
    headers = {
        "Content-Disposition": content_disposition(doc_type if doc_type in TYPES else None),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return response.raw(content, headers=headers, content_type=DOCX_MIME)


async def read_limited(request: Request, limit: int) -> Optional[bytes]:
    """The streamed body, or None as soon as it passes ``limit`` bytes (nothing beyond is kept)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return None
    request.stream.request_max_size = limit  # Sanic stops reading past it, chunked bodies included
    parts, size = [], 0
    try:
        while True:
            chunk = await request.stream.read()
            if chunk is None:
                break
            size += len(chunk)
            if size > limit:
                return None
            parts.append(chunk)
    except PayloadTooLarge:
        return None
    return b"".join(parts)


def docx_from_body(body: bytes, content_type: str) -> bytes:
    """The file from a raw body or from the ``file`` field of a multipart form (parsed by Sanic)."""
    match = _BOUNDARY.search(content_type or "")
    if not content_type.lower().startswith("multipart/form-data") or not match:
        return body
    _fields, files = parse_multipart_form(body, match.group(1).encode("latin-1"))
    upload = files.get("file") if files else None
    return upload.body if upload is not None else b""


async def upload_file(request: Request) -> HTTPResponse:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    identity = verify(token).official
    if identity is None:
        return _error("Chỉ cán bộ, công chức đã đăng nhập mới gửi được văn bản.", 401)
    body = await read_limited(request, MAX_UPLOAD_BYTES + 64 * 1024)  # room for multipart framing
    if body is None:
        return _error(TOO_LARGE, 413)
    content = docx_from_body(body, request.headers.get("content-type", ""))
    if not content:
        return _error("Chưa có tệp .docx.", 400)
    if len(content) > MAX_UPLOAD_BYTES:
        return _error(TOO_LARGE, 413)
    try:
        await asyncio.to_thread(inspect_docx, content)
    except UnsafeDocx as error:
        return _error(str(error), 415 if "không phải" in str(error) else 422)
    owner = official_sender(identity.subject or "")
    file_id = await asyncio.to_thread(store_upload, content, owner)
    return response.json({"file_id": file_id}, status=201)


async def cleanup_forever(interval_seconds: float) -> None:
    """Delete expired generated files and old uploads now, then every ``interval_seconds``."""
    while True:
        try:
            store = FileStore.from_settings()
            removed = await asyncio.to_thread(store.cleanup)
            removed += await asyncio.to_thread(remove_old_uploads, store.ttl_seconds)
            if removed:
                log.info("cleanup removed %d expired files", removed)
        except Exception:  # keep the loop alive; the next round may succeed
            log.exception("cleanup of generated files failed")
        await asyncio.sleep(interval_seconds)


def cleanup_interval() -> float:
    try:
        return max(1.0, float(os.environ.get("DOCGEN_CLEANUP_INTERVAL_SECONDS", "600")))
    except ValueError:
        return 600.0


class FilesInput(InputChannel):
    """Not a chat channel: the routes above, mounted under /webhooks/files/."""

    @classmethod
    def name(cls) -> Text:
        return "files"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "FilesInput":
        export_secret("DOCGEN_LINK_SECRET", "docgen_link_secret")  # production refuses to start without it
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        files = Blueprint("vi_files", __name__)
        files.add_route(upload_file, "/upload", methods=["POST"], stream=True, name="files_upload")
        files.add_route(serve_file, "/<token:str>", methods=["GET"], name="files_download")

        @files.listener("after_server_start")
        async def start_cleanup(app: Any, _loop: Any) -> None:
            app.ctx.files_cleanup = asyncio.ensure_future(cleanup_forever(cleanup_interval()))

        @files.listener("before_server_stop")
        async def stop_cleanup(app: Any, _loop: Any) -> None:
            task = getattr(app.ctx, "files_cleanup", None)
            if task is not None:
                task.cancel()

        return files
