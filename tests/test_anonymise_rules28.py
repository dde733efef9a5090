"""Anonymiser rules 28 (issue 10): a name opening a record's line before an age, a date of birth or a rating
("Mazie Hobbs, 17, at the foyer", "Darcey Grimsby DOB ...", "Hattie - 4."), a lower-case given and family name
opening a line or following a lower-case name ("jade wickens 21", "mum evie keel"), and a label that never names
anyone cut from a name with no colon after it ("Tillotson DOB 30/05/1988"). Wordings are this file's own."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_28_or_later():
    assert int(RULES_VERSION) >= 28


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Tamsyn Orrell, 17, at the Swanley foyer, doing childcare at college", "Orrell"),
        ("Visit 4. Tamsyn Orrell 19 at the foyer, damp in the bathroom", "Orrell"),
        ("Keziah Brannock DOB 4 march 1995, booking done", "Brannock"),
        ("Harmony Pennock, 18, lives with her nan", "Harmony"),
        ("call 10:12 - Ottoline Varga DOB 2/2/99, wants her notes", "Varga"),
        ("Anouska - 4. partner away with the army", "Anouska"),
        ("Oriel Fennimore gave 6, said the triage wait was long", "Fennimore"),
        ("jade wickensby 21, lives with her mum in swanscombe", "wickensby"),
        ("harmony pennock, 18, lives with her nan", "pennock"),
        ("call 09:35 - rachael dunnicliffe, ni asked for the form", "dunnicliffe"),
        ("visit 6 - mum evie keelson, baby tristan 3 weeks", "keelson"),
    ],
)
def test_a_name_opening_a_record_line_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Session 14, St Mary's hall, 7 mums came", "Session 14"),
        ("Ward 17, bed 3 was cold at night", "Ward 17"),
        ("Level 1 childcare at the college", "Level 1"),
        ("Case study 1 (consent given): waited 5 hours", "Case study 1"),
        ("Swanscombe, 14 families came to the drop in", "Swanscombe"),
        ("Overall 8/10 for the birth centre", "Overall 8/10"),
        ("wk 13 - cooking on a budget session", "wk 13"),
        ("ring 0 7700 900 769 after school pick up", "ring"),
        ("Hope 3 weeks on, still no health visitor", "3 weeks"),
        ("grace period for the form ended, 4 days late", "grace period"),
        ("gemma doesnt want post sent there", "doesnt want"),
        ("kaz n bex came together", " n "),
        ("priya mcgregor siad nobody explained the glucose test", "siad nobody"),
    ],
)
def test_line_openings_that_name_no_one_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May Tillotson DOB 30/05/1988", "DOB [DATE]"),
        ("Pt Bobbi-Jo Price DOB 5.5.2001 reports", "DOB [DATE]"),
        ("kerry-louise dob 03/07/96, needs the form", "dob [DATE]"),
        ("Gulalay's MRN from the band DVH4480277", "MRN"),
    ],
)
def test_a_label_no_one_is_named_stays_after_a_name(no_deny_list_engine, text, expected):
    assert expected in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("temporary accommodation ref tb/gbc/55192, moved in last week", "55192"),
        ("her uc ref uc 4419 2281 07 - helped her with the journal", "2281"),
        ("Care to Learn ref ctl/2026/20417 sorted the nursery place", "20417"),
        ("18, UC UC 6120 4471 92, on the baby box list", "4471"),
        ("collected the cot, slip FB26-0447, referred by the HV", "FB26-0447"),
        ("voucher no. HS 4471 9082 given at the hub", "4471"),
    ],
)
def test_a_scheme_or_housing_reference_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "ref for 3 months before the housing came through",
        "the claim took 12 weeks to be paid",
        "voucher 2024 scheme ended in March",
        "ISO-9001 and COVID-2019 are not references",
        "took the M25-1234 exit? no, junction 2",
    ],
)
def test_scheme_labels_without_a_reference_change_nothing(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("ZAHIRUN SAID THE SCAN LADY WAS KIND BUT NOBODY EXPLAINED THE RESULT", "ZAHIRUN"),
        ("VISIT 3 - TAMSYN ORRELL 19, DAMP IN THE BATHROOM", "ORRELL"),
        ("SPOKE TO THE MUMS AT THE HUB. PRAVEENA'S MUM CAME TOO", "PRAVEENA"),
    ],
)
def test_a_note_in_capitals_is_read_by_the_lower_case_slots_too(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "THE STAFF SAID THE WARD WAS FULL AND WE WAITED 5 HOURS",
        "MIDWIFE SAID SHE WOULD COME BACK BUT NOBODY CAME",
        "TOOK THE M25 AND PARKING WAS £12 A DAY",
    ],
)
def test_a_note_in_capitals_with_no_one_named_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dob: 3/4/90 and booking done", "dob: [DATE] and booking done"),
        ("mrn: h7654321, discharged after 2 nights", "mrn: [HOSPITAL NUMBER], discharged after 2 nights"),
        ("fb: Agnieszka Wrobel messaged the page", "fb: "),
    ],
)
def test_a_field_label_alone_is_not_a_name(no_deny_list_engine, text, expected):
    out = no_deny_list_engine.anonymise(text)
    assert out.startswith(expected) and "Wrobel" not in out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Robbo - his OH Tamsyn 34 wks, rated 8 so far", "Tamsyn"),
        ("Gazza says the missus Oriel had baby 3 wks ago", "Oriel"),
        ("hubby kwabena drove her to every scan", "kwabena"),
    ],
)
def test_a_partner_after_a_colloquial_word_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "hubby works in a takeaway in Erith",
        "his missus was made to feel bad for formula",
        "oh joy, another form to fill in",
    ],
)
def test_colloquial_partner_words_alone_change_nothing(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("blaze (blaze carrington), 19, dad to be", "carrington"),
        ("sky (skylar drewitt), 17, at the foyer", "skylar"),
        ("ocean (ocean laidlaw) 19, baby due march", "laidlaw"),
        ("SKY (SKYLAR DREWITT), 17, AT THE FOYER", "SKYLAR"),
    ],
)
def test_a_full_name_in_brackets_in_lower_case_or_capitals_is_removed(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out and out.lower().count(text.split()[0].lower()) == 0


@pytest.mark.parametrize("text", ["darent (darent valley) was busy", "grace (grace period) ended last week"])
def test_a_place_or_phrase_in_brackets_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("lives at marlowe house flats, swanley, damp everywhere", "marlowe house"),
        ("tamsyn, 18, at kingsdale foyer, dartford", "kingsdale foyer"),
        ("salma lives rosherville way, da11 9fj. housing is damp", "rosherville way"),
        ("visit 9 - mum is darcey. knockhall chase, greenhithe", "knockhall chase"),
        ("her own flat now, bowesden lane da9 9hq", "bowesden lane"),
        ("LIVES AT MARLOWE HOUSE FLATS, SWANLEY", "MARLOWE HOUSE"),
    ],
)
def test_a_block_or_street_in_lower_case_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "stayed at mums house for a week after the birth",
        "on the way home she was at the court again",
        "we are at crisis point and there is no one to help",
        "I was at battle hill hospital at 10am and it was fine",
        "went down the road to the shop",
        "at crown court all day so missed the scan",
    ],
)
def test_lower_case_places_that_are_no_address_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("her daughter doing thameside college nursing access", "thameside"),
        ("head of sixth at stonewood sixth form says they have 2 young dads", "stonewood"),
        ("buttercups day nursery dartford lets us put posters up", "buttercups"),
        ("MY SON GOES TO BRENT PRIMARY AND I COULD NOT GET TO THE GTT", "BRENT"),
    ],
)
def test_a_school_in_lower_case_or_capitals_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "her daughter's school rang about the baby",
        "the polish saturday school has a mums group",
        "the local college runs a creche",
        "he failed his driving school test twice",
        "her eldest misses school when the baby is ill",
    ],
)
def test_lower_case_schools_that_name_none_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_text_before_reads_a_window_and_agrees_with_the_whole_prefix():
    from insights.quotes.lexicon import text_before

    text = "Sarah said hi. " * 50 + "   \n  Priya"
    at = text.index("Priya")
    tail = text_before(text, at)
    assert 0 < len(tail) <= 200 and text[:at].rstrip().endswith(tail) and tail[-1] == "."
    spaced = "Sarah." + " " * 500 + "Priya"
    assert text_before(spaced, spaced.index("Priya")) == "Sarah."
    assert text_before("Priya", 0) == ""
