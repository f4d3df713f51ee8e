"""Held-out sentences must not be near-copies of what the assistant was trained or tuned on.

Seen data: every NLU training example (data/nlu), every development sentence (tests/dev), and the text of what is
written by hand elsewhere (procedure content and aliases, tests, benchmarks). Held-out data: tests/heldout (NLU files,
procedure phrasings, routing first messages). A held-out sentence is a near-copy when, after accent folding,
lower-casing and punctuation removal, its similarity (rapidfuzz ratio) to a seen sentence is at least 0.90, or when it
has at least CONTAINED_WORDS words and appears whole inside a seen text ("thủ tục mở thẻ tín dụng" inside a training
example "thủ tục mở thẻ tín dụng ngân hàng").

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
CONTAINED_WORDS = 5
WRITTEN_ELSEWHERE = ("legal_kb/content/**/*.yml", "tests/**/*.py", "tests/stories/*.yml", "bench/*.py")
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


def guide_examples(path: Path = ROOT / "docs" / "intents.md") -> List[str]:
    """The example phrasings of the intents guide (last column of its table, items split at commas): the guide is
    what held-out writers read, so a held-out sentence copying an example is not independent."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 3:
            examples += [e.strip() for e in cells[-1].split(",") if e.strip()]
    return examples


def seen_texts() -> List[str]:
    texts = guide_examples()
    texts += [t for t, _ in nlu_texts(glob.glob(str(ROOT / "data" / "nlu" / "*.yml")))]
    texts += [t for t, _ in nlu_texts(glob.glob(str(DEV / "nlu" / "*.yml")))]
    texts += [t for t, _ in case_texts(DEV / "procedures.yml")]
    return texts


def written_elsewhere() -> str:
    """The folded text of the hand-written files that are neither training data nor held out, one line each."""
    lines = []
    for pattern in WRITTEN_ELSEWHERE:
        for path in glob.glob(str(ROOT / pattern), recursive=True):
            if "/tests/heldout/" not in path:
                lines += [key(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    return "\n".join(f" {line} " for line in lines if line)


def heldout_texts() -> List[Tuple[str, str]]:
    texts = nlu_texts(sorted(glob.glob(str(HELDOUT / "nlu" / "*.yml"))))
    for name in ("procedures.yml", "routing.yml"):
        if (HELDOUT / name).is_file():
            texts += case_texts(HELDOUT / name)
    return texts


def near_copies(heldout: List[Tuple[str, str]], seen: List[str], elsewhere: str = "") -> List[Tuple[str, str, str, float]]:
    """(held-out text, file, closest seen text, similarity) for every held-out text that is a near-copy."""
    seen_keys = sorted({key(t) for t in seen} - {""})
    corpus = "\n".join(f" {k} " for k in seen_keys) + "\n" + elsewhere
    found = []
    for text, path in heldout:
        folded = key(text)
        match = process.extractOne(folded, seen_keys, scorer=fuzz.ratio, score_cutoff=THRESHOLD)
        if match is not None:
            found.append((text, path, match[0], match[1] / 100))
        elif len(folded.split()) >= CONTAINED_WORDS and f" {folded} " in corpus:
            found.append((text, path, "(contained in a seen text)", 1.0))
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
    copies = near_copies(heldout, seen_texts(), written_elsewhere())
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
