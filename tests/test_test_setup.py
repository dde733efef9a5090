"""The test run's own set-up (tests/conftest.py): where its temporary files go."""

from __future__ import annotations

import os
from types import SimpleNamespace

from tests import conftest

GB = 1 << 30
SHM_TMPFS = "tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0\n/dev/vda / ext4 rw,relatime 0 0\n"
SHM_DISK = "/dev/vda /dev/shm ext4 rw 0 0\n/dev/vda / ext4 rw,relatime 0 0\n"


def test_memory_temp_only_on_a_tmpfs_with_room_and_memory_to_spare():
    assert conftest.memory_temp_root(SHM_TMPFS, 20 * GB, 20 * GB) == conftest.MEMORY_TEMP
    assert conftest.memory_temp_root(SHM_TMPFS, 8 * GB, 8 * GB) == conftest.MEMORY_TEMP
    assert conftest.memory_temp_root(SHM_TMPFS, 64 << 20, 20 * GB) is None  # a container's 64 MB /dev/shm
    assert conftest.memory_temp_root(SHM_TMPFS, 20 * GB, 4 * GB) is None  # a large tmpfs, little memory
    assert conftest.memory_temp_root(SHM_DISK, 20 * GB, 20 * GB) is None  # not in memory: nothing gained
    assert conftest.memory_temp_root("", 20 * GB, 20 * GB) is None
    assert conftest.memory_temp_root("tmpfs /run tmpfs rw 0 0\n", 20 * GB, 20 * GB) is None


def test_the_controller_alone_chooses_it_and_a_callers_choice_wins(monkeypatch):
    monkeypatch.setenv("PYTEST_DEBUG_TEMPROOT", "unset below")  # so the original is put back afterwards
    monkeypatch.delenv("PYTEST_DEBUG_TEMPROOT")
    monkeypatch.delenv("MATERNITY_TEST_TMP", raising=False)
    monkeypatch.setattr(conftest, "_memory_temp_here", lambda: conftest.MEMORY_TEMP)

    def chosen(basetemp=None, worker=False) -> str | None:
        os.environ.pop("PYTEST_DEBUG_TEMPROOT", None)
        config = SimpleNamespace(option=SimpleNamespace(basetemp=basetemp))
        if worker:
            config.workerinput = {}
        conftest.pytest_configure(config)
        return os.environ.get("PYTEST_DEBUG_TEMPROOT")

    assert chosen() == str(conftest.MEMORY_TEMP)
    assert chosen(worker=True) is None  # an xdist worker's folder is given by the controller
    assert chosen(basetemp="here") is None
    monkeypatch.setenv("MATERNITY_TEST_TMP", "disk")
    assert chosen() is None
    monkeypatch.delenv("MATERNITY_TEST_TMP")
    monkeypatch.setattr(conftest, "_memory_temp_here", lambda: None)
    assert chosen() is None
    os.environ["PYTEST_DEBUG_TEMPROOT"] = "/elsewhere"
    monkeypatch.setattr(conftest, "_memory_temp_here", lambda: conftest.MEMORY_TEMP)
    conftest.pytest_configure(SimpleNamespace(option=SimpleNamespace(basetemp=None)))
    assert os.environ["PYTEST_DEBUG_TEMPROOT"] == "/elsewhere"  # the caller's own temporary root is kept


def test_this_run_is_where_the_choice_put_it(tmp_path):
    temproot = os.environ.get("PYTEST_DEBUG_TEMPROOT")
    if temproot:  # set by pytest_configure (or the caller) before pytest made its folder
        assert tmp_path.resolve().is_relative_to(os.path.realpath(temproot))
    else:
        assert not tmp_path.resolve().is_relative_to(conftest.MEMORY_TEMP.resolve())
