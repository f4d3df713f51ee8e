"""The voice gateway (FastAPI): ``POST /v1/voice`` for the mobile app (transcribe, ask Rasa, answer both),
``POST /v1/transcribe`` for the channel connectors, ``/healthz``, ``/readyz`` and the OpenAPI spec.

ASR (decoding and transcription) runs in a bounded thread pool: ``workers`` at once, ``queue`` more waiting;
beyond that the gateway answers 503 with Retry-After at once. Bodies larger than the byte limit are refused
while they arrive, before they are parsed."""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Annotated, Any, Callable, Dict, List, Optional

import httpx
from fastapi import FastAPI, File, Form, Request, Security, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from speech.audio import AudioError, Limits, decode, empty, too_large
from speech.settings import Settings
from speech.transcriber import UNCLEAR, Transcriber

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
MULTIPART_OVERHEAD = 64 * 1024
MAX_SENDER_CHARS = 128
MAX_TOKEN_CHARS = 4096
BUSY = "Hệ thống nhận dạng giọng nói đang bận. Bạn vui lòng thử lại sau ít giây."
NOT_READY = "Mô hình nhận dạng giọng nói đang được nạp. Bạn vui lòng thử lại sau ít giây."
BAD_KEY = "Thiếu hoặc sai khóa truy cập (tiêu đề X-API-Key)."
ASSISTANT_DOWN = "Trợ lý tạm thời không phản hồi. Bạn vui lòng thử lại sau ít phút."
INVALID = "Yêu cầu không hợp lệ: cần gửi dạng multipart/form-data với tệp âm thanh ở trường \"audio\"{extra}."
UNREADABLE_BODY = "Không đọc được nội dung gửi lên: cần dạng multipart/form-data hợp lệ."
STATUS_TEXT = {404: "Không tìm thấy địa chỉ này.", 405: "Phương thức không được hỗ trợ ở địa chỉ này."}

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="khóa truy cập của ứng dụng")


class Busy(Exception):
    """Every worker and queue slot is taken."""


class BodyTooLarge(Exception):
    pass


class TranscriptOut(BaseModel):
    transcript: str = Field(description="lời nói đã nhận dạng, đã chuẩn hóa cho NLU (rỗng khi không nghe rõ)")
    unclear: bool = Field(False, description="true khi âm thanh im lặng, chỉ có tiếng ồn hoặc không nghe rõ")


class VoiceOut(TranscriptOut):
    responses: List[Dict[str, Any]] = Field(description="các tin trả lời của trợ lý, như kênh REST của Rasa")


class ErrorOut(BaseModel):
    detail: str


AudioField = Annotated[UploadFile, File(description="tệp âm thanh: ogg/opus, m4a/aac, mp3, wav, webm…")]
SenderField = Annotated[str, Form(min_length=1, max_length=MAX_SENDER_CHARS, description="mã người gửi")]
TokenField = Annotated[Optional[str], Form(max_length=MAX_TOKEN_CHARS,
                                           description="mã thông báo (JWT) đã ký của cán bộ, nếu có")]
ApiKey = Annotated[Optional[str], Security(api_key_header)]
ERRORS = {code: {"model": ErrorOut} for code in (400, 401, 413, 415, 422, 503)}


class AsrPool:
    """At most ``workers`` ASR jobs running and ``queue`` waiting; ``submit`` refuses at once beyond that."""

    def __init__(self, workers: int, queue: int) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="asr")
        self._slots = threading.BoundedSemaphore(workers + queue)

    async def run(self, job: Callable[[], Any]) -> Any:
        if not self._slots.acquire(blocking=False):
            raise Busy()
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, job)
        finally:
            self._slots.release()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class BodyLimit:
    """ASGI middleware: a request body above ``limit`` bytes is refused (declared length or as it arrives)."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _json(send, 413, too_large(self.limit - MULTIPART_OVERHEAD).message)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge()
            return message

        return await self.app(scope, limited_receive, send)


async def _json(send, status: int, detail: str) -> None:
    body = JSONResponse({"detail": detail}).body
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _key_ok(given: Optional[str], accepted) -> bool:
    return bool(given) and any(hmac.compare_digest(given.encode(), k.encode()) for k in accepted if k)


def create_app(settings: Optional[Settings] = None,
               transcriber_factory: Optional[Callable[[Settings], Transcriber]] = None) -> FastAPI:
    settings = settings or Settings.from_env()
    factory = transcriber_factory or Transcriber
    limits = Limits(max_bytes=settings.max_bytes, max_seconds=settings.max_seconds)
    state: Dict[str, Any] = {"transcriber": None, "pool": AsrPool(settings.workers, settings.queue)}

    def load() -> None:
        try:
            state["transcriber"] = factory(settings)
        except Exception:
            log.exception("speech model could not be loaded")
            state["failed"] = True

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        threading.Thread(target=load, name="speech-model-load", daemon=True).start()
        state["client"] = httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=5.0))
        yield
        await state["client"].aclose()
        state["pool"].shutdown()

    app = FastAPI(title="Cổng giọng nói — Trợ lý ảo", version="1.0", lifespan=lifespan,
                  description="Nhận dạng tiếng nói tiếng Việt (Whisper, chạy cục bộ) và chuyển câu hỏi đến trợ lý.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, error: StarletteHTTPException):
        if isinstance(error.__cause__, BodyTooLarge):  # a chunked body went over the limit while being parsed
            return JSONResponse({"detail": too_large(settings.max_bytes).message}, status_code=413)
        if error.status_code == 400 and error.__cause__ is not None:
            return JSONResponse({"detail": UNREADABLE_BODY}, status_code=400)
        detail = error.detail if isinstance(error.detail, str) and error.status_code not in STATUS_TEXT else \
            STATUS_TEXT.get(error.status_code, str(error.detail))
        return JSONResponse({"detail": detail}, status_code=error.status_code, headers=getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError):
        fields = sorted({str(e.get("loc", ["", ""])[-1]) for e in error.errors()} - {"body", ""})
        extra = f" (trường không hợp lệ: {', '.join(fields)})" if fields else ""
        return JSONResponse({"detail": INVALID.format(extra=extra)}, status_code=422)

    @app.exception_handler(BodyTooLarge)
    async def body_too_large(_: Request, __: BodyTooLarge):
        return JSONResponse({"detail": too_large(settings.max_bytes).message}, status_code=413)

    @app.exception_handler(AudioError)
    async def audio_error(_: Request, error: AudioError):
        return JSONResponse({"detail": error.message}, status_code=error.status)

    @app.exception_handler(Busy)
    async def busy(_: Request, __: Busy):
        return JSONResponse({"detail": BUSY}, status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    def refuse(status: int, detail: str, retry: bool = False) -> JSONResponse:
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if retry else None
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)

    async def hear(audio: UploadFile):
        transcriber: Optional[Transcriber] = state["transcriber"]
        if transcriber is None:
            return None
        data = await audio.read(settings.max_bytes + 1)
        if not data:
            raise empty()
        return await state["pool"].run(lambda: transcriber.transcribe(decode(data, limits)))

    @app.get("/healthz", summary="Tiến trình còn sống")
    async def healthz() -> Dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="Sẵn sàng nhận dạng (mô hình đã nạp)", responses={503: {"model": ErrorOut}})
    async def readyz():
        if state["transcriber"] is None:
            return refuse(503, NOT_READY, retry=True)
        return {"status": "ready"}

    @app.post("/v1/transcribe", response_model=TranscriptOut, responses=ERRORS,
              summary="Nhận dạng một tin nhắn thoại (cho các kênh Zalo, Messenger)")
    async def transcribe(audio: AudioField, api_key: ApiKey = None):
        if not _key_ok(api_key, (settings.gateway_key, *settings.api_keys)):
            return refuse(401, BAD_KEY)
        result = await hear(audio)
        if result is None:
            return refuse(503, NOT_READY, retry=True)
        return TranscriptOut(transcript=result.text, unclear=result.unclear)

    @app.post("/v1/voice", response_model=VoiceOut, responses=ERRORS,
              summary="Hỏi trợ lý bằng giọng nói (ứng dụng di động)")
    async def voice(audio: AudioField, sender: SenderField, token: TokenField = None, api_key: ApiKey = None):
        if not _key_ok(api_key, settings.api_keys):
            return refuse(401, BAD_KEY)
        if not sender.strip():
            return refuse(422, INVALID.format(extra=" (trường không hợp lệ: sender)"))
        result = await hear(audio)
        if result is None:
            return refuse(503, NOT_READY, retry=True)
        if result.unclear:
            return VoiceOut(transcript="", unclear=True, responses=[{"recipient_id": sender, "text": UNCLEAR}])
        metadata: Dict[str, Any] = {"input_channel": "voice"}
        if token:
            metadata["token"] = token
        payload = {"sender": sender.strip(), "message": result.text, "metadata": metadata, "input_channel": "voice"}
        try:
            answer = await state["client"].post(settings.rasa_url, json=payload)
        except httpx.HTTPError as error:
            log.warning("Rasa not reached: %s", type(error).__name__)
            return refuse(503, ASSISTANT_DOWN, retry=True)
        if 400 <= answer.status_code < 500:
            return refuse(answer.status_code, _rasa_error(answer))
        if answer.status_code != 200:
            log.warning("Rasa answered HTTP %d", answer.status_code)
            return refuse(503, ASSISTANT_DOWN, retry=True)
        try:
            responses = answer.json()
        except ValueError:
            return refuse(503, ASSISTANT_DOWN, retry=True)
        return VoiceOut(transcript=result.text, responses=responses if isinstance(responses, list) else [])

    app.add_middleware(BodyLimit, limit=settings.max_bytes + MULTIPART_OVERHEAD)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["X-API-Key", "Content-Type"], max_age=600)
    app.state.speech = state
    return app


def _rasa_error(answer: httpx.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"]
    return "Trợ lý từ chối yêu cầu này."
