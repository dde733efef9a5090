"""Rules 69: a street that places a shop, a place of worship or a B&B stays (but not a workplace or where she is
found); "went to Baby Bop classes" is a class, not a baby; a keep word that is an ONS baby name is a name after a
relative ("her daughter Bliss") and wherever else the note uses it so, not where it names the charity; a six-digit
number after a name carries its own rule's label."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, street",
    [
        ("Can the Mandir on Pelham Road be on the leaflet as a place to get information?", "Pelham Road"),
        ("I left five packs at the Co-op on London Road and the manager said that was fine.", "London Road"),
        (
            "Inspection of the B&B on London Road: mould, two pregnant women sharing one cooker.",
            "London Road",
        ),
        ("After Polish Mass at St John's on Milton Road I spoke to two mums by the door.", "Milton Road"),
        ("Gave her the baby bank address. Also does the charity shop on Spital Street", "Spital Street"),
    ],
)
def test_a_street_that_places_a_venue_stays(no_deny_list_engine, text, street):
    assert street in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text, street",
    [
        ("Her husband works at the car wash on Wrotham Road, he drives her to group.", "Wrotham Road"),
        ("He runs the Tyres place on Tower Road so can fix our punctures.", "Tower Road"),
        ("She lives in a room above the Polish shop on Parrock Street.", "Parrock Street"),
        ("Brother at the one next to the Co-op on Hawley Road, she said.", "Hawley Road"),
        ("She lives on King Street with her nan", "King Street"),
    ],
)
def test_a_workplace_or_a_home_beside_a_venue_still_goes(no_deny_list_engine, text, street):
    assert street not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "We went to Baby Bop classes every Tuesday and loved it.",
        "We go to Baby Bop at the library on Thursdays.",
    ],
)
def test_a_baby_class_is_no_baby(no_deny_list_engine, text):
    assert "Bop" in no_deny_list_engine.anonymise(text)


def test_a_baby_is_still_a_baby(no_deny_list_engine):
    assert "Ethan" not in no_deny_list_engine.anonymise("She took baby Ethan to the GP on Monday.")


def test_a_kept_baby_name_after_a_relative_goes_everywhere_she_is_named(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "Kemi said her daughter Bliss was born at 30 weeks. The Bliss charity sent someone to help with the NICU "
        "discharge. Bliss is home now."
    )
    assert out.count("Bliss") == 1 and "The Bliss charity" in out


def test_baby_bliss_and_her_date_of_birth_go(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Tamara 19, first baby Bliss, EBF. Bliss DOB 03/04/2025.")
    assert "Bliss" not in out


@pytest.mark.parametrize(
    "text",
    [
        "We got a leaflet from Bliss about the neonatal unit.",
        "Bliss were brilliant with us on NICU.",
        "In May she moved to Swanley and the HV came in June.",
    ],
)
def test_the_charity_and_the_months_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_month_after_a_title_is_a_name_only_there(no_deny_list_engine):
    assert no_deny_list_engine.anonymise("Mrs May came. In May she moved.").endswith("In May she moved.")


def test_six_digits_after_a_name_carry_their_own_label(no_deny_list_engine):
    found = no_deny_list_engine.find("Pt Smith 123456 seen on ward")
    number = [f for f in found if f.entity == "HOSPITAL_NUMBER"]
    assert [f.source for f in number] == ["UkIdentifiers:numbers_after_names"]
