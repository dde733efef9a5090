"""Shared checks for the anonymiser's optional steps (each rules round's test file uses them): a step is a switch of
`anonymise.SWITCHES`, measured apart by `train_tagger --off`, on by default; and, with a tagger that finds nothing, a
case is found with the step on and left with it off (the step's alone)."""

from __future__ import annotations

from pathlib import Path

from insights.quotes import anonymise, train_tagger


def assert_optional_step(step: str, module_steps: tuple[str, ...] = ()) -> None:
    """`step` is a switch, measured apart, on by default, and (when given) one of its module's `STEPS`."""
    assert step in anonymise.SWITCHES
    assert step in train_tagger.OPTIONAL_STEPS
    assert getattr(anonymise.Anonymiser, step) is True
    if module_steps:
        assert step in module_steps


def assert_step_alone(step: str, text: str, gone: str, silent_tagger: Path) -> None:
    """With a tagger that finds nothing, `gone` leaves `text` with `step` on and stays with it off."""
    on = anonymise.Anonymiser(tagger=silent_tagger)
    off = anonymise.Anonymiser(tagger=silent_tagger)
    setattr(off, step, False)
    assert gone not in on.anonymise(text)
    assert gone in off.anonymise(text)
