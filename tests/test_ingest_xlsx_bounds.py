"""A workbook's stated used range (<dimension>), row order and cell order never decide what is imported
(issue 11): a sheet without a <dimension> is not read whole on opening, an understated or huge range is
ignored by both readers, and rows or cells stored out of order or twice are refused in one sentence.

The big versions (a million rows, 16,384 columns, a shared-strings bomb) are benchmarks/xlsx_bounds.py."""

from __future__ import annotations

import re
import time

import pytest

from insights.ingest.read import read_table
from tests.fixtures.messy.red import HEADERS, inline_rows, rows_of, texts, workbook
from tests.fixtures.messy.red3 import with_part

SHEET = "xl/worksheets/sheet1.xml"


def _book(rows: list[list[str]], dimension: str | None = None, iso_date: bool = False, change=None) -> bytes:
    """A narratives workbook; `dimension` written before the rows; `iso_date` makes the first date a t="d"
    cell (which sends the file to openpyxl's reader, the fallback); change(sheet XML) last."""
    data = workbook([("narratives", inline_rows([HEADERS["narratives"], *rows]))])

    def edit(xml: str) -> str:
        if dimension:
            xml = xml.replace("<sheetData>", f'<dimension ref="{dimension}"/><sheetData>', 1)
        if iso_date:
            xml = re.sub(
                r'<c r="B2" t="inlineStr">.*?</c>', '<c r="B2" t="d"><v>2023-03-14</v></c>', xml, count=1
            )
        return change(xml) if change else xml

    return with_part(data, SHEET, edit)


def _rows(n: int) -> list[list[str]]:
    rows = rows_of("narratives", "bounds", n)
    for r in rows:
        r[1] = "14/03/2023"
    return rows


@pytest.mark.parametrize("iso_date", [False, True], ids=["fast reader", "openpyxl reader"])
def test_an_understated_used_range_loses_no_row(iso_date):
    rows = _rows(12)
    frame = read_table(_book(rows, "A1:C3", iso_date), "n.xlsx", "narratives")
    assert frame["note"].tolist() == texts("narratives", rows)
    assert frame.index.tolist() == list(range(2, 14))


@pytest.mark.parametrize("iso_date", [False, True], ids=["fast reader", "openpyxl reader"])
def test_a_huge_used_range_over_a_tiny_sheet_is_read_at_once(iso_date):
    """openpyxl padded its reading to the stated last row: a million empty rows of 101 cells each."""
    rows = _rows(3)
    started = time.perf_counter()
    frame = read_table(_book(rows, "A1:XFD1048576", iso_date), "n.xlsx", "narratives")
    assert frame["note"].tolist() == texts("narratives", rows)
    assert time.perf_counter() - started < 5


def test_a_sheet_without_a_used_range_is_not_read_whole_on_opening(monkeypatch):
    """openpyxl looked for <dimension> until the end of the rows (the whole sheet, kept in memory); the
    rows are now read once, by the reader. Counted as bytes taken from the sheet's part."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    rows = _rows(3000)
    data = _book(rows)
    opened = ReadOnlyWorksheet._get_source
    taken: list[int] = []

    class Counting:
        def __init__(self, source):
            self.source = source
            taken.append(0)
            self.i = len(taken) - 1

        def read(self, n=-1):
            chunk = self.source.read(n)
            taken[self.i] += len(chunk)
            return chunk

        def close(self):
            self.source.close()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_source", lambda self: Counting(opened(self)))
    import io
    import zipfile

    size = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET).file_size
    frame = read_table(data, "n.xlsx", "narratives")
    assert frame["note"].tolist() == texts("narratives", rows)
    assert size > 500_000
    assert sum(taken) < 1.3 * size, (taken, size)


@pytest.mark.parametrize("iso_date", [False, True], ids=["fast reader", "openpyxl reader"])
def test_rows_stored_out_of_order_are_refused_naming_them(iso_date):
    rows = _rows(4)

    def swap(xml: str) -> str:  # rows 4 and 5 written in the other order
        four = re.search(r'<row r="4">.*?</row>', xml).group()
        five = re.search(r'<row r="5">.*?</row>', xml).group()
        return xml.replace(four + five, five + four)

    with pytest.raises(ValueError, match="row 4 is stored after row 5"):
        read_table(_book(rows, iso_date=iso_date, change=swap), "n.xlsx", "narratives")


@pytest.mark.parametrize("iso_date", [False, True], ids=["fast reader", "openpyxl reader"])
def test_a_row_stored_twice_is_refused(iso_date):
    rows = _rows(4)

    def twice(xml: str) -> str:
        return xml.replace('<row r="4">', '<row r="3">', 1)

    with pytest.raises(ValueError, match="row 3 is stored twice"):
        read_table(_book(rows, iso_date=iso_date, change=twice), "n.xlsx", "narratives")


def test_a_cell_stored_twice_is_refused_not_overwritten():
    rows = _rows(3)

    def twice(xml: str) -> str:
        cell = re.search(r'<c r="M3" t="inlineStr">.*?</c>', xml).group()
        return xml.replace(cell, cell + cell.replace(rows[1][12], "another note"))

    with pytest.raises(ValueError, match=r"cells of row 3 are stored out of order or twice \(cell M3\)"):
        read_table(_book(rows, change=twice), "n.xlsx", "narratives")


def test_rows_without_numbers_are_numbered_in_order():
    rows = _rows(5)
    frame = read_table(
        _book(rows, change=lambda x: re.sub(r'<row r="\d+">', "<row>", x)), "n.xlsx", "narratives"
    )
    assert frame["note"].tolist() == texts("narratives", rows)
    assert frame.index.tolist() == [2, 3, 4, 5, 6]


def test_a_shared_strings_bomb_is_refused_as_it_is_read():
    """A shared-strings table of texts no sheet uses (13 MB zipped held 5 million: 893 MB and 3 min 20 s
    before, benchmarks/xlsx_bounds.py) is refused once it holds more texts than the sheets could use."""
    rows = _rows(3)
    data = workbook(
        [("narratives", inline_rows([HEADERS["narratives"], *rows]))], shared=[str(i) for i in range(60_000)]
    )
    started = time.perf_counter()
    with pytest.raises(ValueError, match=r"n.xlsx: its shared-strings table holds more than 1\d,\d{3} texts"):
        read_table(data, "n.xlsx", "narratives")
    assert time.perf_counter() - started < 5


def test_shared_strings_with_runs_and_phonetic_text_read_as_excel_shows_them():
    """The bounded strings reader gives openpyxl's text: plain and rich runs joined, phonetic guides
    (<rPh>) left out, Excel's _x005F_ escape as openpyxl reads it."""
    rows = _rows(2)
    data = workbook([("narratives", inline_rows([HEADERS["narratives"], *rows]))], shared=["unused"])
    rich = '<si><r><t>Bold </t></r><r><rPr><b/></rPr><t xml:space="preserve">and plain</t></r><rPh sb="0" eb="1"><t>ふり</t></rPh></si>'
    data = with_part(data, "xl/sharedStrings.xml", lambda x: x.replace("</sst>", rich + "</sst>"))
    data = with_part(
        data,
        SHEET,
        lambda x: re.sub(r'<c r="M3" t="inlineStr">.*?</c>', '<c r="M3" t="s"><v>1</v></c>', x, count=1),
    )
    frame = read_table(data, "n.xlsx", "narratives")
    assert frame["note"].tolist() == [rows[0][12], "Bold and plain"]


def _csv(rows: int) -> bytes:
    header = ",".join(HEADERS["narratives"])
    line = "," * (len(HEADERS["narratives"]) - 1)
    body = "\n".join(f"N-{i:07d},14/03/2023,Antenatal{line[2:]}" for i in range(1, rows + 1))
    return f"{header}\n{body}\n".encode()


def test_the_default_row_limit_refuses_a_file_one_row_over_it(monkeypatch):
    """200,000 data rows by default (config.DEFAULT_MAX_ROWS): one more refuses the file naming the limit
    and its setting, so a million-row file stops after a fifth of it (bounded memory; README, issue 11)."""
    from insights import config

    monkeypatch.delenv("MATERNITY_MAX_ROWS", raising=False)
    assert config.max_rows() == config.DEFAULT_MAX_ROWS == 200_000
    with pytest.raises(ValueError, match=r"more than 200,000 data rows.*MATERNITY_MAX_ROWS"):
        read_table(_csv(200_001), "over.csv", "narratives")
    assert len(read_table(_csv(1_000), "under.csv", "narratives")) == 1_000


@pytest.mark.slow
def test_a_workbook_one_row_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setenv("MATERNITY_MAX_ROWS", "20000")  # the same path as the default's, five times faster
    with pytest.raises(ValueError, match=r"more than 20,000 data rows"):
        read_table(_book(_rows(20_001)), "over.xlsx", "narratives")
