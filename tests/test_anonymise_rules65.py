"""Rules 65: a social profile's or group's web address goes whole (its path names the person or the group), and a web
address's words are never a name (the contextual model took "careopinion" out of a Care Opinion link; the tagger
"com" out of "facebook.com"); a ward of two or three words after "on" ("on John Proctor Ward")."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, gone",
    [
        ("her fb is facebook.com/sarah.jones.5", "sarah"),
        ("profile: https://www.facebook.com/sarah.jones.5.", "jones"),
        ("insta instagram.com/mummy_sarita", "sarita"),
        ("found her at facebook.com/groups/dartfordmums", "dartfordmums"),
    ],
)
def test_a_social_profiles_web_address_goes_whole(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out and "[SOCIAL MEDIA]" in out, out


@pytest.mark.parametrize(
    "text",
    [
        "![Image](https://www.careopinion.org.uk/resources/posting-images/op/360cb991.png) thank you all",
        "see www.careopinion.org.uk for more",
        "our page is on facebook.com",
    ],
)
def test_a_web_address_holds_no_name(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_ward_named_after_a_person_after_on_stays(no_deny_list_engine):
    text = "My mother in law spent several weeks on John Proctor Ward at Lings Bar."
    assert no_deny_list_engine.anonymise(text) == text
    assert "Donna" not in no_deny_list_engine.anonymise("on Donna Ward's caseload")
