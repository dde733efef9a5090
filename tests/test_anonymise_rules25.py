"""Anonymiser rules 25 (issue 10): a name before an honorific said after it ("Pritam ji", "Khem dai") and a word
before a bracket holding a person's full name ("Blaze (Blaze Carrington)", "Nas (Nasir Qureshi)"). Wordings are
this file's own, not the corpora's."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_25_or_later():
    assert int(RULES_VERSION) >= 25


HONORIFIC_NAMES = [
    ("Pritam bhenji said the ward was cold at night", "Pritam"),
    ("Harjot ji brought her daughter-in-law to the group", "Harjot"),
    ("Khem dai can drive the mums to the clinic", "Khem"),
    ("asked Gurleen didi to translate the leaflet", "Gurleen"),
    ("Jasvir aunty says the birth centre was lovely", "Jasvir"),
]


@pytest.mark.parametrize(("text", "name"), HONORIFIC_NAMES)
def test_a_name_before_an_honorific_is_removed(no_deny_list_engine, text, name):
    out = no_deny_list_engine.anonymise(text)
    assert name not in out and "[NAME]" in out


FAITH_AND_ROLES_KEPT = [
    "we read from Guru Granth Sahib Ji at the gurdwara",
    "Guru Nanak Dev Ji's birthday, langar after",
    "Waheguru ji, she said, the birth went well",
    "vaheguru ji ka khalsa at the end of the session",
    "mata ji came with her to every appointment",
    "the langar aunty gave us food after the session",
    "our dinner uncle at the hub was kind",
    "thank you ji, ok ji",
]


@pytest.mark.parametrize("text", FAITH_AND_ROLES_KEPT)
def test_faith_words_and_roles_before_an_honorific_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


IN_FULL = [
    ("Blaze (Blaze Carrington), 19, dad of the baby", ["Blaze", "Carrington"]),
    ("Ocean (Ocean Laidlaw) 19, baby due in march", ["Ocean", "Laidlaw"]),
    ("Smithy (Daniel Smith-Hurley) came to the dads' group", ["Smithy", "Daniel", "Hurley"]),
    ("Kevvo (aka Kevin Adebisi) drives the community bus", ["Kevvo", "Kevin", "Adebisi"]),
]


@pytest.mark.parametrize(("text", "gone"), IN_FULL)
def test_a_word_before_a_bracket_with_a_full_name_is_removed(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert not [w for w in gone if w in out], out


PLACES_IN_FULL_KEPT = [
    "Darent (Darent Valley) was busy all night",
    "Kingsley (Kingsley Ward) noisy at night",
    "Dartford (Darenth Road Clinic) was closed",
]


@pytest.mark.parametrize("text", PLACES_IN_FULL_KEPT)
def test_a_place_before_its_full_name_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text
