"""Shared-store benchmark (issue 16; not part of the test run): two dashboard servers and command-line
imports on one DuckLake store at the same time, on loopback.

    .venv/bin/python -m benchmarks.shared_store                       # 45 s, 2 readers per server
    .venv/bin/python -m benchmarks.shared_store --seconds 90 --readers 3 --pg "host=... user=..."

It starts a throwaway PostgreSQL (.ci/start-postgres; or uses --pg), builds the demo into a fresh
catalog database with Parquet files in a temporary folder, starts two `streamlit run dashboard.py`
servers (ports 8611 and 8612) on that store, then for `--seconds`:

- `--readers` websocket sessions per server click through the commissioner's pages (Overview, Themes,
  Approved quotes, Reach, About): a minimal Streamlit client (the websockets package Streamlit uses + its own
  protobuf messages) asks for a page and times it to the server's "script finished" (time-to-content;
  an exception element on the page counts as an error);
- two command-line "officers" (`python -m insights import ...`, one process per file) import new
  narratives, their coded excerpts and engagement entries round after round, at the same time.

Reported: p50/p95 time-to-content per server, errors (page exceptions, failed imports, "busy"
refusals; 0 expected), and afterwards whether every imported row and every audit entry arrived
exactly once (row counts against what the import files held, one 'import' audit entry per import,
no duplicate keys, the audit hash chain intact).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ("overview", "themes", "approved_quotes", "reach", "about")
PORTS = (8611, 8612)


def _start_postgres() -> tuple[str, Path]:
    out = subprocess.run(
        ["bash", str(ROOT / ".ci" / "start-postgres"), "55471"], check=True, capture_output=True, text=True
    )
    folder = sorted(Path("/tmp").glob("maternity-ci-pg.*"), key=lambda p: p.stat().st_mtime)[-1]
    return out.stdout.strip(), folder


def _stop_postgres(folder: Path) -> None:
    pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(
        [*as_user, str(pg_ctl), "-D", str(folder / "data"), "-m", "fast", "stop"], capture_output=True
    )


def _import_files(folder: Path, rounds: int, tag: str) -> list[list[tuple[str, Path, int]]]:
    """Per round: (kind, file, rows) for new narratives, their coded excerpts and new engagement entries."""
    from insights import config
    from insights.demo import generate as demo
    from insights.output.exports import write_csv

    frames = demo.generate(n_narratives=40, seed=config.DEMO_SEED)
    out = []
    for r in range(rounds):
        t = f"{tag}{r:03d}"
        women = frames["narratives"].head(8).copy()
        ids = dict(zip(women["narrative_id"], [f"{t}-{i}" for i in women["narrative_id"]], strict=True))
        women["narrative_id"] = women["narrative_id"].map(ids)
        excerpts = frames["excerpts"][frames["excerpts"]["narrative_id"].isin(ids)].copy()
        excerpts["excerpt_id"] = [f"{t}-{e}" for e in excerpts["excerpt_id"]]
        excerpts["narrative_id"] = excerpts["narrative_id"].map(ids)
        engagement = frames["engagement"].head(4).copy()
        engagement["entry_id"] = [f"{t}-{e}" for e in engagement["entry_id"]]
        files = []
        for kind, frame in (("narratives", women), ("excerpts", excerpts), ("engagement", engagement)):
            path = folder / f"{kind}-{t}.csv"
            write_csv(frame, path, bom=False)
            files.append((kind, path, len(frame)))
        out.append(files)
    return out


def _officer(env: dict, rounds: list, stop: threading.Event, log: dict, name: str) -> None:
    for files in rounds:
        if stop.is_set():
            return
        for kind, path, rows in files:
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "insights", "import", kind, str(path), "--user", name],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - started
            if done.returncode == 0:
                log["imports"].append((name, kind, rows, seconds))
            else:
                log["errors"].append(
                    f"{name} import {path.name}: {(done.stderr or done.stdout).strip()[-300:]}"
                )


async def _session(port: int, stop_at: float, times: list, errors: list, pages: int = 0) -> None:
    """One browser-like session: ask for pages in turn, time each to the server's 'script finished'."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    ws = await connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None)
    i = 0
    try:
        while time.time() < stop_at or i < pages:
            page = PAGES[i % len(PAGES)]
            i += 1
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            msg.rerun_script.page_name = page
            started = time.perf_counter()
            await ws.send(msg.SerializeToString())
            while True:
                raw = await asyncio.wait_for(ws.recv(), timeout=180)
                fwd = ForwardMsg()
                fwd.ParseFromString(raw)
                kind = fwd.WhichOneof("type")
                element = fwd.delta.new_element if kind == "delta" else None
                if element is not None and element.WhichOneof("type") == "exception":
                    errors.append(f"{port} {page}: {fwd.delta.new_element.exception.message[:200]}")
                if kind == "script_finished":
                    times.append((port, page, time.perf_counter() - started))
                    break
    finally:
        await ws.close()


def _wait_healthy(port: int, limit: float = 240) -> None:
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"the dashboard on port {port} did not start")


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:  # noqa: PLR0915 -- one linear script
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--readers", type=int, default=2, help="websocket sessions per server")
    parser.add_argument("--rounds", type=int, default=3, help="import rounds per command-line officer")
    parser.add_argument("--narratives", type=int, default=60, help="demo size")
    parser.add_argument("--pg", help="libpq settings of a running PostgreSQL (default: start one)")
    args = parser.parse_args()

    pg_folder = None
    if args.pg:
        pg = args.pg
    else:
        pg, pg_folder = _start_postgres()
    work = Path(tempfile.mkdtemp(prefix="maternity-shared-"))
    name = f"bench_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", f"dbname=postgres {pg}", "-qc", f"create database {name}"], check=True)
    env = {
        **os.environ,
        "MATERNITY_STORE": "ducklake",
        "MATERNITY_DUCKLAKE_CATALOG": f"postgres:dbname={name} {pg}",
        "MATERNITY_DUCKLAKE_DATA": str(work / "parquet"),
        "MATERNITY_DB": str(work / "unused.duckdb"),
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    servers = []
    try:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "insights", "build-db", "--narratives", str(args.narratives)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        build_seconds = time.perf_counter() - started
        from insights.store import db
        from queries import run

        con = db.connect()
        base = {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: S608
            for t in ("narratives", "coded_excerpts", "engagement_log", "audit_log", "imports")
        }
        con.close()
        for port in PORTS:
            servers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "streamlit",
                        "run",
                        "dashboard.py",
                        "--server.port",
                        str(port),
                        "--server.address",
                        "127.0.0.1",
                        "--server.headless",
                        "true",
                        "--browser.gatherUsageStats",
                        "false",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=open(work / f"server-{port}.log", "w"),  # noqa: SIM115
                )
            )
        for port in PORTS:
            _wait_healthy(port)
        times: list = []
        errors: list = []
        # warm-up: one session per server until its first pages have drawn (not timed)
        warm: list = []

        async def warmup() -> None:  # each page once per server and reader (as many as will run)
            await asyncio.gather(
                *(_session(p, 0, warm, errors, pages=len(PAGES)) for p in PORTS for _ in range(args.readers))
            )

        asyncio.run(warmup())

        log = {"imports": [], "errors": []}
        stop = threading.Event()
        officers = [
            threading.Thread(
                target=_officer, args=(env, _import_files(work, args.rounds, tag), stop, log, who)
            )
            for tag, who in (("A", "officer-a"), ("B", "officer-b"))
        ]
        phase_start = time.time()
        for t in officers:
            t.start()

        async def readers() -> None:
            stop_at = time.time() + args.seconds
            await asyncio.gather(
                *(_session(p, stop_at, times, errors) for p in PORTS for _ in range(args.readers))
            )

        asyncio.run(readers())
        for t in officers:  # the imports are bounded by --rounds; let the last ones finish
            t.join(timeout=600)
        phase_seconds = time.time() - phase_start
        stop.set()

        con = db.connect()
        after = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in base}  # noqa: S608
        imported = {
            k: sum(r for _, kind, r, _ in log["imports"] if kind == k)
            for k in ("narratives", "excerpts", "engagement")
        }
        n_imports = len(log["imports"])
        dup = sum(
            con.execute(f"select count(*) - count(distinct {k}) from {t}").fetchone()[0]  # noqa: S608
            for t, k in (
                ("narratives", "narrative_id"),
                ("coded_excerpts", "excerpt_id"),
                ("engagement_log", "entry_id"),
                ("audit_log", "audit_id"),
            )
        )
        audit_imports = con.execute(
            "select count(*), count(distinct object_id) from audit_log where action = 'import' and actor like 'officer-%'"
        ).fetchone()
        forks = con.execute("select count(*) - count(distinct prev_hash) from audit_log").fetchone()[0]
        broken = int(run(con, "audit_integrity")["broken_entries"].iat[0])
        con.close()
        busy = sum("busy" in e.lower() for e in log["errors"] + errors)
        print(
            f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)"
        )

        print(
            f"\nShared store (DuckLake, PostgreSQL catalog): demo of {args.narratives} built in {build_seconds:.0f} s"
        )
        print(
            f"Phase: {phase_seconds:.0f} s, {args.readers} reader sessions per server, "
            f"{n_imports} command-line imports by 2 officers at once\n"
        )
        print("| server | pages drawn | p50 time-to-content (s) | p95 (s) | max (s) |")
        print("|---|---|---|---|---|")
        for port in PORTS:
            mine = [s for p, _, s in times if p == port]
            print(
                f"| {port} | {len(mine)} | {_p(mine, 0.5):.2f} | {_p(mine, 0.95):.2f} | {max(mine, default=float('nan')):.2f} |"
            )
        print()
        if log["imports"]:
            secs = [s for *_, s in log["imports"]]
            print(
                f"imports: {n_imports}, p50 {_p(secs, 0.5):.1f} s, p95 {_p(secs, 0.95):.1f} s each (process start included)"
            )
        print(f"errors: {len(errors) + len(log['errors'])} (busy refusals: {busy})")
        for e in (errors + log["errors"])[:10]:
            print("  -", e)
        checks = {
            "narratives": after["narratives"] - base["narratives"] == imported["narratives"],
            "coded excerpts": after["coded_excerpts"] - base["coded_excerpts"] == imported["excerpts"],
            "engagement entries": after["engagement_log"] - base["engagement_log"] == imported["engagement"],
            "imports recorded": after["imports"] - base["imports"] == n_imports,
            "one audit entry per import": audit_imports == (n_imports, n_imports),
            "no duplicate keys": dup == 0,
            "audit chain unforked and intact": forks == 0 and broken == 0,
        }
        print(
            f"rows: +{after['narratives'] - base['narratives']} narratives (files held {imported['narratives']}), "
            f"+{after['coded_excerpts'] - base['coded_excerpts']} excerpts ({imported['excerpts']}), "
            f"+{after['engagement_log'] - base['engagement_log']} engagement entries ({imported['engagement']}); "
            f"+{after['audit_log'] - base['audit_log']} audit entries, {audit_imports[0]} of them imports"
        )
        for what, ok in checks.items():
            print(f"  {'ok ' if ok else 'FAIL'} {what}")
        return 0 if all(checks.values()) and not errors and not log["errors"] else 1
    finally:
        for s in servers:
            s.terminate()
        for s in servers:
            try:
                s.wait(timeout=20)
            except subprocess.TimeoutExpired:
                s.kill()
        if pg_folder is not None:
            _stop_postgres(pg_folder)


if __name__ == "__main__":
    raise SystemExit(main())
