"""The server's CPU per warm page run (not part of the test run): less Python per run, less overlap under load.

    .venv/bin/python -m benchmarks.warm_cpu [--rounds 12] [--role "ICB commissioner"] [--pages ,themes,reach]

Builds the demo database in a temporary folder, starts the dashboard on loopback with $MATERNITY_TIMING_LOG
set, opens one session (protocol client, as benchmarks.load_test does), opens every page of its menu twice
(caches warm), then opens `--pages` (menu paths; "" is the role's first page, Overview for a commissioner)
in turn `--rounds` times, one run at a time. Prints each page's p50 server-side run time and the server
process's CPU seconds (user + system, from /proc) per page run over those rounds: the Python and DuckDB work a
warm run costs, which is what other sessions' runs wait for in the one interpreter. The CPU figure moves less
with other work on the machine than run times do; compare old and new code one after the other.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load_test import _build, _open_session  # noqa: E402
from tests.e2e.browser import running_dashboard  # noqa: E402


def _server_cpu(port: int) -> float:
    """CPU seconds of the process listening on `port` (the dashboard), from /proc."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(command) and str(port).encode() in command:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    raise RuntimeError(f"no dashboard process on port {port}")


async def _clicks(base: str, role: str, pages: list[str], rounds: int, port: int) -> tuple[float, float]:
    session = await _open_session(base, role)
    links = session.state.menu()
    for _ in range(2):
        for link in links:
            await session.goto(link)
    wanted = [page for page in pages if page in links]
    started, cpu = time.time(), _server_cpu(port)
    for _ in range(rounds):
        for link in wanted:
            await session.goto(link)
            await asyncio.sleep(0.05)
    cpu = _server_cpu(port) - cpu
    await session.close()
    return started, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--role", default="ICB commissioner")
    parser.add_argument("--pages", default=",themes,reach", help="menu paths, comma-separated")
    parser.add_argument("--narratives", type=int, default=321)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="warm-cpu-") as tmp:
        folder = Path(tmp)
        timing_log = folder / "timing.jsonl"
        env = {
            **os.environ,
            "MATERNITY_DB": str(_build(folder, args.narratives)),
            "MATERNITY_TIMING_LOG": str(timing_log),
            "PYTHONUNBUFFERED": "1",
        }
        with running_dashboard(env, folder / "server.log") as base:
            port = int(base.rsplit(":", 1)[1])
            started, cpu = asyncio.run(_clicks(base, args.role, args.pages.split(","), args.rounds, port))
        runs = [json.loads(line) for line in timing_log.read_text().splitlines()]
    by_page: dict[str, list[float]] = {}
    for run in runs:
        if run["t"] >= started and run["outcome"] == "ok":
            by_page.setdefault(run["page"], []).append(run["seconds"])
    for page, seconds in sorted(by_page.items()):
        print(f"{page}: {len(seconds)} runs, p50 {statistics.median(seconds):.3f} s")
    n = sum(map(len, by_page.values()))
    print(
        f"server CPU {cpu:.2f} s for {n} warm runs: {1000 * cpu / max(n, 1):.1f} ms per run; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
