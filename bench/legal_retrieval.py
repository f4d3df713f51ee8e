"""Retrieval benchmark for legal search: Recall@1/5/10, MRR@10 (as written and without diacritics), latency.

    python bench/legal_retrieval.py --questions ../shared/data/legal/alqac2023/dev_questions.json \
        --questions ../shared/data/legal/alqac2023/dev_statements.json [--database-url URL] [--scale 200000]

Without --database-url the ALQAC laws are imported into a temporary SQLite file. --scale N builds a synthetic
corpus of N articles (clauses of the real corpus recombined) in SQLite and in PostgreSQL (PG_URL, default
postgresql://postgres@127.0.0.1:5432/test, in a schema of its own) and prints the query latency on both;
--scale-keep DIR keeps that corpus (SQLite file in DIR, schema legal_scale_N_keep) and reuses it next time.
The re-ranker's weights are cross-validated (fit on one file, report on the other) by bench/legal_cv.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import vntext  # noqa: E402
from legal_kb.db import make_engine, session_scope  # noqa: E402
from legal_kb.documents.search.service import search_session  # noqa: E402
from legal_kb.settings import Settings  # noqa: E402

Question = Tuple[str, set]


def load_questions(path: Path) -> List[Question]:
    out = []
    for item in json.loads(Path(path).read_text(encoding="utf-8")):
        text = item.get("text") or item.get("statement") or item.get("question")
        refs = item.get("relevant_articles") or item.get("legal_passages") or []
        out.append((text, {(r["law_id"], str(r["article_id"])) for r in refs}))
    return out


def evaluate(session, questions: List[Question], fold: bool) -> dict:
    ranks, latencies, cpu = [], [], []
    for text, relevant in questions:
        query = vntext.fold(text) if fold else text
        start, c = time.perf_counter(), time.process_time()
        hits = search_session(session, query, k=10)
        latencies.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        rank = next((i for i, h in enumerate(hits) if (h.document, h.article) in relevant), None)
        ranks.append(rank)
    return {
        **metrics(ranks),
        "p50": statistics.median(latencies),
        "p95": sorted(latencies)[max(0, int(round(0.95 * len(latencies))) - 1)],
        "cpu95": sorted(cpu)[max(0, int(round(0.95 * len(cpu))) - 1)],
    }


def metrics(ranks: List[Optional[int]]) -> Dict[str, float]:
    """Recall@1/5/10 and MRR@10 from each query's 0-based rank of its first relevant hit (None: not in the top 10)."""
    n = max(len(ranks), 1)
    return {
        "R@1": sum(r is not None and r < 1 for r in ranks) / n,
        "R@5": sum(r is not None and r < 5 for r in ranks) / n,
        "R@10": sum(r is not None and r < 10 for r in ranks) / n,
        "MRR@10": sum(1 / (r + 1) for r in ranks if r is not None) / n,
    }


def build_default(url: str) -> None:
    from legal_kb.documents.importers.alqac import import_alqac

    corpus = Settings.from_env().legal_corpus
    print(f"importing ALQAC laws into {url} …", file=sys.stderr)
    import_alqac(make_engine(url), corpus / "alqac2023" / "laws.json")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", action="append", required=True, type=Path)
    parser.add_argument("--database-url")
    parser.add_argument("--scale", type=int, default=0)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--scale-keep", help="folder to keep (and reuse) the synthetic corpus in; its PostgreSQL schema is kept too")
    parser.add_argument("--scale-only", action="store_true", help="skip the retrieval figures")
    args = parser.parse_args(argv)
    url = args.database_url
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='legal_bench_')}/kb.sqlite"
        build_default(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        search_session(session, "khởi động", k=1)
        for path in ([] if args.scale_only else args.questions):
            questions = load_questions(path)
            for fold in (False, True):
                r = evaluate(session, questions, fold)
                label = "không dấu" if fold else "có dấu  "
                print(f"{path.name:24s} {label} n={len(questions):4d}  R@1 {r['R@1']:.3f}  R@5 {r['R@5']:.3f}  R@10 {r['R@10']:.3f}  "
                      f"MRR@10 {r['MRR@10']:.3f}  p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms  (CPU p95 {r['cpu95']:.1f} ms)")
    if args.scale:
        from bench.legal_scale import run_scale

        questions = [q for path in args.questions for q in load_questions(path)]
        run_scale(args.scale, [q for q, _ in questions], engine, args.pg_url, keep=args.scale_keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
