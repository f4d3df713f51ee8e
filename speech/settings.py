"""Settings of the speech package and the voice gateway, read from the environment in one place.

| variable | meaning | default |
| --- | --- | --- |
| SPEECH_MODEL_DIR | a CTranslate2 Whisper model directory (model.bin, config.json, tokenizer.json, vocabulary.json) | var/models/whisper-base |
| SPEECH_COMPUTE_TYPE | CTranslate2 compute type (int8, int8_float32, float32) | int8 |
| SPEECH_CPU_THREADS | threads per transcription | 2 |
| SPEECH_ENCODER_PAD_SECONDS | silence after the clip in the encoder window (0: Whisper's full 30 s window) | 3 |
| SPEECH_WORKERS | transcriptions running at once | 1 |
| SPEECH_QUEUE | transcriptions waiting at most; beyond that 503 + Retry-After | 4 |
| SPEECH_MAX_BYTES | largest upload accepted | 10 MB |
| SPEECH_MAX_SECONDS | longest audio accepted | 60 |
| SPEECH_DOMAIN_HINTS | 1: an initial prompt made of procedure names from the knowledge base | 1 |
| SPEECH_PROCEDURES_DIR | where the procedure catalogue (YAML) is read for the hints | legal_kb/content/procedures |
| VOICE_API_KEYS | comma-separated keys accepted on /v1/voice (header X-API-Key) | none: /v1/voice refuses |
| VOICE_GATEWAY_KEY | internal key of the channel connectors on /v1/transcribe (header X-API-Key) | none |
| VOICE_CORS_ORIGINS | comma-separated origins allowed to call the gateway from a browser | none |
| RASA_URL | Rasa's REST webhook | http://127.0.0.1:5005/webhooks/rest/webhook |
| VOICE_HOST, VOICE_PORT | where ``python -m speech serve`` listens | 127.0.0.1, 5056 |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL_DIR = ROOT / "var" / "models" / "whisper-base"


def _split(value: str) -> Tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    model_dir: Path = DEFAULT_MODEL_DIR
    compute_type: str = "int8"
    cpu_threads: int = 2
    encoder_pad_seconds: float = 3.0
    workers: int = 1
    queue: int = 4
    max_bytes: int = 10 * 1024 * 1024
    max_seconds: float = 60.0
    domain_hints: bool = True
    procedures_dir: Path = ROOT / "legal_kb" / "content" / "procedures"
    api_keys: Tuple[str, ...] = ()
    gateway_key: str = ""
    cors_origins: Tuple[str, ...] = ()
    rasa_url: str = "http://127.0.0.1:5005/webhooks/rest/webhook"
    host: str = "127.0.0.1"
    port: int = 5056

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        get = env.get
        return cls(
            model_dir=Path(get("SPEECH_MODEL_DIR") or DEFAULT_MODEL_DIR),
            compute_type=get("SPEECH_COMPUTE_TYPE") or "int8",
            cpu_threads=int(get("SPEECH_CPU_THREADS") or 2),
            encoder_pad_seconds=float(get("SPEECH_ENCODER_PAD_SECONDS") or 3.0),
            workers=max(1, int(get("SPEECH_WORKERS") or 1)),
            queue=max(0, int(get("SPEECH_QUEUE") or 4)),
            max_bytes=int(get("SPEECH_MAX_BYTES") or 10 * 1024 * 1024),
            max_seconds=float(get("SPEECH_MAX_SECONDS") or 60),
            domain_hints=(get("SPEECH_DOMAIN_HINTS") or "1") not in ("0", "false", "no"),
            procedures_dir=Path(get("SPEECH_PROCEDURES_DIR") or ROOT / "legal_kb" / "content" / "procedures"),
            api_keys=_split(get("VOICE_API_KEYS") or ""),
            gateway_key=get("VOICE_GATEWAY_KEY") or "",
            cors_origins=_split(get("VOICE_CORS_ORIGINS") or ""),
            rasa_url=get("RASA_URL") or "http://127.0.0.1:5005/webhooks/rest/webhook",
            host=get("VOICE_HOST") or "127.0.0.1",
            port=int(get("VOICE_PORT") or 5056),
        )


def offline_hub() -> None:
    """Make any accidental model-hub lookup fail at once instead of reaching the network."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ[name] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
