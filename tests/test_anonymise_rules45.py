"""Anonymiser rules 45 (issue 10): names said once before what a person does, chat writers in quotes, names before the
app a message came on, names after and before kinship words, title-case twins of lower-case words, family names in
capitals beside a name, dictated notes, references given in pieces; trusts, councils, charities, foods and plants that
look like names kept. Read from blind49 and blind51 (tuning writers). Wordings are this file's own (none is a note of
a labelled corpus or a real comment)."""

from __future__ import annotations

import pytest

from insights.quotes import message_names
from insights.quotes.lexicon import RULES_VERSION, load_lists


def test_rules_version_is_45_or_later():
    assert int(RULES_VERSION) >= 45


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Treasure sent the form back on Monday.", ["Treasure"]),
        ("Precious typed her postcode into the chat.", ["Precious"]),
        ("Honour, a young mum from Northfleet, scored 5 for the ward.", ["Honour"]),
        ("Clover later sent a photo of the discharge letter.", ["Clover"]),
        ("Saffron on the desk said the clinic had moved.", ["Saffron"]),
        ("Barry (estates) fixed the door at last.", ["Barry"]),
        ("Memory on WhatsApp: can I bring my sister", ["Memory"]),
        ("got a message from Sunshine on viber about the form", ["Sunshine"]),
        ('pasted: "ROSE: on my way" / "dotty k: running late"', ["ROSE", "dotty k"]),
        ('"Lily M (admin): group rules pinned"', ["Lily M"]),
        ("Kuya Boy drove her to triage at 2am.", ["Boy"]),
        ("Tita Lovely brought pancit for the group.", ["Lovely"]),
        ("Mai Ruvimbo rates the birth centre 9.", ["Ruvimbo"]),
        ("Sweety bhabhi came with the baby today.", ["Sweety"]),
        ("then my Meadow was born at 39 weeks, we walked the meadow every day", ["Meadow"]),
        ("the consultant Heath was kind. we walked on the heath after", ["Heath"]),
        ("patient GRIMSHAW Lily on the ward, BP fine", ["GRIMSHAW"]),
        ("from Swanley - ASHWORTH, Daisy. seen at 30 wks", ["ASHWORTH"]),
        ("sort code 40-11-22 then later account 5521... then 0934 the rest", ["5521", "0934"]),
        ("tammy rates it a seven the midwife was lovely full stop baby feeding well", ["tammy"]),
        ("for the form her NI is s t 4 4 1 9 0 2 c in small letters", ["s t 4 4 1 9 0 2 c"]),
        ("Facilities (Dennis) says the lift is fixed", ["Dennis"]),
        ("Honey say the scan team very good, 9", ["Honey"]),
        ("email it to her: mirela 77 a rond yahoo punct com", ["yahoo"]),
    ],
)
def test_names_and_pieces_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for word in gone:
        assert word not in out, out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Lewisham rang back about the transfer.", ["Lewisham"]),
        ("Bromley said the bed was free.", ["Bromley"]),
        ("Healthwatch said they would share the report.", ["Healthwatch"]),
        ("she takes evening primrose oil and Evening Primrose capsules", ["Evening Primrose"]),
        ("her mum made Bok Choy soup for the ward", ["Bok Choy"]),
        ("the Mama Yoga class in Dartford is full", ["Mama Yoga"]),
        ("Dadi ji and Nani ji both came to the birth", ["Dadi ji", "Nani ji"]),
        ('"Midwife: please bring your notes" / "Reception: closed at 5"', ["Midwife", "Reception"]),
        ("I live in Stone so yes, the stone church is near", ["Stone"]),
        ("the score went 7... then 8 later. she waited 3... then 4 hours", ["7", "8", "3", "4 hours"]),
        ("the care was good and staff said it was fine", ["staff said"]),
        ("Mum on WhatsApp: is the clinic open", ["Mum on WhatsApp"]),
        (
            "the team inbox swanley.hvteam@nhs.net and chaplaincy.dgt@nhs.net answer",
            ["hvteam@", "chaplaincy.dgt"],
        ),
        ("Busy Lizzie and Creeping Jenny in the Birth Centre garden", ["Busy Lizzie", "Creeping Jenny"]),
        ("Earl Grey tea from Holland & Barrett for the mums", ["Earl Grey tea", "Holland & Barrett"]),
        ("the moașa came twice, tensiunea fine, then Dragobete at home", ["moașa", "tensiunea", "Dragobete"]),
        ("Teeyan and giddha at the Gurdwara hall", ["Teeyan", "giddha"]),
    ],
)
def test_things_that_look_like_names_stay(no_deny_list_engine, text, kept):
    out = no_deny_list_engine.anonymise(text)
    for piece in kept:
        assert piece in out, out


def test_a_persons_inbox_at_nhs_net_still_goes(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("her own address swanley.kerry@nhs.net and kerry.hv@nhs.net")
    assert "kerry" not in out


def test_a_kinship_word_stays_outside_the_name(no_deny_list_engine):
    assert no_deny_list_engine.anonymise("Ate Jewel rates 8.") == "Ate [NAME] rates 8."
    assert no_deny_list_engine.anonymise("Pinky didi said it was fine.").startswith("[NAME] didi")


def test_dictated_names_only_in_notes_with_no_capital():
    lists = load_lists()
    text = "carol rates it a six the scan was late full stop she was fine"
    assert [text[s:e] for s, e in message_names.dictated_names(text, lists)] == ["carol"]
    assert message_names.dictated_names("Carol rates it a six the scan was late full stop", lists) == []


def test_split_numbers_need_an_ellipsis_after_a_record_word():
    text = "hosp no is K770... then after a pause 4410"
    assert [text[s:e] for s, e in message_names.split_numbers(text)] == ["K770", "4410"]
    assert message_names.split_numbers("she waited 3... then 4 hours") == []


def test_a_name_found_inside_a_word_ends_a_page_names_run():
    """A finding that ends inside a lower-case word ("[devon]s address") once looped for ever in the page-name run."""
    from insights.quotes.handle_shapes import _run
    from insights.quotes.lexicon import Finding

    text = "devons address for the food bank is on the card"
    start, end, _words, _owner = _run(text, Finding(0, 5, "PERSON", "test"), [])
    assert start <= end <= len(text)


def test_a_dictated_note_with_a_name_and_an_address_is_read(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "carols address for the food bank voucher is on the card she's above the shop"
    )
    assert "carol" not in out


#: The keep-side review of rules 45 (helper-written lines, no personal details): its first version took these.
KEEP_REVIEW = [
    "Hope on WhatsApp was the name of the peer support group chat.",
    '"GRACE: prayer at 6" was the chaplaincy message.',
    "Patience scored 12 mentions, all about waiting.",
    "Hosp transfer at 2am... then back at 4am.",
    "Grace say before meals is a tradition in her family.",
    "May on text meant she would confirm in May by text.",
    '"Blessing: the Nigerian naming ceremony on day eight."',
    "Joy wished for by every family was not what she felt on day three.",
    "Rose on the security badge logo confused one mum who thought it was a name.",
    "Ref: Better Births 2016... then the Ockenden report 2022.",
    "Sky, a colour one mum used for how calm the pool room felt, came up twice.",
    "Faith, a student nurse said, is what kept her on the course.",
    '"Ginger: yes, Peppermint: yes, Raspberry leaf: ask the midwife" was on the handout.',
    "Hope later sent to every family was the bereavement newsletter.",
    "Score 8. Hope scored highest in the word cloud, trust lowest.",
    "Holly (the one with red berries) is poisonous to toddlers, the HV said.",
    "Is Daisy the one with the birth pool? Yes, Daisy ward has two pools.",
    "Hope praised in the feedback was linked to the bereavement midwife's visits.",
    "Hope can you feel it, was the line from the song the choir sang.",
    "Joy scored 30 mentions, fear 25.",
    "Patience (the one that ran out first) was her word for how the ward felt.",
    '"GRACE: Gravesham Residents And Carers Engagement" meets monthly.',
    "Joy (the one from the leaflet) was the slogan for the breastfeeding week.",
    '"Joy: seeing the baby on the scan screen."',
    "new line patience is eighteen minutes on average on hold to triage",
    "Ruby (the one that is red) is the colour of the new ward signage.",
    "Amber (the one from the traffic lights) was used in the triage system.",
    "and joy rates higher than fear in the word cloud full stop",
    "Hope (the one from the leaflet) is the charity's name.",
]


@pytest.mark.parametrize("text", KEEP_REVIEW)
def test_the_keep_side_reviews_lines_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_word_opening_a_quoted_line_before_a_colon_reads_as_a_speaker(no_deny_list_engine):
    # rules 55: kept by rules 45 to 54; the tagger retrained on forty-two sets reads "Robin:" opening a quoted line as
    # a speaker's label (a chat export's shape, where it is a name), so the symbol's word goes: a stated trade. A list
    # of things with colons stays ("Ginger: yes, Peppermint: yes", above).
    out = no_deny_list_engine.anonymise('"Robin: the logo on the new bereavement leaflets."')
    assert out == '"[NAME]: the logo on the new bereavement leaflets."'


#: The removal-side review of rules 45: details rules 44 left and rules 45 removes (helper-written, invented).
REMOVAL_REVIEW = [
    ("Pauline (housing) said the flat would not be ready before the due date.", ["Pauline"]),
    ("Tito Boy drove her to the hospital.", ["Boy"]),
    ("Ruby = baby, born 3 weeks early at Darent Valley.", ["Ruby"]),
    ("Candy can you send me the link for the survey?", ["Candy"]),
    ("(Charity) says she was never offered a debrief.", ["Charity"]),
    ("Is Kitty the one who had twins at Darent Valley?", ["Kitty"]),
    ("Ellie MOORCROFT declined the induction.", ["MOORCROFT"]),
    ("Tita Baby helped at home for a month.", ["Baby"]),
    ("Misty, could you pass the forms round please.", ["Misty"]),
    ("Candy, would you mind filling this in?", ["Candy"]),
    ("Case number 3356 ... 1279, PALS said.", ["3356"]),
    ("WINTERBOTTOM, Hazel – PALS ref P-2024-1182.", ["WINTERBOTTOM"]),
    ("Her account number is 4417... 8823 for the grant.", ["4417"]),
    ("(Unity) says thank you to the night team.", ["Unity"]),
    ("Patient MOORCROFT, Ellie was seen in triage at 02:10.", ["MOORCROFT"]),
]


@pytest.mark.parametrize(("text", "gone"), REMOVAL_REVIEW)
def test_the_removal_side_reviews_details_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for word in gone:
        assert word not in out, out


def test_a_dictated_name_goes_and_the_same_word_in_ordinary_use_stays(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("ocean says the ocean theme in the baby room was nice full stop")
    assert out.startswith("[NAME] says the ocean theme"), out
