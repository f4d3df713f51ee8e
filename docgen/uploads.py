"""Drafts uploaded by civil servants for the format check: kept under random names, tied to their uploader,
and opened only after the .docx (a zip archive) has been inspected in bounded memory and time.

A zip bomb (huge declared sizes, extreme compression ratios, thousands of entries, or sizes that lie) gets a
clear refusal before python-docx ever parses it.

| variable | meaning | default |
| --- | --- | --- |
| DOCGEN_UPLOADS_DIR | folder of uploaded drafts | var/uploads |
"""

from __future__ import annotations

import io
import json
import os
import re
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Optional, Union

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_FILE_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class DocxLimits:
    max_entries: int = 1000
    max_total_bytes: int = 40 * 1024 * 1024  # all entries, uncompressed
    max_xml_bytes: int = 10 * 1024 * 1024  # one XML part, uncompressed (python-docx parses it whole)
    max_ratio: float = 100.0  # uncompressed / compressed, for entries over 1 MB


class UnsafeDocx(ValueError):
    """The upload is not a .docx that can be opened safely; the message is shown to the user."""


def inspect_docx(source: Union[bytes, str, Path, BinaryIO], limits: DocxLimits = DocxLimits()) -> None:
    """Raise UnsafeDocx unless ``source`` is a Word archive within ``limits``. Every entry is decompressed in
    64 KB chunks and counted, so sizes that lie in the archive's directory are caught too."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnsafeDocx("Tệp không phải văn bản Word (.docx).") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise UnsafeDocx(f"Tệp có quá nhiều thành phần ({len(entries)}); không mở tệp này.")
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise UnsafeDocx("Tệp không phải văn bản Word (.docx).")
        if sum(entry.file_size for entry in entries) > limits.max_total_bytes:
            raise UnsafeDocx("Nội dung tệp khi giải nén quá lớn; không mở tệp này.")
        total = 0
        for entry in entries:
            _check_entry(entry, limits)
            total += _read_counted(archive, entry, limits, limits.max_total_bytes - total)


def _entry_limit(entry: zipfile.ZipInfo, limits: DocxLimits) -> int:
    xml = entry.filename.lower().endswith((".xml", ".rels"))
    return limits.max_xml_bytes if xml else limits.max_total_bytes


def _check_entry(entry: zipfile.ZipInfo, limits: DocxLimits) -> None:
    if entry.flag_bits & 0x1:
        raise UnsafeDocx("Tệp có thành phần được mã hóa; hãy gửi bản không đặt mật khẩu.")
    if entry.file_size > _entry_limit(entry, limits):
        raise UnsafeDocx("Nội dung tệp khi giải nén quá lớn; không mở tệp này.")
    if entry.file_size > 1024 * 1024 and entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
        raise UnsafeDocx("Tệp bị nén bất thường (nghi là tệp độc hại); không mở tệp này.")


def _read_counted(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limits: DocxLimits, budget: int) -> int:
    limit = min(_entry_limit(entry, limits), budget)
    count = 0
    try:
        with archive.open(entry) as handle:
            while True:
                chunk = handle.read(64 * 1024)
                if not chunk:
                    break
                count += len(chunk)
                if count > limit:
                    raise UnsafeDocx("Nội dung tệp khi giải nén quá lớn; không mở tệp này.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise UnsafeDocx("Tệp Word bị hỏng; hãy lưu lại rồi gửi lại.") from None
    return count


def uploads_dir() -> Path:
    return Path(os.environ.get("DOCGEN_UPLOADS_DIR", "var/uploads"))


def store_upload(content: bytes, owner: str, folder: Optional[Path] = None) -> str:
    """Keep an inspected .docx under a random name, noting who uploaded it; returns its file id."""
    folder = folder or uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    file_id = uuid.uuid4().hex
    (folder / f"{file_id}.owner.json").write_text(json.dumps({"owner": owner}), encoding="utf-8")
    (folder / f"{file_id}.docx").write_bytes(content)
    return file_id


def uploaded_path(file_id: object, owner: str, folder: Optional[Path] = None) -> Optional[Path]:
    """The upload ``file_id`` if it exists and belongs to ``owner``; None otherwise (never a path outside)."""
    if not isinstance(file_id, str) or not _FILE_ID.match(file_id):
        return None
    root = (folder or uploads_dir()).resolve()
    path, meta = root / f"{file_id}.docx", root / f"{file_id}.owner.json"
    try:
        recorded = json.loads(meta.read_text(encoding="utf-8")).get("owner")
    except (OSError, ValueError, AttributeError):
        return None
    return path if recorded == owner and path.is_file() else None


def remove_old_uploads(max_age_seconds: float, folder: Optional[Path] = None) -> int:
    folder = folder or uploads_dir()
    if not folder.is_dir():
        return 0
    limit, removed = time.time() - max_age_seconds, 0
    for path in folder.glob("*.docx"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            (folder / f"{path.stem}.owner.json").unlink(missing_ok=True)
            removed += 1
    return removed
