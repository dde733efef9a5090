"""Anonymiser rules 59 (issue 10): read from the leaks and lost keeps of a new tuning writer, blind69 (Afghan and
Iranian families, a Ukrainian host scheme, a dads' group, a breastfeeding drop-in, a PALS log, a Caribbean church
group). The wordings are this file's own.

- A capitalised word that is the first or second piece of her e-mail address or handle in the same note, and her
  full name as the address spells it (`handle_shapes.handle_owners`).
- A ward left or moved to ("asked to leave Kestrel Ward") is the ward (`service_guards`).
- A couple's first title goes with the name ("Mr and Mrs [NAME]" -> "[NAME]").
- Persian honorifics after a name, in lower case, stay outside it ("[NAME] jan"); a church's office after "the"
  is no name ("The Bishop's wife").
- Babies by their feeding, a christening, "new to the group", a nickname before a bracket holding her full name, a
  family's name before "family" (`added_names.alias_names`).
- Kept after the tagger: Persian and Jamaican dishes, patois words a note quotes, Ukrainian cities as spelt since
  2010; Ukrainian and Russian pet forms are nicknames.
"""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_59_or_later():
    assert int(RULES_VERSION) >= 59


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a short given name that is the first piece of her handle, anywhere in the note
        ("Ira likes Telegram best: @ira_melnyk_kyiv", ["Ira"]),
        # her full name as her address spells it, even when the family name is a word too
        ("Kadian Brooks asked for the leaflet, email kadian.brooks@example.com", ["Kadian", "Brooks"]),
    ],
)
def test_a_name_her_address_spells_goes(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a service's words in its own inbox stay
        ("Email the Maternity Voices team at maternity.voices@example.com please", ["Maternity Voices"]),
        # a place the handle ends with stays, and a place after "in" stays even as the address's first piece
        ("Came from Kyiv last spring; find her at @oksi_bondar_kyiv", ["Kyiv last"]),
        ("her post went to an old address in Kerry, email kerry.doyle@example.com", ["in Kerry"]),
    ],
)
def test_service_words_and_places_beside_an_address_stay(no_deny_list_engine, text, kept):
    out = no_deny_list_engine.anonymise(text)
    for piece in kept:
        assert piece in out, (text, out)


def test_a_ward_left_or_moved_to_is_the_ward(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "Her partner was told to leave Heron Ward at ten. Later moved to Kestrel Ward."
    )
    assert "Heron Ward" in out and "Kestrel Ward" in out, out
    # a given name before "Ward" may be a person
    assert "Sarah" not in no_deny_list_engine.anonymise("She left Sarah Ward a voicemail about the clinic.")


@pytest.mark.parametrize(
    "text",
    ["A card came from Mr and Mrs Pemberton-Lowe for the team.", "Mr & Mrs Adeyemi-Cole sent flowers."],
)
def test_a_couples_titles_go_with_the_name(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    assert "Mr" not in out and "Mrs" not in out, out


def test_persian_honorifics_in_lower_case_stay_outside_the_name(no_deny_list_engine):
    out = no_deny_list_engine.anonymise(
        "Shirin jan rang twice; Parvin khanum brings the bread; Davood agha drove."
    )
    assert out.count("[NAME]") == 3, out
    assert "jan" in out and "khanum" in out and "agha" in out, out
    # capitalised, the same words may be family names
    assert "Khanum" not in no_deny_list_engine.anonymise("Mrs Rubina Khanum came with her sister.")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The Bishop's wife opened the meeting with a prayer.", "Bishop"),
        ("Our Pastor said the van can take the mums to clinic.", "Pastor"),
    ],
)
def test_a_church_office_after_the_is_no_name(no_deny_list_engine, text, kept):
    out = no_deny_list_engine.anonymise(text)
    assert kept in out, out


def test_an_office_before_a_name_still_goes_with_it(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Bishop Adeyemi-Cole came to the lunch.")
    assert "Adeyemi" not in out, out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Clover feeding every 2 hours at night, mum worn out.", "Clover"),
        ("Daisy fussy at the breast since Tuesday.", "Daisy"),
        ("Everyone is invited to Lincoln's christening at the Baptist church.", "Lincoln"),
        ("Chelsea new to the group, baby due in June.", "Chelsea"),
        ("Sweetie (Lorraine Bellamy) rated her care 7.", "Sweetie"),
        ("Buttons (Kerry-Ann Blake, the tall one) rated her care 6.", "Buttons"),
        ("The Fielding family have two mums staying with them.", "Fielding"),
    ],
)
def test_a_person_shown_by_the_note_goes(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out, out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Hope feeding gets easier this week.", "Hope feeding"),
        ("The Royal family was on the telly in the waiting room.", "Royal"),
        ("The Polish family next door helped with the pram.", "Polish"),
        ("The Kent family support team rang back.", "Kent family support"),
        ("Update (Sarah Jones): she rang about the scan.", "Update"),
    ],
)
def test_words_beside_those_cues_stay(no_deny_list_engine, text, kept):
    out = no_deny_list_engine.anonymise(text)
    assert kept in out, out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("She brought sabzi polo and everyone wanted the recipe.", "sabzi polo"),
        ('Her nan says "tek time" whenever anyone rushes.', "tek time"),
        ("The family came from Zaporizhzhia in 2022.", "Zaporizhzhia"),
        ("Tatiana Koval (Tanya), 31, from Mykolaiv, first baby.", "Mykolaiv"),
    ],
)
def test_dishes_patois_and_cities_stay(no_deny_list_engine, text, kept):
    out = no_deny_list_engine.anonymise(text)
    assert kept in out, out


def test_ukrainian_pet_forms_are_nicknames(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("Nastya's lift to the clinic fell through again.")
    assert "Nastya" not in out, out
