"""Anonymiser rules 38 (issue 10): reference numbers after more labels (NMC PINs, CAD and call references, share
codes, booking, loan and member numbers, codes of capitals and digits), addresses said with a domain of several words,
local groups' names in quotes or before "(WhatsApp)", everyday-word names before "'s" and a record of theirs, and baby
products, systems and charities kept. Wordings are this file's own (none is a note of a labelled corpus or a real
comment)."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION
from insights.quotes.spoken_shapes import STEPS as SPOKEN_STEPS
from insights.quotes.spoken_shapes import document_number_spans, share_code_spans, spaced_domain_spans
from tests.anonymise_steps import assert_optional_step, assert_step_alone


def test_rules_version_is_38_or_later():
    assert int(RULES_VERSION) >= 38


def test_spaced_domains_is_a_switch_measured_apart():
    assert_optional_step("spaced_domains", SPOKEN_STEPS)


# --- reference numbers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("band 6 bank midwife, nmc pin 09D4471E, booked for the night", "09D4471E"),
        ("agency sent a midwife, pin 22b1093o, first shift", "22b1093o"),
        ("checked the register, 18K5520W, all fine", "18K5520W"),  # the PIN's shape in capitals anywhere
        ("extra shift booking #40917 confirmed by text", "40917"),
        ("loan no. 31872 for the moses basket", "31872"),
        ("new mbr no 228190, wants a sling", "228190"),
        ("sponsor's CoS no. K7R2M44X9 came through", "K7R2M44X9"),
        ("ambulance came, CAD no. KT-204-1188, blue lights", "KT-204-1188"),
        ("crew on scene 12 mins, CAD 1503/0772", "1503/0772"),
        ("his ASPEN card 4402 1180 9921 3307 was blocked", "4402 1180 9921 3307"),
        ("UAN 1188-2041-7730-0912 on the letter", "1188-2041-7730-0912"),
        ("the GP wrote a new MATB1, serial no. 0551290", "0551290"),
        ("111 ref 20448109377, advised to come in", "20448109377"),
        ("journal ref 4410 2290 18 on her account", "4410 2290 18"),
    ],
)
def test_a_number_after_a_person_s_or_a_case_s_label_is_found(text, number):
    start = text.index(number)
    assert (start, start + len(number)) in document_number_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "pin 1234 for the door of the milk kitchen",  # four digits: a door code, no one's
        "booking 2 weeks ahead is hard for bank staff",
        "ref to OT and physio done",
        "reference 2019 guidelines on reduced movements",
        "room 214 on the second floor, bus 480 from Dartford",
        "case 2021 was the year she moved",
        "loan of 300 pounds from the council",
        "booking at 10+2 weeks, scan at 12",
    ],
)
def test_counts_codes_and_years_after_those_labels_are_no_reference(text):
    assert document_number_spans(text) == []


def test_a_share_code_replaces_the_postcode_inside_it(no_deny_list_engine):
    text = "right to work share code WK4 8PX 2QT for the new employer"
    assert share_code_spans(text) == [(text.index("WK4"), text.index(" for"))]
    out = no_deny_list_engine.anonymise(text)
    assert "[HOSPITAL NUMBER]" in out and "[POSTCODE]" not in out and "2QT" not in out


def test_a_share_code_needs_its_label():
    assert share_code_spans("she lives in DA1 2PX now") == []
    assert share_code_spans("she will share code words with the group") == []


# --- e-mails said aloud ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "her email is tam at kentish baby yoga dot co dot uk for bookings",
        "enquiries to jo dot b at bump and beyond dot com",
        "write to m at doula hub kent dot org dot uk",
    ],
)
def test_an_address_said_with_a_domain_of_several_words_is_found(text):
    start = text.index(" ", text.index(" is ") + 1) + 1 if " is " in text else text.index(" to ") + 4
    spans = spaced_domain_spans(text)
    assert spans and spans[0][0] == start and text[spans[0][1] - 2 : spans[0][1]] in ("uk", "om")


@pytest.mark.parametrize(
    "text",
    [
        "we met at the family hub dot dot dot",  # no top-level domain
        "she was at home all day, dot on time",
        "saw her at darent valley dot com is their site",  # "saw" and "her": stop words before "at"
        "meet at the baby bank dot sale today",  # "sale" is no top-level domain
    ],
)
def test_a_place_after_at_is_no_address(text):
    assert spaced_domain_spans(text) == []


def test_a_name_spelled_letter_by_letter_goes_with_its_address(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "email spelt out: k e r r y dot a n n e at outlook dot com. rang back"
    )
    assert out == "email spelt out: [EMAIL]. rang back"


def test_spaced_domains_alone(silent_tagger):
    assert_step_alone(
        "spaced_domains",
        "mail rosa at gravesend bump club dot co dot uk please",
        "gravesend bump",
        silent_tagger,
    )


# --- group names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ('on the WhatsApp community "Greenhithe Mamas" someone asked about scans', "Greenhithe Mamas"),
        ('started a new group: "Meopham & Longfield Twin Mums" last week', "Meopham & Longfield Twin Mums"),
        ("Swanley Twin Mums (WhatsApp) - a mum asked about the scan", "Swanley Twin Mums"),
        ("Dartford Bumps Buy & Swap: a pram for sale", "Dartford Bumps Buy & Swap"),
    ],
)
def test_a_group_s_name_beside_its_kind_is_removed(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out and "[SOCIAL MEDIA]" in out


def test_a_second_word_after_and_is_a_group_s_only_when_no_place_or_person(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("posted in Dartford Mums Chat & Sarah said it was full")
    assert "Sarah" not in out and "& [NAME]" in out  # a person after "&", not the group's word


# --- everyday-word names before "'s" ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Precious's booking bloods came back low", "Precious"),
        ("Charity's HMRC letter never came", "Charity"),
        ("Faith's daughter rang back about the appt", "Faith"),
    ],
)
def test_an_everyday_word_name_before_her_records_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_a_month_before_s_stays(no_deny_list_engine):
    assert "May's MNVP" in no_deny_list_engine.anonymise("May's MNVP meeting moved to the hub")


# --- kept: baby products, systems, charities -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Pearl took the Maxi-Cosi Pearl 360 home", "Maxi-Cosi Pearl 360", "Pearl took"),
        ("lent a Joie i-Snug 2 and a Bugaboo Fox 3 to Mrs Fox", "Bugaboo Fox 3", "Mrs Fox"),
        ("the Snuza Hero alarm went off, Hero was fine", "Snuza Hero", None),
        ("rang Maternity Action's advice line about charging", "Maternity Action", None),
        ("moved by Serco to a hotel in Dartford", "Serco", None),
        ("no Cerner login for the agency midwife", "Cerner", None),
        ("but Darent Valley OVM asked for proof of the IHS", "OVM asked", None),  # roles' letters
        ("Jo Smith (ODP, theatres) joined the network", "ODP", "Smith"),
    ],
)
def test_baby_products_systems_and_charities_stay(no_deny_list_engine, text, kept, gone):
    out = no_deny_list_engine.anonymise(text)
    assert kept in out
    if gone:
        assert gone not in out


# --- the keep-side review's faults (each a test) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Bolton's NHS trust had the same problem",  # a town before an acronym
        "Kingston's NICU was full so baby went to Croydon",  # a place that is a given name too, before a service
        "Queen's ED sent her round to triage",  # a hospital's short name
        "she needed a new share code for the 2nd landlord",  # "for the 2nd" is no code
        "vaccine batch 23K1045A given at 28 weeks",  # a PIN's shape after a batch's or a product's word
        "pram model 20A1234B recalled, check yours",
        "have a look at best beginnings dot org dot uk for videos",  # a website said aloud
        "advice at maternity action dot org dot uk is good",
        "the midwife said to look online at healthier together dot nhs dot uk",
        "ESR 20 45 110 over three days, CRP rising",  # a blood test
        "loan 150000 for the new unit was approved",  # money
        "invoice 202425 paid late by the council",  # a financial year
        "ticket no 10023 at the raffle",  # five digits only after a booking's, loan's or member's number word
        "ref 2024/25 budget and ref 36/40 growth scan",  # a financial year, a gestation
        "datix raised in 2024 about the delay",
    ],
)
def test_places_websites_tests_and_money_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


# --- the removal-side review's faults (each a test) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("email is big mama 84 at kent mums dot com", "mama"),  # the tagger's longer address is not cut back
        ("email is n a o m i dot f e n w i c k at gmail dot com", "n a o m i"),  # letters through "dot"
        ("email f a t i m a underscore a l i at gmail dot com", "f a t i m a"),
        ("email is jo dot bloggs at kent community health dot nhs dot uk", "bloggs"),  # an NHS address
        ("NMC no 12a3456e checked", "12a3456e"),
        ("nmc pin is 12a3456e", "12a3456e"),
        ("cos no c4g7k19p2 came", "c4g7k19p2"),
        ("CAD no. se-118-0734 at 02:14", "0734"),
        ("ref: 771634 for the complaint", "771634"),
        ("Ref - 771634", "771634"),
        ("booking no. is 77163", "77163"),
        ("share-code W7K 2PX 9QA", "9QA"),
        ("share code for right to work W7K 2PX 9QA", "9QA"),
        ("sharecode W7K2PX9QA", "W7K2PX9QA"),
        ("she is in the whatsapp group 'Greenhithe Mamas' and says it helps", "Greenhithe"),
        ('a whatsapp community called "Greenhithe Mamas" started', "Greenhithe"),
        ("Greenhithe Mamas [WhatsApp] posts about scans", "Greenhithe"),
        ("Greenhithe Mamas - WhatsApp group", "Greenhithe"),
        ("Swanley Mums Swap and Sell admins deleted it", "Sell"),
        ("Goodness' booking bloods were missed", "Goodness"),
        ("Precious' HV never came", "Precious"),
        ("saw Dr Brown's secretary about the scan", "Brown"),  # "Dr Brown's" is kept only before a bottle
        ("datix 123456 raised by the ward", "123456"),
        (
            "police ref 46/12345/24 given to her",
            "12345",
        ),  # a crime reference: its middle part is no day or month
        ("crime ref no. 46/12345/24", "12345"),
    ],
)
def test_variants_the_removal_side_review_found_are_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_dr_brown_s_bottles_stay(no_deny_list_engine):
    assert "Dr Brown's bottles" in no_deny_list_engine.anonymise("Dr Brown's bottles helped with the colic")


def test_a_nursing_agency_named_after_its_owners_is_removed_a_place_s_stays(no_deny_list_engine):
    assert "Hollowell" not in no_deny_list_engine.anonymise(
        "Hollowell Healthcare sent a midwife for the night"
    )
    kept = "Kent Healthcare and Medway Healthcare"
    assert no_deny_list_engine.anonymise(kept) == kept
