"""A generated draft comes with a picture of its first page (where LibreOffice can render it) beside the link."""

from __future__ import annotations

from actions import drafting
from docgen.links import FileStore
from docgen.settings import Settings
from tests.drafting.test_actions import GIAY_MOI, JWT, OFFICIAL, run, tracker

FAKE_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_JWT_SECRET", JWT.secret)
    monkeypatch.setenv("DOCGEN_FILES_DIR", str(tmp_path))
    monkeypatch.setenv("DOCGEN_LINK_SECRET", "test-link-secret")
    monkeypatch.setenv("FILES_PUBLIC_URL", "https://tro-ly.langson.gov.vn/tai-ve/")


def test_the_reply_carries_an_image_of_the_first_page_served_by_a_signed_link(monkeypatch, tmp_path):
    _environment(monkeypatch, tmp_path)
    monkeypatch.setattr(drafting, "first_page_png", lambda content: FAKE_PNG)
    messages, _ = run(drafting.ActionDraftGenerate(), tracker({**OFFICIAL, **GIAY_MOI, "draft_confirm": "tao"}))
    assert messages[0]["custom"]["url"].endswith("?loai=giay_moi")
    image = messages[1]["image"]
    assert image.startswith("https://tro-ly.langson.gov.vn/tai-ve/") and image != messages[0]["custom"]["url"]
    verified = FileStore.from_settings(Settings.from_env()).verify(image.rsplit("/", 1)[1])
    assert verified.ok and verified.path.suffix == ".png" and verified.path.read_bytes() == FAKE_PNG


def test_without_a_picture_the_reply_is_the_link_alone(monkeypatch, tmp_path):
    _environment(monkeypatch, tmp_path)
    monkeypatch.setattr(drafting, "first_page_png", lambda content: None)
    messages, _ = run(drafting.ActionDraftGenerate(), tracker({**OFFICIAL, **GIAY_MOI, "draft_confirm": "tao"}))
    assert len(messages) == 1 and "Tải về tại" in messages[0]["text"] and not messages[0].get("image")
