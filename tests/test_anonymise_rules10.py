"""Anonymiser rules version 10 (insights/quotes/note_rules.py): initials in a person's slot, sign-offs,
names spelled letter by letter, postcode districts alone, Sister/Rev titles, "X who", log cells, names
joined to a name found, plural family names, names opening a note. Each step has a catch and a
must-keep counterpart, in wordings that are not the corpora's."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.quotes import anonymise, note_rules
from insights.quotes import train_tagger as tt
from insights.quotes.lexicon import RULES_VERSION

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


@pytest.fixture(scope="module")
def rules_alone(silent_tagger) -> anonymise.Anonymiser:
    return anonymise.Anonymiser(NO_DENY_LIST, tagger=silent_tagger)


def test_version(engine):
    assert int(RULES_VERSION) >= 10  # rules 11 bumped it again (tests/test_anonymise_rules11.py)
    assert f"maternity rules {RULES_VERSION}" in engine.label


# (step, a note where the detail must go, the words that must be gone, a note kept unchanged)
CASES = [
    ("initials", "ACTION: RB to phone the family hub", ["RB"], "ACTION: GP to review bloods, HV to visit"),
    (
        "initials",
        "Attendees: KM, SD. KM raised the Baby Bank referral",
        ["KM", "SD"],
        "Attendees: PALS, ICB. CQC raised the report",
    ),
    ("initials", "Sorted the leaflets, thanks, DW", ["DW"], "Sorted the leaflets, thanks, NHS"),
    (
        "sign_offs",
        "Reply: 5. the ward was calm. Tamsin x",
        ["Tamsin"],
        "Reply: 5. the ward was calm. Thanks x",
    ),
    ("sign_offs", "Reply: 4. rain", ["rain"], "The car park was full. It was raining"),
    ("spelled_names", "surname is O-K-O-R-O, thanks", ["O-K-O-R-O"], "a C-section and a T-shirt"),
    ("outward_codes", "she moved to ME7 last month", ["ME7"], "takes vitamin B12 and drove up the M25"),
    ("outward_codes", "lives in the da11 area", ["da11"], "the FY1 and the ST3 were kind"),
    ("name_titles", "Sister Okafor on the labour ward was kind", ["Sister", "Okafor"], "Sister on the ward"),
    (
        "who_names",
        "Carol who runs the bump group was lovely",
        ["Carol"],
        "Staff who run the group were lovely",
    ),
    ("table_cells", "12/05\tTemitope\tmissed scan", ["Temitope"], "12/05\tDartford\tmissed scan"),
    (
        "coordinated",
        "Faith and Temitope came to group",
        ["Faith", "Temitope"],
        "Dartford and Gravesend came top",
    ),
    ("plural_families", "the Adeyemis came in together", ["Adeyemi"], "the Lagos trip was long"),
    ("opening_names", "Tsegereda is from Eritrea", ["Tsegereda"], "Induction was long"),
]


@pytest.mark.parametrize(
    ("step", "text", "gone", "keep"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rules10(engine, step, text, gone, keep):
    out = engine.anonymise(text)
    for word in gone:
        assert word not in out, (step, out)
    assert engine.anonymise(keep) == keep, step


#: a note per step that only that step anonymises (the rules 9 steps and the tagger leave it)
APART = {
    "initials": "ACTION: RB to phone the family hub",
    "sign_offs": "Reply: 2. midwife was rushed. Kelsey",
    "closings": "the ward was calm all night, kind regards - summer",  # rules 29
    "title_initials": "Case 5: Mrs P.S. rated the ward 6",  # rules 29
    "capital_names": "Contact me? HARMONY PELLOWICK, happy to talk",  # rules 29
    "spelled_names": "she spelled it B-A-N-I-K-E for me",
    "outward_codes": "she moved to ME7 last month",
    "name_titles": "Sister Okafor on the labour ward was kind",
    "who_names": "Ruth who runs it is a star",
    "table_cells": "09/05\tTsering\tbooked late",
    "coordinated": "Comfort (Ghana), Temitope, Abimbola",
    "opening_names": "Tsering - from Tibet, says Nepali",  # rules 22: "Tsering is ..." is a person slot too now
}


@pytest.mark.parametrize("step", sorted(APART))
def test_steps_can_be_measured_apart(rules_alone, silent_tagger, step):
    # rules 13: the tagger retrained on fourteen sets removes "RB" in an action line by itself, so the
    # steps are measured with a tagger that finds nothing (conftest.silent_tagger)
    off = anonymise.Anonymiser(NO_DENY_LIST, tagger=silent_tagger)
    setattr(off, step, False)
    assert off.anonymise(APART[step]) != rules_alone.anonymise(APART[step])
    assert step in tt.OPTIONAL_STEPS
    assert step == "name_titles" or step in note_rules.STEPS
    assert set(note_rules.STEPS) | {"name_titles"} == set(APART) | {"plural_families"}


def test_plural_families_step_alone(engine):
    # the tagger retrained on blind7 already removes these; the step itself, on no other findings:
    found = engine.note_rules.plural_families("the Adeyemis came in together", [])
    assert [(f.start, f.end, f.entity) for f in found] == [(4, 12, "PERSON")]
    assert engine.note_rules.plural_families("the Lagos trip and the Browns", []) == []


def test_initials_need_a_persons_slot(engine):
    # capitals outside a person's slot, or an acronym of the care vocabulary, stay
    for text in ["The TV in the day room was broken", "seen in DAU for RFM.", "waited for the RVI."]:
        assert engine.anonymise(text) == text


def test_acronym_list_is_read_from_the_data_folder(engine):
    assert {"nhs", "fnp", "cqc"} <= engine.lists.acronyms
    assert "jk" not in engine.lists.acronyms
