"""Benchmark coding suggestions on real labelled patient-experience comments.

    python benchmarks/suggest_eval.py PATH [--folds 5] [--seed 42] [--work DIR]

PATH is either a TRAIN.csv (`text`, `codes` separated by ';') or the pxtextmining framework file
(CDU Data Science Team, Nottinghamshire Healthcare NHS FT, github CDU-data-science-team/pxtextmining,
`datasets/v6framework_230831.csv`: one row per comment, `FFT answer` the text and one 0/1 column per
category from `Not assigned` on). The data is not committed (see README "Coding suggestions").

It keeps a seeded 20% HELD-OUT split that is never tuned on, reports k-fold cross-validation on the
other 80% (dev), then runs `python -m insights suggest predict` end to end (train on dev, predict the
held-out texts) and scores OUT.csv against the held-out labels, timing train + predict.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from insights import suggest  # noqa: E402
from insights.exports import write_csv  # noqa: E402


def load(path: Path) -> pd.DataFrame:
    """A frame with `text` and `codes` (';'-separated) from either supported format."""
    raw = pd.read_csv(path, dtype=str)
    if {"text", "codes"} <= set(raw.columns):
        frame = raw[["text", "codes"]].fillna("")
    elif "FFT answer" in raw.columns and "Not assigned" in raw.columns:
        labels = list(raw.columns[list(raw.columns).index("Not assigned") :])
        onehot = raw[labels].apply(pd.to_numeric, errors="coerce").fillna(0).astype(int)
        codes = [
            ";".join(lab for lab, v in zip(labels, row, strict=True) if v == 1) for row in onehot.to_numpy()
        ]
        frame = pd.DataFrame({"text": raw["FFT answer"], "codes": codes})
        frame = frame[frame["text"].notna()]  # comments with no answer text
    else:
        sys.exit(f"{path}: expected columns text,codes or the pxtextmining framework layout")
    return frame[frame["codes"].str.strip() != ""].reset_index(drop=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--work", type=Path, help="folder for dev.csv, heldout.csv, out.csv (default: temporary)"
    )
    parser.add_argument("--skip-cv", action="store_true", help="only the held-out run")
    args = parser.parse_args()

    frame = load(args.path)
    order = np.random.default_rng(args.seed).permutation(len(frame))
    cut = int(len(frame) * 0.8)
    dev, held = frame.iloc[order[:cut]], frame.iloc[order[cut:]]
    n_labels = len({lab for c in frame["codes"] for lab in suggest.split_labels(c)})
    print(f"{len(frame)} labelled texts, {n_labels} labels; dev {len(dev)}, held-out {len(held)}")

    if not args.skip_cv:
        started = time.perf_counter()
        ev = suggest.cross_validate(
            dev["text"].tolist(), [suggest.split_labels(c) for c in dev["codes"]], args.folds
        )
        print(f"\nDEV {args.folds}-fold cross-validation ({time.perf_counter() - started:.0f} s)")
        print("\n".join(ev.lines()[:4]))

    work = args.work or Path(tempfile.mkdtemp(prefix="suggest-eval-"))
    work.mkdir(parents=True, exist_ok=True)
    write_csv(dev, work / "dev.csv", bom=False)
    held_in = pd.DataFrame({"id": [f"h{i}" for i in range(len(held))], "text": held["text"].to_numpy()})
    write_csv(held_in, work / "heldout.csv", bom=False)
    cmd = [sys.executable, "-m", "insights", "suggest", "predict", "--train", str(work / "dev.csv")]
    cmd += ["--input", str(work / "heldout.csv"), "--out", str(work / "out.csv"), "--top", "3"]
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode:
        print(result.stderr)
        return 1
    out = pd.read_csv(work / "out.csv", dtype=str, keep_default_na=False)
    truth = [set(suggest.split_labels(c)) for c in held["codes"]]
    ev = suggest.score_predictions(
        truth,
        [set(suggest.split_labels(c)) for c in out["codes"]],
        [suggest.split_labels(r) for r in out["ranked"]],
        counts={},
    )
    print(f"\nHELD-OUT (suggest predict, train + predict {seconds:.1f} s wall, whole command)")
    print("\n".join(ev.lines()[1:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
