"""Module-level functions that tests/test_ingest_worker.py has the worker process run by name.

A module of their own that imports nothing heavy: every worker the tests start imports the module of the
function it is given, and importing the test module itself (the app, pandas, the fixtures) took seconds.
"""

from __future__ import annotations

import os


def where_am_i() -> int:
    return os.getpid()


def die_unless_in(pid: int) -> str:
    """Kills the worker process; in the process `pid` it returns."""
    if os.getpid() != pid:
        os._exit(3)
    return "ran here"


def refuse(text: str) -> None:
    raise ValueError(f"this file cannot be used: {text}")


class Unpicklable(ValueError):
    def __init__(self, message: str, handle) -> None:  # a required second argument: pickling fails
        super().__init__(message)
        self.handle = handle

    def __reduce__(self):
        raise TypeError("cannot pickle this error")


def raise_unpicklable() -> None:
    raise Unpicklable("a plain sentence", object())


def steps(n: int, progress=None) -> int:
    for i in range(n):
        progress(i / n, f"step {i + 1} of {n}")
    return n


def setting(name: str) -> str | None:
    return os.environ.get(name)


def niceness() -> int:
    return os.nice(0)
