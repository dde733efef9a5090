"""Anonymiser rules 18 (issue 10, insights.quotes.note_people): people an engagement note's shorthand
names (a bracket saying who someone is, a call log's "X re:", a rating, a name found once and written
again) and what those slots must leave alone."""

from __future__ import annotations

import pytest

from insights.quotes import note_people

NAMED_BY_SHORTHAND = [
    # a bracket that says who someone is
    ("Treasure (Ghanaian, came over in 2022) gave 6 for antenatal", ["Treasure"]),
    ("kaycee (vol, ex teaching assistant) will run the raffle", ["kaycee"]),
    ("Dove (T3, Nigerian nan of 5) - 'in my day nobody rushed you'", ["Dove"]),
    ("Montego (8 months) and his mum came to the stay and play", ["Montego"]),
    ("Saffron (mum from the sling library) asked about tongue tie", ["Saffron"]),
    ("... Lagos (her son, 4, at the craft table) kept us busy", ["Lagos"]),
    ("Zephyr (midwife, 2nd yr) said the ward is always short", ["Zephyr"]),
    # a call log or a listening event
    ("10/02 09:40 out - Serenity re: her PALS letter. will ring back", ["Serenity"]),
    ("then nevaeh re housing, still in one room", ["nevaeh"]),
    ("meadow rated 9, the birth centre was calm", ["meadow"]),
    ("joy m rated 7 for the birth centre", ["joy"]),
    ('Odalys: "4. nobody explained the induction"', ["Odalys"]),
    ("Fortune asking about the maternity exemption form", ["Fortune"]),
    # a pair before a gloss, a sure gloss, a log line's time, a speaker before a quote, "is" + who
    ("zandra and kelz (cousins) both had sections at DVH", ["zandra", "kelz"]),
    ("Will (T4, 22, first baby) said nobody explained the drip", ["Will"]),
    ("03/02 14:10 in - Tranquil re: her birth reflections referral", ["Tranquil"]),
    ("11:05 out, 4 min - Covenant rang back about the form", ["Covenant"]),
    ('Marvel: "the postnatal ward was loud all night"', ["Marvel"]),
    ("Ayomide is Nigerian, Yoruba at home, rated 7", ["Ayomide"]),
    ("then tamsyn is 31 wks and still not booked", ["tamsyn"]),
    # a name found once is a person again in a person's slot
    (
        "Blessing rated 10 for the birth centre. blessing wants the HV to visit next week",
        ["Blessing", "blessing"],
    ),
    ("Peace rated 3 for the ward. dropped the buggy round for Peace, buzzer broken", ["Peace"]),
]


@pytest.mark.parametrize(("text", "gone"), NAMED_BY_SHORTHAND)
def test_names_a_notes_shorthand_gives_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert all(name not in out for name in gone), out


@pytest.mark.parametrize(("text", "gone"), NAMED_BY_SHORTHAND[:12])
def test_the_rules_18_steps_find_them_without_the_tagger(no_deny_list_engine, text, gone):
    people = no_deny_list_engine.note_people
    found = [f for step in note_people.STEPS for f in getattr(people, step)(text, [])]
    pieces = " ".join(text[f.start : f.end] for f in found)
    assert all(name in pieces for name in gone), pieces


@pytest.mark.parametrize(
    ("text", "keep"),
    [
        # brackets that are not a person's gloss
        ("Parking (dad had to pay £12 a day) was the worst bit", "Parking"),
        ("Gravesend (mum of 3 said the bus never comes) has no late buses", "Gravesend"),
        ("Triage (T2 said it was always full) needs more chairs", "Triage"),
        ("Faith (Christian) matters a lot to her", "Faith"),
        ("Housing (2) and debt came up at every table", "Housing"),
        ("Breastfeeding (mum of 2) support was praised", "Breastfeeding"),
        ("Darent Valley (her son was born there) was fine", "Darent Valley"),
        # "re:" and ratings after words that are not people
        ("call re: the leaflet order, email re: room booking", "call re: the leaflet order, email"),
        ("Antenatal rated 8, postnatal rated 3", "Antenatal rated 8, postnatal"),
        ("overall rated 7, the birth itself rated 9", "overall"),
        ("Everything rated 9 except the food", "Everything"),
        ("overall: 6/10 across the room", "overall"),
        # ordinary words again after a name of the same spelling
        ('Patience rang about her stitches. she said "patience is wearing thin with housing"', "patience is"),
        (
            'Charity (vol on the tins) came. innocent said "we are not asking for charity, only help"',
            "for charity",
        ),
        ("Hope rated 7. i hope the report reaches the ICB", "i hope"),
        # sessions, services and typed words before the new slots
        ("Tuesday (2 mums, 1 dad) was a quiet session", "Tuesday"),
        ("Monday (Polish mums group) moved to the library", "Monday"),
        ('spoke to her in the queue, siad "it saved us"', "siad"),
        ('CARD, EPU: "thank you for the memory box"', "EPU"),
        ("Housing re: the damp, no answer yet", "Housing"),
        ("Maternity Voices rang back about the walk round", "Maternity Voices"),
    ],
)
def test_the_rules_18_slots_leave_things_and_ordinary_words_alone(no_deny_list_engine, text, keep):
    start = text.index(keep)
    end = start + len(keep)
    people = no_deny_list_engine.note_people
    names = [f for step in note_people.STEPS for f in getattr(people, step)(text, [])]
    names += [
        f
        for f in no_deny_list_engine.find(text)
        if f.source.split(":")[-1] in ("bracket-gloss", "log-subject", "name-repeat")
    ]
    assert not [f for f in names if f.start < end and start < f.end], [text[f.start : f.end] for f in names]
    # the rules' older context step takes "Parking (" (not rules 18's steps)
    if keep != "Parking":
        assert keep in no_deny_list_engine.anonymise(text)


def test_each_rules_18_step_can_be_switched_off(no_deny_list_engine):
    from insights.quotes import train_tagger

    assert set(note_people.STEPS) <= set(train_tagger.OPTIONAL_STEPS)
    text = "Treasure (Ghanaian, came over in 2022) gave 6 for antenatal"
    engine = no_deny_list_engine
    steps = (
        *note_people.STEPS,
        "heading_names",
    )  # rules 51 reads the same shape (a nationality in the bracket)
    try:
        for step in steps:
            setattr(engine, step, False)
        assert "Treasure" in engine.anonymise(text)
    finally:
        for step in steps:
            setattr(engine, step, True)
    assert "Treasure" not in engine.anonymise(text)
