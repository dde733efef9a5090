"""Scale benchmark (not part of the test run).

    .venv/bin/python -m benchmarks.run                      # 321, 10,000 and 100,000 narratives
    .venv/bin/python -m benchmarks.run --sizes 321 1000000  # include the 1,000,000-narrative run
    .venv/bin/python -m benchmarks.run --sizes 1000000 --import-only  # build and import only

For each size it builds a database with the synthetic generator (proportional excerpts, venues and
engagement rows) through the real import path, then measures: build and import time (rows per
second), anonymisation speed, every page's server-side run time under AppTest (cold: caches cleared;
warm: second run) for the engagement officer and a commissioner, and every SQL query in queries/.
For each page run it also sums the time of the SQL queries the page ran (queries.timed()), so a page's time
stands next to the database's own time; for the import it records the process's peak resident memory.
It prints one table and writes it to benchmarks/results/benchmark.csv.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def _timed(fn, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _rss_mb() -> float:
    """This process's resident memory now (MiB), from /proc (0 where there is no /proc)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@contextmanager
def _peak_rss(every: float = 0.05):
    """Sample resident memory while the block runs; yields a dict that gets 'start' and 'peak' (MiB)."""
    seen = {"start": _rss_mb(), "peak": _rss_mb()}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(every):
            seen["peak"] = max(seen["peak"], _rss_mb())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join()
        seen["peak"] = max(seen["peak"], _rss_mb())


def bench_build(n: int, path: Path) -> list[dict]:
    """Generate and import the demo at size n; rows per second for the import itself."""
    from insights import config
    from insights.demo import generate as demo
    from insights.ingest import load as ingest
    from insights.reference import vintage
    from insights.store import db

    rows = []
    gen_s, frames = _timed(lambda: demo.generate(n_narratives=n, seed=config.DEMO_SEED))
    rows.append({"size": n, "area": "build", "item": "generate synthetic data", "seconds": gen_s})
    path.unlink(missing_ok=True)
    con = db.connect(path)
    db.create_schema(con)
    with db.transaction(con):
        db.load_reference(con)
        vintage.load_comparison(con)
        db.load_codebook(con)
    with _peak_rss() as memory:
        for kind in ingest.ORDER:
            frame = frames[kind]
            start = time.perf_counter()
            checked = ingest.check_frame(con, kind, frame, f"bench-{kind}.csv", f"bench-{kind}-{n}")
            result = ingest.commit(con, checked, user="benchmark", skip_invalid=True)
            seconds = time.perf_counter() - start
            rows.append(
                {
                    "size": n,
                    "area": "import",
                    "item": f"{kind} ({result.rows_accepted:,} rows)",
                    "seconds": seconds,
                    "rows_per_second": result.rows_accepted / seconds if seconds else None,
                }
            )
    con.execute("checkpoint")
    con.close()
    imported = [r for r in rows if r["area"] == "import"]
    total_rows = sum(int(r["item"].split("(")[1].split(" ")[0].replace(",", "")) for r in imported)
    total_s = sum(r["seconds"] for r in imported)
    rows.append(
        {
            "size": n,
            "area": "import",
            "item": "all four files",
            "seconds": total_s,
            "rows_per_second": total_rows / total_s,
            "rss_start_mb": memory["start"],
            "rss_peak_mb": memory["peak"],
        }
    )
    return rows


def bench_anonymise(n: int, path: Path) -> list[dict]:
    """Excerpts per second through the anonymiser, on distinct wordings (the model is loaded first)."""
    from insights.quotes import anonymise
    from insights.store import db

    load_s, engine = _timed(anonymise.get)
    con = db.connect(path, read_only=True)
    texts = [
        r[0] for r in con.execute("select distinct excerpt_text from coded_excerpts limit 2000").fetchall()
    ]
    con.close()
    seconds, _ = _timed(lambda: engine.anonymise_many(texts))
    return [
        {"size": n, "area": "anonymise", "item": "load the model", "seconds": load_s},
        {
            "size": n,
            "area": "anonymise",
            "item": f"{len(texts):,} distinct excerpts",
            "seconds": seconds,
            "rows_per_second": len(texts) / seconds if seconds else None,
        },
    ]


def bench_queries(n: int, path: Path) -> list[dict]:
    """Each SQL file with its example parameters (no filters), median of 3 runs."""
    import queries
    from insights.analysis.filters import Filters
    from insights.store import db

    con = db.connect(path, read_only=True)
    rows = []
    for name in queries.names():
        q = queries.load(name)
        params = {k: v for k, v in Filters().params().items() if k in q.params}
        params.update(q.example)
        seconds, _ = _timed(
            lambda name=name, params=params: queries.run(
                con, name, _restricted_ok=name in queries.RESTRICTED, **params
            ),
            repeat=3,
        )
        rows.append({"size": n, "area": "query", "item": name, "seconds": seconds})
    con.close()
    return rows


def bench_pages(n: int, path: Path) -> list[dict]:
    """Server-side page run time under AppTest, cold (caches cleared) and warm, per role.

    The server's start-up (importing Streamlit, the chart and statistics libraries and the domain package,
    as `python -m ui.serve` does before it accepts a connection) is timed first and reported on its own
    row, so the first page measured is not charged for it."""
    start = time.perf_counter()
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ui import serve

    serve.preload()
    startup = time.perf_counter() - start

    import queries
    from insights.access.roles import COMMISSIONER, OFFICER, PAGES

    os.environ["MATERNITY_DB"] = str(path)
    st.cache_resource.clear()
    rows = [{"size": n, "area": "start-up", "item": "process start-up (imports)", "seconds": startup}]
    for spec in PAGES:
        if not (ROOT / spec.file).exists():
            continue
        for role in (OFFICER, COMMISSIONER):
            if role not in spec.roles:
                continue
            st.cache_data.clear()
            times, sql, slowest = [], [], ""
            for _ in range(2):
                at = AppTest.from_file(str(ROOT / spec.file), default_timeout=300)
                at.session_state["role"] = role
                with _no_background_training(), queries.timed() as ran:
                    start = time.perf_counter()
                    at.run()
                    times.append(time.perf_counter() - start)
                sql.append(sum(seconds for _, seconds in ran))
                if len(sql) == 1 and ran:
                    name, seconds = max(ran, key=lambda r: r[1])
                    slowest = f"{name} {seconds:.2f}"
                if at.exception:
                    print(f"  ! {spec.file} as {role}: {at.exception[0].value}", file=sys.stderr)
            rows.append(
                {
                    "size": n,
                    "area": f"page ({role})",
                    "item": spec.title,
                    "seconds": times[0],
                    "warm_seconds": times[1],
                    "sql_seconds": sql[0],
                    "warm_sql_seconds": sql[1],
                    "slowest_query": slowest,
                }
            )
    st.cache_resource.clear()
    return rows


@contextmanager
def _no_background_training():
    """Pages are measured without the coding suggestions' background training.

    The Coding page starts it (insights.coding.trainer) when no model of the current data is kept beside the
    database; at 1,000,000 narratives it reads three million excerpts and fits for many minutes, holding the
    GIL in scikit-learn's Python code, so every page measured after it was slowed down (and the process ended
    with it still running). A server trains once per data version and keeps the model; the benchmark measures
    the pages without it and says so.
    """
    from insights.coding import trainer

    ensure, refresh = trainer.Trainer.ensure, trainer.Trainer.refresh
    trainer.Trainer.ensure = lambda self, con, version: self.status()
    trainer.Trainer.refresh = lambda self, con: None
    try:
        yield
    finally:
        trainer.Trainer.ensure, trainer.Trainer.refresh = ensure, refresh


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print/write the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[321, 10_000, 100_000])
    parser.add_argument("--workdir", default="/tmp/maternity-bench")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="measure only building and importing the database (no anonymiser, query or page timings)",
    )
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="measure only the pages, on the database an earlier run left in --workdir",
    )
    args = parser.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    for n in args.sizes:
        path = work / f"bench-{n}.duckdb"
        print(f"== {n:,} narratives", file=sys.stderr)
        steps = [bench_build, bench_anonymise, bench_queries] + ([] if args.skip_pages else [bench_pages])
        if args.import_only:
            steps = [bench_build]
        if args.pages_only:
            if not path.exists():
                parser.error(f"--pages-only needs {path} from an earlier run")
            steps = [bench_pages]
        for step in steps:
            found = step(n, path)
            for row in found:  # as it goes, so a failure later does not lose what was measured
                print(row, file=sys.stderr, flush=True)
            rows += found
    table = pd.DataFrame(rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    from insights.output.exports import write_csv

    name = (
        "benchmark-pages.csv"
        if args.pages_only
        else "benchmark-import.csv"
        if args.import_only
        else "benchmark.csv"
    )
    write_csv(table, RESULTS / name, bom=False, lineterminator="\n")
    with pd.option_context(
        "display.max_rows", None, "display.width", 200, "display.float_format", "{:.3f}".format
    ):
        print(table.to_string(index=False))
    print(f"\nwritten to {RESULTS / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
