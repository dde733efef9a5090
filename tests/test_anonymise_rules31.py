"""Anonymiser rules 31 (issue 10): named rooms, campaigns, places typed wrong and saints' churches kept; e-mails
spelled letter by letter, service numbers, a name's label, comment initials and names opening a sentence removed.
Wordings are this file's own (none is a note of a labelled corpus)."""

from __future__ import annotations

import pytest

from insights.quotes.label_slots import STEPS as LABEL_STEPS
from insights.quotes.lexicon import RULES_VERSION
from insights.quotes.service_guards import STEPS as SERVICE_STEPS
from insights.quotes.service_guards import room_spans
from insights.quotes.spoken_shapes import STEPS as SPOKEN_STEPS
from insights.quotes.spoken_shapes import letter_email_spans, service_number_spans
from tests.anonymise_steps import assert_optional_step


def test_rules_version_is_31_or_later():
    assert int(RULES_VERSION) >= 31


@pytest.mark.parametrize("step", [*SERVICE_STEPS, *LABEL_STEPS, *SPOKEN_STEPS])
def test_each_new_step_is_a_switch_measured_apart(step):
    assert_optional_step(step)


# --- kept: rooms, hashtags, places typed wrong, saints' churches, clinical kit ------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("she laboured in the Marigold Suite and loved the pool", "Marigold Suite"),
        ("moved to the Primula Room after the birth", "Primula Room"),
        ("the debrief was in the Rosalind Franklin Room upstairs", "Rosalind Franklin Room"),
        ("they put her in Heather bay with three other mums", "Heather bay"),
        ("Violet room = the bereavement room on delivery suite", "Violet room"),
        ("there's a Daisy room next to the theatre", "Daisy room"),
    ],
)
def test_a_named_room_or_suite_stays(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Sarah's Room was cold and she asked for a fan", "Sarah"),  # a person's room
        ("Dr Heather Room reviewed her at 4am", "Heather"),  # a title's name
        ("Amira room 9 - rates the ward 7", "Amira"),  # a board's patient, a number after the noun
        ("gave Imogen room to breathe", "Imogen"),  # no article: not a room's name
        ("Kezia's Lash Lounge did her nails before the induction", "Kezia"),  # a person's business
    ],
)
def test_a_person_before_a_room_word_is_still_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_room_spans_include_the_noun_and_skip_possessives():
    text = "the Marigold Suite and Sarah's Room"
    assert [text[s:e] for s, e in room_spans(text)] == ["Marigold Suite"]


def test_the_same_word_elsewhere_stays_a_name(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("the Marigold Suite was calm and Marigold the midwife said hello")
    assert "Marigold Suite" in out
    assert "Marigold the midwife" not in out


@pytest.mark.parametrize(
    "tag",
    ["#HelloMyNameIs", "#FlowersNotFlowers", "#MedwayMaritime", "#SpeakUpForSafety", "#BabyLossAwareness"],
)
def test_a_campaign_hashtag_stays(no_deny_list_engine, tag):
    text = f"the ward manager wants {tag} on every poster in the bays"
    assert tag in no_deny_list_engine.anonymise(text)


def test_a_hashtag_with_a_persons_name_is_still_removed(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "the family asked everyone to share #JusticeForJoanne after the inquest"
    )
    assert "Joanne" not in out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("lives near the station in Gravsend, 2nd baby", "Gravsend"),
        ("bus from Swanscome takes an hour to the hospital", "Swanscome"),
        ("she was transferred to Medawy for the NICU", "Medawy"),
        ("took paracetemol every 4 hours after the section", "paracetemol"),
    ],
)
def test_a_local_place_or_medicine_typed_wrong_stays(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


def test_a_given_name_made_from_a_place_word_is_still_removed(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Texted reminders to: Ukraina 07700 900184, and to the group")
    assert "Ukraina" not in out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("the baby bank at St Botolph's opens on Tuesdays", "St Botolph's"),
        ("coffee morning in St Aidan's church hall, 14 mums came", "St Aidan's"),
        ("she trained as a nurse in County Kerry before moving here", "County Kerry"),
        ("induction with the Foley catheter, home overnight", "Foley catheter"),
    ],
)
def test_a_saints_church_a_county_and_clinical_kit_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("her sasu came over from Nepal for the sutkeri weeks", "sasu"),
        ("they could not meet during Dashain or Tihar", "Tihar"),
        ("helped her apply for Healthy Start vouchers", "Healthy Start"),
        ("share your story with #MatExp on the survey", "#MatExp"),
        ("SSAFA and the Gurkha Welfare Trust helped with the forms", "Gurkha Welfare Trust"),
    ],
)
def test_kinship_festival_and_scheme_words_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


# --- removed: e-mails spelled letter by letter, service numbers, labels, comment initials, openings ----------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "her email, s-i-a-n dot w-o-o-d-s at gmail dot com, for the survey",
            "s-i-a-n dot w-o-o-d-s at gmail dot com",
        ),
        ("spelled it as m-a-r-t-h-a dot k-i-n-g at gmail, no dots", "m-a-r-t-h-a dot k-i-n-g at gmail"),
        ("bio says tillydoula (at) gmail (dot) com for bookings", "tillydoula (at) gmail (dot) com"),
        (
            "read out as jon underscore ferris, at outlook dot com, thanks",
            "jon underscore ferris, at outlook dot com",
        ),
        ("it's p-e-t-e dot r 4 at yahoo dot co dot uk", "p-e-t-e dot r 4 at yahoo dot co dot uk"),
        (
            "mail a-b dot s-h-a-w at k-e-n-t dash c-c dot gov dot uk",
            "a-b dot s-h-a-w at k-e-n-t dash c-c dot gov dot uk",
        ),
    ],
)
def test_an_email_read_out_letter_by_letter_is_found(text, address):
    assert [text[s:e] for s, e in letter_email_spans(text)] == [address]


@pytest.mark.parametrize(
    "text",
    [
        "we meet at the hub at 10 on Mondays",
        "she spelled it b-a-b-y at home for the older one",
        "x-ray at the hospital dot matrix printer",
        "the t-shirt at gmail offices",  # no spelled piece, no dot, no bracketed at
    ],
)
def test_ordinary_words_around_at_are_no_email(text):
    assert letter_email_spans(text) == []


def test_a_spelled_email_is_removed_whole(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("email she spelled: f-r-a-n dot o-k-e-k-e, at gmail dot com, thanks")
    assert "o-k-e-k-e" not in out and "[EMAIL]" in out


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("husband's army no 25094417 for the welfare form", "25094417"),
        ("service no: 21188302, pension ref to follow", "21188302"),
        ("his regimental number is 30196645", "30196645"),
    ],
)
def test_a_forces_service_number_is_found(text, number):
    assert [text[s:e] for s, e in service_number_spans(text)] == [number]


def test_a_service_without_a_number_is_no_service_number():
    assert service_number_spans("the service no longer runs on Sundays, 2 buses") == []


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("call back Dee about the voucher, surname Pettigrew-Hale", "Pettigrew"),
        ("her maiden name is Okonkwo, she said to use it", "Okonkwo"),
        ("[Comment RT: please take the ward manager's name out]", "RT"),
        ("Comment by JM: the NHS number must go", "JM"),
        ("Marigold noted the signage was poor at the entrance.", "Marigold"),
        ("We sat down. Tamsin also said the triage line rang out.", "Tamsin"),
    ],
)
def test_a_label_a_comment_heading_or_a_sentence_opening_names_someone(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "we are on first name terms with the midwives now",
        "[Comment PALS: forwarded to the matron]",
        "May is 6 weeks away and the room is ready",
        "Hope noted in the plan was unrealistic, she said",
    ],
)
def test_labels_and_openings_that_name_no_one_stay(no_deny_list_engine, text):
    engine = no_deny_list_engine
    found = [f for step in LABEL_STEPS for f in getattr(engine.label_slots, step)(text, [])]
    assert found == [], [text[f.start : f.end] for f in found]


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("[19:42] ROSE: I had both mine at Darent Valley", "ROSE"),
        ("Jools phone 07700 900321, rang twice", "Jools"),
    ],
)
def test_a_speaker_in_capitals_and_a_number_owner_before_a_label(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_a_generic_speaker_in_capitals_stays(no_deny_list_engine):
    assert "CALLER" in no_deny_list_engine.anonymise("[19:04] CALLER: my midwife was brilliant")


# --- review mends (a reviewer's cases: each was a leak or a loss in the first version of rules 31) ----------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Sarah Bay said hi", "Sarah"),
        ("Chloe Room, 07700 900123, wants a call back", "Chloe"),
        ("mum Kerry Bay (32) said the midwife was rude", "Kerry"),
        ("Dear Sarah Bay, thank you for your feedback", "Sarah"),
        ("Midwife Sarah Bay was amazing", "Sarah"),
        ("her daughter Ruby Suite is 4 months now", "Ruby"),
        ("Baby Rowan Bay born 4/5", "Rowan"),
        ("Our thanks go to Callum Lounge who ran the group", "Callum"),
        ("Then Megan Bay explained her experience", "Megan"),
        ("Chloe bay B, wants to go home", "Chloe"),
    ],
)
def test_a_person_whose_family_name_is_a_room_word_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("please share #JusticeForHarper after the inquest", "Harper"),
        ("the family started #RunForRuby after she died", "Ruby"),
        ("#BabyOliviaGrace born 3/4 at Darent Valley", "Olivia"),
        ("raising money with #AmeliasArmy for the NICU", "Amelias"),
    ],
)
def test_a_hashtag_that_holds_a_name_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("surname Bramley", "Bramley"),
        ("FIRST NAME: JADE SURNAME: MEPHAM DOB 12/03/1990", "MEPHAM"),
        ("Name: Jade. Surname: Gravesen. Baby due June", "Gravesen"),
        ("Spoke to Mrs Stroud about her birth. Stroud said triage was rude.", "Stroud"),
        ("Gravesen rang back about the housing letter", "Gravesen"),
        ("Kirsty Dewar, 07700 900111, rang about her appointment", "Dewar"),
        ("she followed in Abigail's footsteps and trained as a midwife", "Abigail"),
        ("Zainab catheter out at 6am, PU'd fine", "Zainab"),
        ("Shannon balloon induction failed, went to theatre", "Shannon"),
        ("reviewed by ST Priya at 3am, no pain relief given", "Priya"),
        ("lives on Orchard St Kelly is her sister", "Kelly"),
        ("Dolly sent me a photo of the notice", "Dolly"),
    ],
)
def test_a_family_name_near_a_place_or_a_kept_word_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Helpline number 0800 014 7800", "Helpline"),
        ("New number 07700 900666 from today", "New"),
        ("Surname Unknown, lives in Gravesend", "Unknown"),
        ("maiden name N/A on the form", "N/A"),
        ("Sky sent an engineer but the wifi is still down.", "Sky"),
        ("Unity sent them a leaflet.", "Unity"),
        ("on a 1-2-1 at live events", "1-2-1"),
    ],
)
def test_ordinary_words_the_first_version_removed_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


def test_the_rules_the_taggers_features_read_are_rules_30s(no_deny_list_engine):
    """Rules 31 runs after the tagger: its e-mail and service-number steps are not in the rule findings the
    tagger's features read, so the shipped model stays the training script's output (test_anonymise_tagger)."""
    text = "army no 25094417, bio says tillydoula (at) gmail (dot) com"
    rules, _ = no_deny_list_engine.rule_findings_many([text])[0]
    assert not [f for f in rules if f.entity in ("EMAIL_ADDRESS", "HOSPITAL_NUMBER")]
    out = no_deny_list_engine.anonymise(text)
    assert "[EMAIL]" in out and "[HOSPITAL NUMBER]" in out
