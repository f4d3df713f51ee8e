"""The widget's file surface: only the widget's own files, the demo official's token only outside production."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from connectors import webchat
from identity import Settings, verify

SECRET = "webchat-test-secret-0123456789abcdef0123"


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("ASSISTANT_JWT_SECRET", SECRET)
    monkeypatch.delenv("ASSISTANT_ENV", raising=False)
    monkeypatch.delenv("WEBCHAT_VOICE_URL", raising=False)


def config_of(page: bytes) -> dict:
    match = re.search(r"Object\.assign\((\{.*?\}), window\.TroLyAo", page.decode("utf-8"))
    return json.loads(match.group(1))


def test_only_the_widget_and_demo_files_are_servable_with_their_types():
    assets = webchat.load_assets()
    assert {"trolyao.js", "trolyao.css", "demo/portal.html", "demo/mot-cua.html"} <= set(assets)
    assert all(not name.endswith(".py") and ".." not in name for name in assets)
    assert assets["trolyao.js"].content_type == "text/javascript; charset=utf-8"
    assert gzip.decompress(assets["trolyao.css"].gzipped) == assets["trolyao.css"].body


def test_the_official_page_carries_a_token_the_server_accepts_and_the_portal_none():
    assets = webchat.load_assets()
    official = config_of(webchat.demo_page(None, "mot-cua.html", assets["demo/mot-cua.html"]).body)
    verdict = verify(official["token"], Settings(secret=SECRET))
    assert verdict.official is not None and verdict.official.unit == "Sở Tư pháp tỉnh Lạng Sơn"
    portal = config_of(webchat.demo_page(None, "portal.html", assets["demo/portal.html"]).body)
    assert "token" not in portal and "voice" not in portal


def test_production_mode_never_mints_a_demo_token(monkeypatch):
    monkeypatch.setenv("ASSISTANT_ENV", "production")
    page = webchat.demo_page(None, "mot-cua.html", webchat.load_assets()["demo/mot-cua.html"])
    assert page.status == 404 and b"eyJ" not in page.body
    assert "production" in page.body.decode("utf-8")


def test_voice_settings_reach_the_page_and_cannot_break_out_of_the_script(monkeypatch):
    monkeypatch.setenv("WEBCHAT_VOICE_URL", "https://voice.example/</script><script>alert(1)</script>")
    page = webchat.demo_page(None, "portal.html", webchat.load_assets()["demo/portal.html"]).body.decode("utf-8")
    assert "</script><script>alert(1)" not in page
    assert config_of(page.encode())["voice"]["url"].endswith("alert(1)</script>")
