"""Anonymiser rules 57 (issue 10): hospitals outside the first list, found alone, are let go; so is the end of a
compound joined by hyphens. Read from the first 1,000 public Care Opinion stories (a secure hospital written alone,
"since I left X") and the v6 real comments ("matter-of-factly"). And from blind62 and blind63 (tuning writers): a
lower-case name spoken to in a chat message ("same here hope 😩") goes, and a police, forces, council or church rank
goes with the name it titles ("PC [NAME]" left the rank). The wordings are this file's own.
"""

from __future__ import annotations

import re

import pytest

from insights.quotes import care_sites
from insights.quotes.lexicon import DATA_DIR, RULES_VERSION, Finding, fold_word


def _words(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_rules_version_is_57_or_later():
    assert int(RULES_VERSION) >= 57


@pytest.mark.parametrize(
    "text",
    [
        "I will miss the staff once I have left Rampton, which is soon.",
        "I find Rampton too restrictive at times but the nurses listen.",
        "Rampton said the job adverts went unanswered for months.",
        "She had her first baby at Derriford and her second at Darent Valley.",
        "the wait to come home from Wansbeck was 4 hours",
        "Excellent care at the Homerton for my eldest, then Wythenshawe's unit for the twins.",
        "She dealt with me matter-of-factly and left.",
        "the out-of-hours gp was fine, the up-to-date leaflet helped",
    ],
)
def test_hospitals_alone_and_compound_ends_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a hospital's word next to a given name is a family name: the whole name goes
        ("Sarah Rampton said the ward was busy", ["Sarah", "Rampton"]),
        ("Midwife Derriford was lovely to me", ["Derriford"]),
        # family names among hospitals' short forms are not in the list ("Poppy Chalmers", "Chalmers Woodcraft")
        ("Poppy Chalmers makes toys; Chalmers Woodcraft is hers", ["Chalmers"]),
        # a hyphenated given name in lower case has no joining word
        ("spoke to anne-marie at group", ["anne-marie"]),
    ],
)
def test_names_beside_hospital_words_still_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


def test_the_hospital_words_are_no_english_word_name_or_place(no_deny_list_engine):
    words = _words("hospital_words.txt")
    assert 80 <= len(words) <= 400
    assert {"Rampton", "Wythenshawe", "Derriford", "Wansbeck"} <= set(words)
    lists, lexicon = no_deny_list_engine.lists, no_deny_list_engine.lexicon
    for word in words:
        w = fold_word(word)
        assert w not in lexicon, word
        assert not lists.given_word(w) and w not in lists.surnames and w not in lists.names, word
        assert w not in lists.vocab and w not in lists.world and w not in lists.local, word
    assert not {"Chalmers", "Ashford", "Fenwick", "Malvern"} & set(words)
    assert lists.hospital_words == frozenset(fold_word(w) for w in words)


def test_the_second_source_widened_the_kept_hospitals():
    phrases = set(_words("hospitals_uk.txt"))
    assert len(phrases) > 2000
    assert {"Rampton Hospital", "Highbury Hospital", "Millbrook Mental Health Unit"} <= phrases
    assert not [p for p in phrases if re.search(r"^(?:BMI|Nuffield Health)\b|\(|,|\s{2}|\s$", p)]
    licence = (DATA_DIR / "LICENSE-hospitals-nhs-choices.txt").read_text(encoding="utf-8")
    assert "Open Government Licence v2.0" in licence


def test_the_guards_read_only_person_findings_alone(no_deny_list_engine):
    lists = no_deny_list_engine.lists
    text = "after I left Rampton's ward"
    start = text.index("Rampton")
    assert care_sites.hospital_word(text, Finding(start, start + 9, "PERSON", "test"), lists)
    assert not care_sites.hospital_word(text, Finding(start, start + 9, "PERSON", "x:deny-list"), lists)
    assert not care_sites.hospital_word(text, Finding(start, start + 9, "UK_ADDRESS", "test"), lists)
    text = "matter-of-factly"
    assert care_sites.compound_piece(text, Finding(10, 16, "PERSON", "test"))
    text = "Mary-of-Factly"
    assert not care_sites.compound_piece(text, Finding(8, 14, "PERSON", "test"))


def test_the_step_is_the_care_sites_switch(no_deny_list_engine):
    text = "Rampton was too restrictive at times but the nurses listen."  # (rules 63 tagger: "I find Rampton" is no longer tagged)
    no_deny_list_engine.care_sites = False
    try:
        off = no_deny_list_engine.anonymise(text)
    finally:
        no_deny_list_engine.care_sites = True
    assert off != text and no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("jules: same here hope 😩 my health visitor only weighed him", ["jules", "hope"]),
        ("bex: not silly at all grace 💜 i felt the same for weeks", ["grace"]),
        ("lou: don't feel bad may!! my eldest loved nursery", ["may!!"]),
        ("Screenshots went to PC Hollis on Monday.", ["PC", "Hollis"]),
        ("Cllr Amir Shah opened the family hub", ["Cllr", "Amir"]),
    ],
)
def test_chat_vocatives_and_ranks_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "kaz: i hope 😩 it gets easier soon",
        "kaz: so much joy! she smiled today",
        "kaz: full of hope! x",
        "the pc in the clinic was broken again",
        "grace: 15 min grace on parking for blue badge holders",
    ],
)
def test_ordinary_words_before_an_emoji_stay(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    assert out.split(":")[-1] == text.split(":")[-1], out


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("st joseph's catholic primary gate at 3. chatted to mums", "gate at 3", "joseph"),
        ("her eldest goes to st botolph's c of e primary now", "her eldest goes to", "botolph"),
        (
            "After mass at Igreja Batista Nova Vida I spoke to Marcos Vieira",
            "Igreja Batista Nova Vida",
            "Marcos",
        ),
        ("Assembleia de Deus in Dartford asked for leaflets from Paula Souza", "Assembleia de Deus", "Paula"),
        ("Men's tea at the cemevi, Ali dede asked about nights", "cemevi", "Ali"),
        ("Irmã Rosângela keeps the list of new mums", "Irmã", "Rosângela"),
    ],
)
def test_saints_schools_go_and_worship_names_stay(no_deny_list_engine, text, kept, gone):
    out = no_deny_list_engine.anonymise(text)
    assert kept in out and gone not in out, out


def test_a_given_name_after_a_worship_word_stays_a_name(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("the Masjid Sarah Khan runs the group")
    assert "Sarah" not in out
    assert "st mary's church" in no_deny_list_engine.anonymise("i go to st mary's church on sundays")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sunny is in reception with miss adeyemi now", "with [NAME] now"),
        ("spoke to miss adeyemi about the form", "spoke to [NAME] about"),
        ("María del Carmen works at the hospital", "[NAME] works"),
        ("Ahmad bin Ismail came with his wife", "[NAME] came"),
    ],
)
def test_a_lower_case_miss_and_a_names_particle_go_with_the_name(no_deny_list_engine, text, expected):
    assert expected in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text", ["i miss sarah so much", "we will miss gran at christmas", "going to miss tom"]
)
def test_the_verb_miss_stays(no_deny_list_engine, text):
    assert " miss " in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pt Sadia Islam G4P3 31/40.", "Pt [NAME] G4P3"),
        ("husband Ashraful Islam said not to take it", "husband [NAME] said"),
        ("Sarah Islam's mum came too", "[NAME]'s mum"),
        ("she converted to Islam last year", "converted to Islam last year"),
        ("she follows Sunni Islam like her mum", "Sunni Islam"),
    ],
)
def test_islam_after_a_name_is_a_family_name(no_deny_list_engine, text, expected):
    assert expected in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Admin: please do not post your NHS number here", "Admin: please"),
        ("Dr Annette Kwarteng (HoM) wants a weekly report", "(HoM)"),
        ("Mrs Folasade Adeyemo (Iya Tobi) thanked the group", "(Iya [NAME])"),
        ("her own Iya stayed 3 months after each baby", "her own Iya stayed"),
    ],
)
def test_group_admins_heads_of_midwifery_and_yoruba_mothers_stay(no_deny_list_engine, text, expected):
    assert expected in no_deny_list_engine.anonymise(text)
