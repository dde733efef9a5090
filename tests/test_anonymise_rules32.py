"""Anonymiser rules 32 (issue 10): chat user names, pets, a name's short forms and initials, a family name after a
given name, ratings with what was rated, names opening a sentence with a possessive, student numbers and halls
removed; places after a word that locates them and the area's parks kept. Wordings are this file's own (none is a
note of a labelled corpus)."""

from __future__ import annotations

import pytest

from insights.quotes.handle_shapes import STEPS as HANDLE_STEPS
from insights.quotes.handle_shapes import underscore_spans, user_handle_spans
from insights.quotes.label_slots import STEPS as LABEL_STEPS
from insights.quotes.lexicon import RULES_VERSION, Finding, load_lists
from insights.quotes.note_people import _short_form
from insights.quotes.service_guards import STEPS as SERVICE_STEPS
from insights.quotes.service_guards import located_place
from insights.quotes.spoken_shapes import service_number_spans
from tests.anonymise_steps import assert_optional_step


def test_rules_version_is_32_or_later():
    assert int(RULES_VERSION) >= 32


@pytest.mark.parametrize("step", [*HANDLE_STEPS, "pet_names", "located_places"])
def test_each_new_step_is_a_switch_measured_apart(step):
    assert_optional_step(step, HANDLE_STEPS + LABEL_STEPS + SERVICE_STEPS)


# --- chat user names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("chat 09:14 Mon, user xX_GlitterQueen_Xx, display name Shannon.", "xX_GlitterQueen_Xx"),
        ("moonpie_mama_23 says the scan was rushed", "moonpie_mama_23"),
        ("the regulars: sleepy_sal and mum_of_3_dee", "mum_of_3_dee"),
    ],
)
def test_a_word_joined_by_underscores_is_one_handle(text, handle):
    start = text.index(handle)
    assert (start, start + len(handle)) in underscore_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "photo Q3_2024 attached",
        "file A_1 sent",
        "email jo_smith@nhs.net",
        "no underscores",
        "site?ref=share_link",
    ],
)
def test_codes_e_mails_and_plain_text_are_no_underscore_handle(text):
    assert underscore_spans(text) == []


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("user daisychain2k20: rate 1-10? 1.", "daisychain2k20"),
        ("agent chatting to WobblyToast77, that's her cat's name", "WobblyToast77"),
        ("agent J again on nights. user night.owl.mum. reflux again.", "night.owl.mum"),
        ("her username is m4rshmallowMum", "m4rshmallowMum"),
        ("username:sweetpea2k19 joined the chat", "sweetpea2k19"),  # no space after the colon
        ("user=BrokenBiscuit88", "BrokenBiscuit88"),
        ("user Night.Owl.Mum asked", "Night.Owl.Mum"),
    ],
)
def test_a_user_name_after_its_cue_is_a_handle(text, handle):
    start = text.index(handle)
    assert (start, start + len(handle)) in user_handle_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "the user said it was fine",
        "user Sarah from Swanley",
        "chatting to midwives",
        "user guide.pdf opened",
        "She couldn't handle 4weeks of no sleep",
    ],
)
def test_an_ordinary_word_after_the_cue_is_no_handle(text):
    assert user_handle_spans(text) == []


def test_a_handle_replaces_the_names_found_inside_it(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("user xX_GlitterQueen_Xx, display name Shannon, rates it 4")
    assert "GlitterQueen" not in out and "xX_" not in out and "_Xx" not in out
    assert "[SOCIAL MEDIA]" in out


# --- people --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        (
            "[producer note: Tamsin-Rae Quillfeather 07700 900123.]",
            "Quillfeather",
        ),  # a family name no list knows
        ("Holly's form needed updating, she moved.", "Holly"),  # a possessive opening a sentence
        ("Joyce's last class before going back to work.", "Joyce"),
        ("KP notes. RJ's M at drop off, 34 wks.", "RJ"),  # initials with a possessive
        ("Pat rates the NICU at Medway 10, he is coming home.", "Pat"),  # a rating with what was rated
        ("SB rates her booking appointment 3, waited 2 hrs.", "SB"),
        ("staff: Kerry, Jo, PN (new, Priya) and me.", "PN"),  # initials before a bracket with her name
        ("Green room GH = George Hill.", "GH"),  # initials = the name they stand for
        ("Dorothy Kemp (Dot), 71, raising two grandchildren.", "Dot"),  # a short form after the full name
        ("Nadia brought her whippet Crumpet who ran off after a squirrel.", "Crumpet"),  # a pet
        ("Pickle the spaniel got loose by the bandstand.", "Pickle"),
        ("Pat asked me to come as support.", "Pat"),  # a short form that is a word, before a person's verb
        ("Dot's phone 07700 900123.", "Dot"),
        (
            "Marvel Okoro came in. The Dr didnt look at Marvel's rash.",
            "Marvel",
        ),  # a found name with its capital
        ("KP notes. AJ's M at drop off. AJ very excited about being a big brother.", "AJ"),
        ("her whippet Crumpet's vet bills are huge", "Crumpet"),  # a pet's possessive
        ("the dog called biscuit keeps barking", "biscuit"),  # a pet named in lower case after "called"
        ("Heath and her partner came to the drop in", "Heath"),  # a park's word is no local place
    ],
)
def test_rules_32_people_are_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("met Amy Swanley way last week", "Swanley"),  # a local place after a given name is no family name
        ("Summer's been hard on everyone.", "Summer"),  # "'s" for "has"
        ("GP's letter came late. NHS's fault.", "GP's"),  # a service's acronym
        ("Overall rates it 9. Everyone rates the ward 8.", "Overall"),  # the care, not a person
        ("GP (Gordon Pike) rang back.", "GP"),
        ("the cat Food bowl was empty", "Food"),  # a common word after a pet's kind
        ("Marvel Okoro came in, what a marvel she is", "what a marvel"),  # after a determiner: a thing
        # a review's over-removals
        ("BH = Birth Hub, open tues", "Birth Hub"),  # initials of a service, not a name
        ("ok. EPU's report was late", "EPU"),  # capitals' possessive before no relative
        ("Bell's palsy noted at 34 wks, referred", "Bell's palsy"),
        ("King's did the repeat scan", "King's"),
        ("Summer's heat made her ankles swell badly", "Summer's"),
        ("Ambulance gave her gas and air at 4", "Ambulance"),
        ("Healthwatch rates the service 3", "Healthwatch"),
        ("Jackson Kemp (Son) 4 months", "(Son)"),
        ("Groomed the dog and then waters went", "Groomed"),
        ("the cat Litter tray was full", "Litter"),
        ("She couldn't handle 4weeks of no sleep", "4weeks"),
        # a second review's over-removals
        ("Valentine's day was hard for her this year.", "Valentine's day"),
        ("They have a Labrador Retriever.", "Labrador Retriever"),
        ("Meet the puppy group at the Cat Cafe.", "Cat Cafe"),
        ("Chase the cat out of the nursery.", "Chase"),
    ],
)
def test_rules_32_keeps_what_is_no_person(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("short", "first", "expected"),
    [("dot", "dorothy", True), ("tel", "terence", False), ("mo", "maureen", False), ("dot", "dot", False)],
)
def test_a_short_form_keeps_the_name_s_letters_in_order(short, first, expected):
    assert _short_form(short, first) is expected


def test_the_word_nicknames_are_short_forms_that_are_words_and_no_given_names():
    lists = load_lists()
    assert {"pat", "dot", "woody"} <= lists.word_nicknames
    assert not lists.word_nicknames & {"nanny", "sis", "vet", "the", "one"}
    assert not lists.word_nicknames & lists.first_names


# --- numbers and homes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("uni student ID 001482937 on the funded hours form", "001482937"),
        ("student no. 001288417 for the accommodation complaint", "001288417"),
        ("her student number on the Childcare Grant form is 001392574 and it bounced", "001392574"),
        ("staff number 4471902 on her lanyard", "4471902"),
        ("her student number was 001288417", "001288417"),
        ("Student no: 2100123456", "2100123456"),
        ("uni student card number is 001288417", "001288417"),
    ],
)
def test_a_student_or_staff_number_after_its_label(text, number):
    start = text.index(number)
    assert (start, start + len(number)) in service_number_spans(text)


def test_a_hall_of_quays_is_an_address(no_deny_list_engine):
    assert "Pier Quays" not in no_deny_list_engine.anonymise("lives in Pier Quays with her son, 2")


# --- places kept ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("She is from Dhankuta, first baby born in Dharan.", "Dhankuta"),
        (
            "born in Lourdes where her gran went on pilgrimage",
            "Lourdes",
        ),  # a given name too: a cue no person takes
        ("named after Dhaka where her parents met", "Dhaka"),
        ("her husband moved back to Tbilisi in May", "Tbilisi"),
        ("walk at Darenth Country Park on Sunday, then Cyclopark", "Darenth Country Park"),
        ("walk at Darenth Country Park on Sunday, then Cyclopark", "Cyclopark"),
    ],
)
def test_a_located_place_or_a_local_park_stays(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a review's leaks: people left, run from, gone back to and named after are no places
        ("she went back to Tyler after the court date", "Tyler"),
        ("she hides from Hassan when he drinks", "Hassan"),
        ("she confided in Lisa at the hub", "Lisa"),
        ("baby named after Elizabeth her nan who passed", "Elizabeth"),
        (
            "Tyler Mason is her ex. She went back to Tyler last week",
            "Tyler",
        ),  # a person elsewhere in the note
        # rules 41: "born in Florence" after a baby Florence is the place, as the labelled corpora mark it
        ("baby Florence born at 3am, Florence feeding well", "Florence"),
        ("got a text from Paris about the baby", "Paris"),  # a sender
        # a second review's leaks
        ("The referral is from Savannah (HV) re low mood.", "Savannah"),
        ("help comes from Georgia her sister in law who lives nearby.", "Georgia"),
        ("the flowers were from Chelsea and Jordan on the ward", "Chelsea"),
        ("the pram is from Austin her brother", "Austin"),
        ("Baby was born in Florence, her sister's flat, at 3am", "Florence"),
        ("her flat is on Longfield Hill, no. 12", "Longfield Hill"),  # a street people live on is no park
        ("lives at 5 Gordon Promenade East", "Gordon Promenade"),
        ("Feedback from Hope re triage: waited 3h", "Hope"),
        ("Dr Lourdes Santos saw her in clinic", "Lourdes"),  # a title
    ],
)
def test_a_person_named_like_a_place_is_still_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "word", "place"),
    [
        ("they lived in Denver for two years", "Denver", True),
        (
            "we drove back in Denver last spring",
            "Denver",
            False,
        ),  # a given name of the lists: "in" is not enough
        ("can he bring the toddler in Denver said the sister", "Denver", False),  # a person's act after it
        ("met her in Kenya's room on the ward", "Kenya", False),  # a possessive
        ("a card from Paris for the midwives", "Paris", False),  # a sender with a given name
        (
            "her gran is from Paris originally",
            "Paris",
            False,
        ),  # "is from" follows people too ("is from Savannah (HV)")
        ("her gran is originally from Paris", "Paris", True),
    ],
)
def test_the_located_place_guard_reads_the_words_around_it(text, word, place):
    start = text.index(word)
    finding = Finding(start, start + len(word), "PERSON", "NameTagger")
    assert located_place(text, finding, load_lists()) is place
