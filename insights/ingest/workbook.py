"""Reading an Excel workbook upload in bounded memory: the zip checked before it is unpacked, the sheet to
read chosen, rows streamed from the sheet XML (openpyxl as the fallback), formulas, hidden rows and columns
and merged cells reported."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from collections.abc import Iterator

from insights import config
from insights.ingest.frame import RowIssue, _short, normalise_header
from insights.ingest.parsers import EXCEL_ERRORS
from insights.ingest.templates import KINDS

#: What the reader found in a formula cell: the value Excel saved with it, an error value (#DIV/0!),
#: or nothing (a file written by a program that never calculated its formulas).
CACHED, ERROR, UNCALCULATED = "cached", "error", "uncalculated"
#: A formula whose saved value the file itself marks as not calculated (fullCalcOnLoad: XlsxWriter and
#: openpyxl write 0 or nothing and ask the program that opens the file to recalculate).
STALE = "stale"


def _formula_issues(
    formulas: list[tuple[int, int, str, str]],
    rows: list[tuple[int, list]],
    errors: list[RowIssue],
    warnings: list[RowIssue],
) -> None:
    """Issues for the formula cells of data rows: the value Excel saved with a formula is what the officer
    saw and is imported (one warning counts them); a formula with no saved value, or showing an error,
    is an error on its row, naming the cell (its value is not known, and its text is no value)."""
    from openpyxl.utils.cell import get_column_letter

    header = rows[0][0] if rows else 0
    names = {i + 1: normalise_header(h) for i, h in enumerate(rows[0][1])} if rows else {}
    cached: list[str] = []
    for r, c, text, state in formulas:
        column = names.get(c)
        if r <= header or not column:
            continue
        cell = f"{get_column_letter(c)}{r}"
        if state == CACHED:
            cached.append(cell)
        elif state == STALE:
            errors.append(
                RowIssue(
                    r,
                    column,
                    _short(text),
                    f"cell {cell} holds a formula, and the program that wrote the file saved no calculated value "
                    "with it (the file asks to be recalculated when opened), so the value it would show is not "
                    "known: open the file in Excel, save it and upload it again, or type the value",
                )
            )
        elif state == ERROR:
            errors.append(
                RowIssue(
                    r,
                    column,
                    _short(text),
                    f"cell {cell} holds a formula that shows an error in Excel: fix the formula (or type the "
                    "value) and upload again",
                )
            )
        else:
            errors.append(
                RowIssue(
                    r,
                    column,
                    _short(text),
                    f"cell {cell} holds a formula with no value saved with it (the program that wrote the file "
                    "never calculated it), so the value it would show is not known: open the file in Excel, "
                    "save it and upload it again, or type the value",
                )
            )
    if cached:
        first = ", ".join(cached[:5]) + (f" and {len(cached) - 5:,} more" if len(cached) > 5 else "")
        warnings.append(
            RowIssue(
                0,
                "",
                "",
                f"{len(cached):,} cell{'s' if len(cached) != 1 else ''} hold{'s' if len(cached) == 1 else ''} "
                f"a formula ({first}): the value each showed when the file was last saved in Excel was "
                "imported, not the formula",
            )
        )


class _Refused(ValueError):
    """A workbook refused on purpose (too wide, too long): never retried another way."""


def _check_zip(data: bytes, file_name: str) -> None:
    """Refuse a damaged, encrypted or bomb-like workbook before anything is unpacked."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise _Refused(
            f"{file_name} could not be opened as an Excel workbook ({type(exc).__name__}); "
            "it may be damaged, password-protected or not really an .xlsx file."
        ) from None
    if any(m.flag_bits & 0x1 for m in members):
        raise _Refused(f"{file_name} is password-protected; remove the password and upload again.")
    limit = config.max_unzipped_bytes()
    total = sum(m.file_size for m in members)
    worst = max(
        (m.file_size / max(m.compress_size, 1) for m in members if m.file_size > 10_000_000), default=0
    )
    if total > limit or worst > 1000:
        raise _Refused(
            f"{file_name} unpacks to {total / 1e6:,.0f} MB from {len(data) / 1e6:,.1f} MB, more than an "
            f"import may unpack ({limit / 1e6:,.0f} MB, MATERNITY_MAX_UNZIPPED_MB); it is refused unread. "
            "Delete unused rows and columns, or split the file, and upload again."
        )


def _not_strict(data: bytes, file_name: str) -> bool:
    """Refuse a workbook saved as 'Strict Open XML Spreadsheet', which the reader cannot see into (it
    would look empty). Returns whether the workbook asks to be recalculated when opened (fullCalcOnLoad):
    then the values saved with its formulas are not what they would show."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            with z.open(_workbook_part(z)) as part:
                text = part.read(2_000_000)
        except KeyError:
            return False
    if b"purl.oclc.org/ooxml/spreadsheetml" in text[:4000]:
        raise _Refused(
            f"{file_name} is saved as 'Strict Open XML Spreadsheet', which cannot be read; in Excel use "
            "File > Save As > 'Excel Workbook (.xlsx)' and upload again."
        )
    return _FULL_CALC.search(text) is not None


def _workbook_part(z) -> str:
    """The zip name of the workbook part: xl/workbook.xml as Excel names it, else where the package's
    relationships (_rels/.rels) point (other writers name it as they like; a strict workbook named
    otherwise was refused as 'could not be opened (KeyError)' before 2026-12-03)."""
    names = set(z.namelist())
    if "xl/workbook.xml" in names or "_rels/.rels" not in names:
        return "xl/workbook.xml"
    with z.open("_rels/.rels") as part:
        rels = part.read(200_000).decode("utf-8", "replace")
    for match in _RELATIONSHIP.finditer(rels):
        tag = match.group()
        target = _TARGET.search(tag)
        if target and re.search(r'Type="[^"]*/officeDocument"', tag):
            return target.group(1).lstrip("/")
    return "xl/workbook.xml"


_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b[^>]*>")
_TARGET = re.compile(r'Target="([^"]+)"')
_FULL_CALC = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad=[\"'](?:1|true)[\"']")


def _bounded_dimension(self) -> None:
    """openpyxl's ReadOnlyWorksheet._get_size, reading no further than the start of the rows.

    openpyxl looks for the sheet's <dimension> (its used range, which Excel writes first) with "end"
    events, so for a sheet written without one it parsed the whole sheet, and kept an emptied element
    for every row, before it found the rows had begun: on opening, for every sheet (about 4 s and
    hundreds of MB per million rows). Here the rows' start ends the search."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    with self._get_source() as source:
        for _, element in iterparse(source, events=("start",)):
            if element.tag == _DIMENSION:
                with contextlib.suppress(TypeError, ValueError):  # a damaged range: as if there were none
                    self._min_column, self._min_row, self._max_column, self._max_row = range_boundaries(
                        element.get("ref") or ""
                    )
                return
            if element.tag == _SHEET_DATA:
                return


#: Fewest bytes a sheet spends on one cell using a shared string (<c t="s"><v>1</v></c>), and the
#: strings allowed beyond what the sheets could use.
_CELL_BYTES, _STRING_SLACK = 20, 10_000


def _bounded_strings(self) -> None:
    """openpyxl's ExcelReader.read_strings, bounded: a shared-strings table holding more texts than the
    workbook's other parts have room to use (each use takes at least _CELL_BYTES) is refused as it is
    read, and each read text is dropped from the tree. openpyxl parsed every text through its object
    model and kept an emptied element per text: 5 million short texts (13 MB zipped, within the unzip
    limit) took minutes and GBs before anything was read."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.xml.constants import SHARED_STRINGS

    ct = self.package.find(SHARED_STRINGS)
    if ct is None or self.rich_text:  # rich text (never asked for here): openpyxl's own reader
        _OPENPYXL_READ_STRINGS[0](self)
        return
    path = ct.PartName[1:]
    room = sum(i.file_size for i in self.archive.infolist() if i.filename != path)
    limit = _STRING_SLACK + room // _CELL_BYTES
    strings: list[str] = []
    with self.archive.open(path) as source:
        root = None
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if root is None:
                    root = element
                continue
            if element.tag != _SHARED:
                continue
            parts = [element.findtext(_TEXT) or ""] if element.find(_TEXT) is not None else []
            parts += [run.findtext(_TEXT) or "" for run in element.findall(_RUN)]
            strings.append("".join(parts).replace("x005F_", ""))
            if len(strings) > limit:
                raise _Refused(
                    f"its shared-strings table holds more than {limit:,} texts, more than its sheets have "
                    "cells to use (a damaged file, or one built to exhaust the reader); it is refused "
                    "unread. Open it in Excel, save it again and upload that."
                )
            element.clear()
            root.remove(element)
    self.shared_strings = strings


def _bound_openpyxl() -> None:
    """Install _bounded_dimension and _bounded_strings in openpyxl's reader (once; the same result for any
    sheet that has a <dimension> before its rows, as every writer puts it, and for any strings table)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    if ReadOnlyWorksheet._get_size is not _bounded_dimension:
        ReadOnlyWorksheet._get_size = _bounded_dimension
    if ExcelReader.read_strings is not _bounded_strings:
        _OPENPYXL_READ_STRINGS[:] = [ExcelReader.read_strings]
        ExcelReader.read_strings = _bounded_strings


_OPENPYXL_READ_STRINGS: list = []


def _xlsx_rows(
    data: bytes,
    file_name: str,
    kind: str | None,
    formulas: list[tuple[int, int, str, str]] | None = None,
    warnings: list[RowIssue] | None = None,
    hidden: list[int] | None = None,
    hidden_columns: list[int] | None = None,
    facts: dict | None = None,
) -> tuple[str, list[tuple[int, list]]]:
    """(label, rows) of the sheet to read: named like the kind, else the one visible sheet holding values
    (not 'Guide'); several such sheets refuse the file rather than leave some of its rows unread.
    The (row, column, formula) of each formula cell is added to `formulas` (when read quickly).
    `facts` gets "date1904": True for a workbook in the 1904 date system (old Excel for Mac).

    Bounded: the zip is checked before it is unpacked, the sheet is streamed row by row keeping only
    cells that hold a value, and a value beyond config.max_columns() or a row beyond
    config.max_rows() refuses the file at once, naming the row and column.
    """
    from openpyxl import load_workbook

    _check_zip(data, file_name)
    stale = _not_strict(data, file_name)
    _bound_openpyxl()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors...
        refused = exc if isinstance(exc, _Refused) else exc.__cause__  # openpyxl wraps what it calls
        if isinstance(refused, _Refused):
            raise _Refused(f"{file_name}: {refused}") from None
        raise ValueError(
            f"{file_name} could not be opened as an Excel workbook ({type(exc).__name__}); "
            "it may be damaged, password-protected or not really an .xlsx file."
        ) from None
    try:
        sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        if not sheets:
            raise ValueError(f"{file_name} has no worksheets.")
        ws = sheets.get(kind.lower()) if kind else None
        if ws is None:
            named = [sheets[k] for k in KINDS if k in sheets]
            ws = named[0] if len(named) == 1 and not kind else _only_sheet(wb, file_name, kind)
        elif warnings is not None:  # the sheet named after the kind: say which others were left unread
            unread = [
                w.title
                for w in wb.worksheets
                if w is not ws
                and w.title.strip().lower() != "guide"
                and getattr(w, "sheet_state", "visible") == "visible"
                and _holds_values(w)
            ]
            if unread:
                warnings.append(
                    RowIssue(
                        0,
                        "",
                        "",
                        f"only the sheet '{_short(ws.title)}' was read; the workbook's other sheets holding data "
                        f"were not ({', '.join(repr(_short(t)) for t in unread[:6])}): import each as a file "
                        "of its own if they hold rows too",
                    )
                )
        label = f"{file_name} (sheet '{ws.title}')"
        if facts is not None and wb.epoch != _WINDOWS_EPOCH:
            facts["date1904"] = True
        padded = _padded_styles(wb)
        if hidden_columns is not None:
            with contextlib.suppress(Exception):  # a damaged sheet is refused by the reading below
                hidden_columns[:] = _hidden_columns(ws)
        try:
            return label, _fast_sheet_rows(wb, ws, label, formulas, hidden, stale, padded)
        except _Refused:
            raise
        except Exception:  # anything unusual: let openpyxl read the sheet cell by cell instead
            if formulas is not None:
                formulas.clear()
        max_rows, max_columns = config.max_rows(), config.max_columns()
        rows = []
        shown_wb = None
        try:
            found_hidden = _hidden_rows(ws, label)  # also refuses rows stored out of order
            if hidden is not None:
                hidden[:] = found_hidden
            shown_wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            shown_ws = shown_wb[ws.title]  # the same sheet as Excel shows it: formulas' saved values
            # openpyxl stops at the last row of the sheet's stated range (<dimension>) and pads to it: an
            # understated range ('A1:C3' over thousands of rows) would drop rows, a huge one over a small
            # sheet would yield a million empty rows. The rows themselves decide.
            ws.reset_dimensions()
            shown_ws.reset_dimensions()
            pairs = zip(
                ws.iter_rows(max_col=max_columns + 1),
                shown_ws.iter_rows(values_only=True, max_col=max_columns + 1),
                strict=False,
            )
            for number, (read, shown) in enumerate(pairs, start=1):
                cells = [_unescape(_cell_text(c, padded)) for c in read]
                for i, (cell, value) in enumerate(zip(cells, shown, strict=False)):
                    if not isinstance(cell, str) or not cell.startswith("=") or value == cell:
                        continue  # not a formula (a text cell that starts with '=' reads the same both ways)
                    saved = value is not None
                    if stale:  # the file says its saved values are not calculated: none is known
                        value = None
                    text = _xlsx_text(value)
                    state = (
                        (STALE if saved else UNCALCULATED)
                        if value is None
                        else ERROR
                        if EXCEL_ERRORS.match(text)
                        else CACHED
                    )
                    if formulas is not None:
                        formulas.append((number, i + 1, cell, state))
                    if value is not None:
                        cells[i] = _unescape(text)
                if len(cells) > max_columns and (cells[max_columns] or "").strip():
                    raise _Refused(_too_wide(label, number, max_columns + 1, max_columns))
                if any(c is not None for c in cells):
                    if len(rows) > max_rows:
                        raise _Refused(_too_long(label, max_rows))
                    rows.append((number, cells))
        except _Refused:
            raise
        except Exception as exc:
            raise ValueError(f"{label} could not be read ({type(exc).__name__}: {exc}).") from None
        finally:
            if shown_wb is not None:
                shown_wb.close()
        return label, rows
    finally:
        wb.close()


_WINDOWS_EPOCH = dt.datetime(1899, 12, 30)


def _padded_styles(wb) -> dict[int, int]:
    """Cell style index -> width, for the styles whose number format shows a whole number padded with
    leading zeros ('0000' shows 7 as 0007): an id typed as a number is imported as the officer sees it."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    out: dict[int, int] = {}
    try:
        for index, style in enumerate(wb._cell_styles):
            fmt_id = style.numFmtId
            if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
                code = BUILTIN_FORMATS.get(fmt_id, "General")
            else:
                code = wb._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
            if _PADDED.match(code or "") and len(code) > 1:
                out[index] = len(code)
    except (AttributeError, IndexError, TypeError):  # an odd style table: numbers read as they are
        return {}
    return out


_PADDED = re.compile(r"^0+$")


def _cell_text(cell, padded: dict[int, int]) -> str | None:
    """A read-only openpyxl cell as text (_xlsx_text), a whole number in a zero-padded format as shown."""
    value = getattr(cell, "value", None)
    width = padded.get(getattr(cell, "_style_id", 0)) if padded else None
    if width and _whole(value):
        return _padded(value, width)
    return _xlsx_text(value)


def _whole(value: object) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool) and value >= 0) or (
        isinstance(value, float) and value.is_integer() and value >= 0
    )


def _padded(value: float, width: int) -> str:
    return str(int(value)).zfill(width)


def _only_sheet(wb, file_name: str, kind: str | None):
    """The one visible sheet (not 'Guide') that holds a value; the first sheet when none does.

    Several such sheets, none named like the kind, refuse the file: reading the first alone would
    leave the others' rows out without a word (a workbook with a sheet per year)."""
    others = [w for w in wb.worksheets if w.title.strip().lower() != "guide"]
    shown = [w for w in others if getattr(w, "sheet_state", "visible") == "visible"]
    with_values = [w for w in shown if _holds_values(w)]
    if len(with_values) == 1:
        return with_values[0]
    if not with_values:
        hidden = [w for w in others if w not in shown and _holds_values(w)]
        if hidden:
            names = ", ".join(f"'{_short(w.title)}'" for w in hidden[:6])
            which = (
                f"the only sheet holding data, {names}, is"
                if len(hidden) == 1
                else f"the sheets holding data ({names}) are"
            )
            raise _Refused(
                f"{file_name}: {which} hidden, so it is not clear it is meant to be imported: unhide it (right-click "
                "a sheet tab > Unhide), or copy its rows to a visible sheet, and upload again."
            )
    if len(with_values) > 1:
        names = ", ".join(f"'{_short(w.title)}'" for w in with_values[:6])
        more = " and more" if len(with_values) > 6 else ""
        wanted = f"'{kind}'" if kind else "after the kind of file (e.g. 'narratives')"
        raise _Refused(
            f"{file_name} has {len(with_values)} sheets holding data ({names}{more}) and none is named "
            f"{wanted}, so it is not clear which to import and the others' rows would be left out: "
            f"name the sheet to import {wanted}, or keep one sheet per file, and upload again."
        )
    return (shown or others or wb.worksheets)[0]


def _hidden_rows(ws, label: str = "The sheet") -> list[int]:
    """Numbers of the rows a read-only worksheet hides (filtered out, or hidden by hand); refuses rows
    stored out of order (openpyxl's reader silently skips a row numbered below the one before it)."""
    out: list[int] = []
    number = 0
    for element in _ended_elements(ws):
        if element.tag == _ROW:
            r = element.get("r")
            before, number = number, int(r) if r else number + 1
            if number <= before:
                raise _Refused(_out_of_order(label, number, before))
            if element.get("hidden") in ("1", "true"):
                out.append(number)
    return out


def _ended_elements(ws) -> Iterator:
    """A read-only worksheet's XML elements as each ends, streamed; a row is cleared and dropped from
    <sheetData> once seen, so memory stays flat over a million rows."""
    from xml.etree.ElementTree import iterparse

    with ws._get_source() as source:
        container = None
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == _SHEET_DATA:
                    container = element
                continue
            yield element
            if element.tag == _ROW:
                element.clear()
                if container is not None:
                    container.remove(element)


def _cells_out_of_order(label: str, ref: str, row: int) -> str:
    return (
        f"{label}: the cells of row {row:,} are stored out of order or twice (cell {_short(ref)}), which Excel "
        "never writes, so a value could be lost; open the file in Excel (or LibreOffice), save it as .xlsx "
        "and upload again."
    )


def _out_of_order(label: str, row: int, before: int) -> str:
    what = f"row {row:,} is stored twice" if row == before else f"row {row:,} is stored after row {before:,}"
    return (
        f"{label}: its rows are stored out of order ({what}), which Excel never writes, so it is not clear "
        "which values belong where; open the file in Excel (or LibreOffice), save it as .xlsx and upload again."
    )


def _hidden_columns(ws) -> list[int]:
    """Numbers of the columns a read-only worksheet hides (its <cols> come before the rows: read only those)."""
    from xml.etree.ElementTree import iterparse

    out: list[int] = []
    max_columns = config.max_columns()
    with ws._get_source() as source:
        for event, element in iterparse(source, events=("start", "end")):
            if element.tag in (_SHEET_DATA, _ROW):
                break
            if event == "end" and element.tag == _COL and element.get("hidden") in ("1", "true"):
                low, high = int(element.get("min", "0")), int(element.get("max", "0"))
                out.extend(range(max(low, 1), min(high, max_columns) + 1))
    return out


def _hidden_columns_warning(
    hidden: list[int], rows: list[tuple[int, list]], warnings: list[RowIssue]
) -> None:
    """One warning naming the template's columns the workbook hides that hold values: imported like the
    others, though the officer does not see them."""
    if not hidden or not rows:
        return
    from openpyxl.utils.cell import get_column_letter

    header = rows[0][1]
    used = {i for _, cells in rows[1:] for i, c in enumerate(cells, start=1) if c is not None}
    found = [
        f"{get_column_letter(c)} ('{_short(normalise_header(header[c - 1]))}')"
        for c in hidden
        if c <= len(header) and header[c - 1] is not None and c in used
    ]
    if found:
        warnings.append(
            RowIssue(
                0,
                "",
                "",
                f"column{'s' if len(found) != 1 else ''} {', '.join(found[:10])} "
                f"{'are' if len(found) != 1 else 'is'} hidden in the workbook and "
                f"{'were' if len(found) != 1 else 'was'} imported like the others; if that is not meant, "
                "delete the column (unhide it to see it) and upload again",
            )
        )


#: Hidden rows named one by one in the warning.
_HIDDEN_NAMED = 20


def _hidden_warning(hidden: list[int], rows: list[tuple[int, list]], warnings: list[RowIssue]) -> None:
    """One warning naming the data rows the workbook hides: they are imported like the others, though the
    officer looking at a filtered sheet does not see them."""
    header = rows[0][0] if rows else 0
    with_values = {number for number, _ in rows}
    found = [r for r in hidden if r > header and r in with_values]
    if not found:
        return
    shown = ", ".join(f"{r:,}" for r in found[:_HIDDEN_NAMED]) + (
        f" and {len(found) - _HIDDEN_NAMED:,} more" if len(found) > _HIDDEN_NAMED else ""
    )
    warnings.append(
        RowIssue(
            0,
            "",
            "",
            f"{len(found):,} row{'s' if len(found) != 1 else ''} hidden in the workbook (filtered out, or hidden "
            f"by hand) {'were' if len(found) != 1 else 'was'} imported like the others: row{'s' if len(found) != 1 else ''} "
            f"{shown}. If they should not be imported, delete them (clear the filter to see them) and upload again",
        )
    )


def _holds_values(ws) -> bool:
    """Whether a read-only worksheet has at least one cell with a value (stops at the first)."""
    return any(
        element.tag in (_VALUE, _FORMULA, _TEXT) and (element.text or "").strip()
        for element in _ended_elements(ws)
    )


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str | None) -> str | None:
    """Undo Excel's escapes in cell text: '_x000D_' is a carriage return ('_x005F_' a literal '_'), as
    Excel writes a cell holding a Windows line break or another control character."""
    if text is None or "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _too_wide(label: str, row: int, column: int, max_columns: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return (
        f"{label}: row {row:,} has a value in column {get_column_letter(column)} (column {column:,}), "
        f"beyond the {max_columns:,} columns an import may use (MATERNITY_MAX_COLUMNS). Delete the stray "
        "cells to the right of the template's columns (select those columns, right-click, Delete) "
        "and upload again."
    )


def _too_long(label: str, max_rows: int) -> str:
    return (
        f"{label} has more than {max_rows:,} data rows, the most one import may hold "
        "(MATERNITY_MAX_ROWS); split it into smaller files."
    )


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE = (_NS + t for t in ("row", "c", "v", "f", "is"))
_TEXT, _RUN, _SHEET_DATA = _NS + "t", _NS + "r", _NS + "sheetData"
_MERGE, _DIMENSION, _SHARED = _NS + "mergeCell", _NS + "dimension", _NS + "si"
_COL = _NS + "col"


def _check_merge(ref: str, rows: list[tuple[int, list]], label: str) -> None:
    """Refuse cells merged down over data rows: only the top cell holds the value, so the rows below
    would be imported without it (a venue or date merged over the visits it applies to)."""
    from openpyxl.utils.cell import range_boundaries

    try:
        _, top, _, bottom = range_boundaries(ref)
    except ValueError:
        return
    header = rows[0][0] if rows else 1
    if bottom > top and bottom > header:
        first = max(top + 1, header + 1)
        rows_below = f"row {bottom:,}" if first == bottom else f"rows {first:,}-{bottom:,}"
        raise _Refused(
            f"{label}: cells {ref} are merged, so only the top one holds the value and {rows_below} would "
            "be imported without it. Unmerge them (Home > Merge & Center > Unmerge Cells), fill in every "
            "row, and upload again."
        )


def _fast_sheet_rows(
    wb,
    ws,
    label: str = "The sheet",
    formulas: list[tuple[int, int, str, str]] | None = None,
    hidden: list[int] | None = None,
    stale: bool = False,
    padded: dict[int, int] | None = None,
) -> list[tuple[int, list]]:
    """Rows of a read-only worksheet parsed straight from its XML (several times faster than
    openpyxl's cell objects), giving the same text as _xlsx_text(openpyxl value) for every cell.

    Uses openpyxl's shared strings, date styles and epoch; raises on anything unexpected so the
    caller falls back to openpyxl.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.formula.translate import Translator
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel

    strings = ws._shared_strings
    date_styles = wb._date_formats
    timedelta_styles = wb._timedelta_formats
    epoch = wb.epoch
    columns: dict[str, int] = {}
    shared_formulas: dict[str, Translator] = {}
    out: list[tuple[int, list]] = []
    row_number = 0
    max_rows, max_columns = config.max_rows(), config.max_columns()
    with ws._get_source() as source:
        container = None
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == _SHEET_DATA:
                    container = element
                continue
            if element.tag == _MERGE:
                _check_merge(element.get("ref") or "", out, label)
                continue
            if element.tag != _ROW:
                continue
            r = element.get("r")
            before = row_number
            row_number = int(r) if r else row_number + 1
            if row_number <= before:  # Excel writes rows in order, once each: a value would be misplaced
                raise _Refused(_out_of_order(label, row_number, before))
            if not len(element):  # a row with no cells (formatting dragged down): nothing to read
                element.clear()
                if container is not None:
                    container.remove(element)
                continue
            if len(out) > max_rows:
                raise _Refused(_too_long(label, max_rows))
            if hidden is not None and element.get("hidden") in ("1", "true"):
                hidden.append(row_number)
            cells: dict[int, str | None] = {}
            position = 0
            for c in element:
                if c.tag != _CELL:
                    continue
                attrib = c.attrib
                ref = attrib.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    before = position
                    position = columns.get(letters) or columns.setdefault(
                        letters, column_index_from_string(letters)
                    )
                    if position <= before:  # the same cell twice, or cells out of order: one would be lost
                        raise _Refused(_cells_out_of_order(label, ref, row_number))
                else:
                    position += 1
                v = f = box = None
                has_v = False
                for child in c:
                    tag = child.tag
                    if tag == _VALUE:
                        v = child.text
                        has_v = True
                    elif tag == _FORMULA:
                        f = child
                    elif tag == _INLINE:
                        box = child
                kind = attrib.get("t", "n")
                if f is not None:
                    # a saved value: any <v> of a text result (an empty one is ""), a non-empty <v> of a
                    # number (openpyxl and other libraries write an empty <v/> for "not calculated")
                    saved = bool(v) or (has_v and kind == "str")
                    has_v = saved and not stale  # a saved value the file marks as not calculated is none
                    text = "=" + (f.text or "")
                    if f.get("t") == "shared":
                        si = f.get("si")
                        if si in shared_formulas:
                            text = shared_formulas[si].translate_formula(ref)
                        elif text != "=":
                            shared_formulas[si] = Translator(text, ref)
                    if not has_v:  # never calculated: its text is kept, and its row refused (_formula_issues)
                        cells[position] = text
                    if formulas is not None and text != "=":
                        state = (
                            CACHED
                            if has_v and kind != "e"
                            else ERROR
                            if has_v
                            else STALE
                            if saved
                            else UNCALCULATED
                        )
                        formulas.append((row_number, position, text, state))
                    if not has_v:
                        continue
                if kind == "s":
                    if v:
                        cells[position] = _unescape(strings[int(v)])
                elif kind == "inlineStr":
                    if box is not None:
                        parts = [t.text or "" for t in box.findall(_TEXT)]
                        parts += [t.text or "" for run in box.findall(_RUN) for t in run.findall(_TEXT)]
                        cells[position] = _unescape("".join(parts))
                elif not v:
                    continue
                elif kind == "n":
                    value: object = float(v) if ("." in v or "e" in v or "E" in v) else int(v)
                    style = attrib.get("s")
                    if style and int(style) in date_styles:
                        value = from_excel(value, epoch, timedelta=int(style) in timedelta_styles)
                    elif style and padded and int(style) in padded and _whole(value):
                        cells[position] = _padded(value, padded[int(style)])
                        continue
                    cells[position] = _xlsx_text(value)
                elif kind == "b":
                    cells[position] = "TRUE" if int(v) else "FALSE"
                elif kind in ("str", "e"):
                    cells[position] = _unescape(v)
                else:  # 'd' (ISO date text) and anything new: let openpyxl decide
                    raise ValueError(f"cell type {kind!r}")
            element.clear()
            if container is not None:
                container.remove(element)  # keep memory flat: a read row is dropped from the tree
            if cells and max(cells) > max_columns:
                far = [i for i, t in cells.items() if i > max_columns and t is not None and t.strip()]
                if far:
                    raise _Refused(_too_wide(label, row_number, min(far), max_columns))
                cells = {i: t for i, t in cells.items() if i <= max_columns}
            if cells:
                row = [None] * max(cells)
                for i, text in cells.items():
                    row[i - 1] = text
                out.append((row_number, row))
    return out


def _xlsx_text(value: object) -> str | None:
    """A workbook cell as text: formulas as their text, dates as ISO, whole numbers without '.0'."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    text = getattr(value, "text", None)  # openpyxl ArrayFormula / DataTableFormula
    if isinstance(text, str):
        return text
    return str(value)
