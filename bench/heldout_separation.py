"""Held-out sentences must not be near-copies of what the assistant was trained or tuned on.

Seen data: every NLU training example (data/nlu) and every development sentence (tests/dev). Held-out data:
tests/heldout (NLU files, procedure phrasings, routing first messages). Two texts are near-copies when their
similarity (rapidfuzz ratio) after accent folding, lower-casing and punctuation removal is at least 0.90.

    python bench/heldout_separation.py           # lists near-copies, exit 1 if any
    python bench/heldout_separation.py --drop    # removes them from the held-out files (when a file is written)
"""

from __future__ import annotations

import argparse
import glob
import re
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vntext.fold import fold  # noqa: E402

THRESHOLD = 90.0
HELDOUT = ROOT / "tests" / "heldout"
DEV = ROOT / "tests" / "dev"


def key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(str(text).lower())).split())


def nlu_texts(paths: Iterable[str]) -> List[Tuple[str, str]]:
    """(text, file) of every example in Rasa NLU YAML files."""
    texts = []
    for path in paths:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    texts.append((re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", r"\1\2", line[2:]), path))
    return texts


def case_texts(path: Path) -> List[Tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(case["text"], str(path)) for case in data.get("cases") or []]


def seen_texts() -> List[str]:
    texts = [t for t, _ in nlu_texts(glob.glob(str(ROOT / "data" / "nlu" / "*.yml")))]
    texts += [t for t, _ in nlu_texts(glob.glob(str(DEV / "nlu" / "*.yml")))]
    texts += [t for t, _ in case_texts(DEV / "procedures.yml")]
    return texts


def heldout_texts() -> List[Tuple[str, str]]:
    texts = nlu_texts(sorted(glob.glob(str(HELDOUT / "nlu" / "*.yml"))))
    for name in ("procedures.yml", "routing.yml"):
        if (HELDOUT / name).is_file():
            texts += case_texts(HELDOUT / name)
    return texts


def near_copies(heldout: List[Tuple[str, str]], seen: List[str]) -> List[Tuple[str, str, str, float]]:
    """(held-out text, file, closest seen text, similarity) for every held-out text at or over THRESHOLD."""
    seen_keys = sorted({key(t) for t in seen} - {""})
    found = []
    for text, path in heldout:
        match = process.extractOne(key(text), seen_keys, scorer=fuzz.ratio, score_cutoff=THRESHOLD)
        if match is not None:
            found.append((text, path, match[0], match[1] / 100))
    return found


def drop(copies: List[Tuple[str, str, str, float]]) -> Dict[str, int]:
    """Remove the near-copies from their held-out files, line by line; returns how many per file."""
    by_file: Dict[str, set] = {}
    for text, path, _, _ in copies:
        by_file.setdefault(path, set()).add(text)
    removed = {}
    for path, texts in by_file.items():
        lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
        kept, count = [], 0
        for line in lines:
            body = line.strip()
            if body.startswith("- ") and (_line_text(body) in texts):
                count += 1
                continue
            kept.append(line)
        Path(path).write_text("".join(kept), encoding="utf-8")
        removed[path] = count
    return removed


def _line_text(body: str) -> str:
    if body.startswith("- {"):
        try:
            return (yaml.safe_load(body[2:]) or {}).get("text", "")
        except yaml.YAMLError:
            return ""
    return body[2:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drop", action="store_true", help="remove near-copies from the held-out files")
    args = parser.parse_args()
    heldout = heldout_texts()
    copies = near_copies(heldout, seen_texts())
    print(f"{len(heldout)} câu held-out, {len(copies)} câu gần trùng (≥ {THRESHOLD / 100:.2f}) với dữ liệu "
          f"huấn luyện hoặc tập dev")
    if args.drop:
        for path, count in drop(copies).items():
            print(f"   bỏ {count} câu khỏi {Path(path).relative_to(ROOT)}")
        return 0
    for text, path, closest, score in copies:
        print(f"   {score:.2f}  {Path(path).name}: {text!r} ~ {closest!r}")
    return 1 if copies else 0


if __name__ == "__main__":
    sys.exit(main())
