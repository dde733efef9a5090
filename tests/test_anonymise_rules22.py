"""Anonymiser rules 22 (issue 10): fewer false changes on real comments, by two general means rather than
word lists: a month and year is a personal detail only as a birth or due date, and a rare word one edit
from a common English word that is not a name is a misspelling (word frequencies from wordfreq,
data/anonymise/word_frequency.txt). Wordings are this file's own, not the corpora's."""

from __future__ import annotations

import pytest

from insights.quotes import reference_shapes as rs
from insights.quotes.lexicon import RULES_VERSION, WORD_FREQUENCY_PATH, read_frequencies


def test_rules_version_is_22_or_later():
    assert int(RULES_VERSION) >= 22


KEPT = [
    # a month and year with no day, not a birth: not a personal detail
    "The clinic moved to the new building in March 2021 and parking got worse.",
    "Since the lockdown began in April 2020 the group met online.",
    "my first baby was in 2019 and I saw the same midwife until June 2022",
    # an ordinal before a noun is not a date
    "On the 2nd call the operator finally put me through.",
    "She was seen on the 3rd attempt, after two cancelled scans.",
    # a number compound
    "A 5-star service, 24-hour support and a 3-day stay.",
    # misspelt common words in a name's slot
    "The receptionist was very caim and polite.",
    "After the section there was so much paion. Nobody came.",
    "The night handl was rude to my husband.",
    "Expecially the midwives on the labour ward.",
    "Couldn't have been better Fromm start to finish.",
]


@pytest.mark.parametrize("text", KEPT)
def test_plain_text_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


REMOVED = [
    ("baby due march 2024, first pregnancy", "march 2024"),
    ("dob june 1995 - needs an interpreter", "june 1995"),
    ("Her son was born in October 2023 at Darent Valley.", "October 2023"),
    ("Her baby arrived in May 2022 after an induction.", "May 2022"),
    ("seen on the 21st by the HV", "on the 21st"),
    ("we went in on Monday the 3rd and came home Friday", "Monday the 3rd"),
    ("she came in on 12/04/2023 with reduced movements", "12/04/2023"),
    ("discharged on the 4th of June after three nights", "the 4th of June"),
]


@pytest.mark.parametrize("text, piece", REMOVED)
def test_birth_months_and_day_dates_still_go(no_deny_list_engine, text, piece):
    out = no_deny_list_engine.anonymise(text)
    assert piece not in out and "[DATE]" in out


@pytest.mark.parametrize(
    "text, gone",
    [
        # one edit from a common word that is itself a name ("sarah", "june"): still a name
        ("midwife sarha was lovely", "sarha"),
        ("her partner Junu came to the group", "Junu"),
        # names the lists hold stay names even when one edit from a word ("Kath" / "bath")
        ("spoke to kath at the hub", "kath"),
        # a title or a relative still makes a word a name
        ("Dr Fromm explained the scan", "Fromm"),
        ("her husband Dhan rang", "Dhan"),
    ],
)
def test_names_neighbour_cache_words_still_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_birth_month_year_finder_directly():
    assert rs.birth_month_year_spans("baby due march 2024") == [(9, 19)]
    assert rs.birth_month_year_spans("dob: Sept. 1990") == [(5, 15)]
    assert rs.birth_month_year_spans("the unit closed in march 2024") == []
    # the clue must be in the same clause
    assert rs.birth_month_year_spans("She was born abroad. We met in May 2019.") == []


def test_common_neighbours(no_deny_list_engine):
    lexicon = no_deny_list_engine.lexicon
    assert "pain" in lexicon.common_neighbours("paion")
    assert "calm" in lexicon.common_neighbours("caim")
    assert "especially" in lexicon.common_neighbours("Expecially")
    assert lexicon.common_neighbours("sarah") == ()  # a common word itself
    assert lexicon.common_neighbours("abt") == ()  # three letters: too short to say
    assert lexicon.common_neighbours("Okonkwo") == ()  # nothing common one edit away


def test_frequency_file_is_licensed_and_read(tmp_path):
    head = WORD_FREQUENCY_PATH.read_text(encoding="utf-8").splitlines()[:4]
    assert any("CC BY-SA 4.0" in line for line in head)
    assert (WORD_FREQUENCY_PATH.parent / "LICENSE-word-frequency.txt").is_file()
    freq = read_frequencies()
    assert len(freq) > 20_000 and freq["the"] > 7 and min(freq.values()) >= 3.0
    # a missing file reads as no frequencies: then no word is let go as a misspelling (fails closed)
    assert read_frequencies(tmp_path / "missing.txt") == {}
    bad = tmp_path / "bad.txt"
    bad.write_text("# header\nword notanumber\ngood 4.5\n", encoding="utf-8")
    assert read_frequencies(bad) == {"good": 4.5}


def test_the_guard_follows_the_frequency_list(no_deny_list_engine, monkeypatch):
    """With no frequencies the misspelling guard is off and the rule takes the word again (so the kept words
    above are kept because of the list, not by accident)."""
    lexicon = no_deny_list_engine.lexicon
    monkeypatch.setattr(lexicon, "frequency", {})
    monkeypatch.setattr(lexicon, "_neighbour_cache", {})
    text = "The porter was very caim and helpful."
    assert no_deny_list_engine.anonymise(text) != text


# Rules 22, second step: a capitalised word in a person's subject slot that is rare in English (not in the
# frequency list, no common word one edit away) is a name even when the dictionary knows it or calls it a typo.
@pytest.mark.parametrize(
    "text, gone",
    [
        ("Rissa rang again about the forceps.", "Rissa"),
        ("Wolfie said the van was fixed.", "Wolfie"),
        ("Leighanne gave 4 for the postnatal ward.", "Leighanne"),
    ],
)
def test_rare_words_in_a_person_slot_are_names_by_the_rules_alone(silent_tagger, text, gone):
    from benchmarks.anonymise_eval import NO_DENY_LIST
    from insights.quotes import anonymise

    rules_alone = anonymise.Anonymiser(NO_DENY_LIST, tagger=silent_tagger)
    assert gone not in rules_alone.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "Phlebotomist was quick and kind.",  # a role's suffix: not a name
        "Sonographer was lovely and explained everything.",
        "Episiotomy was done without asking.",
        "Physiotherapist said to rest.",
    ],
)
def test_rare_role_and_clinical_words_in_that_slot_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


# Rules 22, third step: England's district names (places_districts.txt, ONS/MHCLG, OGL) join the place list.
@pytest.mark.parametrize(
    "text",
    ["My experience at Bassetlaw has led me to complain.", "Rushcliffe was where I had my first."],
)
def test_district_names_are_places(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_district_list_leaves_out_names():
    from insights.quotes.lexicon import DATA_DIR

    lines = (DATA_DIR / "places_districts.txt").read_text(encoding="utf-8").splitlines()
    assert any("Open Government Licence" in line for line in lines if line.startswith("#"))
    districts = {line for line in lines if not line.startswith("#")}
    assert {"bassetlaw", "rushcliffe", "tameside", "gravesham"} <= districts
    # names are left out, so a person keeps a clue's reading; "Amber Valley" gives nothing ("amber" is a name)
    assert not {"eden", "hart", "melton", "amber", "valley"} & districts


def test_a_district_named_person_still_goes(no_deny_list_engine):
    assert "Eden" not in no_deny_list_engine.anonymise("her daughter Eden was born at DVH")
