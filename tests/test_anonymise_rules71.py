"""Rules 71: a kept word as common as an English word is no local area a child's school is named after ("kids at
Christmas"); care named right after a school's name makes it a hospital ("at King's in London for heart surgery");
surgery, an operation, a repair, TTTS and a transfer between a child and "at" are care; a month found as a woman does
not take the note's other uses of the month (the shapes' own; other rules may); and the tagger retrained on rules 70's
findings."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Her kids at Christmas were wild, she said, but the hamper helped.", "Christmas"),
        (
            "Our son Jo was at King's in London for heart surgery, Ronald McDonald House was our home.",
            "King's",
        ),
        ("Had twins at King's because of TTTS, transferred from Darent Valley at 24 weeks.", "King's"),
        ("The twins: Mo had hernia repair at King's. She talked about it for an hour.", "King's"),
    ],
)
def test_a_holiday_a_hospital_or_a_month_is_no_school_or_name(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text, school",
    [
        ("Her own kids at Westgate, she does the visit between drop off and pick up.", "Westgate"),
        ("Older son at Oakfield, then the twins at nursery.", "Oakfield"),
    ],
)
def test_a_childs_school_still_goes(no_deny_list_engine, text, school):
    assert school not in no_deny_list_engine.anonymise(text)


def test_may_rated_is_still_a_woman(no_deny_list_engine):
    assert "May rated" not in no_deny_list_engine.anonymise("Both had babies at DVH. May rated 9, Tanya 3.")
