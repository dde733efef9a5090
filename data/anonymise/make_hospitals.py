"""Regenerate hospitals_uk.txt: the names of the UK's NHS hospitals and the short forms people use for them.

    git clone https://github.com/anonymort/Whistle /tmp/whistle
    python data/anonymise/make_hospitals.py /tmp/whistle/attached_assets/nhs_hospitals.csv

Source: the list of 735 NHS hospitals in anonymort/Whistle (`attached_assets/nhs_hospitals.csv`, MIT licence, a
copy in LICENSE-hospitals.txt; the names are facts). Only needed to refresh the list: the anonymiser reads the
committed text file, offline, after the tagger only (rules 37, with keep_after_tagger.txt), so the shipped model
stays valid. A woman who moved to Kent names the hospital she had her first baby in ("at Wythenshawe", "the
John Radcliffe", "Royal Preston"): before rules 37 those were taken for people.

Written for each hospital: its name ("Wythenshawe Hospital"; a bracket's town and a leading "The" dropped) and its
short form without "Hospital", "University", "General", "District" or "Community" at its end ("Northwick Park",
"Royal Preston", "Princess Anne"). A short form of one word is written after "at" or "the" only ("at Wythenshawe",
"the Wythenshawe": a kept word at a name's edge is cut off it, so "Catriona Blyth" must not hold a kept "Blyth"), and
not at all when it is a place or a name ("Bexley": "at Bexley" can be a pupil's school; "Rosie", "Cameron": "at
Rosie's"); one opening with a given name or a person's title is left out ("James Paget", "Lady Margaret", "Dr Gray's":
names of people too, the review found); one of only names, places and titles ("Countess of Chester": the ONS and
Faker lists' names count, and towns, which are family names too) after "the" only. A short form that is one English word
("Queens", "Central") or a saint's ("St Michael's": a school or a church too) is left out.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
_GENERIC_END = ("hospital", "hospitals", "university", "general", "district", "community", "teaching", "nhs")
#: A title a person's name opens with ("Dr Gray's", "Lady Margaret"): such a short form is left out.
_PERSON_TITLES = frozenset(
    ["dr", "sir", "lady", "lord", "mr", "mrs", "ms", "miss", "nurse", "sister", "st", "saint"]
)
_TITLES = frozenset(
    ["princess", "prince", "queen", "king", "duchess", "duke", "countess", "lady", "sir", "of", "and"]
)


def short_form(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _GENERIC_END:
        words.pop()
    return " ".join(words)


def main(source: str) -> None:
    sys.path.insert(0, str(ROOT))
    from insights.quotes.anonymise import Anonymiser
    from insights.quotes.lexicon import ONS_COMMON, fold_word

    engine = Anonymiser()
    lexicon, lists = engine.lexicon, engine.lists

    def rows(file: str) -> list[list[str]]:
        lines = (HERE / file).read_text(encoding="utf-8").splitlines()
        return [line.split() for line in lines if line[:1].isalpha()]  # names_ons.txt: "name count"

    ons = {name: count for name, count in rows("names_ons.txt")}
    # every given and family name of the lists, the large list's words and places among them ("Blyth", "Stroud")
    people = lists.first_names | lists.surnames | lists.names | lists.word_names | lists.nicknames
    people |= set(ons) | {row[0] for row in rows("names_faker.txt")}
    # a given name a short form opens with ("James Paget", "Daisy Hill", "Ian Charles"): a person's name first
    given = (
        lists.first_names
        | lists.nicknames
        | lists.word_names
        | {w for w, n in ons.items() if int(n) >= ONS_COMMON}
    )

    def place(word: str) -> bool:
        w = fold_word(word)
        return w in lists.vocab or w in lists.world or w in lists.local

    def person(word: str) -> bool:
        return fold_word(word) in people or place(word)  # towns are family names too ("Blyth")

    phrases: set[str] = set()
    with open(source, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if not row or not row[0].strip():
                continue
            name = re.sub(r"\s*\([^)]*\)\s*$", "", row[0].strip().strip('"'))
            name = re.sub(r"^The\s+", "", name)
            if not re.search(r"(?i)\b(?:hospitals?|infirmary|centre|wing|unit)\b", name):
                continue  # a health centre's or a group's name in the list, not a hospital
            phrases.add(name)
            short = short_form(name)
            words = short.split()
            if short == name or words[0] in ("St", "St.", "Saint"):
                continue
            if len(words) == 1 and fold_word(short) in lexicon:
                continue  # "Queens", "Central"
            if len(words) == 1 and person(short):
                continue  # a town's or a name's hospital ("Bexley", "Rosie", "Cameron"): "at Bexley" is a school too
            if len(words) == 1:  # "at Wythenshawe": "Catriona Blyth" keeps no "Blyth" at her name's edge
                phrases.update((f"at {short}", f"the {short}"))
            elif fold_word(words[0]) in given or words[0].lower() in _PERSON_TITLES:
                continue  # "James Paget", "Lady Margaret", "Dr Gray's": a person's name too
            elif all(person(w) or w.lower() in _TITLES for w in words):
                phrases.add(f"the {short}")  # "the James Cook", "the Countess of Chester"
            else:
                phrases.add(short)  # "Northwick Park"
    header = (
        "# NHS hospitals of the UK and their short forms, kept after the tagger (rules 37); made by make_hospitals.py\n"
        "# from anonymort/Whistle's nhs_hospitals.csv (MIT licence, LICENSE-hospitals.txt).\n"
    )
    (HERE / "hospitals_uk.txt").write_text(
        header + "\n".join(sorted(phrases, key=str.lower)) + "\n", encoding="utf-8"
    )
    print(len(phrases), "phrases")


if __name__ == "__main__":
    main(sys.argv[1])
