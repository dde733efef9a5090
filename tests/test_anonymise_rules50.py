"""Anonymiser rules 50 (issue 10): given names that are everyday words, named by the role beside them
(insights.quotes.role_names), read from the rules 49 removal review's lines that both versions leaked; the tuning
sets' keeps that a first version lost ("an absolute gem, the HV said", "we were lucky the interpreter came") are
here too. Wordings are this file's own."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_50_or_later():
    assert int(RULES_VERSION) >= 50


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Joy the healthcare assistant made me a cup of tea at 3am.", ["Joy"]),
        ("Honey the student midwife was so calm with me.", ["Honey"]),
        ("Jade the health visitor came out twice in week one.", ["Jade"]),
        ("rose the hca was lovely with the twins", ["rose"]),
        ("joy (hca) brought her toast at 2am", ["joy"]),
        ("dawn (cmw) didnt turn up, no call", ["dawn"]),
        ("Joy, my health visitor, reassured me about his weight.", ["Joy"]),
        ("thanks to blessing the hca, she stayed late", ["blessing"]),
        ("midwife rose did the home visit on day 3", ["rose"]),
        ("Destiny was the midwife who delivered my son.", ["Destiny"]),
        ("Amber on the front desk sorted out my parking.", ["Amber"]),
    ],
)
def test_word_names_beside_their_role_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "Will the midwife come back tomorrow?",
        "I hope the midwife comes before lunch.",
        "The midwife rose to the occasion when things went wrong.",
        "She is an absolute gem, the HV said.",
        "We were lucky the interpreter came on time.",
        "It was a blessing the midwife came on Christmas day.",
        "the amber on the ward was fine, no red flags",
        "Hope was the midwife's motto, she said.",
        "Joy of joys, the midwife was early.",
        "May the staff keep up the good work.",
        # the rules 50 keep review (a helper's invented lines)
        "Patience, the HCA said, as I waited three hours for discharge.",
        "joy the hca brought was huge, mum says",
        "hope the hv is ok, she seemed stressed",
        "Faith on the ward was restored by the night team.",
        "faith the mw had in her helped her push",
    ],
)
def test_ordinary_words_beside_a_role_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text
