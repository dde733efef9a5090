"""Anonymiser rules 55 (issue 10): a lower-case given name before a family name found in lower case, a lower-case full
name before her short form's bracket, a short form defined in lower case ("tee (tiana reid)") or with "=" even when it
is a word ("Jazz = ..."), a name before "'s" and her forms, claims and benefits, and an
online group's name with its admin in a bracket (the removal side); places named with a possessive ("King's Lynn"),
peoples of Kashmir, a mosque's word and the pharmacies' codeword scheme kept (the keep side). Read from blind62's leaks
(a tuning writer). Then the tagger retrained on forty-two sets: what it misread, let go by guards after it, what it
left, removed by steps after it, and the marks it no longer puts on code in a quote. Wordings are this file's own.
"""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_55_or_later():
    assert int(RULES_VERSION) >= 55


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("rang kerry mcallister back, no answer", ["kerry", "mcallister"]),
        ("jess = jessica o'donnell, asked for a call from the hv", ["jess", "jessica", "o'donnell"]),
        ("Bex = Rebecca Okafor, 17, first baby", ["Bex", "Rebecca", "Okafor"]),
        ("Soph = Sophie Langridge, booked at DVH", ["Soph", "Sophie", "Langridge"]),
        ("mo (maureen ashdown) 16, still at school", ["mo ", "maureen", "ashdown"]),
        ("kayla brindley (kay) 17, baby due in may. kay is scared of the section", ["kayla", "brindley"]),
        ("Keisha's Universal Credit claim was stopped when the baby came", ["Keisha"]),
        ("Marnie's referral to the perinatal team went in today", ["Marnie"]),
        (
            "Posted in the facebook group Swanley Little Stars (admin Demi Foulkes) about the survey",
            ["Swanley Little Stars", "Demi", "Foulkes"],
        ),
        (
            "Most mums are on the Facebook group Northfleet Baby Chat xx (admins Carly Rowe) now",
            ["Northfleet Baby Chat", "Carly", "Rowe"],
        ),
    ],
)
def test_lower_case_names_short_forms_and_groups_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "She moved down from King's Lynn after the twins were born",
        "the mart at King's Lynn opens the fair season",
        "Her mother is Mirpuri and speaks Pahari at home",
        "the women's room at the masjid is upstairs",
        "she used Ask for ANI at the chemist, which is how she got help",
        "had baby blues for a week, better now",
        "she had a baby boy on the ward at 3am",
        "the form was lost so she had to start again",
        "Universal Credit claim stopped when the baby came",
        "Ravi's Fun Fair is the family firm",
    ],
)
def test_places_peoples_and_schemes_stay(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    if text.startswith("Ravi's"):
        assert (
            out == "[NAME]'s Fun Fair is the family firm"
        )  # a given name's firm: the name goes, the words stay
    else:
        assert out == text


def test_a_short_form_needs_the_full_name_and_a_clause_opening(no_deny_list_engine):
    # a lower-case word before "=" or a bracket is a short form only before a full name in lower case
    assert no_deny_list_engine.anonymise("total = 14 women, 3 new") == "total = 14 women, 3 new"
    out = no_deny_list_engine.anonymise("notes (tina rowe) are in the folder")
    assert "notes" in out and "tina" not in out


@pytest.mark.parametrize(
    ("switch", "text", "piece"),
    [
        ("lower_family_names", "jasmine o'leary rang, wants a call", "jasmine"),
        ("lower_family_names", "thank hunter snow in triage, she was kind", "hunter snow"),
        ("nick_definitions", "tee (tiana reid) 15, at college", "tee"),
        ("nick_definitions", "Jazz = Jasmine O'Leary, 17", "Jazz"),
        (
            "page_names",
            "the facebook group Swanley Little Stars (admin Demi Foulkes) posted it",
            "(admin",
        ),
        ("owners", "Lottie's Maternity Allowance form went off", "Lottie"),
        ("saint_places", "the mart at King's Lynn opens the season", "Lynn"),
    ],
)
def test_the_steps_are_switches(no_deny_list_engine, switch, text, piece):
    engine = no_deny_list_engine
    assert (piece in engine.anonymise(text)) is (switch == "saint_places")
    try:
        setattr(engine, switch, False)
        assert (piece in engine.anonymise(text)) is (switch != "saint_places")
    finally:
        setattr(engine, switch, True)


@pytest.mark.parametrize(
    "text",
    [
        "Maternity Assessment Unit (MAU) rang twice; MAU said come in",
        "the group sang in Tamil: வணக்கம் அம்மா",
        "waited ages at the Gav Centre for the scan",
        "ran across the road to the chemist",
        "she had a hearing at county court on friday",
        "seen at Birch House by the perinatal mental health team",
        '"Mint: yes, Peppermint: yes, Liquorice: ask first" was on the sheet',
        "bumps: more bumps than ever this week",
    ],
)
def test_what_the_retrained_tagger_misread_stays(no_deny_list_engine, text):
    # rules 55: the tagger trained on forty-two sets read these as personal; guards after it let them go
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("e-mail: sunny side 7 at gmail dot com", "e-mail: [EMAIL]"),
        ("her daughter goes to stjohns.kent.sch.uk now", "her daughter goes to [SCHOOL] now"),
        ("Thank you to baines and her team on the ward", "Thank you to [NAME] and her team on the ward"),
        ("visit 2 - mum rosa keelson, baby 4 days", "visit 2 - mum [NAME], baby 4 days"),
    ],
)
def test_details_the_retrained_tagger_left_go(no_deny_list_engine, text, expected):
    assert no_deny_list_engine.anonymise(text) == expected


def test_code_in_a_quote_is_no_possible_identifier(no_deny_list_engine):
    from insights.quotes.suspects import model_suspects

    text = "[link](javascript:alert(1)) and Jo:thanks"
    spans = [(7, 17), (18, 23), (32, 34)]
    marks = model_suspects(text, spans, [0.9, 0.9, 0.9], ["PERSON", "SOCIAL_MEDIA", "PERSON"])
    assert [m.word for m in marks] == ["Jo"]
