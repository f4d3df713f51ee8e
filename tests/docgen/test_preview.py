"""The picture of a draft's first page: LibreOffice when installed, nothing (and one log line) otherwise."""

from __future__ import annotations

import logging
import subprocess

import pytest

from docgen import draft, preview
from docgen.examples import example

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def content() -> bytes:
    return draft("giay_moi", example("giay_moi"))


def test_without_libreoffice_there_is_no_picture_and_the_log_says_why_once(content, monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(preview, "soffice_path", lambda: None)
    monkeypatch.setattr(preview, "_warned", set())
    env = {"DOCGEN_PREVIEW_CACHE": str(tmp_path)}
    with caplog.at_level(logging.WARNING, logger="docgen.preview"):
        assert preview.first_page_png(content, env) is None
        assert preview.first_page_png(content, env) is None
    assert [r.getMessage() for r in caplog.records].count(
        "draft previews are off: LibreOffice (soffice) is not installed; replies carry the download link alone") == 1


def test_previews_can_be_turned_off(content, tmp_path):
    assert preview.first_page_png(content, {"DOCGEN_PREVIEW": "0", "DOCGEN_PREVIEW_CACHE": str(tmp_path)}) is None


@pytest.mark.slow
@pytest.mark.skipif(preview.soffice_path() is None, reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
def test_first_page_is_rendered_once_then_served_from_the_cache(content, monkeypatch, tmp_path):
    env = {"DOCGEN_PREVIEW_CACHE": str(tmp_path)}
    png = preview.first_page_png(content, env)
    assert png and png.startswith(PNG_SIGNATURE) and len(png) > 5000
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert 1.3 < height / width < 1.5  # an A4 page, portrait

    def no_second_conversion(*args, **kwargs):
        raise AssertionError("converted again instead of using the cache")

    monkeypatch.setattr(subprocess, "run", no_second_conversion)
    assert preview.first_page_png(content, env) == png


def test_a_timeout_gives_no_picture(content, monkeypatch, tmp_path):
    monkeypatch.setattr(preview, "soffice_path", lambda: "/usr/bin/soffice")

    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs.get("timeout"))

    monkeypatch.setattr(subprocess, "run", slow)
    assert preview.first_page_png(content, {"DOCGEN_PREVIEW_CACHE": str(tmp_path)}) is None
