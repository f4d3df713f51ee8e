"""Audio decoding with PyAV: a whitelist of containers sniffed from the first bytes, 16 kHz mono float32 out,
and limits on bytes, duration and work so that a long or bomb-like stream is never decoded whole."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import Optional

import numpy as np

SAMPLE_RATE = 16_000
FORMATS_SUPPORTED = "ogg/opus, m4a/aac, mp3, wav, webm, flac, amr"


class AudioError(Exception):
    """Audio that cannot be accepted; ``message`` is for the user (Vietnamese), ``status`` the HTTP code."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EmptyAudio(AudioError):
    status = 400


class UnsupportedAudio(AudioError):
    status = 415


class AudioTooLarge(AudioError):
    status = 413


class AudioTooLong(AudioError):
    status = 413


def empty() -> EmptyAudio:
    return EmptyAudio("Tệp âm thanh trống. Bạn vui lòng ghi âm lại.")


def too_large(max_bytes: int) -> AudioTooLarge:
    return AudioTooLarge(f"Tệp âm thanh quá lớn (tối đa {max_bytes / 1024 / 1024:.0f} MB).")


def too_long(max_seconds: float) -> AudioTooLong:
    return AudioTooLong(f"Đoạn ghi âm quá dài (tối đa {max_seconds:.0f} giây). Bạn vui lòng nói ngắn gọn hơn.")


def unsupported() -> UnsupportedAudio:
    return UnsupportedAudio(f"Không đọc được tệp âm thanh. Định dạng hỗ trợ: {FORMATS_SUPPORTED}.")


def sniff(head: bytes) -> Optional[str]:
    """The FFmpeg demuxer for these first bytes, or None: playlists, concat lists and anything else are refused."""
    if head.startswith(b"OggS"):
        return "ogg"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        return "mov"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"#!AMR"):  # AMR-NB and AMR-WB files (RFC 4867 storage format)
        return "amr"
    if head.startswith(b"ID3"):
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF:
        if head[1] & 0xF6 == 0xF0:  # ADTS (AAC): layer bits 00
            return "aac"
        if head[1] & 0xE0 == 0xE0 and head[1] & 0x06:  # MPEG audio frame sync, layer I-III
            return "mp3"
    return None


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_seconds: float = 60.0
    max_decode_seconds: float = 20.0  # wall time spent decoding


def decode(data: bytes, limits: Limits = Limits()) -> np.ndarray:
    """16 kHz mono float32 samples of ``data``; raises AudioError with a user message when it cannot be accepted."""
    if not data:
        raise empty()
    if len(data) > limits.max_bytes:
        raise too_large(limits.max_bytes)
    demuxer = sniff(data[:16])
    if demuxer is None:
        raise unsupported()
    import av

    max_samples = int(limits.max_seconds * SAMPLE_RATE)
    started = time.monotonic()
    chunks = []
    total = 0
    try:
        with av.open(io.BytesIO(data), mode="r", format=demuxer, metadata_errors="ignore",
                     options={"probesize": "1000000", "analyzeduration": "2000000"}) as container:
            streams = [s for s in container.streams if s.type == "audio"]
            if not streams:
                raise unsupported()
            stream = streams[0]
            declared = _declared_seconds(container, stream)
            if declared is not None and declared > limits.max_seconds + 1:
                raise too_long(limits.max_seconds)
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            for packet in container.demux(stream):
                if time.monotonic() - started > limits.max_decode_seconds:
                    raise too_long(limits.max_seconds)
                for frame in packet.decode():
                    for out in resampler.resample(frame):
                        samples = out.to_ndarray().reshape(-1)
                        total += samples.size
                        if total > max_samples:
                            raise too_long(limits.max_seconds)
                        chunks.append(samples.astype(np.float32, copy=False))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1).astype(np.float32, copy=False))
    except AudioError:
        raise
    except (av.error.FFmpegError, ValueError, UnicodeDecodeError, IndexError, OverflowError, MemoryError):
        raise unsupported() from None
    if not chunks:
        raise unsupported()
    audio = np.concatenate(chunks)[:max_samples]
    if audio.size == 0:
        raise unsupported()
    return audio


def _declared_seconds(container, stream) -> Optional[float]:
    try:
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        if container.duration is not None:
            return container.duration / 1_000_000
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return None
