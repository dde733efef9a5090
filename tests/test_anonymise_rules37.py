"""Anonymiser rules 37 (issue 10): given names from the ONS baby-names tables read after the tagger, local online
groups' names with no person in them, the UK's NHS hospitals kept after the tagger (a trie pattern keeps the keep
list fast), a child's party or birthday after a name's "'s", and children's books and programmes kept. Wordings are
this file's own (none is a note of a labelled corpus or a real comment)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from insights.quotes import anonymise
from insights.quotes.handle_shapes import STEPS as HANDLE_STEPS
from insights.quotes.handle_shapes import group_name_spans
from insights.quotes.label_slots import STEPS as LABEL_STEPS
from insights.quotes.lexicon import RULES_VERSION, _phrase_pattern, _read_words, _trie_pattern
from insights.quotes.spoken_shapes import STEPS as SPOKEN_STEPS
from tests.anonymise_steps import assert_optional_step, assert_step_alone

DATA = Path(__file__).resolve().parents[1] / "data" / "anonymise"


def test_rules_version_is_37_or_later():
    assert int(RULES_VERSION) >= 37


def test_group_names_is_a_switch_measured_apart():
    assert_optional_step("group_names", HANDLE_STEPS)


def test_birth_names_is_a_switch_measured_apart():
    assert_optional_step("birth_names", LABEL_STEPS)


def test_email_locals_is_a_switch_measured_apart():
    assert_optional_step("email_locals", SPOKEN_STEPS)


@pytest.fixture(scope="module")
def engine():
    return anonymise.Anonymiser()


def test_the_ons_names_join_the_short_forms_after_the_tagger_only(engine):
    lists = engine.lists
    # given names no other list held, no English word: read after the tagger, like nicknames.txt's short forms
    for name in ("alfie", "kaiden", "chanelle", "xander"):
        assert name in lists.nicknames
        assert name not in lists.short_forms  # the rules before the tagger read nicknames.txt's alone
    # names the lists held already, English words and places are not added
    for word in ("darren", "grace", "jade", "kingsley", "christian"):
        assert word not in lists.nicknames or word in lists.short_forms
    # given to fewer than 300 babies: a name only in a person's slot, never capitalised anywhere (the keep-side review)
    assert "prem" in lists.nicknames and "prem" not in lists.ons_common and "kaiden" in lists.ons_common
    # rare English words that are given names are names only in record_slots' person slots
    assert "otis" in lists.ons_words
    for word in ("chance", "august", "china", "kit", "great", "gemini", "messiah"):
        assert word not in lists.ons_words


def test_the_ons_file_says_where_it_comes_from():
    head = (DATA / "names_ons.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert any("Open Government Licence" in line for line in head)
    rows = [line.split() for line in _read_words(DATA / "names_ons.txt")]
    assert len(rows) > 10_000
    assert all(n.isalpha() and n.islower() and len(n) > 2 and int(c) >= 25 for n, c in rows)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a given name of the ONS tables, capitalised, or in lower case in a person's slot
        ("Big thanks to Chanelle for the lift home", "Chanelle"),
        ("met alfie's mum at the school gate", "alfie"),
        # a child's own day after a name's "'s"
        ("otis's party is on saturday at the hall", "otis"),
        ("wren's 1st birthday, woodland theme", "wren"),
        # a local online group's name with no person in it
        ("Swanley Mums Chat: someone asked about scan waits", "Swanley Mums Chat"),
        ("she posted in Dartford Mums Network about the car park", "Dartford Mums Network"),
        ("a thread in Northfleet and Gravesend Mums about visiting", "Northfleet and Gravesend Mums"),
        ("the admins of Kent Twin Mums asked for our poster", "Kent Twin Mums"),
        # a town that is also a hospital's short form stays a family name
        ("raised with Catriona Blyth at the governance meeting", "Blyth"),
    ],
)
def test_removed(engine, text, gone):
    assert gone not in engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # services with a group's words but no place first, and mums of a town with no group in sight
        ("Bumps & Babies Ebbsfleet meets on Tuesday mornings", "Bumps & Babies Ebbsfleet"),
        ("the Young Parents group moved to the hub", "Young Parents"),
        ("Dartford Mums said the ward was too hot", "Dartford Mums"),
        # hospitals elsewhere in the UK, by name or short form
        ("she had her first at Wythenshawe before moving down", "Wythenshawe"),
        ("Northwick Park was a 3 for her", "Northwick Park"),
        ("her son was born at the Countess of Chester", "Countess of Chester"),
        ("transferred to Derriford Hospital at 30 weeks", "Derriford Hospital"),
        # children's books and programmes
        ("we read Stick Man and The Gruffalo at rhyme time", "Stick Man and The Gruffalo"),
        ("a Paw Patrol cake and Percy Pigs in the bags", "Paw Patrol"),
    ],
)
def test_kept(engine, text, kept):
    assert kept in engine.anonymise(text)


def test_a_group_needs_a_place_first_and_a_cue_without_its_own_words(engine):
    lists, lexicon = engine.lists, engine.lexicon
    about = "Our notes on the groups we follow this week."
    assert group_name_spans(f"{about} Mindful Mums Chat said the clinic moved.", lists, lexicon) == []
    text = f"{about} She asked on Swanley Sikh Mums about it."
    assert [text[s:e] for s, e in group_name_spans(text, lists, lexicon)] == ["Swanley Sikh Mums"]
    text = f"{about} Swanley Sikh Mums shared the survey."
    assert group_name_spans(text, lists, lexicon) == []  # no own words and no cue beside it
    text = "Swanley Sikh Mums were at the fun day with the twins."
    assert group_name_spans(text, lists, lexicon) == []


def test_the_hospital_list_never_keeps_one_word_alone():
    """A kept word at a name's edge is cut off it, so a one-word short form is kept only after "at" or "the"
    ("at Wythenshawe"; "Catriona Blyth" keeps no "Blyth"), and none that is a place or a name; a short form opening
    with a given name or a person's title is left out (the removal-side review: "James Paget", "Dr Gray's")."""
    lines = set(_read_words(DATA / "hospitals_uk.txt"))
    assert len(lines) > 900
    assert not [line for line in lines if " " not in line]
    assert {"at Wythenshawe", "the Homerton", "Northwick Park", "the Countess of Chester"} <= lines
    for gone in (
        "at Rosie",
        "the Rosie",
        "at Bexley",
        "the Cameron",
        "James Paget",
        "the James Paget",
        "Dr Gray's",
    ):
        assert gone not in lines
    for gone in ("John Radcliffe", "the John Radcliffe", "Daisy Hill", "the Daisy Hill", "Lady Margaret"):
        assert gone not in lines
    assert (DATA / "LICENSE-hospitals.txt").read_text(encoding="utf-8").startswith("MIT License")


@pytest.mark.parametrize(
    "text",
    [
        "seen at the Homerton then at   homerton again, and Northwick  Park",
        "Winnie-the-Pooh and winnie the pooh, Where's Spot and Where’s Spot",
        "at Wythenshawe's unit, at Wythenshawe-ish, at Wythenshawe.",
        "the Gruffalo, The Gruffalo's Child, Gruffalo",
        "Colin the Caterpillar and the very hungry caterpillar",
    ],
)
def test_the_trie_pattern_matches_what_the_alternation_matched(text):
    phrases = _read_words(DATA / "keep_after_tagger.txt") + _read_words(DATA / "hospitals_uk.txt")
    old, new = _phrase_pattern(phrases), _trie_pattern(phrases)
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
    assert any(True for _ in new.finditer(text))  # and it found something in each


def test_the_trie_pattern_prefers_the_longest_phrase_at_a_words_edge():
    pattern = _trie_pattern(["stick", "stick man", "stick man's", "stickler"])
    text = "a stick man's hat, a stickler, a stick manor"
    assert [text[m.start() : m.end()] for m in pattern.finditer(text)] == ["stick man's", "stickler", "stick"]
    assert _trie_pattern([" ", ""]) is None
    assert re.fullmatch(pattern, "Stick   MAN")


def test_group_names_alone(silent_tagger):
    """With a tagger that finds nothing, a group's name is the step's alone: found with it, left with it off."""
    assert_step_alone(
        "group_names", "Posted in Swanley Mums Chat about scans.", "Swanley Mums Chat", silent_tagger
    )


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # an ONS given name given to few babies, or after a determiner, is a word first
        ("Prem baby unit at darent was amazing", "Prem baby"),
        ("the Gurbani class runs on sundays at the gurdwara", "Gurbani"),
        ("the Jannah garden at the mosque is where she relaxes", "Jannah"),
        ("she works at Sephora in bluewater", "Sephora"),
        # rare English words among the names, with few babies or after a determiner
        ("gemini said it might be pre-eclampsia so she went to triage", "gemini"),
        ("the fern's mum came over", "fern"),
        ("went to a st paddy's party at the childrens centre", "paddy"),
        # a child's day after a relative's short form, an organisation or a character
        ("mil's birthday meal was too much after the section", "mil"),
        ("playgroup's party was on friday", "playgroup"),
        # services, classes and sessions with a group's words
        ("Ebbsfleet Families Hub has a midwife clinic on mondays", "Ebbsfleet Families Hub"),
        ("Gravesend Mums and Tots at the library on tuesdays", "Gravesend Mums and Tots"),
        ("Meopham Mums Choir performed at the fete", "Meopham Mums Choir"),
        ("Kent Mums Matter, a campaign by the council", "Kent Mums Matter"),
        ("Dartford Dads group at the hub was quiet this week", "Dartford Dads"),
        ("Dartford Dads: 3 attended, all worried about paternity leave", "Dartford Dads"),
        ("the Gravesend Mums I met at baby group were lovely", "Gravesend Mums"),
        # children's programmes, signing
        ("he watches Bob the Builder and Peter Rabbit", "Bob the Builder and Peter Rabbit"),
        ("Makaton signing at the group", "Makaton"),
        # a plural or a role's apostrophe-less possessive
        ("the babys cot was broken and the carers mum rang", "carers mum"),
    ],
)
def test_review_keeps(engine, text, kept):
    """The keep-side review (a helper, before landing): each was removed by the first version of rules 37."""
    assert kept in engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # hospitals' short forms that are names: people again
        ("mum was staying at Rosie's for the week after the birth", "Rosie"),
        ("the Cameron boys were loud in the waiting room", "Cameron"),
        ("John Coupland came to group with his wife", "Coupland"),
        ("spoke to Dr Gray's secretary about the referral", "Gray"),
        ("the Daisy Hill girls came to group", "Daisy Hill"),
        # a pet form that a programme's name had kept
        ("our freddo is teething", "freddo"),
        # groups named after local places the first version missed, and lists of groups
        ("posted in Wilmington Mums Chat about the nursery", "Wilmington Mums Chat"),
        ("posted in Hextable Village Mums about the nursery", "Hextable Village Mums"),
        ("Temple Hill Mums group on facebook said the same", "Temple Hill Mums"),
        ("Facebook groups: Swanley Mums Chat, Dartford Mums Chat", "Dartford Mums Chat"),
        ("she shared it in 'Swanley Mums' on Facebook", "Swanley Mums"),
        # an apostrophe-less possessive of an ONS given name
        ("Darcies mum rang me about the group", "Darcie"),
        ("jensons nursery place fell through", "jenson"),
    ],
)
def test_review_removals(engine, text, gone):
    """The removal-side review (a helper, before landing): each was left in by the first version of rules 37."""
    assert gone not in engine.anonymise(text)


def test_a_group_cue_is_searched_once_per_note(engine, monkeypatch):
    """The reviews: the note-wide cue search ran once per members' word (50,000 characters of "we saw Kent Mums ": 14 s
    in the first version, quadratic); it now runs once per note, however many members' words it holds."""
    from insights.quotes import handle_shapes

    calls = []
    pattern = handle_shapes._ONLINE

    class Counting:
        def search(self, text, *args):
            calls.append(len(text))
            return pattern.search(text, *args)

    monkeypatch.setattr(handle_shapes, "_ONLINE", Counting())
    group_name_spans("we saw Kent Mums " * 300, engine.lists, engine.lexicon)
    assert calls == [len("we saw Kent Mums " * 300)]


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("she had Barnaby at Wythenshawe, then moved down", "Barnaby"),
        ("had Hendrix at the Royal Oldham at 19", "Hendrix"),
        ("Gemma had xander at 34 wks, nicu for a week", "xander"),
    ],
)
def test_the_baby_she_had_somewhere_is_removed(engine, text, gone):
    assert gone not in engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("she had Covid at 30 weeks and was very poorly", "Covid"),
        ("she had twins at Darent in the end", "twins"),
        ("had Mum in the room the whole time", "Mum"),
        ("she had hope at the start of it all", "hope"),
        ("had Physio at the hospital twice", "Physio"),
    ],
)
def test_what_she_had_that_is_no_baby_stays(engine, text, kept):
    assert kept in engine.anonymise(text)


def test_birth_names_alone(silent_tagger):
    """With a tagger that finds nothing, the baby's name is the step's alone: found with it, left with it off."""
    assert_step_alone(
        "birth_names", "She had Hendrix at Rotherham General last year.", "Hendrix", silent_tagger
    )


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("email is m okafor at yahoo dot co dot uk thanks", "m okafor", "email is"),
        ("she said jas bhogal 22 at hotmail dot com for the list", "jas bhogal", "she said"),
        ("email me t a m s i n at gmail dot com please", "t a m", "email me"),
        ("send it to her at gmail dot com", "at gmail", "send it to"),
    ],
)
def test_a_spoken_addresss_local_part_goes_with_it(engine, text, gone, kept):
    out = engine.anonymise(text)
    assert gone not in out and kept in out


def test_email_locals_alone(silent_tagger):
    """With a tagger that finds nothing, the local part said before the address is the step's alone."""
    assert_step_alone(
        "email_locals", "email me t a m s i n at gmail dot com please", "t a m s i", silent_tagger
    )
