"""The project's one CSV writer, and CSV downloads of controlled tables (no Streamlit).

Every CSV the project writes (downloads, `import --report`, quote and audit exports, demo-csv, the
blank templates, reference extracts, benchmark results) goes through `write_csv`, so every text cell
is formula-neutralised the same way.

Only `disclosure.Controlled` tables can be exported, so every download has been through disclosure
control. Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe, as DESIGN.md asks. Numbers are written as numbers, so a
negative difference such as -4.5 stays a number and is not touched.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from insights.analysis.disclosure import Controlled

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text value that a spreadsheet would treat as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise every text cell and every column name of a frame."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def write_csv(
    frame: pd.DataFrame,
    path: str | Path | None = None,
    *,
    bom: bool = True,
    lineterminator: str = "\r\n",
    header: bool = True,
    neutralise: bool = True,
) -> bytes:
    """THE CSV writer: `frame` neutralised and written as UTF-8 (with a byte-order mark, so Excel reads
    accents, unless bom=False); returns the bytes and also writes them to `path` when given.

    `neutralise=False` only where a program must read the cells back exactly and the caller asked for
    it explicitly (`suggest predict --exact-labels`); every download and report keeps the default.
    """
    text = (neutralise_frame(frame) if neutralise else frame).to_csv(
        index=False, header=header, lineterminator=lineterminator, na_rep=""
    )
    data = (("\ufeff" if bom else "") + text).encode("utf-8")
    if path is not None:
        Path(path).write_bytes(data)
    return data


def csv_bytes(table: Controlled, *, note: str = "") -> bytes:
    """The table as UTF-8 CSV (with a byte-order mark, so Excel reads £ and ✓), hidden cells blank.

    Internal columns (names starting with '_') are left out. `note`, when given, is written as a
    last row in the first column (e.g. the disclosure note), neutralised like any other text.
    """
    if not isinstance(table, Controlled):
        raise TypeError(
            "only disclosure-controlled tables (insights.analysis.disclosure.Controlled) can be exported"
        )
    frame = table.frame[[c for c in table.frame.columns if not str(c).startswith("_")]]
    data = write_csv(frame)
    if note:
        data += write_csv(pd.DataFrame([[note]]), bom=False, header=False)
    return data


def file_name(title: str, suffix: str = "csv") -> str:
    """A tidy download name from a table title: 'Ratings by group' -> 'ratings-by-group.csv'."""
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "table"
    return f"{stem}.{suffix}"
