"""Date columns: read UK day first; Excel date numbers in the workbook's own date system (1900, or 1904 for
old Excel for Mac); dates that read two ways in a file that writes dates month first; dates before the
service started or in the future. Each problem is an error on its row (a warning for date numbers)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from insights.ingest.checks import _Checker, _parse_column
from insights.ingest.frame import _short
from insights.ingest.parsers import (
    _BAD_DAY,
    _EXCEL_EPOCH_1904,
    _SERIAL,
    _as_month_first,
    _both_ways,
    _month_first_only,
    _parse_date,
)


def _dates(chk: _Checker, column: str, cells: list, today: dt.date) -> list:
    """Parse a date column (UK day first); unreadable, impossible and future dates are errors, and so are
    dates that read two ways in a column that also holds a date only month first can be (a US file)."""
    if chk.date1904:
        parsed = _parse_column(cells, lambda text: _parse_date(text, _EXCEL_EPOCH_1904))
    else:
        parsed = _parse_column(cells, _parse_date)
    values = parsed.values

    def reason(p: int) -> str:
        text = cells[p]
        if parsed.reasons[text] == _BAD_DAY.reason:
            meant = _as_month_first(text)
            hint = (
                f"; read month first it is {_long_date(meant)}: if so, write it as {meant.isoformat()}"
                if meant
                else ""
            )
            return f"{column} is not a real date (got '{_short(text)}'; dates are read day first, dd/mm/yyyy{hint})"
        return (
            f"{column} must be a date, day first: 14/03/2023, 14-03-2023, 14.03.2023, 2023-03-14 "
            f"or 14 March 2023 (got '{_short(text)}')"
        )

    chk.add(parsed.bad, column, cells, reason)
    _month_first(chk, column, cells, values)
    _serial_warning(chk, column, cells, values)
    earliest = chk.earliest
    if earliest is not None:
        early = np.fromiter((d is not None and d < earliest for d in values), dtype=bool, count=len(values))
        if early.any():
            chk.add(
                early,
                column,
                cells,
                lambda p: (
                    f"date is before {_long_date(earliest)}, when the service started collecting (got "
                    f"'{_short(cells[p])}', read day first as {_long_date(values[p])}); the limit is set "
                    "by MATERNITY_EARLIEST_DATE"
                ),
            )
            for p in np.flatnonzero(early):
                values[p] = None
    future = np.fromiter((d is not None and d > today for d in values), dtype=bool, count=len(values))
    if future.any():
        chk.add(
            future,
            column,
            cells,
            lambda p: (
                f"date is in the future (got '{_short(cells[p])}', read day first as {_long_date(values[p])})"
            ),
        )
        for p in np.flatnonzero(future):
            values[p] = None
    return values


def _month_first(chk: _Checker, column: str, cells: list, values: list) -> None:
    """Dates that read two ways (03/04/2023) are errors when the column also holds a date that can only be
    month first (03/14/2023): the file may be written month first, so reading them day first could put
    each on another day without a word."""
    distinct = {c for c in cells if c is not None}
    evidence = sorted(c for c in distinct if _month_first_only(c))
    if not evidence:
        return
    first = next(p for p, c in enumerate(cells) if c == evidence[0])
    example = f"row {int(chk.rows[first]):,}, '{_short(evidence[0])}'"
    ways = {c: w for c in distinct if (w := _both_ways(c)) is not None}
    mask = np.fromiter(
        (c in ways and values[p] is not None for p, c in enumerate(cells)), dtype=bool, count=len(cells)
    )
    if not mask.any():
        return

    def reason(p: int) -> str:
        day_first, month_first = ways[cells[p]]
        return (
            f"{column} '{_short(cells[p])}' could be {_long_date(day_first)} or {_long_date(month_first)}: the "
            f"column also holds a date that can only be month first ({example}), so the file may write dates "
            "month first. If that one is a typo, fix it; otherwise write the dates as 2023-03-04 or 4 Mar 2023, "
            "and upload again"
        )

    chk.add(mask, column, cells, reason)
    for p in np.flatnonzero(mask):
        values[p] = None


def _serial_warning(chk: _Checker, column: str, cells: list, values: list) -> None:
    """One warning when a date column holds Excel date numbers (45000): they are read in Excel's usual 1900
    date system; a workbook in the 1904 system (old Excel for Mac) would give dates four years off, so in a
    workbook that says it uses the 1904 system they are read in that one."""
    serials = [p for p, c in enumerate(cells) if c is not None and values[p] is not None and _SERIAL.match(c)]
    if not serials:
        return
    p = serials[0]
    if chk.date1904:
        chk.file_warning(
            f"{len(serials):,} {column} value{'s are' if len(serials) != 1 else ' is an'} Excel date number"
            f"{'s' if len(serials) != 1 else ''} (the column lost its date format), read in the 1904 date system "
            f"the workbook uses (old Excel for Mac): e.g. row {int(chk.rows[p]):,}, '{_short(cells[p])}' is "
            f"{_long_date(values[p])}. Check that one in the file (format the column as a date in Excel)"
        )
        return
    chk.file_warning(
        f"{len(serials):,} {column} value{'s are' if len(serials) != 1 else ' is an'} Excel date number"
        f"{'s' if len(serials) != 1 else ''} (the column lost its date format), read in Excel's usual 1900 date "
        f"system: e.g. row {int(chk.rows[p]):,}, '{_short(cells[p])}' is {_long_date(values[p])}. Check that "
        "one in the file (format the column as a date in Excel): if it shows a date four years later, the "
        "workbook used the 1904 date system and the dates must be fixed before importing"
    )


def _long_date(d: object) -> str:
    return f"{d.day} {d:%B %Y}" if isinstance(d, dt.date) else "?"
