"""`python -m speech transcribe` and the model assembly that `make install` runs."""

import subprocess
import sys
from pathlib import Path

from speech import model

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run([sys.executable, "-m", "speech", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_the_cli_prints_the_transcript(tmp_path, question_wav):
    clip = tmp_path / "cau-hoi.wav"
    clip.write_bytes(question_wav)
    result = run("transcribe", str(clip))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "khai sinh" in result.stdout.lower()


def test_the_cli_explains_a_file_that_is_not_audio(tmp_path):
    fake = tmp_path / "ghi-am.m4a"
    fake.write_text("không phải âm thanh\n" * 20, encoding="utf-8")
    result = run("transcribe", str(fake))
    assert result.returncode == 2 and "Không đọc được tệp âm thanh" in result.stderr


def test_the_default_model_is_joined_from_the_two_packages(tmp_path):
    target = model.assemble(tmp_path / "whisper-base")
    assert model.is_complete(target)
    assert (target / "model.bin").stat().st_size == 145_217_607
    assert not (tmp_path / "whisper-base.partial").exists()
