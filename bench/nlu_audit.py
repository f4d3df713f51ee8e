"""Training examples the rest of the training data disagrees with.

A fast bag-of-n-grams logistic regression is trained in k folds over data/nlu; every example is
predicted by the folds that did not see it. Examples predicted confidently as another intent are
either labelled against the rules in docs/intents.md or sit at a boundary the data does not yet
cover. The cross-validated accuracy is printed too: it moves with the consistency of the data.

    .venv/bin/python bench/nlu_audit.py [--top 60] [--intent rate_bad]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")  # many small solves: threads only add overhead

import numpy as np  # noqa: E402
from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402
from scipy.sparse import hstack  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold, cross_val_predict  # noqa: E402

from vntext.fold import fold  # noqa: E402
from vntext.normalize import normalize  # noqa: E402


def training_examples(folder: Path) -> List[Tuple[str, str]]:
    data = load_data(str(folder))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples if m.get("text")]


def _folded(text: str) -> str:
    return fold(normalize(text)).lower()


def cross_validated(texts: List[str], labels: List[str], folds: int = 5, seed: int = 0):
    """Probabilities for every example from a model that did not see it, and the class order."""
    folded = [_folded(text) for text in texts]
    words = CountVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+")
    chars = CountVectorizer(analyzer="char_wb", ngram_range=(2, 4))
    matrix = hstack([words.fit_transform(folded), chars.fit_transform(folded)]).tocsr()
    model = LogisticRegression(max_iter=500, class_weight="balanced")
    splits = StratifiedKFold(folds, shuffle=True, random_state=seed)
    probabilities = cross_val_predict(model, matrix, labels, cv=splits, method="predict_proba")
    return probabilities, sorted(set(labels))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "data" / "nlu"))
    parser.add_argument("--top", type=int, default=60, help="how many disagreements to list")
    parser.add_argument("--intent", help="only examples labelled with, or predicted as, this intent")
    parser.add_argument("--min-confidence", type=float, default=0.5)
    args = parser.parse_args()

    examples = training_examples(Path(args.data))
    texts = [text for text, _ in examples]
    labels = [label for _, label in examples]
    probabilities, classes = cross_validated(texts, labels)
    predicted = [classes[i] for i in probabilities.argmax(axis=1)]
    accuracy = float(np.mean([p == g for p, g in zip(predicted, labels, strict=True)]))
    print(f"{len(texts)} câu, {len(classes)} ý định, độ chính xác kiểm chéo 5 phần: {accuracy:.3f}")

    disagreements = [
        (float(row.max()), gold, guess, text)
        for row, gold, guess, text in zip(probabilities, labels, predicted, texts, strict=True)
        if guess != gold and row.max() >= args.min_confidence
        and (not args.intent or args.intent in (gold, guess))
    ]
    disagreements.sort(reverse=True)
    pairs = collections.Counter((gold, guess) for _, gold, guess, _ in disagreements)
    print("Cặp hay lẫn (nhãn → dữ liệu còn lại đoán):")
    for (gold, guess), count in pairs.most_common(15):
        print(f"   {gold} → {guess} ×{count}")
    print(f"Câu cần xem lại nhãn (độ tin ≥ {args.min_confidence}):")
    for confidence, gold, guess, text in disagreements[: args.top]:
        print(f"   [{gold} → {guess} {confidence:.2f}] {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
