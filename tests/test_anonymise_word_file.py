"""The anonymiser's context word file (data/anonymise/context_words.txt) fails closed when it is unreadable."""

from __future__ import annotations

import pytest

from insights.quotes import anonymise, context_words


def test_the_shipped_word_file_loads_with_every_section():
    sections, error = context_words.load_words(context_words.WORDS_PATH)
    assert error is None and context_words.LOAD_ERROR is None
    for name in ("roles", "relations", "say_after", "contact_before"):
        assert sections[name], name
    assert "midwife" in context_words.ROLES


def test_a_missing_or_broken_word_file_gives_no_lists_and_a_reason(tmp_path):
    sections, error = context_words.load_words(tmp_path / "absent.txt")
    assert sections == {} and "could not be read" in error
    broken = tmp_path / "broken.txt"
    broken.write_text("midwife\n[roles]\n", encoding="utf-8")  # an entry before the first section
    sections, error = context_words.load_words(broken)
    assert sections == {} and "before the first [section]" in error


def test_the_anonymiser_refuses_to_load_without_its_word_lists(monkeypatch):
    monkeypatch.setattr(
        context_words, "LOAD_ERROR", "the anonymiser's context word list could not be read (x)"
    )
    with pytest.raises(anonymise.AnonymiserUnavailable, match="context word list"):
        anonymise.Anonymiser(verify_model=False)
