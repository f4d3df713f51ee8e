"""Zalo Official Account channel: ``POST /webhooks/zalo/webhook`` (registered as ``connectors.zalo.ZaloInput``).

The ``X-ZEvent-Signature`` (``mac=sha256(app_id + raw body + timestamp + OA secret key)``) and the freshness of the
event's timestamp are checked before anything else; a bad or stale one gets 403 and nothing is processed. The
webhook answers 200 at once (Zalo wants it within 2 s) and the work runs in the background. A message delivered
twice is answered once (de-duplicated by ``msg_id``, shared through Redis when REDIS_URL is set). Texts go to
Rasa; voice messages go through the voice gateway; images, files, stickers, GIFs and locations get a polite "not
supported"; a new follower is greeted (the user message ``/greet``). Replies use the customer-service message API;
buttons become ``oa.query.hide`` buttons, generated documents are uploaded and sent as files.

Zalo users are citizens: their conversation is ``zalo:<user id>`` and no identity token travels with it.

| variable | meaning | default |
| --- | --- | --- |
| ZALO_APP_ID | the Zalo app; part of every signature | none: every delivery is refused |
| ZALO_OA_SECRET_KEY | the OA secret key (not the app secret) that signs deliveries | none: every delivery is refused |
| ZALO_ACCESS_TOKEN, ZALO_REFRESH_TOKEN | the OA tokens (seed; refreshed tokens live in the store) | none |
| ZALO_APP_SECRET | the app secret, needed to refresh the access token | none |
| ZALO_API_BASE, ZALO_OAUTH_BASE | API and OAuth hosts | https://openapi.zalo.me, https://oauth.zaloapp.com |
| ZALO_MAX_EVENT_AGE_SECONDS | how far an event's timestamp may be from now | 300 |
| REDIS_URL, VOICE_GATEWAY_URL | see connectors/platform.py | none |
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import httpx
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.platform import (
    UNSUPPORTED_ATTACHMENT,
    VOICE_UNCLEAR,
    VOICE_UNSUPPORTED,
    Background,
    Deduplicator,
    split_text,
    transcribe,
)
from connectors.rest import MAX_MESSAGE_CHARS, TOO_LONG_REPLY, clean_text
from connectors.zalo_api import TokenStore, ZaloApi, ZaloSettings, verify_delivery

log = logging.getLogger(__name__)

SENDER_PREFIX = "zalo:"
TEXT_LIMIT = 2000  # per message (an integrator's tests; not confirmed by Zalo's docs)
MAX_BUTTONS = 5
TITLE_LIMIT = 100  # sources disagree (20 or 100); the domain's longest title has 34 characters
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOADABLE = {".pdf": "application/pdf", ".doc": "application/msword",
              ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
UNSUPPORTED_EVENTS = frozenset({"user_send_image", "user_send_file", "user_send_sticker", "user_send_gif",
                                "user_send_location", "user_send_link", "user_send_video", "user_send_business_card"})
HANDLED_EVENTS = UNSUPPORTED_EVENTS | {"user_send_text", "user_send_audio", "follow"}
MORE_CHOICES = "Các lựa chọn khác:"
CHOOSE = "Mời bạn chọn:"
FAILURE_REPLY = "Xin lỗi, hệ thống đang gặp sự cố. Bạn vui lòng thử lại sau ít phút."
GREETING = "/greet"


def user_of(event: Dict[str, Any]) -> str:
    """The Zalo user an event is about: the follower for follow/unfollow, else the sender."""
    if event.get("event_name") in ("follow", "unfollow"):
        who = (event.get("follower") or {}).get("id") or (event.get("sender") or {}).get("id")
    else:
        who = (event.get("sender") or {}).get("id")
    return str(who).strip() if who is not None else ""


def delivery_id(event: Dict[str, Any]) -> str:
    msg_id = (event.get("message") or {}).get("msg_id")
    if msg_id:
        return str(msg_id)
    return f"{event.get('event_name')}:{user_of(event)}:{event.get('timestamp')}"


def button_of(button: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """A Rasa button as a Zalo button: a payload is sent back unseen (``oa.query.hide``), a URL is opened."""
    title = str(button.get("title") or "").strip()[:TITLE_LIMIT]
    if not title:
        return None
    if button.get("url"):
        return {"title": title, "type": "oa.open.url", "payload": {"url": str(button["url"])}}
    if not button.get("payload"):
        return None
    return {"title": title, "type": "oa.query.hide", "payload": str(button["payload"])}


class ZaloOutput(OutputChannel):
    """Sends replies with the customer-service message API. One long text per reply rather than Rasa's "\\n\\n"
    pieces: every message counts against the OA's quota of replies per user."""

    @classmethod
    def name(cls) -> Text:
        return "zalo"

    def __init__(self, api: ZaloApi) -> None:
        self.api = api

    async def _send(self, recipient_id: Text, message: Dict[str, Any]) -> bool:
        return await self.api.send(recipient_id.removeprefix(SENDER_PREFIX), message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for piece in split_text(text, TEXT_LIMIT):
            await self._send(recipient_id, {"text": piece})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        zalo_buttons = [b for b in (button_of(b) for b in buttons or []) if b]
        if not zalo_buttons:
            await self.send_text_message(recipient_id, text)
            return
        *head, last = split_text(text, TEXT_LIMIT) or [CHOOSE]
        for piece in head:
            await self._send(recipient_id, {"text": piece})
        for start in range(0, len(zalo_buttons), MAX_BUTTONS):
            group = zalo_buttons[start:start + MAX_BUTTONS]
            await self._send(recipient_id, {"text": last if start == 0 else MORE_CHOICES,
                                            "attachment": {"type": "template", "payload": {"buttons": group}}})

    async def send_quick_replies(self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]],
                                 **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        media = {"template_type": "media", "elements": [{"media_type": "image", "url": image}]}
        await self._send(recipient_id, {"attachment": {"type": "template", "payload": media}})

    async def send_attachment(self, recipient_id: Text, attachment: Any, **kwargs: Any) -> None:
        if isinstance(attachment, str) and attachment.startswith(("http://", "https://")):
            await self.send_text_message(recipient_id, f"Tệp đính kèm: {attachment}")
        else:
            log.info("attachment of type %s not sent to Zalo", type(attachment).__name__)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if json_message.get("type") == "file" and json_message.get("url"):
            await self.send_file(recipient_id, str(json_message["url"]), str(json_message.get("name") or ""))
        else:
            log.info("custom message of type %r not sent to Zalo", json_message.get("type"))

    async def send_file(self, recipient_id: Text, url: str, name: str) -> None:
        """A generated document: downloaded from its link, uploaded to Zalo and sent as a file; its link as text
        when that is not possible (other formats, too large, the link or the upload failing)."""
        name = name or "Văn bản.docx"
        suffix = name[name.rfind("."):].lower() if "." in name else ""
        content = await self._download(url) if suffix in UPLOADABLE else None
        token = await self.api.upload_file(name, content, UPLOADABLE[suffix]) if content else None
        if not token or not await self._send(recipient_id, {"attachment": {"type": "file", "payload": {"token": token}}}):
            await self.send_text_message(recipient_id, f"{name}: {url}")

    async def _download(self, url: str) -> Optional[bytes]:
        try:
            async with self.api.client().stream("GET", url, follow_redirects=True) as answer:
                if answer.status_code != 200:
                    log.warning("document for Zalo not downloaded: HTTP %d", answer.status_code)
                    return None
                parts, size = [], 0
                async for chunk in answer.aiter_bytes():
                    size += len(chunk)
                    if size > MAX_UPLOAD_BYTES:
                        log.warning("document for Zalo over %d bytes: sent as a link", MAX_UPLOAD_BYTES)
                        return None
                    parts.append(chunk)
                return b"".join(parts) or None
        except httpx.HTTPError as error:
            log.warning("document for Zalo not downloaded: %s", type(error).__name__)
            return None


class ZaloInput(InputChannel):
    """``/webhooks/zalo/webhook``: signed deliveries of OA events, answered at once, handled in the background."""

    @classmethod
    def name(cls) -> Text:
        return "zalo"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if credentials:  # secrets come from the environment, never from credentials.yml
            log.warning("Zalo settings in credentials.yml are ignored (%s); set ZALO_* environment variables",
                        ", ".join(sorted(credentials)))
        return cls(ZaloSettings.from_env())

    def __init__(self, settings: ZaloSettings) -> None:
        self.settings = settings
        if settings.missing:
            log.warning("Zalo channel refuses every delivery until %s is set", ", ".join(settings.missing))
        if not settings.access_token:
            log.warning("ZALO_ACCESS_TOKEN is not set: replies need a token already in the shared store")
        self.dedupe = Deduplicator("zalo", redis_url=settings.redis_url)
        self.background = Background()
        self._client: Optional[httpx.AsyncClient] = None
        self.tokens = TokenStore(settings, self.client)
        self.api = ZaloApi(settings, self.client, self.tokens)

    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0))
        return self._client

    def get_output_channel(self) -> OutputChannel:
        return ZaloOutput(self.api)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("vi_zalo_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if self.settings.missing:
                log.error("Zalo delivery refused: %s not set", ", ".join(self.settings.missing))
                return response.text("channel not configured", status=403)
            event, problem = verify_delivery(self.settings, request.body, request.headers.get("X-ZEvent-Signature"))
            if event is None:
                log.warning("Zalo delivery refused: %s", problem)
                return response.text("forbidden", status=403)
            self.background.run(self.handle(event, on_new_message), "Zalo event")
            return response.json({"status": "ok"})

        @hook.listener("before_server_stop")
        async def finish(_app: Any, _loop: Any) -> None:
            try:
                await asyncio.wait_for(self.background.drain(), timeout=5)
            except asyncio.TimeoutError:
                log.warning("Zalo events still running at shutdown were cancelled")
            if self._client is not None:
                await self._client.aclose()

        return hook

    async def handle(self, event: Dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """One verified event: a text, a voice message, another attachment, or a new follower."""
        name = str(event.get("event_name") or "")
        user_id = user_of(event)
        if name not in HANDLED_EVENTS or not user_id:
            log.info("Zalo event %r ignored", name)
            return
        if not await self.dedupe.first_time(delivery_id(event)):
            log.info("Zalo event %s delivered again: ignored", name)
            return
        sender = SENDER_PREFIX + user_id
        output = self.get_output_channel()
        message = event.get("message") or {}
        if name in UNSUPPORTED_EVENTS:
            await output.send_text_message(sender, UNSUPPORTED_ATTACHMENT)
            return
        if name == "follow":
            text, kind = GREETING, "follow"
        elif name == "user_send_audio":
            audio = next((a for a in message.get("attachments") or [] if a.get("type") == "audio"), {})
            transcript = await transcribe(self.client(), str((audio.get("payload") or {}).get("url") or ""))
            if not transcript:
                await output.send_text_message(sender, VOICE_UNSUPPORTED if transcript is None else VOICE_UNCLEAR)
                return
            text, kind = clean_text(transcript), "voice"
        else:
            text, kind = clean_text(message.get("text")), "text"
        if not text:
            return
        if len(text) > MAX_MESSAGE_CHARS:
            await output.send_text_message(sender, TOO_LONG_REPLY)
            return
        try:
            await on_new_message(UserMessage(text, output, sender, input_channel=self.name(),
                                             metadata={"channel_event": kind}))
        except Exception:
            log.exception("Zalo message failed")
            await output.send_text_message(sender, FAILURE_REPLY)
