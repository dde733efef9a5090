"""Regenerate places_districts.txt: the names of England's local authority districts (2019), from the English
Indices of Deprivation 2019 file (MHCLG; Open Government Licence v3.0).

    python data/anonymise/make_districts.py ../shared/reference/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv

Only needed to refresh the list: the anonymiser reads the committed text file, offline. GeoNames' towns and
cities (places_geonames.txt) lack many districts named after no single town ("Bassetlaw", "Rushcliffe",
"Calderdale", "Tameside", "Wealden"); patients name them when they say where they were treated. A district
whose every word a names list holds ("Hart", "Eden", "Melton", "Copeland") is left out, so that a
person of that name is not taken for a place. The anonymiser reads the file word by word (as it reads
places_geonames.txt), so a district of several words keeps only its words that no names list holds and
that are not everyday English (Zipf 3.0 or more in word_frequency.txt): "Amber Valley" gives nothing
("amber" is a name, "valley" a word), "Hinckley and Bosworth" gives "hinckley" and "bosworth". Since rules 22.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))  # run from anywhere: the project's own readers below

from insights.quotes.lexicon import load_lists, read_frequencies  # noqa: E402

COLUMN = "Local Authority District name (2019)"


def main(source: Path) -> None:
    with source.open(encoding="utf-8-sig", newline="") as fh:
        districts = {row[COLUMN].strip() for row in csv.DictReader(fh) if row.get(COLUMN)}
    lists = load_lists()  # the names lists as the anonymiser reads them
    names = lists.first_names | lists.surnames | lists.more_names | lists.nicknames
    common = read_frequencies().keys()
    kept: set[str] = set()
    for district in districts:
        words = district.lower().replace(",", "").split()
        if len(words) == 1:
            kept.update(w for w in words if w not in names)
        else:
            kept.update(w for w in words if w not in names and w not in common and w.isalpha())
    kept = sorted(kept)
    header = (
        "# England's local authority district names (2019), from the English Indices of Deprivation 2019\n"
        "# (MHCLG), Open Government Licence v3.0: contains public sector information licensed under the OGL v3.0.\n"
        "# Made by make_districts.py: single-word districts that no names list holds, and the words of longer\n"
        "# district names that are neither names nor everyday English.\n"
    )
    (HERE / "places_districts.txt").write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(len(kept), "words from", len(districts), "districts")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
