"""`parse --engine dask`: the batch on a dask.distributed cluster writes what a local
batch writes, in the same order, with the same failures.

The cluster tests need the dask extra (`pip install 'goalextract[dask]'`) and are
skipped without it; the time limit and the option checks run without it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES
from goalextract import dask_engine
from goalextract.api import ParseOptions
from goalextract.batch import InputFile, Outcome, ParseJob, expand_inputs, parse_one
from goalextract.dask_engine import DaskEngine, DaskSettings
from goalextract.errors import EngineError, time_limit
from goalextract.runner import UsageError

needs_dask = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="the dask extra is not installed (pip install 'goalextract[dask]')",
)

TXT = SAMPLES / f"{HEBEI}.txt"


def _goalextract(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "goalextract", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
        env={**os.environ, **(env or {})},
    )


# -- the CLI on a LocalCluster --------------------------------------------------------


@needs_dask
def test_dask_writes_the_jsonl_of_the_local_run(tmp_path: Path) -> None:
    """The repo's samples and a broken input, on a LocalCluster of 2 worker processes."""
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4\n")
    local = _goalextract("parse", "in", "-o", "local.jsonl", "--jobs", "1", cwd=tmp_path)
    dask = _goalextract(
        "parse", "in", "-o", "dask.jsonl", "--engine", "dask", "--jobs", "2", cwd=tmp_path
    )
    assert local.returncode == dask.returncode == 1, dask.stderr
    expected = (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "dask.jsonl").read_bytes() == expected
    assert expected.count(b"\n") == len(expand_inputs([str(inputs)]).inputs)
    assert b'{"failure": {"path": "in/broken.pdf"' in expected
    # The same failure line on stderr, and nothing else (no dask logs, no traceback).
    assert dask.stderr == local.stderr
    assert dask.stderr.startswith("goalextract: in/broken.pdf: ")


@needs_dask
def test_an_unreachable_scheduler_is_one_line_and_exit_1(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port on this machine where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    completed = _goalextract(
        "parse",
        str(TXT),
        "-o",
        "out.json",
        "--engine",
        "dask",
        "--scheduler",
        f"tcp://127.0.0.1:{port}",
        cwd=tmp_path,
        env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
    )
    assert completed.returncode == 1
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith(f"goalextract: tcp://127.0.0.1:{port}: cannot connect")
    assert not (tmp_path / "out.json").exists()


@needs_dask
def test_a_bad_scheduler_address_is_a_usage_error(tmp_path: Path) -> None:
    completed = _goalextract(
        "parse", str(TXT), "--engine", "dask", "--scheduler", "head-node", cwd=tmp_path
    )
    assert completed.returncode == 2
    assert "not a scheduler address" in completed.stderr
    assert "tcp://HOST:PORT" in completed.stderr


@pytest.mark.parametrize("option", [["--scheduler", "tcp://127.0.0.1:8786"], ["--send-bytes"]])
def test_dask_options_need_the_dask_engine(tmp_path: Path, option: list[str]) -> None:
    completed = _goalextract("parse", str(TXT), *option, cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr == f"goalextract: {option[0]} needs --engine dask\n"


def test_without_the_extra_the_engine_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_engine, "available", lambda: False)
    with pytest.raises(UsageError, match=r"pip install 'goalextract\[dask\]'"):
        DaskEngine(DaskSettings())


def test_a_local_parse_does_not_import_dask() -> None:
    code = (
        "import sys, goalextract.cli\n"
        f"sys.argv = ['goalextract', 'parse', {str(TXT)!r}, '-o', '/dev/null']\n"
        "try:\n    goalextract.cli.main()\n"
        "except SystemExit:\n    pass\n"
        "print([m for m in ('dask', 'distributed', 'goalextract.dask_engine') if m in sys.modules])"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.stdout.strip() == "[]", completed.stderr


# -- the engine on an in-process cluster (its workers are threads of this process) ----


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A cluster of 2 single-thread workers in this process, for the engine's own tests."""
    if importlib.util.find_spec("distributed") is None:
        pytest.skip("the dask extra is not installed (pip install 'goalextract[dask]')")
    import logging

    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",  # as a real cluster's (the in-process default, inproc://, is not)
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def batch(tmp_path: Path) -> list[InputFile]:
    """Twelve inputs (more than the window): copies of the sample, a broken and a missing one."""
    for n in range(10):
        shutil.copy(TXT, tmp_path / f"{n:02}.txt")
    (tmp_path / "05.txt").write_bytes(b"")  # an empty input fails
    inputs = expand_inputs([str(tmp_path)]).inputs
    return [*inputs, InputFile(str(tmp_path / "missing.txt"), "missing.txt")]


JOB = ParseJob(ParseOptions(timeout=60))


def _summary(outcomes: list[Outcome]) -> list[tuple[str, str | None, str | None]]:
    return [
        (o.input.path, o.error, o.document.model_dump_json() if o.document else None)
        for o in outcomes
    ]


def _local(inputs: list[InputFile]) -> list[tuple[str, str | None, str | None]]:
    return _summary([parse_one(item, JOB) for item in inputs])


@pytest.fixture
def small_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A window of 3 inputs, so that twelve inputs pass through it four times over;
    bytes over 1 kB scattered rather than sent inline (the sample is 11 kB)."""
    monkeypatch.setattr(dask_engine, "IN_FLIGHT_PER_THREAD", 1)
    monkeypatch.setattr(dask_engine, "MIN_IN_FLIGHT", 3)
    monkeypatch.setattr(dask_engine, "INLINE_BYTES", 1000)


@needs_dask
@pytest.mark.usefixtures("small_window")
@pytest.mark.parametrize("send_bytes", [False, True])
def test_outcomes_come_back_in_input_order_as_a_local_batch_gives_them(
    scheduler: str, batch: list[InputFile], send_bytes: bool
) -> None:
    engine = DaskEngine(DaskSettings(scheduler=scheduler, send_bytes=send_bytes))
    outcomes = list(engine(batch, JOB, jobs=2, stdin=None))
    assert _summary(outcomes) == _local(batch)
    errors = [o.error for o in outcomes if o.error]
    assert len(errors) == 2
    assert errors[-1] == "no such file"


@needs_dask
@pytest.mark.usefixtures("small_window")
def test_files_a_worker_does_not_see_are_sent_as_bytes(
    scheduler: str, batch: list[InputFile], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def elsewhere(task: dask_engine._Task) -> None:
        asked.append(str(task.location))  # as on a worker without the shared folder

    monkeypatch.setattr(dask_engine, "_read_here", elsewhere)
    engine = DaskEngine(DaskSettings(scheduler=scheduler))
    outcomes = list(engine(batch, JOB, jobs=2, stdin=None))
    assert _summary(outcomes) == _local(batch)
    # Every file the client has was tried on a worker first, at its absolute path
    # (the two workers ask in either order).
    assert sorted(asked) == [str(Path(item.path).resolve()) for item in batch[:-1]]


@needs_dask
def test_standard_input_is_sent_as_bytes(scheduler: str) -> None:
    engine = DaskEngine(DaskSettings(scheduler=scheduler))
    stdin = InputFile("-", "stdin")
    (outcome,) = engine([stdin], JOB, jobs=2, stdin=TXT.read_bytes())
    assert _summary([outcome]) == _summary([parse_one(stdin, JOB, TXT.read_bytes())])


@needs_dask
@pytest.mark.usefixtures("small_window")
def test_no_more_than_the_window_is_submitted_ahead(
    scheduler: str, batch: list[InputFile], monkeypatch: pytest.MonkeyPatch
) -> None:
    submitted: list[int] = []
    submit = dask_engine._Window.submit

    def counting(self: dask_engine._Window, number: int, *args: object) -> None:
        submitted.append(number)
        submit(self, number, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(dask_engine._Window, "submit", counting)
    engine = DaskEngine(DaskSettings(scheduler=scheduler))
    outcomes = engine(batch, JOB, jobs=2, stdin=None)
    assert isinstance(outcomes, Generator)
    try:
        first = next(outcomes)
        assert first.input == batch[0]
        assert submitted == [0, 1, 2]  # the window of 3, not the twelve inputs
    finally:
        outcomes.close()  # what --fail-fast does: the rest is cancelled, nothing hangs


class _Done:
    """A completed future whose task raised ``error``."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.released = False

    def result(self) -> object:
        raise self.error

    def release(self) -> None:
        self.released = True


@needs_dask
def test_an_input_that_kills_its_workers_is_a_failure_as_locally() -> None:
    from distributed import KilledWorker

    item = InputFile("crash.pdf", "crash.pdf")
    future = _Done(KilledWorker("parse-1", None, 3))
    outcome = dask_engine._outcome_of(future, item)
    assert outcome is not None
    assert outcome.error == dask_engine.CRASHED
    assert future.released


@needs_dask
def test_work_the_scheduler_dropped_ends_the_run() -> None:
    from distributed import CancelledError

    future = _Done(CancelledError())
    with pytest.raises(EngineError, match="dropped the work"):
        dask_engine._outcome_of(future, InputFile("a.txt", "a.txt"))


# -- the time limit on a worker thread ------------------------------------------------


def _in_a_thread(job: ParseJob, work: object) -> Outcome:
    """dask_engine._within on a thread other than the main one, as on a dask worker."""
    item = InputFile("slow.pdf", "slow.pdf")
    result: list[Outcome] = []
    thread = threading.Thread(
        target=lambda: result.append(dask_engine._within(job, item, work)),  # type: ignore[arg-type]
        daemon=True,  # a limit that fails to stop the work must not hang the test run
    )
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    return result[0]


def _spin() -> Outcome:
    while True:  # a pure-Python loop that never ends (pdfminer on a damaged file)
        pass


def test_the_time_limit_stops_work_on_a_worker_thread() -> None:
    job = ParseJob(ParseOptions(timeout=0.2))
    outcome = _in_a_thread(job, _spin)
    assert outcome.error == f"{time_limit(0.2)} while reading; the file is very large or damaged"
    assert outcome.seconds > 0.15  # stopped at the limit (timers may wake a little early)


def test_a_swallowed_deadline_is_raised_again() -> None:
    """A deadline delivered where it is ignored (a gc callback, a __del__) comes again."""
    swallowed: list[float] = []

    def swallowing() -> Outcome:
        while True:
            try:
                _spin()
            except dask_engine._Deadline:
                if swallowed:
                    raise
                swallowed.append(time.perf_counter())

    outcome = _in_a_thread(ParseJob(ParseOptions(timeout=0.2)), swallowing)
    assert swallowed
    assert outcome.error is not None and outcome.error.startswith(time_limit(0.2))


def test_work_done_in_time_is_not_interrupted_later() -> None:
    done = Outcome(InputFile("a.txt", "a.txt"))

    def quick_then_linger() -> Outcome:
        return done

    job = ParseJob(ParseOptions(timeout=0.1))
    assert _in_a_thread(job, quick_then_linger) is done

    # The thread goes on after the limit has passed; nothing is raised in it.
    def after() -> None:
        dask_engine._within(job, InputFile("a.txt", "a.txt"), quick_then_linger)
        time.sleep(0.4)
        stray.append(False)

    stray: list[bool] = []
    thread = threading.Thread(target=after, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert stray == [False]
