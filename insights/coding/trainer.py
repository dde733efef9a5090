"""Coding suggestions kept fresh in the background, never blocking a page.

One `Trainer` per database file (`trainer_for(path)`). A page asks for the model of the current data
version (queries/coding_data_version.sql: a fingerprint of the coded excerpts); when the trainer has
no model for it, one background thread learns a new one from the database's own coding
(insights.coding.suggest, codes as labels) while the page keeps using the last model (or none on a
first run). After the model, the same thread measures suggestion quality on this database's own
coding by cross-validation (suggest.evaluate_database: codes for "a right code in the top 3",
categories for precision and recall per category). Both are cached per data version in memory and
in a small folder beside the database, so a restart does not start from nothing. No Streamlit here;
nothing is downloaded.

Learning is pure CPU work in Python and numpy that holds the interpreter lock most of the time: in
the dashboard's one server process it held up every other session's page (a third of the server's
lock time under the load test, benchmarks/RESULTS.md). The dashboard's trainers (`trainer_for`)
therefore read the training data here and fit and cross-validate in the worker process
(insights.ingest.worker), falling back to this process if it cannot be used; a `Trainer` made
directly (tests, the command line) learns in its own thread as before.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from insights.coding import suggest
from insights.ingest import worker

log = logging.getLogger(__name__)

#: Folder beside the database file that keeps the last model and evaluation.
CACHE_DIR = ".suggestions"
FOLDS = 5
#: `offload(fn, *args)` runs a function with no database access and returns what it returns (the
#: dashboard: insights.ingest.worker.call, in the worker process); None: in the trainer's thread.
Offload = Callable[..., object]


@dataclass
class Quality:
    """Cross-validated suggestion quality on the database's own coding (None parts: not measurable)."""

    version: str
    codes: suggest.Evaluation | None
    categories: suggest.Evaluation | None
    message: str | None = None  # why it could not be measured
    seconds: float = 0.0


@dataclass
class Status:
    """What a page may use now."""

    model: suggest.Model | None  # the last trained model (maybe of an older data version)
    model_version: str | None
    updating: bool  # a background thread is training or evaluating
    quality: Quality | None  # of the last measured version
    message: str | None  # why there is no model (too little coding, or a failure)

    def current(self, version: str) -> bool:
        """True when the model was trained on this data version."""
        return self.model is not None and self.model_version == version


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """The fingerprint of the coding suggestions learn from."""
    from queries import run

    row = run(con, "coding_data_version").iloc[0]
    return f"{int(row['excerpts'])}-{row['fingerprint']}"


class Trainer:
    """Background training and evaluation for one database (thread-safe)."""

    def __init__(self, folder: Path | None = None, offload: Offload | None = None) -> None:
        self._lock = threading.Lock()
        self._folder = folder
        self._offload = offload or _here
        self._model: suggest.Model | None = None
        self._model_version: str | None = None
        self._quality: Quality | None = None
        self._message: str | None = None
        self._thread: threading.Thread | None = None
        self._loaded_disk = False

    # --- what pages call -----------------------------------------------------------------------

    def status(self) -> Status:
        """The model and quality available now (never waits)."""
        with self._lock:
            running = self._thread is not None and self._thread.is_alive()
            return Status(self._model, self._model_version, running, self._quality, self._message)

    def ensure(self, con: duckdb.DuckDBPyConnection, version: str) -> Status:
        """Start a background update when the model or quality is not of `version`; return the status now.

        `con` is the process's connection: the thread reads through its own cursor of it.
        """
        with self._lock:
            running = self._thread is not None and self._thread.is_alive()
            stale = (
                self._model_version != version or self._quality is None or self._quality.version != version
            )
            if stale and not running:
                self._thread = threading.Thread(
                    target=self._run, args=(con, version), name="coding-suggestions", daemon=True
                )
                self._thread.start()
        return self.status()

    def refresh(self, con: duckdb.DuckDBPyConnection) -> None:
        """After an import or a coding save: start a background update unless one is running.

        The thread reads the data version itself and trains only when the coding has changed.
        """
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(
                target=self._run, args=(con, None), name="coding-suggestions", daemon=True
            )
            self._thread.start()

    def wait(self, timeout: float = 300.0) -> bool:
        """Wait for a running update (tests, the command line); True when none is left running."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    # --- the background thread -------------------------------------------------------------------

    def _run(self, con: duckdb.DuckDBPyConnection, version: str | None) -> None:
        try:
            self._update(con, version)
        except Exception as exc:  # noqa: BLE001 -- a failed update leaves the last model in place; logged
            if isinstance(exc, RuntimeError) and "interpreter shutdown" in str(exc):
                return  # the process is ending (a test run, a server stop): nothing to keep
            log.exception("coding suggestions could not be updated")
            with self._lock:
                if self._model is None:
                    self._message = "suggestions could not be trained; codes can still be chosen by hand"

    def _update(self, con: duckdb.DuckDBPyConnection, version: str | None) -> None:
        if not self._loaded_disk:
            self._loaded_disk = True
            self._load_disk()
        cur = con.cursor()
        try:
            version = data_version(cur)  # what this run really reads
            codes = suggest.training_set(cur, "codes")
        finally:
            cur.close()
        if self._model_version != version:
            try:
                model = self._offload(suggest.fit, *codes)
            except suggest.SuggestError as exc:
                with self._lock:
                    self._model, self._model_version, self._message = (
                        None,
                        version,
                        f"no suggestions yet: {exc}",
                    )
            else:
                with self._lock:
                    self._model, self._model_version, self._message = model, version, None
                self._save_disk("model", version, model)
        if self._quality is None or self._quality.version != version:
            quality = self._evaluate(con, version)
            with self._lock:
                self._quality = quality
            self._save_disk("quality", version, quality)

    def _evaluate(self, con: duckdb.DuckDBPyConnection, version: str) -> Quality:
        started = time.perf_counter()
        sets = {}
        cur = con.cursor()
        try:  # the database is read here; the cross-validation runs where self._offload puts it
            for level in LEVELS:
                sets[level] = suggest.training_set(cur, level)
        finally:
            cur.close()
        out, message = self._offload(evaluate_sets, sets, FOLDS)
        return Quality(version, out["codes"], out["categories"], message, time.perf_counter() - started)

    # --- the cache beside the database -----------------------------------------------------------

    def _path(self, what: str) -> Path | None:
        return None if self._folder is None else self._folder / f"{what}.pickle"

    def _save_disk(self, what: str, version: str, value) -> None:
        path = self._path(what)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump((version, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            log.warning("could not keep the coding suggestions beside the database", exc_info=True)

    def _load_disk(self) -> None:
        """The last model and quality kept beside the database (written only by this module)."""
        for what in ("model", "quality"):
            path = self._path(what)
            if path is None or not path.is_file():
                continue
            try:
                with path.open("rb") as fh:
                    kept_version, value = pickle.load(fh)  # noqa: S301 -- our own file beside the database
            except Exception:  # noqa: BLE001 -- an unreadable cache is ignored and rebuilt
                continue
            with self._lock:
                if what == "model" and self._model is None and isinstance(value, suggest.Model):
                    self._model, self._model_version = value, kept_version
                elif what == "quality" and self._quality is None and isinstance(value, Quality):
                    self._quality = value


LEVELS = ("codes", "categories")


def evaluate_sets(
    sets: dict[str, tuple[list[str], list[list[str]]]], folds: int = FOLDS
) -> tuple[dict[str, suggest.Evaluation | None], str | None]:
    """Cross-validated quality per level from training sets already read (suggest.training_set), with
    the rules of suggest.evaluate_database; no database access, so it can run in the worker process.
    Returns ({level: evaluation or None}, the last reason one could not be measured)."""
    out: dict[str, suggest.Evaluation | None] = {}
    message = None
    for level in LEVELS:
        texts, label_lists = sets[level]
        try:
            if len(texts) < max(folds, 2 * suggest.MIN_EXAMPLES):  # as suggest.evaluate_database
                raise suggest.SuggestError(
                    f"only {len(texts)} coded excerpts: too few to learn suggestions from "
                    f"(need {max(folds, 2 * suggest.MIN_EXAMPLES)})"
                )
            out[level] = suggest.cross_validate(texts, label_lists, folds=folds)
        except suggest.SuggestError as exc:
            out[level] = None
            message = str(exc)
    return out, message


def _here(fn: Callable, *args, **kwargs):
    return fn(*args, **kwargs)


_TRAINERS: dict[str, Trainer] = {}
_TRAINERS_LOCK = threading.Lock()


def trainer_for(db_path: Path | str | None) -> Trainer:
    """The one trainer of a database file (in this process); it learns in the worker process."""
    key = str(Path(db_path).resolve()) if db_path else ":memory:"
    with _TRAINERS_LOCK:
        if key not in _TRAINERS:
            folder = Path(key).parent / CACHE_DIR / Path(key).stem if db_path else None
            _TRAINERS[key] = Trainer(folder, offload=worker.offloader(lane="training"))
        return _TRAINERS[key]


# --- from a model to what the page shows --------------------------------------------------------


def suggestions(
    model: suggest.Model | None, texts: list[str], codebook: pd.DataFrame, top: int = 3
) -> list[list[dict]]:
    """Per text, the top codes: code_id, label, category, confidence and the themes Figure 2 allows.

    `codebook` is queries/coding_codebook.sql; labels the codebook no longer has are skipped.
    """
    if model is None or not texts:
        return [[] for _ in texts]
    by_label = {row.label: row for row in codebook.itertuples(index=False)}
    out = []
    for ranked in model.rank(texts, top=top + 3):
        picks = []
        for label, confidence in ranked:
            row = by_label.get(label)
            if row is None:
                continue
            picks.append(
                {
                    "code_id": row.code_id,
                    "label": row.label,
                    "category": row.category,
                    "category_id": row.category_id,
                    "confidence": float(confidence),
                    "theme_ids": list(row.theme_ids),
                }
            )
            if len(picks) == top:
                break
        out.append(picks)
    return out


def quality_table(evaluation: suggest.Evaluation | None) -> pd.DataFrame:
    """Precision and recall per category (rows with too few examples say so instead of a number)."""
    columns = ["Category", "Examples", "Precision", "Recall", "Note"]
    if evaluation is None:
        return pd.DataFrame(columns=columns)
    rows = []
    for row in evaluation.per_label:
        few = row["precision"] is None
        rows.append(
            {
                "Category": row["label"],
                "Examples": row["examples"],
                "Precision": None if few else round(100 * row["precision"]),
                "Recall": None if few else round(100 * row["recall"]),
                "Note": f"{suggest.TOO_FEW} (fewer than {suggest.MIN_EXAMPLES})" if few else "",
            }
        )
    return pd.DataFrame(rows, columns=columns)
