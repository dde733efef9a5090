"""Anonymiser rules 15 (issue 10): blind12 (held out for rules 14, scored once) is retired from held-out duty;
its leaks are printed by benchmarks/anonymise_eval.py (UNTRAINED until a model trained on it ships), and the
thirteenth writer's blind13 is the held-out set."""

from __future__ import annotations

from insights.quotes import train_tagger as tt


def test_blind12_is_retired_and_blind13_is_held_out():
    import benchmarks.anonymise_eval as ev

    assert {"blind13"} == set(ev.BLIND)  # the thirteenth writer: only the lead scores it
    assert "blind12" not in ev.BLIND
    assert "blind12" in ev.UNTRAINED or "blind12" in tt.TRAIN_SETS  # retired: scored with its leaks
    assert not set(ev.UNTRAINED) & set(tt.TRAIN_SETS)
