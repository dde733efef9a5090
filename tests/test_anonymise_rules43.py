"""Anonymiser rules 43 (issue 10): what the removal-side review of rules 42 found both versions leaking and that needs no
new judgement: chat senders after more export stamps (en and em dashes, "(09:14)", "[9:14 pm]", seconds, "a.m.", ISO
dates), phone and NHS numbers typed with letters for digits, sort codes after "s/c is" or "sort cd", short codes after
"ticket no" or "pals". Wordings are this file's own (none is a note of a labelled corpus or a real comment)."""

from __future__ import annotations

import pytest

from insights.quotes import number_shapes
from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_43_or_later():
    assert int(RULES_VERSION) >= 43


@pytest.mark.parametrize(
    "text",
    [
        "10:02 – Nadia: running late",
        "(10:02) Nadia: running late",
        "[8:41 pm] Nadia: running late",
        "04/05/2026, 8:41 a.m. - Nadia: running late",
        "04/05/2026, 08:41:12 - Nadia: running late",
        "04.05.2026, 08:41 - Nadia: running late",
        "[2026-05-04 08:41] Nadia: running late",
        "[08:41, 04/05/2026] Nadia: running late",
    ],
)
def test_senders_after_more_export_stamps_go(no_deny_list_engine, text):
    assert "Nadia" not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text", ["10:02 – Welcome: tea and intros", "(10:02) Plan: tea", "at 10:30 - Triage: busy", "the O2 shop"]
)
def test_headings_and_roles_after_stamps_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("mobile 07700 9OO 418", "418"),
        ("phone O7911 504 227", "504"),
        ("her nhs 948 O22 5614", "5614"),
        ("her s/c is 30-71-22 at barclays", "71"),
        ("sort cd 30-71-22", "71"),
        ("ticket no TK5520 open", "TK5520"),
        ("pals PA3391 she said", "PA3391"),
    ],
)
def test_numbers_the_review_found_leaking_go(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_a_letter_before_the_first_digit_is_read_only_before_two_digits():
    assert number_shapes._lookalikes("O7911") == [0]
    assert number_shapes._lookalikes("O2") == []
    assert number_shapes._lookalikes("l23") == [0]
