"""Anonymiser rules 33 (issue 10): certificate, account, fine and badge numbers after their label; a Facebook page's,
shop's or group's name that carries a person removed whole; the other members of a list of names; a speaker after
a kin word or title. Wordings are this file's own (none is a note of a labelled corpus)."""

from __future__ import annotations

import pytest

from insights.quotes.handle_shapes import STEPS as HANDLE_STEPS
from insights.quotes.handle_shapes import page_name_spans
from insights.quotes.lexicon import RULES_VERSION, Finding
from insights.quotes.note_people import STEPS as PEOPLE_STEPS
from insights.quotes.spoken_shapes import STEPS as SPOKEN_STEPS
from insights.quotes.spoken_shapes import document_number_spans
from tests.anonymise_steps import assert_optional_step


def test_rules_version_is_33_or_later():
    assert int(RULES_VERSION) >= 33


@pytest.mark.parametrize("step", ["document_numbers", "page_names", "firm_partners"])
def test_each_new_step_is_a_switch_measured_apart(step):
    assert_optional_step(step, SPOKEN_STEPS + HANDLE_STEPS + PEOPLE_STEPS)


# --- document numbers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("her maternity exemption certificate number is 123 456 789 0 so scripts are free", "123 456 789 0"),
        ("penalty charge notice KT 0093 4471 from the hospital car park", "KT 0093 4471"),
        ("council tax account 501234567, three months behind", "501234567"),
        ("UC claim ref 7654 3210 9, the advance was refused", "7654 3210 9"),
        ("blue badge no: 1234 5678 9012 3456", "1234 5678 9012 3456"),
        ("parking fine no 4471 2209 from the council", "4471 2209"),
        ("Her BRP number is 88412093", "88412093"),
    ],
)
def test_a_number_after_a_document_s_label_is_found(text, number):
    start = text.index(number)
    assert (start, start + len(number)) in document_number_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "she paid the fine 3 times, £120 each",  # a count and money, no number
        "Her account of the birth in 2019 was sad",  # a year: four digits
        "the visa took 6 months and 10 days",
        "Incident no 25153582 was handled well",  # an ambulance's incident: no document's label
        "notice given on 12/03/2024",  # a date
    ],
)
def test_counts_years_dates_and_other_labels_are_no_document_number(text):
    assert document_number_spans(text) == []


def test_a_document_number_never_overrides_an_ni_number(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("her ni for child benefit NR 74 02 96 C, his van outside")
    assert "[NI NUMBER]" in out and "74 02" not in out and " C," not in out


def test_a_phone_number_after_an_account_label_stays_a_phone(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("account is 07700 900123 for texts")
    assert "[PHONE]" in out and "[HOSPITAL NUMBER]" not in out


# --- pages, shops and groups -----------------------------------------------------------------------------------------


def _person(text: str, word: str, nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Finding(start, start + len(word), "PERSON", "test")


@pytest.mark.parametrize(
    ("text", "word", "page"),
    [
        (
            'She is posting the flyer on "Nails by Kasia Dartford" Facebook today.',
            "Kasia",
            "Nails by Kasia Dartford",
        ),
        (
            'Her Facebook page is "Adebayo\'s Hair & Braids Gravesend", post it there.',
            "Adebayo",
            "Adebayo's Hair & Braids Gravesend",
        ),
        (
            "a Facebook group too: Dartford Mums Unite (admin Leah Q). She posted.",
            "Leah",
            "Dartford Mums Unite (admin Leah Q)",
        ),
        (
            "the doula who runs Gravesend Doula Collective (Jess L) on Facebook",
            "Jess",
            "Gravesend Doula Collective (Jess L)",
        ),
    ],
)
def test_a_page_carrying_a_person_is_one_detail(text, word, page):
    start = text.index(page)
    assert (start, start + len(page)) in page_name_spans(text, [_person(text, word, text.count(word) - 1)])


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Rachel said the Darent Valley Hospital midwives were great", "Rachel"),  # no page's cue
        ("on the Facebook group Sarah Jones said the ward was fine", "Sarah"),  # a person's name alone
        (
            "Facebook group: the midwife at Darent Valley Hospital (Sarah) was kind",
            "Sarah",
        ),  # a service's name
        ("her Facebook: Priya", "Priya"),
    ],
)
def test_a_name_alone_or_a_service_is_no_page(text, word):
    assert page_name_spans(text, [_person(text, word)]) == []


def test_a_page_replaces_the_names_inside_it(no_deny_list_engine):
    out = no_deny_list_engine.anonymise('Amara shared it on "Nails by Kasia Dartford" Facebook, 40 likes.')
    assert "Nails by" not in out and 'Dartford"' not in out and "[SOCIAL MEDIA]" in out


# --- lists of names and speakers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("babies today: Olive, Juniper, Ava, Leo, Kit and Max.", "Juniper"),
        ("babies today: Olive, Juniper, Ava, Leo, Kit and Max.", "Kit"),
        ("Me: hiya all\nSis Pat: write it down for me", "Pat"),  # a speaker after a kin title, in a thread
    ],
)
def test_rules_33_people_are_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("we went to see Ava, Leo and Dartford on the map", "Dartford"),  # a local place in the list
        ("Sarah, Priya and Leeds were all mentioned", "Leeds"),  # a town anywhere
        ("Amy, Zoe and Monday clinic", "Monday"),  # a day
        ("Darent Valley, Medway and Maidstone all have birth centres", "Darent Valley, Medway and Maidstone"),
        ("Plan: ring GP. Note: ask about Bliss", "Plan"),  # fields, no thread
    ],
)
def test_rules_33_keeps_what_is_no_person(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("landlord is Kingsley & Moss Residential, 6 months up front", "Moss"),  # a firm's partner
        ("Bola rates 8, the ward was busy.", "Bola"),  # a rare word before a rating
        ("Bola rated 8. The ward was busy.", "Bola"),  # a rating at a sentence's end
        ("Mark (T5) - said the ward was rushed. rated 7", "Mark"),  # a given name that is a care word
        ("CT acc. no 6011-3207, 28 wks", "6011"),
        ("PCN gv11874420 from the council outside the hub", "11874420"),
        ("old cert no. HC2/447/118209 for the dentist", "118209"),
    ],
)
def test_rules_33_details_are_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ('Post by Kerry-Ann Proud Mum Of 4: "rate my care?? honestly 3"', "Mum Of 4"),
        ("Funke Adebanjo (Mum of 3) replied 9 for Medway", "(Mum of 3)"),
        ("DM from Gemma Lou xx after I shared the survey link", "xx"),
    ],
)
def test_a_display_name_s_tail_goes_with_the_name(no_deny_list_engine, text, tail):
    out = no_deny_list_engine.anonymise(text)
    assert tail not in out and "[SOCIAL MEDIA]" in out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("THANK YOU Precious & Nkechi on Rosewood & Willow x", "Rosewood"),  # wards after "on"
        ("her mum Sarah posted in the group", "her mum"),  # a relation is no display name's head
        ("Overall rates it 9, the ward was clean", "Overall"),
        ("told its just braxton hicks, sent home", "braxton hicks"),
        ("she wants jollof allowed on the ward, a Krio speaker", "jollof"),
        ("Sierra Leonean, Krio speaker, no phone credit", "Krio"),
        ("the midwife let my mum stay for omugwo visits", "omugwo"),
    ],
)
def test_rules_33_keeps(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


def test_bibi_is_a_part_of_a_name_not_an_honorific(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Salma Bibi lives near the hub")
    assert "Salma" not in out and "Bibi" not in out


def test_a_run_with_an_honorific_keeps_the_name_and_cuts_the_honorific(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Hema Patel maasi said the booking took 3 weeks")
    assert "Hema" not in out and "Patel" not in out and "maasi" in out


# --- a review's findings (each reproduced before the mend) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a note in capitals or Title Case is no page's name
        (
            "FACEBOOK GROUP POST: SARAH SAID THE MIDWIFE AT DVH IGNORED HER AND SHE BLED",
            "THE MIDWIFE AT DVH IGNORED",
        ),
        ("in her account SHE SAID SARAH THE MIDWIFE WAS RUDE AND NEVER CAME BACK", "THE MIDWIFE WAS RUDE"),
        ("Her Account: Sarah The Midwife Was Amazing And Kind To My Mum", "Kind To My Mum"),  # as rules 32
        # a bracket after a name is a display name's tail only as "(Mum of 3)"
        (
            "she wrote on whatsapp that Priya (baby 3 days, not feeding) was sent home",
            "(baby 3 days, not feeding)",
        ),
        ("posted on the group: Leah (mum of 2, 3rd c section) said no one explained", "3rd c section"),
        ("comment from Leah (proud mum of a rainbow baby) about the bereavement suite", "rainbow baby"),
        ("whatsapp Priya mum to ring back tomorrow re booking", "mum to ring back"),
        ("she replied that Mama Ngozi came from Lagos for omugwo", "Mama"),
        # years, times and readings after a document's label
        ("council tax 2024/25 went up again, she cant pay", "2024/25"),
        ("tenancy 2022-2025 ends before baby is due", "2022-2025"),
        ("the visiting policy 0800-2000 is too short for dads", "0800-2000"),
        ("obs fine BP 160/100 HR 110 sent to triage", "160/100"),
        ("the midwife didnt take into account BP 160/110 and sent her home", "160/110"),
        ("mum and baby fine 12 05 2024 discharged", "fine"),
        ("council tax 1450 2023 2024 she owes", "1450"),
        ("passport 2015 2025 expired", "2015 2025"),
        # a page's name after a weak cue holds no role, place, language or relation
        ("in her account Mercy Adeyemi Darent Valley midwife was lovely", "Darent Valley"),
        ("in the group Sarah and Priya and Kent Police talked about DV", "Kent Police"),
        ("on facebook, Amina Yusuf Arabic and Somali interpreter needed", "Arabic"),
        ("the facebook post said Sarah and Mum and Nan all cried on Labour Ward", "Mum and Nan"),
        ("her account of the birth: Sarah Jones and Dr Patel were kind", "[NAME] and [NAME] were kind"),
        # staff groups before a rating
        ("Doulas rated 9, midwives rated 6", "Doulas"),
        ("Physios rated 7. Receptionists rated 2.", "Physios"),
        # a titled speaker makes no thread of places and fields
        ("Mrs Begum: no interpreter. Stone: no bus to DVH. Greenhithe: fine.", "Stone"),
        ("Nan Rose: helped with baby. Faith: important to her, prays daily.", "Faith"),
        ("Mrs Ahmed: wants a female doctor. Cherry: no side rooms. Willow: ok", "Willow"),
        # wards joined by "&"
        (
            "Kingsley & Cherry were both full so she waited in triage",
            "Kingsley &",
        ),  # Cherry: a list's name, as before
    ],
)
def test_a_review_s_over_removals_stay_mended(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("her son Azan was in NICU for 2 weeks", "Azan"),  # a boy's name, not the call to prayer
        ("Naija is her nickname from school", "Naija"),
        ("parking fine reference number 12345678 from DVH car park", "12345678"),
        ("her case ref no 12345678 with the council", "12345678"),
        ("council tax account ref number 501234567", "501234567"),
        ("account number - 12345678 sort code 20-00-00", "12345678"),
        ("account nr 12345678 for the grant", "12345678"),
        ("her acct nbr 12345678", "12345678"),
        ("licence no. SMITH801234AB9CD", "SMITH801234AB9CD"),
        ("certificate 12345678X", "12345678X"),
        ('fine no "12345678"', "12345678"),
    ],
)
def test_a_review_s_leaks_stay_mended(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_long_runs_of_names_stay_fast(no_deny_list_engine):
    import time

    text = "Sarah & " * 1500 + "Priya on Facebook"
    started = time.process_time()
    no_deny_list_engine.anonymise(text)
    assert time.process_time() - started < 20  # was quadratic: minutes at 50,000 characters


# --- a second review's findings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('copied from the fb group: "Massive Thank You To Sarah And All The Midwives" x', "All The Midwives"),
        ('on the group someone wrote "Avoid Medway Maternity, Sarah Was So Rude To Me"', "Was So Rude To Me"),
        (
            "Gravesend Breastfeeding Support Group (Jo) was full so she went to Dartford",
            "Breastfeeding Support",
        ),
        ("she got help from Dartford Baby Bank (Sarah) after seeing the facebook post", "Dartford Baby Bank"),
        ("she was sent up to Guys & Sarah Jones from fetal medicine rang her", "Guys"),
        ("restarted Sertraline & Priya Patel from perinatal reviewed it", "Sertraline"),
        ("she had Sarah, Priya, and Mum with her in labour", "and Mum"),
        ("support so far from Sarah, Priya and Womens Aid", "Womens Aid"),
        ("debt advice: Sarah, Priya and Stepchange all said the same", "Stepchange"),
        ("Sarah, Priya, Kemsing, Otford and Eynsford", "Kemsing, Otford and Eynsford"),
        (
            "Nan Rose: helps with school run. Immigration: NRPF. Birthplan: water birth. Pets: dog.",
            "Birthplan",
        ),
        ("brp 12 05 25 expires so she is scared", "12 05 25"),
        ("visa 120525 expiry", "120525"),
        ("certificate 36 37 38 weeks", "36 37 38"),
        ("whatsapp from Mum of Ava (nursery friend) asking about the group", "Mum of"),
    ],
)
def test_a_second_review_s_over_removals_stay_mended(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("reply from Sarah Jones Mummy Of Olivia", "Sarah"),  # a display name takes the name it cuts into
        ("Account #: 12345678", "12345678"),
        ("council tax account number is: 501234567", "501234567"),
        ("account number, 12345678", "12345678"),
        ("her policy no 12345678/001 lapsed", "12345678"),
        ("licence number morga753116sm9ij", "morga753116sm9ij"),
        ("CT ref 50123456", "50123456"),
        ("matex no 123456789", "123456789"),
        ("Healthy Start card number 1234 5678 9012 3456", "5678"),
        ("Her Facebook page is ‘Adebayo’s Hair & Braids Gravesend’, post it there.", "Braids"),
    ],
)
def test_a_second_review_s_leaks_stay_mended(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)
