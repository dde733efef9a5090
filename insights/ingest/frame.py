"""Uploaded rows into a frame of text cells: the header normalised, blank rows dropped, rows that do not add up
recorded (RowIssue), repeated short cells pooled. Shared by the CSV and workbook readers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from insights.ingest.templates import KINDS, TEMPLATES, column_names
from insights.output.textsafe import INVISIBLE, INVISIBLE_CHARS

#: Name of the index `read_table` returns: the spreadsheet row number of each data row.
ROW_INDEX_NAME = "row"
#: Column `read_table` adds when some rows have more cells than the header (never a header name:
#: normalised headers contain no spaces).
EXTRA_CELLS_COLUMN = "(extra cells)"

_VALUE_CHARS = 60
_PACKS_COLUMN = re.compile(r"^packs_([a-z][a-z0-9_]*)$")


@dataclass(frozen=True)
class RowIssue:
    """One problem found in an uploaded file."""

    row: int  # spreadsheet row number: header is row 1, first data row is 2 (0 = whole file)
    column: str  # template column name ('' for whole-file or whole-row problems)
    value: str  # the offending cell as text, truncated
    reason: str  # plain English


def normalise_header(name: object) -> str:
    """Column name as used everywhere: invisible characters removed, stripped, lower-case,
    spaces/hyphens -> '_'."""
    text = "" if name is None else str(name)
    text = INVISIBLE.sub("", text).strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def trimmed(cell: str) -> str | None:
    """A text cell with spaces trimmed; None when it shows nothing (empty, spaces, or only invisible
    characters such as a zero-width space). Text between its first and last visible character is kept."""
    text = cell.strip()
    if not text:
        return None
    if text[0] in INVISIBLE_CHARS or text[-1] in INVISIBLE_CHARS:
        return text if INVISIBLE.sub("", text).strip() else None
    return text


def _seen(cell: str | None) -> str:
    """A cell as the officer sees it: spaces and invisible characters (a BOM left where two files were
    pasted together, a zero-width space) removed from its ends."""
    if not cell:
        return ""
    text = cell.strip()
    if text and (text[0] in INVISIBLE_CHARS or text[-1] in INVISIBLE_CHARS):
        text = INVISIBLE.sub("", text).strip()
    return text


def _blank(cell: str) -> bool:
    """A cell that shows nothing: empty, spaces, or only invisible characters (a zero-width space)."""
    return trimmed(cell) is None


#: Cells up to this long are pooled (one string per distinct value and column) while a column has at most
#: _POOLED distinct values.
_POOL_CHARS, _POOLED = 100, 5_000


def _rows_to_frame(
    rows: Iterable[tuple[int, list]],
    file_name: str,
    kind: str | None,
    errors: list[RowIssue] | None = None,
    repeats: list[RowIssue] | None = None,
) -> pd.DataFrame:
    """Header + data rows -> frame of str/None cells indexed by spreadsheet row number.

    With `errors` (CSV files), a row with fewer cells than the header is recorded there: a missing
    delimiter shifts values into the wrong columns. (A workbook row simply ends at its last value.)
    With `repeats`, a row that repeats the header is recorded there (it stays in the frame, so it is
    counted as a rejected row, and its cells fail their columns' checks too).
    """
    header: list[str] | None = None
    header_text: list[str] = []
    first_name = ""
    used_width = width = 0
    numbers: list[int] = []
    raw_columns: list[list] = []
    extra: list = []
    has_extra = False
    # Repeated short cells ('Engagement officer', a postcode, a date) share one string per column: the
    # csv module makes a new string for every cell, which was most of the reading's memory at 200,000
    # rows. A column whose values mostly differ (ids, notes) stops being pooled once it passes _POOLED.
    pools: list[dict[str, str] | None] = []
    for number, cells in rows:
        if header is None:
            cells = [None if c is None or _blank(c) else c for c in cells]
            if any(c is not None for c in cells):
                header = cells
                used_width = max(i for i, c in enumerate(cells) if c is not None) + 1
                width = len(header)
                header_text = [_seen(c) for c in header[:used_width]]
                first_name = header_text[0]
                raw_columns = [[] for _ in range(width)]
                pools = [{} for _ in range(width)]
            continue
        if all(c is None or _blank(c) for c in cells):
            continue
        if (
            repeats is not None
            and cells[0] is not None
            and _seen(cells[0]) == first_name
            and [_seen(c) for c in cells[:used_width]] == header_text
        ):
            repeats.append(
                RowIssue(
                    number,
                    "",
                    _short(" | ".join(header_text)),
                    "this row repeats the header row (a header printed on every page, or two files "
                    "pasted together): delete it and upload again",
                )
            )
        if errors is not None and len(cells) < used_width:
            errors.append(
                RowIssue(
                    number,
                    "",
                    _short(" | ".join("" if c is None or _blank(c) else c for c in cells)),
                    f"row has {len(cells)} cell{'s' if len(cells) != 1 else ''} but the header has "
                    f"{used_width} columns: a delimiter is missing, so values would land in the wrong "
                    "columns",
                )
            )
        numbers.append(number)
        if len(cells) > width:
            spill = [c for c in cells[width:] if c is not None and not _blank(c)]
            if spill:
                has_extra = True
                extra.append(" | ".join(spill))
            else:
                extra.append(None)
        else:
            extra.append(None)
        for i in range(width):
            cell = cells[i] if i < len(cells) else None
            if cell is not None:
                if _blank(cell):
                    cell = None
                elif (pool := pools[i]) is not None and len(cell) <= _POOL_CHARS:
                    cell = pool.setdefault(cell, cell)
                    if len(pool) > _POOLED:
                        pools[i] = None
            raw_columns[i].append(cell)
    if header is None:
        raise ValueError(f"{file_name} has no header row: every row is empty.")

    names = [normalise_header(h) for h in header]
    columns: dict[str, list] = {}
    seen: dict[str, int] = {}
    for position, (name, values) in enumerate(zip(names, raw_columns, strict=True), start=1):
        if not name:
            if all(v is None for v in values):
                continue  # an unnamed, empty column (e.g. stray formatting) is no column at all
            name = f"unnamed_{position}"
        if name in seen:
            raise ValueError(
                f"{file_name}: the column '{name}' appears twice in the header (columns {seen[name]} and "
                f"{position}); keep one."
            )
        seen[name] = position
        columns[name] = values

    known = {c for k in KINDS for c in column_names(k)}
    if not any(n in known or _PACKS_COLUMN.match(n) for n in columns):
        expected = ", ".join(column_names(kind) if kind in TEMPLATES else column_names("narratives"))
        found = ", ".join(repr(_short(h)) for h in header if h is not None)
        raise ValueError(
            f"{file_name} has no header row: the first row should hold the template's column names "
            f"({expected}) but it holds {found}."
        )
    if has_extra:
        columns[EXTRA_CELLS_COLUMN] = extra
    index = pd.Index(numbers, dtype="int64", name=ROW_INDEX_NAME)
    return pd.DataFrame({n: pd.Series(v, dtype=object, index=index) for n, v in columns.items()}, index=index)


def _short(value: object) -> str:
    """A cell as text for messages, cut to about 60 characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= _VALUE_CHARS else text[: _VALUE_CHARS - 3] + "..."
