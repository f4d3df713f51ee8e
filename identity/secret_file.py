"""Development secrets kept in ``var/``: created once (mode 0600), reused by every process after."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Mapping, Optional, Tuple

VAR_DIR = Path(__file__).resolve().parent.parent / "var"


def ensure_secret_file(path: Path) -> Tuple[str, bool]:
    """The secret in ``path``, creating a random one first if there is none; returns (secret, created)."""
    if path.is_file():
        existing = path.read_text(encoding="ascii").strip()
        if existing:
            return existing, False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # created with mode 0600
    created = False
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48))
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)  # atomic: a concurrent process's secret wins if it was first
            created = True
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
    return path.read_text(encoding="ascii").strip(), created


def export_secret(variable: str, file_name: str) -> str:
    """Resolve ``variable`` once at start (see secret_from_env_or_dev_file) and put it in the environment, so every
    worker of the process, and the settings readers, see the same secret without reading files later."""
    os.environ[variable] = secret_from_env_or_dev_file(variable, file_name)
    return os.environ[variable]


def secret_from_env_or_dev_file(variable: str, file_name: str, environ: Optional[Mapping[str, str]] = None) -> str:
    """``variable`` from the environment; in development (ASSISTANT_ENV unset) a secret kept in ``var/file_name``.
    Production refuses a missing secret with a message naming the variable."""
    env = os.environ if environ is None else environ
    if env.get(variable):
        return env[variable]
    if env.get("ASSISTANT_ENV", "development").strip().lower() == "production":
        from identity.tokens import ConfigurationError

        raise ConfigurationError(f"{variable} is not set; production mode (ASSISTANT_ENV=production) needs it")
    return ensure_secret_file(VAR_DIR / file_name)[0]
