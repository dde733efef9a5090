"""Rules 66: six digits right after a person's name go, as a handover lists a patient with her hospital number and no
label ("Pt Smith 123456"); a count after a name stays ("Smith 100000 followers" is no patient)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, number",
    [
        ("Pt Smith 123456 seen on ward, bloods sent", "123456"),
        ("Jones, 654321 - bloods taken", "654321"),
        ("handover: Mrs Okafor 771204 for review", "771204"),
    ],
)
def test_six_digits_after_a_name_go(no_deny_list_engine, text, number):
    out = no_deny_list_engine.anonymise(text)
    assert number not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "Sarah Jones 100000 followers on her page",
        "Leanne said 123456 was the code on the gate",
        "she scored 8 and said it was fine",
    ],
)
def test_a_count_or_a_number_not_after_a_name_stays(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    digits = [w for w in text.split() if w.isdigit()]
    assert all(d in out for d in digits), out


@pytest.mark.parametrize(
    "text",
    [
        "The staff are responsible for my breast feeding success and I plan to feed my baby for a year.",
        "All my teeth are now healthy and strong and I was told the best ways to care for them.",
        "I have trouble with my short term memory and I have trouble taking in information.",
        "I was trapped on top of the parapet wall and I needed a fire engine to rescue me.",
    ],
)
def test_a_word_of_the_clause_before_and_i_is_no_name(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, name",
    [("then joy and I went to triage together", "joy"), ("I saw joy and I said hello", "joy")],
)
def test_a_name_opening_and_i_still_goes(no_deny_list_engine, text, name):
    assert name not in no_deny_list_engine.anonymise(text).split()


#: Stories written in sentence case, where the tagger took an everyday word ("steer", "hide", "sane") before rules 66.
_STORIES = [
    "Parents have to guide and steer their children, and the staff at the family centre helped us do that. My daughter was shy at first but now she runs in every week, and the groups are always full of laughter and good ideas.",
    "My little boy was frightened of the needle and ran to hide from the nurse, who followed him with a puppet and made him laugh. I cannot thank the team enough for the care they gave him that week, and for the stickers.",
    "The volunteers sit with the parents under bright lights through the night. It is hard to watch. Staff are rarely thanked. Helping here has taught me patience and kept me sane while my own family was going through a difficult time.",
]


@pytest.mark.parametrize("text", _STORIES)
def test_a_lower_case_word_in_a_story_written_in_sentence_case_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_lower_case_nickname_in_a_chat_still_goes(no_deny_list_engine):
    text = (
        "Amira (mum of two): omg bexie they called from PALS they want a meeting / Me: that's good news hun, want me "
        "to come? / Amira: pls my partner is working that day so yes please / Me: no probs, I will drive, what time"
    )
    assert "bexie" not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "I am a student at the Nottingham Recovery College and the courses have helped me so much.",
        "_Client:_ You've helped me loads, there was always someone there. _Carer:_ I don't think we'd be as far ahead.",
    ],
)
def test_a_recovery_college_and_a_speakers_part_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_school_and_a_named_speaker_still_go(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "her son goes to Dartford Grammar School. Sarah: the midwife was great"
    )
    assert "Dartford Grammar" not in out and "Sarah" not in out, out
