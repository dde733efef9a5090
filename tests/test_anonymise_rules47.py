"""Anonymiser rules 47 (issue 10): names in notes typed fast with no capitals (after a relation's word, before a
gestation, an age in days, an app, a relation; said again in the note), relations' words inside a name found, English
word names of the UK, staff initials in more of the slots minutes give people, NHS numbers in other groupings after their
label. Read from blind55 (a tuning writer: an ordinary month of notes) and the rules 46 removal-side review. Wordings
are this file's own (none is a note of a labelled corpus or a real comment)."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_47_or_later():
    assert int(RULES_VERSION) >= 47


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("poppy 31wks 2nd baby rates 6 for the scan and said they were rushed all the time", ["poppy"]),
        (
            "her bf robin came too he wants to know about paternity pay at his work in the warehouse",
            ["robin"],
        ),
        ("ocean is 12 days old and feeding ok mum says the hv was lovely and came on time", ["ocean"]),
        ("ruby on tiktok @ruby.mama.x posts about birth trauma and wants the survey link", ["ruby"]),
        (
            "rowan came on his own his partner had bad pnd. rowan rates 4 and rowan on insta runs a dads page",
            ["rowan"],
        ),
        ("Ioana mother-in-law Doina came from Iasi to help after the birth.", ["Ioana", "Doina"]),
        ("Ember asked me to pass the form to the bereavement midwife.", ["Ember"]),
        (
            "apologies received from DW, AO and KT. cc JB and RA for the notes.",
            ["DW", "AO", "KT", "JB", "RA"],
        ),
        ("NHS no 25 05 91 96 07 on the referral", ["25 05 91 96 07"]),
        ("her NHS number is 2505 919 607 apparently", ["2505 919 607"]),
        ("NHS: 250, 591, 9607 for the letter", ["250, 591, 9607"]),
        ("nhs starts 250 then 591 and ends 9607, she read it out", ["250", "591", "9607"]),
        ("NHS 250 dash 591 dash 9607 read out", ["250", "9607"]),
        ("baby NHS no written as 250/591/9607 not on the red book", ["250/591/9607"]),
        ("NHS number begins 250 then 591 ends 9607", ["250", "9607"]),
        ("Phone with Dorota. Ela rate 9 for the home birth, the midwife come quick.", ["Ela"]),
        ("Ela live in Swanley with her husband and two boys.", ["Ela"]),
        ("Candy referred on to the domestic abuse service.", ["Candy"]),
    ],
)
def test_names_and_numbers_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "no names today. a misty morning at the park and the reed bed by the lake was full of rubbish",
        "she said the talking therapies gave her peace of mind and hope for the winter",
        "she sells lavender bags at the car boot and her mum swears by raspberry leaf tea lol",
        "NHS no 61 52 90 24 61 written wrong on the old form",
        "NHS 111 dash 346 dash 6278 was on the old leaflet",
        "hope on tiktok is a page for baby loss that a few mums follow",
        "summer 34wks is when we usually do the birth centre tour so book early",
        "sage is 6 months old safe she was told by her mum but check with the hv",
        "the bf peer says patience is the main thing with a tongue tie",
        "winter came too soon and the heating bill doubled this year for most of them",
        "Per PALS, the complaint is logged. MNVP and ICB to reply.",
        "Sage green walls in the new family room, the amber lights are calmer.",
    ],
)
def test_plain_words_and_numbers_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_relations_word_stays_between_two_names(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Ioana mother-in-law Doina came from Iasi to help after the birth.")
    assert "mother-in-law" in out, out
