"""Rules 66: six digits right after a person's name go, as a handover lists a patient with her hospital number and no
label ("Pt Smith 123456"); a count after a name stays ("Smith 100000 followers" is no patient)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, number",
    [
        ("Pt Smith 123456 seen on ward, bloods sent", "123456"),
        ("Jones, 654321 - bloods taken", "654321"),
        ("handover: Mrs Okafor 771204 for review", "771204"),
    ],
)
def test_six_digits_after_a_name_go(no_deny_list_engine, text, number):
    out = no_deny_list_engine.anonymise(text)
    assert number not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "Sarah Jones 100000 followers on her page",
        "Leanne said 123456 was the code on the gate",
        "she scored 8 and said it was fine",
    ],
)
def test_a_count_or_a_number_not_after_a_name_stays(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    digits = [w for w in text.split() if w.isdigit()]
    assert all(d in out for d in digits), out
