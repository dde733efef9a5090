"""What made the load test's tail: the slowest reader runs of a phase, with what overlapped them.

    .venv/bin/python -m benchmarks.load_tail DIR [--phase loaded] [--top 20]

DIR is a folder kept by `benchmarks.load_test --keep DIR` (timing.jsonl, phases.json). For each of the
slowest completed reader runs: its page, seconds, when it started (seconds into the phase), how it chose
its data versions (`read: ...`), and the share of it that overlapped a background refresh
(ui.refresh) or one of the importing session's runs (upload, check, import).
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


def tail(folder: Path, phase: str = "loaded", top: int = 20) -> pd.DataFrame:
    runs = pd.DataFrame([json.loads(line) for line in (folder / "timing.jsonl").read_text().splitlines()])
    window = json.loads((folder / "phases.json").read_text())[phase]
    runs["start"], runs["end"] = runs["t"] - runs["seconds"], runs["t"]
    inside = runs[(runs["t"] >= window["start"]) & (runs["t"] <= window["end"])]
    refreshes = inside[inside["outcome"] == "refresh"]
    writer = inside[inside["session"] == window.get("writer")] if window.get("writer") else inside.iloc[:0]
    writer = writer[writer["outcome"] == "ok"]
    notes = inside[inside["outcome"].str.startswith("read: ")]
    readers = inside[(inside["outcome"] == "ok") & (inside["session"] != window.get("writer"))]
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
