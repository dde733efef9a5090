"""Rules 62: a deny-list name that is an everyday word goes only where written as a name; a name of the lists
that is rare in English opens a clause before any verb; a baby's name after a baby's cue. Rules 63: more person
cues in `name_shapes` (a kinship role "to" a baby, a name beside another's finding, a record after "'s")."""

from __future__ import annotations

import pytest

from insights.quotes import anonymise, lexicon


@pytest.fixture(scope="module")
def denying_engine(tmp_path_factory):
    deny = tmp_path_factory.mktemp("deny") / "deny.txt"
    deny.write_text("# local staff\nGrace\nPriya\nHope Adeyemi\n", encoding="utf-8")
    return anonymise.Anonymiser(deny)


@pytest.mark.parametrize(
    "text",
    [
        "by the grace of god she made it home",
        "no grace period on the car park, £70 fine",
        "her nan said grace before the lunch",
        "BY THE GRACE OF GOD WE BOTH SURVIVED",
        "she has lost hope of a home birth",
    ],
)
def test_an_everyday_word_on_the_deny_list_keeps_its_ordinary_uses(denying_engine, text):
    assert denying_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Grace on the birth centre desk was lovely", "Grace"),
        ("saw priya and PRIYA's sister", "priya"),  # a name that is no English word goes in any case
        ("PRIYA RANG BACK", "PRIYA"),
        ("Hope Adeyemi rang about the scan", "Adeyemi"),
    ],
)
def test_the_deny_list_still_removes_its_names(denying_engine, text, gone):
    assert gone not in denying_engine.anonymise(text)


def test_only_everyday_words_are_read_by_case():
    pattern = lexicon._phrase_pattern(["Grace", "priya", "Hope Adeyemi"], frozenset({"grace", "hope"}))
    found = [
        m.group(0) for m in pattern.finditer("grace Grace GRACE Priya PRIYA priya hope adeyemi Hope adeyemi")
    ]
    assert found == ["Grace", "Priya", "PRIYA", "priya", "hope adeyemi", "Hope adeyemi"]
    assert lexicon._phrase_pattern([" ", ""], frozenset()) is None


@pytest.mark.parametrize(
    "text, gone",
    [
        ("mads lives on the barnfield site with her nan.", "mads"),
        ("ade has a babygrow for the baby, it was a joke.", "ade"),
        ("shay 18 gave 2. shay lives on the 4th floor, lift broke again", "shay lives"),
    ],
)
def test_a_rare_name_opening_a_clause_goes_before_any_verb(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "baby had jaundice on day 4.",
        "bf has a job now, so money is better.",
        "pt had a c section at 39 weeks.",
        "jazz is on in the cafe on fridays.",  # a common English word stays an English word
        "it was a long night on the ward.",
    ],
)
def test_a_word_before_a_common_verb_stays(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Bear is 6 months now, mum starting weaning.", "Bear"),
        ("Heaven fed at 4am then again at 6.", "Heaven"),
        ("told her to bear with the HV. Bear's weight is fine anyway.", "Bear's"),
        ("Storm slept through for the first time.", "Storm"),
    ],
)
def test_a_baby_named_with_a_word_goes_after_what_is_said_only_of_a_baby(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out
    assert "bear with the HV" in out or "bear with" not in text


@pytest.mark.parametrize(
    "text",
    [
        "Hope feeding gets easier this week.",  # a gerund, not a baby's verb
        "bear in mind the clinic is 6 weeks behind.",
        "Bliss is a little charity with a big heart.",  # a kept charity
        "the storm was 2 days ago and the car park flooded.",
    ],
)
def test_words_near_a_babys_cue_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_the_held_out_table_adds_up_every_set_by_kind():
    from benchmarks.anonymise_eval import by_kind

    table = by_kind(
        [
            {"recall_by_kind": {"NAME": (9, 10), "NICK": (1, 2)}, "keep_by_kind": {"ROLE": (3, 3)}},
            {"recall_by_kind": {"NAME": (1, 1)}, "keep_by_kind": {"ROLE": (1, 2), "TYPO": (0, 1)}},
        ]
    )
    assert "held out, 2 sets, by kind:" in table
    assert "removed 11 of 13: NICK 1/2 (50.0%), NAME 10/11 (90.9%)" in table
    assert "kept 4 of 6: TYPO 0/1 (0.0%), ROLE 4/5 (80.0%)" in table


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Dawn is nan to baby Kai, came with her daughter.", "Dawn"),
        ("Faith's Synagis jabs due monthly, clinic on Friday.", "Faith"),
        ("Bear now on the 0.5th centile line, HV worried.", "Bear"),
        ("Goodness and Ada will go to the 15 Steps visit.", "Goodness"),
        ("Talent and Ruvimbo came back with the baby.", "Talent"),
    ],
)
def test_rules_63_person_cues(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fish and chips after group, everyone agreed.",
        "Hope is what keeps her going, she said.",
        "the nan to baby ratio on the ward was high",
    ],
)
def test_rules_63_cues_leave_ordinary_words(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_the_shipped_deny_list_holds_no_names(monkeypatch):
    """A clean checkout's CLI and dashboard read data/anonymise/deny_list.txt: a list written for one service (the
    demo's fictional staff once) would strip "Kerry" the county and "the Bev Centre" from everybody's notes."""
    monkeypatch.delenv("MATERNITY_DENY_LIST", raising=False)
    path = lexicon.deny_list_path()
    assert path == lexicon.DATA_DIR / "deny_list.txt" and path.is_file()
    assert [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ] == []
    assert lexicon.load_lists().deny_pattern is None
