"""`python -m actions.server`: the action server also serves generated files by expiring signed links."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest

from actions.server import content_disposition, download_name, ensure_link_secret, public_url
from docgen.links import FileStore

ROOT = Path(__file__).resolve().parents[2]
SECRET = "route-test-secret-0123456789"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    files = tmp_path_factory.mktemp("files")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), DOCGEN_FILES_DIR=str(files), DOCGEN_LINK_SECRET=SECRET,
               DOCGEN_UPLOADS_DIR=str(files.parent / "uploads"), ASSISTANT_JWT_SECRET=JWT_SECRET,
               DOCGEN_CLEANUP_INTERVAL_SECONDS="1", SANIC_HOST="127.0.0.1", ACTION_SERVER_SANIC_WORKERS="1")
    log = open(files.parent / f"server-{port}.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "actions.server", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        log.close()
        pytest.fail("actions.server did not start:\n" + Path(log.name).read_text()[-3000:])
    yield base, FileStore(files, SECRET), files.parent / "uploads"
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_generated_file_downloads_with_word_type_and_vietnamese_name(server):
    base, store, _uploads = server
    stored = store.save(b"PK fake docx", suffix=".docx")
    response = httpx.get(f"{base}/files/{stored.token}?loai=giay_moi", timeout=10)
    assert response.status_code == 200 and response.content == b"PK fake docx"
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and 'filename="Giay-moi.docx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Giấy mời.docx"
    assert response.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("mangle", ["signature", "expiry", "garbage", "traversal"])
def test_bad_tokens_get_404_with_a_vietnamese_message(server, mangle):
    base, store, _uploads = server
    stored = store.save(b"x", suffix=".docx")
    file_id, expiry, signature = stored.token.split(".")
    token = {
        "signature": f"{file_id}.{expiry}.{signature[:-2]}AA",
        "expiry": f"{file_id}.{int(expiry) + 3600}.{signature}",
        "garbage": "khong-phai-token",
        "traversal": "..%2F..%2Fetc%2Fpasswd",
    }[mangle]
    response = httpx.get(f"{base}/files/{token}", timeout=10)
    assert response.status_code == 404
    assert "không hợp lệ" in response.text or "Không tìm thấy" in response.text or "không còn" in response.text


def test_expired_link_gets_410_and_the_file_is_cleaned_up(server):
    base, store, _uploads = server
    stored = store.save(b"x", suffix=".docx", ttl_seconds=-1)
    response = httpx.get(f"{base}/files/{stored.token}", timeout=10)
    assert response.status_code == 410 and "hết hạn" in response.text
    deadline = time.time() + 15
    while stored.path.exists() and time.time() < deadline:
        time.sleep(0.2)
    assert not stored.path.exists()


def test_actions_are_still_served(server):
    base = server[0]
    names = {a["name"] for a in httpx.get(f"{base}/actions", timeout=10).json()}
    assert {"action_draft_start", "validate_draft_giay_moi_form", "action_session_start"} <= names


def test_secret_is_created_once_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCGEN_LINK_SECRET", raising=False)
    path = tmp_path / "var" / "docgen_link_secret"
    first = ensure_link_secret(path)
    assert len(first) >= 40 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_link_secret(path) == first
    monkeypatch.setenv("DOCGEN_LINK_SECRET", "from-env")
    assert ensure_link_secret(path) == "from-env"


def test_names_and_urls_come_from_the_type_only(monkeypatch):
    assert download_name("quyet_dinh") == ("Quyết định.docx", "Quyet-dinh.docx")
    assert download_name("../../etc/passwd") == ("Văn bản.docx", "Van-ban.docx")
    assert "filename*=UTF-8''C%C3%B4ng%20v%C4%83n.docx" in content_disposition("cong_van")
    monkeypatch.delenv("FILES_PUBLIC_URL", raising=False)
    assert public_url("abc", "to_trinh") == "http://localhost:5055/files/abc?loai=to_trinh"
    assert public_url("abc", "<script>") == "http://localhost:5055/files/abc"


def test_unknown_paths_are_404_not_server_errors(server):
    base = server[0]
    assert httpx.get(f"{base}/files/a/b", timeout=10).status_code == 404
    assert httpx.get(f"{base}/files/", timeout=10).status_code == 404
    assert httpx.get(f"{base}/khong-co", timeout=10).status_code == 404


JWT_SECRET = "upload-test-jwt-secret-0123456789abcdef"


def _official_token(secret: str = JWT_SECRET, role: str = "official") -> str:
    import jwt

    claims = {"sub": "cb9", "name": "Lê Văn C", "unit": "Sở Nội vụ", "role": role, "exp": int(time.time()) + 60}
    return jwt.encode(claims, secret, algorithm="HS256")


def test_an_official_uploads_a_docx_and_gets_a_file_id(server):
    from docgen import draft
    from docgen.examples import example

    base, uploads = server[0], server[2]
    content = draft("giay_moi", example("giay_moi"))
    response = httpx.post(f"{base}/files/upload", content=content,
                          headers={"Authorization": f"Bearer {_official_token()}"})
    assert response.status_code == 201
    file_id = response.json()["file_id"]
    assert (uploads / f"{file_id}.docx").read_bytes() == content


@pytest.mark.parametrize(
    "headers, body, status",
    [
        ({}, b"PK\x03\x04rest", 401),
        ({"Authorization": "Bearer not-a-token"}, b"PK\x03\x04rest", 401),
        ("citizen", b"PK\x03\x04rest", 401),
        ("official", b"", 400),
        ("official", b"%PDF-1.4 not a docx", 415),
    ],
)
def test_uploads_need_a_signed_official_and_a_docx(server, headers, body, status):
    if headers == "citizen":
        headers = {"Authorization": f"Bearer {_official_token(role='citizen')}"}
    elif headers == "official":
        headers = {"Authorization": f"Bearer {_official_token()}"}
    response = httpx.post(f"{server[0]}/files/upload", content=body, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]
