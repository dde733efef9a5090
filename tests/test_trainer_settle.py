"""Coding suggestions retrain once writes have settled, not once per write (insights.coding.trainer)."""

from __future__ import annotations

import threading
import time

from insights.coding import trainer as trainer_mod
from insights.coding.trainer import Trainer


class Counting(Trainer):
    """A trainer whose update only counts (no database, no model)."""

    def __init__(self, settle: float) -> None:
        super().__init__(None, settle=settle)
        self.runs: list[float] = []
        self.ran = threading.Event()

    def _run(self, con, version) -> None:  # noqa: ARG002 -- the real one reads `con`
        self.runs.append(time.monotonic())
        self.ran.set()


def test_a_burst_of_writes_costs_one_retrain_after_the_last():
    keeper = Counting(settle=1.0)
    started = time.monotonic()
    for _ in range(5):  # five saves 0.1 s apart
        last = time.monotonic()
        keeper.refresh(None)
        time.sleep(0.1)
    assert keeper.wait(10)
    assert len(keeper.runs) == 1
    assert keeper.runs[0] - last >= 1.0  # waited for the writes to settle after the last one
    assert keeper.runs[0] - started < 8


def test_a_write_during_an_update_starts_another_after_it():
    keeper = Counting(settle=0.0)
    gate = threading.Event()
    first = True

    def slow_run(con, version):  # noqa: ARG001
        nonlocal first
        keeper.runs.append(time.monotonic())
        if first:
            first = False
            keeper.refresh(None)  # a write arrives while this update runs
            gate.wait(5)

    keeper._run = slow_run
    keeper.refresh(None)
    time.sleep(0.2)
    gate.set()
    assert keeper.wait(10)
    assert len(keeper.runs) == 2


def test_a_page_that_needs_the_model_does_not_wait_for_writes_to_settle():
    keeper = Counting(settle=30.0)
    keeper.refresh(None)
    assert not keeper.ran.wait(0.3)  # still waiting for writes to settle
    keeper.ensure(None, "v1")  # the Coding page: the model is stale and someone is waiting for it
    assert keeper.ran.wait(5)
    assert keeper.wait(5)


def test_stopping_ends_a_waiting_update():
    keeper = Counting(settle=30.0)
    keeper.refresh(None)
    assert keeper.stop(5)
    assert keeper.runs == []


def test_the_dashboard_setting(monkeypatch):
    monkeypatch.setenv("MATERNITY_RETRAIN_SETTLE", "12.5")
    assert trainer_mod._settle_seconds() == 12.5
    monkeypatch.setenv("MATERNITY_RETRAIN_SETTLE", "soon")
    assert trainer_mod._settle_seconds() == trainer_mod.RETRAIN_SETTLE
    monkeypatch.setenv("MATERNITY_RETRAIN_SETTLE", "-3")
    assert trainer_mod._settle_seconds() == 0.0
