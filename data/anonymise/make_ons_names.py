"""Regenerate names_ons.txt: the given names registered for babies in England and Wales, 1996-2020 (ONS).

    # the ONS workbooks, as kept (unchanged) in the CC0 R package mine-cetinkaya-rundel/ukbabynames:
    git clone https://github.com/mine-cetinkaya-rundel/ukbabynames /tmp/ukbabynames
    pip install --target /tmp/xlrd xlrd==2.0.1   # reads the .xls years; openpyxl reads 2019-2020
    PYTHONPATH=/tmp/xlrd python data/anonymise/make_ons_names.py /tmp/ukbabynames/data-raw/ewbabynames

Source: Office for National Statistics, "Baby names in England and Wales" (boys' and girls' full tables, every
name given to 3 or more babies of a sex in a year), Crown copyright, Open Government Licence v3.0. Only needed
to refresh the list: the anonymiser reads the committed text file, offline.

Written: each name and the number of babies given it. Kept: names of three letters or more given to at least `MIN_BABIES` babies over the 25 years, one word of
plain letters (accents folded; "amelia-grace" and "a'isha" are read as their parts elsewhere). Rules 37 reads the list after the tagger only, like the short forms of nicknames.txt, and only its
names that are no English word of the anonymiser's dictionary, place, medicine or keep word (lexicon.Lists):
"alfie", "kaiden", "rayyan", "chanelle" (the faker list lacks many common British given names), never
"grace", "hope", "jade" or "kingsley" (a Kent village). The tagger's features do not read it, so the shipped
model stays valid.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
#: A name given to fewer babies than this over 1996-2020 is left out (about one a year: the long tail holds
#: misspellings and words: "Unique", "Royal").
MIN_BABIES = 25
_NAME = re.compile(r"[A-Za-z][A-Za-z'\- ]*")


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _rows(path: Path) -> list[list]:
    """The rows of the workbook's longest sheet (the full table of names and counts)."""
    if path.suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        sheets = [[s.row_values(r) for r in range(s.nrows)] for s in book.sheets()]
    else:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        sheets = [[list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets]
    return max(sheets, key=len)


def counts(folder: Path) -> Counter:
    """Babies per folded name, both sexes, every year's workbook under `folder` (f/1996.xls ... m/2020.xlsx)."""
    total: Counter = Counter()
    for path in sorted(folder.glob("[fm]/*.xls*")):
        for row in _rows(path):
            cells = [c for c in row if c not in (None, "")]
            for name, count in zip(cells, cells[1:], strict=False):
                if (
                    isinstance(name, str)
                    and _NAME.fullmatch(name.strip())
                    and isinstance(count, (int, float))
                ):
                    total[fold(name.strip())] += int(count)
    return total


def main(folder: str) -> None:
    total = counts(Path(folder))
    names = sorted(n for n, c in total.items() if c >= MIN_BABIES and n.isalpha() and len(n) > 2)
    header = (
        "# Given names of babies registered in England and Wales, 1996-2020, given to at least "
        f"{MIN_BABIES} babies, and how many\n"
        "# (ONS baby names, Crown copyright, Open Government Licence v3.0); made by make_ons_names.py.\n"
        "# Read after the tagger only, and only the names that are no English word, place or keep word.\n"
    )
    lines = [f"{n} {total[n]}" for n in names]
    (HERE / "names_ons.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(len(names), "names")


if __name__ == "__main__":
    main(sys.argv[1])
