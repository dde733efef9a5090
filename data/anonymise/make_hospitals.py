"""Regenerate hospitals_uk.txt and hospital_words.txt: the names of the UK's hospitals and the short forms people use.

    git clone https://github.com/anonymort/Whistle /tmp/whistle
    git clone https://github.com/JeniT/nhs-choices /tmp/nhs-choices
    python data/anonymise/make_hospitals.py /tmp/whistle/attached_assets/nhs_hospitals.csv \
        /tmp/nhs-choices/sources/Hospital.csv

Sources: the list of 735 NHS hospitals in anonymort/Whistle (`attached_assets/nhs_hospitals.csv`, MIT licence, a
copy in LICENSE-hospitals.txt; the names are facts) and (rules 57) NHS Choices' hospital file for England as mirrored
by JeniT/nhs-choices (`sources/Hospital.csv`, 1,761 sites with mental health, community and independent hospitals
such as "Rampton Hospital" and "Wathwood Hospital" that the first list lacks; Open Government Licence v2.0, see
LICENSE-hospitals-nhs-choices.txt). Only needed to refresh the list: the anonymiser reads the
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

Rules 57: hospital_words.txt holds the one-word short forms that are no English word, no person's given or family
name in any list and no place ("Rampton", "Wythenshawe", "Derriford"; a town's name can be a family's: "Ashford is
the family name"), less the family names read by hand (`_FAMILY_NAMES`). They are not kept terms (a kept word
cuts a tagger's run, so "Sarah Rampton" would lose her name): `care_sites` lets go only a finding that is such a word
and nothing else ("I have left Rampton", "Rampton said the adverts went unanswered").
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
_GENERIC_END = ("hospital", "hospitals", "university", "general", "district", "community", "teaching", "nhs")
#: Rules 57: what the second source's names also end with before "Hospital" ("Erith & District", "Bickley Day").
_JOINING_END = ("&", "and", "day")
#: Rules 57: a short form ending with a home's word ("Beech House", "Mill View", "Maindiff Court") may be a block of
#: flats or a street where someone lives: only the full name ("Beech House Hospital") is kept.
_HOME_END = frozenset(
    [
        "house",
        "lodge",
        "court",
        "view",
        "mews",
        "gardens",
        "close",
        "place",
        "heights",
        "tower",
        "towers",
        "villa",
        "villas",
    ]
)
#: A title a person's name opens with ("Dr Gray's", "Lady Margaret"): such a short form is left out.
_PERSON_TITLES = frozenset(
    ["dr", "sir", "lady", "lord", "mr", "mrs", "ms", "miss", "nurse", "sister", "st", "saint"]
)
_TITLES = frozenset(
    ["princess", "prince", "queen", "king", "duchess", "duke", "countess", "lady", "sir", "of", "and"]
)


def short_form(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].lower() in (*_GENERIC_END, *_JOINING_END):
        words.pop()
    return " ".join(words)


#: Rules 57: hospitals' short forms that no names list holds but that are family names too ("Poppy Chalmers"): never
#: let go alone. Read by hand from the 120 one-word short forms that are no English word, name or place.
_FAMILY_NAMES = frozenset(
    [
        "Ashby",
        "Babington",
        "Biggart",
        "Cassel",
        "Chalmers",
        "Downe",
        "Fryatt",
        "Grosvenor",
        "Highfield",
        "Kelling",
        "Maudsley",
        "Montefiore",
        "Moyle",
        "Rathbone",
        "Rookwood",
        "Shelburne",
        "Winfield",
        "Yeatman",
    ]
)
#: A chain's name before a hospital's own ("BMI The Chaucer Hospital", "Nuffield Health, Tees Hospital").
_CHAIN = re.compile(r"^(?:BMI|Nuffield Health|Spire|Ramsay)\b[\s,]*(?:(?:At|The)\s+)?", re.I)


def hospital_names(source: str) -> list[str]:
    """The hospitals' names in a source: the first column of Whistle's CSV, or the OrganisationName of NHS Choices'
    file (fields separated by "¬", Latin-1). A name's parts after " - " or ", " are read apart ("Cross Lane
    Hospital, Scarborough"), brackets and a chain's name dropped; only parts naming a hospital, infirmary, centre,
    wing or unit are kept."""
    raw = Path(source).read_bytes()
    if b"\xac" in raw.split(b"\n", 1)[0]:
        lines = raw.decode("latin-1").splitlines()
        column = lines[0].split("\xac").index("OrganisationName")
        names = [line.split("\xac")[column] for line in lines[1:] if line.count("\xac") > column]
    else:
        names = [row[0] for row in csv.reader(raw.decode("utf-8").splitlines()) if row]
    out = []
    for name in names:
        for part in re.split(r"\s+-\s*|,\s+", name.strip().strip('"')):
            part = re.sub(r"\s*\([^)]*\)", "", _CHAIN.sub("", part.strip()))
            part = re.sub(r"^The\s+", "", re.sub(r"\s+", " ", part)).strip()
            if " " in part and re.search(r"(?i)\b(?:hospitals?|infirmary|centre|wing|unit)\b", part):
                out.append(part)
    return out


def main(*sources: str) -> None:
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
    bare: set[str] = set()
    for name in sorted({n for source in sources for n in hospital_names(source)}):
        phrases.add(name)
        short = short_form(name)
        words = short.split()
        if short == name or words[0] in ("St", "St.", "Saint") or words[-1].lower() in _HOME_END:
            continue
        if len(words) == 1 and fold_word(short) in lexicon:
            continue  # "Queens", "Central"
        if (
            len(words) == 1
            and not short.isupper()
            and len(short) > 3
            and not person(short)
            and short not in _FAMILY_NAMES  # "at Chalmers" and "the Maudsley" stay kept phrases
        ):
            bare.add(short)  # rules 57: "Rampton", "Wythenshawe": no English word, name or place
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
        "# from anonymort/Whistle's nhs_hospitals.csv (MIT licence, LICENSE-hospitals.txt) and NHS Choices'\n"
        "# Hospital.csv (rules 57): contains public sector information licensed under the Open Government Licence v2.0\n"
        "# (LICENSE-hospitals-nhs-choices.txt).\n"
    )
    (HERE / "hospitals_uk.txt").write_text(
        header + "\n".join(sorted(phrases, key=str.lower)) + "\n", encoding="utf-8"
    )
    header = (
        "# Hospitals' one-word short forms that are no English word and no name (rules 57): a finding that is one\n"
        "# of them alone is let go by insights.quotes.care_sites; made by make_hospitals.py from the same sources\n"
        "# (contains public sector information licensed under the Open Government Licence v2.0).\n"
    )
    (HERE / "hospital_words.txt").write_text(header + "\n".join(sorted(bare)) + "\n", encoding="utf-8")
    print(len(phrases), "phrases,", len(bare), "words")


if __name__ == "__main__":
    main(*sys.argv[1:])
