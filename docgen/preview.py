"""A PNG picture of a generated document's first page, for chat channels that show images.

LibreOffice (headless) converts the .docx to PDF and ``pdftoppm`` (poppler) renders page 1; without
``pdftoppm`` LibreOffice exports the first page to PNG itself. Both run as subprocesses with a timeout,
so callers in async code run ``first_page_png`` in a thread. Results are cached by the document's
SHA-256. Without LibreOffice there is no preview: the log says why once, and callers send the link alone.

| variable | meaning | default |
| --- | --- | --- |
| DOCGEN_PREVIEW | ``0`` turns previews off | on |
| DOCGEN_PREVIEW_TIMEOUT | seconds allowed for one conversion | 60 |
| DOCGEN_PREVIEW_DPI | resolution of the picture | 60 |
| DOCGEN_PREVIEW_CACHE | cache folder | ``<DOCGEN_FILES_DIR>/previews`` |
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Mapping, Optional

from docgen.settings import Settings

log = logging.getLogger(__name__)

CACHE_LIMIT = 200  # pictures kept; the oldest are removed beyond this
_lock = threading.Lock()  # one LibreOffice per profile at a time
_warned: set = set()


def _warn_once(reason: str) -> None:
    if reason not in _warned:
        _warned.add(reason)
        log.warning("draft previews are off: %s; replies carry the download link alone", reason)


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        value = float(env.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def soffice_path() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def cache_dir(env: Optional[Mapping[str, str]] = None) -> Path:
    env = os.environ if env is None else env
    configured = env.get("DOCGEN_PREVIEW_CACHE")
    return Path(configured) if configured else Path(Settings.from_env(env).files_dir) / "previews"


def first_page_png(content: bytes, env: Optional[Mapping[str, str]] = None) -> Optional[bytes]:
    """The first page of the .docx ``content`` as PNG bytes, or None (no LibreOffice, timeout, failure)."""
    env = os.environ if env is None else env
    if env.get("DOCGEN_PREVIEW", "1").strip() == "0":
        return None
    soffice = soffice_path()
    if soffice is None:
        _warn_once("LibreOffice (soffice) is not installed")
        return None
    cache = cache_dir(env)
    cached = cache / f"{hashlib.sha256(content).hexdigest()}.png"
    if cached.is_file():
        return cached.read_bytes()
    timeout = _number(env, "DOCGEN_PREVIEW_TIMEOUT", 60.0)
    dpi = int(_number(env, "DOCGEN_PREVIEW_DPI", 60.0))
    with _lock, tempfile.TemporaryDirectory(prefix="docgen-preview-") as work:
        try:
            png = _render(soffice, content, Path(work), timeout, dpi)
        except subprocess.TimeoutExpired:
            log.warning("draft preview timed out after %.0f s", timeout)
            return None
        except (OSError, subprocess.CalledProcessError) as error:
            log.warning("draft preview failed: %s", error)
            return None
    if png is None:
        log.warning("draft preview failed: LibreOffice produced no picture")
        return None
    _store(cache, cached, png)
    return png


def _render(soffice: str, content: bytes, work: Path, timeout: float, dpi: int) -> Optional[bytes]:
    source = work / "document.docx"
    source.write_bytes(content)
    profile = Path(tempfile.gettempdir()) / f"docgen-lo-profile-{os.getuid()}-{os.getpid()}"
    pdftoppm = shutil.which("pdftoppm")
    target = "pdf" if pdftoppm else "png"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
         "--convert-to", target, "--outdir", str(work), str(source)],
        check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(work)},
    )
    output = work / f"document.{target}"
    if not output.is_file():
        return None
    if pdftoppm is None:
        return output.read_bytes()
    subprocess.run([pdftoppm, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(output),
                    str(work / "page")], check=True, timeout=timeout, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    page = work / "page.png"
    return page.read_bytes() if page.is_file() else None


def _store(cache: Path, path: Path, png: bytes) -> None:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(png)
        os.replace(temporary, path)
        pictures = sorted(cache.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in pictures[:-CACHE_LIMIT]:
            old.unlink(missing_ok=True)
    except OSError as error:  # a cache that cannot be written only costs time
        log.info("draft preview cache not written: %s", error)
