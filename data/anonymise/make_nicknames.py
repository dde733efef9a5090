"""Regenerate nicknames.txt: the short forms and pet names of English given names ("kev", "geoff", "jim").

    git clone https://github.com/carltonnorthern/nicknames /tmp/nicknames
    python data/anonymise/make_nicknames.py /tmp/nicknames/names.csv

Source: carltonnorthern/nicknames `names.csv` (Old Dominion University, Web Science and Digital Libraries
Research Group; Apache License 2.0, a copy in LICENSE-nicknames.txt). Only needed to refresh the list: the
anonymiser reads the committed text file, offline. Kept: the `has_nickname` targets of 3 letters or more
that are plain letters and no English word of the anonymiser's dictionary ("pat", "will", "rob" and
"cliff" are left out: they are words first). The list is read by the rules' person slots after the
tagger only (rules 17), never by the tagger's features, so the shipped model stays valid.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).parent
#: Short forms that notes use for something else first ("the reg" is the registrar, "lil" is little, "lib
#: dem"), or that are too rare as names to be worth a false change.
NOT_NAMES = frozenset(
    [
        "reg",
        "lil",
        "lib",
        "mur",
        "ote",
        "aze",
        "fie",
        "eph",
        "hez",
        "sig",
        "vin",
        "von",
        "rea",
        "tal",
        "ona",
        "clo",
        "dre",
        "omi",
        "kam",
        "irv",
        "jeb",
        "yul",
        "zay",
        "gio",
        "naz",
        "vij",
    ]
)


def main(names_csv: str) -> None:
    sys.path.insert(0, str(HERE.parents[1]))
    from insights.quotes.anonymise import Anonymiser

    engine = Anonymiser()
    with open(names_csv, encoding="utf-8", newline="") as f:
        nicks = {r["name2"].strip().lower() for r in csv.DictReader(f) if r["relationship"] == "has_nickname"}
    kept = sorted(
        n
        for n in nicks
        if len(n) >= 3 and n.isalpha() and n.isascii() and n not in engine.lexicon and n not in NOT_NAMES
    )
    header = (
        "# Short forms and pet names of given names, from carltonnorthern/nicknames names.csv (Apache License\n"
        "# 2.0, see LICENSE-nicknames.txt); made by make_nicknames.py. English words are left out. Read only by\n"
        "# the rules' person slots after the tagger (rules 17), never by the tagger's features.\n"
    )
    (HERE / "nicknames.txt").write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"nicknames.txt: {len(kept)} of {len(nicks)} nicknames")


if __name__ == "__main__":
    main(sys.argv[1])
