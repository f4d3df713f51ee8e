"""Held-out NLU evaluation: accuracy and macro-F1 as written, without diacritics, and with typos.

Reads every Rasa NLU YAML file in tests/nlu_heldout/ (never used for training), parses each example
with the trained model and prints, per variant, the accuracy of the classifier's top intent, macro-F1,
how often the fallback ("Có phải bạn muốn…?") fires on right and on wrong answers, and the confusions.

    python bench/nlu_eval.py [--model models/] [--heldout tests/nlu_heldout] [--check]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import glob
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from vntext.variants import VARIANTS  # noqa: E402

TARGETS = {"as_written": 0.97, "no_diacritics": 0.95, "typos": 0.92}
FALLBACK = "nlu_fallback"


def load_heldout(folder: Path) -> List[Tuple[str, str, str]]:
    """(text, intent, file name without extension) for every held-out example."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples: List[Tuple[str, str, str]] = []
    for path in sorted(glob.glob(str(folder / "*.yml"))):
        data = load_data(path)
        examples += [(m.get("text"), m.get("intent"), Path(path).stem) for m in data.intent_examples]
    return examples


def latest_model(path: Path) -> Path:
    if path.is_file():
        return path
    models = sorted(path.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit(f"Không có mô hình trong {path}: chạy `make train` trước.")
    return models[-1]


def macro_f1(gold: List[str], predicted: List[str]) -> float:
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


async def evaluate(model: Path, examples: List[Tuple[str, str, str]]) -> Dict[str, dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    from rasa.shared.core.constants import DEFAULT_INTENTS

    known = set(agent.domain.intents) if agent.domain else set()
    if not known - set(DEFAULT_INTENTS):
        known = None  # an NLU-only model has no domain to check against
    unknown = sorted({intent for _, intent, _ in examples if known is not None and intent not in known})
    if unknown:
        raise SystemExit(f"Ý định trong tập held-out không có trong mô hình: {unknown}")
    results: Dict[str, dict] = {}
    for variant, transform in VARIANTS.items():
        gold, top, final, rows, sources = [], [], [], [], []
        for text, intent, source in examples:
            message = transform(text)
            parsed = await agent.parse_message(message)
            ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != FALLBACK]
            top_intent = ranking[0]["name"] if ranking else FALLBACK
            gold.append(intent)
            sources.append(source)
            top.append(top_intent)
            final.append(parsed["intent"]["name"])
            rows.append((message, intent, top_intent, parsed["intent"]["name"], ranking[0]["confidence"] if ranking else 0))
        results[variant] = {"gold": gold, "top": top, "final": final, "rows": rows, "sources": sources}
    return results


def report(results: Dict[str, dict], check: bool, floors: Dict[str, float]) -> int:
    failed = False
    below_floor = []
    print(f"{'variant':<15}{'n':>5}{'accuracy':>10}{'macro-F1':>10}{'fallback|right':>16}{'fallback|wrong':>16}{'target':>8}")
    for variant, r in results.items():
        n = len(r["gold"])
        right = [g == t for g, t in zip(r["gold"], r["top"], strict=True)]
        accuracy = sum(right) / n
        f1 = macro_f1(r["gold"], r["top"])
        fb = [f == FALLBACK for f in r["final"]]
        fb_right = sum(1 for ok, f in zip(right, fb, strict=True) if ok and f) / max(1, sum(right))
        fb_wrong = sum(1 for ok, f in zip(right, fb, strict=True) if not ok and f) / max(1, n - sum(right))
        target = TARGETS[variant]
        mark = "" if accuracy >= target else "  << dưới mục tiêu"
        failed |= accuracy < target
        if accuracy < floors.get(variant, 0.0):
            below_floor.append(f"{variant} {accuracy:.3f} < {floors[variant]:.2f}")
        print(f"{variant:<15}{n:>5}{accuracy:>10.3f}{f1:>10.3f}{fb_right:>16.3f}{fb_wrong:>16.3f}{target:>8.2f}{mark}")
    sources = sorted(set(next(iter(results.values()))["sources"]))
    if len(sources) > 1:
        print("\nĐộ chính xác theo tệp held-out:")
        for source in sources:
            cells = []
            for variant, r in results.items():
                hits = [g == t for g, t, s in zip(r["gold"], r["top"], r["sources"], strict=True) if s == source]
                cells.append(f"{variant} {sum(hits) / len(hits):.3f}")
            print(f"   {source:<16} n={len(hits):<4} " + "  ".join(cells))
    print("\nNgưỡng fallback (tỉ lệ câu đúng bị hỏi lại / câu sai được chặn lại, mọi biến thể):")
    rows = [(g == t, conf) for r in results.values() for (_, g, t, _, conf) in r["rows"]]
    right = [c for ok, c in rows if ok]
    wrong = [c for ok, c in rows if not ok]
    for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
        lost = sum(c < threshold for c in right) / max(1, len(right))
        caught = sum(c < threshold for c in wrong) / max(1, len(wrong))
        print(f"   {threshold:.2f}: đúng bị hỏi lại {lost:.3f}, sai được chặn {caught:.3f}")
    for variant, r in results.items():
        confusions = collections.Counter((g, t) for g, t in zip(r["gold"], r["top"], strict=True) if g != t)
        if confusions:
            print(f"\nNhầm lẫn ({variant}): " + ", ".join(f"{g}→{t} ×{c}" for (g, t), c in confusions.most_common()))
            for message, g, t, _f, conf in r["rows"]:
                if g != t:
                    print(f"   [{g} → {t} {conf:.2f}] {message}")
    if below_floor:
        print("\nĐộ chính xác NLU giảm dưới mức sàn: " + "; ".join(below_floor), file=sys.stderr)
        return 1
    if check and failed:
        print("\nĐộ chính xác NLU dưới mục tiêu.", file=sys.stderr)
        return 1
    return 0


def parse_floors(text: str) -> Dict[str, float]:
    floors = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, _, value = part.partition("=")
        if name not in VARIANTS:
            raise SystemExit(f"--floor: unknown variant {name!r}")
        floors[name] = float(value)
    return floors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models")
    parser.add_argument("--heldout", type=Path, default=ROOT / "tests" / "nlu_heldout")
    parser.add_argument("--check", action="store_true", help="exit 1 when a variant is below its target")
    parser.add_argument("--floor", default="", help="regression floors, e.g. as_written=0.90,typos=0.80: exit 1 below them")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    warnings.filterwarnings("ignore")
    examples = load_heldout(args.heldout)
    print(f"{len(examples)} câu held-out, {len({i for _, i, _ in examples})} ý định, mô hình {latest_model(args.model).name}")
    results = asyncio.run(evaluate(latest_model(args.model), examples))
    return report(results, args.check, parse_floors(args.floor))


if __name__ == "__main__":
    sys.exit(main())
