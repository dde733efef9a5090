"""Rules 64: texting shorthand and baby-loss charities (by their full names) kept after the tagger, "said" as typed in a hurry after a
lower-case title, a place of worship's noun after its name, a name cut back from a code it runs into, and a name
heading a note's line before a dash, colon, bracket or age (`name_shapes.note_heads`)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "mnvp nxt mtg, will feedbk to pals",
        "wil call her back tmrw, she cudnt talk",
        "msg from mum, txt her bk tmw re apt",
        "grt feedback from mums, shld go on fb page",
        "dr sed she shud come bk if bleeding gets worse",
        "the dr sed no",
        "the Miscarriage Association leaflets by lift B",
        "Abigail's Footsteps gave us the cuddle cot",
        "A08 - second cuddle cot for DVH via Abigail's Footsteps.",
        "maybe a men's session at Shah Jalal Masjid? imam may agree",
        "Sri Lankan temple Sri Murugan Kovil helping with clothes",
        "thank Singh Sabha committee for the hall",
        "the women's fellowship at Christ Faith Tabernacle, Northfleet, cooked for 60",
        "imam at Masjid-e-Ibrahim says pregnant women can be excused",
        "Pt G3P2, cephalic, FM ++",
    ],
)
def test_rules_64_keeps(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Dr Sed said no", "Sed"),
        ("Pastor John Church said the hall is free", "John"),
        ('WhatsApp from Holly Church: "hiya"', "Holly"),
        ("her husband Mohammed Temple is a plumber", "Mohammed"),
        ("Pt Bronwyn Setter G2P1 NI AB123456C.", "Bronwyn Setter"),
        ("rm 5 Storm G4P3 GDM on metformin", "Storm"),
        ("What went well? Dr Rarnaswarny exp1ained the breech", "Rarnaswarny"),
        ("she followed in Abigail's footsteps and trained as a midwife", "Abigail"),
        ('Martha - "heartless, that is what the triage midwife was" - 4 for that call', "Martha"),
        ("gracie 16, dob 3/4/09, at school, school nurse knows", "gracie"),
        ("caris - autocorect keeps doing cards lol", "caris"),
        ("Ionela: in hotel before, now flat in Swanscombe", "Ionela"),
        ("10:30 Kelsey (28) very happy with the birth centre", "Kelsey"),
        ("Voicemail from Kerry-Ann (08:40): baby here", "Kerry-Ann"),
    ],
)
def test_rules_64_still_removes(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out, out


def test_a_code_keeps_its_letters(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Pt Bronwyn Setter G2P1 EDD next month")
    assert "G2P1" in out and "Bronwyn" not in out


@pytest.mark.parametrize(
    "text",
    [
        "Staff - very kind on the ward",
        "Reception: nobody answered",
        "Kent - maternity voices meeting",
        "Grace - we said grace before the meal",
        "Triage: 3 hour wait",
        "Parking (again) was awful",
        "Swanley - 4 mums at the hub",
        "May - the hub was shut",
    ],
)
def test_a_line_head_that_is_no_person_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Text from Triage: no beds",
        "Email from Maternity Voices: agenda for Tuesday",
        "Note from Healthwatch Kent: survey live",
    ],
)
def test_a_sender_that_is_no_person_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, kept",
    [("visited her at home, baby Kofi 3 wks, latch better", "3 wks"), ("baby Kofi 3wks old", "3wks")],
)
def test_a_babys_age_after_the_name_stays(no_deny_list_engine, text, kept):
    out = no_deny_list_engine.anonymise(text)
    assert "Kofi" not in out and kept in out, out


def test_only_a_short_number_is_cut_off_a_names_finding():
    """An age or a rating spaCy's entity took stays ("Jo Bloggs 8/10"); a longer number may be a reference, so it stays
    inside the name's finding ("Jo Bloggs 4417823")."""
    from insights.quotes.care_sites import without_glued_code
    from insights.quotes.lexicon import Finding

    text = "met Jo Bloggs 8/10 today, then Jo Bloggs 4417823 again"
    rating = Finding(4, 18, "PERSON", "test")
    reference = Finding(31, 48, "PERSON", "test")
    assert text[4:18] == "Jo Bloggs 8/10" and text[31:48] == "Jo Bloggs 4417823"
    assert without_glued_code(text, rating) == Finding(4, 13, "PERSON", "test")
    assert without_glued_code(text, reference) == reference
