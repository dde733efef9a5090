"""Anonymiser rules 39 (issue 10): badge and collar numbers, forum user names of joined words and a number, given
names that are stop or calendar words before a past verb of speaking, a given name in lower case before its date of
birth, a baby's name opening a sentence before its treatment, and kept: Romanian church and family words, neonatal
devices, car parks, "dob". Wordings are this file's own (none is a note of a labelled corpus or a real comment)."""

from __future__ import annotations

import pytest

from insights.quotes.handle_shapes import user_handle_spans
from insights.quotes.lexicon import RULES_VERSION
from insights.quotes.spoken_shapes import document_number_spans
from tests.anonymise_steps import assert_step_alone


def test_rules_version_is_39_or_later():
    assert int(RULES_VERSION) >= 39


# --- badge and collar numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("security officer on the door, badge S204, was kind", "S204"),
        ("porter's badge no. KP 3318 on the log", "KP 3318"),
        ("PC Hollis, collar number 6620, took the statement", "6620"),
        ("warrant card no 40917 on the police form", "40917"),
    ],
)
def test_a_badge_or_collar_number_is_found(text, number):
    start = text.index(number)
    assert (start, start + len(number)) in document_number_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "she has a blue badge 2 spaces from the door",
        "new badge 2024 design for the volunteers",
        "got her badge at 10:30 from security",
        "collar size 14 for the baby grow",
    ],
)
def test_a_count_a_year_or_a_time_after_badge_is_no_number(text):
    assert document_number_spans(text) == []


# --- forum user names ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("OP is SwanleySunflower91 on the local board", "SwanleySunflower91"),
        ("NorthfleetNana2020 replied to the thread", "NorthfleetNana2020"),
        ("thanks to mummyOfThree17 for the tip", "mummyOfThree17"),
    ],
)
def test_joined_words_and_a_number_are_a_user_name_anywhere(no_deny_list_engine, text, handle):
    out = no_deny_list_engine.anonymise(text)
    assert handle not in out and "[SOCIAL MEDIA]" in out


@pytest.mark.parametrize(
    "text",
    [
        "she had an iPhone15 and a PlayStation5 in the bag",  # a product, one digit or starting lower-case
        "the McDonalds near junction 2 of the A2",
        "FreeStyle Libre 2 sensor for her diabetes",
        "Covid19 jab at 28 weeks",
        "considering the CovId19 emergency, care was good",  # a real comment typed with capital I's
    ],
)
def test_products_and_words_with_numbers_are_no_user_name(text):
    assert user_handle_spans(text) == []


def test_user_handles_alone(silent_tagger):
    assert_step_alone(
        "user_handles",
        "asked on the forum, GraveshamGirl84 said the lifts were broken",
        "Girl84",
        silent_tagger,
    )


# --- given names that are stop or calendar words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Will asked if the car park was free for dads.",
        "Estates came. Will said the barrier was fixed.",
        "May told me the ward was full.",
    ],
)
def test_will_or_may_before_a_past_verb_of_speaking_is_a_person(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    assert "Will" not in out and "May" not in out and "[NAME]" in out


@pytest.mark.parametrize(
    "text",
    [
        "Will you ask the midwife about it?",
        "May is always busy on the ward.",
        "May was the month she booked.",
    ],
)
def test_the_modal_and_the_month_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_opening_people_alone(silent_tagger):
    assert_step_alone(
        "opening_people", "Porters came. Will asked for the parking form.", "Will", silent_tagger
    )


# --- a lower-case name before its date of birth ----------------------------------------------------------------------


def test_a_given_name_in_lower_case_before_dob_is_removed(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("form done: mercy dob 02/04/1991, wants the birth reflections")
    assert "mercy" not in out and "dob [DATE]" in out


@pytest.mark.parametrize(
    "text",
    [
        "baby dob 12/03/2024 on the red book",
        "her dob 01/02/1990 on the form",
        "mum dob 03/04/1991 and the GP's letter",  # "dob" was a name after "mum" before rules 39
        "nhs number and dob 04/05/1988 checked",
    ],
)
def test_dob_and_the_words_before_it_stay(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    assert "[NAME]" not in out and "dob [DATE]" in out


def test_dob_names_alone(silent_tagger):
    assert_step_alone("dob_names", "referral: mercy dob 05/06/1993 needs a call", "mercy", silent_tagger)


# --- a baby's name before its treatment ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("tues. Willow off high flow and onto the ward.", "Willow"),
        ("sat. Hope off antibiotics at last, culture clear.", "Hope"),
        ("Jack on CPAP overnight, settled by morning.", "Jack"),
    ],
)
def test_a_baby_s_name_before_its_treatment_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "Oxygen off at 10, sats fine.",
        "Phototherapy on for 24 hours.",
        "Baby on CPAP overnight.",
        "Summer on the ward was too hot.",  # a place, not a treatment
        "Sunday on oxygen again, said the nurse.",  # a weekday
    ],
)
def test_treatments_places_and_days_opening_a_sentence_stay(no_deny_list_engine, text):
    assert "[NAME]" not in no_deny_list_engine.anonymise(text)


# --- kept ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "the preoteasa brought cozonac after the liturghie",
            "preoteasa brought cozonac after the liturghie",
        ),
        ("her soacra and bunica both came for the 40 days", "soacra and bunica"),
        ("30 weeks with placenta praevia, on bed rest", "placenta praevia"),
        ("twins on Optiflow, then Vapotherm overnight", "Optiflow, then Vapotherm"),
        ("scoring 9 on the Finnegan chart at 2am", "Finnegan chart"),
        ("left the car seat in the Multi-Storey by the lifts", "Multi-Storey"),
        ("the barrier at Car Park D was stuck again", "Car Park D"),
        ("brought a tin of Quality Street for the midwives", "Quality Street"),
        ("baby moved to King's, Denmark Hill for surgery", "Denmark Hill"),
        ("my DD2 was born at the Royal Infirmary in 2019", "my DD2"),
    ],
)
def test_words_places_and_shorthand_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


def test_a_family_name_finnegan_still_goes(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Dr Finnegan saw her in triage")
    assert "Finnegan" not in out


def test_a_dundee_district_after_its_cue_still_goes(no_deny_list_engine):
    assert "DD2" not in no_deny_list_engine.anonymise("she moved from DD2 last year")


def test_a_kept_place_with_a_full_stop_after_it_stays(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("we shared a tin of Quality Street. then the ward round")
    assert "Quality Street." in out


def test_a_home_on_a_kept_street_still_goes(no_deny_list_engine):
    assert "Quality Street" not in no_deny_list_engine.anonymise("she lives at 4 Quality Street.")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("born on Remembrance Sunday, poppy on her babygrow", "Remembrance Sunday"),
        ("bleeding at 8 weeks and EPU said come in the morning", "EPU said"),
    ],
)
def test_a_day_and_a_unit_s_letters_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


# --- word names opening a sentence -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Form sent. Veronica will call back with the date.", "Veronica"),
        ("Sunny from Porchlight did the kids' activity.", "Sunny"),  # from an organisation
        ("Apologies: Verity from the ICB, and the chair.", "Verity"),
        ("rated 7. Dana had a spinal and it was fine.", "Dana"),
        ("Poppy will bring the pram back on Friday.", "Poppy"),
        (
            "rated 9. Elijah was discharged on day 3.",
            "Elijah",
        ),  # rare as a word (Zipf 3.5) before "was"
    ],
)
def test_a_word_name_rare_as_a_word_opening_a_sentence_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rowan bay was noisy all night.",  # a place's noun after it
        "Iris room is where triage sees you.",
        "Moses basket, nappies and wipes given.",
        "Patience and kindness from the staff.",  # common as a word (Zipf 4.2)
        "Praise given where it is due.",
        "Ivy was growing over the car park wall.",  # a plant before "was" (rules 6's policy)
        "Amber (light) flashed on the monitor.",  # a bracket: the bracket steps' policy
        "Valentine's day was hard this year.",
        "Olive oil on the cracked nipples, the midwife said.",
    ],
)
def test_places_things_and_common_words_opening_a_sentence_stay(no_deny_list_engine, text):
    assert "[NAME]" not in no_deny_list_engine.anonymise(text)


def test_opening_names_hold_no_common_word_or_place():
    from insights.quotes.anonymise import Anonymiser

    names = Anonymiser(tagger=None).lists.opening_names
    assert {"veronica", "poppy", "verity", "dana"} <= names
    assert (
        not {"patience", "praise", "hope", "will", "may", "chelsea", "paris", "dallas", "deacon", "shalom"}
        & names
    )


def test_a_firm_named_after_its_owner_for_parking_goes(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("the clamping firm, Hollister Parking Enforcement, wants £200")
    assert "Hollister" not in out


# --- day nurseries by name -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("her toddler is at Busy Bees three days a week", "Busy Bees"),
        ("got a place into little acorns with the 2 year funding", "little acorns"),
        ("Tiny Toes staff asked about safe sleep", "Tiny Toes"),
        ("the older one attends Kids Planet Dartford", "Kids Planet Dartford"),
    ],
)
def test_a_day_nursery_by_its_name_is_a_school(no_deny_list_engine, text, school):
    out = no_deny_list_engine.anonymise(text)
    assert school not in out and "[SCHOOL]" in out


@pytest.mark.parametrize(
    "text",
    [
        "small stepping stones to feeling better, she said",
        "little acorns grow into oaks, her nan used to say",
    ],
)
def test_the_same_words_in_a_saying_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_year_schools_alone(silent_tagger):
    assert_step_alone("year_schools", "Tiny Toes staff asked about safe sleep", "Tiny Toes", silent_tagger)


# --- short forms that are words, before what only a mind or a voice does ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Tea and cake. Dot thought it was the best unit in Kent.", "Dot"),
        ("Pat chimed in that the car park was worse.", "Pat"),
        ("Midge reckons the night staff were kind.", "Midge"),
    ],
)
def test_a_short_form_that_is_a_word_before_a_mind_s_verb_is_a_person(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_a_thing_opening_a_sentence_before_those_verbs_stays(no_deny_list_engine):
    assert no_deny_list_engine.anonymise("Feeding thought through with the team.") == (
        "Feeding thought through with the team."
    )


# --- the keep-side review's faults (each a test) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Amber warning for snow so appointments were cancelled.",
        "Miracle she survived after that bleed.",
        "Blessing in disguise really, the section.",
        "Ivy on the fence needs cutting back.",
        "Daisy Foundation classes were better.",
        "Sunny but cold.",
        "Serenity is what the birth centre promised.",
        "Henna is fine in pregnancy, the midwife said.",
        "Veer left out of the car park.",
        "Blessing from God, that baby was.",
        "1. Holly wreath on the door of the unit.",
    ],
)
def test_word_names_opening_an_ordinary_sentence_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "From little acorns mighty oaks grow, my nan says.",
        "We sat under the Monkey Puzzle tree in the park.",
        "Stepping Stones Triple P course was recommended by the HV.",
        "Busy Bees baby group at the childrens centre.",
        "Tiny Toes baby massage sessions at the community centre.",
        "She brought her to tiny toes at the library for baby sensory.",
        "The song Busy Bees was on repeat.",
    ],
)
def test_sayings_trees_songs_and_classes_are_no_nursery(no_deny_list_engine, text):
    assert "[SCHOOL]" not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "Lost badge 1430 reported to the security desk",
        "c/o pain R shoulder 0300 today, settled with paracetamol",
        "shoulder XR 2024 was clear",
        "collar 1500 mg on the chart",
        "blue badge 1234 holders only sign",
    ],
)
def test_times_codes_and_doses_after_badge_words_stay(text):
    assert document_number_spans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Started on NovoMix30 at 32 weeks for the gestational diabetes",
        "SharePoint2019 form was broken",
        "Went to BabyShow2024 at ExCel",
        "The MatNeo2024 report says the same",
        "MothersDay2024 cake from the cafe",
        "Watched it on PowerPoint2016 in the class",
    ],
)
def test_products_software_and_events_with_a_number_are_no_user_name(no_deny_list_engine, text):
    assert "[SOCIAL MEDIA]" not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "angel dob 03/04/2024 sadly passed",
        "junior dob 03/04/2018",
        "baba dob 03/04/2024",
        "chase dob 03/04/2024 with the GP",  # a common word before "dob"
        "Junior on phototherapy overnight.",
        "Princess on CPAP again.",
        "Angel on oxygen.",
        "Baba on phototherapy.",
    ],
)
def test_pet_words_before_dob_or_a_treatment_stay(no_deny_list_engine, text):
    assert "[NAME]" not in no_deny_list_engine.anonymise(text)


def test_a_note_ending_in_a_name_and_a_colon_is_anonymised(no_deny_list_engine):
    # rules 38 and before: an index past the end of the note ("list index out of range")
    for text in ("Tom:", "Holly:", "Ivy's ", "Tom,"):
        no_deny_list_engine.anonymise(text)


# --- the removal-side review's faults (each a test) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "she moved to Denmark Hill, Camberwell last year",
        "her flat is on Denmark Hill.",
        "new address is Quality Street.",
    ],
)
def test_a_home_on_a_street_kept_elsewhere_still_goes(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    assert "Denmark Hill" not in out and "Quality Street" not in out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Hope in an open cot now", "Hope"),
        ("Hope on bili lights", "Hope"),
        ("Hope under the lights", "Hope"),
        ("Hope on nasal cannula", "Hope"),
        ("Hope on iv abx", "Hope"),
        ("mercy DOB 21/09/1990", "mercy"),
        ("mercy D.O.B 21/09/1990", "mercy"),
        ("u/DartfordDaisy82 posted", "Daisy82"),
        ("Juniper will email the consultant re the scan.", "Juniper"),
        ("Will called the ward about parking.", "Will"),
        ("Veronica is due on the 3rd", "Veronica"),
        ("Dana was discharged on day 2", "Dana"),
        ("BUSY BEES rang to say he had a temp", "BUSY BEES"),
        ("the busy bees staff were lovely", "busy bees"),
        ("PC 4471 attended", "4471"),
        ("badge s118 on the log", "s118"),
        ("Pat believes she was ignored", "Pat"),
        ("Midge hoped to come", "Midge"),
    ],
)
def test_the_variants_the_removal_side_review_tried_are_found(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


# --- months that are given names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("June Pemberton from Hastings, 81, knits the hats.", "June"),
        ("caller May Okafor, 39/40, waters gone at 07:10.", "May"),
        ("April's daughter is due in the spring.", "April"),
        ("June's granddaughter is 17 and pregnant.", "June"),
    ],
)
def test_a_month_that_is_her_given_name_goes(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("in May Sarah had her baby at Darent Valley.", "in May"),
        ("since June Dr Patel has been great.", "since June"),
        ("May Sarah bring her mum to the group?", "May"),  # the modal in a question
        ("May's MNVP meeting moved to the hub.", "May's MNVP"),
        ("the May Day fair and April showers.", "the May Day fair and April showers."),
    ],
)
def test_a_month_as_a_month_stays(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)
