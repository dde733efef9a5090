"""The server's interpreter stops walking what it loaded at start (ui.serve.settle, gc.freeze), and the load
test's timing log notes garbage collections that paused it (insights.timing.probe_gc)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _frozen_after_settle(env_value: str | None) -> dict:
    code = (
        "import gc, json\n"
        "from ui import serve\n"
        "before = gc.get_freeze_count()\n"
        "serve.settle(); once = gc.get_freeze_count()\n"
        "junk = [[i] for i in range(1000)]\n"
        "serve.settle()\n"
        "print(json.dumps({'before': before, 'once': once, 'again': gc.get_freeze_count()}))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if env_value is not None:
        env["MATERNITY_GC_SETTLE"] = env_value
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_settle_freezes_what_is_loaded_once_and_can_be_turned_off():
    on = _frozen_after_settle(None)
    assert on["before"] == 0 and on["once"] > 1000  # the modules, classes and functions loaded so far
    assert on["again"] == on["once"]  # a second call (every later page run) does nothing
    off = _frozen_after_settle("0")
    assert off == {"before": 0, "once": 0, "again": 0}


def test_the_timing_log_notes_collections_that_paused_the_interpreter(tmp_path, monkeypatch):
    import gc

    from insights import timing

    log = tmp_path / "timing.jsonl"
    monkeypatch.setenv(timing.ENV, str(log))
    monkeypatch.setattr(timing, "GC_LOGGED", 0.0)  # every collection, however short
    timing.probe_gc()
    timing.probe_gc()  # installed once
    try:
        assert gc.callbacks.count(timing._gc_probe) == 1
        gc.collect(2)
    finally:
        gc.callbacks.remove(timing._gc_probe)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert any(line["outcome"] == "gc2" and line["page"] == "(garbage collection)" for line in lines)
    assert all(line["seconds"] >= 0 for line in lines)


def test_no_probe_without_a_timing_log(monkeypatch):
    import gc

    from insights import timing

    monkeypatch.delenv(timing.ENV, raising=False)
    timing.probe_gc()
    assert timing._gc_probe not in gc.callbacks
