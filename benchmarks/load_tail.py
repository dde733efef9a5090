"""What made the load test's tail: the slowest reader runs of a phase, with what overlapped them.

    .venv/bin/python -m benchmarks.load_tail DIR [--phase loaded] [--top 20]

DIR is a folder kept by `benchmarks.load_test --keep DIR` (timing.jsonl, phases.json). For each of the
slowest completed reader runs: its page, seconds, when it started (seconds into the phase), how it chose
its data versions (`read: ...`), and the share of it that overlapped a background refresh
(ui.refresh), one of the importing session's runs (upload, check, import) or a garbage collection that paused
the interpreter (insights.timing.probe_gc: `gc overlap`, seconds), and how many other reader runs
were under way beside it on average (`other runs`: one interpreter serves them all). Then the phase's reader
runs split by what overlapped them: how much of the p95 is concurrency, imports or refreshes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd


def _overlap(start: float, end: float, spans: pd.DataFrame) -> float:
    if spans.empty:
        return 0.0
    lo = spans["start"].clip(lower=start)
    hi = spans["end"].clip(upper=end)
    return float((hi - lo).clip(lower=0).sum())


def _phase(folder: Path, phase: str) -> tuple[pd.DataFrame, ...]:
    """The phase's runs: every run, reader runs, the importer's runs, refreshes, the `read:` notes, and the
    garbage collections."""
    runs = pd.DataFrame([json.loads(line) for line in (folder / "timing.jsonl").read_text().splitlines()])
    window = json.loads((folder / "phases.json").read_text())[phase]
    runs["start"], runs["end"] = runs["t"] - runs["seconds"], runs["t"]
    inside = runs[(runs["t"] >= window["start"]) & (runs["t"] <= window["end"])]
    refreshes = inside[inside["outcome"] == "refresh"]
    writer = inside[inside["session"] == window.get("writer")] if window.get("writer") else inside.iloc[:0]
    writer = writer[writer["outcome"] == "ok"]
    notes = inside[inside["outcome"].str.startswith("read: ")]
    readers = inside[(inside["outcome"] == "ok") & (inside["session"] != window.get("writer"))]
    collections = inside[inside["outcome"].str.fullmatch(r"gc\d")]
    return runs, window, readers, writer, refreshes, notes, collections


def _others(run, readers: pd.DataFrame) -> float:
    """Other reader runs under way beside this one, on average over its time."""
    others = readers[readers.index != run.name]
    return _overlap(run["start"], run["end"], others) / run["seconds"]


def split(folder: Path, phase: str = "loaded") -> pd.DataFrame:
    """The phase's reader runs by what overlapped them: count, p50, p95 and share of all runs."""
    _, _, readers, writer, refreshes, _, collections = _phase(folder, phase)
    kinds = []
    for _, run in readers.iterrows():
        if _overlap(run["start"], run["end"], collections) > 0:
            kinds.append("a garbage collection")
        elif _overlap(run["start"], run["end"], writer) > 0:
            kinds.append("an import's run")
        elif _overlap(run["start"], run["end"], refreshes) > 0:
            kinds.append("a refresh")
        elif _others(run, readers) > 0:
            kinds.append("other readers only")
        else:
            kinds.append("nothing")
    frame = readers.assign(overlapped=kinds)
    rows = []
    for kind, group in frame.groupby("overlapped"):
        rows.append(
            {
                "overlapped": kind,
                "runs": len(group),
                "p50": round(group["seconds"].median(), 3),
                "p95": round(group["seconds"].quantile(0.95), 3),
                "in the top 5%": int((group["seconds"] >= readers["seconds"].quantile(0.95)).sum()),
            }
        )
    return pd.DataFrame(rows)


def tail(folder: Path, phase: str = "loaded", top: int = 20) -> pd.DataFrame:
    runs, window, readers, writer, refreshes, notes, collections = _phase(folder, phase)
    rows = []
    for _, run in readers.nlargest(top, "seconds").iterrows():
        note = notes[(notes["session"] == run["session"]) & ((notes["t"] - run["t"]).abs() < 0.05)]
        restarted = runs[
            (runs["session"] == run["session"])
            & (runs["outcome"] == "RerunException")
            & (runs["t"] <= run["start"] + 0.05)
            & (runs["t"] >= run["start"] - 0.5)
        ]
        rows.append(
            {
                "page": run["page"],
                "seconds": run["seconds"],
                "at": round(run["start"] - window["start"], 1),
                "read": note["outcome"].iat[0][6:] if len(note) else "",
                "after restart": bool(len(restarted)),
                "refresh overlap": round(_overlap(run["start"], run["end"], refreshes) / run["seconds"], 2),
                "import overlap": round(_overlap(run["start"], run["end"], writer) / run["seconds"], 2),
                "gc overlap": round(_overlap(run["start"], run["end"], collections), 3),
                "other runs": round(_others(run, readers), 2),
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--phase", default="loaded", choices=("single", "loaded", "alone"))
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(tail(args.folder, args.phase, args.top).to_string(index=False))
        print()
        print(split(args.folder, args.phase).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
