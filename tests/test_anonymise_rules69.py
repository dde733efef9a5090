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


@pytest.mark.parametrize(
    "text, gone",
    [
        ("June rated her care 7.", "June"),
        ("May (table 5, mum of four) said she may be the only one there with four.", "May ("),
        ("The ward clerk on Bluebell, May, has been there 31 years.", ", May,"),
    ],
)
def test_a_month_said_as_a_woman_goes(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "In June she rated her care 8.",
        "She is due in May, says the midwife.",
        "By August said she would be back at work.",
    ],
)
def test_a_month_as_a_month_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Hartley, Sian (DGT)  0:01:20 Hi everyone, I'm matron for community midwifery.",
        "From: Hartley, Sian (DARTFORD AND GRAVESHAM NHS TRUST) Sent: Monday",
    ],
)
def test_a_display_name_loses_its_surname_too(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    assert "Hartley" not in out and "Sian" not in out


def test_a_place_before_a_name_and_a_nickname_stays(no_deny_list_engine):
    assert "Slough" in no_deny_list_engine.anonymise(
        "Her friend from Slough, Harpreet Kaur (Preet), visiting."
    )


@pytest.mark.parametrize(
    "row, initials",
    [
        ("2025-03-04 11:40\tKA\tDA1 2RF\t6\t\tNo", "KA"),
        ("04/03/2025 10:30\tAO\t\t8\thyperemesis, the gynae ward were kind\tNo", "AO"),
    ],
)
def test_a_cell_of_initials_after_a_date_goes(no_deny_list_engine, row, initials):
    assert f"\t{initials}\t" not in no_deny_list_engine.anonymise(row)


def test_a_short_cell_in_prose_or_after_words_stays(no_deny_list_engine):
    row = "Ward\tHV\tcomment\tsaid the HV was kind"
    assert no_deny_list_engine.anonymise(row) == row


@pytest.mark.parametrize(
    "text, number",
    [
        ("Kerry (A4821DK) at HMP Bronzefield, 31 weeks.", "A4821DK"),
        ("Kerry, prison no a7730eq, HMP Downview.", "a7730eq"),
    ],
)
def test_a_prison_number_goes_and_the_prison_stays(no_deny_list_engine, text, number):
    out = no_deny_list_engine.anonymise(text)
    assert number not in out and "HMP" in out


@pytest.mark.parametrize(
    "text, owner",
    [
        ("Her husband works at Petrescu Car Wash, cash in hand.", "Petrescu"),
        ("Fenner's Florist in Gravesend did the flowers.", "Fenner"),
    ],
)
def test_a_firm_named_for_its_owner_loses_the_name(no_deny_list_engine, text, owner):
    assert owner not in no_deny_list_engine.anonymise(text)


def test_a_beauty_salon_is_no_firm_of_a_person(no_deny_list_engine):
    text = "not to confuse with the beauty salon on Lowfield Street she says"
    assert "beauty salon" in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Shiny chechi leads our prayer at the church hall.", "Shiny"),
        ("Sunny chettan joked that in Kerala at least the rain is warm.", "Sunny"),
    ],
)
def test_a_name_before_a_malayalam_kinship_word_goes(no_deny_list_engine, text, name):
    out = no_deny_list_engine.anonymise(text)
    assert name not in out and ("chechi" in out or "chettan" in out)


def test_kerala_places_dishes_and_kinship_words_stay(no_deny_list_engine):
    text = (
        "She is from Ernakulam, a Malayali nurse; ammachi makes puttu and appam, and achen did the baptism."
    )
    out = no_deny_list_engine.anonymise(text)
    for word in ("Ernakulam", "Malayali", "ammachi", "puttu", "appam", "achen"):
        assert word in out


def test_a_chat_exports_writer_mid_line_goes(no_deny_list_engine):
    text = (
        "12/03/2025, 06:12 - Gaz: anyone know a tyre lad. 12/03/2025, 06:14 - Smudge: my cousin will come out"
    )
    out = no_deny_list_engine.anonymise(text)
    assert "Gaz" not in out and "Smudge" not in out


@pytest.mark.parametrize(
    "text, name",
    [("Bear's parents are moving, new address soon.", "Bear"), ("Bear's mum rang me today.", "Bear")],
)
def test_an_ons_baby_name_before_a_relative_goes(no_deny_list_engine, text, name):
    assert name not in no_deny_list_engine.anonymise(text)


def test_twins_under_fetal_medicine_at_kings_is_a_hospital(no_deny_list_engine):
    text = "His girlfriend is 28 weeks with twins under fetal medicine at King's."
    assert no_deny_list_engine.anonymise(text) == text


def test_a_school_after_a_child_still_goes(no_deny_list_engine):
    assert "Mary" not in no_deny_list_engine.anonymise("Her son goes to St Mary's on the hill.")


@pytest.mark.parametrize(
    "text",
    [
        "He drives for Evri and does Deliveroo at weekends.",
        "I'll send the summary to everyone who registered on Eventbrite.",
        "She sells baby clothes on Vinted and Gumtree.",
    ],
)
def test_couriers_and_apps_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, people",
    [
        (
            "Nepali ladies want antenatal info on youtube. Gurung and Tamang ladies same.",
            ("Gurung", "Tamang"),
        ),
        ("Aama speaks only Tamang and a little Nepali.", ("Tamang",)),
        ("Gurung families are having their new year party in December.", ("Gurung",)),
    ],
)
def test_the_peoples_of_nepal_stay_as_peoples(no_deny_list_engine, text, people):
    out = no_deny_list_engine.anonymise(text)
    assert all(p in out for p in people)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Sita Gurung rated her care 7.", "Gurung"),
        ("Mrs Gurung said the ward was cold.", "Gurung"),
        ("Rai family live at flat 4, the postcode is on the form.", "Rai"),
    ],
)
def test_a_nepali_family_name_is_still_a_name(no_deny_list_engine, text, name):
    assert name not in no_deny_list_engine.anonymise(text)


def test_a_place_before_who_is_no_person(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("I need to remember the lady from Stone who wanted a home birth.")
    assert "from Stone who" in out
    assert "Ruth" not in no_deny_list_engine.anonymise("A text from Ruth who runs it.")


def test_a_village_named_like_a_street_stays_but_not_a_house_in_it(no_deny_list_engine):
    assert "Istead Rise" in no_deny_list_engine.anonymise(
        "Twins born to her and her partner from Istead Rise."
    )
    assert "4 Istead Rise" not in no_deny_list_engine.anonymise("She lives at 4 Istead Rise with her mum.")


@pytest.mark.parametrize(
    "text",
    [
        "A Catherine Wheel in the Certain Ages with nothing to lose.",
        "I have found the Elklan Lets Talk course to be amazing!",
        "My CPN is good too and we have 'good craic' together!",
        "If Carlsberg did a Hospice, it would be this one.",
    ],
)
def test_words_of_real_stories_named_like_people_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, name",
    [
        ("tay had a girl, c section for breech. she said the anaesthetist held her hand.", "tay"),
        ("des wants a memory box for the baby, the one from the charity didnt come. chasing.", "des"),
        ("the storm flooded the car park so only 3 came. jazz walked in soaked pushing the pram.", "jazz"),
    ],
)
def test_a_short_form_opening_a_lower_case_note_goes(no_deny_list_engine, text, name):
    assert name not in no_deny_list_engine.anonymise(text).split()


@pytest.mark.parametrize(
    "text",
    [
        "group had 10 women today. staff said it was busy.",
        "dads asked why they cant stay overnight on the postnatal ward.",
    ],
)
def test_a_common_word_or_a_plural_opening_a_lower_case_note_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, name",
    [
        ("Ray in estates worked out it was him. Card passed on.", "Ray"),
        ("May on Bluebell reception is the heart of that ward.", "May"),
    ],
)
def test_a_name_at_the_desk_goes(no_deny_list_engine, text, name):
    assert name not in no_deny_list_engine.anonymise(text)


def test_a_month_before_the_desk_stays(no_deny_list_engine):
    text = "She starts in May on reception at the GP."
    assert no_deny_list_engine.anonymise(text) == text
