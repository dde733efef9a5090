"""One CSV writer for every CSV the project writes, formula-neutralising (issue 11)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from insights.output.exports import write_csv

ROOT = Path(__file__).resolve().parent.parent
#: to_csv calls that write no file: they feed a SHA-256 of the rows (identity of demo/engagement data).
HASH_ONLY = {
    ("insights/demo/build.py", "raw.to_csv(buffer, index=False)"),
    ("insights/ingest/engagement.py", "frame.to_csv(index=False)"),
    ("insights/coding/workbench.py", "frame.to_csv(index=False)"),  # the coding's content hash
}


def test_write_csv_neutralises_every_formula_start(tmp_path):
    frame = pd.DataFrame(
        {
            "=A1": ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", None],
            "n": [-4.5, 1, 2, 3, 4, 5, 6, 7],
        }
    )
    path = tmp_path / "out.csv"
    data = write_csv(frame, path)
    assert path.read_bytes() == data and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["'=A1", "n"]
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x","y")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "plain",
        "",
    ]
    assert rows[1][1] == "-4.5"  # numbers stay numbers


def test_no_other_csv_writer_in_the_project():
    """Every CSV written by insights/, pages/, ui/ and benchmarks/ goes through exports.write_csv."""
    offenders = []
    for folder in ("insights", "pages", "ui", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel == "insights/output/exports.py":
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                code = line.split("#", 1)[0]
                writes = re.search(r"(?<!quote_export)\.to_csv\(|csv\.writer\(|csv\.DictWriter\(", code)
                if writes and not any(rel == f and snippet in code for f, snippet in HASH_ONLY):
                    offenders.append(f"{rel}: {line.strip()}")
    assert not offenders, offenders
