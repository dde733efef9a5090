"""Reading uploaded files into a frame of text cells: encoding decided with evidence, strict CSV structure, bounded workbook streaming.

The readers themselves live in insights.ingest.delimited (CSV) and insights.ingest.workbook (Excel); both
build their frame with insights.ingest.frame."""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

import pandas as pd

from insights.ingest.delimited import _BINARY_CONTROL, _csv_rows
from insights.ingest.frame import RowIssue, _rows_to_frame
from insights.ingest.workbook import (
    _formula_issues,
    _hidden_columns_warning,
    _hidden_warning,
    _xlsx_rows,
)

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


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
        facts: dict = {}
        label, rows = _xlsx_rows(data, file_name, kind, formulas, warnings, hidden, hidden_columns, facts)
        frame = _rows_to_frame(rows, label, kind, repeats=errors)
        _formula_issues(formulas, rows, errors, warnings)
        _hidden_warning(hidden, rows, warnings)
        _hidden_columns_warning(hidden_columns, rows, warnings)
        frame.attrs["date1904"] = bool(facts.get("date1904"))
    else:
        frame = _rows_to_frame(_csv_rows(data, file_name, warnings), file_name, kind, errors, errors)
    frame.attrs["read_errors"] = errors
    frame.attrs["read_warnings"] = warnings
    return frame


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
