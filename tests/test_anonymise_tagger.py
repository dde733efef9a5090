"""Rules 7: the learned name tagger (insights/quotes/tagger.py, trained by
insights/quotes/train_tagger.py, stored in data/anonymise/tagger.npz)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from insights.quotes import anonymise
from insights.quotes import tagger as tg
from insights.quotes import train_tagger as tt
from insights.quotes.lexicon import RULES_VERSION, AnonymiserUnavailable

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine() -> anonymise.Anonymiser:
    return anonymise.Anonymiser(NO_DENY_LIST)


@pytest.fixture(scope="module")
def rules_only(engine) -> anonymise.Anonymiser:
    bare = anonymise.Anonymiser(NO_DENY_LIST, verify_model=False, tagger=None)
    return bare


def test_rules_version_and_label_name_the_tagger(engine):
    assert RULES_VERSION == "7"
    assert "maternity rules 7" in engine.label
    assert f"tagger {engine.tagger.digest}" in engine.label


def test_shipped_model_is_numbers_only_and_loads():
    with np.load(tg.TAGGER_PATH, allow_pickle=False) as data:
        assert set(data.files) == {"weights", "bias", "meta"}
        assert data["weights"].dtype == np.float16
    tagger = tg.Tagger()
    assert tagger.weights.shape == (1 << tg.BITS, len(tg.CLASSES))
    assert 0 < tagger.threshold < 1


# notes the rules alone leave a name in, which the tagger removes (wordings not in any corpus)
CAUGHT = [
    ("PT GIFTY - WANTS HOME BIRTH", "GIFTY"),
    ("went through the form with Rain, she wants a copy", "Rain"),
    ("went through the survey with Storm, she had a c section", "Storm"),
]


@pytest.mark.parametrize(("text", "name"), CAUGHT)
def test_tagger_catches_names_the_rules_miss(engine, rules_only, text, name):
    assert name in rules_only.anonymise(text)
    out = engine.anonymise(text)
    assert name not in out
    assert "[NAME]" in out


KEPT = [
    "Saw the midwife at Darent Valley, on metformin for GDM, wants a VBAC",
    "Health visitor from the Baby Bank rang about the Fastrack clinic",
    "The consultant said the CTG was fine and the waters had gone",
    "Staff on the postnatal ward were kind but the food was cold",
    "Patience is key with feeding, may need a referral",
    "Praise given to the staff, I hope they listen next time",
]


@pytest.mark.parametrize("text", KEPT)
def test_must_keep_words_stay(engine, text):
    assert engine.anonymise(text) == text


def test_rules_findings_are_never_cut_by_the_tagger(engine, rules_only):
    texts = [
        "call back Aisling Moran 07700 900417 re PALS complaint",
        "Midwife Grace rang her on 07700 900123",
    ]
    for text in texts:
        mine = engine.find(text)
        for f in rules_only.find(text):
            assert all(
                any(g.start <= i < g.end for g in mine) for i in range(f.start, f.end) if text[i].isalnum()
            )


def test_missing_or_damaged_weights_fail_closed(tmp_path):
    with pytest.raises(AnonymiserUnavailable):
        tg.Tagger(tmp_path / "absent.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(AnonymiserUnavailable):
        tg.Tagger(bad)
    wrong = tmp_path / "wrong.npz"
    meta = {"classes": ["O", "PERSON"], "bits": 4, "threshold": 0.5}
    tt.save(wrong, np.zeros((16, 2), np.float32), np.zeros(2, np.float32), meta)
    with pytest.raises(AnonymiserUnavailable):
        tg.Tagger(wrong)
    with pytest.raises(AnonymiserUnavailable):
        anonymise.Anonymiser(NO_DENY_LIST, verify_model=False, tagger=bad)


def test_shipped_model_records_the_training_corpus_and_settings():
    meta = tg.Tagger().meta
    assert meta["corpus_sha"] == tt.corpus_fingerprint(), "labelled notes changed: retrain the tagger"
    assert meta["sets"] == list(tt.TRAIN_SETS)
    assert not {"blind5", "blind6"} & set(meta["sets"]), "held-out corpora must never be trained on"
    assert (meta["C"], meta["threshold"], meta["px_weight"]) == (tt.C, tt.THRESHOLD, tt.PX_WEIGHT)


def test_px_training_text_excludes_the_reported_comments(tmp_path):
    path = tmp_path / "px.csv"
    rows = [f"comment number {i} about the ward and the staff" for i in range(12)]
    path.write_text(
        "FFT answer,Person identifiable info?\n"
        + "\n".join(f"{r}," for r in rows)
        + "\nMy name is Jo Bloggs,Y\n",
        encoding="utf-8",
    )
    assert tt.px_negatives(path, skip=10) == rows[10:]


def test_training_is_reproducible(rules_only, tmp_path):
    rows = tt.load_set("dev3")[:12] + tt.load_set("dev4")[:12]
    prep = tt.Prepared(rules_only, [r["text"] for r in rows], rows, ["dev"] * len(rows))
    outs = []
    for n in range(2):
        x, y, w = prep.matrix(list(range(len(rows))))
        weights, bias = tt.fit(x, y, w)
        path = tmp_path / f"t{n}.npz"
        tt.save(path, weights, bias, {"classes": list(tg.CLASSES), "bits": tg.BITS, "threshold": 0.5})
        outs.append(path.read_bytes())
    assert outs[0] == outs[1]
    assert tg.Tagger(tmp_path / "t0.npz").weights.any()


@pytest.mark.skipif(
    not os.environ.get("PXTEXTMINING_CSV"), reason="needs the pxtextmining CSV (outside the repo)"
)
def test_shipped_model_is_the_training_scripts_output(tmp_path):
    out = tmp_path / "tagger.npz"
    tt.main(["--px", os.environ["PXTEXTMINING_CSV"], "--out", str(out)])
    assert out.read_bytes() == tg.TAGGER_PATH.read_bytes()
    assert json.loads(bytes(np.load(out)["meta"]).decode())["px_comments"] > 0


def test_fit_with_only_two_classes_gives_scikit_learns_probabilities():
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    x = sparse.random(40, 2**tg.BITS, density=1e-4, random_state=0, format="lil", dtype=np.float32)
    x[:20, 7] = 1.0
    x = x.tocsr()
    y = np.array([0] * 20 + [3] * 20)
    w = np.ones(40)
    weights, bias = tt.fit(x, y, w)
    model = LogisticRegression(C=tt.C, max_iter=300, solver="lbfgs", tol=1e-5).fit(x, y, sample_weight=w)
    scores = x @ weights + bias
    ours = np.exp(scores - scores.max(axis=1, keepdims=True))
    ours /= ours.sum(axis=1, keepdims=True)
    assert np.allclose(ours[:, [0, 3]], model.predict_proba(x), atol=2e-3)
    assert ours[:, [1, 2]].max() < 1e-6  # classes never seen stay impossible
