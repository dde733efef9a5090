"""Workbooks that try the reader's bounds through the sheet's used range (<dimension>), row numbering and
the shared-strings table (issue 11): written to a folder, then each read in a fresh process
(`insights.ingest.read.read_table`, what the Data page's check path, the worker and the command line all
call) under /usr/bin/time -v, printing wall time, peak memory and the outcome's first words.

    nice -n 10 .venv/bin/python -m benchmarks.xlsx_bounds [OUT_DIR] [--only NAME]

The files are made on the fly (a million rows is 3-10 MB zipped); nothing here is a test: the fast
versions of the same cases are tests/test_ingest_xlsx_bounds.py."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from tests.fixtures.messy.corpus import NARRATIVE_HEADER
from tests.fixtures.messy.red import package_parts

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
MILLION = 1_000_000


def _letters(i: int) -> str:
    out = ""
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _cell(ref: str, value: str, shared: dict[str, int] | None) -> str:
    if shared is not None:
        return f'<c r="{ref}" t="s"><v>{shared.setdefault(value, len(shared))}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def narrative_row(n: int) -> list[str]:
    day = dt.date(2023, 1, 1) + dt.timedelta(days=n % 300)
    return [
        f"N-{n:07d}",
        day.strftime("%d/%m/%Y"),
        "Antenatal",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        f"note {n}",
    ]


def write_book(path: Path, rows, *, dimension: str | None, shared: bool = False, row_numbers=None) -> None:
    """A one-sheet workbook 'narratives' whose sheet XML is streamed from `rows` (lists of cell texts);
    `dimension` is the <dimension ref> written (None: none); row_numbers(i) gives the r= of the i-th row
    (None: no r=)."""
    table: dict[str, int] | None = {} if shared else None
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            part.write(f'<worksheet xmlns="{_MAIN}">{dim}<sheetData>'.encode())
            buf = []
            for i, values in enumerate(rows):
                r = row_numbers(i) if row_numbers else i + 1
                cells = "".join(
                    _cell(f"{_letters(j)}{r if r is not None else ''}", v, table)
                    for j, v in enumerate(values, start=1)
                    if v != ""
                )
                buf.append(f'<row r="{r}">{cells}</row>' if r is not None else f"<row>{cells}</row>")
                if len(buf) >= 5000:
                    part.write("".join(buf).encode())
                    buf = []
            part.write(("".join(buf) + "</sheetData></worksheet>").encode())
        overrides = f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        rels = f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{_REL}/worksheet"/>'
        if table is not None:
            overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
            rels += f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{_REL}/sharedStrings"/>'
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(f'<sst xmlns="{_MAIN}">'.encode())
                strings = list(table)
                for k in range(0, len(strings), 5000):
                    part.write("".join(f"<si><t>{s}</t></si>" for s in strings[k : k + 5000]).encode())
                part.write(b"</sst>")
        _package(z, overrides, rels)


def _package(z: zipfile.ZipFile, overrides: str, rels: str) -> None:
    package_parts(
        z, overrides
    )  # the content types and root relationship, as the red-team workbooks write them
    z.writestr(
        "xl/workbook.xml",
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets><sheet name="narratives" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
    )
    z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_PKG}">{rels}</Relationships>')


def shared_strings_bomb(path: Path, strings: int) -> None:
    """A tiny sheet and a shared-strings table of `strings` distinct short strings (none used)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">'
            + "".join(_cell(f"{_letters(j)}1", h, None) for j, h in enumerate(NARRATIVE_HEADER, start=1))
            + "</row></sheetData></worksheet>",
        )
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{_MAIN}">'.encode())
            for k in range(0, strings, 10000):
                part.write(
                    "".join(f"<si><t>{i}</t></si>" for i in range(k, min(k + 10000, strings))).encode()
                )
            part.write(b"</sst>")
        _package(
            z,
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>',
            f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{_REL}/worksheet"/>'
            f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{_REL}/sharedStrings"/>',
        )


def _table(n: int):
    yield NARRATIVE_HEADER
    for i in range(1, n + 1):
        yield narrative_row(i)


def _wide(n: int):
    """The header, then n rows each with a value in column XFD (16,384)."""
    yield NARRATIVE_HEADER
    for i in range(1, n + 1):
        yield narrative_row(i) + [""] * (16384 - 14) + ["stray"]


CASES = {
    "no_dimension_200000_rows_the_row_limit": lambda p: write_book(p, _table(200_000), dimension=None),
    "no_dimension_a_million_rows": lambda p: write_book(p, _table(MILLION), dimension=None),
    "no_dimension_a_million_rows_shared_strings": lambda p: write_book(
        p, _table(MILLION), dimension=None, shared=True
    ),
    "understated_dimension_a_million_rows": lambda p: write_book(p, _table(MILLION), dimension="A1:C3"),
    "understated_dimension_16384_columns": lambda p: write_book(p, _wide(2000), dimension="A1:C3"),
    "huge_dimension_tiny_sheet": lambda p: write_book(p, _table(3), dimension="A1:XFD1048576"),
    "no_row_numbers_200000_rows": lambda p: write_book(
        p, _table(200_000), dimension=None, row_numbers=lambda i: None
    ),
    "shared_strings_bomb_5_million": lambda p: shared_strings_bomb(p, 5 * MILLION),
}

_PROBE = """
import sys, time
from insights.ingest.read import read_table
data = open(sys.argv[1], 'rb').read()
t = time.perf_counter()
try:
    frame = read_table(data, sys.argv[1].rsplit('/', 1)[-1], 'narratives')
    print(f"read {len(frame):,} rows", end="")
except ValueError as exc:
    print("refused: " + str(exc)[:160], end="")
print(f" | {time.perf_counter() - t:.1f} s in read_table")
"""


def measure(path: Path) -> str:
    run = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "-c", _PROBE, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", run.stderr)
    tail = run.stdout.strip() or run.stderr.strip().splitlines()[-1]
    return f"{int(peak.group(1)) / 1024:,.0f} MB peak, {wall.group(1)} wall | {tail}"


def main(argv: list[str]) -> None:
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    args = [a for a in argv if not a.startswith("--") and a != only]
    out = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="xlsx_bounds_"))
    out.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average {load:.1f}")
    for name, make in CASES.items():
        if only and only not in name:
            continue
        path = out / f"{name}.xlsx"
        if not path.exists():
            make(path)
        print(f"{name} ({path.stat().st_size / 1e6:,.1f} MB): {measure(path)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
