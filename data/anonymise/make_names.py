"""Regenerate names_faker.txt: first and family names from the Faker package's person providers (MIT).

    pip install --target /tmp/faker faker==40.54.0 && PYTHONPATH=/tmp/faker python data/anonymise/make_names.py

Only needed to refresh the list: the anonymiser reads the committed text file, offline. Takes the
Latin-script locales of the communities DGS engagement meets (British, Irish, Nigerian, Kenyan,
Indian, Pakistani, Nepali, Polish, Romanian, Lithuanian, Latvian, Czech, Slovak, Hungarian,
Portuguese, Brazilian, Spanish, Italian, Turkish, French, German, Dutch, ...). Names that are also
English words are still only names next to a clue (the anonymiser checks its dictionary).
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
LOCALES = [
    "en_GB",
    "en_IE",
    "en_US",
    "en_NG",
    "en_KE",
    "en_IN",
    "en_PK",
    "en_NZ",
    "ga_IE",
    "yo_NG",
    "ig_NG",
    "ha_NG",
    "sw",
    "ne_NP",
    "pl_PL",
    "ro_RO",
    "lt_LT",
    "lv_LV",
    "cs_CZ",
    "sk_SK",
    "hu_HU",
    "sl_SI",
    "hr_HR",
    "et_EE",
    "pt_PT",
    "pt_BR",
    "es_ES",
    "es_MX",
    "es_CO",
    "it_IT",
    "tr_TR",
    "fr_FR",
    "de_DE",
    "nl_NL",
    "sv_SE",
    "da_DK",
    "no_NO",
    "fi_FI",
    "id_ID",
    "fil_PH",
    "tl_PH",
    "az_AZ",
]


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def main() -> None:
    names: set[str] = set()
    for locale in LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ImportError:
            continue
        provider = module.Provider
        for attr in dir(provider):
            if not attr.startswith(("first_names", "last_names")):
                continue
            values = getattr(provider, attr)
            items = values.keys() if isinstance(values, dict) else values
            for value in items:
                if not isinstance(value, str):
                    continue
                for part in value.replace("-", " ").split():
                    w = fold(part)
                    if w.isascii() and w.replace("'", "").isalpha() and len(w) > 2:
                        names.add(w)
    header = (
        "# First and family names from Faker 40.54.0's person providers (MIT licence), Latin-script\n"
        "# locales; made by make_names.py. Names that are English words are names only next to a clue.\n"
    )
    (HERE / "names_faker.txt").write_text(header + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(len(names), "names")


if __name__ == "__main__":
    main()
