"""Generation and checking time per document, for every type.

    .venv/bin/python bench/docgen.py [--runs N]

Prints p50/p95 in milliseconds over N runs (target: generation p50 <= 50 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docgen import draft  # noqa: E402
from docgen.check import check_document  # noqa: E402
from docgen.doctypes import TYPES  # noqa: E402
from docgen.examples import example  # noqa: E402
from docgen.settings import UnitDefaults  # noqa: E402


def _percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    defaults = UnitDefaults()
    draft("giay_moi", example("giay_moi"), defaults=defaults)  # warm-up (imports, template)
    print(f"docgen benchmark, {args.runs} runs per type (milliseconds)")
    print(f"{'type':<12} {'gen p50':>8} {'gen p95':>8} {'check p50':>10} {'check p95':>10} {'size KB':>8}")
    all_gen, all_check = [], []
    for key in TYPES:
        data = example(key)
        gen, chk = [], []
        content = b""
        for _ in range(args.runs):
            start = time.perf_counter()
            content = draft(key, data, defaults=defaults)
            gen.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            report = check_document(content)
            chk.append((time.perf_counter() - start) * 1000)
            assert report.ok, report.as_text()
        all_gen += gen
        all_check += chk
        g50, g95 = _percentiles(gen)
        c50, c95 = _percentiles(chk)
        print(f"{key:<12} {g50:8.1f} {g95:8.1f} {c50:10.1f} {c95:10.1f} {len(content) / 1024:8.1f}")
    g50, g95 = _percentiles(all_gen)
    c50, c95 = _percentiles(all_check)
    print(f"{'all':<12} {g50:8.1f} {g95:8.1f} {c50:10.1f} {c95:10.1f}")
    print(f"target generation p50 <= 50 ms: {'met' if g50 <= 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
