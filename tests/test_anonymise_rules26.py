"""Anonymiser rules 26 (issue 10): phone numbers typed one after another. A second number right after a first one
("07700 900123 07700 900124") was swallowed by the first one's candidate and let through, and two numbers on two
lines were read as one number too long to be valid, so both were. Found by fuzzing the command, not from a corpus."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION
from insights.quotes.recognisers import _uk_phone_spans


def test_rules_version_is_26_or_later():
    assert int(RULES_VERSION) >= 26


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("07700 900123 07700 900124", ["07700 900123", "07700 900124"]),
        ("nums 07700900123 07700900456 (home, work)", ["07700900123", "07700900456"]),
        ("07700 900123\n01322 428100", ["07700 900123", "01322 428100"]),
        ("07700900125\n07700 900123\n", ["07700900125", "07700 900123"]),
        ("+44 7700 900123 +44 7700 900124", ["+44 7700 900123", "+44 7700 900124"]),
        ("call 07700 900123 or 07700 900124", ["07700 900123", "07700 900124"]),
    ],
)
def test_every_number_of_a_run_is_found(text, numbers):
    assert [text[s:e] for s, e in _uk_phone_spans(text)] == numbers


@pytest.mark.parametrize(
    "text",
    [
        "mum's mobile 07700 900123 07700 900124 (dad's)",
        "numbers:\n07700 900123\n01322 428100\n07700900125",
        "her numbers 07700900123 07700900456, texts best",
    ],
)
def test_no_digit_of_a_run_of_numbers_is_left(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    assert not any(ch.isdigit() for ch in out), out


@pytest.mark.parametrize(
    "text",
    ["ref 0123 4567 8901 2345", "seen 01/02 then 03/04, 10 days", "2 packs 0.5 mg 07 days"],
)
def test_number_runs_that_are_no_phone_stay_unread(text):
    assert _uk_phone_spans(text) == []
