"""The transcriber on real audio: a spoken procedure question is heard, silence and noise are not invented."""

import json
from pathlib import Path

import numpy as np
import pytest

from speech.audio import SAMPLE_RATE, decode
from speech.transcriber import UNCLEAR

CLIPS = Path(__file__).resolve().parents[3] / "shared" / "data" / "speech" / "vi_clips"


def test_a_spoken_procedure_question_is_heard(transcriber, question_samples):
    result = transcriber.transcribe(question_samples)
    assert not result.unclear
    assert "khai sinh" in result.text.lower()


def test_silence_is_not_transcribed(transcriber):
    result = transcriber.transcribe(np.zeros(SAMPLE_RATE * 3, dtype=np.float32))
    assert result.unclear and result.text == "" and result.message == UNCLEAR


def test_noise_only_is_not_transcribed(transcriber):
    noise = np.random.default_rng(7).normal(0, 0.05, SAMPLE_RATE * 4).astype(np.float32)
    result = transcriber.transcribe(noise)
    assert result.unclear, result.raw


@pytest.mark.skipif(not CLIPS.is_dir(), reason="../shared/data/speech/vi_clips is absent")
def test_natural_speech_is_mostly_right(transcriber):
    manifest = {m["file"]: m["text"] for m in json.loads((CLIPS / "manifest.json").read_text(encoding="utf-8"))}
    result = transcriber.transcribe(decode((CLIPS / "r09.wav").read_bytes()))
    words = set(manifest["r09.wav"].lower().replace(",", "").replace(".", "").split())
    heard = set(result.text.lower().split())
    assert len(words & heard) / len(words) > 0.6, result.text
