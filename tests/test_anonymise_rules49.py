"""Anonymiser rules 49 (issue 10): the leaks the rules 48 removal review left, read from its 840 invented lines (a
tuning set now): whole postcodes written loosely (halves joined by a mark, split, swapped), schools named before
"school" or "nursery" in lower case, Ward as a family name, and family names typed in lower case that are English
words ("Dr sharp", "[rob] steer"). Wordings are this file's own."""

from __future__ import annotations

import pytest

from insights.quotes import reference_shapes
from insights.quotes.added_names import STEPS as ADDED_STEPS
from insights.quotes.lexicon import RULES_VERSION
from tests.anonymise_steps import assert_optional_step, assert_step_alone


def test_rules_version_is_49_or_later():
    assert int(RULES_VERSION) >= 49


@pytest.mark.parametrize("step", ADDED_STEPS)
def test_each_adding_step_is_a_switch_measured_apart(step):
    assert_optional_step(step, ADDED_STEPS)


@pytest.mark.parametrize(
    ("step", "text", "gone"),
    [
        ("ward_names", "Midwife Ward was so kind to us.", "Ward"),
        ("lower_family_names", "Dr sharp was fantastic with us.", "sharp"),
        ("role_names", "Joy the healthcare assistant brought me toast.", "Joy"),  # rules 50
        ("heading_names", "Paddy (the caretaker) says I can use the hall.", "Paddy"),  # rules 51
        ("o_inward", "postcode ME1 OLB please", "OLB"),  # rules 51
    ],
)
def test_each_adding_step_alone(step, text, gone, silent_tagger):
    assert_step_alone(step, text, gone, silent_tagger)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("pc ME2.3QT - out of area?", ["ME2.3QT"]),
        ("Dartford DA2-7WB, new build", ["DA2-7WB"]),
        ("lives at da11-8ph with partner", ["da11-8ph"]),
        ("address: 12 oak road, DA 12 4NP", ["DA 12 4NP"]),
        ("visit BR8 7 HQ tomorrow", ["BR8 7 HQ"]),
        ("sent to 5RL DA10 for the pack", ["5RL DA10"]),
        ("pc 2ft me7 - new", ["2ft me7"]),
        ("at DA1O 2LU on the corner", ["DA1O 2LU"]),
    ],
)
def test_loose_postcodes_are_found(text, codes):
    found = [text[s:e] for s, e in reference_shapes.loose_postcode_spans(text)]
    assert found == codes


@pytest.mark.parametrize(
    "text",
    [
        "on the 2nd DA1 clinic was shut",  # an ordinal is no inward code
        "B12-3pm injection clinic",  # lower-case letters a postcode's inward code never holds
        "seen 5pm ME3 team",
        "ME3 4 PM visit",
        "ratio 1-2ab",
        "see 3rd me3 leaflet",
        "ok 4th da1",
        "the M25 2 AM crash",
        "TW1 2 CM shelf",
        "ward 2 bed 4 at 3am",
        "pn day 2-3 weeks",
    ],
)
def test_loose_postcode_shapes_that_are_no_postcode(text):
    assert reference_shapes.loose_postcode_spans(text) == []


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("pc DA11.6QS - out of area? check with Lisa", ["DA11.6QS"]),
        ("home visit 7 fern ave DA3-9HN - dog in garden", ["DA3-9HN"]),
        ("Post code 4ul da2 (new build)", ["4ul", "da2"]),
        ("I live at DA12 3 PB and the midwife got lost.", ["3 PB"]),
        ("Her daughter goes to Brookvale school and loves it.", ["Brookvale"]),
        ("My son starts Little Owls nursery in May.", ["Little Owls"]),
        ("she teaches at St Aidan's school in the town", ["Aidan"]),
        ("what about st cuthbert's school? asked the mum", ["cuthbert"]),
        ("My eldest is at Our Lady's school near us.", ["Our Lady"]),
        ("Our midwife was Harpreet Ward. She was brilliant.", ["Ward"]),
        ("Midwife Ward was so calm with me.", ["Ward"]),
        ("We saw Dr Kaur Ward in the day unit.", ["Ward"]),
        ("We were put on Kerry Ward's list for the section.", ["Ward"]),
        ("mum kerys ward at baby cafe, all well", ["kerys", "ward at"]),
        ("Dr sharp was fantastic. He explained it all.", ["sharp"]),
        ("dr parsons did the section, mum happy", ["parsons"]),
        # the rules 49 removal review
        ("Ward staff were great, especially Nurse Ward.", ["Nurse Ward"]),
        ("address: 4 elm close, ME4.6TJ", ["ME4.6TJ"]),
    ],
)
def test_rules49_people_and_places_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "Nursery school was a big change for him.",
        "Big school was scary for my eldest.",
        "The Kent school nurses were great with the twins.",
        "He goes to Sunday school with his nan.",
        "I went to Medical school with her years ago.",
        "She was on the ward round when I asked.",
        "The staff on the postnatal ward were kind.",
        "Ward staff were lovely and the ward sister helped.",
        "We were transferred to Amber ward after the birth.",
        "Dr said it was fine to go home.",
        "I saw the Dr and he said the same.",
        "Mr and Mrs were both on the form.",
        "The clinic runs 10-12 and 1-3 on Tuesdays.",
        "Baby was 3.2kg, feeds 2-3 hourly, day 5 check done.",
        # the rules 49 keep review (a helper's invented lines)
        "Catholic school, Church of England school, any school - they all said the same.",
        "I asked if Antenatal school age children could visit the ward.",
        "Because of Swim school pick up I had to leave the group early.",
        "We were looking for a Steiner school or a Montessori nursery near work.",
        "B12 1MG daily and ROOM E1 3PM for the review, BAY B2 4PM.",
        "dr junior did the bloods, all fine",
        "Ward staff were great and Ward 5 was spotless.",
    ],
)
def test_rules49_ordinary_text_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text
