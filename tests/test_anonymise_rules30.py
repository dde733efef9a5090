"""Anonymiser rules 30 (issue 10): where Travellers, park-home residents and boaters live (`record_slots.sites`).
Wordings are this file's own."""

from __future__ import annotations

import pytest

from insights.quotes import anonymise, train_tagger
from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_30_or_later():
    assert int(RULES_VERSION) >= 30


def test_sites_is_a_switch_measured_apart():
    assert "sites" in anonymise.SWITCHES
    assert "sites" in train_tagger.OPTIONAL_STEPS
    assert anonymise.Anonymiser.sites is True


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("went out to pitch 12 at Brambleholt Caravan Park, she rated them 4", "Brambleholt"),
        ("they have a pitch at the Larkwood Caravan Site off the A2", "Larkwood"),
        ("nan lives on Fernacre Park Homes estate, plot 6, baby stays there weekends", "Fernacre"),
        ("family moved to quennells park homes last month", "quennells"),
        ("the couple live aboard at Stourgate Marina and the midwife could not find the berth", "Stourgate"),
        ("mooring 7 at Pelling's Reach moorings, boat has no signal", "Pelling"),
        ("plot 4 at Coldblow yard, mum 19 with twins", "Coldblow"),
        ("Ashenbury site, pitch 9, health visitor never came", "Ashenbury"),
        ("their static at Winterfold Meadows park is cold, baby had bronchiolitis", "Winterfold"),
        ("she is on pitch 3, Gorsey Bank site, no running water", "Gorsey"),
        ("they live on the narrowboat Kestrel Dawn near the lock", "Kestrel Dawn"),
    ],
)
def test_a_site_or_boat_that_places_a_family_is_removed(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out
    assert "[ADDRESS]" in out or "[NAME]" in out


@pytest.mark.parametrize(
    "text",
    [
        "she lives on a caravan site near Swanley and the bus is hourly",
        "the Swanley caravan park has no footpath to the clinic",
        "Lovely Caravan Park staff helped her to the car",
        "we had a week in the caravan in Spain before the birth",
        "pitch 2 on the council site has flooded again",
        "Thanks Marina for the leaflets",
        "the boat trip was cancelled",
        "pitch 5, Mum said the midwife was kind",
    ],
)
def test_ordinary_mentions_of_sites_and_boats_stay(no_deny_list_engine, text):
    engine = no_deny_list_engine
    found = engine.record_slots.sites(text, [])
    assert found == [], [text[f.start : f.end] for f in found]


def test_the_step_names_the_whole_site(no_deny_list_engine):
    text = "visited pitch 14 at Hollowmere Caravan Park on Tuesday"
    found = no_deny_list_engine.record_slots.sites(text, [])
    assert [text[f.start : f.end] for f in found] == ["Hollowmere Caravan Park"]
    assert all(f.entity == "UK_ADDRESS" for f in found)


def test_switched_off_the_step_adds_nothing(no_deny_list_engine):
    engine = no_deny_list_engine
    text = "the family moved to quennells park homes last month"
    engine.sites = False
    try:
        off = engine.find(text)
    finally:
        del engine.sites
    on = engine.find(text)
    assert not any(f.source.endswith(":site") for f in off)
    assert any(f.source.endswith(":site") for f in on)


def test_a_site_name_stops_at_a_stop_word_so_a_name_after_it_stays_whole(no_deny_list_engine):
    text = "pitch 3 at Gorsey with Mary Thistlewood and her mum"
    out = no_deny_list_engine.anonymise(text)
    assert "Gorsey" not in out and "Thistlewood" not in out and "Mary" not in out
