"""Coding suggestions kept fresh in the background, never blocking a page.

One `Trainer` per database file (`trainer_for(path)`). A page asks for the model of the current data
version (queries/coding_data_version.sql: a fingerprint of the coded excerpts); when the trainer has
no model for it, one background thread learns a new one from the database's own coding
(insights.coding.suggest, code ids as labels) while the page keeps using the last model (or none on a
first run). After the model, the same thread measures suggestion quality on this database's own
coding by cross-validation (suggest.evaluate_database: code ids for "a right code in the top 3",
categories for precision and recall per category). Both are cached per data version in memory and
in a small folder beside the database, so a restart does not start from nothing. No Streamlit here;
nothing is downloaded.

Whoever changes the coding (the Coding page, an import on the Data page or on the command line, an
undo, a settlement, a merge), the model catches up: the app calls `refresh()` after its own writes and
when the shared store reports that another process wrote coded_excerpts (ui.data), and on start
`refresh_if_kept()` compares the kept model's data version with the database's, so a command-line
import made while the dashboard was stopped is learned in the background as soon as it starts.
`python -m insights suggest train` does the same in the foreground. A model learned from older coding is
still used meanwhile, and `Status.behind()` says by how much (the page shows it).

Suggestions are shown as the codes they are now (`suggestions()` with queries/coding_code_aliases.sql):
a code renamed since the model was trained is suggested under its new name, a merged code as the code it
went into, and a retired code never.

At interpreter exit (a server stop, the end of a test or benchmark run) `stop_all()` interrupts a running
update's DuckDB query and waits for the thread: a daemon thread still inside DuckDB when the interpreter
ends made the process die with "terminate called without an active exception" (exit code 134).

Learning is pure CPU work in Python and numpy that holds the interpreter lock most of the time: in
the dashboard's one server process it held up every other session's page (a third of the server's
lock time under the load test, benchmarks/RESULTS.md). The dashboard's trainers (`trainer_for`)
therefore read the training data here and fit and cross-validate in the worker process
(insights.ingest.worker), falling back to this process if it cannot be used; a `Trainer` made
directly (tests, the command line) learns in its own thread as before.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from insights import minilm
from insights.coding import suggest
from insights.ingest import worker

log = logging.getLogger(__name__)

#: Folder beside the database file that keeps the last model and evaluation.
CACHE_DIR = ".suggestions"
FOLDS = 5
#: What the model learns: code ids (a rename does not change them; suggestions() shows current names).
LEVEL = "code_ids"
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

    def behind(self, version: str) -> str | None:
        """A plain sentence when the model in use was learned from older coding than `version` (else None)."""
        if self.model is None or self.model_version is None or self.model_version == version:
            return None
        then, now = excerpts_of(self.model_version), excerpts_of(version)
        counts = (
            f" ({then:,} coded excerpts then, {now:,} now)" if then is not None and now is not None else ""
        )
        return f"The suggestions were learned before the coding last changed{counts}"


def version_of(excerpts: int, fingerprint) -> str:
    """The data version string of a row of queries/coding_data_version.sql."""
    return f"{int(excerpts)}-{fingerprint}"


def excerpts_of(version: str) -> int | None:
    """How many coded excerpts a data version counted (None for a version of another form)."""
    head = str(version).partition("-")[0]
    return int(head) if head.isdigit() else None


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """The fingerprint of the coding suggestions learn from."""
    from queries import run

    row = run(con, "coding_data_version").iloc[0]
    return version_of(row["excerpts"], row["fingerprint"])


class Trainer:
    """Background training and evaluation for one database (thread-safe)."""

    def __init__(
        self, folder: Path | None = None, offload: Offload | None = None, settle: float = 0.0
    ) -> None:
        self._lock = threading.Lock()
        #: after a write, wait until no write came for this many seconds before retraining (`refresh`):
        #: a coding session or a run of imports costs one retrain, not one per save
        self._settle = max(0.0, settle)
        self._last_write = 0.0
        self._pending = False  # a write came that the running or waiting update has not seen
        self._now = threading.Event()  # a page needs the model now: stop waiting for writes to settle
        self._folder = folder
        self._offload = offload or _here
        self._model: suggest.Model | None = None
        self._model_version: str | None = None
        self._quality: Quality | None = None
        self._message: str | None = None
        self._thread: threading.Thread | None = None
        self._loaded_disk = False
        self._stopping = threading.Event()
        self._cursors: set[duckdb.DuckDBPyConnection] = set()  # the running update's open cursors

    # --- what pages call -----------------------------------------------------------------------

    def status(self) -> Status:
        """The model and quality available now (never waits)."""
        with self._lock:
            running = self._thread is not None and self._thread.is_alive()
            return Status(self._model, self._model_version, running, self._quality, self._message)

    def ensure(self, con: duckdb.DuckDBPyConnection, version: str) -> Status:
        """Start a background update when the model or quality is not of `version`; return the status now.

        `con` is the process's connection: the thread reads through its own cursor of it. The model and quality
        kept beside the database are read first (here, not in the thread), so the first visit after a start
        already has them.
        """
        self._load_kept()
        with self._lock:
            running = self._thread is not None and self._thread.is_alive()
            stale = (
                self._model_version != version or self._quality is None or self._quality.version != version
            )
            if stale and running:
                self._now.set()  # an update waiting for writes to settle starts at once
            if stale and not running and not self._stopping.is_set():
                self._thread = threading.Thread(
                    target=self._run, args=(con, version), name="coding-suggestions", daemon=True
                )
                self._thread.start()
        return self.status()

    def refresh(self, con: duckdb.DuckDBPyConnection) -> None:
        """After an import or a coding save: a background update once the writes have settled.

        The update waits until no write came for `settle` seconds (or a page needs the model now, see
        `ensure`), then reads the data version itself and trains only when the coding has changed; a write
        during an update starts another one after it.
        """
        with self._lock:
            self._last_write = time.monotonic()
            self._pending = True
            if self._thread is not None and self._thread.is_alive() or self._stopping.is_set():
                return
            self._now.clear()  # a page's "now" was for an update that has finished
            self._thread = threading.Thread(
                target=self._run_settled, args=(con,), name="coding-suggestions", daemon=True
            )
            self._thread.start()

    def refresh_if_kept(self, con: duckdb.DuckDBPyConnection) -> bool:
        """On start: when a model is kept beside the database, check it in the background (`refresh`).

        A database whose suggestions were never used has nothing kept and nothing to catch up (the Coding
        page trains on its first visit). True when a check was started.
        """
        path = self._path("model")
        if path is None or not path.is_file():
            return False
        self.refresh(con)
        return True

    def update_now(self, con: duckdb.DuckDBPyConnection, evaluate: bool = True) -> Status:
        """Train (and measure) in this thread when the coding has changed; for the command line."""
        self._now.set()  # an update waiting for writes to settle runs now; then this one finds it done
        self.wait()
        self._update(con, None, evaluate=evaluate)
        return self.status()

    def wait(self, timeout: float = 300.0) -> bool:
        """Wait for a running update (tests, the command line); True when none is left running."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def stop(self, timeout: float = 10.0, for_good: bool = True) -> bool:
        """Interrupt a running update and wait for its thread; True when none is left.

        for_good (process exit): no update starts afterwards; else a later ensure()/refresh() may start one.
        """
        self._stopping.set()
        # An interrupt reaches only a query already running: a cursor registered just before its query
        # began would miss a single one (seen under load), so interrupt again until the thread has ended.
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                cursors = list(self._cursors)
            for cur in cursors:
                with contextlib.suppress(duckdb.Error):
                    cur.interrupt()
            done = self.wait(min(_STOP_POLL, max(0.0, deadline - time.monotonic())))
            if done or time.monotonic() >= deadline:
                break
        if not for_good and done:
            self._stopping.clear()
        return done

    def _cursor(self, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        if self._stopping.is_set():
            raise _Stopped
        cur = con.cursor()
        with self._lock:
            self._cursors.add(cur)
        return cur

    def _close(self, cur: duckdb.DuckDBPyConnection) -> None:
        with self._lock:
            self._cursors.discard(cur)
        cur.close()

    # --- the background thread -------------------------------------------------------------------

    def _run_settled(self, con: duckdb.DuckDBPyConnection) -> None:
        while True:
            while not self._now.is_set():
                with self._lock:
                    left = self._last_write + self._settle - time.monotonic()
                if left <= 0:
                    break
                if self._stopping.wait(min(left, 1.0)):
                    return
            with self._lock:
                self._pending = False
                self._now.clear()
            self._run(con, None)
            with self._lock:
                if not self._pending or self._stopping.is_set():
                    return

    def _run(self, con: duckdb.DuckDBPyConnection, version: str | None) -> None:
        try:
            self._update(con, version)
        except _Stopped:
            return
        except Exception as exc:  # noqa: BLE001 -- a failed update leaves the last model in place; logged
            if (
                self._stopping.is_set()
                or isinstance(exc, RuntimeError)
                and "interpreter shutdown" in str(exc)
            ):
                return  # the process is ending (a test run, a server stop): nothing to keep
            log.exception("coding suggestions could not be updated")
            with self._lock:
                if self._model is None:
                    self._message = "suggestions could not be trained; codes can still be chosen by hand"

    def _update(self, con: duckdb.DuckDBPyConnection, version: str | None, evaluate: bool = True) -> None:
        self._load_kept()
        cur = self._cursor(con)
        try:
            version = data_version(cur)  # what this run really reads
            codes = suggest.training_set(cur, LEVEL)
        finally:
            self._close(cur)
        if self._stopping.is_set():
            raise _Stopped
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
        if evaluate and (self._quality is None or self._quality.version != version):
            quality = self._evaluate(con, version)
            with self._lock:
                self._quality = quality
            self._save_disk("quality", version, quality)

    def _evaluate(self, con: duckdb.DuckDBPyConnection, version: str) -> Quality:
        started = time.perf_counter()
        sets = {}
        cur = self._cursor(con)
        try:  # the database is read here; the cross-validation runs where self._offload puts it
            for level, labels in (("codes", LEVEL), ("categories", "categories")):
                sets[level] = suggest.training_set(cur, labels)
        finally:
            self._close(cur)
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

    def _load_kept(self) -> None:
        """Read what is kept beside the database once per process (the first caller reads it)."""
        with self._lock:
            if self._loaded_disk:
                return
            self._loaded_disk = True
        self._load_disk()

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


class _Stopped(Exception):
    """The process is ending: the update gives up."""


LEVELS = ("codes", "categories")


def evaluate_sets(
    sets: dict[str, tuple[list[str], list[list[str]]]], folds: int = FOLDS
) -> tuple[dict[str, suggest.Evaluation | None], str | None]:
    """Cross-validated quality per level from training sets already read (suggest.training_set), with
    suggest.evaluate_texts (as suggest.evaluate_database); no database access, so it can run in the worker process.
    Returns ({level: evaluation or None}, the last reason one could not be measured)."""
    out: dict[str, suggest.Evaluation | None] = {}
    message = None
    for level in LEVELS:
        texts, label_lists = sets[level]
        try:
            out[level] = suggest.evaluate_texts(texts, label_lists, folds=folds)
        except suggest.SuggestError as exc:
            out[level] = None
            message = str(exc)
    return out, message


def _here(fn: Callable, *args, **kwargs):
    return fn(*args, **kwargs)


_TRAINERS: dict[str, Trainer] = {}
_TRAINERS_LOCK = threading.Lock()


@atexit.register
def stop_all(timeout: float = 10.0) -> None:
    """Stop every trainer's running update (registered to run at interpreter exit)."""
    with _TRAINERS_LOCK:
        trainers = list(_TRAINERS.values())
    for trainer in trainers:
        trainer.stop(timeout)


#: How often stop() interrupts the running update's cursors again while it waits (seconds).
_STOP_POLL = 0.2

#: The dashboard's wait for writes to settle before retraining (seconds; MATERNITY_RETRAIN_SETTLE).
RETRAIN_SETTLE = 60.0


def _settle_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("MATERNITY_RETRAIN_SETTLE", RETRAIN_SETTLE)))
    except ValueError:
        return RETRAIN_SETTLE


def trainer_for(db_path: Path | str | None) -> Trainer:
    """The one trainer of a database file (in this process); it learns in the worker process."""
    key = str(Path(db_path).resolve()) if db_path else ":memory:"
    with _TRAINERS_LOCK:
        if key not in _TRAINERS:
            folder = Path(key).parent / CACHE_DIR / Path(key).stem if db_path else None
            _TRAINERS[key] = Trainer(
                folder, offload=worker.offloader(lane="training"), settle=_settle_seconds()
            )
        return _TRAINERS[key]


# --- from a model to what the page shows --------------------------------------------------------


def resolver(codebook: pd.DataFrame, aliases: pd.DataFrame | None = None):
    """A function from a model's label (a code id, or a code label for a model of an older release) to
    the current code id it stands for now, or None (retired, or unknown).

    `codebook` is queries/coding_codebook.sql (current codes only); `aliases` queries/coding_code_aliases.sql
    (every id and label a code has had, and merges). Without aliases, only current ids and labels are known.
    """
    current = set(codebook["code_id"])
    names: dict[str, str] = {}
    merged: dict[str, str] = {}
    if aliases is not None and not aliases.empty:
        # ids first, then current labels (a current code before a retired one), then labels from before
        ordered = aliases.sort_values(["rank", "retired", "alias", "code_id"], kind="stable")
        for row in ordered.itertuples(index=False):
            names.setdefault(row.alias, row.code_id)
            if row.rank == 0 and isinstance(row.merged_into, str) and row.merged_into:
                merged[row.code_id] = row.merged_into
    else:
        for row in codebook.itertuples(index=False):
            names.setdefault(row.code_id, row.code_id)
            names.setdefault(row.label, row.code_id)

    def resolve(label: str) -> str | None:
        code, seen = names.get(label), set()
        while code is not None and code not in current and code not in seen:
            seen.add(code)
            code = merged.get(code)  # a merged code is suggested as the code it went into
        return code if code in current else None

    return resolve


def suggestions(
    model: suggest.Model | None,
    texts: list[str],
    codebook: pd.DataFrame,
    top: int = 3,
    aliases: pd.DataFrame | None = None,
) -> list[list[dict]]:
    """Per text, the top codes: code_id, label, category, confidence and the themes Figure 2 allows.

    `codebook` is queries/coding_codebook.sql; `aliases` queries/coding_code_aliases.sql, so a code renamed
    or merged since the model was trained is suggested as the code it is now; retired codes never are.
    """
    if model is None or not texts:
        return [[] for _ in texts]
    try:
        ranked_texts = model.rank(texts, top=top + 3)
    except minilm.ModelUnavailable:  # learned with sentence vectors, the language model's files gone since
        log.warning("coding suggestions need the language model (data/minilm/), which cannot be loaded")
        return [[] for _ in texts]
    by_id = {row.code_id: row for row in codebook.itertuples(index=False)}
    resolve = resolver(codebook, aliases)
    out = []
    for ranked in ranked_texts:
        picks: list[dict] = []
        for label, confidence in ranked:
            code_id = resolve(label)
            if code_id is None or any(p["code_id"] == code_id for p in picks):
                continue
            row = by_id[code_id]
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
