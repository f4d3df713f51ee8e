"""Audio decoding: the formats the channels deliver are read; bad or hostile input is refused early."""

import time

import numpy as np
import pytest

from speech.audio import (
    SAMPLE_RATE,
    AudioTooLarge,
    AudioTooLong,
    EmptyAudio,
    Limits,
    UnsupportedAudio,
    decode,
)
from tests.voice.conftest import encode


@pytest.mark.parametrize("container, codec, rate", [
    ("ogg", "libopus", 16_000), ("mp4", "aac", 16_000), ("adts", "aac", 16_000), ("mp3", "libmp3lame", 16_000),
    ("wav", "pcm_s16le", 16_000), ("webm", "libopus", 16_000), ("amr", "libopencore_amrnb", 8_000),
])
def test_channel_formats_decode_to_16k_mono(question_samples, container, codec, rate):
    data = encode(question_samples, container, codec, rate=rate, bitrate=12_200 if codec.endswith("amrnb") else 32_000)
    audio = decode(data)
    assert audio.dtype == np.float32
    assert abs(audio.size - question_samples.size) / SAMPLE_RATE < 0.2
    assert float(np.abs(audio).max()) > 0.05  # not silence


def test_empty_input_is_refused():
    with pytest.raises(EmptyAudio):
        decode(b"")


def test_a_text_file_named_m4a_is_refused():
    with pytest.raises(UnsupportedAudio):
        decode("Đây là một tệp văn bản, không phải âm thanh.\n".encode() * 50)


def test_a_playlist_is_never_opened():
    with pytest.raises(UnsupportedAudio):
        decode(b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n")


def test_a_truncated_file_is_refused(question_samples):
    data = encode(question_samples, "mp4", "aac")
    with pytest.raises((UnsupportedAudio, AudioTooLong)):
        decode(data[:200])


def test_bytes_above_the_limit_are_refused_before_decoding():
    with pytest.raises(AudioTooLarge):
        decode(b"RIFF" + b"\0" * 2048, Limits(max_bytes=1024))


def test_audio_longer_than_the_limit_is_refused(question_samples):
    long = np.tile(question_samples, 40)  # about 2 minutes
    with pytest.raises(AudioTooLong):
        decode(encode(long, "ogg", "libopus"), Limits(max_seconds=60))


def bomb(hours: float = 10) -> bytes:
    """Silent AAC frames repeated: a few MB that would decode to gigabytes of samples."""
    silence = encode(np.zeros(SAMPLE_RATE * 2, dtype=np.float32), "adts", "aac", rate=8000, bitrate=8000)
    frames, i = [], 0
    while i + 7 <= len(silence):
        length = ((silence[i + 3] & 3) << 11) | (silence[i + 4] << 3) | (silence[i + 5] >> 5)
        frames.append(silence[i:i + length])
        i += length
    frame = frames[len(frames) // 2]
    return frame * int(hours * 3600 * 8000 / 1024)


def test_a_bomb_like_stream_stops_at_the_duration_limit_quickly():
    import tracemalloc

    data = bomb()
    assert len(data) < 10 * 1024 * 1024
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(AudioTooLong):
        decode(data)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 10
    assert peak < 64 * 1024 * 1024  # 60 s of 16 kHz float is 3.8 MB; ten hours would be 2.3 GB
