"""Phrase banks for the synthetic demo, read from data/demo/*.json (what they hold is described there).

codes.json holds each code's note fragments keyed by code_id; notes.json how a note is put together;
pii.json the fictional personal details; places.json, venues.json and engagement.json the context.
The names below keep the shapes insights.demo.generate draws from (tuples, in file order), so the demo is
the same byte for byte whichever form the banks are kept in.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from insights import config

DEMO_DIR = config.DATA_DIR / "demo"

# (label, cross_cutting, tags, weight, fragments)
Code = tuple[str, str, str, float, tuple[str, ...]]


def _frozen(value: Any) -> Any:
    """JSON lists as tuples, all the way down (dicts keep their order)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


@cache
def _bank(name: str) -> dict[str, Any]:
    """One data file, without its `_about` note."""
    data = json.loads((DEMO_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return {k: _frozen(v) for k, v in data.items() if not k.startswith("_")}


def _codebook() -> tuple[dict[str, tuple[Code, ...]], dict[str, tuple[float, float, float]]]:
    codebook: dict[str, list[Code]] = {}
    overrides: dict[str, tuple[float, float, float]] = {}
    for entry in _bank("codes").values():
        code = (entry["label"], entry["cross_cutting"], entry["tags"], entry["weight"], entry["fragments"])
        codebook.setdefault(entry["category"], []).append(code)
        if "themes" in entry:
            overrides[entry["label"]] = entry["themes"]
    return {cat: tuple(cs) for cat, cs in codebook.items()}, overrides


CODEBOOK, THEME_OVERRIDES = _codebook()

_NOTES = _bank("notes")
FRAMES: tuple[str, ...] = _NOTES["frames"]
CONTRAST: tuple[str, ...] = _NOTES["contrast"]
ADDITIVE: tuple[str, ...] = _NOTES["additive"]
OPENERS: tuple[str, ...] = _NOTES["openers"]
FILLERS: tuple[str, ...] = _NOTES["fillers"]
RATING_SENTENCES: tuple[str, ...] = _NOTES["rating_sentences"]
UNRATED_SENTENCES: tuple[str, ...] = _NOTES["unrated_sentences"]
CLOSINGS: tuple[str, ...] = _NOTES["closings"]
SLOT_BANKS: dict[str, tuple[str, ...]] = _NOTES["slot_banks"]
ORDINALS: tuple[str, ...] = _NOTES["ordinals"]
KIDS: tuple[str, ...] = _NOTES["kids"]
BABIES: tuple[str, ...] = _NOTES["babies"]
YEARS: tuple[str, ...] = _NOTES["years"]
NUMBER_WORDS: tuple[str, ...] = _NOTES["number_words"]
MONTH_NAMES: tuple[str, ...] = _NOTES["month_names"]

_PII = _bank("pii")
PII_STAFF: tuple[str, ...] = _PII["staff"]
PII_STAFF_FORMS: tuple[str, ...] = _PII["staff_forms"]
PII_DOCTORS: tuple[str, ...] = _PII["doctors"]
PII_PARTNERS: dict[str, tuple[str, ...]] = _PII["partners"]
PII_PARTNER_FORMS: tuple[str, ...] = _PII["partner_forms"]
PII_SENTENCES: dict[str, tuple[str, ...]] = _PII["sentences"]

_PLACES = _bank("places")
PLACES: dict[str, tuple[str, float, float]] = {
    name: (p["locality"], p["lon"], p["lat"]) for name, p in _PLACES["places"].items()
}
ORIGINS: dict[str, tuple[tuple[str, str, float], ...]] = {
    eth: tuple((o["country"], o["language"], o["weight"]) for o in origins)
    for eth, origins in _PLACES["origins"].items()
}
PROVIDERS: dict[str, str] = _PLACES["providers"]

_VENUE_FIELDS = (
    "venue_type",
    "name_patterns",
    "ethnicity_profile",
    "pack_languages",
    "referred_to_as",
    "usual_weekday",
    "locality_weights",
)
_VENUES = _bank("venues")
VENUE_KINDS: dict[str, tuple] = {k: tuple(v[f] for f in _VENUE_FIELDS) for k, v in _VENUES["kinds"].items()}
VENUE_KIND_SHARES: dict[str, float] = {k: v["share"] for k, v in _VENUES["kinds"].items()}
SAINTS: tuple[str, ...] = _VENUES["saints"]
DAYS: tuple[str, ...] = _VENUES["days"]
NO_VENUE_KINDS: tuple[str, ...] = _VENUES["no_venue_kinds"]

_ENGAGEMENT = _bank("engagement")
ENGAGEMENT_NOTES: dict[str, tuple[str, ...]] = _ENGAGEMENT["engagement_notes"]
CONTACTS: tuple[str, ...] = _ENGAGEMENT["contacts"]
EVENTS: tuple[str, ...] = _ENGAGEMENT["events"]
KIND_EVENTS: dict[str, tuple[str, ...]] = _ENGAGEMENT["kind_events"]
