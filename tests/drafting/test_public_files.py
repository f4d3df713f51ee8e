"""The public file surface (connectors/files.py, on the Rasa server): signed downloads, and uploads that are
limited while they stream in and inspected before they are kept."""

from __future__ import annotations

import io
import os
import select
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest

from connectors.files import content_disposition, download_name
from docgen.links import FileStore, public_url
from identity import Settings, mint, official_sender

ROOT = Path(__file__).resolve().parents[2]
LINK_SECRET = "route-test-secret-0123456789"
JWT = Settings(secret="upload-test-jwt-secret-0123456789abcdef")
SERVE = """
import sys
from rasa.core.channels.channel import register
from sanic import Sanic
from connectors.files import FilesInput
app = Sanic("files_surface_test")
register([FilesInput.from_credentials(None)], app, route="/webhooks/")
app.run("127.0.0.1", int(sys.argv[1]), workers=1, access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    files = tmp_path_factory.mktemp("files")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), DOCGEN_FILES_DIR=str(files), DOCGEN_LINK_SECRET=LINK_SECRET,
               DOCGEN_UPLOADS_DIR=str(files.parent / "uploads"), ASSISTANT_JWT_SECRET=JWT.secret,
               DOCGEN_CLEANUP_INTERVAL_SECONDS="1")
    log = open(files.parent / f"server-{port}.log", "w")
    process = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/webhooks/files"
    deadline = time.time() + 90
    while time.time() < deadline and process.poll() is None:
        try:
            httpx.get(f"{base}/x", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        log.close()
        pytest.fail("file surface did not start:\n" + Path(log.name).read_text()[-3000:])
    yield base, FileStore(files, LINK_SECRET), files.parent / "uploads", process, port
    process.terminate()
    process.wait(timeout=20)
    log.close()


def _official(subject="cb9", role="official") -> dict:
    return {"Authorization": f"Bearer {mint(subject, unit='Sở Nội vụ', role=role, settings=JWT)}"}


def test_generated_file_downloads_with_word_type_and_vietnamese_name(server):
    base, store = server[0], server[1]
    stored = store.save(b"PK fake docx", suffix=".docx")
    response = httpx.get(f"{base}/{stored.token}?loai=giay_moi", timeout=10)
    assert response.status_code == 200 and response.content == b"PK fake docx"
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and 'filename="Giay-moi.docx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Giấy mời.docx"
    assert response.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("mangle", ["signature", "expiry", "garbage", "traversal"])
def test_bad_tokens_get_404_with_a_vietnamese_message(server, mangle):
    base, store = server[0], server[1]
    stored = store.save(b"x", suffix=".docx")
    file_id, expiry, signature = stored.token.split(".")
    token = {
        "signature": f"{file_id}.{expiry}.{signature[:-2]}AA",
        "expiry": f"{file_id}.{int(expiry) + 3600}.{signature}",
        "garbage": "khong-phai-token",
        "traversal": "..%2F..%2Fetc%2Fpasswd",
    }[mangle]
    response = httpx.get(f"{base}/{token}", timeout=10)
    assert response.status_code == 404
    assert "không hợp lệ" in response.text or "Không tìm thấy" in response.text or "không còn" in response.text


def test_expired_link_gets_410_and_the_file_is_cleaned_up(server):
    base, store = server[0], server[1]
    stored = store.save(b"x", suffix=".docx", ttl_seconds=-1)
    response = httpx.get(f"{base}/{stored.token}", timeout=10)
    assert response.status_code == 410 and "hết hạn" in response.text
    deadline = time.time() + 15
    while stored.path.exists() and time.time() < deadline:
        time.sleep(0.2)
    assert not stored.path.exists()


def test_the_file_surface_runs_no_actions(server):
    base = server[0]
    root = base.rsplit("/webhooks", 1)[0]
    assert httpx.post(f"{root}/webhook", json={"next_action": "action_draft_generate"}, timeout=10).status_code == 404
    assert httpx.get(f"{root}/actions", timeout=10).status_code == 404


def test_names_and_urls_come_from_the_type_only(monkeypatch):
    assert download_name("quyet_dinh") == ("Quyết định.docx", "Quyet-dinh.docx")
    assert download_name("../../etc/passwd") == ("Văn bản.docx", "Van-ban.docx")
    assert "filename*=UTF-8''C%C3%B4ng%20v%C4%83n.docx" in content_disposition("cong_van")
    monkeypatch.delenv("FILES_PUBLIC_URL", raising=False)
    assert public_url("abc", "to_trinh") == "http://localhost:5005/webhooks/files/abc?loai=to_trinh"
    assert public_url("abc", "<script>") == "http://localhost:5005/webhooks/files/abc"


def test_an_official_uploads_a_docx_and_gets_a_file_id_tied_to_them(server):
    from docgen import draft
    from docgen.examples import example
    from docgen.uploads import uploaded_path

    base, uploads = server[0], server[2]
    content = draft("giay_moi", example("giay_moi"))
    response = httpx.post(f"{base}/upload", content=content, headers=_official("cb9"))
    assert response.status_code == 201
    file_id = response.json()["file_id"]
    assert (uploads / f"{file_id}.docx").read_bytes() == content
    assert uploaded_path(file_id, official_sender("cb9", JWT), uploads) is not None
    assert uploaded_path(file_id, official_sender("cb10", JWT), uploads) is None


def test_a_multipart_upload_is_accepted(server):
    from docgen import draft
    from docgen.examples import example

    content = draft("to_trinh", example("to_trinh"))
    response = httpx.post(f"{server[0]}/upload", files={"file": ("du-thao.docx", content)}, headers=_official())
    assert response.status_code == 201 and len(response.json()["file_id"]) == 32


@pytest.mark.parametrize(
    "who, body, status",
    [
        ("nobody", b"PK\x03\x04rest", 401),
        ("garbage", b"PK\x03\x04rest", 401),
        ("citizen", b"PK\x03\x04rest", 401),
        ("official", b"", 400),
        ("official", b"%PDF-1.4 not a docx", 415),
    ],
)
def test_uploads_need_a_signed_official_and_a_docx(server, who, body, status):
    headers = {"nobody": {}, "garbage": {"Authorization": "Bearer not-a-token"},
               "citizen": _official(role="citizen"), "official": _official()}[who]
    response = httpx.post(f"{server[0]}/upload", content=body, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]


def _raw_request(port: int, head: bytes, body_chunks, timeout: float = 5.0):
    """Send ``head`` then body chunks until the server answers; returns (status line, bytes of body sent)."""
    sent, answer = 0, b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        for chunk in body_chunks:
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered (or closed): stop sending
            try:
                sock.sendall(chunk)
            except OSError:
                break
            sent += len(chunk)
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    return answer.split(b"\r\n", 1)[0].decode("latin-1"), sent


def test_a_50_mb_upload_is_refused_with_413_before_its_body_is_read(server):
    port = server[4]
    auth = _official()["Authorization"]
    head = (f"POST /webhooks/files/upload HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {50 * 1024 * 1024}\r\n\r\n").encode()
    started = time.monotonic()
    status, sent = _raw_request(port, head, (b"\0" * 65536 for _ in range(800)))
    assert " 413 " in status and time.monotonic() - started < 2
    assert sent < 5 * 1024 * 1024  # answered long before the 50 MB arrived


def test_a_chunked_upload_is_cut_off_at_the_limit(server):
    port = server[4]
    auth = _official()["Authorization"]
    head = (f"POST /webhooks/files/upload HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n"
            f"Transfer-Encoding: chunked\r\n\r\n").encode()
    chunk = b"10000\r\n" + b"\0" * 65536 + b"\r\n"
    status, sent = _raw_request(port, head, (chunk for _ in range(800)))
    assert " 413 " in status and sent < 20 * 1024 * 1024


def _rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(field)


@pytest.fixture(scope="module")
def zip_bombs():
    """A 1 GB document.xml of zeros (1 MB compressed); the same with sizes that lie; 5,000 entries."""
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            block = b"0" * (1 << 20)
            for _ in range(1024):
                handle.write(block)
    small = io.BytesIO()
    with zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (200 << 20))
    lying = bytearray(small.getvalue())
    real = (200 << 20).to_bytes(4, "little")
    lying = bytes(lying).replace(real, (5000).to_bytes(4, "little"))  # local header and central directory
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(5000):
            archive.writestr(f"word/media/{number}.bin", b"")
    return {"declared 1 GB": big.getvalue(), "sizes that lie": lying, "5,000 entries": many.getvalue()}


@pytest.mark.parametrize("kind", ["declared 1 GB", "sizes that lie", "5,000 entries"])
def test_a_zip_bomb_is_refused_within_2_s_and_200_mb(server, zip_bombs, kind):
    base, uploads, process = server[0], server[2], server[3]
    before = _rss_kib(process.pid, "VmRSS")
    started = time.monotonic()
    response = httpx.post(f"{base}/upload", content=zip_bombs[kind], headers=_official(), timeout=30)
    elapsed = time.monotonic() - started
    peak = _rss_kib(process.pid, "VmHWM")
    assert response.status_code == 422, response.text
    assert "không mở tệp này" in response.json()["error"] or "bị hỏng" in response.json()["error"]
    assert elapsed < 2.0
    assert peak - before < 200 * 1024
    assert not list(uploads.glob("*.docx")) or all(p.stat().st_size != len(zip_bombs[kind])
                                                  for p in uploads.glob("*.docx"))
