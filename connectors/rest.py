"""REST channel (``POST /webhooks/rest/webhook``) that checks its input before Rasa sees it.

Rasa's own REST channel answers a body without ``message`` or with invalid JSON with a server
error, and passes any length to NLU. Here: invalid bodies get a 400 with a Vietnamese message,
empty and over-long messages get a polite reply without running NLU, and control characters are
removed. The text is otherwise passed on as written; normalisation happens in the NLU pipeline.

Identity: a civil servant's signed token travels in ``metadata.token`` with every message. A genuine official
token keys the conversation to its subject (the reply's ``recipient_id``); a message naming such a conversation
without that official's token gets 403 (401 when the token has long expired). The actions verify the token again
when they act.
"""

from __future__ import annotations

import json
import logging
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from identity import SenderRefused, Settings, conversation_sender

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

EMPTY_REPLY = "Bạn chưa nhập nội dung. Hãy gõ câu hỏi, ví dụ: \"làm giấy khai sinh cần gì\"."
TOO_LONG_REPLY = (
    f"Tin nhắn quá dài (tối đa {MAX_MESSAGE_CHARS:,} ký tự).".replace(",", ".")
    + " Bạn hãy tóm tắt câu hỏi trong vài câu ngắn nhé."
)


class BadRequest(ValueError):
    """The body cannot be a chat message; the text is shown to the client."""


def parse_body(raw: bytes) -> Tuple[str, Optional[str], Optional[Dict[str, Any]], Optional[str]]:
    """Return (sender, text, metadata, input_channel) or raise BadRequest with a Vietnamese reason."""
    try:
        body = json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest("Nội dung gửi lên không phải JSON hợp lệ (UTF-8).") from None
    if not isinstance(body, dict):
        raise BadRequest('Cần một đối tượng JSON dạng {"sender": "...", "message": "..."}.')
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(f'Trường "sender" phải là chuỗi khác rỗng, tối đa {MAX_SENDER_CHARS} ký tự.')
    if "message" not in body:
        raise BadRequest('Thiếu trường "message".')
    message = body.get("message")
    if message is not None and not isinstance(message, str):
        raise BadRequest('Trường "message" phải là chuỗi ký tự.')
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest('Trường "metadata" phải là đối tượng JSON.')
    channel = body.get("input_channel")
    return sender.strip(), message, metadata, channel if isinstance(channel, str) else None


def clean_text(text: Optional[str]) -> str:
    return _CONTROL.sub(" ", text or "").strip()


class RestInput(RasaRestInput):
    """Drop-in replacement of Rasa's ``rest`` channel, same URL and reply format."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "RestInput":
        Settings.from_env().check()  # production refuses to start with a missing or short secret
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("vi_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            try:
                sender, raw_text, metadata, channel = parse_body(request.body)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            try:
                sender, _verdict = conversation_sender(sender, metadata)
            except SenderRefused as refusal:
                return response.json({"error": str(refusal)}, status=refusal.status)
            text = clean_text(raw_text)
            if not text:
                return response.json([{"recipient_id": sender, "text": EMPTY_REPLY}])
            if len(text) > MAX_MESSAGE_CHARS:
                return response.json([{"recipient_id": sender, "text": TOO_LONG_REPLY}])
            input_channel = channel or self.name()
            if request.args.get("stream", "").lower() == "true":
                return response.stream(
                    self.stream_response(on_new_message, text, sender, input_channel, metadata),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, sender, input_channel=input_channel, metadata=metadata)
                )
            except CancelledError:
                logger.error("REST message timed out (sender hash %s)", hash(sender) & 0xFFFF)
            except Exception:
                logger.exception("REST message failed")
                return response.json(
                    [{"recipient_id": sender, "text": "Xin lỗi, hệ thống đang gặp sự cố. Bạn vui lòng thử lại sau ít phút."}],
                    status=200,
                )
            return response.json(collector.messages)

        return webhook
