"""The web widget's files and its two demo host pages, served by the Rasa server under /webhooks/webchat/.

The widget talks to the REST channel (connectors/rest.py), which checks the official's token in
``metadata.token`` on every message; this module only serves files:

    GET /webhooks/webchat/trolyao.js, trolyao.css      the widget (cached, gzip when accepted, ETag)
    GET /webhooks/webchat/demo/                        index of the demo pages
    GET /webhooks/webchat/demo/portal.html             the provincial portal: an anonymous citizen
    GET /webhooks/webchat/demo/mot-cua.html            the one-stop software: a civil servant whose token the
                                                       page's host signs; here the server signs it itself, only
                                                       when ASSISTANT_ENV is not production (404 otherwise)

Settings: WEBCHAT_VOICE_URL and WEBCHAT_VOICE_KEY give the demo pages a microphone (the voice gateway);
WEBCHAT_DEMO_SUBJECT, WEBCHAT_DEMO_NAME, WEBCHAT_DEMO_UNIT name the demo official.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from identity import Settings, mint

log = logging.getLogger(__name__)

WEBCHAT_DIR = Path(__file__).resolve().parent.parent / "webchat"
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
ASSET_CACHE = "public, max-age=3600"
CONFIG_MARK = "/*TROLYAO_CONFIG*/{}"
USER_MARK = "/*TROLYAO_USER*/"
OFFICIAL_PAGE = "mot-cua.html"
DEMO_LIFETIME_SECONDS = 8 * 3600


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    content_type: str
    etag: str


def load_assets(directory: Path = WEBCHAT_DIR) -> Dict[str, Asset]:
    """Every servable file, keyed by its path under ``directory`` (nothing outside it can be asked for)."""
    assets: Dict[str, Asset] = {}
    for path in sorted(directory.rglob("*")):
        content_type = CONTENT_TYPES.get(path.suffix)
        if not path.is_file() or content_type is None:
            continue
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        assets[path.relative_to(directory).as_posix()] = Asset(body, gzip.compress(body, 9, mtime=0), content_type,
                                                               etag)
    return assets


def serve_asset(request: Request, asset: Asset) -> HTTPResponse:
    headers = {"Cache-Control": ASSET_CACHE, "ETag": asset.etag, "Vary": "Accept-Encoding",
               "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == asset.etag:
        return response.empty(status=304, headers=headers)
    body = asset.body
    if "gzip" in request.headers.get("accept-encoding", ""):
        body, headers["Content-Encoding"] = asset.gzipped, "gzip"
    return response.raw(body, headers=headers, content_type=asset.content_type)


def page_config(official: bool, environ: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """What the host page gives the widget; the official page carries a freshly signed token."""
    env = os.environ if environ is None else environ
    config: Dict[str, Any] = {"title": "Trợ lý ảo"}
    voice_url = env.get("WEBCHAT_VOICE_URL", "").strip()
    if voice_url:
        config["voice"] = {"url": voice_url, "key": env.get("WEBCHAT_VOICE_KEY", "")}
    if official:
        config["title"] = "Trợ lý ảo cán bộ"
        config["token"] = mint(
            env.get("WEBCHAT_DEMO_SUBJECT", "cb-demo"),
            unit=env.get("WEBCHAT_DEMO_UNIT", "Sở Tư pháp tỉnh Lạng Sơn"),
            name=env.get("WEBCHAT_DEMO_NAME", "Nguyễn Văn An"),
            lifetime_seconds=DEMO_LIFETIME_SECONDS,
        )
    return config


def render_page(template: bytes, official: bool) -> bytes:
    config = page_config(official)
    payload = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    env = os.environ
    user = f"{env.get('WEBCHAT_DEMO_NAME', 'Nguyễn Văn An')} — {env.get('WEBCHAT_DEMO_UNIT', 'Sở Tư pháp tỉnh Lạng Sơn')}"
    text = template.decode("utf-8").replace(CONFIG_MARK, payload).replace(USER_MARK, html.escape(user))
    return text.encode("utf-8")


def demo_page(request: Request, name: str, template: Asset) -> HTTPResponse:
    official = name == OFFICIAL_PAGE
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
    if official and Settings.from_env().production:
        return response.text("Trang thử nghiệm cho cán bộ bị tắt ở chế độ production (ASSISTANT_ENV=production): "
                             "mã thông báo do phần mềm một cửa ký.", status=404, headers=headers)
    try:
        body = render_page(template.body, official)
    except Exception as error:  # no secret configured: the page says so instead of failing silently
        log.warning("demo page %s not rendered: %s", name, error)
        return response.text("Chưa cấu hình khóa ký mã thông báo (ASSISTANT_JWT_SECRET).", status=503, headers=headers)
    return response.raw(body, headers=headers, content_type=template.content_type)


class WebchatInput(InputChannel):
    """Not a chat channel: the widget's files and demo pages, mounted under /webhooks/webchat/."""

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebchatInput":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        assets = load_assets()
        webchat = Blueprint("vi_webchat", __name__)

        @webchat.route("/", methods=["GET", "HEAD"])
        async def root(request: Request) -> HTTPResponse:
            return response.redirect(request.path.rstrip("/") + "/demo/")

        @webchat.route("/<path:path>", methods=["GET", "HEAD"])
        async def serve(request: Request, path: str) -> HTTPResponse:
            if path == "demo":
                return response.redirect(request.path + "/")
            path = path + "index.html" if path.endswith("/") else path
            asset = assets.get(path)
            if asset is None:
                return response.text("Không tìm thấy.", status=404, content_type="text/plain; charset=utf-8")
            if path.startswith("demo/") and path.endswith(".html"):
                return demo_page(request, path.rsplit("/", 1)[-1], asset)
            return serve_asset(request, asset)

        return webchat
