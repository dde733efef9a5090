"""Anonymiser rules 53 (issue 10): a woman's name before her bare score out of ten, an everyday-word name said again
before what she had, a name before her identifier's label or a relative and a name, a name before the one she goes by
online, transcript speakers that are months or keep words, an online group's name with its admin's, a double-barrelled given name (the removal side);
a greeting alone and a group's shorthand kept (the keep side). Read from blind57 (a tuning writer, scored once with
rules 52, then read), the training and tuning sets' leaks and the rules 52 removal review; wordings are this file's own.
"""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_53_or_later():
    assert int(RULES_VERSION) >= 53


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Posy 6. induced at 41 wks, long wait for the drip", ["Posy"]),
        ("ruby 9!! lovely team on the birth centre", ["ruby"]),
        ("Tammy 4, Kerys 8, Lou 7 - all first babies", ["Tammy", "Kerys", "Lou"]),
        ("misty 3. misty had a bad tear and no physio", ["misty"]),
        ("Hope 7. Faith 5, Patience 10.", ["Hope", "Faith", "Patience"]),
        ("Mercy NI JT 41 22 90 C for the allowance form", ["Mercy"]),
        ("Blaze hosp no D4419207 - chase the letter", ["Blaze"]),
        ("Ilze husband Mārtiņš drives for a courier", ["Ilze"]),
        ("Verity is on fb as Verity Ann Cole, she shares our posts", ["Verity"]),
        ("[19:01] MAY: my section was fine. [19:02] HOST: thank you May", ["MAY", "May"]),
        ("[18:40] SUNDAY: nobody asked my wife. [18:41] JO: sorry to hear that", ["SUNDAY"]),
        ("fb group Mamos Kentā - admin Rasa Petraitė, 200 members", ["Mamos", "Kentā", "Rasa"]),
        (
            "the Gravesend Mums Chat - admin Kayleigh Dunn link is on the poster",
            ["Gravesend Mums Chat", "Kayleigh"],
        ),
        ("on Facebook Łucja Mamy Dartford - Ewelina Król posts the dates", ["ucja", "Ewelina", "Król"]),
        ("fb Tomasz Wiśniewski Kent, he runs the dads page", ["Tomasz", "niewski", "Kent,"]),
        ("ella-may was born at 36 weeks", ["ella", "may"]),
        ("Rosie-June had her jabs today", ["Rosie", "June"]),
        ("NAME: LACEY-MAY FENTON ; DOB 03/04/2005", ["LACEY", "MAY"]),
    ],
)
def test_names_in_the_new_slots_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "Hiya! just checking the group is still on thursday",
        "hiya, had my baby at darent in may",
        "loved the bumps n babies grp at kings farm",
        "Ward 9. Bay 4 - noisy at night. Cot 2, no sheets.",
        "Apgars 9. Step 4 - referral done.",
        "Overall 9. Staff 10!",
        "hope had gone by the third day on the ward",
        "patience has run out with the phone line",
        "Business partner covering the bookings this week",
        "[10:26] Sands: we can send the memory boxes. [10:27] HOST: thank you",
        "Apgar 8 at one minute, 10 at five",
        "mo-di twins, scans every 2 weeks",
        "referrals Jan-Jun were up, April-June the busiest",
        "drop-in Mon-Fri, consultant-led clinic on Tue-Thu",
        "she was on a Hartmann's drip overnight",
        "the midwife used a Pinard at the home visit",
    ],
)
def test_scores_greetings_and_shorthand_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_single_stamped_month_is_no_transcript(no_deny_list_engine):
    text = "[09:00] JUNE: clinic moved to the hub"
    assert no_deny_list_engine.anonymise(text) == text


def test_stamped_words_is_a_switch(no_deny_list_engine):
    engine = no_deny_list_engine
    text = "[19:01] MAY: my section was fine. [19:02] HOST: thanks"
    try:
        engine.stamped_words = False
        assert "MAY" in engine.anonymise(text)
    finally:
        engine.stamped_words = True
    assert "MAY" not in engine.anonymise(text)
