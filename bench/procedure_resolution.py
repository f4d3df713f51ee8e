"""Procedure resolution on citizens' phrasings, development set and held-out set side by side: as written,
without diacritics, with seeded typos.

    .venv/bin/python bench/procedure_resolution.py [--dev tests/dev/procedures.yml]
        [--heldout tests/heldout/procedures.yml] [--seed 13] [--database URL] [--strict]

Prints top-1 / top-3 accuracy per variant and set, how many near-tie cases produced the ambiguous result,
how often a clear question was needlessly turned into buttons, latency, and every confusion of the
development set. The held-out set (written by someone who saw only the list of procedures, never the aliases)
is reported in aggregate only.
top-1 counts the best match (not-found counts as a miss); top-3 counts the first three candidates
(for a not-found result: its suggestions). Targets: top-1 >= 0.95, top-3 >= 0.99 on each variant.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import vntext  # noqa: E402
from legal_kb.procedures.matching import ProcedureIndex, Resolution  # noqa: E402

TOP1_TARGET, TOP3_TARGET = 0.95, 0.99
_LETTERS = "abcdeghiklmnopqrstuvxy"


def load_cases(path: Path) -> List[dict]:
    with open(path, encoding="utf-8") as handle:
        cases = yaml.safe_load(handle)["cases"]
    for case in cases:
        case["expected"] = set(case.get("ambiguous") or [case["expect"]])
    return cases


def add_typos(text: str, rng: random.Random) -> str:
    """One or two character edits (substitute, delete, insert, swap neighbours) on letters."""
    chars = list(text)
    for _ in range(rng.choice((1, 2))):
        letters = [i for i, c in enumerate(chars) if c.isalpha()]
        if len(letters) < 2:
            break
        i = rng.choice(letters)
        operation = rng.choice(("substitute", "delete", "insert", "swap"))
        if operation == "substitute":
            chars[i] = rng.choice(_LETTERS)
        elif operation == "delete":
            del chars[i]
        elif operation == "insert":
            chars.insert(i, rng.choice(_LETTERS))
        elif i + 1 < len(chars) and chars[i + 1].isalpha():
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = rng.choice(_LETTERS)
    return "".join(chars)


def variants(cases: List[dict], seed: int) -> Dict[str, List[str]]:
    return {
        "as written": [c["text"] for c in cases],
        "no diacritics": [vntext.fold(c["text"]) for c in cases],
        "typos": [add_typos(c["text"], random.Random(seed * 100_003 + n)) for n, c in enumerate(cases)],
    }


def build_index(database: Optional[str]) -> ProcedureIndex:
    if database:
        from legal_kb.db import make_engine
        from legal_kb.procedures.importer import read_catalog

        return ProcedureIndex(read_catalog(make_engine(database)))
    from legal_kb.procedures.content import load_catalog

    return ProcedureIndex(load_catalog())


def evaluate(index: ProcedureIndex, cases: List[dict], texts: List[str]) -> dict:
    top1 = top3 = tie_total = tie_ok = clear_total = clear_buttons = 0
    confusions: List[Tuple[str, str, str]] = []
    timings: List[float] = []
    for case, text in zip(cases, texts, strict=True):
        start = time.perf_counter()
        result: Resolution = index.resolve(text)
        timings.append((time.perf_counter() - start) * 1000)
        expected = case["expected"]
        best = result.best.key if result.best else None
        first3 = [c.key for c in result.candidates[:3]]
        hit1 = best in expected
        top1 += hit1
        top3 += bool(expected & set(first3))
        if "ambiguous" in case:
            tie_total += 1
            ok = result.ambiguous and len(expected & set(result.keys())) >= 2
            tie_ok += ok
            if not ok:
                confusions.append((text, "nút: " + ", ".join(sorted(expected)), _describe(result)))
        else:
            clear_total += 1
            clear_buttons += result.ambiguous
            if hit1 and result.ambiguous:
                confusions.append((text, next(iter(expected)), "(đúng nhưng hỏi lại) " + _describe(result)))
            elif not hit1:
                confusions.append((text, next(iter(expected)), _describe(result)))
    n = len(cases)
    return {
        "top1": top1 / n,
        "top3": top3 / n,
        "ties": (tie_ok, tie_total),
        "buttons": (clear_buttons, clear_total),
        "confusions": confusions,
        "mean_ms": statistics.mean(timings),
        "p95_ms": sorted(timings)[int(0.95 * (len(timings) - 1))],
        "max_ms": max(timings),
    }


def _describe(result: Resolution) -> str:
    if result.not_found:
        return "không tìm thấy" + (f" (gợi ý: {', '.join(result.keys())})" if result.candidates else "")
    label = "nút" if result.ambiguous else "chọn"
    return f"{label}: " + ", ".join(f"{c.key} {c.score:.2f}" for c in result.candidates[:3])


def _line(name: str, report: dict) -> str:
    return (f"top-1 {report['top1']:.3f}  top-3 {report['top3']:.3f}  near-ties → buttons "
            f"{report['ties'][0]}/{report['ties'][1]}  clear → buttons {report['buttons'][0]}/{report['buttons'][1]}  "
            f"p95 {report['p95_ms']:.2f} ms")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT / "tests" / "dev" / "procedures.yml")
    parser.add_argument("--heldout", type=Path, default=ROOT / "tests" / "heldout" / "procedures.yml")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--typo-seeds", type=int, default=5, help="also report the typo variant over this many seeds")
    parser.add_argument("--database", help="read the catalog from this database instead of the content folder")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a held-out target is missed")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    index = build_index(args.database)
    build_ms = (time.perf_counter() - started) * 1000
    sets = {"dev": load_cases(args.dev), "held-out": load_cases(args.heldout)}
    print(f"procedures: {len(index.procedures)}; index built in {build_ms:.0f} ms; seed {args.seed}; "
          + "; ".join(f"{name} {len(c)} phrasings ({sum('ambiguous' in x for x in c)} near-ties)"
                      for name, c in sets.items()))
    passed = True
    reports: Dict[str, Dict[str, dict]] = {}
    for set_name, cases in sets.items():
        reports[set_name] = {name: evaluate(index, cases, texts) for name, texts in variants(cases, args.seed).items()}
    for variant in reports["dev"]:
        print(f"\n== {variant}")
        for set_name in sets:
            report = reports[set_name][variant]
            ok = report["top1"] >= TOP1_TARGET and report["top3"] >= TOP3_TARGET
            if set_name == "held-out":
                passed &= ok
            print(f"   {set_name:<9} {_line(variant, report)}  [{'OK' if ok else 'BELOW TARGET'}]")
    if args.typo_seeds > 1:
        seeds = range(args.seed, args.seed + args.typo_seeds)
        for set_name, cases in sets.items():
            runs = [evaluate(index, cases, variants(cases, s)["typos"]) for s in seeds]
            top1, top3 = [r["top1"] for r in runs], [r["top3"] for r in runs]
            print(f"\n== typos over seeds {seeds.start}..{seeds.stop - 1} ({set_name}): top-1 mean "
                  f"{statistics.mean(top1):.3f} (min {min(top1):.3f})  top-3 mean {statistics.mean(top3):.3f} "
                  f"(min {min(top3):.3f})")
    print("\nConfusions on the development set:")
    for variant, report in reports["dev"].items():
        for text, expected, got in report["confusions"]:
            print(f"   [{variant}] {text!r}: expected {expected}; got {got}")
    print(f"\ntargets top-1 >= {TOP1_TARGET}, top-3 >= {TOP3_TARGET} on the held-out set: "
          f"{'met' if passed else 'NOT met'}")
    return 0 if passed or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
