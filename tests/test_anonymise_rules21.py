"""Anonymiser rules 21 (issue 10): reference numbers, dates of birth, registrations, mobiles and postcode
districts in the shapes rules 20 missed (insights.quotes.reference_shapes, two date patterns, a longer
spaced phone number and "PALS/26/1183"-style references). Wordings are this file's own, not the
corpora's."""

from __future__ import annotations

import pytest

from insights.quotes import reference_shapes as rs
from insights.quotes.identifiers import bare_mobile_spans
from insights.quotes.lexicon import RULES_VERSION
from insights.quotes.references import case_reference_spans

REMOVED = [
    ("Discharge letter says DOB 04-Jun-1993, she wants it corrected.", "04-Jun-1993", "[DATE]"),
    ("woman born 1988.11.23 according to the form", "1988.11.23", "[DATE]"),
    ("dob 12 7 1990 she said, needs a Tigrinya interpreter", "12 7 1990", "[DATE]"),
    ("She was born 1979 in Accra and came here in 2005.", "1979", "[DATE]"),
    ("year of birth: 1984, first baby", "1984", "[DATE]"),
    ("the ward board showed a hospital number B3372910 next to a name", "B3372910", "[HOSPITAL NUMBER]"),
    ("whiteboard in triage had W5512904 written on it", "W5512904", "[HOSPITAL NUMBER]"),
    ("MRN on her wristband HD 5528174 was wrong", "HD 5528174", "[HOSPITAL NUMBER]"),
    ("her hospital number, which she read slowly, is T 553 8102", "T 553 8102", "[HOSPITAL NUMBER]"),
    ("hospital number... she found it, P 401 7736. thanks", "P 401 7736", "[HOSPITAL NUMBER]"),
    ("patient number at Guy's, GST-K44120, for the records request", "GST-K44120", "[HOSPITAL NUMBER]"),
    ("her hosp number is MFT two two one nine four", "MFT two two one nine four", "[HOSPITAL NUMBER]"),
    ("chased re PALS/26/1183 again, nothing back", "PALS/26/1183", "[HOSPITAL NUMBER]"),
    ("his brother's old ford R582 JWT got clamped at the hospital", "R582 JWT", "[CAR REG]"),
    ("ring her on 0 7 7 0 0 9 0 0 3 3 8 after 6", "0 7 7 0 0 9 0 0 3 3 8", "[PHONE]"),
    ("number on the sign-up sheet 7700900614 and she said text only", "7700900614", "[PHONE]"),
    ("anon question from da12 about stitches", "da12", "[POSTCODE]"),
    ("Swanley mums (BR8) asked about the bus to Darent Valley", "BR8", "[POSTCODE]"),
    ("her postcode is em ee four", "em ee four", "[POSTCODE]"),
    (
        "national insurance JK three one four four two nine C for the MA1",
        "JK three one four four two nine C",
        "[NI NUMBER]",
    ),
    ("car reg bee jay sixty two el em oh i think", "bee jay sixty two el em oh", "[CAR REG]"),
]


@pytest.mark.parametrize("text, piece, tag", REMOVED)
def test_the_new_shapes_are_removed_whole(no_deny_list_engine, text, piece, tag):
    out = no_deny_list_engine.anonymise(text)
    assert piece not in out and tag in out
    assert out == text.replace(piece, tag)


KEPT = [
    "TOOK THE M25 AND THE A2 TO GET THERE, PARKING WAS A NIGHTMARE",
    "we went on the A2 and the M25 both were blocked",
    "Q12 ANY OTHER COMMENTS: THE MIDWIVES WERE KIND",
    "She takes B12 and vitamin D, and folic acid from 12 weeks.",
    "born in the birth centre at 39 weeks, 3.4 kg",
    "the hospital number is on the letter they sent",
    "her postcode is on the form, she is in the Core20 list",
    "Flight BA2490 was delayed so her mum missed the birth",
    "Baby weighed 7lb 2oz; we left at 10.30 on day 2.",
    "The ME group at the library meets on Tuesdays.",
]


@pytest.mark.parametrize("text", KEPT)
def test_look_alikes_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_finders_directly():
    assert rs.hospital_shape_spans("code A1234567 here") == [(5, 13)]
    assert rs.hospital_shape_spans("hosp no is 0770 090 0123") == []  # a phone number's shape
    assert rs.hospital_shape_spans("AB1234567") == []  # two letters: the hospital-code finder's job
    assert rs.birth_year_spans("born 2004? not sure") == [(5, 9)]
    assert rs.birth_year_spans("born 2004-05-03") == []  # a whole date: the date patterns take it
    assert rs.old_reg_spans("van S461 FNP") == [(4, 12)]
    assert rs.old_reg_spans("M25 AND A2 WERE SHUT") == []
    assert bare_mobile_spans("call 7700 900 452 today") == [(5, 17)]
    assert bare_mobile_spans("£7700900452") == [] and bare_mobile_spans("77009004521") == []
    assert rs.labelled_spoken_spans("reg is ef seventy one k w p, parked") == [("UK_REG", 7, 27)]
    assert rs.labelled_spoken_spans("postcode is a bit far out") == []


def test_case_references_with_a_year_part():
    assert case_reference_spans("re PALS/26/1183 and CTL-26-118204") == [(3, 15), (20, 33)]
    assert case_reference_spans("the A/12/2023 form") == []  # one letter: a date-like code, not a file


def test_rules_version_is_21_or_later():
    assert int(RULES_VERSION) >= 21


# Rules 21, second step: false changes on the tuning half of the phase 1 real comments (docs/anonymiser-rounds.md, rules 21),
# in this file's own words.
PLAIN = [
    "The physio team helped Immensely with my recovery.",
    "I want to thank KPMR so much for the support.",
    "Care on Hawthorn ward was poor; the food on Hawthorn ward was cold.",
    "The doctor was rushed, very poor misdiagnosed and sent home.",
    "They tried to accomidate our needs for a side room.",
    "They all did a brilliant job and I will recommend them.",
    "My daughter has dyspraxia and the group still suited her.",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_words_are_not_names(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Kelly was brilliant on the night shift", "Kelly"),
        ("me and rose went to triage together", "rose"),
        ("joy and I went back the next day", "joy"),
        ("Nurse Willow ward manager sorted it", "Willow"),
        ("Dr Cherry ward round was at 9", "Cherry"),
        ("spoke to Sarah Ward the matron", "Sarah"),
        ("her daughter Beverly came with her", "Beverly"),
    ],
)
def test_names_near_the_plain_word_guards_still_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_run_together_words_may_end_inflected(no_deny_list_engine):
    lexicon = no_deny_list_engine.lexicon
    assert lexicon.typo("misdiagnosed") and lexicon.typo("outstayed")
    assert not lexicon.typo("kasia")


@pytest.mark.parametrize(
    "text",
    [
        "Thank God for the midwives on the night shift.",
        "Alhamdulillah baby is well, Inshallah we go home soon.",
        "Waheguru, the staff were kind to my mum.",
        "praise Jesus the scan was normal",
    ],
)
def test_faith_words_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_faith_word_as_a_childs_name_still_goes(no_deny_list_engine):
    assert "Jesus" not in no_deny_list_engine.anonymise("her son Jesus was born at 36 weeks")


# Rules 21, third step: from the v6 file's clean comments after the first 1,500 (the tagger's negatives).
@pytest.mark.parametrize(
    "text",
    [
        "The crew were kind to me, I was very frightened and neede",  # cut off by the survey's length limit
        "Nobody rang back to say when. Shou",
        "My care at Park House was excellent from start to finish.",
        "Staff - all the staff at Bracken House.",
    ],
)
def test_cut_off_words_and_care_houses_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Pack drop log: 12 packs left at the library - by Rhi", "Rhi"),
        ("took notes w jas", "jas"),
        ("she lives at Clifton House, flat 3", "Clifton House"),
    ],
)
def test_sign_offs_and_homes_still_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_starts_word(no_deny_list_engine):
    lexicon = no_deny_list_engine.lexicon
    assert lexicon.starts_word("neede") and lexicon.starts_word("hospit")
    assert not lexicon.starts_word("zqxv") and not lexicon.starts_word("rhiq")


@pytest.mark.parametrize(
    "text",
    [
        'I told them I couldn\'t cope" said "just go to bed" and hung up.',
        "They really cared about my well-being.I’m forever grateful.",
        "shame the female Dr I saw that night was rushed",
        "the ward had no Xray cover and I missed my Xbox",
        "They drove me from Swanley Rehab to the appointment.",
        "I live next to alot of families with babies.",
        "[On email address : Comments: One word would do",
        "The crash happened in relatively close proximity to two hospitals.",
        "the woman on thedesk rang your contact centre",
        "Help fully explained in a human, hands on and friendly way.",
    ],
)
def test_more_plain_words_from_real_comments_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, gone",
    [
        ("address: Flat 3 Mulberry Court, Dartford", "Mulberry Court"),
        ("she lives on primrose close now", "primrose close"),
        ("Dr Iqbal saw her on the 16th", "Iqbal"),
    ],
)
def test_addresses_and_names_next_to_those_guards_still_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "should have attended - ticked Royal Victoria Infirmary, Newcastle.",
        "taken by air to James Cook Hospital",
    ],
)
def test_hospitals_named_after_people_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_private_clinic_named_after_someone_still_goes(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("one mum paid Claire Hodgkin Tongue Tie Clinic for the snip")
    assert "Hodgkin" not in out


@pytest.mark.parametrize(
    "text",
    [
        "Not so at Highbury Cherry ward. One problem I had at Kingsley & Cherry was the food.",
        "Referred from the nurse in urology @ LGH on Friday, letter came Saturday.",
        "Communication was poor. Eg Surrounding the fluid chart some staff did not care.",
        "The call handler and paramedics Explanation of the questions was clear.",
    ],
)
def test_wards_at_signs_abbreviations_and_long_nouns_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Constance said the midwife never came back", "Constance"),
        ("my name is Sweetness but they called me sweetheart", "Sweetness"),
        ("dm from @KL_mum about the group", "KL_mum"),
    ],
)
def test_word_names_and_handles_next_to_those_guards_still_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)
