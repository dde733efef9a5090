"""Rules 67: a room where a woman lives (an asylum or emergency hotel, a hostel, a refuge, a B&B) is part of her
address, with its number; a room of care ("delivery room 4") or a range of rooms stays."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, gone",
    [
        ("lives at the Gateway Hotel, Dartford, room 214. booking done at 12 wks", "214"),
        ("Maryam, Farsi speaker. Room 312. 16 weeks, the hotel food makes her sick", "312"),
        ("two different women in rooms 301 and 305 at the hotel, letters mixed up", "305"),
        ("moved to rm 16 at the hostel on Friday, no kettle", "16"),
    ],
)
def test_a_room_she_lives_in_goes(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out and "[ADDRESS]" in out, out


@pytest.mark.parametrize(
    "text",
    [
        "she laboured in delivery room 4 at Darent Valley, then went back to the hotel",
        "bad signal in the hotel (rooms 100-120), so we used the lobby",
        "seen in room 4 at the clinic, lovely midwife",
    ],
)
def test_a_room_of_care_a_range_or_a_room_with_no_home_stays(no_deny_list_engine, text):
    out = no_deny_list_engine.anonymise(text)
    assert all(d in out for d in ("4", "100", "120") if d in text), out
