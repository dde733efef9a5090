"""Regenerate nicknames.txt: the short forms and pet names of English given names ("kev", "geoff", "jim").

    git clone https://github.com/carltonnorthern/nicknames /tmp/nicknames
    python data/anonymise/make_nicknames.py /tmp/nicknames/names.csv

Writes nicknames.txt and (rules 32) word_nicknames.txt, the short forms that are English words too.

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
#: Rules 32: a short form this common as a word (Zipf 4.8: "bill" 4.7 stays, "mark" 5.0, "art" 5.0 go) is left out.
WORD_NICKNAME_ZIPF = 4.8
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

#: Rules 32: short forms in names.csv that notes use as words or roles first ("nanny", "sis", "vet", "the hub").
NOT_WORD_NAMES = frozenset(
    "nanny nappy sis vet chat cage crate duty squat salmon gum ham pink vest mock bias hop hub nap es el jr mc gee "  # noqa: SIM905
    "wash pres ode hob tick bat cleat dunk fate gory haps hap nib raze sly tine vester sene darkey jap eb mees".split()
)


#: Rules 36: British short forms that names.csv lacks ("Mo", "Di", "Bel", "Baz"), written to word_nicknames.txt after
#: the generated list: read only in the strongest slots (a sentence's opening before what only people do).
HAND_SHORT_FORMS = ("mo", "di", "bel", "baz", "lyn", "jas", "rae", "ros")


#: Rules 59 (blind69, a tuning writer: "Vika from Lviv", "Nastya's car lift"): Ukrainian and Russian pet forms names.csv
#: lacks, none an English word, written to nicknames.txt after the generated list (same use).
HAND_PET_NAMES = (
    "vika nastya olya zhenya kolya sveta vova lesya galya lyuda lyuba tolik seryozha yulya ksyusha alyona petya vitya "  # noqa: SIM905
    "valya lyosha".split()
)


def main(names_csv: str) -> None:
    sys.path.insert(0, str(HERE.parents[1]))
    from spacy.lang.en.stop_words import STOP_WORDS

    from insights.quotes.anonymise import Anonymiser
    from insights.quotes.context_words import CONTEXT_WORDS

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
    pets = (
        "# Rules 59: Ukrainian and Russian pet forms names.csv lacks, added by hand (same use).\n"
        + "\n".join(HAND_PET_NAMES)
    )
    (HERE / "nicknames.txt").write_text(header + "\n".join(kept) + "\n" + pets + "\n", encoding="utf-8")
    print(f"nicknames.txt: {len(kept)} of {len(nicks)} nicknames")
    # rules 32: the short forms that are English words too ("pat", "dot", "sue"), for the strongest slots only
    frequency = engine.lexicon.frequency
    words = sorted(
        n
        for n in nicks
        if 2 <= len(n) <= 6
        and n.isalpha()
        and n.isascii()
        and n in engine.lexicon
        and n not in STOP_WORDS
        and n not in CONTEXT_WORDS
        and n not in engine.lists.first_names
        and frequency.get(n, 0.0) < WORD_NICKNAME_ZIPF
        and n not in NOT_NAMES
        and n not in NOT_WORD_NAMES
    )
    header = (
        "# Short forms of given names that are English words too ('pat', 'dot', 'sue'), from carltonnorthern/nicknames\n"
        "# names.csv (Apache License 2.0, see LICENSE-nicknames.txt); made by make_nicknames.py: 2 to 6 letters, no stop\n"
        "# word, no given name of first_names.txt, rarer than Zipf 4.8. Read only where a name opens a sentence before what\n"
        "# only people do (rules 32), never by the tagger's features.\n"
    )
    hand = "# Rules 36: British short forms names.csv lacks, added by hand (same use).\n" + "\n".join(
        HAND_SHORT_FORMS
    )
    (HERE / "word_nicknames.txt").write_text(header + "\n".join(words) + "\n" + hand + "\n", encoding="utf-8")
    print(f"word_nicknames.txt: {len(words)} short forms that are words too")


if __name__ == "__main__":
    main(sys.argv[1])
