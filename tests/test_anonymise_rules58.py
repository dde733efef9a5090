"""Anonymiser rules 58 (issue 10): a Facebook page or group's name goes whole when its owner is named beside it with a
full name, two admins or after a dash ("Kent Kurdish Women (admin [NAME])", "NNU Dads - admin [NAME]"), read from the
Facebook names the tuning writers (blind51, blind55, blind60, blind63, blind65) left half-removed. The wordings are
this file's own.
"""

from __future__ import annotations

import re

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_58_or_later():
    assert int(RULES_VERSION) >= 58


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a full name after the admin's word, and a full name alone in the owner's bracket
        (
            "she runs a facebook group, Medway Somali Women (admin Hodan Warsame), 300 members",
            ["Medway", "Somali"],
        ),
        ("our fb group Swanley Baby Swap (Kirsty Maynard) has the survey pinned", ["Swanley", "Baby Swap"]),
        # two admins
        (
            "it is pinned on Bump Buddies Gravesend (admins Leanne Hart & Jo Pike) now",
            ["Bump Buddies", "Jo Pike"],
        ),
        # the owner after a dash, and an acronym inside the name
        (
            "a facebook group, DVH Prem Parents - admin Gary Oduya, has 40 members",
            ["DVH Prem Parents", "Gary"],
        ),
        # a group's plural people word with the owner's bracket, and "n" joining words
        ("the group Dartford Tamil Mums (Priya K) shared it", ["Dartford Tamil Mums"]),
        ("she is admin of Bumps n Babies Swanley (Carla Reeve) on fb", ["Bumps n Babies", "Carla"]),
    ],
)
def test_a_page_named_with_its_owner_goes_whole(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a service's name with its contact stays a service: only the person goes
        ("the group at Dartford Baby Bank (Sarah Jones) helped", ["Dartford Baby Bank"]),
        # without an owner's sign, a sentence's people words end the run
        ("Thank You To Sarah And All The Mums at group on facebook", ["Thank You", "Mums"]),
        # a bracket holding a place or a role is no owner
        ("the facebook group Gravesend Mums (Northfleet) is busy", ["Gravesend Mums (Northfleet)"]),
    ],
)
def test_services_and_sentences_keep_their_words(no_deny_list_engine, text, kept):
    out = no_deny_list_engine.anonymise(text)
    for piece in kept:
        assert piece in out, (text, out)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("DM from Nadia Brook Pregnancy Yoga Swanley (her class page) about our survey", ["Swanley"]),
        ("Dwayne Okoro - Dwayne's Cabs Dartford (fb page) - drives mums to appointments", ["Dartford"]),
    ],
)
def test_a_page_named_in_a_bracket_after_it_goes_whole(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        # a display name with an emoji between given and family name (read from blind67, a tuning writer): a given
        # name that is also a word before the emoji
        ("Harmony 🌻 Dale joined the group, baby is 4 months", ["Harmony"], ["joined the group"]),
        ("Melody 🌈 Dale posted about the red book", ["Melody"], ["red book"]),
        ("Summer 🌸 Oduya: 6/10 for the postnatal ward", ["Summer"], ["postnatal ward"]),
        # an English word after the emoji opens the next sentence; a kept place stays
        ("Thanks Jo 😊 Lovely to meet you all", ["Jo "], ["Lovely to meet you all"]),
        ("Kirsty 👍 Dartford clinic rang her back", ["Kirsty"], ["Dartford clinic"]),
    ],
)
def test_a_display_name_with_an_emoji_inside_goes_whole(no_deny_list_engine, text, gone, kept):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)
    for piece in kept:
        assert piece in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        # a negative typed without its apostrophe opens no name's slot (blind67: "hasnt told her dad")
        "16, 12 wks, hasnt told her dad yet. worried.",
        "new this wk, doesnt want the HV to visit, wasnt told why",
    ],
)
def test_negatives_without_apostrophes_are_no_names(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text",
    [
        # two letters swapped in a common word is a typo, never an unknown name or a school's name (blind67)
        "anxiety bad, school wont let her back till after easter. teh school is very good about it",
        "no pii - anxeity mentioned on 9 forms, PND on 4",
    ],
)
def test_swapped_letter_typos_are_no_names(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_swapped_common_reads_the_word_frequencies(no_deny_list_engine):
    lexicon = no_deny_list_engine.lexicon
    assert (
        lexicon.swapped_common("recieved")
        and lexicon.swapped_common("teh")
        and lexicon.swapped_common("siad")
    )
    # a word the dictionary holds, a short name one swap from a rarer word, and a name no swap makes a word
    assert not lexicon.swapped_common("received")
    assert not lexicon.swapped_common("lil")
    assert not lexicon.swapped_common("agnieszka")


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a short form that is a word too, opening a clause before a verb of speech (blind67: "tiff siad on snap")
        ("tiff siad on snap she cant come to group", "tiff"),
        ("pat said the ward was busy but kind", "pat"),
    ],
)
def test_word_short_forms_before_speech_are_names(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert not out.startswith(gone), out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a given name opening a sentence before a baby's age or ailment (blind67, blind39)
        ("Kabir 4 months, feeding well now, mum rates the HV 8", "Kabir"),
        ("Legend has jaundice, back in at DVH 2 nights", "Legend"),
        ("Storm is now 6 wks and gaining weight", "Storm"),
        # a school whose kind is "Comprehensive"
        ("her school is St Anselm's Catholic Comprehensive, they have been kind", "Catholic Comprehensive"),
    ],
)
def test_babies_by_age_and_comprehensives_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out, out


@pytest.mark.parametrize(
    "text",
    [
        # "one day" is no baby's age (a real comment's wording is kept), a city's name is no baby's
        "Got scars on my arm.  Hope one day CQC will deal with her.",
        "Lincoln 4 months ago was the last time I saw a midwife",
        # an ordinal before a centile is no date
        "baby weighed on the 25th centile, mum relieved",
        "she dropped to the 9th percentile so we topped up",
    ],
)
def test_one_day_places_and_centiles_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_newborn_named_after_the_word_goes(no_deny_list_engine):
    # blind65 (a tuning writer): "with newborn sunny"; a newborn's check or screen stays
    out = no_deny_list_engine.anonymise(
        "jas with newborn sunny, born at home. the newborn hearing screen was fine"
    )
    assert "sunny" not in out and "the newborn hearing screen was fine" in out, out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a lower-case word opening a clause that her handle or e-mail in the note begins with (blind62, blind67)
        ("tay's social media @taylor.ann.xo has a baby pic with the hospital band", "tay"),
        ("jazz email for the care to learn form: jazzoleary07@gmail.com", "jazz"),
        ("rated 8. bex changed her insta to @bexxmumlife_ so I followed", "bex"),
    ],
)
def test_a_short_name_her_handle_begins_with_goes(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert not re.search(rf"\b{gone}\b", out), out


@pytest.mark.parametrize(
    "text",
    [
        # a group's people or a service is no owner of the handle it begins
        "mums group insta @mumsgroupdartford is busy on a monday",
        "baby bank email is babybankdartford@gmail.com for referrals",
    ],
)
def test_groups_and_services_before_their_handles_stay(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    assert out.split(" ")[0] == text.split(" ")[0], out
