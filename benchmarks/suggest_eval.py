"""Benchmark coding suggestions on real labelled patient-experience comments.

    python benchmarks/suggest_eval.py PATH [--folds 5] [--seed 42] [--work DIR]

PATH is either a TRAIN.csv (`text`, `codes` separated by ';') or the pxtextmining framework file
(CDU Data Science Team, Nottinghamshire Healthcare NHS FT, github CDU-data-science-team/pxtextmining,
`datasets/v6framework_230831.csv`: one row per comment, `FFT answer` the text and one 0/1 column per
category from `Not assigned` on). The data is not committed (see README "Coding suggestions").

It keeps a seeded 20% HELD-OUT split that is never tuned on, reports k-fold cross-validation on the
other 80% (dev), then runs `python -m insights suggest predict` end to end (train on dev, predict the
held-out texts) and scores OUT.csv against the held-out labels, timing train + predict.

`--ranking-study` instead compares, by 3-fold cross-validation on the dev 80% only, rankings that
could replace the calibrated-confidence order behind `ranked` (label-prior blends, Complement naive
Bayes and nearest-neighbour blends, co-occurrence-aware slot filling), and the top-k hit curve.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from insights.coding import suggest  # noqa: E402
from insights.output.exports import write_csv  # noqa: E402


def load(path: Path) -> pd.DataFrame:
    """A frame with `text` and `codes` (';'-separated) from either supported format."""
    raw = pd.read_csv(path, dtype=str)
    if {"text", "codes"} <= set(raw.columns):
        frame = raw[["text", "codes"]].fillna("")
    elif "FFT answer" in raw.columns and "Not assigned" in raw.columns:
        labels = list(raw.columns[list(raw.columns).index("Not assigned") :])
        onehot = raw[labels].apply(pd.to_numeric, errors="coerce").fillna(0).astype(int)
        codes = [
            ";".join(lab for lab, v in zip(labels, row, strict=True) if v == 1) for row in onehot.to_numpy()
        ]
        frame = pd.DataFrame({"text": raw["FFT answer"], "codes": codes})
        frame = frame[frame["text"].notna()]  # comments with no answer text
    else:
        sys.exit(f"{path}: expected columns text,codes or the pxtextmining framework layout")
    return frame[frame["codes"].str.strip() != ""].reset_index(drop=True)


def _hit(order: np.ndarray, y: np.ndarray) -> float:
    """Share of rows with a right label among the label indices in `order` (rows x k)."""
    return float(np.mean(np.take_along_axis(y, order, axis=1).any(axis=1)))


def _top(score: np.ndarray, k: int = 3) -> np.ndarray:
    return np.argsort(-score, axis=1, kind="stable")[:, :k]


def _diverse(conf: np.ndarray, lift: np.ndarray, gamma: float) -> np.ndarray:
    """Greedy top 3 maximising the chance that at least one is right, with pairwise co-occurrence."""
    out = np.zeros((len(conf), 3), dtype=int)
    for i, p in enumerate(conf):
        gain, chosen = p.copy(), []
        for _slot in range(3):
            g = gain.copy()
            g[chosen] = -np.inf
            j = int(np.argmax(g))
            chosen.append(j)
            gain = gain - gamma * np.minimum(np.minimum(p, p[j]), p * p[j] * lift[j])
        out[i] = chosen
    return out


def ranking_study(texts: list[str], sets: list[set[str]], folds: int = 3) -> None:
    """Top-3 hit rate of alternative rankings, k-fold on the given (dev) texts only."""
    from sklearn.naive_bayes import ComplementNB

    labels = sorted({lab for s in sets for lab in s})
    y = suggest._label_matrix(sets, labels)
    ids = suggest._fold_ids(len(texts), folds, seed=7)
    results: dict[str, list[float]] = {}

    def record(name: str, order: np.ndarray, yt: np.ndarray) -> None:
        results.setdefault(name, []).append(_hit(order, yt))

    for k in range(folds):
        tr, te = np.flatnonzero(ids != k), np.flatnonzero(ids == k)
        model = suggest.fit([texts[i] for i in tr], [sets[i] for i in tr])
        cols = [labels.index(lab) for lab in model.labels]
        te_texts = [texts[i] for i in te]
        conf = np.zeros((len(te), len(labels)))
        conf[:, cols] = model.confidences(te_texts)
        ytr, yte = y[tr], y[te]
        prior = ytr.mean(axis=0) + 1e-4
        for n in (1, 3, 6):
            record(f"calibrated SVM confidence, top {n}", _top(conf, n), yte)
        for lam in (0.02, 0.1):
            record(f"confidence + {lam} log prior", _top(conf + lam * np.log(prior)), yte)
        record("confidence x prior^0.2", _top(conf * prior**0.2), yte)
        # second models on the same TF-IDF features, as multi-class over (text, label) pairs
        xtr = model._features([texts[i] for i in tr])
        xte = model._features(te_texts)
        rows = [i for i in range(len(tr)) for _ in np.flatnonzero(ytr[i])]
        target = [j for i in range(len(tr)) for j in np.flatnonzero(ytr[i])]
        weight = [1 / ytr[i].sum() for i in rows]
        nb = ComplementNB(alpha=0.3).fit(xtr[rows], target, sample_weight=weight)
        pnb = np.zeros_like(conf)
        pnb[:, nb.classes_] = nb.predict_proba(xte)
        sim = (xte @ xtr.T).toarray()
        near = np.argpartition(-sim, 15, axis=1)[:, :15]
        knn = np.stack([(sim[i, near[i], None] * ytr[near[i]]).sum(axis=0) for i in range(len(te))])
        knn /= knn.sum(axis=1, keepdims=True) + 1e-9
        share = conf / conf.sum(axis=1, keepdims=True)
        record("Complement NB alone", _top(pnb), yte)
        record("0.8 confidence share + 0.2 Complement NB", _top(0.8 * share + 0.2 * pnb), yte)
        record("15-nearest-neighbour vote alone", _top(knn), yte)
        record("0.8 confidence share + 0.2 neighbour vote", _top(0.8 * share + 0.2 * knn), yte)
        joint = ytr.T.astype(float) @ ytr / len(tr)
        lift = joint / np.outer(prior, prior)
        record("co-occurrence-aware slots 2-3 (gamma 0.5)", _diverse(conf, lift, 0.5), yte)
        print(f"fold {k + 1}/{folds} done", flush=True)
    print(f"\nDEV {folds}-fold ranking study ({len(texts)} texts): right label in the top k")
    for name, values in results.items():
        print(f"{name:<48} {np.mean(values):.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--work", type=Path, help="folder for dev.csv, heldout.csv, out.csv (default: temporary)"
    )
    parser.add_argument("--skip-cv", action="store_true", help="only the held-out run")
    parser.add_argument(
        "--ranking-study", action="store_true", help="compare rankings by 3-fold CV on dev only, then stop"
    )
    args = parser.parse_args()

    frame = load(args.path)
    order = np.random.default_rng(args.seed).permutation(len(frame))
    cut = int(len(frame) * 0.8)
    dev, held = frame.iloc[order[:cut]], frame.iloc[order[cut:]]
    n_labels = len({lab for c in frame["codes"] for lab in suggest.split_labels(c)})
    print(f"{len(frame)} labelled texts, {n_labels} labels; dev {len(dev)}, held-out {len(held)}")

    if args.ranking_study:
        ranking_study(dev["text"].tolist(), [set(suggest.split_labels(c)) for c in dev["codes"]])
        return 0

    if not args.skip_cv:
        started = time.perf_counter()
        ev = suggest.cross_validate(
            dev["text"].tolist(), [suggest.split_labels(c) for c in dev["codes"]], args.folds
        )
        print(f"\nDEV {args.folds}-fold cross-validation ({time.perf_counter() - started:.0f} s)")
        print("\n".join(ev.lines()[:4]))

    work = args.work or Path(tempfile.mkdtemp(prefix="suggest-eval-"))
    work.mkdir(parents=True, exist_ok=True)
    write_csv(dev, work / "dev.csv", bom=False)
    held_in = pd.DataFrame({"id": [f"h{i}" for i in range(len(held))], "text": held["text"].to_numpy()})
    write_csv(held_in, work / "heldout.csv", bom=False)
    cmd = [sys.executable, "-m", "insights", "suggest", "predict", "--train", str(work / "dev.csv")]
    cmd += ["--input", str(work / "heldout.csv"), "--out", str(work / "out.csv"), "--top", "3"]
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode:
        print(result.stderr)
        return 1
    out = pd.read_csv(work / "out.csv", dtype=str, keep_default_na=False)
    truth = [set(suggest.split_labels(c)) for c in held["codes"]]
    ev = suggest.score_predictions(
        truth,
        [set(suggest.split_labels(c)) for c in out["codes"]],
        [suggest.split_labels(r) for r in out["ranked"]],
        counts={},
    )
    print(f"\nHELD-OUT (suggest predict, train + predict {seconds:.1f} s wall, whole command)")
    print("\n".join(ev.lines()[1:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
