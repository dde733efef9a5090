"""Anonymiser rules 56 (issue 10): what long stories about other services lost that is no one's detail (a service's own
name before its noun, a named care building in a story of care, a common lower-case word in a story written in sentence
case, an acronym a bracket spells out as a service, a file's extension in a link, markdown italics), and a chat message
pasted as a note of its own with its writer first in lower case. Read from the first 1,000 public Care Opinion stories
and blind63's leaks (a tuning writer); the wordings are this file's own, the held-out stories stay unread.
"""

from __future__ import annotations

import pytest

from insights.quotes import care_sites
from insights.quotes.lexicon import RULES_VERSION, Finding

_STORY = (
    "I want to thank everyone who looked after my brother. The nurses were patient with him and the ward was calm. "
    "He spent four months at Larkfield Lodge and he says it gave him his life back. The therapy helped a lot. "
)


def test_rules_version_is_56_or_later():
    assert int(RULES_VERSION) >= 56


@pytest.mark.parametrize(
    "text",
    [
        "The dentist at Hillcrest House Dental Clinic was kind to my son and explained everything.",
        "I went to the baby massage course at Ollerton Children's Centre and loved every week of it.",
        "We use the Brookvale children's centre for stay and play every Tuesday.",
        _STORY,
        "My daughter was nervous but the staff made her feel safe. Now she cannot wait to go back, the team are lovely. "
        "I had to consider my husband and eldest child's sleep too, and the course helped with that as well.",
        "The activities are good at the DRC (Daisy resource centre). I make cards there. The DRC staff are kind.",
        "The picture is at https://example.org/images/3f9a2c.png and shows the garden we planted.",
        "Little things matter to patients. A charger helps._Phone chargers should be on every ward.",
        "We started Twinkly Tots sessions in January and my son loves them.",
        "her boyfriend was not allowed to stay overnight on Bluebell Ward and she was frightened",
        "mastitis. Co-amoxiclav from the out of hours GP, better in two days",
        "He was given an Acas leaflet about his rights at work",
        "The ambulance arrived within 1/2 an hour and the crew were kind",
        "Very happy with the care and advicetheygave me when I was low",
    ],
)
def test_services_and_plain_words_in_stories_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a practice or firm named after a person stays a name (the corpora's GROUP_NAME)
        ("Her GP is Dr Anita Mbeki at Mbeki Family Practice in Northfleet", ["Mbeki"]),
        # a named block where someone lives is not a care site, even in a story
        (
            "She lives in a flat at Heron Lodge with the baby. The nurses on the ward were worried about the damp "
            "there and the health visitor wrote to the council about it. It took weeks for anyone to come.",
            ["Heron Lodge"],
        ),
        # a hurried note in lower case: an everyday word may be a baby's name
        ("baby boy blue is 6 wks, feeding well, mum rates 7", ["blue"]),
        ("hope: morning all, rough night, baby up every hour", ["hope"]),
        ("grace: can i ask something silly, is it normal to cry every day", ["grace"]),
        # the writer first, then the same word in her own words: a chat message, not a topic's heading
        ("hope: rough night, baby up every hour, but i hope you're all ok", ["hope:"]),
    ],
)
def test_names_homes_and_lower_case_names_in_notes_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("note: she rang back, all fine", "note:"),
        ("midwife: booked for 28 weeks", "midwife:"),
        ("update: the group moves to Thursdays", "update:"),
    ],
)
def test_a_label_opening_a_note_is_no_writer(no_deny_list_engine, text, kept):
    assert no_deny_list_engine.anonymise(text).startswith(kept)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Sarah D( Staff ) has helped me loads since I came onto the unit.", "( Staff )"),
        ("Emma (Physiotherapy) has been exceptional in helping me walk again.", "(Physiotherapy)"),
        ("Rojin speaks Kurmanji and some Farsi; her saasu came too and brought dal bhat", "Kurmanji"),
        ("Rojin speaks Kurmanji and some Farsi; her saasu came too and brought dal bhat", "her saasu came"),
        ("Rojin speaks Kurmanji and some Farsi; her saasu came too and brought dal bhat", "dal bhat"),
    ],
)
def test_roles_and_keep_words_beside_names_stay(no_deny_list_engine, text, kept):
    out = no_deny_list_engine.anonymise(text)
    assert kept in out and "[NAME]" in out, out


def test_a_date_and_a_lower_case_name_stay_found(no_deny_list_engine):
    half = "within 1/2 an hour"
    assert care_sites.fraction(half, Finding(7, 10, "DATE_TIME", "test"))
    assert not care_sites.fraction("seen on 1/2 at the clinic", Finding(8, 11, "DATE_TIME", "test"))
    assert "sabitha" not in no_deny_list_engine.anonymise(
        "the next one was sabitha from gravesend, she's tamil"
    )


def test_a_lower_case_topic_heading_still_stays(no_deny_list_engine):
    text = "grace: 15 min grace on parking for blue badge holders"
    assert no_deny_list_engine.anonymise(text) == text


def test_prose_is_a_story_in_sentence_case():
    assert care_sites.prose(_STORY)
    assert not care_sites.prose("baby boy blue is 6 wks. mum rates 7. " * 8)
    assert not care_sites.prose(_STORY + " then i rang them again.")
    assert not care_sites.prose("Short story. Fine.")


def test_defined_services_need_a_service_noun_and_the_first_letter():
    assert care_sites.defined_services("the DRC (Daisy resource centre) is open") >= {"DRC", "Daisy"}
    assert care_sites.defined_services("KB (Kerry Brown) came too") == set()
    assert care_sites.defined_services("the PCT (Daisy resource centre)") == set()


def test_the_step_is_a_switch(no_deny_list_engine):
    text = "We loved the sessions at Ollerton Children's Centre."
    assert no_deny_list_engine.anonymise(text) == text
    no_deny_list_engine.care_sites = False
    try:
        assert no_deny_list_engine.anonymise(text) != text
    finally:
        no_deny_list_engine.care_sites = True
