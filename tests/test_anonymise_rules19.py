"""Anonymiser rules 19 (issue 10): a message thread's speakers and the people its greetings name
(insights.quotes.note_people.chat_turns), and a verb's negative ending never taken for a name ("the GP
won't refer her": spaCy reads "wo" + "n't"). Wordings are this file's own, not the corpora's."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION

THREADS = [
    # a turn of "Me:" makes it a thread: every speaker and the person a greeting names go
    ("Me: hiya Kizzy, still ok for tues? / Kizzy: yes hun see u at 10", ["Kizzy"]),
    ("Me: morning Lagoon 👋 did the HV come? / Lagoon: no show again 😩", ["Lagoon"]),
    ("Me: hi is this Pebbles? its the MNVP volunteer / Pebbles: yeah hiya", ["Pebbles"]),
    ("Me: thanks Yomi! / Yomi: np, my sister wants to join too", ["Yomi"]),
    # a speaker writing twice makes it a thread, in any case
    ("zuri: ward was freezing / zuri: and no one brought the jug / Me: noted x", ["zuri"]),
    # "X to Y:" names both
    ("Tamsin to Orla: did u get the leaflet? / Orla: yep", ["Orla"]),
]


@pytest.mark.parametrize("text, gone", THREADS)
def test_a_threads_speakers_and_greeted_people_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for word in gone:
        assert word not in out, out
    # the step finds them alone, without the other rules or the tagger
    found = no_deny_list_engine.note_people.chat_turns(text, [])
    assert {text[f.start : f.end] for f in found} >= set(gone)


LEFT_ALONE = [
    # topics with colons are no thread
    "Housing: damp flat, mould in the bedroom / Parking: £60 for the week / Food: cold at night",
    # a tracker's fields
    "tel: see form / dob: on file / ref: pending / Me: chased the ward",
    # questions and answers
    "Q: how was the birth centre? / A: calm / Q: score? / A: 8",
    # greetings with no one named
    "Me: hi hun, how are u both? / Me: morning all, the group is at 10",
]


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_what_a_thread_step_leaves_alone(no_deny_list_engine, text):
    people = no_deny_list_engine.note_people
    assert people.chat_turns(text, []) == []


@pytest.mark.parametrize(
    "text",
    [
        "the GP won't refer her for fertility tests",
        "midwife won't call back, she can't say why",
        "we shan't wait, the nurse didn't know and the HV wasn't told",
        "midwife won’t come before 6",
    ],
)
def test_a_negative_ending_is_no_name(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_name_before_a_negative_is_still_a_name(no_deny_list_engine):
    assert (
        no_deny_list_engine.anonymise("midwife Woniya can't come today") == "midwife [NAME] can't come today"
    )


def test_the_chat_step_can_be_switched_off(no_deny_list_engine):
    engine = no_deny_list_engine
    text = "Me: morning Driftwood! / Driftwood: np"  # only this step finds it (rules 34's well-wishes take "thanks X")
    try:
        engine.chat_turns = False
        off = engine.anonymise(text)
    finally:
        engine.chat_turns = True
    assert "Driftwood" in off
    assert "Driftwood" not in engine.anonymise(text)


def test_rules_version_bumped_so_stored_excerpts_reanonymise(no_deny_list_engine):
    assert int(RULES_VERSION) >= 19
    assert f"maternity rules {RULES_VERSION}" in no_deny_list_engine.label


@pytest.mark.parametrize(
    "text, name, title_only",
    [
        ("aunty Bisola came too", "Bisola", True),
        ("Matron Keavy Dunne showed us round", "Keavy Dunne", True),
        ("Mrs Adeyemi rang", "Adeyemi", True),
        ("lovely Bisola came too", "Bisola", False),  # not a title: the leak is a leak
    ],
)
def test_a_title_or_kinship_word_left_outside_the_tag_is_counted_apart(text, name, title_only):
    from insights.quotes import train_tagger
    from insights.quotes.lexicon import Finding

    start = text.index(name)
    found = [Finding(start, start + len(name), "PERSON", "test")]
    span_end = start + len(name)
    span_start = 0 if title_only or text.startswith("lovely") else start
    assert not train_tagger.covered(found, span_start, span_end, text)
    assert train_tagger.title_only(found, span_start, span_end, text) is title_only


# -- identifiers said or written the way the new writers' notes have them --------------------------

IDENTIFIERS = [
    # older registrations after a van, after "car," or spaced in capitals after "reg"
    ("reg_spans", "his works van H482 KTL is always on the yellow lines", ["H482 KTL"]),
    ("reg_spans", "parked on the ward side in the car, M307 RBD, again", ["M307 RBD"]),
    ("reg_spans", "grandad's car reg K 61 DWN for the permit", ["K 61 DWN"]),
    ("reg_spans", "taxi a 10 min drive from the hub", []),
    ("reg_spans", "A123 BCD with no clue", []),
    # a hospital number after "hn"
    ("hospital_number_spans", "hn D3318724; rated 6", ["D3318724"]),
    # spelled e-mails with number words, or a name said with a space after a cue
    (
        "spelled_email_spans",
        "e-mail spelled out: kezia dot marr forty four at hotmail dot co dot uk",
        ["kezia dot marr forty four at hotmail dot co dot uk"],
    ),
    (
        "spelled_email_spans",
        "her e-mail as tansy brook at yahoo dot com for the report",
        ["tansy brook at yahoo dot com"],
    ),
    # a postcode read out in letter names and number words
    (
        "spoken_postcode_spans",
        "she lives at dee ay ten three ess why near the park",
        ["dee ay ten three ess why"],
    ),
    ("spoken_postcode_spans", "post to em ee four six bee kay please", ["em ee four six bee kay"]),
    ("spoken_postcode_spans", "i see you one to one two weeks", []),
    ("spoken_postcode_spans", "she had one two three four babies", []),
]


@pytest.mark.parametrize("finder, text, found", IDENTIFIERS)
def test_identifiers_the_new_writers_used(finder, text, found):
    from insights.quotes import identifiers

    assert [text[s:e] for s, e in getattr(identifiers, finder)(text)] == found


@pytest.mark.parametrize(
    "text, found",
    [
        ("DOB: fourteenth of july 2001, first baby", ["fourteenth of july 2001"]),
        ("dob twenty-fifth of march ninety-eight, NI to follow", ["twenty-fifth of march ninety-eight"]),
        ("baby was born the ninth of october and is feeding well", ["the ninth of october"]),
        ("see you at the hub on the fifth of may", []),  # no year, no birth: a meeting, kept
    ],
)
def test_spoken_dates_with_a_year_in_digits_or_after_a_birth(text, found):
    from insights.quotes import identifiers

    assert [text[s:e] for _, s, e in identifiers.spoken_reference_spans(text)] == found
