"""Build a whole database file: schema, reference data, codebook and the synthetic demo.

It sits above the store (insights.store.db), the import path (insights.ingest.load) and the demo generator
(insights.demo.generate), so none of those imports it and the import graph stays one-way.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
from pathlib import Path

import duckdb

from insights import config
from insights.demo import generate as demo_generator
from insights.demo import reviews as demo_reviews
from insights.ingest import load as ingest
from insights.reference import vintage
from insights.store import db, lake
from insights.store.db import Progress


def load_demo(
    con: duckdb.DuckDBPyConnection,
    n_narratives: int = config.DEMO_NARRATIVES,
    seed: int = config.DEMO_SEED,
    progress: Progress | None = None,
    uncoded: int = config.DEMO_UNCODED,
) -> list[ingest.ImportResult]:
    """Generate the synthetic demo and import it through the same path as a user's files.

    The excerpts of the `uncoded` most recently collected narratives outside Core20 areas are held
    back: those conversations are still to be coded (the Coding page's queue).
    """
    frames = demo_generator.generate(n_narratives=n_narratives, seed=seed)
    results = []
    for i, kind in enumerate(ingest.ORDER):
        raw = frames[kind]
        if kind == "excerpts" and uncoded > 0:
            # The newest visits outside Core20 areas: held back there, the demo's built-in Core20
            # pattern (more Barriers in Core20 areas) stays as clear as with every narrative coded.
            newest = {
                r[0]
                for r in con.execute(
                    "select narrative_id from narratives where core20 is distinct from true "
                    "order by collected_on desc, narrative_id desc limit $n",
                    {"n": uncoded},
                ).fetchall()
            }
            raw = raw[~raw["narrative_id"].str.strip().str.lower().isin({n.lower() for n in newest})]
            raw = raw.reset_index(drop=True)
        buffer = io.StringIO()
        raw.to_csv(buffer, index=False)
        name = f"demo-{kind}-{n_narratives}-seed{seed}.csv"
        checked = ingest.check_frame(
            con, kind, raw, name, hashlib.sha256(buffer.getvalue().encode()).hexdigest()
        )

        def step(fraction: float, message: str, i: int = i, kind: str = kind) -> None:
            if progress:
                progress((i + fraction) / len(ingest.ORDER), f"Demo {kind}: {message}")

        results.append(ingest.commit(con, checked, user="demo", skip_invalid=True, progress=step))
    return results


def build_database(
    path: Path | str | None = None,
    demo: bool = True,
    n_narratives: int = config.DEMO_NARRATIVES,
    seed: int = config.DEMO_SEED,
    progress: Progress | None = None,
    reviews: bool = True,
) -> Path:
    """Build a fresh database file (reference + codebook, and the demo unless `demo=False`).

    The demo comes with seeded MNVP decisions (insights.demo.reviews) unless `reviews=False`.

    Built beside the target and moved into place, so a half-built file is never opened. On the shared
    store (db.uses_lake) it is built in place: the lake is emptied first, then filled through the same path.
    """
    if db.uses_lake(path):
        return _build_shared(path, demo, n_narratives, seed, progress, reviews)
    target = Path(path or config.db_path())
    tmp = target.with_name(f"{target.name}.{os.getpid()}.building")
    for leftover in (tmp, Path(f"{tmp}.wal")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    con = db.connect(tmp)
    try:
        _fill(con, demo, n_narratives, seed, progress, reviews, started)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(tmp, target)
    return target


def _build_shared(
    path: str | Path | None,
    demo: bool,
    n_narratives: int,
    seed: int,
    progress: Progress | None,
    reviews: bool,
    only_if_missing: bool = False,
) -> str | Path:
    """Build the demo into the shared store (DuckLake) in place, holding the write lock every process
    takes for the whole build (a second server starting at the same time waits, then finds it built)."""
    started = time.perf_counter()
    con = db.connect(path, read_only=True)  # the schema is made below, under the lock
    try:
        with db.write_lock(con):
            if only_if_missing and db.shared_built(con):
                return path or config.db_path()
            lake.drop_everything(con)
            _fill(con, demo, n_narratives, seed, progress, reviews, started)
            # DuckLake's checkpoint: small inserts held in the catalog go to Parquet, small files merged
            # (queries then read half as long; README, "A shared store": run it from a scheduled job)
            db.checkpoint(con)
    finally:
        con.close()
    return path or config.db_path()


def _fill(
    con: duckdb.DuckDBPyConnection,
    demo: bool,
    n_narratives: int,
    seed: int,
    progress: Progress | None,
    reviews: bool,
    started: float,
) -> None:
    """Schema, reference, codebook and (unless `demo=False`) the demo, through the import path."""
    db.create_schema(con)
    with db.transaction(con):
        db.load_reference(con)
        vintage.load_comparison(con)  # both vintages side by side (the Core20-changes view)
        db.load_codebook(con)
    if demo:
        load_demo(con, n_narratives=n_narratives, seed=seed, progress=progress)
        if reviews:  # approved, edited and rejected quotes for a newcomer, through the review path
            if progress:
                progress(1.0, "Demo quote reviews: seeded MNVP decisions")
            demo_reviews.seed_reviews(con, seed=seed)
            if progress:
                progress(1.0, "Demo ready")
        db.set_meta(con, "demo", f"synthetic demo, {n_narratives} narratives, seed {seed}")
    db.set_meta(con, "built_seconds", f"{time.perf_counter() - started:.2f}")


def ensure_database(path: Path | str | None = None, progress: Progress | None = None) -> Path:
    """Build the database with the demo on first run; otherwise leave it as it is."""
    if db.uses_lake(path):
        return _build_shared(
            path, True, config.DEMO_NARRATIVES, config.DEMO_SEED, progress, True, only_if_missing=True
        )
    target = Path(path or config.db_path())
    if not target.exists():
        build_database(target, progress=progress)
    return target
