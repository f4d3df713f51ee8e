"""Cross-validation of the stage-two re-ranker of legal search: fit on one file, report on the other, both ways.

    python bench/legal_cv.py --questions ../shared/data/legal/alqac2023/dev_questions.json \
        --questions ../shared/data/legal/alqac2023/dev_statements.json [--database-url URL] [--features base,heading]

For every query (as written and without diacritics) the stage-one articles and their ``ranking.FEATURES`` are
computed once; pairwise logistic regression (each relevant article against each other candidate) fits the
weights on one file and the held-out file is ranked with them. Printed: the held-out figures per direction,
the figures of the weights in ``ranking.RERANK_WEIGHTS``, and the weights fitted on both files together
(what ``RERANK_WEIGHTS`` holds). Needs scikit-learn (bench only; the search package does not).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

import vntext  # noqa: E402
from bench.legal_retrieval import build_default, load_questions, metrics  # noqa: E402
from legal_kb.db import make_engine, session_scope  # noqa: E402
from legal_kb.documents.models import LegalDocument, LegalUnit  # noqa: E402
from legal_kb.documents.search import ranking  # noqa: E402
from legal_kb.documents.search.service import retrieve  # noqa: E402

# one query: (unit ids of stage one in order, feature matrix, relevant mask, ids of the other candidates, gold)
Rows = Tuple[List[int], np.ndarray, np.ndarray, List[int], set]


def query_rows(session, questions, fold: bool, names: Dict[int, tuple]) -> List[Rows]:
    out = []
    for text, relevant in questions:
        r = retrieve(session, vntext.fold(text) if fold else text)
        top, rest = ranking.first_stage(r.query, r.candidates, r.stats, r.named)
        X = np.array(ranking.features(r.query, top, r.stats, r.names), dtype=float).reshape(len(top), len(ranking.FEATURES))
        ids = [c.unit_id for _, c, _ in top]
        y = np.array([names.get(u) in relevant for u in ids], dtype=bool)
        out.append((ids, X, y, [c.unit_id for c in rest], relevant))
    return out


def figures(rows, weights: Sequence[float], names) -> Dict[str, float]:
    ranks = []
    for ids, X, _y, rest, relevant in rows:
        scores = X @ np.asarray(weights) if len(ids) else []
        order = [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-scores[i], ids[i]))] + rest
        ranks.append(next((i for i, u in enumerate(order[:10]) if names.get(u) in relevant), None))
    return metrics(ranks)


def fit(rows: List[Rows], columns: Sequence[int], c: float = 1.0) -> np.ndarray:
    """Pairwise logistic regression without intercept: relevant minus non-relevant feature vectors."""
    from sklearn.linear_model import LogisticRegression

    diffs = []
    for _ids, X, y, _rest, _relevant in rows:
        for p in np.flatnonzero(y):
            diffs.extend(X[p, columns] - X[n, columns] for n in np.flatnonzero(~y))
    diffs = np.array(diffs)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=10000).fit(np.vstack([diffs, -diffs]), np.r_[np.ones(len(diffs)), np.zeros(len(diffs))])
    weights = np.zeros(len(ranking.FEATURES))
    weights[list(columns)] = model.coef_[0]
    return weights


def line(label: str, r: Dict[str, float]) -> str:
    return f"{label:44s} R@1 {r['R@1']:.3f}  R@5 {r['R@5']:.3f}  R@10 {r['R@10']:.3f}  MRR@10 {r['MRR@10']:.3f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", action="append", required=True, type=Path, help="exactly two files")
    parser.add_argument("--database-url")
    parser.add_argument("--features", default=",".join(ranking.FEATURES), help="comma-separated subset of ranking.FEATURES")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength (scikit-learn's default)")
    args = parser.parse_args(argv)
    if len(args.questions) != 2:
        parser.error("give two --questions files: each is held out in turn")
    columns = [ranking.FEATURES.index(f) for f in args.features.split(",")]
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='legal_cv_')}/kb.sqlite"
    if not args.database_url:
        build_default(url)
    with session_scope(make_engine(url)) as session:
        names = {u: (t, n) for u, t, n in session.execute(
            select(LegalUnit.id, LegalDocument.title, LegalUnit.number).join(LegalDocument).where(LegalUnit.kind == "dieu"))}
        data = {(p, fold): query_rows(session, load_questions(p), fold, names) for p in args.questions for fold in (False, True)}
    print(f"features: {', '.join(ranking.FEATURES[i] for i in columns)}   C={args.c}  document power {ranking.DOCUMENT_MASS_POWER:g}")
    for train, test in (args.questions, args.questions[::-1]):
        w = fit(data[(train, False)], columns, args.c)
        print(f"fit on {train.name}: weights {np.round(w, 2).tolist()}")
        for fold in (False, True):
            print("  " + line(f"held out {test.name} {'không dấu' if fold else 'có dấu'}", figures(data[(test, fold)], w, names)))
    for p in args.questions:
        for fold in (False, True):
            print(line(f"RERANK_WEIGHTS on {p.name} {'không dấu' if fold else 'có dấu'}", figures(data[(p, fold)], ranking.RERANK_WEIGHTS, names)))
    both = fit(data[(args.questions[0], False)] + data[(args.questions[1], False)], columns, args.c)
    print(f"fit on both files (in-sample, for RERANK_WEIGHTS): {np.round(both, 2).tolist()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
