"""The forked worker pool: order, deadlines enforced by killing, deaths, memory, recycling."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from goalextract.pool import Died, Limits, OverTime, Raised, Returned, available, ordered_map

pytestmark = pytest.mark.skipif(not available(), reason="bounded workers need os.fork")


def _square(index: int) -> int:
    return index * index


def test_results_come_in_order_whatever_the_workers() -> None:
    def uneven(index: int) -> int:
        time.sleep(0.05 if index % 3 == 0 else 0)  # later tasks finish first
        return index * index

    results = list(ordered_map(uneven, 20, workers=2, limits=Limits()))
    assert results == [Returned(i * i) for i in range(20)]


def test_a_task_past_its_deadline_is_killed_and_the_rest_go_on() -> None:
    def task(index: int) -> int:
        if index == 1:
            # No alarm and no exception can end this one: only a kill from outside.
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            time.sleep(60)
        return index

    started = time.monotonic()
    limits = Limits(timeout=0.3, grace=0.2)
    results = list(ordered_map(task, 6, workers=2, limits=limits))
    assert time.monotonic() - started < 10
    assert results == [Returned(0), OverTime(0.3), *(Returned(i) for i in range(2, 6))]


def test_a_dead_worker_costs_its_task_only() -> None:
    def task(index: int) -> int:
        if index == 2:
            os._exit(3)  # what a native library's crash looks like from here
        if index == 4:
            os.kill(os.getpid(), signal.SIGSEGV)
        return index

    results = list(ordered_map(task, 7, workers=2, limits=Limits()))
    assert results[2] == Died("exit code 3")
    assert results[4] == Died("killed by SIGSEGV")
    assert [r for i, r in enumerate(results) if i not in (2, 4)] == [
        Returned(i) for i in (0, 1, 3, 5, 6)
    ]


def test_an_exception_is_the_tasks_result() -> None:
    def task(index: int) -> int:
        raise ValueError(f"bad input {index}")

    [result] = ordered_map(task, 1, workers=1, limits=Limits())
    assert isinstance(result, Raised)
    assert str(result.error) == "bad input 0"
    assert "ValueError" in result.trace


def test_the_memory_limit_turns_a_runaway_task_into_memory_error() -> None:
    def greedy(_index: int) -> int:
        return len(bytearray(4 << 30))  # 4 GiB

    [result] = ordered_map(greedy, 1, workers=1, limits=Limits(memory=256 << 20))
    assert isinstance(result, Raised) and isinstance(result.error, MemoryError)


def test_the_memory_limit_is_on_top_of_what_the_worker_inherits() -> None:
    # A parent holding a large mapping (pyarrow reserves gigabytes untouched):
    # its worker still has the limit's room for the task.
    import mmap

    reserved = mmap.mmap(-1, 2 << 30)

    def modest(_index: int) -> int:
        return len(bytearray(64 << 20))

    try:
        [result] = ordered_map(modest, 1, workers=1, limits=Limits(memory=256 << 20))
    finally:
        reserved.close()
    assert result == Returned(64 << 20)


def test_workers_are_replaced_after_so_many_tasks() -> None:
    def pid(_index: int) -> int:
        return os.getpid()

    results = list(ordered_map(pid, 6, workers=1, limits=Limits(tasks_per_worker=2)))
    pids = [r.value for r in results if isinstance(r, Returned)]
    assert len(pids) == 6
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4] == pids[5]


_kept: list[bytearray] = []


def test_a_worker_left_big_by_a_task_is_replaced() -> None:
    def task(index: int) -> int:
        if index == 1:
            _kept.append(bytearray(b"x" * (64 << 20)))  # touched: resident
        return os.getpid()

    # A fresh worker's own resident size (less than this process's: it maps
    # the shared libraries' pages only as it touches them).
    [fresh] = ordered_map(lambda _index: _resident(), 1, workers=1, limits=Limits())
    assert isinstance(fresh, Returned)
    limits = Limits(recycle_rss=fresh.value + (32 << 20))
    results = list(ordered_map(task, 4, workers=1, limits=limits))
    pids = [r.value for r in results if isinstance(r, Returned)]
    # Task 2 was sent ahead while task 1 ran; the worker goes after it.
    assert pids[0] == pids[1] == pids[2] != pids[3]


def _resident() -> int:
    return int(Path("/proc/self/statm").read_bytes().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_a_kill_takes_what_the_worker_started(tmp_path: Path) -> None:
    marker = tmp_path / "child.pid"

    def task(_index: int) -> int:
        child = subprocess.Popen(["sleep", "60"])
        marker.write_text(str(child.pid))
        child.wait()
        return 0

    [result] = ordered_map(task, 1, workers=1, limits=Limits(timeout=0.5, grace=0.2))
    assert result == OverTime(0.5)
    child = int(marker.read_text())
    time.sleep(0.2)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_closing_early_ends_every_worker() -> None:
    def pid(_index: int) -> int:
        return os.getpid()

    results = ordered_map(pid, 50, workers=2, limits=Limits())
    first = next(results)
    assert isinstance(first, Returned)
    results.close()
    time.sleep(0.1)
    assert not _alive(first.value)
