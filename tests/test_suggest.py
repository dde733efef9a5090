"""Coding suggestions: the model learns, the evaluation is computed right, the command is safe."""

from __future__ import annotations

import csv
import random
import subprocess
import sys
from pathlib import Path

import pytest

from insights.__main__ import main
from insights.coding import suggest

REPO = Path(__file__).resolve().parents[1]

# Awkward free-text labels: commas, quotes, ampersand, slash, spaces.
LABELS = {
    "food": 'Food, drink & "catering"',
    "park": "Parking / transport",
    "staff": "Staff manner & attitude",
    "wait": "Waiting, delays",
}
WORDS = {
    "food": ["meal", "sandwich", "tea", "breakfast", "menu", "lunch"],
    "park": ["parking", "car", "bus", "taxi", "ticket", "space"],
    "staff": ["nurse", "midwife", "kind", "rude", "polite", "doctor"],
    "wait": ["waited", "hours", "delay", "queue", "late", "slow"],
}
FILLER = ["the", "was", "very", "and", "it", "at", "my", "visit", "today", "really"]


def synthetic(n: int, seed: int) -> tuple[list[str], list[list[str]]]:
    """Texts mixing topic words (one or two topics each) with filler; labels are the topics."""
    rng = random.Random(seed)
    texts, labels = [], []
    keys = sorted(WORDS)
    for _ in range(n):
        topics = rng.sample(keys, rng.choice([1, 1, 2]))
        words = [rng.choice(WORDS[t]) for t in topics for _ in range(3)] + rng.sample(FILLER, 5)
        rng.shuffle(words)
        texts.append(" ".join(words))
        labels.append([LABELS[t] for t in topics])
    return texts, labels


def test_learns_separable_labels():
    texts, labels = synthetic(240, seed=1)
    model = suggest.fit(texts, labels)
    test_texts, test_labels = synthetic(80, seed=2)
    sets = model.predict_sets(test_texts)
    assert all(len(s) >= 1 for s in sets)
    exact = sum(s == set(t) for s, t in zip(sets, test_labels, strict=True)) / len(sets)
    assert exact >= 0.9  # a constant predictor gets every text with another label wrong
    evaluation = suggest.score_predictions(
        [set(t) for t in test_labels], sets, [[lab for lab, _ in r] for r in model.rank(test_texts, 3)]
    )
    assert evaluation.micro_f1 >= 0.9 and evaluation.top3_hit == 1.0
    # confidences are ordered and in [0, 1]
    for ranked in model.rank(test_texts, 3):
        confs = [c for _, c in ranked]
        assert confs == sorted(confs, reverse=True) and all(0 <= c <= 1 for c in confs)
    assert model.rank(["the midwife was rude and the nurse not polite"], 1)[0][0][0] == LABELS["staff"]


def test_every_text_gets_a_label_even_an_empty_one():
    texts, labels = synthetic(60, seed=3)
    model = suggest.fit(texts, labels)
    for s in model.predict_sets(["", "   ", "zzzz qqqq", "the"]):
        assert len(s) >= 1


def test_bad_training_data_is_refused():
    with pytest.raises(suggest.SuggestError, match="no labelled texts"):
        suggest.fit(["a", "b"], [[], [" "]])
    with pytest.raises(suggest.SuggestError, match="only one label"):
        suggest.fit(["a", "b"], [["x"], ["x"]])


def test_score_predictions_matches_hand_computation():
    true = [{"a"}, {"a", "b"}, {"c"}, {"b"}]
    predicted = [{"a"}, {"a", "c"}, {"b"}, {"b", "c"}]
    ranked = [["a", "b", "c"], ["c", "a", "d"], ["b", "a", "d"], ["d", "a", "b"]]
    ev = suggest.score_predictions(true, predicted, ranked)
    # top 3: rows 1, 2 and 4 have a right label among the first three; row 3 ({c}) does not
    assert ev.top3_hit == pytest.approx(3 / 4)
    assert ev.top1_hit == pytest.approx(1 / 4)  # only row 1 ranks a right label first
    # micro: tp = a, a, b = 3; predicted labels 1+2+1+2 = 6; true labels 1+2+1+1 = 5
    assert ev.micro_precision == pytest.approx(3 / 6)
    assert ev.micro_recall == pytest.approx(3 / 5)
    assert ev.micro_f1 == pytest.approx(2 * 3 / (6 + 5))
    # every label has fewer than 5 examples: none is scored
    assert all(row["precision"] is None for row in ev.per_label)
    assert "too few examples" in "\n".join(ev.lines())
    ev = suggest.score_predictions(true, predicted, ranked, counts={"a": 5, "b": 5, "c": 1})
    by = {row["label"]: row for row in ev.per_label}
    assert by["a"]["precision"] == 1.0 and by["a"]["recall"] == 1.0
    assert by["b"]["precision"] == pytest.approx(1 / 2) and by["b"]["recall"] == pytest.approx(1 / 2)
    assert by["c"]["f1"] is None
    assert ev.macro_f1 == pytest.approx((1.0 + 0.5) / 2)


def test_cross_validate_scores_out_of_fold_predictions(monkeypatch):
    """cross_validate = score_predictions over each fold's model predicting texts it never saw."""
    texts, labels = synthetic(100, seed=4)
    seen: list[set[str]] = []
    real_fit = suggest.fit

    def spy_fit(tr_texts, tr_labels, settings=None):
        seen.append(set(tr_texts))
        return real_fit(tr_texts, tr_labels, settings)

    monkeypatch.setattr(suggest, "fit", spy_fit)
    ev = suggest.cross_validate(texts, labels, folds=4)
    assert len(seen) == 4 and ev.texts == 100 and ev.folds == 4
    ids = suggest._fold_ids(100, 4)
    hits = 0
    true_sets, pred_sets, ranked = [], [], []
    for k in range(4):
        train = [i for i in range(100) if ids[i] != k]
        test = [i for i in range(100) if ids[i] == k]
        model = real_fit([texts[i] for i in train], [labels[i] for i in train])
        for i, p, r in zip(
            test,
            model.predict_sets([texts[i] for i in test]),
            model.rank([texts[i] for i in test]),
            strict=True,
        ):
            true_sets.append(set(labels[i]))
            pred_sets.append(p)
            ranked.append([lab for lab, _ in r])
            hits += bool(set(labels[i]) & {lab for lab, _ in r})
    assert ev.top3_hit == pytest.approx(hits / 100)
    tp = sum(len(p & t) for p, t in zip(pred_sets, true_sets, strict=True))
    assert ev.micro_f1 == pytest.approx(2 * tp / (sum(map(len, pred_sets)) + sum(map(len, true_sets))))
    assert ev.micro_f1 > 0.8


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_cli_round_trip_with_awkward_labels(tmp_path, capsys):
    texts, labels = synthetic(200, seed=5)
    train = write_csv(
        tmp_path / "train.csv",
        ["text", "codes"],
        [[t, ";".join(ls)] for t, ls in zip(texts, labels, strict=True)],
    )
    test_texts, test_labels = synthetic(30, seed=6)
    ids = [f"n{i}" for i in range(29)] + ["-7"]  # a formula-like id is neutralised
    inp = write_csv(
        tmp_path / "input.csv", ["id", "text"], [[i, t] for i, t in zip(ids, test_texts, strict=True)]
    )
    out = tmp_path / "out.csv"
    rc = main(
        ["suggest", "predict", "--train", str(train), "--input", str(inp), "--out", str(out), "--top", "3"]
    )
    assert rc == 0
    captured = capsys.readouterr()
    assert "wrote 30 rows" in captured.out and "apostrophe" in captured.err
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ids[:29] + ["'-7"]
    known = set(LABELS.values())
    right = 0
    for row, truth in zip(rows, test_labels, strict=True):
        predicted = row["codes"].split(";")
        ranked = row["ranked"].split(";")
        assert predicted and set(predicted) <= known  # labels survive commas, quotes, & and /
        assert len(ranked) == 3 and set(ranked) <= known
        right += set(predicted) == set(truth)
    assert right >= 25


def test_cli_exact_labels_keeps_formula_like_labels(tmp_path):
    train = write_csv(
        tmp_path / "train.csv",
        ["text", "codes"],
        [["good food tea lunch", "=Food"], ["rude nurse midwife", "-ve staff"]] * 10,
    )
    inp = write_csv(tmp_path / "in.csv", ["id", "text"], [["1", "tea and lunch"], ["2", "rude midwife"]])
    out = tmp_path / "out.csv"
    args = ["suggest", "predict", "--train", str(train), "--input", str(inp), "--out", str(out)]
    assert main([*args, "--exact-labels"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["codes"] for r in rows] == ["=Food", "-ve staff"]
    assert main(args) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["codes"] for r in rows] == ["'=Food", "'-ve staff"]


BAD_TRAINING = {
    "missing column": (b"text,labels\nhello,a\n", "needs the column(s) codes"),
    "empty file": (b"", "is empty"),
    "blank lines only": (b"\n\n  \n", "is empty"),
    "header only": (b"text,codes\n", "no rows"),
    "no labels": (b"text,codes\nhello,\nworld, ; \n", "no labels"),
    "one label": (b"text,codes\nhello,a\nworld,a\n", "only one label"),
    "not utf-8": ("text,codes\ncaf\u00e9,a\n".encode("cp1252"), "not UTF-8"),
    "semicolons": (b"text;codes\nhello;a\n", "separated by semicolons"),
    "tabs": (b"text\tcodes\nhello\ta\n", "separated by tabs"),
    "bad quoting": (b'text,codes\n"hello,a\nworld,b\n', "not a readable CSV"),
}


@pytest.mark.parametrize("case", sorted(BAD_TRAINING))
def test_bad_training_file_gives_a_message(tmp_path, capsys, case):
    content, message = BAD_TRAINING[case]
    train = tmp_path / "train.csv"
    train.write_bytes(content)
    inp = write_csv(tmp_path / "in.csv", ["id", "text"], [["1", "x"]])
    rc = main(
        ["suggest", "predict", "--train", str(train), "--input", str(inp), "--out", str(tmp_path / "o.csv")]
    )
    err = capsys.readouterr().err
    assert rc == 2 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert main(["suggest", "evaluate", "--train", str(train)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_bad_input_file_and_arguments_give_a_message(tmp_path, capsys):
    texts, labels = synthetic(40, seed=7)
    train = write_csv(
        tmp_path / "train.csv",
        ["text", "codes"],
        [[t, ";".join(ls)] for t, ls in zip(texts, labels, strict=True)],
    )
    cases = {
        "id,words\n1,x\n": "needs the column(s) text",
        "": "is empty",
        "id;text\n1;x\n": "separated by semicolons",
    }
    for content, message in cases.items():
        inp = tmp_path / "in.csv"
        inp.write_text(content, encoding="utf-8")
        rc = main(
            [
                "suggest",
                "predict",
                "--train",
                str(train),
                "--input",
                str(inp),
                "--out",
                str(tmp_path / "o.csv"),
            ]
        )
        err = capsys.readouterr().err
        assert rc == 2 and message in err and "Traceback" not in err, (content, err)
    rc = main(["suggest", "predict", "--train", str(tmp_path / "nope.csv"), "--input", "x", "--out", "y"])
    assert rc == 2 and "no such file" in capsys.readouterr().err
    rc = main(["suggest", "predict", "--train", str(train), "--out", str(tmp_path / "o.csv")])
    assert rc == 2 and "--input" in capsys.readouterr().err
    assert main(["suggest", "evaluate", "--train", str(train), "--folds", "1"]) == 2
    assert "at least 2 folds" in capsys.readouterr().err


def test_evaluate_command_prints_figures(tmp_path):
    texts, labels = synthetic(120, seed=8)
    train = write_csv(
        tmp_path / "train.csv",
        ["text", "codes"],
        [[t, ";".join(ls)] for t, ls in zip(texts, labels, strict=True)],
    )
    result = subprocess.run(
        [sys.executable, "-m", "insights", "suggest", "evaluate", "--train", str(train), "--folds", "3"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "a right label in the top 3" in result.stdout and "micro-averaged" in result.stdout
    assert LABELS["food"] in result.stdout and "Traceback" not in result.stderr


def test_training_set_from_database(fixture_con):
    texts, codes = suggest.training_set(fixture_con, "codes")
    _, categories = suggest.training_set(fixture_con, "categories")
    assert texts and len(texts) == len(codes) == len(categories)
    assert all(codes_ and cats for codes_, cats in zip(codes, categories, strict=True))
    n_excerpts = fixture_con.execute(
        "select count(distinct (narrative_id, excerpt_text)) from coded_excerpts where trim(excerpt_text) <> ''"
    ).fetchone()[0]
    assert len(texts) == n_excerpts
    known_codes = {r[0] for r in fixture_con.execute("select label from codes").fetchall()}
    known_categories = {r[0] for r in fixture_con.execute("select name from categories").fetchall()}
    assert {c for cs in codes for c in cs} <= known_codes
    assert {c for cs in categories for c in cs} <= known_categories
    with pytest.raises(ValueError):
        suggest.training_set(fixture_con, "themes")


def test_evaluate_database_on_fixture_coding(fixture_con):
    texts, _ = suggest.training_set(fixture_con, "categories")
    if len(texts) < 10:
        with pytest.raises(suggest.SuggestError, match="too few"):
            suggest.evaluate_database(fixture_con, "categories")
    else:
        ev = suggest.evaluate_database(fixture_con, "categories", folds=2)
        assert ev.texts == len(texts) and 0 <= ev.top3_hit <= 1
        assert all(row["precision"] is None for row in ev.per_label if row["examples"] < suggest.MIN_EXAMPLES)


def _benchmark():
    import importlib.util

    spec = importlib.util.spec_from_file_location("suggest_eval", REPO / "benchmarks" / "suggest_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ranking_study_helpers_count_hits_and_spread_correlated_labels():
    import numpy as np

    bench = _benchmark()
    y = np.array([[True, False, False, False], [False, False, False, True]])
    order = np.array([[0, 1, 2], [0, 1, 2]])
    assert bench._hit(order, y) == 0.5  # the second row's only label is not among its three
    conf = np.array([[0.9, 0.8, 0.5, 0.45]])
    independent = np.ones((4, 4))
    assert bench._diverse(conf, independent, 0.0).tolist() == [[0, 1, 2]]  # plain confidence order
    lift = np.ones((4, 4))
    lift[0, 1] = lift[1, 0] = 1 / 0.8  # label 1 only ever comes with label 0: it adds no new chance
    lift[0, 2] = lift[2, 0] = 0.0  # label 2 never comes with label 0
    assert bench._diverse(conf, lift, 1.0).tolist()[0][:2] == [0, 2]


def test_error_analysis_breakdown_counts_misses_by_length_duplicates_and_rank():
    import numpy as np

    bench = _benchmark()
    texts = ["Good.", "good", "the parking was awful and far too expensive today", "nothing", "Nothing!"]
    # labels: 0 park, 1 staff, 2 positive, 3 not assigned, 4 food
    y = np.zeros((5, 5), dtype=bool)
    y[0, 2] = y[1, 2] = True  # "good" twice, coded alike
    y[2, 0] = True
    y[3, 3] = True
    y[4, 1] = True  # "nothing" coded differently the second time
    conf = np.array(
        [
            [0.1, 0.2, 0.9, 0.3, 0.0],  # hit at rank 1
            [0.1, 0.2, 0.9, 0.3, 0.0],
            [0.1, 0.9, 0.8, 0.7, 0.6],  # parking ranked last (5th): a miss
            [0.9, 0.1, 0.2, 0.8, 0.0],  # hit at rank 2
            [0.9, 0.3, 0.5, 0.8, 0.0],  # staff ranked 4th: a miss
        ]
    )
    ids = np.array([0, 1, 0, 1, 0])  # folds: each duplicate pair is split across folds
    b = bench.miss_breakdown(texts, y, conf, ids)
    assert b["misses"] == 2 and b["hit"] == 3 / 5
    assert b["best_rank_of_misses"] == {"4": 1, "5": 1, "6-10": 0, ">10": 0}
    by_words = {(lo, hi): (n, m) for lo, hi, n, _, m in b["by_words"]}
    assert by_words[(0, 2)] == (4, 1) and by_words[(5, 10)] == (1, 1)
    assert b["duplicate_in_training"][0] == 4  # both pairs, normalised ("Nothing!" == "nothing")
    assert b["duplicate_misses"] == 1 and b["lookup_would_fix"] == 0  # its twin was coded otherwise
    assert b["conflicting_duplicates"] == (2, 1)
    assert b["top_k"][0] == 2 / 5 and b["top_k"][4] == 1.0
    first = b["by_label"][0]
    assert first[2] == 1  # a label with one miss heads the table


def test_negation_scope_and_normalised_duplicates():
    bench = _benchmark()
    assert bench.negation_scoped("Nothing was good, staff kind") == "neg_was neg_good"
    assert bench.negation_scoped("I didn't get any help at all") == "neg_get neg_any neg_help"
    assert bench.negation_scoped("Staff were lovely") == ""
    assert bench.normalise("  Nothing!! ") == bench.normalise("nothing") == "nothing"


def test_label_offsets_lift_a_label_always_ranked_just_below_the_top_3():
    import numpy as np

    bench = _benchmark()
    conf = np.tile([0.9, 0.8, 0.7, 0.65, 0.1], (6, 1))
    y = np.zeros((6, 5), dtype=bool)
    y[:, 3] = True  # the right label is always 4th
    offsets = bench.label_offsets(conf, y)
    assert np.take_along_axis(y, np.argsort(-(conf + offsets), axis=1)[:, :3], axis=1).any(axis=1).all()
    assert offsets[4] == 0.0  # a label that changes nothing keeps no offset
    y2 = np.zeros((6, 5), dtype=bool)
    y2[:, 0] = True  # already right at rank 1: nothing to learn
    assert not bench.label_offsets(conf, y2).any()
