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
        ("tea from Holland & Barrett and Mr Kipling cakes", ["Holland & Barrett", "Mr Kipling"]),
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
