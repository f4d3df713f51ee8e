"""A file store for generated documents, served through expiring signed download tokens.

A token is ``<file id>.<expiry unix time>.<signature>`` where the signature is HMAC-SHA256 of
``"<file id>.<expiry>"`` with the server's secret (DOCGEN_LINK_SECRET). File names are random UUIDs,
never taken from the user; each stored file has a small sidecar recording its expiry, so
``cleanup()`` can delete what has expired without any token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Union

from docgen.settings import Settings

log = logging.getLogger(__name__)

_ID = re.compile(r"^[0-9a-f]{32}$")
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")

REASON_EXPIRED = "expired"
REASON_BAD_SIGNATURE = "bad_signature"
REASON_MISSING = "missing"
REASON_MALFORMED = "malformed"
REASON_MESSAGES = {
    REASON_EXPIRED: "Đường dẫn tải văn bản đã hết hạn.",
    REASON_BAD_SIGNATURE: "Đường dẫn tải văn bản không hợp lệ.",
    REASON_MALFORMED: "Đường dẫn tải văn bản không hợp lệ.",
    REASON_MISSING: "Văn bản không còn trên máy chủ.",
}


@dataclass(frozen=True)
class Verified:
    """Result of ``verify``: a path to serve, or the reason for refusing."""

    path: Optional[Path] = None
    reason: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.path is not None

    @property
    def message(self) -> str:
        return REASON_MESSAGES.get(self.reason or "", "")


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    path: Path
    expires_at: int
    token: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class FileStore:
    """Stores files under random names and issues tokens that expire."""

    def __init__(self, directory: Union[str, Path], secret: str, ttl_seconds: float = 24 * 3600,
                 clock: Callable[[], float] = time.time) -> None:
        if not secret:
            raise ValueError("DOCGEN_LINK_SECRET must be set to issue download links")
        self.directory = Path(directory)
        self._secret = secret.encode("utf-8")
        self.ttl_seconds = ttl_seconds
        self._clock = clock

    @classmethod
    def from_settings(cls, settings: Optional[Settings] = None) -> "FileStore":
        settings = settings or Settings.from_env()
        return cls(settings.files_dir, settings.link_secret or "", settings.link_ttl_hours * 3600)

    def _sign(self, file_id: str, expires_at: int) -> str:
        message = f"{file_id}.{expires_at}".encode("ascii")
        return _b64(hmac.new(self._secret, message, hashlib.sha256).digest())

    def _find(self, file_id: str) -> Optional[Path]:
        for candidate in self.directory.glob(f"{file_id}.*"):
            if candidate.suffix != ".json":
                return candidate
        return None

    def save(self, content: bytes, suffix: str = ".docx", ttl_seconds: Optional[float] = None) -> StoredFile:
        """Store ``content`` under a new random name; returns the file and its download token."""
        if not _SUFFIX.match(suffix):
            raise ValueError("unsupported file suffix")
        self.directory.mkdir(parents=True, exist_ok=True)
        file_id = uuid.uuid4().hex
        expires_at = int(self._clock() + (self.ttl_seconds if ttl_seconds is None else ttl_seconds))
        path = self.directory / f"{file_id}{suffix}"
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_bytes(content)
        os.replace(temporary, path)
        (self.directory / f"{file_id}.json").write_text(json.dumps({"expires_at": expires_at}))
        log.info("stored generated file %s (expires %d)", file_id, expires_at)
        return StoredFile(file_id, path, expires_at, self.token(file_id, expires_at))

    def token(self, file_id: str, expires_at: int) -> str:
        return f"{file_id}.{expires_at}.{self._sign(file_id, expires_at)}"

    def verify(self, token: str) -> Verified:
        """The file a token points to, or why it is refused (expired, bad_signature, missing, malformed)."""
        parts = token.split(".") if isinstance(token, str) else []
        if len(parts) != 3 or not _ID.match(parts[0]) or not parts[1].isdigit():
            return Verified(reason=REASON_MALFORMED)
        file_id, expiry_text, signature = parts
        expected = self._sign(file_id, int(expiry_text))
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace")):
            return Verified(reason=REASON_BAD_SIGNATURE)
        if int(expiry_text) <= self._clock():
            return Verified(reason=REASON_EXPIRED)
        path = self._find(file_id)
        if path is None or not path.is_file():
            return Verified(reason=REASON_MISSING)
        return Verified(path=path)

    def cleanup(self) -> int:
        """Delete every stored file whose expiry has passed; returns how many were deleted."""
        if not self.directory.is_dir():
            return 0
        now = self._clock()
        removed = 0
        for meta in self.directory.glob("*.json"):
            file_id = meta.stem
            if not _ID.match(file_id):
                continue
            try:
                expires_at = int(json.loads(meta.read_text()).get("expires_at", 0))
            except (ValueError, OSError, AttributeError):
                expires_at = 0
            if expires_at > now:
                continue
            path = self._find(file_id)
            if path is not None:
                path.unlink(missing_ok=True)
                removed += 1
            meta.unlink(missing_ok=True)
        if removed:
            log.info("removed %d expired generated files", removed)
        return removed


DEFAULT_PUBLIC_URL = "http://localhost:5005/webhooks/files"


def public_url(token: str, doc_type: Optional[str] = None) -> str:
    """The download address of a stored file on the public file surface (FILES_PUBLIC_URL)."""
    from docgen.doctypes import TYPES

    base = (os.environ.get("FILES_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")
    query = f"?loai={doc_type}" if doc_type in TYPES else ""
    return f"{base}/{token}{query}"
