"""Reading uploaded files into a frame of text cells: encoding decided with evidence, strict CSV structure, bounded workbook streaming."""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from insights import config
from insights.ingest.encoding import decide as decide_legacy
from insights.ingest.templates import KINDS, TEMPLATES, column_names
from insights.output.textsafe import INVISIBLE, INVISIBLE_CHARS

#: Name of the index `read_table` returns: the spreadsheet row number of each data row.
ROW_INDEX_NAME = "row"
#: Column `read_table` adds when some rows have more cells than the header (never a header name:
#: normalised headers contain no spaces).
EXTRA_CELLS_COLUMN = "(extra cells)"

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_VALUE_CHARS = 60
_PACKS_COLUMN = re.compile(r"^packs_([a-z][a-z0-9_]*)$")


@dataclass(frozen=True)
class RowIssue:
    """One problem found in an uploaded file."""

    row: int  # spreadsheet row number: header is row 1, first data row is 2 (0 = whole file)
    column: str  # template column name ('' for whole-file or whole-row problems)
    value: str  # the offending cell as text, truncated
    reason: str  # plain English


# --------------------------------------------------------------------------------------------
# Reading files


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


def _blank(cell: str) -> bool:
    """A cell that shows nothing: empty, spaces, or only invisible characters (a zero-width space)."""
    return trimmed(cell) is None


def read_table(data: bytes, file_name: str, kind: str | None = None) -> pd.DataFrame:
    """Read an uploaded CSV or Excel file into text cells (str or None), headers normalised.

    The index (named 'row') holds each data row's spreadsheet row number; fully empty rows are
    dropped. `kind` picks the Excel sheet of that name when there is one (else the only sheet named
    like a kind, else the first sheet that is not 'Guide').
    Raises ValueError with a plain-English reason when the file cannot be read exactly: a CSV whose
    quotes, delimiters or line breaks do not add up, a file whose encoding cannot be told with
    evidence, a workbook with values far to the right or below the limits (insights.config).
    Problems of single rows and notes about the whole file (e.g. read as Windows-1252) travel in
    `frame.attrs["read_errors"]` / `["read_warnings"]` (RowIssue lists); `validate` reports them.
    """
    suffix = Path(file_name or "").suffix.lower()
    if suffix == ".xls":
        raise ValueError(
            f"{file_name} is in the old Excel 97-2003 format (.xls); save it as .xlsx or CSV and upload again."
        )
    if suffix in _OTHER_SPREADSHEETS:
        raise ValueError(f"{file_name} is {_OTHER_SPREADSHEETS[suffix]}.")
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise ValueError(
            f"{file_name or 'The file'} is not a CSV or Excel file: upload a .csv, .txt, .xlsx or .xlsm file."
        )
    if not data:
        raise ValueError(f"{file_name} is empty.")
    disguised = _disguised(data, suffix)
    if disguised:
        raise ValueError(f"{file_name} {disguised}")
    if data.startswith(_OLE_MAGIC):
        raise ValueError(
            f"{file_name} is password-protected (encrypted) or in the old Excel 97-2003 format; remove the "
            "password (File > Info > Protect Workbook) or save it as .xlsx, then upload again."
        )
    errors: list[RowIssue] = []
    warnings: list[RowIssue] = []
    if suffix in XLSX_SUFFIXES or data[:4] == b"PK\x03\x04":  # an Excel file saved under a .csv name
        formulas: list[tuple[int, int, str, str]] = []
        hidden: list[int] = []
        hidden_columns: list[int] = []
        label, rows = _xlsx_rows(data, file_name, kind, formulas, warnings, hidden, hidden_columns)
        frame = _rows_to_frame(rows, label, kind, repeats=errors)
        _formula_issues(formulas, rows, errors, warnings)
        _hidden_warning(hidden, rows, warnings)
        _hidden_columns_warning(hidden_columns, rows, warnings)
    else:
        frame = _rows_to_frame(_csv_rows(data, file_name, warnings), file_name, kind, errors, errors)
    frame.attrs["read_errors"] = errors
    frame.attrs["read_warnings"] = warnings
    return frame


#: What the reader found in a formula cell: the value Excel saved with it, an error value (#DIV/0!),
#: or nothing (a file written by a program that never calculated its formulas).
CACHED, ERROR, UNCALCULATED = "cached", "error", "uncalculated"
#: Error values Excel shows in a cell (openpyxl gives them as text).
_EXCEL_ERRORS = re.compile(
    r"^#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!)$"
)


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


#: Other programs' own formats, by name or by content: what they are and how to save them for import.
_SAVE_AS = "save it as Excel (.xlsx) or CSV UTF-8 and upload again"
_OTHER_SPREADSHEETS = {
    ".ods": f"an OpenDocument spreadsheet (LibreOffice Calc, or Google Sheets' .ods download): {_SAVE_AS}",
    ".numbers": "an Apple Numbers file: use File > Export To > Excel or CSV, and upload that",
    ".xml": f"an XML file, not a CSV or Excel file: {_SAVE_AS}",
    ".html": f"a web page, not a CSV or Excel file: open it in Excel and {_SAVE_AS}",
    ".htm": f"a web page, not a CSV or Excel file: open it in Excel and {_SAVE_AS}",
}
_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<table|<meta|<head|<body|<style)", re.IGNORECASE)
_SPREADSHEET_XML = re.compile(rb"urn:schemas-microsoft-com:office:spreadsheet")


def _disguised(data: bytes, suffix: str) -> str | None:
    """What a file really is when its content is not what its name says (the rest of a sentence), or None.

    Web systems often export an HTML table named .xls/.xlsx, Excel 2003 saves 'XML Spreadsheet', a CSV gets
    renamed .xlsx, and an .ods or Numbers file is a zip like a workbook: each is named, instead of 'could
    not be opened' or a CSV of markup."""
    head = data[:2000].lstrip(codecs.BOM_UTF8)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            head = data[:4000].decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return None
    what = None
    if _HTML.match(head):
        what = "is a web page (an HTML table) with a spreadsheet's name, not a real CSV or Excel file"
    elif head.lstrip().startswith(b"<?xml") and _SPREADSHEET_XML.search(data[:20000]):
        what = "is an Excel 2003 'XML Spreadsheet', not a real CSV or Excel file"
    elif data[:4] == b"PK\x03\x04":
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                small = "mimetype" in names and z.getinfo("mimetype").file_size < 200
                mimetype = z.read("mimetype") if small else b""
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError, NotImplementedError):
            return None
        if b"opendocument.spreadsheet" in mimetype:
            return f"is {_OTHER_SPREADSHEETS['.ods']}."
        if any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
            return f"is {_OTHER_SPREADSHEETS['.numbers']}."
        return None
    elif suffix in XLSX_SUFFIXES and not data.startswith(_OLE_MAGIC):
        try:
            sample = data[:4000].decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            sample = data[: exc.start].decode("utf-8-sig", "ignore")
        if sample and not _BINARY_CONTROL.search(sample.replace("\t", "")) and "\n" in sample:
            return (
                "could not be opened as an Excel workbook: it is a text (CSV) file with an Excel name. Rename it "
                "to end in .csv (or open it in Excel and save it as .xlsx) and upload again."
            )
        return None
    if what is None:
        return None
    return f"{what}: open it in Excel and {_SAVE_AS}."


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: encrypted .xlsx and old .xls alike
#: A well-formed UTF-8 sequence of two to four bytes (evidence that a file is UTF-8).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf4][\x80-\xbf]{3}"
)
_BINARY_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _line_of(data: bytes, position: int) -> int:
    """Line number of a byte offset; lines end with \r\n, \n or a lone \r (old Macs)."""
    ends = data.count(b"\n", 0, position) + data.count(b"\r", 0, position)
    return ends - data.count(b"\r\n", 0, position) + 1


def _bad_utf8(data: bytes, limit: int = 20) -> list[int]:
    """Byte offsets where UTF-8 decoding fails (at most `limit`)."""
    found: list[int] = []
    start = 0
    while len(found) < limit:
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            found.append(start + exc.start)
            start += exc.end
    return found


def _decode(data: bytes, file_name: str, warnings: list[RowIssue]) -> str:
    """Text of a CSV, the encoding decided per file with evidence.

    UTF-16 with a byte-order mark; UTF-8 (with or without a byte-order mark) when every byte is valid
    UTF-8; Windows-1252, with a warning, only when NOTHING in the file is a UTF-8 multi-byte sequence.
    A UTF-8 file with a few invalid bytes is refused with their line numbers: decoding the whole file
    as Windows-1252 would garble every accented letter in it ('Zoë' -> 'ZoÃ«').
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ValueError(f"{file_name} is saved as UTF-32 text; save it as CSV UTF-8 and upload again.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{file_name} starts like UTF-16 text but byte {exc.start:,} is not valid UTF-16; "
                "save it as CSV UTF-8 and upload again."
            ) from None
        return _not_binary(text, file_name)
    head = data[:4000]
    if b"\x00" in head:
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if max(odd, even) > len(head) // 4:
            raise ValueError(
                f"{file_name} looks like UTF-16 text without a byte-order mark, which cannot be read "
                "safely; save it as CSV UTF-8 and upload again."
            )
        at = head.find(b"\x00")
        raise ValueError(
            f"{file_name} does not look like a CSV text file (it contains binary data: a NUL character on "
            f"line {_line_of(data, at):,}); if it is text, delete that character (or save the file again as "
            "CSV UTF-8) and upload again."
        )
    try:
        return _not_binary(data.decode("utf-8-sig"), file_name)
    except UnicodeDecodeError:
        pass
    bad = _bad_utf8(data)
    if _UTF8_MULTIBYTE.search(data) is not None:  # real UTF-8 letters AND invalid bytes: refuse
        shown = []
        for position in bad[:5]:
            byte = data[position]
            as_1252 = bytes([byte]).decode("cp1252", errors="replace")
            shown.append(
                f"line {_line_of(data, position):,} (byte 0x{byte:02X}, '{as_1252}' in Windows-1252)"
            )
        more = " and more" if len(bad) > 5 else ""
        raise ValueError(
            f"{file_name} is UTF-8 text but has bytes that are not valid UTF-8 on "
            f"{'; '.join(shown)}{more}. Reading the whole file another way would garble its other "
            "accented letters, so it is refused: fix those characters, or save the file again as "
            "CSV UTF-8, and upload again."
        )
    legacy = decide_legacy(data, _line_of)
    if legacy.text is None:
        raise ValueError(
            f"{file_name} is not UTF-8 text, and neither Windows-1252 (Excel's 'CSV' on Windows) nor Mac Roman "
            f"(old Excel for Mac) gives plausible letters on {legacy.evidence}. It is refused rather than "
            "read with garbled letters: save it as 'CSV UTF-8' and upload again."
        )
    text = _not_binary(legacy.text, file_name)
    lines = sorted({_line_of(data, p) for p in bad})
    more = len(lines) > 10 or len(bad) >= 20  # _bad_utf8 stops at 20 bytes
    shown = ", ".join(f"{n:,}" for n in lines[:10]) + (" and more" if more else "")
    if not legacy.decided:
        said = (
            "the file is not UTF-8, and its accented letters read equally well as Windows-1252 (Excel's "
            "'CSV' on Windows) and as Mac Roman (old Excel for Mac); it was read as Windows-1252: check "
            f"{legacy.evidence}; saving as 'CSV UTF-8' avoids this"
        )
    elif legacy.encoding == "Mac Roman":
        said = (
            "the file is not UTF-8, and its accented letters are Mac Roman (old Excel for Mac's 'CSV'), so it "
            f"was read as Mac Roman ({legacy.evidence}); check that "
            f"accented letters and £ look right (non-ASCII characters on line {shown}); saving as "
            "'CSV UTF-8' avoids this"
        )
    else:
        said = (
            "the file is not UTF-8, so it was read as Windows-1252 (Excel's 'CSV' on Windows): check that "
            f"accented letters and £ look right (non-ASCII characters on line {shown}); saving as "
            "'CSV UTF-8' avoids this"
        )
    warnings.append(RowIssue(0, "", "", said))
    return text


def _not_binary(text: str, file_name: str) -> str:
    sample = text[:200_000]
    controls = len(_BINARY_CONTROL.findall(sample))
    nul = text.find("\x00")
    if nul != -1 or controls > max(8, len(sample) // 200):
        at = nul if nul != -1 else _BINARY_CONTROL.search(sample).start()
        raise ValueError(
            f"{file_name} does not look like a CSV text file (it contains binary data: a "
            f"{'NUL' if at == nul else 'control'} character on line {_text_line(text, at):,}); if it is "
            "text, delete that character (or save the file again as CSV UTF-8) and upload again."
        )
    return text


def _text_line(text: str, position: int) -> int:
    """Line number of a character offset (\r\n, \n or a lone \r end a line)."""
    ends = text.count("\n", 0, position) + text.count("\r", 0, position)
    return ends - text.count("\r\n", 0, position) + 1


def _shape(value: str) -> str:
    """Rough shape of a cell: runs of digits -> 9, of letters -> a ('N-0012' -> 'a-9')."""
    return re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "9", value.strip()))


def _csv_rows(data: bytes, file_name: str, warnings: list[RowIssue]) -> Iterator[tuple[int, list]]:
    """(row number, cells) for every record of a CSV file, checked to add up.

    The file is parsed strictly (a quote that is never closed, or text after a closing quote,
    refuses the file with its line), and a cell holding a line break followed by a line that looks
    like a record of its own (as many delimiters as the header, starting like the other records) is
    refused too: that is an unclosed quote swallowing later rows, not a note with a line break.
    Rows with fewer cells than the header are reported by _rows_to_frame.
    """
    text = _decode(data, file_name, warnings)
    if text.endswith("\x1a"):  # the end-of-file mark old DOS and Windows programs still write
        text = text[:-1]
    line_offset = 0
    first_line = text.split("\n", 1)[0].strip()
    hint = re.fullmatch(r'"?sep=(.)"?', first_line, flags=re.IGNORECASE)
    if hint:  # Excel's "sep=;" first line names the delimiter and is not shown as a row
        delimiter = hint.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        line_offset = 1
    else:
        delimiter = _sniff_delimiter(text)
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    max_rows, max_columns = config.max_rows(), config.max_columns()
    width = 0
    seen: list[list[str]] = []  # first two cells of the first 49 records and of the last one
    number = 0
    last_line = 0
    while True:
        first = last_line + 1 + line_offset
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            at = reader.line_num + line_offset
            if "unexpected end of data" in str(exc):
                where = (
                    f"a quote mark opens a cell in row {number + 1} (line {first:,}) and is never closed, "
                    "so everything after it would run into that cell"
                )
            elif "field larger" in str(exc):
                where = f"row {number + 1} (line {first:,}) has a cell longer than 100,000 characters"
            elif at > first:
                where = (
                    f"a quote mark opens a cell in row {number + 1} (line {first:,}) and is not closed on "
                    f"that line; the cell runs on to line {at:,}, where text follows a closing quote mark. "
                    "A quote mark is probably missing or stray, and later rows would vanish into that cell"
                )
            else:
                where = (
                    f"in row {number + 1} (line {at:,}) text follows a closing quote mark "
                    '(a quote inside a cell must be doubled, "", and every quoted cell closed)'
                )
            raise ValueError(
                f"{file_name} cannot be read exactly: {where}. Fix it and upload again."
            ) from None
        number += 1
        last_line = reader.line_num
        if len(cells) > max_columns and any(c.strip() for c in cells[max_columns:]):
            raise ValueError(
                f"{file_name}: row {number} (line {first:,}) has {len(cells):,} cells, more than the "
                f"{max_columns:,} columns an import may have (MATERNITY_MAX_COLUMNS); remove the stray "
                "delimiters or cells and upload again."
            )
        if len(cells) > max_columns:  # only blank cells out there: drop them, so memory stays bounded
            cells = cells[:max_columns]
        if not width:
            if any(c.strip() for c in cells):
                width = len(cells)
            yield number, cells
            continue
        if number - 1 > max_rows:
            raise ValueError(
                f"{file_name} has more than {max_rows:,} data rows, the most one import may hold "
                "(MATERNITY_MAX_ROWS); split it into smaller files."
            )
        if width >= 3 and len(cells) >= 2:
            if "\n" in "".join(cells) or "\r" in "".join(cells):
                _check_line_breaks(cells, delimiter, width, seen, file_name, number, first)
            if len(seen) < 50:
                seen.append(cells[:2])
            else:
                seen[-1] = cells[:2]
        yield number, cells


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their endings (\r\n, \r or \n), as io.StringIO(text, newline="") gives
    them, one at a time: StringIO holds a second, four-byte-per-character copy of the whole file."""
    return (m.group(0) for m in _LINE.finditer(text))


def _check_line_breaks(
    cells: list, delimiter: str, width: int, seen: list, file_name: str, number: int, first: int
) -> None:
    """Refuse a record whose cell runs on over a line that looks like a record of its own."""
    shapes = None
    for column, cell in enumerate(cells):
        if "\n" not in cell and "\r" not in cell:
            continue
        for k, segment in enumerate(re.split(r"\r\n|\r|\n", cell)[1:], start=1):
            if segment.count(delimiter) < width - 1:
                continue
            parts = next(csv.reader([segment], delimiter=delimiter))
            if len(parts) < width:
                continue
            if shapes is None:
                shapes = {(_shape(a), _shape(b)) for a, b in [*seen, cells[:2]]}
            if (_shape(parts[0]), _shape(parts[1])) in shapes:
                raise ValueError(
                    f"{file_name} cannot be read exactly: a cell in row {number} (line {first:,}, "
                    f"column {column + 1}) runs on over line {first + _line_breaks(cells, column, k):,}, "
                    "which looks like a row of its own. A quote mark in that cell is probably "
                    "never closed, so later rows would vanish into it. Fix the quote marks and "
                    "upload again."
                )


def _line_breaks(cells: list, column: int, k: int) -> int:
    """Line breaks before the k-th line of cells[column] within its record."""
    before = sum(len(re.findall(r"\r\n|\r|\n", c)) for c in cells[:column])
    return before + k


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the first non-empty line (the header) uses most."""
    header = next((line for line in text.split("\n", 100)[:100] if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


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


def _not_strict(data: bytes, file_name: str) -> None:
    """Refuse a workbook saved as 'Strict Open XML Spreadsheet', which the reader cannot see into (it
    would look empty)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            with z.open("xl/workbook.xml") as part:
                head = part.read(4000)
        except KeyError:
            return
    if b"purl.oclc.org/ooxml/spreadsheetml" in head:
        raise _Refused(
            f"{file_name} is saved as 'Strict Open XML Spreadsheet', which cannot be read; in Excel use "
            "File > Save As > 'Excel Workbook (.xlsx)' and upload again."
        )


def _xlsx_rows(
    data: bytes,
    file_name: str,
    kind: str | None,
    formulas: list[tuple[int, int, str, str]] | None = None,
    warnings: list[RowIssue] | None = None,
    hidden: list[int] | None = None,
    hidden_columns: list[int] | None = None,
) -> tuple[str, list[tuple[int, list]]]:
    """(label, rows) of the sheet to read: named like the kind, else the one visible sheet holding values
    (not 'Guide'); several such sheets refuse the file rather than leave some of its rows unread.
    The (row, column, formula) of each formula cell is added to `formulas` (when read quickly).

    Bounded: the zip is checked before it is unpacked, the sheet is streamed row by row keeping only
    cells that hold a value, and a value beyond config.max_columns() or a row beyond
    config.max_rows() refuses the file at once, naming the row and column.
    """
    from openpyxl import load_workbook

    _check_zip(data, file_name)
    _not_strict(data, file_name)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors...
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
        if hidden_columns is not None:
            with contextlib.suppress(Exception):  # a damaged sheet is refused by the reading below
                hidden_columns[:] = _hidden_columns(ws)
        try:
            return label, _fast_sheet_rows(wb, ws, label, formulas, hidden)
        except _Refused:
            raise
        except Exception:  # anything unusual: let openpyxl read the sheet cell by cell instead
            if formulas is not None:
                formulas.clear()
        max_rows, max_columns = config.max_rows(), config.max_columns()
        rows = []
        shown_wb = None
        try:
            if hidden is not None:
                hidden[:] = _hidden_rows(ws)
            shown_wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            shown_ws = shown_wb[ws.title]  # the same sheet as Excel shows it: formulas' saved values
            pairs = zip(
                ws.iter_rows(values_only=True, max_col=max_columns + 1),
                shown_ws.iter_rows(values_only=True, max_col=max_columns + 1),
                strict=False,
            )
            for number, (values, shown) in enumerate(pairs, start=1):
                cells = [_unescape(_xlsx_text(v)) for v in values]
                for i, (cell, value) in enumerate(zip(cells, shown, strict=False)):
                    if not isinstance(cell, str) or not cell.startswith("=") or value == cell:
                        continue  # not a formula (a text cell that starts with '=' reads the same both ways)
                    text = _xlsx_text(value)
                    state = UNCALCULATED if value is None else ERROR if _EXCEL_ERRORS.match(text) else CACHED
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


def _only_sheet(wb, file_name: str, kind: str | None):
    """The one visible sheet (not 'Guide') that holds a value; the first sheet when none does.

    Several such sheets, none named like the kind, refuse the file: reading the first alone would
    leave the others' rows out without a word (a workbook with a sheet per year)."""
    others = [w for w in wb.worksheets if w.title.strip().lower() != "guide"]
    shown = [w for w in others if getattr(w, "sheet_state", "visible") == "visible"]
    with_values = [w for w in shown if _holds_values(w)]
    if len(with_values) == 1:
        return with_values[0]
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


def _hidden_rows(ws) -> list[int]:
    """Numbers of the rows a read-only worksheet hides (filtered out, or hidden by hand)."""
    from xml.etree.ElementTree import iterparse

    out: list[int] = []
    number = 0
    with ws._get_source() as source:
        for _, element in iterparse(source, events=("end",)):
            if element.tag == _ROW:
                r = element.get("r")
                number = int(r) if r else number + 1
                if element.get("hidden") in ("1", "true"):
                    out.append(number)
                element.clear()
    return out


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
    from xml.etree.ElementTree import iterparse

    with ws._get_source() as source:
        for _, element in iterparse(source, events=("end",)):
            if element.tag in (_VALUE, _FORMULA, _TEXT) and (element.text or "").strip():
                return True
            if element.tag == _ROW:
                element.clear()
    return False


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
_MERGE = _NS + "mergeCell"
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
            if len(out) > max_rows:
                raise _Refused(_too_long(label, max_rows))
            r = element.get("r")
            row_number = int(r) if r else row_number + 1
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
                    position = columns.get(letters) or columns.setdefault(
                        letters, column_index_from_string(letters)
                    )
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
                    has_v = bool(v) or (has_v and kind == "str")
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
                        state = CACHED if has_v and kind != "e" else ERROR if has_v else UNCALCULATED
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
                header_text = [(c or "").strip() for c in header[:used_width]]
                first_name = header_text[0]
                raw_columns = [[] for _ in range(width)]
                pools = [{} for _ in range(width)]
            continue
        if all(c is None or _blank(c) for c in cells):
            continue
        if (
            repeats is not None
            and cells[0] is not None
            and cells[0].strip() == first_name
            and [c.strip() if c else "" for c in cells[:used_width]] == header_text
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
