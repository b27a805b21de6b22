"""Parse a batch on a dask.distributed cluster (``goalextract parse --engine dask``).

The same pure function as a local batch runs on the workers: ``batch.parse_one``
(one input → one Outcome). This module only moves inputs and outcomes: it
submits a bounded window of inputs, collects the outcomes as they complete and
hands them back in input order, so :func:`goalextract.runner.run` (counts,
failure lines, exit code, progress bar, every writer) cannot tell a dask run
from a local one.

Where the input bytes come from (documented in the README):

- by default a worker reads the file itself, at the absolute path the client
  sees (a shared file system: NFS, a mounted bucket, the same machine). A worker
  that does not find a file of the same size there says so, and the client
  sends that input's bytes instead, so a cluster without a shared file system
  still gets every input, one round trip later;
- ``send_bytes`` (``--send-bytes``): the client reads every input and sends its
  bytes, for clusters known to share nothing;
- standard input (``-``) is always sent as bytes.

dask itself is imported only when a run starts (it is an extra:
``pip install 'goalextract[dask]'``).
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import logging
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from goalextract.batch import InputFile, Outcome, ParseJob, parse_one
from goalextract.errors import EngineError, GoalExtractError, shown, time_limit
from goalextract.runner import UsageError

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

# The message of a local batch for an input that killed its worker (batch._isolated).
CRASHED = "the reader crashed on this file (a damaged file that a native library could not handle)"

# Inputs in flight (submitted, or done and waiting for an earlier one) per worker
# thread, and at least: enough to keep every worker busy while the client
# collects, few enough that memory stays flat over any number of inputs.
IN_FLIGHT_PER_THREAD = 2
MIN_IN_FLIGHT = 8
# Bytes sent inline with a task up to this size; larger inputs are scattered to a
# worker first (dask warns about task graphs over 10 MB).
INLINE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class DaskSettings:
    """Where the cluster is and how inputs reach it."""

    scheduler: str | None = None  # tcp://HOST:8786; None: a LocalCluster on this machine
    send_bytes: bool = False  # the client reads every input and sends its bytes


def available() -> bool:
    """Whether the dask extra is installed (without importing it)."""
    return importlib.util.find_spec("distributed") is not None


class DaskEngine:
    """A runner Engine: parses inputs on a dask cluster, yields outcomes in input order."""

    def __init__(self, settings: DaskSettings) -> None:
        if not available():
            raise UsageError("--engine dask needs the dask extra: pip install 'goalextract[dask]'")
        if settings.scheduler is not None:
            _check_address(settings.scheduler)
        self.settings = settings

    def __call__(
        self, inputs: Sequence[InputFile], job: ParseJob, *, jobs: int, stdin: bytes | None
    ) -> Iterator[Outcome]:
        """Outcomes of ``inputs`` in order; ``jobs`` worker processes for a LocalCluster."""
        try:
            with _connect(self.settings, jobs) as client:
                sources = _Sources(job, stdin, send_bytes=self.settings.send_bytes)
                yield from _Window(client, job, sources).run(inputs)
        except EngineError:
            raise
        except Exception as error:  # dask's own machinery failed: one line, not a traceback
            name = self.settings.scheduler or "dask"
            reason = f"the dask run failed ({type(error).__name__}: {error})"
            raise EngineError(reason, path=name) from error


# -- on the client ------------------------------------------------------------------------


def _check_address(address: str) -> None:
    """Refuse an address that names no scheduler before dask tries it (a client
    made with one fails, and then hangs at exit while it closes)."""
    from distributed.comm.addressing import get_address_host_port

    try:
        get_address_host_port(address)
    except ValueError as error:
        raise UsageError(
            f"--scheduler {shown(address)}: not a scheduler address ({error}); "
            "give tcp://HOST:PORT (the scheduler's default port is 8786)"
        ) from None


@contextlib.contextmanager
def _connect(settings: DaskSettings, jobs: int) -> Iterator[Client]:
    """A client of the given scheduler, or of a LocalCluster started (and closed) here."""
    from distributed import Client

    if settings.scheduler is not None:
        try:
            client = Client(settings.scheduler, set_as_default=False)
        except (OSError, ValueError) as error:  # refused, timed out, not an address
            raise EngineError(
                f"cannot connect to the dask scheduler ({error})", path=settings.scheduler
            ) from None
        with client:
            yield client
        return
    try:
        with _interrupts_ignored():
            cluster = _local_cluster(jobs)
    except (OSError, RuntimeError) as error:
        raise EngineError(f"the local cluster could not start ({error})", path="dask") from None
    with cluster, Client(cluster, set_as_default=False) as client:
        yield client


def _local_cluster(jobs: int) -> LocalCluster:
    """``jobs`` worker processes on this machine, one thread each.

    Processes: the parsers are pure Python (the GIL); one thread: the time limit
    and the memory of one input per process, as in a local batch. On 127.0.0.1
    without a dashboard: nothing listens beyond this machine, and no port is
    taken but the scheduler's own (a free one).
    """
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=jobs,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )


@contextlib.contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """SIGINT ignored while the worker processes start, so that they inherit that.

    Ctrl-C goes to every process of the terminal's group: the workers would each
    print a KeyboardInterrupt traceback while this process closes the cluster
    (and then them) in order. Python leaves an ignored SIGINT ignored at start-up.
    """
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass(frozen=True)
class _Task:
    """How one input reaches a worker: where to read it, or its bytes."""

    location: str | None = None  # absolute path on the client
    size: int = -1  # the file's size on the client, to recognise the same file
    data: bytes | None = None  # the bytes, read on the client


class _Sources:
    """Decides, on the client, how each input reaches a worker."""

    def __init__(self, job: ParseJob, stdin: bytes | None, *, send_bytes: bool) -> None:
        self.job, self.stdin, self.send_bytes = job, stdin, send_bytes

    def task(self, item: InputFile) -> _Task | Outcome:
        """The task for ``item``, or its outcome at once when it cannot be read here.

        An input the client cannot read as a regular file (missing, a folder, no
        permission) is "parsed" here: parse_one fails in its first step with the
        very message of a local batch, and no worker is bothered.
        """
        if item.path == "-":
            return _Task(data=self.stdin or b"")
        path = Path(item.path)
        try:
            size = path.stat().st_size if path.is_file() else -1
        except OSError:
            size = -1
        if size < 0:
            return parse_one(item, self.job)
        if self.send_bytes:
            return self.with_bytes(item)
        return _Task(location=str(path.resolve()), size=size)

    def with_bytes(self, item: InputFile) -> _Task | Outcome:
        """The task carrying ``item``'s bytes (read here)."""
        from goalextract.api import load

        try:
            return _Task(data=load(item.path))
        except GoalExtractError:
            return parse_one(item, self.job)  # the local batch's failure, word for word


class _Window:
    """A bounded window of inputs on the cluster; outcomes leave it in input order.

    At most ``limit`` inputs are submitted or done-and-waiting at any time, so
    neither the client nor the scheduler holds more than that, whatever the
    number of inputs. Outcomes are collected as they complete (as_completed) and
    released in order.
    """

    def __init__(self, client: Client, job: ParseJob, sources: _Sources) -> None:
        from distributed import as_completed

        self.client, self.job, self.sources = client, job, sources
        self.completed = as_completed(loop=client.loop)
        self.index: dict[Future, int] = {}
        self.done: dict[int, Outcome] = {}
        self.limit = MIN_IN_FLIGHT
        self.limit_read = 0.0

    def run(self, inputs: Sequence[InputFile]) -> Iterator[Outcome]:
        """Yield the outcome of every input, in order."""
        released = submitted = 0
        try:
            while released < len(inputs):
                while submitted < len(inputs) and submitted - released < self.capacity():
                    self.submit(submitted, inputs[submitted], None)
                    submitted += 1
                while released not in self.done:
                    self.collect(inputs)
                yield self.done.pop(released)
                released += 1
        finally:
            # Closed early (--fail-fast, an interrupt, an output error): what is
            # still on the cluster is not wanted any more.
            if self.index:
                self.client.cancel(list(self.index))

    def capacity(self) -> int:
        """Inputs allowed in flight: per worker thread, re-read every few seconds
        (workers join and leave an adaptive cluster)."""
        now = time.monotonic()
        if now - self.limit_read > 5.0:
            threads = sum(self.client.nthreads().values())
            self.limit = max(IN_FLIGHT_PER_THREAD * threads, MIN_IN_FLIGHT)
            self.limit_read = now
        return self.limit

    def submit(self, number: int, item: InputFile, task: _Task | Outcome | None) -> None:
        """Send input ``number`` to the cluster (or keep its outcome when it needs no worker)."""
        task = task if task is not None else self.sources.task(item)
        if isinstance(task, Outcome):
            self.done[number] = task
            return
        # Only a top-level argument that is a Future is replaced by its value on
        # the worker: the bytes go as one, not inside the _Task.
        data: bytes | Future | None = task.data
        if task.data is not None and len(task.data) > INLINE_BYTES:
            data = self.client.scatter(task.data, hash=False)
        where = _Task(task.location, task.size)
        future = self.client.submit(_parse_on_worker, item, self.job, where, data, pure=False)
        self.index[future] = number
        self.completed.add(future)

    def collect(self, inputs: Sequence[InputFile]) -> None:
        """Wait for the next future to complete and keep its outcome."""
        future = next(self.completed)
        number = self.index.pop(future)
        item = inputs[number]
        outcome = _outcome_of(future, item)
        if outcome is None:
            # The worker does not see this file: send the bytes read here.
            self.submit(number, item, self.sources.with_bytes(item))
            return
        self.done[number] = outcome


def _outcome_of(future: Future, item: InputFile) -> Outcome | None:
    """A completed future's Outcome (None: the worker could not see the file)."""
    from distributed import CancelledError, KilledWorker

    try:
        result: Outcome | None = future.result()
    except KilledWorker:
        # The input killed every worker that tried it (a native crash): as a
        # local batch reports an input that breaks its process pool.
        return Outcome(item, error=CRASHED)
    except CancelledError:
        raise EngineError(
            "the dask scheduler dropped the work (restarted, or the client was cut off)",
            path="dask",
        ) from None
    except Exception as error:  # not parse_one's: a failure of the task around it
        return Outcome(
            item, error=f"internal error on a dask worker ({type(error).__name__}: {error})"
        )
    finally:
        future.release()
    return result


# -- on a worker --------------------------------------------------------------------------


def _parse_on_worker(
    item: InputFile, job: ParseJob, task: _Task, data: bytes | None
) -> Outcome | None:
    """Parse one input on a worker; None when the file is not on this machine."""
    raw = data if data is not None else _read_here(task)
    if raw is None:
        return None
    return _within(job, item, lambda: parse_one(item, job, raw))


def _read_here(task: _Task) -> bytes | None:
    """The file's bytes when this machine has it at the client's path with the same size."""
    assert task.location is not None
    path = Path(task.location)
    try:
        if path.stat().st_size != task.size:
            return None
        return path.read_bytes()
    except OSError:
        return None


class _Deadline(BaseException):
    """The time limit ran out on a worker thread (raised in it asynchronously).

    A BaseException, as batch's SIGALRM timeout is: the readers' ``except
    Exception`` around third-party code must not take it for a damaged file.
    """


# After the first, the exception is raised again this often until the input stops:
# one delivered inside a garbage-collector callback or a __del__ (distributed
# installs gc callbacks) is swallowed there ("Exception ignored in ...").
_REPEAT_SECONDS = 0.25


def _within(job: ParseJob, item: InputFile, work: Callable[[], Outcome]) -> Outcome:
    """``work()``, stopped after ``job.options.timeout`` seconds.

    A local batch stops an input with SIGALRM, which only the main thread gets; a
    dask worker parses on a thread of its own. So a watchdog thread raises an
    exception in that thread instead (PyThreadState_SetAsyncExc): like the signal
    handler it is raised at the next bytecode, so it stops the pure-Python loops
    that hang on damaged files, and like it, it cannot stop a native call in
    progress.
    """
    seconds = job.options.timeout
    if not seconds:
        return work()
    start = time.perf_counter()
    watchdog = _Watchdog(threading.get_ident(), seconds)
    try:
        try:
            return work()
        finally:
            watchdog.stop()
    except _Deadline:
        return Outcome(
            item,
            error=f"{time_limit(seconds)} while reading; the file is very large or damaged",
            seconds=time.perf_counter() - start,
            traceback=traceback.format_exc() if job.debug else None,
        )


class _Watchdog:
    """Raises _Deadline in a thread after ``seconds``, and again until stopped."""

    def __init__(self, target: int, seconds: float) -> None:
        self.target = target
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        thread = threading.Thread(target=self._watch, args=(seconds,), daemon=True)
        thread.start()

    def _watch(self, seconds: float) -> None:
        wait = seconds
        while not self.stopped.wait(wait):
            with self.lock:
                if self.stopped.is_set():
                    return
                _raise_in(self.target, _Deadline)
            wait = _REPEAT_SECONDS

    def stop(self) -> None:
        """No exception from now on; one raised but not yet delivered is withdrawn.

        Under the lock, so the watchdog cannot raise between the two; what it
        raised before is delivered inside the caller's ``try`` or not at all.
        """
        with self.lock:
            self.stopped.set()
            _raise_in(self.target, None)


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in ``thread`` at its next bytecode (None: withdraw a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(exception) if exception else None
    )
