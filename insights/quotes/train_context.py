"""Train the rules 60 contextual model's head offline and write data/anonymise/context_head.npz.

    python -m insights.quotes.train_context --px PATH/v6framework_230831.csv [--threshold 0.998]

Training text is the tagger's (insights.quotes.train_tagger): the labelled notes of TRAIN_SETS and, as text with
no personal details, the pxtextmining v6 comments flagged with no personal information after the first 1,500 (the
first 1,500 are the reported false-change check and are never trained on). Every word (context_model.WORD) is one
example: its int8 MiniLM vector and four shape features (context_model.ContextModel.features); it is positive when
it overlaps a labelled personal detail. The head is scikit-learn's MLPClassifier (one hidden layer of 256 ReLU
units, alpha 1e-3, 30 epochs of Adam with early stopping, random_state 0), stored as plain arrays (no pickle) with
the threshold and a fingerprint of the training text. The threshold (0.998) was chosen on the untrained tuning sets,
with the stage's guards, never on the held-out sets (docs/anonymiser-rounds.md, rules 60).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from insights.quotes import context_model, train_tagger

HIDDEN = 256
THRESHOLD = 0.998


def word_labels(text: str, spans: list[tuple[int, int]], pii) -> np.ndarray:
    return np.array([any(a < e and s < b for a, b, *_ in pii) for s, e in spans], bool)


def examples(model: context_model.ContextModel, rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every word of `rows` (dicts with "text" and, for labelled notes, "pii")."""
    xs, ys = [], []
    for row in rows:
        spans = context_model.word_spans(row["text"])
        if spans:
            xs.append(model.features(row["text"], spans))
            ys.append(word_labels(row["text"], spans, row.get("pii", [])))
    return np.vstack(xs), np.concatenate(ys)


def fit_head(x: np.ndarray, y: np.ndarray, hidden: int = HIDDEN) -> dict[str, np.ndarray]:
    """The head's weights, as context_model.ContextModel.chances reads them."""
    from sklearn.neural_network import MLPClassifier

    mlp = MLPClassifier((hidden,), alpha=1e-3, max_iter=30, early_stopping=True, random_state=0)
    mlp.fit(x, y)
    return {
        "w1": mlp.coefs_[0].astype(np.float32),
        "b1": mlp.intercepts_[0].astype(np.float32),
        "w2": mlp.coefs_[1].astype(np.float32),
        "b2": mlp.intercepts_[1].astype(np.float32),
    }


def save_head(path: Path, weights: dict[str, np.ndarray], meta: dict) -> None:
    np.savez_compressed(path, meta=np.array(json.dumps(meta, sort_keys=True)), **weights)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--px", type=Path, required=True, help="pxtextmining's v6framework_230831.csv")
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--out", type=Path, default=context_model.HEAD_PATH)
    a = ap.parse_args()
    model = context_model.ContextModel(head=False)
    rows = [row for name in train_tagger.TRAIN_SETS for row in train_tagger.load_set(name)]
    negatives = train_tagger.px_negatives(a.px)
    x, y = examples(model, rows + [{"text": t} for t in negatives])
    print(f"training words {len(y)}, of them personal details {int(y.sum())}", flush=True)
    meta = {
        "threshold": a.threshold,
        "hidden": HIDDEN,
        "train_sets": list(train_tagger.TRAIN_SETS),
        "corpus": train_tagger.corpus_fingerprint(),
        "px": train_tagger.fingerprint(negatives),
        "words": int(len(y)),
    }
    save_head(a.out, fit_head(x, y), meta)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
