"""Anonymiser rules 44 (issue 10): public numbers, inboxes, web addresses and districts kept; greetings, honorifics and
kinship words of many languages outside names; places after more locating words; names before East Asian family names,
names the note shows are people's, pet names opening a sentence, family names alone, spoken user names. Read from
blind47 and blind49 (tuning writers). Wordings are this file's own (none is a note of a labelled corpus or a real
comment)."""

from __future__ import annotations

import pytest

from insights.quotes import public_keeps
from insights.quotes.lexicon import RULES_VERSION, Finding, load_lists


def test_rules_version_is_44_or_later():
    assert int(RULES_VERSION) >= 44


@pytest.mark.parametrize(
    "text",
    [
        "gave her the Baby Buddy helpline 0300 330 5455 for nights",
        "freephone 0800 802 0602 for the benefits advice",
        "Citizens Advice on 0808 278 7800 (Mon-Fri 9-5)",
        "the switchboard 01474 360500 put her through to us",
        "maternity triage line 01322 428200 never answers",
        "PALS inbox kmpt.pals@nhs.net replied in a day",
        "their team inbox antenatal.screening@nhs.net is slow",
        "leaflet: gov.uk/maternity-allowance and nhs.uk/baby",
        "sent the twinsclub.org/support page",
        "BN(O) families in DA11 and DA12 growing fast",
        "DA2 and BR8 areas had no visits",
        "put the postcode district only (like DA1 or DA10)",
        "Most ladies are DA11 and DA12 here",
        "she moved to the Shannon river side as a girl",
        "the family is relocating to Tyrone next year",
        "leaving for Cornwall next week to be near her mum",
        "[10:14] Moderator: please keep names out of the chat",
        "Lohri and Karva Chauth fell in the same month",
        "the Mid-Autumn Festival lanterns at the library",
    ],
)
def test_public_things_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("her mobile 07700 900 512 for the HV", "512", ""),
        ("email her at ravi.heer@nhs.net please", "ravi.heer", ""),
        ("her work email ben.hv@nhs.net", "ben.hv", ""),
        ("she lives DA10 on her own", "DA10", ""),
        ("Cheers Amrit, see you thurs", "Amrit", "Cheers"),
        ("Morning Gulnaz! did she ring?", "Gulnaz", "Morning"),
        ("Zehra abla came with her", "Zehra", "abla"),
        ("Tita Marisol said the scan was late", "Marisol", "Tita"),
        ("Amai Rudo 6/10, section scar not checked", "Rudo", "Amai"),
        ("her nanay Corazon is here on a visa", "Corazon", "nanay"),
    ],
)
def test_names_go_and_their_greetings_and_honorifics_stay(no_deny_list_engine, text, gone, kept):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out
    assert kept in out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Mango Cheung 8/10, water birth", "Mango"),
        ("we met Toffee Ng at the group", "Toffee"),
        ("Hi Sunny Lau, thanks for coming", "Sunny"),
        ("YIP, Wai Ling Cherry on her BRP", "Cherry"),
        ("Pudding Wong brought pudding. Pudding says 7", "Pudding Wong"),
        ("Loyalty asked about the grant. agreed £50 to Loyalty for the taxi", "Loyalty"),
        ("Treasure rang twice. Treasure wants a call back", "Treasure"),
        ("Saffron's email is on the form", "Saffron"),
        ("Blossom NHS number is on her letter", "Blossom"),
        ("Sweetu lives at the flats by the park", "Sweetu"),
        ("Malik family came in at 10", "Malik"),
        ("Mrs T. Heron rang about the letter", "Heron"),
        ("Instagram at jas underscore bakes underscore kent she sells cake", "bakes"),
    ],
)
def test_names_the_note_shows_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Staff were lovely. Staff said it was fine.", "Staff said"),
        ("The Trust said no. Trust asked for the form again.", "Trust asked"),
        ("Email address for PALS is on the card.", "Email address"),
        ("Ref FB-0711 for the foodbank. Ref two is missing.", "Ref two"),
        ("Romanian Facebook group for mothers. Romanian speakers.", "Romanian Facebook"),
        ("Goodness moved wards. Goodness knows who will tell her.", "Goodness knows"),
        ("Iris room is triage. Iris asked for a chair.", "Iris room"),
        ("Honey will soothe it. Sugar can spike after meals.", "Honey will soothe it. Sugar can spike"),
        ("went to Yuen Long and Sha Tin with her mum", "Yuen Long and Sha Tin"),
        ("Hong Kong mums group met at the library", "Hong Kong"),
        ("Thanks Lee for the lift", "Thanks"),
        ("May Lam 7, due in May with twins", "due in May"),
    ],
)
def test_words_that_only_look_like_names_the_note_shows_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


def test_a_number_no_person_holds_is_read_from_its_digits():
    lists = load_lists()
    text = "ring +44 300 123 1053 today"
    assert public_keeps.public_number(text, Finding(5, 20, "PHONE_NUMBER", "test"), lists)
    assert not public_keeps.public_number("ring 07700 900123", Finding(5, 17, "PHONE_NUMBER", "test"), lists)


def test_an_organisation_used_alone_is_no_name(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "Tommy's baby loss support line rang her back. Tommy's sent a memory box."
    )
    assert "Tommy's sent" in out


def test_a_trimmed_name_never_keeps_only_its_greeting():
    assert public_keeps.trimmed("Cheers Amina", Finding(0, 12, "PERSON", "test")) == Finding(
        7, 12, "PERSON", "test"
    )
    # rules 53: a greeting found alone is no name at all, unless a naming word comes before it
    assert public_keeps.trimmed("Cheers", Finding(0, 6, "PERSON", "test")) is None
    assert public_keeps.trimmed("named Hiya", Finding(6, 10, "PERSON", "test")) == Finding(
        6, 10, "PERSON", "test"
    )


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("her complaint ref from the ICB is KM-ICB-25-03 417, no reply", "417"),
        ("PALS ref Q25 /0917 and she rates them 4", "0917"),
        ("physio referral number PHY/25/4O18 - nobody called", "4O18"),
        ("sent the PCN photo: DX8841273B for the appeal", "8841273"),
        ("ref HR/25/ OO 71 3 for the grievance", "71"),
        ("security log SEC 25 118C about the locker", "118C"),
    ],
)
def test_references_in_pieces_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "referral to OT for the 24/7 service",
        "complaint about Ward 12/14 bays being shut",
        "case 2/3 done, ref A/E wait 4 hrs",
        "rated it 8/10, ref the COVID-19 policy",
    ],
)
def test_ordinary_numbers_near_reference_words_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_national_insurance_number_found_as_a_reference_goes_whole(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("gave her National Insurance number for the claim: JR 52 18 06 C")
    assert out.endswith("[NI NUMBER]")


#: The keep-side review of rules 44's first version (a helper's own lines): each changed for the worse then, unchanged now.
@pytest.mark.parametrize(
    "text",
    [
        "Landlord rang her again about the damp. Landlord says he wont fix the mould.",
        "Housing rang back finally. Housing said she is band C.",
        "Parking 1/10. Parking is a nightmare.",
        "Kindness 10/10. Kindness from the night staff.",
        "Score is 14 on the EPDS. Score was 9 last month.",
        "Taxi brought her home at 3am. Taxi cost £38.",
        "Reg came at 3am. Reg said section.",
        "Bill is due friday. Bill for overseas care is £7000.",
        "Childminder rang about the toddler. Childminder can do extra days.",
        "Barnardo's baby bank gave her a pram. Barnardo's also sorted a cot.",
        "Venue address: the library. Venue was too cold for babies.",
        "Temporary address is a Travelodge. Temporary accommodation since feb.",
        "Local Facebook group for mums.",
        "Dadi rang the ward at 2am. Dadi is worried about the baby.",
        "Aqiqah on day 7 for baby. Aqiqah said to be expensive.",
        "Parents in Tin Shui Wai. Tin Shui Wai is near Yuen Long.",
        "Lived in Sheung Wan. Sheung Wan flat was tiny.",
        "Orange Tang drink only.",
        "Ahmadi family, mosque in Gravesend.",
        "Instagram at 7 dot 30 tonight for the live.",
        "couldn't handle 2 dot 5 kg of weight gain lol",
    ],
)
def test_review_lines_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("her mums number in Pakistan 0300 1234567 for emergencies", "1234567"),
        ("sister in Cork 087 123 4567", "4567"),
        ("sisters number 0870 123 4567 lol old number", "4567"),
        ("gave the labour line 07700 900222 as her partner's no. by mistake", "900222"),
        ("anu.pals@nhs.net replied", "anu.pals"),
        ("jb.midwife@nhs.net is her midwife", "jb.midwife"),
        ("Her parents live in DA1 and DA12 areas", "DA12"),
        ("Ask Lee about the room booking.", "Lee"),
    ],
)
def test_review_details_still_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


#: The removal-side review of rules 44's first version (a helper's own lines): each leaked then, none leaks now.
@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("husband Kim Min Joon came to the scan", "Joon"),
        ("her mum Kim Mi Sook is staying for 3 months", "Sook"),
        ("Ms Aga rang about the polish class", "Aga"),
        ("Mrs Bey said the ward was too hot", "Bey"),
        ("Mr Kaka drove her in", "Kaka"),
        ("Tito (dad) wants to be at the birth", "Tito"),
        ("Sangeet is the husband, Sangeet asked about parking", "Sangeet"),
        ("we walked by the river Precious told me about the birth", "Precious"),
        ("her maternity number is 07700 900 222 - the other is wrong", "900"),
        ("pals.ng@nhs.net is her work email", "pals.ng"),
        ("triage.bisi@nhs.net sent the letter", "bisi"),
        ("lives DA10 and DA11 areas? she moves between mum and partner", "DA11"),
        ("her district like DA11, she lives above the shop", "DA11"),
    ],
)
def test_removal_review_details_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)
