"""The machinery validation runs on: issues collected by row position, columns parsed once per distinct value,
cells trimmed, references and required cells checked, values serialised for derived ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from insights.ingest.frame import ROW_INDEX_NAME, RowIssue, _short, trimmed
from insights.ingest.parsers import EXCEL_ERRORS, _Bad
from insights.ingest.workbook import _xlsx_text


class _Checker:
    """Collects issues by row position and remembers which rows have an error."""

    def __init__(self, rows: np.ndarray, earliest: dt.date | None = None) -> None:
        self.rows = rows
        self.bad = np.zeros(len(rows), dtype=bool)
        self.errors: list[RowIssue] = []
        self.warnings: list[RowIssue] = []
        self.earliest = earliest  # dates before this are refused
        self.date1904 = False  # Excel date numbers count from 1904 (a workbook in that date system)

    def read_errors(self, errors: list[RowIssue]) -> None:
        """Row errors found while reading the file (read_table's frame.attrs), by row number."""
        position = {int(r): p for p, r in enumerate(self.rows)}
        for issue in errors:
            if issue.row in position:
                self.bad[position[issue.row]] = True
            self.errors.append(issue)

    def file_error(self, reason: str) -> None:
        self.errors.append(RowIssue(0, "", "", reason))

    def file_warning(self, reason: str) -> None:
        self.warnings.append(RowIssue(0, "", "", reason))

    def add(
        self,
        mask: np.ndarray,
        column: str,
        values: list,
        reason: str | Callable[[int], str],
        *,
        warning: bool = False,
    ) -> None:
        """Record an issue at every position where `mask` is true; `reason(position)` words it."""
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        target = self.warnings if warning else self.errors
        if not warning:
            self.bad[positions] = True
        rows = self.rows
        if isinstance(reason, str):
            target.extend(RowIssue(int(rows[p]), column, _short(values[p]), reason) for p in positions)
        else:
            target.extend(
                RowIssue(int(rows[p]), column, _short(values[p]), reason(int(p))) for p in positions
            )


@dataclass
class _Parsed:
    """A column parsed through a table of its unique values."""

    values: list  # parsed value per row (None where blank or bad)
    bad: np.ndarray  # True where the cell failed
    reasons: dict  # bad cell text -> reason


def _parse_column(cells: list, parser: Callable[[str], object]) -> _Parsed:
    """Run `parser` once per distinct non-blank cell and spread the results over the rows."""
    table = {u: parser(u) for u in set(cells) if u is not None}
    reasons = {u: r.reason for u, r in table.items() if isinstance(r, _Bad)}
    if reasons:
        for u in reasons:
            table[u] = None
        bad = np.fromiter((c in reasons for c in cells), dtype=bool, count=len(cells))
    else:
        bad = np.zeros(len(cells), dtype=bool)
    table[None] = None
    return _Parsed([table[c] for c in cells], bad, reasons)


def _check(chk: _Checker, column: str, cells: list, parser: Callable[[str], object]) -> list:
    """Parse a column, recording an error for every bad cell; returns parsed values."""
    parsed = _parse_column(cells, parser)
    chk.add(parsed.bad, column, cells, lambda p: parsed.reasons[cells[p]])
    return parsed.values


def _cells(series: pd.Series) -> list:
    """A raw column as trimmed text, blank -> None (cells of any type accepted)."""
    if len(series) >= _FACTORIZE_FROM and _all_text(series):
        head = series.iloc[:_FACTORIZE_SAMPLE]
        if (
            head.nunique() <= len(head) // 2
        ):  # cells repeat (codes, dates, counts): trim each distinct one once
            codes, uniques = pd.factorize(series)  # missing cells get code -1: the None at the end
            table = np.array([*(trimmed(u) for u in uniques.tolist()), None], dtype=object)
            return table[codes].tolist()
    out: list = []
    append = out.append
    for v in series.tolist():
        if type(v) is str:
            append(trimmed(v))
        elif v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
            append(None)
        else:
            text = _xlsx_text(v)
            append(trimmed(text) if text else None)
    return out


#: Columns at least this long whose cells are all text (or missing) are trimmed per distinct value when the
#: first _FACTORIZE_SAMPLE cells hold at most half as many distinct values (a million cells of a few dozen
#: codes: one strip each, not a million; ids and notes, mostly distinct, take the cell-by-cell loop).
_FACTORIZE_FROM = 10_000
_FACTORIZE_SAMPLE = 2_000


def _all_text(series: pd.Series) -> bool:
    """True when every non-missing cell is a str (a text column, or an object column holding text only:
    cells of other types, e.g. numbers from a workbook, keep the cell-by-cell path, where 1 and 1.0 differ)."""
    if isinstance(series.dtype, pd.StringDtype):
        return True
    return series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")


def _row_numbers(raw: pd.DataFrame) -> np.ndarray:
    """Spreadsheet row numbers: read_table's 'row' index, else position + 2."""
    if raw.index.name == ROW_INDEX_NAME and pd.api.types.is_integer_dtype(raw.index):
        return raw.index.to_numpy(dtype=np.int64)
    return np.arange(2, len(raw) + 2, dtype=np.int64)


def _required(chk: _Checker, column: str, cells: list, skip: np.ndarray | None = None) -> None:
    missing = np.fromiter((c is None for c in cells), dtype=bool, count=len(cells))
    if skip is not None:
        missing &= ~skip  # already an error of its own (an Excel error value)
    chk.add(missing, column, cells, f"{column} is required")


def _references(chk: _Checker, column: str, cells: list, known: set[str] | None, what: str) -> list:
    """Check ids against the known set (exact, else a unique case-insensitive match)."""
    if known is None:
        return cells
    by_lower: dict[str, list[str]] = {}
    for k in known:
        by_lower.setdefault(k.lower(), []).append(k)

    def resolve(text: str) -> str | _Bad:
        if text in known:
            return text
        matches = by_lower.get(text.lower(), [])
        if len(matches) == 1:
            return matches[0]
        return _Bad(
            f"{column} '{_short(text)}' is not a known {what}; import the {what}s file first or together"
        )

    return _check(chk, column, cells, resolve)


def _lower(cells: list) -> list:
    return [None if c is None else c.lower() for c in cells]


def _serial_column(values: list, positions: list[int]) -> list[str]:
    """_serial of values[p] for each position, with a fast path for text columns."""
    picked = [values[p] for p in positions]
    if all(v is None or type(v) is str for v in picked):
        return [v or "" for v in picked]
    if any(isinstance(v, (list, dict)) for v in picked):
        return [_serial(v) for v in picked]
    memo: dict = {}
    return [memo[v] if v in memo else memo.setdefault(v, _serial(v)) for v in picked]


def _serial(value: object) -> str:
    """A normalised value as stable text for derived ids."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dict):
        return ";".join(f"{k}={value[k]}" for k in sorted(value))
    return str(value)


def _error_values(chk: _Checker, text: dict[str, list], read_errors: list[RowIssue]) -> dict[str, np.ndarray]:
    """Cells showing one of Excel's error values (#N/A, #DIV/0!...): a lookup's result pasted as values, or
    saved to CSV, is no value, so each is an error on its row (once: a formula the reader already named
    is not named again) and the cell is blanked so no other check words it again. Returns the blanked
    positions per column."""
    named = {(issue.row, issue.column) for issue in read_errors}
    out: dict[str, np.ndarray] = {}
    for column, cells in text.items():
        errors = {c for c in set(cells) if c is not None and c[0] == "#" and EXCEL_ERRORS.match(c)}
        if not errors:
            continue
        mask = np.fromiter((c in errors for c in cells), dtype=bool, count=len(cells))
        rows = chk.rows
        fresh = mask & np.fromiter(
            ((int(rows[p]), column) not in named for p in range(len(cells))), dtype=bool, count=len(cells)
        )
        chk.add(
            fresh,
            column,
            cells,
            lambda p, c=column, cells=cells: (
                f"{c} shows Excel's error value {cells[p]} (a formula's result, pasted or saved as a value), "
                "not a value: type the value, or clear the cell, and upload again"
            ),
        )
        chk.bad[np.flatnonzero(mask)] = True
        for p in np.flatnonzero(mask):
            cells[p] = None
        out[column] = mask
    return out
