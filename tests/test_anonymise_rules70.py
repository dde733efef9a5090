"""Rules 70: a child's school named by a kept local area after "<child> at" and a second school after a first; a verb
after a modal is no name before a relative; a firm named after a surname that is a word; names read from what is said
only of a person (pregnant, a gestation, a medicine taken, a rating, a vocative, her own e-mail); a single capital
standing for a woman; a handle in brackets after its app; and the keeps blind73 showed lost ("street heroin", an
inpatient hospital after twins, services and a scoring system named like people)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, school",
    [
        ("Mum rates 2. Older girl Lexi at Westcourt, younger at home.", "Westcourt"),
        ("Her own kids at Westgate, she does the visit between drop off and pick up.", "Westgate"),
        ("Her grandson is starting reception at Fleetdown in Sept.", "Fleetdown"),
        ("3 kids, baby 6 wks. Amy drops Kai at Oakfield then the twins at nursery.", "Oakfield"),
        ("Mum rates 3, waited 9 hrs. older two at Westgate and Little Acorns.", "Little Acorns"),
        ("Andreea's kids at Rosherville primary and Chantry? she wasn't sure.", "Chantry"),
    ],
)
def test_a_childs_school_named_by_place_or_after_another_goes(no_deny_list_engine, text, school):
    assert school not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("She had her daughter at Darent Valley in May and rated it 9.", "Darent Valley"),
        ("3 children, all at Darent Valley, the first in 2009.", "Darent Valley"),
        ("Rhiannon 34 weeks, MCMA twins, inpatient at King's from 26 weeks for monitoring.", "King's"),
        ("Session on the Virtual School and PEP meetings for looked after kids.", "PEP"),
        ("Her eldest at Westgate Primary and Mum said it was fine.", "Mum"),
    ],
)
def test_a_birth_a_hospital_or_a_service_is_no_school(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


def test_a_verb_after_a_modal_is_no_name_before_a_relative(no_deny_list_engine):
    assert no_deny_list_engine.anonymise("she said she would ring my cousin later") == (
        "she said she would ring my cousin later"
    )
    assert "shaz" not in no_deny_list_engine.anonymise("talked to shaz my cousin about it")


@pytest.mark.parametrize(
    "text, owner",
    [
        ("Connors Roofing van is her brother's, he wants a flyer in it.", "Connors"),
        ("Fielding Garden Services, her business, has given work to two Ukrainian husbands.", "Fielding"),
        ("Sandhu Sweet Centre on King Street is her uncle's, they do the ladoo.", "Sandhu"),
    ],
)
def test_a_firm_named_after_a_surname_that_is_a_word(no_deny_list_engine, text, owner):
    assert owner not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Fen is pregnant!! Due August. She'll keep going till 36 wks.", "Fen"),
        ("Storm's email for the project: storm@example.org, mobile 07700 900123.", "Storm"),
        ("Cookie gave birth on Sunday, a girl.", "Cookie"),
        ("Both had babies at dvh last yr. may rated 9, tanya 3 (forceps).", "may rated"),
        ("Let's go back to after the birth. Hope, you said after wasn't so good?", "Hope"),
        ("Sofia 34 weeks, Hb improved on iron infusion. Sofia plans to go back after the season.", "Sofia"),
        ("Mum 8/10. twins Leo and Sierra, 11 weeks, both on the ward.", "Sierra"),
        ("gave her the gentle version. jade on sertraline now, feels better", "jade"),
    ],
)
def test_what_is_said_only_of_a_person_makes_a_name(no_deny_list_engine, text, name):
    assert name not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "She is pregnant again and the Team's email is on the poster.",
        "Patient is pregnant. Orbit's email came about the repairs. Sky rates 2 for signal on the ward.",
        "Booked 12 weeks. Scan at 20 weeks. Overall rated 7.",
        "Mum on sertraline. Baby on morphine. By the grace of god all is well.",
        "She went to London 2 weeks ago and came back on Monday.",
    ],
)
def test_the_same_shapes_without_a_person_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, initial",
    [
        ("Baby to be on a CP plan from birth. K tearful. Jo and I both attending.", "K tearful"),
        ("S. said the only bad bit was a HCA who said well what did you expect.", "S. said"),
        ("Referred at booking. C not keen, she says she is not a druggie.", "C not keen"),
    ],
)
def test_a_single_capital_for_a_woman_goes(no_deny_list_engine, text, initial):
    assert initial not in no_deny_list_engine.anonymise(text)


def test_a_handle_in_brackets_after_its_app_goes_but_not_a_web_address(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "Her ex messaged her on Snapchat from prison (reece.g.2k). She blocked him."
    )
    assert "reece.g.2k" not in out and "Snapchat" in out
    assert "mnvp.dgs.co.uk" in no_deny_list_engine.anonymise(
        "See our Facebook page (mnvp.dgs.co.uk) for dates."
    )


@pytest.mark.parametrize(
    "text, kept",
    [
        (
            "On Espranor 12mg, picks up daily from the pharmacy. Was 3 days late.",
            "Espranor",
        ),
        ("He is now buying street heroin, she is worried.", "street heroin"),
        ("New referral: 26, spina bifida, 14 weeks, ground floor flat.", "spina bifida"),
        ("NAS signs day 2. Finnegan scores 8-10. Moved to SCBU for morphine wean.", "Finnegan"),
        ("She phoned in tears - CSC did an unannounced visit because the GP referred.", "CSC"),
        ("OT from the disabled children's team said that is not their remit.", "OT"),
        ("Everyone rated the TAMBA helpline highly.", "TAMBA"),
        ("Can a BSL interpreter be on call at night? Signalise says yes with 4 hours' notice.", "Signalise"),
    ],
)
def test_blind73s_lost_keeps_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text, nickname",
    [
        ("poo explosion mid squat lmaoo. mum hannah (han) mortified", "(han)"),
        ('Lauren Pickering "Lolly" from Swanley, IVF twins, 19 weeks.', "Lolly"),
    ],
)
def test_a_nickname_in_brackets_or_quotes_after_a_name_goes(no_deny_list_engine, text, nickname):
    assert nickname not in no_deny_list_engine.anonymise(text)


def test_a_quoted_word_after_a_verb_stays(no_deny_list_engine):
    assert "'Lovely'" in no_deny_list_engine.anonymise("Sarah said 'Lovely' when asked.")
