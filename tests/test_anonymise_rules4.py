"""Anonymiser rules version 4: each new rule removes a name, school, street or block of flats in the
slot it reads, and leaves the ordinary use of the same words alone (a catch and a must-keep each)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from insights.quotes import anonymise, identifiers

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "anonymise"
NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


# (rule, a note where it must remove the marked words, the expected output, a note it must keep)
CASES = [
    (
        "subject + person-only verb",
        "willow mentioned the baby bank twice",
        "[NAME] mentioned the baby bank twice",
        "hope is what kept her going",
    ),
    (
        "place-like name as subject",
        "Sydney came to every appointment with her",
        "[NAME] came to every appointment with her",
        "she moved to Sydney for work before the baby",
    ),
    (
        "kept + -ing",
        "hope kept saying she felt like a number",
        "[NAME] kept saying she felt like a number",
        "faith kept her going through the induction",
    ),
    (
        "sat/went/came with X",
        "sat with grace while she fed",
        "sat with [NAME] while she fed",
        "she handled it with grace and the midwife was kind",
    ),
    (
        "me/she and X",
        "me and rose went through her birth plan",
        "me and [NAME] went through her birth plan",
        "the midwife and I went through her birth plan",
    ),
    (
        "a text from X",
        "got a text from lily saying she can't make it",
        "got a text from [NAME] saying she can't make it",
        "she got so much joy from the group",
    ),
    (
        "according to X",
        "according to patience the triage wait was 6 hrs",
        "according to [NAME] the triage wait was 6 hrs",
        "her patience ran out in triage",
    ),
    (
        "asked X how",
        "asked heaven how the feeding was going",
        "asked [NAME] how the feeding was going",
        "asked how the feeding was going, heaven knows",
    ),
    (
        "baby X",
        "baby camden born at 36 weeks, 2 nights on NICU",
        "baby [NAME] born at 36 weeks, 2 nights on NICU",
        "the baby bank in Gravesend and baby massage at the hub",
    ),
    (
        "named him X (a place)",
        "named him Savannah after her grandad",
        "named him [NAME] after her grandad",
        "she has family in Savannah",
    ),
    (
        "X (dad), X, her fella",
        "Austin, her fella, wasn't allowed to stay",
        "[NAME], her fella, wasn't allowed to stay",
        "moved from Bexley, her mum still lives there",
    ),
    (
        "X's dad (a place)",
        "devon's dad does the nursery run",
        "[NAME]'s dad does the nursery run",
        "devon's beaches were lovely on holiday",
    ),
    (
        "partner + word-name",
        "flat in Priory Court, partner sienna",
        "flat in [ADDRESS], partner [NAME]",
        "her partner works nights",
    ),
    (
        "her ex X",
        "her ex Dakota turned up at the ward",
        "her ex [NAME] turned up at the ward",
        "as an ex SRN she knew the ward",
    ),
    (
        "age after a name",
        "Hope, 19, first baby, said nobody checked her stitches",
        "[NAME], 19, first baby, said nobody checked her stitches",
        "hope, more than anything, kept her going",
    ),
    (
        "is a single mum / is from",
        "Blessing is a single mum of 3, no family nearby",
        "[NAME] is a single mum of 3, no family nearby",
        "it was a blessing the midwife noticed",
    ),
    (
        "had a traumatic birth",
        "faith had a really traumatic birth at Darent Valley",
        "[NAME] had a really traumatic birth at Darent Valley",
        "her faith got her through the stillbirth",
    ),
    (
        "was on the ward",
        "precious was on the postnatal ward for 5 days",
        "[NAME] was on the postnatal ward for 5 days",
        "hope was in short supply on the ward that night",
    ),
    (
        "X (nationality)",
        "honey (Romanian) wanted an interpreter",
        "[NAME] (Romanian) wanted an interpreter",
        "Faith (Christian) matters a lot to her",
    ),
    (
        "abstract name after a weak verb",
        "Mercy brought her baby to the group",
        "[NAME] brought her baby to the group",
        "hope came back slowly after the debrief",
    ),
    (
        "virtue names from African families",
        "Memory said the scan was rushed",
        "[NAME] said the scan was rushed",
        "her memory of the birth is patchy",
    ),
    (
        "verb after a relative",
        "her husband Kingston drove her in",
        "her husband [NAME] drove her in",
        "her husband hung up and her mum lay down with her",
    ),
    (
        "May where no verb follows",
        "me and may went through the plan, got a text from may saying she can't come",
        "me and [NAME] went through the plan, got a text from [NAME] saying she can't come",
        "she may well need a section; from may to july she was unwell; we may as well ask",
    ),
    (
        "led by / visit to / interpreter for",
        "session led by Hope, home visit to Joy, booked an interpreter for May",
        "session led by [NAME], home visit to [NAME], booked an interpreter for [NAME]",
        "session led by the consultant, a visit to the ward, an interpreter for Polish",
    ),
    (
        "contractions typed without an apostrophe",
        "Comfort didnt get a debrief and Hope wasnt offered pain relief",
        "[NAME] didnt get a debrief and [NAME] wasnt offered pain relief",
        "she didnt lose hope and there wasnt any grace period",
    ),
    (
        "nickname in brackets after a name; a role after a name stays",
        "Agnieszka (Aga) said the food was cold; Sharon the HV was great",
        "[NAME] ([NAME]) said the food was cold; [NAME] the HV was great",
        "the interpreter (Polish) said the food was cold and the HV was great",
    ),
    (
        "NI number without its letter, MRN#",
        "her NI is JG103721, NINO: AB 12 34 56 C, MRN#D1234567",
        "her NI is [NI NUMBER], NINO: [NI NUMBER], MRN#[HOSPITAL NUMBER]",
        "N.I. letters came, the whatsapp group admin is helpful",
    ),
    (
        "a street that places a venue is kept; a home on it is not",
        "flat above the chippy on Spital Street",
        "flat above the chippy on [ADDRESS]",
        "the mosque on Clarence Place runs a mums group; the bus stop on London Road was moved",
    ),
    (
        "a service's house is kept; a block of flats is not",
        "lives in Tollgate House, 9th floor",
        "lives in [ADDRESS], 9th floor",
        "seen at Archer House by the perinatal team, then Kings College Hospital fetal medicine unit",
    ),
    (
        "two everyday-word names with a plural person predicate",
        "hope and faith are sisters; joy, grace and mercy all had sections",
        "[NAME] and [NAME] are sisters; [NAME], [NAME] and [NAME] all had sections",
        "faith and hope were what kept her going; she has both hope and joy for the future",
    ),
    (
        "was the one who / was really chatty / spent an hour with",
        "joy was the one who suggested it; gift was really chatty; spent an hour with hope going through notes",
        "[NAME] was the one who suggested it; [NAME] was really chatty; spent an hour with [NAME] going through notes",
        "joy was the one thing she felt; she waited with patience at triage; left with hope for the next birth",
    ),
    (
        "school after a child",
        "her son goes to Stone St Mary's, she walks with the pram",
        "her son goes to [SCHOOL], she walks with the pram",
        "she goes to St Mary's church on sundays",
    ),
    (
        "school with C of E / for Girls",
        "picks up from St Botolph's C of E Primary at 3",
        "picks up from [SCHOOL] at 3",
        "her eldest is at primary school and the youngest at nursery",
    ),
    (
        "school in any case",
        "her daughter's school, holy trinity infants, rang about the baby",
        "her daughter's school, [SCHOOL], rang about the baby",
        "she went to a grammar school and the local primary has a breakfast club",
    ),
    (
        "address label",
        "address: Kingsfield Terrace, wants a callback",
        "address: [ADDRESS], wants a callback",
        "address: same as before, no change",
    ),
    (
        "capitalised school after a child or a school clue",
        "the boys go to Manor; daughter is in nursery at Little Stars; older kids at Our Lady of Hartley",
        "the boys go to [SCHOOL]; daughter is in nursery at [SCHOOL]; older kids at [SCHOOL]",
        "her son goes to Bluewater; the kids go to Sunday School; her son is at Kings College Hospital",
    ),
    (
        "street after on/off",
        "lives on kings drive, next to the park",
        "lives on [ADDRESS], next to the park",
        "she was on her way to the hospital",
    ),
    (
        "block, X",
        "her block, clifton house, has no working lift",
        "her block, [ADDRESS], has no working lift",
        "stayed at Ronald McDonald House while baby was at the Evelina",
    ),
]


@pytest.mark.parametrize(("rule", "text", "expected", "keep"), CASES, ids=[c[0] for c in CASES])
def test_rule_catches_and_keeps(engine, rule, text, expected, keep):
    assert engine.anonymise(text) == expected
    assert engine.anonymise(keep) == keep


@pytest.mark.parametrize(
    "text",
    [
        "by the grace of god the baby was fine",
        "there was no grace period for the parking fine",
        "she had lost hope of a home birth",
        "she may come to the next group",
        "Jan-June she was under the Orion unit",
        "I have been on several Desmond course for diabetes",
        "When I called Parkway Medical they had no record",
        "Thay we're very attentive and quick to respond",
        "Rushcliffe local community mental health team does not respond",
        "Sent to Urgent Care Centre with no doctor",
        "I go to Darlington, James Cook, Sedgefield, Woodlands, and Bishop.",
        "In the end my husband hung up and rang again",
    ],
)
def test_real_comment_wordings_stay(engine, text):
    assert engine.anonymise(text) == text


def test_school_spans_use_the_dictionaries():
    text = "eldest at rosherville, youngest goes to Bluewater"
    assert identifiers.school_spans(text, lambda w: w.lower() == "bluewater") == [(10, 21)]
    # a known place after "eldest at" is a school only when `place` says it is not a local service
    assert identifiers.school_spans("eldest at gravesend", lambda w: True, lambda w: True) == [(10, 19)]
    assert identifiers.school_spans("eldest at gravesend", lambda w: True, lambda w: False) == []


def test_dev2_corpus_is_reproducible_and_caught(engine):
    spec = importlib.util.spec_from_file_location("make_notes_dev2", CORPUS / "make_notes_dev2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stored = [json.loads(line) for line in (CORPUS / "notes_dev2.jsonl").read_text().splitlines() if line]
    assert [json.loads(json.dumps(r)) for r in module.build()] == stored
    dev_texts = {
        json.loads(line)["text"]
        for name in ("dev", "heldout")
        for line in (CORPUS / f"notes_{name}.jsonl").read_text().splitlines()
        if line
    }
    assert not dev_texts & {r["text"] for r in stored}
    spec = importlib.util.spec_from_file_location("anonymise_eval", ROOT / "benchmarks" / "anonymise_eval.py")
    evaluation = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluation)
    result = evaluation.score(engine, stored)
    assert result["recall"] >= 0.995, result["leaks"]
    assert result["keep"] >= 0.99, result["lost"]


def test_possible_identifiers_are_computed_once_per_text(engine, monkeypatch):
    text = "she saw Darent Valley with Shalomah"
    first = engine.suspects(text)
    calls = []
    monkeypatch.setattr(anonymise.suspects, "find_suspects", lambda *a: calls.append(a) or [])
    # marks 2: the tagger's pass is cached too
    monkeypatch.setattr(engine, "_model_suspects", lambda t: calls.append(t) or [])
    assert engine.suspects(text) == first  # from the cache
    assert engine.suspects(text + " again") == []  # a new text is computed
    assert len(calls) == 2  # once by the word checks, once by the tagger
