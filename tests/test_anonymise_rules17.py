"""Anonymiser rules 17 (issue 10, insights.quotes.record_slots): who a record's own layout names (chat
exports, review headers, forum posters, ward boards, ages in brackets) and lower-case names in a person's
slot; and what those slots must leave alone."""

from __future__ import annotations

import pytest

from insights.quotes import record_slots

NAMED_BY_LAYOUT = [
    # an exported chat: the writer and the people of its system lines, whatever the lists know
    ("[02/03/2026, 09:14] Wrenna: anyone going to the bumps group thurs?", ["Wrenna"]),
    ("[02/03/2026, 09:15] Tamsin Okonjo-Reyes: me!!", ["Tamsin", "Okonjo-Reyes"]),
    ("02/03/2026, 09:16 - Zelie: yes see u there", ["Zelie"]),
    ("[03/03/2026, 21:40] Wrenna left", ["Wrenna"]),
    ("[04/03/2026, 08:02] Admin Jo added Quilla", ["Quilla"]),
    # review headers
    ("★★☆☆☆ T. Okafor-Lind — the wait in triage was far too long", ["Okafor-Lind"]),
    ("★★★★☆ sunnyside_mum · 2 reviews — kind midwives", ["sunnyside_mum"]),
    ("Posted by Zarielle on 4 March: parking was awful", ["Zarielle"]),
    # forum posters and user names
    ("OP TwoLittleBumps: was your induction at DVH quick?", ["TwoLittleBumps"]),
    ("reply mama_of_three_22: mine took two days", ["mama_of_three_22"]),
    # ward boards and handovers
    ("b3 marisol 2/7 pn, BF going well", ["marisol"]),
    ("bay 2 — kezzie 38/40 for IOL tomorrow", ["kezzie"]),
    ("cot 4 Zoltan on optiflow, mum visiting", ["Zoltan"]),
    # ages in brackets
    ("tilly-mae (17) came with her nan", ["tilly-mae"]),
    ("zaynab (19, Somali family) asked about the hub", ["zaynab"]),
    # lower-case names in a person's slot
    ("shantelle cried when she talked about the birth", ["shantelle"]),
    ("then jaylen rang to say she was on her way", ["jaylen"]),
    ("deshawn's mum came to the group too", ["deshawn"]),
    ("kiona's social worker emailed me", ["kiona"]),
]


@pytest.mark.parametrize(("text", "gone"), NAMED_BY_LAYOUT)
def test_names_a_record_layout_gives_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert all(name not in out for name in gone), out


@pytest.mark.parametrize(("text", "gone"), NAMED_BY_LAYOUT)
def test_the_rules_17_steps_find_them_without_the_tagger(no_deny_list_engine, text, gone):
    slots = no_deny_list_engine.record_slots
    found = [f for step in record_slots.STEPS for f in getattr(slots, step)(text, [])]
    pieces = " ".join(text[f.start : f.end] for f in found)
    assert all(name in pieces for name in gone), pieces


@pytest.mark.parametrize(
    "text",
    [
        "09:14] connector note: the next messages were about reflux",  # see below for the stamped line
        "★★★★★ Anonymous — the birth centre was lovely",
        "★★☆☆☆ NHS user · the wait was too long",
        "Posted by a patient on the ward's page",
        "b3 — the pool room was out of use all day",
        "bed 2 for the IOL, obs stable",
        "her kids (3 and 5) came along",
        "at 24/40 she was scanned again",
        "destiny brought me to this hospital",  # an English word: only a verb of speech makes it a person
        "the baby's mum was tired",
        "mw said the CTG was fine",
        "we use WhatsApp and PowerPoint at the hub",  # two capitalised parts: a brand, not a user name
        "the Baby Bank has nappies in every size",
        "the baby is 19 days old and feeding well",  # an age slot needs no unit after the number
        "better signage to the Bev Centre would help",  # a short form before a service word names the place
        "the reg said it was fine",  # "reg" is the registrar, not Reg
    ],
)
def test_ordinary_writing_in_those_layouts_is_kept(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_chat_line_by_no_one_in_particular_keeps_its_writer(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "[02/03/2026, 09:14] connector note: the next messages were about reflux"
    )
    assert out.endswith("09:14] connector note: the next messages were about reflux"), (
        out
    )  # only the date goes


def test_a_lower_case_name_found_once_is_found_again_where_it_opens_a_clause(no_deny_list_engine):
    slots = no_deny_list_engine.record_slots
    text = "saw harmony at the bank, harmony is 19. no harmony in that house. joy of her life"
    first = text.index("harmony")
    found = [record_slots.Finding(first, first + 7, "PERSON", "test")]
    again = slots.lower_repeats(text, found)
    assert [text[f.start : f.end] for f in again] == ["harmony"]
    assert again[0].start == text.index("harmony is")  # not "no harmony in that house"


def test_a_file_name_is_not_a_user_name(no_deny_list_engine):
    slots = no_deny_list_engine.record_slots
    assert slots.forum_handles("saved as notes_march.csv in the folder", []) == []
    assert slots.forum_handles("her insta is bumps_and_babes", [])  # a user name


def test_steps_are_listed_for_measuring():
    from insights.quotes import train_tagger as tt
    from insights.quotes.anonymise import Anonymiser

    assert set(record_slots.STEPS) <= tt.OPTIONAL_STEPS
    assert all(getattr(Anonymiser, step) is True for step in record_slots.STEPS)


def test_each_step_finds_nothing_when_switched_off(no_deny_list_engine):
    text = "[02/03/2026, 09:14] Wrenna: hi. OP TwoLittleBumps: hello. b3 marisol 2/7 pn. tilly-mae (17) came."
    engine = no_deny_list_engine
    sources = {"chat-export", "handle", "board", "age"}

    def record_sources() -> set[str]:
        return {
            s.split(":")[-1]
            for step in record_slots.STEPS
            if getattr(engine, step)
            for s in (f.source for f in getattr(engine.record_slots, step)(text, []))
        }

    assert record_sources() == sources
    try:
        for step in record_slots.STEPS:
            setattr(engine, step, False)
        assert record_sources() == set()
    finally:
        for step in record_slots.STEPS:
            delattr(engine, step)  # back to the class's default (on)


@pytest.mark.parametrize(
    "text",
    [
        "asked on Mumsnet and Netmums before the booking appointment",
        "8 week jabs: MenB and rotavirus, calpol after",
        "she speaks Wolof and some French, Language Line booked",
        "the HCA helped with the first feed",
        "lunch from Greggs then the bus to the clinic",
        "read the Ockenden report actions again",
    ],
)
def test_terms_kept_after_the_tagger_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_title_still_marks_a_name_that_is_a_kept_term(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Mrs Moldovan rang about the scan")
    assert "Moldovan" not in out, out


def test_the_after_tagger_keep_list_is_not_read_by_the_taggers_features():
    from insights.quotes.lexicon import fold_word, load_lists

    lists = load_lists()
    assert lists.keep_after is not None and lists.keep_after.search("we met at Greggs")
    # the features read keep_words (keep_terms.txt and the Kent list), never this file: adding to it needs no retraining
    assert fold_word("greggs") not in lists.keep_words and fold_word("mumsnet") not in lists.keep_words
