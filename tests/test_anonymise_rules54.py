"""Anonymiser rules 54 (issue 10): a Traveller site named before "site" or "transit site", a school's name that runs on
to "for girls", a family name that is also an English word between a given name and her mobile number, the name a woman
goes by, a service rank before a family name, a baby's name before her age, a Vietnamese family name before "Thi", a
family takeaway's owner and a user name beside a messaging app (the removal side); sites named by a kept place or an
English word alone, service lines, a kind of school, a word said of something ("is precious,"), a care word after a
name and a dash, and the Falklands kept (the keep side). Read from blind57's and blind60's leaks (tuning writers);
wordings are this file's own.
"""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_54_or_later():
    assert int(RULES_VERSION) >= 54


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Called in at Brambledene site, 4 trailers, one woman 30 wks", ["Brambledene"]),
        ("Went Larchcombe transit site. 3 families, moving on Monday", ["Larchcombe"]),
        ("Visit Ashcrofts site, Swanley. 2 caravans, nobody in", ["Ashcrofts"]),
        ("Willow Meadow site, 6 plots, women all at the one trailer", ["Willow Meadow"]),
        ("eldest is at wilmington school for girls yr 9", ["wilmington", "for girls"]),
        ("Q7: Kerry-Ann Wilde 07700 900 132", ["Kerry", "Wilde"]),
        ("call back Jodie Crane 07700 900 418 after 6", ["Jodie", "Crane"]),
        ("Marigold (calls herself Goldie) 7/10, 2nd baby", ["Marigold", "Goldie"]),
        ("Tran Thi Mai uses the name Peach at the salon", ["Peach"]),
        ("Blossom is her English name, she works in the kitchen", ["Blossom"]),
        ("staying with her mum till Cpl Danby is home", ["Danby"]),
        ("Nobby (Sgt Clarke) rang about his wife", ["Nobby", "Clarke"]),
        ("stay and play: jo w baby june (8 wks) - rated 9", ["june"]),
        ("Vo Thi Lan came with her sister", ["Vo", "Lan"]),
        ("her husband works at Lam's Takeaway most nights", ["Lam"]),
        ("kitchen porter at Wong's Garden, Chen Family Takeaway before", ["Wong", "Chen"]),
        ("she is lin.hoa99 on Zalo if we need her", ["lin.hoa99"]),
        ("Viber ID: rosa_m22 for the group", ["rosa_m22"]),
    ],
)
def test_sites_schools_and_names_before_a_mobile_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "Visit Darent Valley site, the parking is worse than ever",
        "the building site next to the clinic is noisy, 4 trailers of kit outside",
        "National Breastfeeding Helpline 0300 100 0212 given out",
        "Tommy's Midwives 0800 0147 800 on the card",
        "she went to a school for girls in Lagos",
        "every baby is precious, she said, and hers was",
        "honestly the midwife was so lovely to us",
        "her partner was posted to the Falklands for six months",
        "Grace Restaurant was shut for a week, the Family Kitchen too",
        "PO Box 12 for the charity's letters",
        "called the line at 10.30, nobody answered",
        "she is on line 3 of the form",
        "post doesnt get delivered to the council's transit site",
        "partner is a Sgt Major now, away a lot",
        "banh mi and goi cuon from the Vietnamese shop, hong bao for the baby",
        "Ofsted rated the nursery good, civvy street is a big change",
    ],
)
def test_kept_places_services_and_kinds_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Every baby is precious, Precious said, but the ward was cold", ["Precious said"], ["is precious,"]),
        ("her name is precious and she is 19", ["is precious"], []),
        ("rating 6. Lou's babys dad is trent, named for the river", ["is trent"], []),
        ("mel w arlo - cmpa, formula on prescription took 3 wks", ["arlo"], ["- cmpa,"]),
    ],
)
def test_words_said_of_something_and_care_words_after_a_dash(no_deny_list_engine, text, gone, kept):
    out = no_deny_list_engine.anonymise(text)
    assert all(piece not in out for piece in gone), (text, out)
    assert all(piece in out for piece in kept), (text, out)


def test_a_service_line_before_a_mobile_stays(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Birth Team Line 07700 900 551 for the home birth team")
    assert out == "Birth Team Line [PHONE] for the home birth team"


@pytest.mark.parametrize(
    ("switch", "text", "piece"),
    [
        ("alias_names", "stay and play: jo w baby june (8 wks) - rated 9", "june"),
        ("year_schools", "eldest is at wilmington school for girls yr 9", "for girls"),  # the school's run-on
    ],
)
def test_the_new_steps_are_switches(no_deny_list_engine, switch, text, piece):
    engine = no_deny_list_engine
    try:
        setattr(engine, switch, False)
        assert piece in engine.anonymise(text)
    finally:
        setattr(engine, switch, True)
    assert piece not in engine.anonymise(text)
