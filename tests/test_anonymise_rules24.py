"""Anonymiser rules 24 (issue 10): text pasted from phones, Word and social media. Full-width forms, styled
mathematical letters, no-break spaces, invisible characters and typographic dashes between digits are read as
the plain text they look like, and what is found is replaced in the original text. Wordings are this file's own."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION, Finding, reading


def test_rules_version_is_24_or_later():
    assert int(RULES_VERSION) >= 24


def test_a_plain_text_reads_as_itself():
    for text in ("Midwife Sarah rang on 07700 900123", "", "café – 3 visits ’ok’"):
        view = reading(text)
        assert view.text == text and view.at is None


def test_lookalikes_read_one_for_one():
    view = reading("Ｓａｒａｈ\u00a0０７７００\u3000９００１２３ 𝐌𝐚𝐲 07700–900—123 ＤＡ１")
    assert view.at is None  # nothing skipped: the offsets are the text's own
    assert view.text == "Sarah 07700 900123 May 07700-900-123 DA1"


def test_a_dash_between_words_is_not_read_as_a_hyphen():
    assert (
        reading("Darent Valley – good care, 2 – 3 visits").text == "Darent Valley – good care, 2 - 3 visits"
    )


def test_invisible_characters_are_skipped_and_spans_map_back():
    text = "sister Sa\u200brah, tel 07700\u2060900\u00ad123."
    view = reading(text)
    assert view.text == "sister Sarah, tel 07700900123."
    start = view.text.index("Sarah")
    assert view.back(start, start + 5) == (text.index("Sa"), text.index("rah") + 3)
    (moved,) = view.findings([Finding(view.text.index("0"), view.text.index("."), "PHONE_NUMBER", "test")])
    assert text[moved.start : moved.end] == "07700\u2060900\u00ad123"


def test_an_empty_span_maps_to_where_the_next_character_stands():
    view = reading("a\u200bb")
    assert view.back(1, 1) == (2, 2) and view.back(2, 2) == (3, 3)


REMOVED = [
    ("rang her on ０７７００ ９００１２３ after the scan", "[PHONE]", "９００"),
    ("call ＋４４ ７７００ ９００１２３ any time", "[PHONE]", "７７００"),
    ("mobile 07700–900–123 (evenings)", "[PHONE]", "900"),
    ("mobile 07700\u00a0900\u00a0123 (evenings)", "[PHONE]", "900"),
    ("mobile 07700\u200b900123 (evenings)", "[PHONE]", "900"),
    ("lives DA11\u00a00DX, near the station", "[POSTCODE]", "0DX"),
    ("lives ＤＡ１１ ０ＤＸ, near the station", "[POSTCODE]", "ＤＸ"),
    ("email sarah.k＠gmail.com for the leaflet", "[EMAIL]", "gmail"),
    ("DOB 12／03／1990, second baby", "[DATE]", "1990"),
    ("hosp no. ９９４９９５０ on the wristband", "[HOSPITAL NUMBER]", "９９４"),
    ("her sister Sa\u200brah came to the group", "[NAME]", "rah"),
    ("Midwife Ｓａｒａｈ was kind on the ward", "[NAME]", "Ｓ"),
    ("follow me 𝐏𝐫𝐢𝐲𝐚 on insta", "[", "𝐏𝐫𝐢𝐲𝐚"),
]


@pytest.mark.parametrize(("text", "tag", "gone"), REMOVED)
def test_lookalike_and_invisible_characters_do_not_hide_a_detail(no_deny_list_engine, text, tag, gone):
    out = no_deny_list_engine.anonymise(text)
    assert tag in out and gone not in out


def test_only_the_detail_is_replaced_and_the_rest_of_the_text_is_untouched(no_deny_list_engine):
    text = "café\u00a0visit – rang on ０７７００ ９００１２３ ’later’ 👩\u200d👧"
    assert no_deny_list_engine.anonymise(text) == "café\u00a0visit – rang on [PHONE] ’later’ 👩\u200d👧"


KEPT = [
    "Darent\u00a0Valley maternity unit, 9/10",
    "2–3 visits from the health visitor",
    "Ｂａｂｙ Ｂａｎｋ helped with a pram",
    "Seen 10–12 weeks, scan fine 👍🏾",
]


@pytest.mark.parametrize("text", KEPT)
def test_pasted_text_with_no_detail_comes_back_unchanged(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_marks_are_in_the_texts_own_offsets(no_deny_list_engine):
    text = "Ｄｅｓｔｉｎｙ was late again"
    marks = no_deny_list_engine.suspects(text)
    assert marks and all(text[s.start : s.end] == s.word for s in marks)
    assert any(s.word == "Ｄｅｓｔｉｎｙ" for s in marks)
