"""Coding suggestions: a multi-label text classifier learned offline from coded text.

Given texts each coded with any number of labels (codes or categories), `fit` learns one linear
classifier per label over TF-IDF features (word 1-2 grams and character 2-5 grams inside word
boundaries) and each text's sentence vector from the project's pretrained language model
(all-MiniLM-L6-v2, int8 ONNX, `insights.minilm`; committed, never downloaded; without it, the words
alone). Scores are turned into confidences by one logistic (Platt) curve fitted on out-of-fold
scores, and one global confidence threshold, also chosen on out-of-fold scores to maximise
micro-averaged F1, decides the predicted set; every text gets at least its top label.

Nothing is downloaded: scikit-learn and ONNX Runtime, trained from the data it is given. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

MIN_EXAMPLES = 5  # a label with fewer training texts is reported as "too few examples", not scored
TOO_FEW = "too few examples"
PLATT_MIN = 20  # a label needs this many positives for its own confidence curve
THREADS = 2
SEED = 42


class SuggestError(ValueError):
    """Training data the model cannot learn from (no texts, no labels); the message is for people."""


@dataclass
class Settings:
    """Model settings; the defaults are the ones measured in README "Coding suggestions"."""

    c: float = 0.3  # LinearSVC regularisation
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    min_df: int = 2
    max_char_features: int | None = 300_000
    inner_folds: int = 3  # folds used to calibrate confidences and choose the threshold
    class_weight: str | None = None
    embedding_weight: float = 1.0  # weight of the 384 sentence-vector features (0: TF-IDF only)


@dataclass
class Model:
    """A fitted suggestion model (use `fit` to make one)."""

    labels: list[str]
    word: TfidfVectorizer
    char: TfidfVectorizer
    coef: np.ndarray  # features x labels
    intercept: np.ndarray  # labels
    constant: dict[int, float]  # label index -> fixed score, for labels on every or no text
    platt: tuple[np.ndarray, np.ndarray]  # per label: confidence = 1 / (1 + exp(-(a * score + b)))
    threshold: float  # confidence at or above which a label joins the predicted set
    counts: dict[str, int] = field(default_factory=dict)  # training texts per label
    #: weight of the sentence vectors in the features; 0 for TF-IDF only (and for a model kept by an older release)
    embedding_weight: float = 0.0

    def _features(self, texts: Sequence[str]):
        texts = [_clean(t) for t in texts]
        tfidf = sparse.hstack([self.word.transform(texts), self.char.transform(texts)])
        return _with_vectors(tfidf, texts, self.embedding_weight)

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Raw decision scores, texts x labels."""
        s = np.asarray(self._features(texts) @ self.coef) + self.intercept
        for j, value in self.constant.items():
            s[:, j] = value
        return s

    def confidences(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated confidences in [0, 1], texts x labels."""
        return _sigmoid(self.platt, self.scores(texts))

    def predict_sets(self, texts: Sequence[str]) -> list[set[str]]:
        """The predicted label set of each text (never empty)."""
        return [{self.labels[j] for j in idx} for idx in _decide(self.confidences(texts), self.threshold)]

    def rank(self, texts: Sequence[str], top: int = 3) -> list[list[tuple[str, float]]]:
        """The `top` labels of each text with their confidences, most likely first."""
        conf = self.confidences(texts)
        order = np.argsort(-conf, axis=1, kind="stable")[:, : max(1, top)]
        return [[(self.labels[j], float(conf[i, j])) for j in row] for i, row in enumerate(order)]


def _clean(text) -> str:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return str(text)


def _with_vectors(tfidf, texts: list[str], weight: float):
    """TF-IDF rows with `weight` x each text's sentence vector appended (TF-IDF alone when the weight is 0)."""
    if not weight:
        return tfidf.tocsr()
    from insights import minilm

    vectors = minilm.shared().sentence_vectors(texts)
    return sparse.hstack([tfidf, sparse.csr_matrix(weight * vectors)]).tocsr()


def _sigmoid(platt: tuple[float, float], s: np.ndarray) -> np.ndarray:
    a, b = platt
    return 1.0 / (1.0 + np.exp(-np.clip(a * s + b, -30, 30)))


def _decide(conf: np.ndarray, threshold: float) -> list[np.ndarray]:
    """Per row, the label indices at or above the threshold, or the top label when none is."""
    out = []
    for row in conf:
        idx = np.flatnonzero(row >= threshold)
        out.append(idx if idx.size else np.array([int(np.argmax(row))]))
    return out


def _label_matrix(label_lists: Sequence[Iterable[str]], labels: list[str]) -> np.ndarray:
    where = {lab: j for j, lab in enumerate(labels)}
    y = np.zeros((len(label_lists), len(labels)), dtype=bool)
    for i, labs in enumerate(label_lists):
        for lab in labs:
            if lab in where:
                y[i, where[lab]] = True
    return y


def _check(texts: Sequence[str], label_lists: Sequence[Iterable[str]]) -> tuple[list[str], list[set[str]]]:
    if len(texts) != len(label_lists):
        raise SuggestError(f"{len(texts)} texts but {len(label_lists)} label lists")
    pairs = [
        (_clean(t), {str(lab).strip() for lab in labs if str(lab).strip()})
        for t, labs in zip(texts, label_lists, strict=True)
    ]
    pairs = [(t, labs) for t, labs in pairs if labs]  # an uncoded text teaches nothing
    if not pairs:
        raise SuggestError("the training data has no labelled texts")
    labels = {lab for _, labs in pairs for lab in labs}
    if len(labels) < 2:
        raise SuggestError(f"the training data has only one label ({next(iter(labels))}); need at least two")
    return [t for t, _ in pairs], [labs for _, labs in pairs]


def _fit_one(x, col: np.ndarray, settings: Settings):
    clf = LinearSVC(C=settings.c, class_weight=settings.class_weight, random_state=SEED)
    clf.fit(x, col)
    return clf.coef_[0], clf.intercept_[0]


def _fit_linear(x, y: np.ndarray, settings: Settings):
    """One LinearSVC per label (two threads: liblinear releases the GIL); constant labels get a fixed score."""
    from concurrent.futures import ThreadPoolExecutor

    coef = np.zeros((x.shape[1], y.shape[1]))
    intercept = np.zeros(y.shape[1])
    constant: dict[int, float] = {}
    todo = []
    for j in range(y.shape[1]):
        col = y[:, j]
        if col.all() or not col.any():
            constant[j] = 5.0 if col.all() else -5.0
        else:
            todo.append(j)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda j: _fit_one(x, y[:, j], settings), todo))
    for j, (c, b) in zip(todo, results, strict=True):
        coef[:, j], intercept[j] = c, b
    return coef, intercept, constant


def _vectorisers(settings: Settings) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    word = TfidfVectorizer(
        ngram_range=settings.word_ngrams, min_df=settings.min_df, sublinear_tf=True, lowercase=True
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=settings.char_ngrams,
        min_df=settings.min_df,
        sublinear_tf=True,
        max_features=settings.max_char_features,
        lowercase=True,
    )
    return word, char


def _fold_ids(n: int, folds: int, seed: int = SEED) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.permutation(n) % folds


def _vectorise(texts: list[str], settings: Settings):
    """Fitted word and character vectorisers and the feature matrix of `texts`."""
    word, char = _vectorisers(settings)
    if len(texts) < 20:  # on a tiny set min_df=2 may leave no vocabulary at all
        word.min_df = char.min_df = 1
    try:
        xw = word.fit_transform(texts)
    except ValueError:  # every text empty or without a word
        word = TfidfVectorizer(analyzer="char", ngram_range=(1, 1), lowercase=True)
        xw = word.fit_transform([t or " " for t in texts])
    try:
        xc = char.fit_transform(texts)
    except ValueError:
        char = TfidfVectorizer(analyzer="char", ngram_range=(1, 1), lowercase=True)
        xc = char.fit_transform([t or " " for t in texts])
    return word, char, sparse.hstack([xw, xc]).tocsr()


def _best_threshold(conf: np.ndarray, y: np.ndarray) -> float:
    """The confidence threshold that maximises micro-F1 of the predicted sets (top label always in)."""
    top = np.argmax(conf, axis=1)
    rows = np.arange(len(conf))
    best, best_f1 = 0.5, -1.0
    n_true = y.sum()
    for t in np.linspace(0.05, 0.95, 91):
        chosen = conf >= t
        chosen[rows, top] = True
        tp = (chosen & y).sum()
        n_pred = chosen.sum()
        f1 = 2 * tp / (n_pred + n_true) if n_pred + n_true else 0.0
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return best


def _one_curve(s: np.ndarray, t: np.ndarray) -> tuple[float, float]:
    if t.all() or not t.any():
        return 1.0, 0.0
    lr = LogisticRegression(C=1e4)
    lr.fit(s.reshape(-1, 1), t)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _platt(scores: np.ndarray, y: np.ndarray, min_positive: int = PLATT_MIN) -> tuple[np.ndarray, np.ndarray]:
    """Logistic curves from out-of-fold scores: one per label with enough positives, else a shared one."""
    ga, gb = _one_curve(scores.ravel(), y.ravel())
    a, b = np.full(y.shape[1], ga), np.full(y.shape[1], gb)
    for j in range(y.shape[1]):
        if min_positive and y[:, j].sum() >= min_positive:
            a[j], b[j] = _one_curve(scores[:, j], y[:, j])
    return a, b


def fit(
    texts: Sequence[str], label_lists: Sequence[Iterable[str]], settings: Settings | None = None
) -> Model:
    """Learn a model from texts and their label lists (texts with no label are left out)."""
    settings = settings or Settings()
    texts, sets = _check(texts, label_lists)
    labels = sorted({lab for labs in sets for lab in labs})
    y = _label_matrix(sets, labels)
    word, char, x = _vectorise(texts, settings)
    weight = settings.embedding_weight
    if weight:
        from insights import minilm

        try:
            minilm.shared()
        except minilm.ModelUnavailable:  # suggestions still work from the words alone
            weight = 0.0
    x = _with_vectors(x, texts, weight)
    coef, intercept, constant = _fit_linear(x, y, settings)
    ones = np.ones(len(labels))
    model = Model(labels, word, char, coef, intercept, constant, (ones, 0 * ones), 0.5)
    model.embedding_weight = weight
    model.counts = {lab: int(n) for lab, n in zip(labels, y.sum(axis=0), strict=True)}
    # Out-of-fold scores (the vocabulary is shared: it uses no labels) for the confidence curves
    # and the threshold.
    folds = min(settings.inner_folds, len(texts))
    if folds >= 2:
        ids = _fold_ids(len(texts), folds)
        oof = np.zeros(y.shape)
        for k in range(folds):
            train, test = ids != k, ids == k
            c, b, const = _fit_linear(x[train], y[train], settings)
            oof[test] = np.asarray(x[test] @ c) + b
            for j, value in const.items():
                oof[test, j] = value
        model.platt = _platt(oof, y)
        model.threshold = _best_threshold(_sigmoid(model.platt, oof), y)
    return model


def predict_sets(model: Model, texts: Sequence[str]) -> list[set[str]]:
    """Predicted label sets (at least one label each)."""
    return model.predict_sets(texts)


def rank(model: Model, texts: Sequence[str], top: int = 3) -> list[list[tuple[str, float]]]:
    """The `top` labels of each text with confidences, most likely first."""
    return model.rank(texts, top)


# ---------------------------------------------------------------- evaluation


@dataclass
class Evaluation:
    """Cross-validated quality of suggestions."""

    texts: int
    folds: int
    top3_hit: float  # share of texts with a right label among the top 3
    top1_hit: float
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float  # over labels with enough examples
    per_label: list[dict]  # label, examples, precision, recall, f1 (None when too few examples)

    def lines(self) -> list[str]:
        out = [
            f"texts: {self.texts}, folds: {self.folds}",
            f"a right label in the top 3: {self.top3_hit:.1%} (top 1: {self.top1_hit:.1%})",
            f"micro-averaged precision {self.micro_precision:.3f}, recall {self.micro_recall:.3f}, "
            f"F1 {self.micro_f1:.3f}",
            f"macro-averaged F1 (labels with at least {MIN_EXAMPLES} examples): {self.macro_f1:.3f}",
            "",
            f"{'label':<50} {'examples':>8} {'precision':>9} {'recall':>7} {'F1':>6}",
        ]
        for row in self.per_label:
            if row["precision"] is None:
                out.append(f"{row['label'][:50]:<50} {row['examples']:>8} {TOO_FEW:>24}")
            else:
                out.append(
                    f"{row['label'][:50]:<50} {row['examples']:>8} {row['precision']:>9.2f} "
                    f"{row['recall']:>7.2f} {row['f1']:>6.2f}"
                )
        return out


def score_predictions(
    true_sets: Sequence[set[str]],
    predicted_sets: Sequence[set[str]],
    ranked: Sequence[Sequence[str]],
    counts: dict[str, int] | None = None,
    folds: int = 0,
) -> Evaluation:
    """Top-k hit rates, micro/macro F1 and per-label precision/recall of predictions against truth.

    `counts` (examples per label) decides which labels have too few examples to be scored; by
    default it is counted from `true_sets`.
    """
    if counts is None:
        counts = {}
        for labs in true_sets:
            for lab in labs:
                counts[lab] = counts.get(lab, 0) + 1
    n = len(true_sets)
    top3 = sum(bool(set(r[:3]) & t) for r, t in zip(ranked, true_sets, strict=True)) / n if n else 0.0
    top1 = sum(bool(set(r[:1]) & t) for r, t in zip(ranked, true_sets, strict=True)) / n if n else 0.0
    tp = sum(len(p & t) for p, t in zip(predicted_sets, true_sets, strict=True))
    n_pred = sum(len(p) for p in predicted_sets)
    n_true = sum(len(t) for t in true_sets)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_true if n_true else 0.0
    f1 = 2 * tp / (n_pred + n_true) if n_pred + n_true else 0.0
    per_label = []
    scored_f1 = []
    for lab in sorted(counts, key=lambda k: (-counts[k], k)):
        if counts[lab] < MIN_EXAMPLES:
            per_label.append(
                {"label": lab, "examples": counts[lab], "precision": None, "recall": None, "f1": None}
            )
            continue
        ltp = sum(1 for p, t in zip(predicted_sets, true_sets, strict=True) if lab in p and lab in t)
        lpred = sum(1 for p in predicted_sets if lab in p)
        ltrue = sum(1 for t in true_sets if lab in t)
        lp = ltp / lpred if lpred else 0.0
        lr = ltp / ltrue if ltrue else 0.0
        lf = 2 * ltp / (lpred + ltrue) if lpred + ltrue else 0.0
        scored_f1.append(lf)
        per_label.append({"label": lab, "examples": counts[lab], "precision": lp, "recall": lr, "f1": lf})
    macro = sum(scored_f1) / len(scored_f1) if scored_f1 else 0.0
    return Evaluation(n, folds, top3, top1, precision, recall, f1, macro, per_label)


def cross_validate(
    texts: Sequence[str],
    label_lists: Sequence[Iterable[str]],
    folds: int = 5,
    settings: Settings | None = None,
) -> Evaluation:
    """K-fold cross-validation: every text is predicted by a model that never saw it."""
    texts, sets = _check(texts, label_lists)
    if folds < 2:
        raise SuggestError("cross-validation needs at least 2 folds")
    if len(texts) < folds:
        raise SuggestError(f"only {len(texts)} labelled texts: too few for {folds}-fold cross-validation")
    ids = _fold_ids(len(texts), folds)
    predicted: list[set[str]] = [set()] * len(texts)
    ranked: list[list[str]] = [[]] * len(texts)
    for k in range(folds):
        train = np.flatnonzero(ids != k)
        test = np.flatnonzero(ids == k)
        model = fit([texts[i] for i in train], [sets[i] for i in train], settings)
        test_texts = [texts[i] for i in test]
        for i, p, r in zip(test, model.predict_sets(test_texts), model.rank(test_texts, 3), strict=True):
            predicted[i] = p
            ranked[i] = [lab for lab, _ in r]
    return score_predictions(sets, predicted, ranked, folds=folds)


# ---------------------------------------------------------------- training data from the database


def training_set(con, level: str = "codes") -> tuple[list[str], list[list[str]]]:
    """Texts and label lists from the database's coded excerpts, by code id, code label or category name."""
    from queries import run

    if level not in ("code_ids", "codes", "categories"):
        raise ValueError("level must be 'code_ids', 'codes' or 'categories'")
    frame = run(con, "suggest_training_excerpts")
    return frame["text"].tolist(), [list(labs) for labs in frame[level]]


def evaluate_database(con, level: str = "categories", folds: int = 5) -> Evaluation:
    """How good suggestions are on this database's own coding (cross-validated), by level.

    Raises SuggestError (a message for people) when there is too little coding to learn from.
    """
    texts, label_lists = training_set(con, level)
    return evaluate_texts(texts, label_lists, folds=folds)


def evaluate_texts(texts: list[str], label_lists: list[list[str]], folds: int = 5) -> Evaluation:
    """Cross-validated quality of a training set already read (no database: runs in a worker process too).

    Raises SuggestError (a message for people) when there is too little coding to learn from.
    """
    if len(texts) < max(folds, 2 * MIN_EXAMPLES):
        raise SuggestError(
            f"only {len(texts)} coded excerpts: too few to learn suggestions from (need {max(folds, 2 * MIN_EXAMPLES)})"
        )
    return cross_validate(texts, label_lists, folds=folds)


# ---------------------------------------------------------------- CSV files for the command line

SEPARATOR = ";"


def split_labels(cell) -> list[str]:
    """'a; b;;c' -> ['a', 'b', 'c'] (blank pieces dropped, each label stripped)."""
    text = _clean(cell)
    return [piece.strip() for piece in text.split(SEPARATOR) if piece.strip()]


def read_csv_file(path, required: Sequence[str], what: str):
    """A CSV file as a frame of text columns, or SuggestError with a one-line reason."""
    import csv
    import io
    from pathlib import Path

    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise SuggestError(f"{what} {path}: no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SuggestError(
            f"{what} {path.name} is not UTF-8 text (byte {exc.start + 1}); save it as 'CSV UTF-8' and try again"
        ) from None
    if not text.strip():
        raise SuggestError(f"{what} {path.name} is empty")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "unreadable"
        raise SuggestError(f"{what} {path.name} is not a readable CSV file ({reason})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        header = text.splitlines()[0]
        hint = ""
        for sep, name in (("\t", "tabs"), (";", "semicolons"), ("|", "bars")):
            if len(frame.columns) == 1 and sep in header:
                hint = f"; it seems to be separated by {name}: columns must be separated by commas"
                break
        found = ", ".join(repr(c) for c in frame.columns[:8]) or "none"
        raise SuggestError(
            f"{what} {path.name} needs the column(s) {', '.join(missing)} (found {found}){hint}"
        )
    if frame.empty:
        raise SuggestError(f"{what} {path.name} has a header but no rows")
    return frame


def read_training(path) -> tuple[list[str], list[list[str]]]:
    """TRAIN.csv (`text`, `codes` with labels separated by ';') as texts and label lists."""
    frame = read_csv_file(path, ("text", "codes"), "training file")
    label_lists = [split_labels(c) for c in frame["codes"]]
    if not any(label_lists):
        raise SuggestError("the training file has no labels: every 'codes' cell is empty")
    return frame["text"].tolist(), label_lists


def read_input(path) -> tuple[list[str], list[str]]:
    """INPUT.csv (`id`, `text`) as ids and texts."""
    frame = read_csv_file(path, ("id", "text"), "input file")
    return frame["id"].tolist(), frame["text"].tolist()


def predictions_frame(model: Model, ids: Sequence[str], texts: Sequence[str], top: int = 3):
    """The OUT.csv table: id, codes (the predicted set, most confident first), ranked (top labels)."""
    import pandas as pd

    conf = model.confidences(texts)
    sets = _decide(conf, model.threshold)
    order = np.argsort(-conf, axis=1, kind="stable")[:, : max(1, top)]
    codes, ranked = [], []
    for i, chosen in enumerate(sets):
        chosen = sorted(chosen, key=lambda j: -conf[i, j])
        codes.append(SEPARATOR.join(model.labels[j] for j in chosen))
        ranked.append(SEPARATOR.join(model.labels[j] for j in order[i]))
    return pd.DataFrame({"id": list(ids), "codes": codes, "ranked": ranked})


def write_predictions(frame, path, spreadsheet_safe: bool = True) -> int:
    """Write OUT.csv (UTF-8, no byte-order mark, quoted as needed); returns the cells neutralised.

    With `spreadsheet_safe` (the default) every cell that a spreadsheet would run as a formula
    (starting = + - @ tab or CR) gets a leading apostrophe, as in every other CSV the product
    writes (insights.output.exports.neutralise_frame); that changes such a label's text, so the count is
    returned for the caller to report. Without it, labels are written exactly as trained.
    """
    from insights.output.exports import neutralise_frame, write_csv

    changed = 0
    if spreadsheet_safe:
        changed = int((neutralise_frame(frame).to_numpy() != frame.to_numpy()).sum())
    write_csv(frame, path, bom=False, lineterminator="\n", neutralise=spreadsheet_safe)
    return changed
