"""ASR benchmark: WER, CER, real-time factor, per-clip latency p50/p95 and peak memory of the speech package on a
folder of clips with reference transcripts (manifest.json), as recorded and after AAC 24 kbps re-encoding.

    .venv-speech/bin/python bench/asr.py [--clips ../shared/data/speech/vi_clips] [--beam 5] [--no-hints]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import av  # noqa: E402
import jiwer  # noqa: E402
import numpy as np  # noqa: E402

from speech.audio import SAMPLE_RATE, decode  # noqa: E402
from speech.settings import Settings  # noqa: E402
from speech.text import UNITS, numbers_to_digits  # noqa: E402
from speech.transcriber import Transcriber  # noqa: E402

TARGETS = {"wer": 0.22, "rtf": 0.35, "p50": 1.2}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[^\w\s/]", " ", text)
    words = numbers_to_digits(" ".join(text.split())).split()
    return " ".join(str(UNITS[w]) if w in UNITS else w for w in words)  # both sides alike: "hai" == "2"


def to_aac(audio: np.ndarray, bitrate: int = 24_000) -> bytes:
    """``audio`` (16 kHz mono float) re-encoded as AAC in an .m4a container, as a Zalo voice message is."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("aac", rate=SAMPLE_RATE)
        stream.bit_rate = bitrate
        stream.layout = "mono"
        pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16)
        for start in range(0, pcm.size, 1024):
            frame = av.AudioFrame.from_ndarray(pcm[None, start:start + 1024], format="s16", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def run(transcriber: Transcriber, clips, label: str) -> dict:
    references, hypotheses, latencies = [], [], []
    audio_total = 0.0
    cpu_started = time.process_time()
    for name, data, reference in clips:
        started = time.monotonic()
        audio = decode(data)
        result = transcriber.transcribe(audio)
        latencies.append(time.monotonic() - started)
        audio_total += audio.size / SAMPLE_RATE
        references.append(normalise(reference))
        hypotheses.append(normalise(result.text) or "∅")
        print(f"  {label} {name}: {latencies[-1]:.2f} s  {result.text!r}")
    figures = {
        "wer": jiwer.wer(references, hypotheses),
        "cer": jiwer.cer(references, hypotheses),
        "rtf": sum(latencies) / audio_total,
        "p50": statistics.median(latencies),
        "p95": float(np.percentile(latencies, 95)),
        "audio_s": audio_total,
        "cpu_rtf": (time.process_time() - cpu_started) / audio_total,  # CPU seconds (all threads) per audio second
    }
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=ROOT.parent / "shared" / "data" / "speech" / "vi_clips")
    parser.add_argument("--beam", type=int, default=None)
    parser.add_argument("--no-hints", action="store_true", help="no initial prompt from the knowledge base")
    args = parser.parse_args()
    manifest = json.loads((args.clips / "manifest.json").read_text(encoding="utf-8"))
    raw = [(m["file"], (args.clips / m["file"]).read_bytes(), m["text"]) for m in manifest]
    settings = Settings.from_env()
    if args.no_hints:
        settings = Settings(**{**settings.__dict__, "domain_hints": False})
    decoding = {"beam_size": args.beam} if args.beam else {}
    transcriber = Transcriber(settings, **decoding)
    transcriber.transcribe(decode(raw[0][1]))  # warm-up, as a running gateway is
    aac = [(name, to_aac(decode(data)), text) for name, data, text in raw]
    results = {"raw": run(transcriber, raw, "raw"), "aac24k": run(transcriber, aac, "aac")}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmodel {settings.model_dir.name} {settings.compute_type}, threads {settings.cpu_threads}, "
          f"beam {transcriber.decoding['beam_size']}, hints {'on' if transcriber.decoding.get('initial_prompt') else 'off'},"
          f" load {transcriber.load_seconds:.2f} s, {len(raw)} clips")
    print(f"{'set':8} {'WER':>6} {'CER':>6} {'RTF':>6} {'p50 s':>6} {'p95 s':>6} {'CPU-s/s':>8}")
    for label, f in results.items():
        print(f"{label:8} {f['wer']:6.3f} {f['cer']:6.3f} {f['rtf']:6.3f} {f['p50']:6.2f} {f['p95']:6.2f}"
              f" {f['cpu_rtf']:8.3f}")
    print(f"load average during the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
          " (wall-clock figures assume an otherwise idle machine)")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    r = results["raw"]
    verdicts = [f"{name} {r[key]:.3f} ≤ {TARGETS[key]}: {'met' if r[key] <= TARGETS[key] else 'NOT met'}"
                for key, name in (("wer", "WER"), ("rtf", "RTF"), ("p50", "p50 s"))]
    print("targets (raw): " + "; ".join(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
