"""Anonymiser rules version 5: each new rule family removes what it should in a wording of its own
and leaves the ordinary use of the same words alone (a catch and a must-keep each). The wordings here
are not the retired blind sets' sentences: they test the rule, not the note it was found in."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from insights.quotes import anonymise, identifiers
from insights.quotes.lexicon import RULES_VERSION

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "anonymise"
NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


# (rule family, a note where it must remove the marked words, the expected output, a note it must keep)
CASES = [
    (
        "any name-word before a verb of speech",
        "kerry told me the ward was freezing",
        "[NAME] told me the ward was freezing",
        "she told me the ward was freezing",
    ),
    (
        "was my birth partner / the only one who",
        "rose was my birth partner in the end",
        "[NAME] was my birth partner in the end",
        "the rose was my favourite flower in the garden",
    ),
    (
        "the only one who",
        "ruby was the only one who listened",
        "[NAME] was the only one who listened",
        "hope was all she had left",
    ),
    (
        "is a ... worker",
        "iris is a maternity support worker",
        "[NAME] is a maternity support worker",
        "it is a maternity support worker who rings",
    ),
    (
        "X now + a baby's doing",
        "willow now crawling everywhere",
        "[NAME] now crawling everywhere",
        "now crawling everywhere, mum says",
    ),
    (
        "baby X + a baby's doing (places too)",
        "baby dakota doing well on the ward",
        "baby [NAME] doing well on the ward",
        "baby doing well on the ward",
    ),
    (
        "children named together",
        "lily and poppy (twins) both poorly",
        "[NAME] and [NAME] (twins) both poorly",
        "lily and poppy flowers on the windowsill",
    ),
    (
        "X (relative)",
        "spoke to raj (dad) after",
        "spoke to [NAME] (dad) after",
        "spoke to her (dad) after",
    ),
    (
        "a list entry opening a note",
        "shazia - reduced movements, seen in triage",
        "[NAME] - reduced movements, seen in triage",
        "update - reduced movements, seen in triage",
    ),
    (
        "an everyday-word name only before a contact",
        "hope - 07700 900123",
        "[NAME] - [PHONE]",
        "hope - it gets better",
    ),
    (
        "a name before 'on <phone number>'",
        "amber on 07700 900123 if needed",
        "[NAME] on [PHONE] if needed",
        "amber lights on the monitor",
    ),
    (
        "an initial after a name",
        "Leanne d complained about the car park",
        "[NAME] complained about the car park",
        "she had a c section, all fine",
    ),
    (
        "a name after a comma in a list",
        "Sarah, Bogdana and Temitayo all said the same",
        "[NAME], [NAME] and [NAME] all said the same",
        "Tuesday, Wednesday and Thursday all said the same",
    ),
    (
        "short forms of first names (also words only in a slot)",
        "Sarah, jess and gem all asked about parking",
        "[NAME], [NAME] and [NAME] all asked about parking",
        "she's a real gem, the midwife",
    ),
    (
        "her eldest X",
        "her eldest dakota is in year 2",
        "her eldest [NAME] is in year 2",
        "her eldest is in year 2",
    ),
    (
        "a relative's name before 'on <phone>'",
        "call auntie bev on 07700 900321",
        "call auntie [NAME] on [PHONE]",
        "call auntie on the landline",
    ),
    (
        "X was at work",
        "hazel was at work so missed the scan",
        "[NAME] was at work so missed the scan",
        "she was at work so missed the scan",
    ),
    (
        "a service's multi-word name wins over a verb clue",
        "referred to Kerry at the hub",
        "referred to [NAME] at the hub",
        "transferred to William Harvey as no cots",
    ),
    (
        "clinical words and day abbreviations are not names",
        "mum Tanvi asked for a call",
        "mum [NAME] asked for a call",
        "mum w pnd asked for a call, cant make thurs, emergency C-sec",
    ),
    (
        "an acronym after a name stays",
        "Dionne Clarke - PPH, 3 units",
        "[NAME] - PPH, 3 units",
        "PPH, 3 units",
    ),
]


@pytest.mark.parametrize(("rule", "text", "expected", "keep"), CASES, ids=[c[0] for c in CASES])
def test_rule_catches_and_keeps(engine, rule, text, expected, keep):
    assert engine.anonymise(text) == expected
    assert engine.anonymise(keep) == keep


@pytest.mark.parametrize(
    ("finder", "text", "found", "kept"),
    [
        # NI numbers after a label, any prefix; never a bare code that fails HMRC's prefix rules
        (identifiers.nino_spans, "NI no: qq 12 34 56 b", ["qq 12 34 56 b"], "ref qq 12 34 56 b"),
        # hospital letter codes joined to a number; not a short code
        (identifiers.hospital_number_spans, "on her band: MMH-00731942", ["MMH-00731942"], "COVID-19 and A4"),
        (identifiers.hospital_number_spans, "PRH no 5512093 on the letter", ["5512093"], "PRH no 55"),
        # spelled e-mail: any provider under a known top-level domain, a spaced short piece
        (
            identifiers.spelled_email_spans,
            "b.okafor at proton dot me",
            ["b.okafor at proton dot me"],
            "at home dot",
        ),
        (
            identifiers.spelled_email_spans,
            "kasia dot m 88 at onet dot pl",
            ["kasia dot m 88 at onet dot pl"],
            "she was at work dot",
        ),
        # dates of birth with a two-digit year after a label
        (
            identifiers.birth_date_spans,
            "dob 3rd march 91, 2nd baby",
            ["3rd march 91"],
            "on 3rd march 91 women",
        ),
        # handles named by the app they are on
        (identifiers.handle_on_spans, "bex_84 on insta asked", ["bex_84"], "she is on insta a lot"),
        # streets: "Mill St" (not "St Thomas'"), in capitals
        (identifiers.street_spans, "lives off Mill St near", ["Mill St"], "seen at St Thomas' in London"),
        (identifiers.street_spans, "ADDRESS: PRIORY ROAD", ["PRIORY ROAD"], "THE ROAD WAS CLOSED"),
        # "Flat 3" goes with the block's name
        (
            identifiers.flats_spans,
            "Flat 3 Lambert House, Chatham",
            ["Flat 3 Lambert House"],
            "a flat in town",
        ),
    ],
)
def test_identifier_rules_catch_and_keep(finder, text, found, kept):
    assert [text[s:e] for s, e in finder(text)] == found
    assert finder(kept) == []


def test_a_list_entry_needs_more_than_a_word_name_and_a_dash(engine):
    # a name that is also an English word opens a list entry only before a contact, a number, a
    # clinical word or with an initial; staff typed without "the" are roles, not names
    assert engine.anonymise("Amber - the light on the monitor kept flashing") == (
        "Amber - the light on the monitor kept flashing"
    )
    assert engine.anonymise("Rose - the garden was lovely") == "Rose - the garden was lovely"
    assert engine.anonymise("jade - hyperemesis, admitted") == "[NAME] - hyperemesis, admitted"
    assert engine.anonymise("amber - 29, first baby") == "[NAME] - 29, first baby"
    assert engine.anonymise("porter said it was fine") == "porter said it was fine"


def test_a_letter_after_a_name_that_is_no_initial_stays(engine):
    assert engine.anonymise("Leanne c section went fine") == "[NAME] c section went fine"
    assert engine.anonymise("thanks Leanne x") == "thanks [NAME] x"
    assert engine.anonymise("Leanne a midwife said") == "[NAME] a midwife said"
    assert engine.anonymise("Leanne b/c she was late") == "[NAME] b/c she was late"
    assert engine.anonymise("hope now growing after the debrief") == "hope now growing after the debrief"


def test_town_schools_and_primary_care():
    def kept(word: str) -> bool:
        return word.lower() in {"maidstone", "medway"}

    def known(word: str) -> bool:
        return True

    text = "eldest at Maidstone grammar"
    assert [text[s:e] for s, e in identifiers.school_spans(text, known, lambda w: False, kept)] == [
        "Maidstone grammar"
    ]
    assert identifiers.school_spans("the Medway primary care hub", known, lambda w: False, kept) == []


def test_rules_version_bumped_so_stored_excerpts_reanonymise(engine):
    assert int(RULES_VERSION) >= 5  # rules 6 bumped it again (tests/test_anonymise_rules6.py)
    assert f"maternity rules {RULES_VERSION}" in engine.label


def test_dev3_corpus_is_reproducible_and_caught(engine):
    spec = importlib.util.spec_from_file_location("make_notes_dev3", CORPUS / "make_notes_dev3.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stored = [
        json.loads(line) for line in (CORPUS / "notes_dev3.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert module.build() == stored
    texts = [row["text"] for row in stored]
    found = engine.find_many(texts)
    caught = total = kept = keep_total = 0
    for row, findings in zip(stored, found, strict=True):
        for start, end, _ in row["pii"]:
            total += 1
            caught += all(
                any(f.start <= i < f.end for f in findings)
                for i in range(start, end)
                if row["text"][i].isalnum()
            )
        for start, end, _ in row["keep"]:
            keep_total += 1
            kept += not any(f.start < end and start < f.end for f in findings)
    # rules 5 today: 66/68 caught ("shona" is also a language, "destiny was my rock" a figure of speech)
    assert caught / total >= 0.95
    assert kept == keep_total
