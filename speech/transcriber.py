"""Speech to text over faster-whisper (CTranslate2): decoding settings for short Vietnamese requests, a speech
check before decoding (silence and noise get UNCLEAR, not a made-up sentence) and post-processing for the NLU."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Optional

import numpy as np

from speech import hints, model
from speech.audio import SAMPLE_RATE
from speech.settings import Settings, offline_hub
from speech.text import is_hallucination, postprocess

log = logging.getLogger(__name__)

UNCLEAR = "Không nghe rõ, vui lòng nói lại."
MIN_SPEECH_SECONDS = 0.3
MIN_RMS = 1e-3  # below this the clip is silence whatever the VAD says
HOP = 160  # samples per mel frame
FRAMES_PER_SECOND = SAMPLE_RATE // HOP
FULL_WINDOW_FRAMES = 3000
NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0

DECODING: Dict[str, Any] = dict(
    language="vi",
    task="transcribe",
    beam_size=5,
    temperature=0.0,
    condition_on_previous_text=False,
    repetition_penalty=1.1,
    no_repeat_ngram_size=0,
    max_new_tokens=96,
    without_timestamps=True,
    compression_ratio_threshold=2.4,
    log_prob_threshold=-1.0,
    no_speech_threshold=NO_SPEECH_PROB,
    vad_filter=False,
)


@dataclass
class Transcript:
    text: str  # post-processed, for the NLU ("" when unclear)
    raw: str = ""
    unclear: bool = False
    audio_seconds: float = 0.0
    seconds: float = 0.0  # time spent
    details: Dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """What to show the user: the transcript, or the request to say it again."""
        return UNCLEAR if self.unclear else self.text


def _short_window_model(base):
    """A WhisperModel whose encoder sees the clip plus a little silence instead of a full 30 s window.

    faster-whisper pads every segment to 3000 mel frames; for a 3 s request most of the encoder's work is then
    padding. CTranslate2 accepts shorter inputs; measured on natural Vietnamese clips the transcripts are as good
    with 3 s of padding and the encoder costs about a third."""

    class ShortWindowModel(base):
        frames = threading.local()

        def encode(self, features):
            limit = getattr(self.frames, "limit", None)
            if limit:
                features = features[..., :limit]
            return super().encode(features)

    return ShortWindowModel


class Transcriber:
    """One loaded model; ``transcribe`` is thread-safe (CTranslate2 runs ``workers`` decodes at once)."""

    def __init__(self, settings: Optional[Settings] = None, **decoding: Any) -> None:
        offline_hub()
        from faster_whisper import WhisperModel

        self.settings = settings or Settings.from_env()
        directory = self.settings.model_dir
        if not model.is_complete(directory):
            if directory == Settings().model_dir:
                model.assemble(directory)
            else:
                raise model.ModelMissing(f"no CTranslate2 Whisper model in {directory}")
        started = time.monotonic()
        self.model = _short_window_model(WhisperModel)(
            str(directory), device="cpu", compute_type=self.settings.compute_type,
            cpu_threads=self.settings.cpu_threads, num_workers=self.settings.workers, local_files_only=True)
        self.load_seconds = time.monotonic() - started
        self.decoding = {**DECODING, **decoding}
        if self.settings.domain_hints and "initial_prompt" not in decoding:
            self.decoding["initial_prompt"] = hints.initial_prompt(self.settings.procedures_dir) or None
        log.info("speech model loaded from %s in %.2f s", directory, self.load_seconds)

    def _window_frames(self, samples: int) -> Optional[int]:
        """Mel frames the encoder sees (clip + padding, in steps of 1 s), or None for the full 30 s window."""
        if self.settings.encoder_pad_seconds <= 0:
            return None
        frames = samples // HOP + int(self.settings.encoder_pad_seconds * FRAMES_PER_SECOND)
        frames = -(-frames // FRAMES_PER_SECOND) * FRAMES_PER_SECOND
        return frames if frames < FULL_WINDOW_FRAMES else None

    def speech_seconds(self, audio: np.ndarray) -> float:
        """Seconds of speech found by the Silero VAD (0 for silence and steady noise)."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        if audio.size == 0 or float(np.sqrt(np.mean(np.square(audio)))) < MIN_RMS:
            return 0.0
        spans = get_speech_timestamps(audio, VadOptions(min_speech_duration_ms=150, min_silence_duration_ms=300))
        return sum(s["end"] - s["start"] for s in spans) / SAMPLE_RATE

    def transcribe(self, audio: np.ndarray) -> Transcript:
        started = time.monotonic()
        seconds = audio.size / SAMPLE_RATE
        speech = self.speech_seconds(audio)
        if speech < MIN_SPEECH_SECONDS:
            return Transcript("", unclear=True, audio_seconds=seconds, seconds=time.monotonic() - started,
                              details={"speech_seconds": speech})
        kept, dropped = [], 0
        self.model.frames.limit = self._window_frames(audio.size)
        try:
            segments, _ = self.model.transcribe(audio, **self.decoding)
            for segment in segments:
                if segment.no_speech_prob > NO_SPEECH_PROB and segment.avg_logprob < LOW_LOGPROB:
                    dropped += 1
                    continue
                kept.append(segment.text)
        finally:
            self.model.frames.limit = None
        raw = " ".join(t.strip() for t in kept).strip()
        text = postprocess(raw)
        unclear = not text or is_hallucination(text)
        return Transcript("" if unclear else text, raw=raw, unclear=unclear, audio_seconds=seconds,
                          seconds=time.monotonic() - started, details={"speech_seconds": speech, "dropped": dropped})
