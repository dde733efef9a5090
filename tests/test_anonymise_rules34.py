"""Anonymiser rules 34 (issue 10): everyday-word names and short forms said once, found by the slot a note gives them
(a bracket's school year, cot or "surname withheld"; "is"/"was" and how a person is; a well-wish; a pet name in a
bracket; a short form's own verbs; a rare word before a baby's age). Wordings are this file's own (none is a note
of a labelled corpus)."""

from __future__ import annotations

import pytest

from insights.quotes import anonymise, train_tagger
from insights.quotes.lexicon import RULES_VERSION
from insights.quotes.note_people import STEPS as PEOPLE_STEPS


def test_rules_version_is_34_or_later():
    assert int(RULES_VERSION) >= 34


def test_the_well_wish_step_is_a_switch_measured_apart():
    assert "well_wishes" in anonymise.SWITCHES
    assert "well_wishes" in train_tagger.OPTIONAL_STEPS
    assert "well_wishes" in PEOPLE_STEPS
    assert anonymise.Anonymiser.well_wishes is True


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a bracket's school year, cot number or what it says of the name
        ("Meadow (Year 5) had the chickenpox so her mum kept her off.", "Meadow"),
        ("Clover (cot 7) came off CPAP today, mum over the moon.", "Clover"),
        ("Sapphire (surname not given) rang the line about her stitches.", "Sapphire"),
        ("Poppy (7m) only wanted the blue scarf at sensory.", "Poppy"),
        # "is"/"was" and a person's state or a word said only of people
        ("Pat is worried about her niece who is 20 weeks.", "Pat"),
        ("Sharon was so rude to her at the desk.", "Sharon"),
        # a well-wish under a post
        ("so proud, well done Marigold, a whole year of feeding 🙌", "Marigold"),
        ("Thank you Nuala! you made the night feeds bearable", "Nuala"),
        # a pet name in a bracket beside the given name it shortens
        ("Dot (Dorothy), 71, brought the great-grandson to the group.", "Dot"),
        # a short form's own verbs, a rare word before a verb only people do
        ("Dot lives on the top floor and the lift is broken again.", "Dot"),
        ("Pat has had the little one since he was four days old.", "Pat"),
        ("Smithy asked if the midwife could come to the group.", "Smithy"),
        # a family name the keep list must not hide (the second review: "macmillan" alone was kept)
        ("Midwife Macmillan was lovely.", "Macmillan"),
    ],
)
def test_rules_34_people_are_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Everything was lovely on the postnatal ward.", "Everything"),
        ("Recovery is 6 weeks after a section, they said.", "Recovery"),
        ("Hospitalisation is 3 weeks on average for that.", "Hospitalisation"),
        ("Sertraline is 6 weeks before it works, the GP said.", "Sertraline"),
        ("Hope is fading that the unit will reopen.", "Hope"),
        ("May was lovely weather for the walk.", "May"),
        ("Thank you Darent Valley, you were brilliant.", "Darent Valley"),
        ("well done sweetie, so proud of you", "sweetie"),
        ("thank you all, love you petal x", "petal"),
        ("the Macmillan nurse came to the house.", "Macmillan"),
        ("Thank you Tommys for the leaflets.", "Tommys"),
        ("just needed reassurance, thanks F20.", "F20"),
        ("well done team, the ward was calm", "team"),
        ("Maternity (Mat) unit was closed to visitors.", "Maternity"),
        # the first review's findings: places, medicines, acronyms and slang after a thank-you
        ("Thank you Hexham, the ward was calm.", "Hexham"),
        ("Thank you Addenbrookes!", "Addenbrookes"),
        ("Thanks Fybogel.", "Fybogel"),
        ("Thank you MLU!", "MLU"),
        ("thanks bae.", "bae"),
        ("Thanks Cruse.", "Cruse"),
        # ... a one-word bracket that is no pet name
        ("Beatrice (Black) came to the group.", "Black"),
        ("Ben (Benefits) advice given.", "Benefits"),
        ("Daisy (Dog) came too.", "Dog"),
        # ... things and the weather after "is"/"was" or a short form's verb
        ("Sky was lovely this morning.", "Sky"),
        ("Storm was horrible last night.", "Storm"),
        ("Lincoln was lovely.", "Lincoln"),
        ("Hope is kind, they say.", "Hope"),
        ("Ginger has been great for the nausea.", "Ginger"),
        ("Kit has arrived in the post.", "Kit"),
        ("Mat needs cleaning after the class.", "Mat"),
        ("Lorry came at 6am with the cots.", "Lorry"),
        # ... a place or subject before a school year, minutes, a common word before a span of months
        ("Berwick (Year 2) visited the unit.", "Berwick"),
        ("PSHE (Year 10) went well.", "PSHE"),
        ("Bay (cot 4) needed cleaning.", "Bay"),
        ("Complaint (surname withheld) logged.", "Complaint"),
        ("Pushing (40m) then delivered.", "Pushing"),
        ("Handover (15m) was late.", "Handover"),
        ("Backlog is 8 weeks for the clinic.", "Backlog"),
        ("Tenancy is 6 months.", "Tenancy"),
        ("Physiotherapist said to rest.", "Physiotherapist"),
        # the second review's findings
        ("Case was referred to children's social care.", "Case"),
        ("Job was booked in for Monday.", "Job"),
        ("Pram was delivered to the wrong address.", "Pram"),
        ("Company was really supportive of my maternity leave.", "Company"),
        ("Stepson was poorly too.", "Stepson"),
        ("Tsh came back high.", "Tsh"),
        ("Nappy had a bit of blood in it.", "Nappy"),
        ("Bairn cried all night.", "Bairn"),
        ("Lorry came to the house.", "Lorry"),
        ("Thank you Midwifery.", "Midwifery"),
        ("Thank you Sonography!", "Sonography"),
        ("Thank you Reflexology!", "Reflexology"),
        ("Good luck Lionesses!", "Lionesses"),
        ("welcome precious!", "precious"),
        ("happy birthday treasure!", "treasure"),
        ("Porridge (7m) and puree.", "Porridge"),
        ("Crawling (8m) then walking.", "Crawling"),
        ("Corridor (5m) long.", "Corridor"),
        ("Twinkl (Year 2) worksheets.", "Twinkl"),
        ("Alias (nickname) on the system.", "Alias"),
        ("Maiden (surname) on the form.", "Maiden"),
        ("Sonographer asked me to come back.", "Sonographer"),
        # a real comment (v6, a tuning set): a responsible clinician read as a Roman Catholic school
        ("Listen to me.  My RC does not listen.", "My RC"),
    ],
)
def test_rules_34_keeps_what_is_no_person(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


def test_a_place_in_a_bracket_after_a_name_reads_as_her_other_name(no_deny_list_engine):
    # rules 55: kept by rules 34 to 54; the tagger retrained on forty-two sets reads "Name (Word)" as a name and the name
    # she goes by, and a place there cannot be told from one ("Abimbola (Bimbo)", "Alfie (Kingsley)" are towns too):
    # the bracket goes, a stated trade on the side of privacy
    assert no_deny_list_engine.anonymise("Margaret (Margate) rang.") == "[NAME] ([NAME]) rang."


def test_a_name_never_takes_half_a_word_spacy_splits_as_a_negative(no_deny_list_engine):
    # spaCy splits "Darent" as "Dare|nt" (daren't): the name used to end inside it, leaving "[NAME]nt Valley"
    assert no_deny_list_engine.anonymise("Emma Darent Valley was great.") == "[NAME] Darent Valley was great."


def test_a_long_run_after_a_thank_you_is_read_in_linear_time(no_deny_list_engine):
    # the first review: "thank you " + 20,000 letters took 1.9 s in the step's pattern alone (backtracking into the word)
    import time

    from insights.quotes.note_people import _WELL_WISH

    text = "thank you " + "x" * 50_000 + "a b"
    start = time.process_time()
    assert not list(_WELL_WISH.finditer(text))
    assert time.process_time() - start < 1.0


def test_a_run_of_letters_longer_than_any_word_is_no_typo(no_deny_list_engine):
    # the second review: "thank you " + 50,000 letters took 42 s, every edit of the run tried as a typo (quadratic)
    from insights.quotes.lexicon import LONGEST_WORD

    lexicon = no_deny_list_engine.lexicon
    assert lexicon.typo("reffered") and not lexicon.typo("a" * (LONGEST_WORD + 1))
    assert lexicon.common_neighbours("b" * (LONGEST_WORD + 1)) == ()


def test_the_school_pattern_reads_a_run_of_apostrophes_in_linear_time():
    # the second review: "thank you " + "a'" * 25,000 took 13 s, the school pattern restarting inside the run
    import time

    from insights.quotes.identifiers import _SCHOOL_ANYCASE

    start = time.process_time()
    assert not list(_SCHOOL_ANYCASE.finditer("thank you " + "a'" * 25_000))
    assert time.process_time() - start < 1.0
    found = [
        m.group(0) for m in _SCHOOL_ANYCASE.finditer("her son at st joseph's primary, o'neill's nursery")
    ]
    assert found == ["at st joseph's primary", "o'neill's nursery"]


def test_switched_off_the_well_wish_step_adds_nothing(no_deny_list_engine):
    engine = no_deny_list_engine
    text = "so proud, well done Marigold, a whole year of feeding 🙌"
    engine.well_wishes = False
    try:
        off = engine.find(text)
    finally:
        del engine.well_wishes  # back to the class's default for the other tests
    on = engine.find(text)
    assert not any(f.source.endswith(":well-wish") for f in off)
    assert any(f.source.endswith(":well-wish") for f in on)
