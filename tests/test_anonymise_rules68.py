"""Rules 68: Sure Start (the national children's centre programme) and a baby's memory box or the memory service stay;
"Memory" saying something is still a name."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Surestart is so important for us to learn to play together with our children.",
        "She wanted the hand prints for her Memory Box and the baby record book.",
        "Attended the Memory Assessment Service in Mansfield and it was fine.",
        "The bereavement midwife gave us a memory box with her footprints.",
    ],
)
def test_sure_start_and_a_memory_box_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_memory_saying_something_is_still_a_name(no_deny_list_engine):
    assert "Memory" not in no_deny_list_engine.anonymise("Memory said the midwife was kind to her")
