"""NLU evaluation on the development set and the held-out set: accuracy and macro-F1 as written, without
diacritics, and with typos, side by side.

- Development set (tests/dev/nlu/): sentences that tuning has looked at. Its confusions, per-file accuracy and the
  fallback-threshold sweep are printed, to work from.
- Held-out set (tests/heldout/nlu/): written by writers who saw only the intent guide, never used for training or
  tuning. Only its aggregate figures are printed; the floors (--floor) gate on it.

    python bench/nlu_eval.py [--model models/] [--dev tests/dev/nlu] [--heldout tests/heldout/nlu] [--check]
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


def load_examples(folder: Path) -> List[Tuple[str, str, str]]:
    """(text, intent, file name without extension) for every example of the NLU files in ``folder``."""
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


async def evaluate_sets(model: Path, dev: List[Tuple[str, str, str]],
                        heldout: List[Tuple[str, str, str]]) -> Tuple[Dict[str, dict], Dict[str, dict]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return (await evaluate(agent, dev) if dev else {}), await evaluate(agent, heldout)


async def evaluate(agent, examples: List[Tuple[str, str, str]]) -> Dict[str, dict]:
    from rasa.shared.core.constants import DEFAULT_INTENTS

    known = set(agent.domain.intents) if agent.domain else set()
    if not known - set(DEFAULT_INTENTS):
        known = None  # an NLU-only model has no domain to check against
    unknown = sorted({intent for _, intent, _ in examples if known is not None and intent not in known})
    if unknown:
        raise SystemExit(f"Ý định trong tập đánh giá không có trong mô hình: {unknown}")
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


def accuracy_and_f1(r: dict) -> Tuple[float, float]:
    right = [g == t for g, t in zip(r["gold"], r["top"], strict=True)]
    return sum(right) / max(1, len(right)), macro_f1(r["gold"], r["top"])


def report(dev: Dict[str, dict], heldout: Dict[str, dict], check: bool, floors: Dict[str, float]) -> int:
    print(f"{'variant':<15}{'dev acc':>9}{'dev F1':>8}{'held-out acc':>14}{'held-out F1':>13}{'target':>8}{'floor':>7}")
    below_target, below_floor = False, []
    for variant in VARIANTS:
        dev_acc, dev_f1 = accuracy_and_f1(dev[variant]) if dev else (float("nan"), float("nan"))
        acc, f1 = accuracy_and_f1(heldout[variant])
        target, floor = TARGETS[variant], floors.get(variant, 0.0)
        below_target |= acc < target
        if acc < floor:
            below_floor.append(f"{variant} {acc:.3f} < {floor:.2f}")
        mark = "" if acc >= target else "  << held-out dưới mục tiêu"
        print(f"{variant:<15}{dev_acc:>9.3f}{dev_f1:>8.3f}{acc:>14.3f}{f1:>13.3f}{target:>8.2f}{floor:>7.2f}{mark}")
    fallback_rates("held-out", heldout)
    if dev:
        fallback_rates("dev", dev)
        per_file(dev)
        threshold_sweep(dev)
        confusions(dev)
    if below_floor:
        print("\nĐộ chính xác NLU trên tập held-out giảm dưới mức sàn: " + "; ".join(below_floor), file=sys.stderr)
        return 1
    if check and below_target:
        print("\nĐộ chính xác NLU trên tập held-out dưới mục tiêu.", file=sys.stderr)
        return 1
    return 0


def fallback_rates(label: str, results: Dict[str, dict]) -> None:
    """How often "Có phải bạn muốn…?" fires on right and on wrong answers (all variants)."""
    rows = [(g == t, f == FALLBACK) for r in results.values()
            for g, t, f in zip(r["gold"], r["top"], r["final"], strict=True)]
    right = [fb for ok, fb in rows if ok]
    wrong = [fb for ok, fb in rows if not ok]
    print(f"\nfallback ({label}): hỏi lại câu đúng {sum(right) / max(1, len(right)):.3f}, "
          f"chặn câu sai {sum(wrong) / max(1, len(wrong)):.3f}")


def per_file(results: Dict[str, dict]) -> None:
    sources = sorted(set(next(iter(results.values()))["sources"]))
    print("\nĐộ chính xác theo tệp (dev):")
    for source in sources:
        cells = []
        for variant, r in results.items():
            hits = [g == t for g, t, s in zip(r["gold"], r["top"], r["sources"], strict=True) if s == source]
            cells.append(f"{variant} {sum(hits) / len(hits):.3f}")
        print(f"   {source:<16} n={len(hits):<4} " + "  ".join(cells))


def threshold_sweep(results: Dict[str, dict]) -> None:
    print("\nNgưỡng fallback trên tập dev (tỉ lệ câu đúng bị hỏi lại / câu sai được chặn lại, mọi biến thể):")
    rows = [(g == t, conf) for r in results.values() for (_, g, t, _, conf) in r["rows"]]
    right = [c for ok, c in rows if ok]
    wrong = [c for ok, c in rows if not ok]
    for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
        lost = sum(c < threshold for c in right) / max(1, len(right))
        caught = sum(c < threshold for c in wrong) / max(1, len(wrong))
        print(f"   {threshold:.2f}: đúng bị hỏi lại {lost:.3f}, sai được chặn {caught:.3f}")


def confusions(results: Dict[str, dict]) -> None:
    for variant, r in results.items():
        pairs = collections.Counter((g, t) for g, t in zip(r["gold"], r["top"], strict=True) if g != t)
        if pairs:
            print(f"\nNhầm lẫn trên tập dev ({variant}): " + ", ".join(f"{g}→{t} ×{c}" for (g, t), c in pairs.most_common()))
            for message, g, t, _f, conf in r["rows"]:
                if g != t:
                    print(f"   [{g} → {t} {conf:.2f}] {message}")


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
    parser.add_argument("--dev", type=Path, default=ROOT / "tests" / "dev" / "nlu")
    parser.add_argument("--heldout", type=Path, default=ROOT / "tests" / "heldout" / "nlu")
    parser.add_argument("--heldout-only", action="store_true", help="skip the development set (faster)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a variant is below its target")
    parser.add_argument("--floor", default="",
                        help="held-out floors, e.g. as_written=0.90,typos=0.80: exit 1 below them")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    warnings.filterwarnings("ignore")
    model = latest_model(args.model)
    heldout = load_examples(args.heldout)
    dev = [] if args.heldout_only else load_examples(args.dev)
    print(f"mô hình {model.name}; dev {len(dev)} câu, held-out {len(heldout)} câu, "
          f"{len({i for _, i, _ in heldout})} ý định")
    dev_results, heldout_results = asyncio.run(evaluate_sets(model, dev, heldout))
    return report(dev_results, heldout_results, args.check, parse_floors(args.floor))


if __name__ == "__main__":
    sys.exit(main())
