"""Forked worker processes, each task under a deadline enforced from outside.

A time limit inside the process doing the work (SIGALRM) fails where
third-party code loops again in a ``finally`` after the alarm has fired, or in C
code that never returns to the interpreter. Here the parent watches the clock: a
worker still busy past its task's deadline is killed with its process group (a
LibreOffice it started goes too), its task reported as over time, and a fresh
worker takes its place. A worker that dies by itself (a native library crashing)
costs only its own task. Each worker's address space is capped (RLIMIT_AS), so
a runaway input fails with MemoryError in its worker instead of taking the
machine's memory.

Workers are forked, so the function they run and everything it reads (the list
of inputs, standard input already read) are theirs without pickling: only task
numbers go to a worker, and pickled results come back in frames on a pipe.
Not multiprocessing: killing one worker of a ProcessPoolExecutor breaks the
whole pool, and importing multiprocessing costs start-up for a single file.

POSIX only (``os.fork``); elsewhere :func:`ordered_map` runs the tasks in this
process, unbounded but for the caller's own limits.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import os
import pickle
import select
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, NoReturn, TypeVar

R = TypeVar("R")

# A worker gets its next task while it works on the current one, so that it
# never waits for the parent between two inputs.
_PREFETCH = 2
_HEADER = 9  # a result frame: 8 bytes of length, 1 byte of flags
_RETIRE = 1  # flag: the worker asks to be replaced (it has grown too big)
_READ_SIZE = 1 << 20


# Plain dataclasses, not frozen ones: each frozen class costs about a millisecond
# to create, and this module is imported by every bounded single-file run.


@dataclass
class Limits:
    """The bounds on each task and each worker."""

    timeout: float | None = None  # seconds per task; None: no limit
    grace: float = 1.0  # seconds past ``timeout`` before the worker is killed
    # Bytes of address space a worker may map beyond what it has when it starts
    # (RLIMIT_AS); None: no limit.
    memory: int | None = None
    tasks_per_worker: int | None = None  # a worker is replaced after this many tasks
    # A worker whose resident memory stays above this after a task is replaced:
    # a heap grown for one huge input would otherwise stay that big.
    recycle_rss: int | None = None


@dataclass
class Returned(Generic[R]):
    """The task's function returned ``value``."""

    value: R


@dataclass
class Raised:
    """The task's function raised ``error``; ``trace`` is its traceback, as text."""

    error: BaseException
    trace: str


@dataclass
class OverTime:
    """The worker was killed: the task ran past its time limit of ``seconds``."""

    seconds: float


@dataclass
class Died:
    """The worker died during the task; ``how`` is its exit status in words."""

    how: str


Result = Returned[R] | Raised | OverTime | Died


def available() -> bool:
    """Whether tasks can run in forked, bounded workers here."""
    return hasattr(os, "fork")


def ordered_map(
    function: Callable[[int], R], count: int, *, workers: int, limits: Limits
) -> Generator[Result[R], None, None]:
    """``function(i)`` for i in 0..count-1, in worker processes, yielded in order.

    At most a window of results (a few per worker) waits for an earlier one, so
    memory does not grow with ``count``. Closing the iterator early kills the
    workers.
    """
    if not available():
        for index in range(count):
            yield _call(function, index)
        return
    pool = _Pool(function, limits, workers)
    finished = False
    try:
        yield from pool.run(count)
        finished = True
    finally:
        pool.stop(kill=not finished)


def _call(
    function: Callable[[int], R], index: int, catch: type[BaseException] = Exception
) -> Result[R]:
    try:
        return Returned(function(index))
    except catch as error:
        return Raised(error, traceback.format_exc())


# -- the parent's side -------------------------------------------------------------------


@dataclass
class _Worker:
    pid: int
    tasks: int  # write end of its task pipe
    results: int  # read end of its result pipe (non-blocking)
    queue: deque[int] = field(default_factory=deque)  # tasks sent, in order
    started: float = 0.0  # when the parent saw it start the task at the head of the queue
    sent: int = 0
    retiring: bool = False
    buffer: bytearray = field(default_factory=bytearray)

    def fds(self) -> tuple[int, int]:
        """Its pipes' ends held by the parent."""
        return self.tasks, self.results


class _Pool(Generic[R]):
    def __init__(self, function: Callable[[int], R], limits: Limits, workers: int) -> None:
        self.function, self.limits, self.size = function, limits, max(1, workers)
        self.active: list[_Worker] = []
        self.pending: list[int] = []  # a heap: the lowest task number goes first
        self.done: dict[int, Result[R]] = {}
        self.window = 0

    def run(self, count: int) -> Iterator[Result[R]]:
        self.pending = list(range(count))
        # Results waiting for an earlier one are held here; bound how many.
        self.window = max(8, 4 * self.size)
        following = 0
        while following < count:
            if following in self.done:
                if not self.pending:
                    self._dispatch(limit=count)  # lets idle workers go first
                yield self.done.pop(following)
                following += 1
                continue
            self._dispatch(limit=following + self.window)
            self._collect()

    # Sending tasks.

    def _ready(self, limit: int) -> bool:
        return bool(self.pending) and self.pending[0] < limit

    def _dispatch(self, limit: int) -> None:
        # Workers that take no more tasks leave once idle, and so do all idle ones
        # when no task is left: a worker still alive while this process goes on
        # costs both of them page copies (the pages they share are copy-on-write).
        # Then every worker busy, then new workers, then one task ahead each.
        for worker in [w for w in self.active if not w.queue]:
            if not self.pending or not self._takes(worker):
                self._release(worker)
        for worker in self.active:
            if not worker.queue and self._ready(limit):
                self._send(worker)
        while len(self.active) < self.size and self._ready(limit):
            self._send(self._start())
        for worker in self.active:
            while len(worker.queue) < _PREFETCH and self._ready(limit) and self._takes(worker):
                self._send(worker)

    def _takes(self, worker: _Worker) -> bool:
        """Whether ``worker`` may be given another task."""
        most = self.limits.tasks_per_worker
        return not worker.retiring and (most is None or worker.sent < most)

    def _send(self, worker: _Worker) -> None:
        index = heapq.heappop(self.pending)
        if not worker.queue:
            worker.started = time.monotonic()
        worker.queue.append(index)
        worker.sent += 1
        # A worker that has just died: the end of its result pipe tells, and its
        # queue (this task included) is dealt with then.
        with contextlib.suppress(BrokenPipeError):
            os.write(worker.tasks, index.to_bytes(8, "big"))

    def _start(self) -> _Worker:
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        # The objects alive now are left out of the worker's garbage collections,
        # which would otherwise write to (and so copy) nearly every page it shares
        # with this process: fewer page faults, less memory per worker.
        frozen = gc.get_freeze_count() > 0  # by the caller, for reasons of its own
        if not frozen:
            gc.freeze()
        pid = os.fork()
        if pid != 0 and not frozen:
            gc.unfreeze()
        if pid == 0:  # the worker
            os.close(task_write)
            os.close(result_read)
            for other in self.active:  # the other workers' pipes are not its own
                for fd in other.fds():
                    os.close(fd)
            _serve(self.function, task_read, result_write, self.limits)
        os.close(task_read)
        os.close(result_write)
        with contextlib.suppress(OSError):  # the worker may have done it already
            os.setpgid(pid, pid)
        os.set_blocking(result_read, False)
        worker = _Worker(pid, task_write, result_read)
        self.active.append(worker)
        return worker

    # Receiving results, enforcing deadlines.

    def _collect(self) -> None:
        readable, _, _ = select.select([w.results for w in self.active], [], [], self._wait())
        for worker in [w for w in self.active if w.results in readable]:
            self._receive(worker)
        if self.limits.timeout is not None:
            now = time.monotonic()
            for worker in [w for w in self.active if w.queue and self._due(w) <= now]:
                self._kill(worker)
                self._finish(worker, OverTime(self.limits.timeout))

    def _due(self, worker: _Worker) -> float:
        assert self.limits.timeout is not None
        return worker.started + self.limits.timeout + self.limits.grace

    def _wait(self) -> float | None:
        """Seconds until the first deadline (None: none to watch)."""
        if self.limits.timeout is None:
            return None
        dues = [self._due(w) for w in self.active if w.queue]
        return max(0.0, min(dues) - time.monotonic()) if dues else None

    def _receive(self, worker: _Worker) -> None:
        try:
            chunk = os.read(worker.results, _READ_SIZE)
        except BlockingIOError:
            return
        if not chunk:  # the worker has gone (it only leaves on its own when released)
            self._finish(worker, Died(_status(_reap(worker.pid))))
            return
        worker.buffer += chunk
        while len(worker.buffer) >= _HEADER:
            size = int.from_bytes(worker.buffer[:8], "big")
            if len(worker.buffer) < _HEADER + size:
                break
            flags = worker.buffer[8]
            payload = bytes(worker.buffer[_HEADER : _HEADER + size])
            del worker.buffer[: _HEADER + size]
            self.done[worker.queue.popleft()] = _loads(payload)
            worker.started = time.monotonic()
            worker.retiring = worker.retiring or bool(flags & _RETIRE)

    def _finish(self, worker: _Worker, result: Result[R]) -> None:
        """``worker`` is gone: its current task gets ``result``, the others go back."""
        if worker.queue:
            self.done[worker.queue.popleft()] = result
        for index in worker.queue:
            heapq.heappush(self.pending, index)
        self._close(worker)

    def _release(self, worker: _Worker) -> None:
        """Let an idle worker go: end of its task pipe, then it exits."""
        self._close(worker)
        _reap(worker.pid)

    def _kill(self, worker: _Worker) -> None:
        _kill_group(worker.pid)
        _reap(worker.pid)

    def _close(self, worker: _Worker) -> None:
        self.active.remove(worker)
        for fd in worker.fds():
            os.close(fd)

    def stop(self, *, kill: bool) -> None:
        """End every worker: at once (``kill``), or let idle ones exit."""
        for worker in list(self.active):
            if kill:
                _kill_group(worker.pid)
            self._close(worker)
            _reap(worker.pid)


def _kill_group(pid: int) -> None:
    # The worker leads its own process group: what it started goes with it.
    for kill, target in ((os.killpg, pid), (os.kill, pid)):
        try:
            kill(target, signal.SIGKILL)
            return
        except ProcessLookupError:
            continue
        except PermissionError:
            return


def _reap(pid: int) -> int:
    """Wait for ``pid`` to end; return its wait status."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            return f"killed by {signal.Signals(number).name}"
        except ValueError:
            return f"killed by signal {number}"
    return f"exit code {os.WEXITSTATUS(status)}"


def _loads(payload: bytes) -> Result[R]:
    try:
        result: Result[R] = pickle.loads(payload)
    except Exception as error:  # an exception type that does not unpickle
        return Raised(RuntimeError(f"a result that cannot be read back: {error}"), "")
    return result


# -- the worker's side -------------------------------------------------------------------


def _serve(function: Callable[[int], R], tasks: int, results: int, limits: Limits) -> NoReturn:
    """The worker's life: run tasks as they come until the task pipe ends."""
    code = 0
    try:
        # Ctrl-C reaches the whole foreground process group: the parent decides
        # what it ends. A group of its own, so that a kill takes its children too.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.setpgid(0, 0)
        # A worker says nothing: its results are its report. Fresh streams, too,
        # because a thread of the parent (a progress bar) may have held the old
        # ones' locks at the fork, and a library's warning would wait forever.
        sys.stdout = sys.stderr = Path(os.devnull).open("w")  # noqa: SIM115
        if "faulthandler" in sys.modules:  # a crash is reported as one line, by the parent
            sys.modules["faulthandler"].disable()
        _limit_memory(limits.memory)
        while (index := _next_task(tasks)) is not None:
            # Whatever the task raises goes back as its result, the time limit's
            # BaseException included.
            payload = _dumps(_call(function, index, BaseException))
            flags = _RETIRE if _too_big(limits.recycle_rss) else 0
            _write_all(results, len(payload).to_bytes(8, "big") + bytes([flags]) + payload)
    except BaseException:
        code = 70
    finally:
        # Never return into the parent's code (its finally blocks, its atexit
        # handlers, its buffered output would run twice).
        os._exit(code)


def _limit_memory(limit: int | None) -> None:
    """Allow this process ``limit`` bytes of address space beyond what it has mapped.

    On top of, not including, what it inherited: a parent with large mappings
    of its own (pyarrow reserves gigabytes it never touches) would otherwise
    leave a worker no room to load even a shared library.
    """
    if limit is None:
        return
    import resource

    limit += _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or limit < soft:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int:
    """This process's mapped address space in bytes (0 where /proc does not tell)."""
    try:
        pages = int(Path("/proc/self/statm").read_bytes().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _next_task(fd: int) -> int | None:
    raw = b""
    while len(raw) < 8:
        chunk = os.read(fd, 8 - len(raw))
        if not chunk:
            return None
        raw += chunk
    return int.from_bytes(raw, "big")


def _dumps(result: Result[R]) -> bytes:
    try:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # a result or an exception that does not pickle
        text = f"{type(error).__name__}: {error}"
        if isinstance(result, Raised):
            text = f"{type(result.error).__name__}: {result.error}"
        return pickle.dumps(Raised(RuntimeError(text), getattr(result, "trace", "")))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _too_big(limit: int | None) -> bool:
    """Whether this process's resident memory is above ``limit`` bytes (Linux)."""
    if limit is None:
        return False
    try:
        resident = int(Path("/proc/self/statm").read_bytes().split()[1])
    except (OSError, ValueError, IndexError):
        return False
    return resident * os.sysconf("SC_PAGE_SIZE") > limit
