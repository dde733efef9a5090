"""The load test's like-for-like baseline (benchmarks.load_test --single-mix replay): the single-user phase
replays the loaded phase's sessions (same roles' menus, same seeded click sequences), one click at a time."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from benchmarks import load_test

MENUS = {
    "officer": ["", "data", "themes", "reach", "coding", "codebook"],
    "commissioner": ["", "themes", "reach", "quotes"],
    "reviewer": ["quotes", "themes", "agreement"],
}


def run_async(coro) -> None:
    """asyncio.run on a thread of its own: a browser test earlier on the same xdist worker may have left
    Playwright's event loop running on this thread, where asyncio.run refuses to start."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the test's thread
            failure.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


class FakeState:
    def __init__(self, menu: list[str]) -> None:
        self._menu, self.exceptions, self.page_not_found = menu, [], False

    def menu(self) -> list[str]:
        return self._menu


class FakeSession:
    """A protocol session that records its clicks and how many page runs were under way at once."""

    running = {"now": 0, "most": 0}

    def __init__(self, role: str) -> None:
        self.state = FakeState(MENUS[role])
        self.clicked: list[str] = []

    async def goto(self, label: str) -> FakeState:
        FakeSession.running["now"] += 1
        FakeSession.running["most"] = max(FakeSession.running["most"], FakeSession.running["now"])
        await asyncio.sleep(0.002)  # the page run
        FakeSession.running["now"] -= 1
        self.clicked.append(label)
        return self.state


def _sessions() -> list[FakeSession]:
    roles = list(MENUS)
    return [FakeSession(roles[i % len(roles)]) for i in range(6)]


@pytest.fixture
def think(monkeypatch):
    monkeypatch.setitem(load_test.THINK, "seconds", 0.01)
    monkeypatch.setitem(load_test.THINK, "together", False)
    FakeSession.running.update(now=0, most=0)


def _loaded(sessions: list[FakeSession], seconds: float) -> list[str]:
    errors: list[str] = []
    clicks: list[str] = []
    clock = {"stop_at": time.monotonic() + seconds}

    async def run():
        await asyncio.gather(
            *[load_test._protocol_reader(s, clock, errors, clicks, seed) for seed, s in enumerate(sessions)]
        )

    run_async(run())
    assert errors == []
    return clicks


def _in_turn(sessions: list[FakeSession], seconds: float) -> list[str]:
    errors: list[str] = []
    clicks: list[str] = []
    clock = {"stop_at": time.monotonic() + seconds}
    run_async(load_test._protocol_in_turn(sessions, clock, errors, clicks))
    assert errors == []
    return clicks


def test_the_single_user_phase_replays_each_sessions_own_click_sequence_one_at_a_time(think):
    loaded = _sessions()
    _loaded(loaded, 0.4)
    assert FakeSession.running["most"] > 1  # the loaded phase: runs at once
    FakeSession.running.update(now=0, most=0)
    alone = _sessions()
    clicks = _in_turn(alone, 0.4)
    assert FakeSession.running["most"] == 1  # never two page runs at once
    assert len(clicks) > 2 * len(alone)
    for one, many in zip(alone, loaded, strict=True):
        shared = min(len(one.clicked), len(many.clicked))
        assert shared >= 2
        assert one.clicked[:shared] == many.clicked[:shared]  # the same pages in the same order
        assert set(one.clicked) <= set(one.state.menu())  # its own role's menu
    counts = [len(s.clicked) for s in alone]
    assert max(counts) - min(counts) <= 1  # in turn: every session clicks as often


def test_a_session_that_breaks_drops_out_of_the_turns(think):
    class Broken(FakeSession):
        async def goto(self, label):
            raise OSError("connection closed")

    sessions = [FakeSession("officer"), Broken("commissioner"), FakeSession("reviewer")]
    errors: list[str] = []
    clicks: list[str] = []
    clock = {"stop_at": time.monotonic() + 0.2}
    run_async(load_test._protocol_in_turn(sessions, clock, errors, clicks))
    assert len(errors) == 1 and "connection closed" in errors[0]
    assert sessions[0].clicked and sessions[2].clicked


def test_the_tail_report_says_what_overlapped_each_slow_run(tmp_path):
    import json

    from benchmarks import load_tail

    def run(t, seconds, session, page="Themes", outcome="ok"):
        return {"t": t, "seconds": seconds, "session": session, "page": page, "outcome": outcome}

    lines = [
        run(101.0, 0.1, "a"),  # alone
        run(103.0, 0.5, "a"),  # beside b's run
        run(103.0, 0.4, "b", page="Reach"),
        run(106.0, 0.9, "a"),  # during an import's run
        run(106.0, 1.0, "w", page="Data"),
        run(110.0, 0.3, "b"),  # during a refresh
        run(110.2, 2.0, "", page="(cache refresh)", outcome="refresh"),
        run(100.98, 0.02, "", page="(garbage collection)", outcome="gc2"),  # paused the first run
    ]
    (tmp_path / "timing.jsonl").write_text("\n".join(json.dumps(line) for line in lines))
    (tmp_path / "phases.json").write_text(
        json.dumps({"loaded": {"start": 100.0, "end": 120.0, "writer": "w"}})
    )
    slow = load_tail.tail(tmp_path, top=5)
    assert slow["seconds"].tolist() == [0.9, 0.5, 0.4, 0.3, 0.1]
    assert slow["import overlap"].iat[0] == 1.0 and slow["refresh overlap"].iat[3] == 1.0
    assert slow["other runs"].iat[1] == 0.8 and slow["other runs"].iat[4] == 0.0
    assert slow["gc overlap"].tolist() == [0.0, 0.0, 0.0, 0.0, 0.02]
    kinds = load_tail.split(tmp_path).set_index("overlapped")["runs"].to_dict()
    assert kinds == {"an import's run": 1, "a refresh": 1, "other readers only": 2, "a garbage collection": 1}
