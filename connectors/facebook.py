"""Facebook Messenger channel: Rasa's built-in one, made safe and complete.

Differences from ``rasa.core.channels.facebook``: the ``X-Hub-Signature-256`` header (HMAC-SHA256 of the raw body
with the app secret, compared in constant time) is checked before anything else and a bad one gets 403; the
webhook answers at once and the work runs in the background; every entry and every messaging event of a batched
delivery is handled (the built-in keeps only the first); a delivery repeated by Facebook is answered once; voice
messages go through the voice gateway; sending is asynchronous (httpx) with retries; more than 3 buttons become
quick replies (at most 13). Messenger users are citizens: no identity token travels with their messages.

| variable | meaning |
| --- | --- |
| FACEBOOK_VERIFY_TOKEN | the token Facebook echoes when the webhook is registered |
| FACEBOOK_APP_SECRET | signs every delivery |
| FACEBOOK_PAGE_ACCESS_TOKEN | sends the replies |
| FACEBOOK_GRAPH_URL | Graph API base (default https://graph.facebook.com/v19.0) |
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

import httpx
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput as RasaFacebookInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.platform import (
    UNSUPPORTED_ATTACHMENT,
    VOICE_UNCLEAR,
    VOICE_UNSUPPORTED,
    Background,
    Deduplicator,
    post_with_retry,
    split_text,
    transcribe,
)

log = logging.getLogger(__name__)

SENDER_PREFIX = "fb:"
TEXT_LIMIT = 2000
BUTTON_TEXT_LIMIT = 640
MAX_BUTTONS = 3
MAX_QUICK_REPLIES = 13
TITLE_LIMIT = 20
REQUIRED = ("FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN")


def signature_valid(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    """``X-Hub-Signature-256: sha256=<hex>`` over the raw body, compared in constant time."""
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):].strip())


def messaging_events(payload: Dict[str, Any]) -> Iterable[Dict[str, Any]]:
    """Every messaging event of every entry of a (possibly batched) delivery."""
    for entry in payload.get("entry") or []:
        for event in entry.get("messaging") or []:
            if isinstance(event, dict) and (event.get("sender") or {}).get("id"):
                yield event


def event_id(event: Dict[str, Any]) -> str:
    message = event.get("message") or {}
    if message.get("mid"):
        return str(message["mid"])
    postback = event.get("postback") or {}
    return str(postback.get("mid") or f"{event['sender']['id']}:{event.get('timestamp')}:{postback.get('payload')}")


class MessengerOutput(OutputChannel):
    """Sends replies with the Send API, asynchronously, splitting long texts and mapping buttons."""

    @classmethod
    def name(cls) -> Text:
        return "facebook"

    def __init__(self, client: httpx.AsyncClient, graph_url: str, page_token: str) -> None:
        self.client = client
        self.url = f"{graph_url.rstrip('/')}/me/messages"
        self.page_token = page_token

    async def _send(self, recipient_id: Text, message: Dict[str, Any]) -> None:
        body = {"recipient": {"id": recipient_id.removeprefix(SENDER_PREFIX)}, "messaging_type": "RESPONSE",
                "message": message}
        answer = await post_with_retry(self.client, "Messenger", self.url, json=body,
                                       params={"access_token": self.page_token})
        if answer is not None and answer.status_code >= 400:
            error = _error_of(answer)
            log.error("Messenger send failed: HTTP %d, code %s: %s", answer.status_code, error.get("code"),
                      error.get("message"))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for piece in split_text(text, TEXT_LIMIT):
            await self._send(recipient_id, {"text": piece})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        buttons = [b for b in buttons if b.get("title") and b.get("payload")]
        if len(buttons) > MAX_BUTTONS:
            await self.send_quick_replies(recipient_id, text, buttons)
            return
        *head, last = split_text(text, BUTTON_TEXT_LIMIT) or [" "]
        for piece in head:
            await self._send(recipient_id, {"text": piece})
        template = {"template_type": "button", "text": last,
                    "buttons": [{"type": "postback", "title": b["title"][:TITLE_LIMIT], "payload": b["payload"]}
                                for b in buttons]}
        await self._send(recipient_id, {"attachment": {"type": "template", "payload": template}})

    async def send_quick_replies(self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]],
                                 **kwargs: Any) -> None:
        *head, last = split_text(text, TEXT_LIMIT) or [" "]
        for piece in head:
            await self._send(recipient_id, {"text": piece})
        replies = [{"content_type": "text", "title": q["title"][:TITLE_LIMIT], "payload": q["payload"]}
                   for q in quick_replies[:MAX_QUICK_REPLIES] if q.get("title") and q.get("payload")]
        await self._send(recipient_id, {"text": last, "quick_replies": replies})

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, {"attachment": {"type": "image", "payload": {"url": image}}})

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if json_message.get("type") == "file" and json_message.get("url"):  # a generated document: its link
            await self.send_text_message(recipient_id, f"{json_message.get('name') or 'Văn bản'}: {json_message['url']}")
        else:
            log.info("custom message of type %r not sent to Messenger", json_message.get("type"))


def _error_of(answer: httpx.Response) -> Dict[str, Any]:
    try:
        return (answer.json() or {}).get("error") or {}
    except ValueError:
        return {}


class FacebookInput(RasaFacebookInput):
    """``/webhooks/facebook/webhook``: GET for the verification handshake, POST for deliveries."""

    @classmethod
    def name(cls) -> Text:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        env = os.environ
        return cls(
            credentials.get("verify") or env.get("FACEBOOK_VERIFY_TOKEN", ""),
            credentials.get("secret") or env.get("FACEBOOK_APP_SECRET", ""),
            credentials.get("page-access-token") or env.get("FACEBOOK_PAGE_ACCESS_TOKEN", ""),
        )

    def __init__(self, fb_verify: Text, fb_secret: Text, fb_access_token: Text) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.graph_url = os.environ.get("FACEBOOK_GRAPH_URL", "https://graph.facebook.com/v19.0")
        self.missing = [name for name, value in zip(REQUIRED, (fb_verify, fb_secret, fb_access_token), strict=True)
                        if not value]
        if self.missing:
            log.warning("Messenger channel refuses every delivery until %s is set", ", ".join(self.missing))
        self.dedupe = Deduplicator("facebook")
        self.background = Background()
        self._client: Optional[httpx.AsyncClient] = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0))
        return self._client

    def get_output_channel(self) -> OutputChannel:
        return MessengerOutput(self.client, self.graph_url, self.fb_access_token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("vi_facebook_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["GET"])
        async def verification(request: Request) -> HTTPResponse:
            given = request.args.get("hub.verify_token") or ""
            if self.fb_verify and request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                    given.encode("utf-8"), self.fb_verify.encode("utf-8")):
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("forbidden", status=403)

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if self.missing:
                log.error("Messenger delivery refused: %s not set", ", ".join(self.missing))
                return response.text("channel not configured", status=403)
            if not signature_valid(self.fb_secret, request.body, request.headers.get("X-Hub-Signature-256")):
                log.warning("Messenger delivery with a bad signature refused")
                return response.text("bad signature", status=403)
            try:
                payload = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
                return response.text("bad body", status=400)
            for event in messaging_events(payload if isinstance(payload, dict) else {}):
                self.background.run(self.handle(event, on_new_message), "Messenger event")
            return response.text("success")

        return hook

    async def handle(self, event: Dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """One messaging event: a text, a quick reply, a postback, or an attachment."""
        if not await self.dedupe.first_time(event_id(event)):
            return
        message = event.get("message") or {}
        if message.get("is_echo"):
            return
        sender = SENDER_PREFIX + str(event["sender"]["id"])
        output = self.get_output_channel()
        text = ((message.get("quick_reply") or {}).get("payload") or message.get("text")
                or (event.get("postback") or {}).get("payload"))
        attachments = message.get("attachments") or []
        if not text and attachments:
            audio = next((a for a in attachments if a.get("type") == "audio"), None)
            if audio is None:
                await output.send_text_message(sender, UNSUPPORTED_ATTACHMENT)
                return
            text = await transcribe(self.client, (audio.get("payload") or {}).get("url") or "")
            if not text:
                await output.send_text_message(sender, VOICE_UNSUPPORTED if text is None else VOICE_UNCLEAR)
                return
        if not text or not str(text).strip():
            return
        await on_new_message(UserMessage(str(text)[:2000], output, sender, input_channel=self.name(),
                                         metadata={"channel_event": "voice" if attachments else "text"}))
