"""Download links: unguessable names, expiry, tampering, cleanup."""

import re

import pytest

from docgen.links import FileStore


class Clock:
    def __init__(self, now=1_800_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    return FileStore(tmp_path / "files", secret="bí-mật-thử", ttl_seconds=3600, clock=clock)


def test_saved_file_is_served_until_it_expires(store, clock):
    stored = store.save(b"noi dung", suffix=".docx")
    assert re.fullmatch(r"[0-9a-f]{32}", stored.file_id) and stored.path.name == f"{stored.file_id}.docx"
    # the name is random, not derived from the content: the same bytes saved again get another name
    assert store.save(b"noi dung", suffix=".docx").file_id != stored.file_id
    result = store.verify(stored.token)
    assert result.ok and result.path.read_bytes() == b"noi dung"
    clock.now += 3601
    expired = store.verify(stored.token)
    assert not expired.ok and expired.reason == "expired"
    assert "hết hạn" in expired.message


def test_default_lifetime_is_24_hours(tmp_path, clock):
    store = FileStore(tmp_path, secret="s", clock=clock)
    stored = store.save(b"x")
    assert stored.expires_at - clock.now == 24 * 3600


def test_tampered_tokens_are_refused(store):
    stored = store.save(b"x")
    file_id, expiry, signature = stored.token.split(".")
    longer = f"{file_id}.{int(expiry) + 86400}.{signature}"
    assert store.verify(longer).reason == "bad_signature"
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    assert store.verify(f"{file_id}.{expiry}.{flipped}").reason == "bad_signature"
    other = store.save(b"y")
    assert store.verify(f"{other.file_id}.{expiry}.{signature}").reason == "bad_signature"
    assert store.verify("../../etc/passwd").reason == "malformed"


def test_token_from_another_secret_is_refused(tmp_path, clock, store):
    stored = store.save(b"x")
    intruder = FileStore(store.directory, secret="khác", clock=clock)
    assert intruder.verify(stored.token).reason == "bad_signature"


def test_deleted_file_is_reported_missing(store):
    stored = store.save(b"x")
    stored.path.unlink()
    assert store.verify(stored.token).reason == "missing"


def test_cleanup_deletes_only_expired_files(store, clock):
    old = store.save(b"old", ttl_seconds=60)
    fresh = store.save(b"fresh", ttl_seconds=7200)
    clock.now += 120
    assert store.cleanup() == 1
    assert not old.path.exists()
    assert fresh.path.exists() and store.verify(fresh.token).ok


def test_a_secret_is_required(tmp_path):
    with pytest.raises(ValueError):
        FileStore(tmp_path, secret="")
