"""Batch work: expand folders into inputs, parse them (optionally in a process pool).

No printing here: progress is reported through a callback so the CLI can draw a
progress bar and a Python caller can do what it likes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import time
import traceback
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

from goalextract.api import ParseOptions
from goalextract.errors import GoalExtractError, time_limit
from goalextract.text import plural

if TYPE_CHECKING:
    from goalextract.models import Document
    from goalextract.pool import Limits, Result

# Extensions picked up when a folder is searched; files named explicitly are
# always tried (their format is detected from content).
SUPPORTED_EXTENSIONS = frozenset(
    {".txt", ".doc", ".docx", ".wps", ".pdf", ".xls", ".xlsx", ".et", ".html", ".htm", ".xml"}
)


@dataclass(frozen=True)
class InputFile:
    """One input: the path to read and its path relative to the folder it was found in."""

    path: str  # as given / found; "-" for stdin
    relative: str  # for mirroring the folder tree in per-input outputs


@dataclass
class Expansion:
    """Inputs found, and what was skipped while searching folders."""

    inputs: list[InputFile] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason (a noun) → count

    def skip(self, reason: str) -> None:
        """Count a skipped file."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def nothing_found(self) -> str:
        """The message for an expansion without inputs."""
        if not self.skipped:
            return "no input files found"
        detail = ", ".join(plural(n, reason) for reason, n in sorted(self.skipped.items()))
        return f"no input files found (skipped: {detail})"


def expand_inputs(arguments: Sequence[str], *, outputs: Sequence[Path] = ()) -> Expansion:
    """Files as given; folders searched recursively in sorted order.

    Office lock files (``~$x.docx``), hidden files, files with unsupported
    extensions and what is not a regular file (a FIFO, a socket, a device: opening
    one blocks or never ends) inside folders are skipped and counted; they have
    stopped whole batch runs of other tools (DOMAIN.md §9). So are ``outputs``
    (this run's output file or folder) where they lie inside an input folder: a
    second run must not parse the first one's xlsx output as an input.
    """
    found = Expansion()
    excluded = frozenset(real_path(str(output)) for output in outputs)
    for argument in arguments:
        path = Path(argument)
        if argument == "-" or not path.is_dir():
            found.inputs.append(InputFile(argument, path.name if argument != "-" else "stdin"))
            continue
        for child in sorted(_walk(path, found, excluded)):
            found.inputs.append(InputFile(str(child), child.relative_to(path).as_posix()))
    return found


def real_path(path: str) -> str:
    """``path`` with symbolic links resolved, for comparing two paths.

    Never raises: ``Path.resolve()`` does on a symbolic link loop, which stopped
    a whole batch before anything was parsed; a loop is left as it is here (and
    reading it reports the loop).
    """
    return os.path.realpath(path)


def _walk(folder: Path, found: Expansion, excluded: frozenset[str]) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        # Hidden folders (.git, .venv) are never input folders.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if real_path(str(Path(root, d))) in excluded]:
            dirs.remove(name)
            found.skip("output folder")
        for name in files:
            if real_path(str(Path(root, name))) in excluded:
                found.skip("output file")
            elif name.startswith("~$"):
                found.skip("office lock file")
            elif name.startswith("."):
                found.skip("hidden file")
            elif Path(name).suffix.lower() not in SUPPORTED_EXTENSIONS:
                found.skip("unsupported extension")
            elif not _regular(Path(root) / name):
                found.skip("special file")
            else:
                yield Path(root) / name


def _regular(path: Path) -> bool:
    """Whether ``path`` is a regular file (through symbolic links), without opening it.

    A path that cannot be looked at (a dangling link) counts as regular: reading
    it reports why it fails.
    """
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True


# Seconds allowed per input unless the caller says otherwise (parse's --timeout).
DEFAULT_TIMEOUT = 300.0
# Address space each worker may map beyond what it has when forked, in MiB
# (--max-memory): a runaway input fails with a memory-limit line instead of
# taking the machine's memory. A 200-page publication needs a few hundred MiB;
# the libraries a worker loads (pdfplumber, pdfium) count too.
DEFAULT_MEMORY_MB = 1024
# Seconds a worker may run past the time limit (after its own alarm should have
# ended the input) before it is killed from outside.
GRACE = 1.0
# A worker is replaced after this many inputs, or after an input that left it
# holding more than this much memory: its heap would otherwise stay that big.
TASKS_PER_WORKER = 500
RECYCLE_RSS = 256 << 20


def _default_options() -> ParseOptions:
    return ParseOptions(rules=None, timeout=DEFAULT_TIMEOUT)


@dataclass(frozen=True)
class ParseJob:
    """What every worker needs to parse one input.

    ``options.timeout`` bounds each input: an alarm in the process parsing it,
    and the parent kills that worker when it overruns anyway. ``memory_mb`` caps
    each worker's address space. None: no limit of its own.
    """

    options: ParseOptions = field(default_factory=_default_options)
    debug: bool = False  # keep the traceback of a failure
    memory_mb: int | None = DEFAULT_MEMORY_MB

    def limits(self) -> Limits:
        """The bounds of the worker processes that run this job."""
        from goalextract.pool import Limits

        memory = self.memory_mb << 20 if self.memory_mb else None
        return Limits(
            timeout=self.options.timeout or None,
            grace=GRACE,
            memory=memory,
            tasks_per_worker=TASKS_PER_WORKER,
            recycle_rss=RECYCLE_RSS,
        )

    def isolated(self) -> bool:
        """Whether inputs are parsed in bounded worker processes (not in this one).

        Where there is no ``os.fork`` (goalextract.pool.available, not imported
        here: an unbounded run never needs the pool) only the alarm is left.
        """
        return bool(self.options.timeout or self.memory_mb) and hasattr(os, "fork")


@dataclass
class Outcome:
    """The result of one input: a document, an error message, or a reason to skip it."""

    input: InputFile
    document: Document | None = None
    error: str | None = None
    seconds: float = 0.0
    traceback: str | None = None
    skipped: str | None = None  # why it was not parsed (a noun: "stored document")


class TimeLimitReached(GoalExtractError):
    """An input ran past ``--timeout``; the work on it was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"{time_limit(seconds)} while reading; the file is very large or damaged")


class MemoryLimitReached(GoalExtractError):
    """An input needed more memory than ``--max-memory`` allows."""

    def __init__(self, megabytes: int | None) -> None:
        reason = "out of memory while reading this file"
        if megabytes:
            reason = f"memory limit of {megabytes} MB reached (--max-memory) while reading"
        super().__init__(reason)


class WorkerDied(GoalExtractError):
    """The process reading an input died (a native library crashed)."""

    def __init__(self, how: str) -> None:
        super().__init__(
            f"the reader crashed on this file ({how}): a damaged file that a native "
            "library could not handle, or memory running out"
        )


class _Timeout(BaseException):
    """The per-input time limit ran out (raised by SIGALRM wherever the worker was).

    A BaseException, as KeyboardInterrupt is: the readers' ``except Exception``
    around third-party code would otherwise report it as a damaged file
    ("damaged .xlsx file (_Timeout …)", "page 345 cannot be read (damaged?)").
    """


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    # SIGALRM interrupts pure-Python loops (pdfminer on a damaged PDF): the
    # worker gives the input up itself and goes on. Only on Unix and in the main
    # thread; what it cannot stop, the parent does (goalextract.pool).
    usable = seconds and hasattr(signal, "SIGALRM")

    def alarm(_signum: int, _frame: FrameType | None) -> None:
        raise _Timeout

    if usable:
        try:
            previous = signal.signal(signal.SIGALRM, alarm)
        except ValueError:  # not the main thread
            usable = False
    if not usable:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def recorded_path(path: str) -> str:
    """``path`` as outputs record it (``source.path``, the failures).

    A file name that is not valid UTF-8 reaches Python with its bad bytes as lone
    surrogates, which no UTF-8 output can hold (every writer raised
    UnicodeEncodeError and the batch lost its other outputs): those bytes are
    written as ``\\xNN`` escapes instead. Other names are unchanged.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def parse_one(item: InputFile, job: ParseJob, data: bytes | None = None) -> Outcome:
    """Parse one input; never raises for a bad input (the error is in the Outcome).

    The pure function of a batch: an input and a job in, an Outcome out, in
    whichever process runs it. ``data`` is the input's bytes when they are at
    hand already (standard input); otherwise the file is read here.
    """
    from goalextract.api import load, parse_bytes

    start = time.perf_counter()
    try:
        with _time_limit(job.options.timeout):
            raw = data if data is not None else load(item.path)
            document = parse_bytes(raw, recorded_path(item.path), job.options)
        return Outcome(item, document=document, seconds=time.perf_counter() - start)
    except (_Timeout, Exception) as caught:
        error = _as_error(caught, job)
        trace = traceback.format_exc() if job.debug else None
    # The outcome names the input already: the message is the reason alone.
    about_it = error.path in (None, item.path, recorded_path(item.path))
    return Outcome(
        item,
        error=error.reason if about_it else str(error),
        seconds=time.perf_counter() - start,
        traceback=trace,
    )


def _as_error(caught: BaseException, job: ParseJob) -> GoalExtractError:
    """What went wrong with an input, as the error its Outcome reports."""
    if isinstance(caught, GoalExtractError):
        return caught
    if isinstance(caught, _Timeout):
        return TimeLimitReached(job.options.timeout or 0)
    if isinstance(caught, RecursionError):
        return GoalExtractError("structure too deeply nested to read")
    if isinstance(caught, MemoryError):
        return MemoryLimitReached(job.memory_mb)
    # A bug or an unforeseen library failure: still one line.
    return GoalExtractError(
        f"internal error ({type(caught).__name__}: {caught}); rerun with --debug"
    )


def run_batch(
    inputs: Sequence[InputFile],
    job: ParseJob,
    *,
    jobs: int = 1,
    stdin: bytes | None = None,
    stored: Container[tuple[str, str]] = (),
) -> Iterator[Outcome]:
    """Parse inputs, yielding outcomes in input order whatever the number of workers.

    With a time or memory limit (and ``os.fork``), inputs are parsed in worker
    processes (``jobs`` of them) that read the files themselves; a worker past
    an input's deadline is killed and replaced, and the input reported. Only
    this (parent) process sees the outcomes, so only the caller writes outputs.
    An input whose (sha256, recorded path) is in ``stored`` is skipped unparsed.
    """

    def task(index: int) -> Outcome:
        item = inputs[index]
        data = stdin if item.path == "-" else None
        if stored:
            data, outcome = _unless_stored(item, data, stored)
            if outcome is not None:
                return outcome
        return parse_one(item, job, data)

    if not job.isolated():
        for index in range(len(inputs)):
            yield task(index)
        return
    # Imported here once, so that every forked worker has them (and shares
    # their memory), and so that this process can read the Documents the
    # workers send back.
    import goalextract.checks
    import goalextract.models
    import goalextract.parser  # noqa: F401
    from goalextract.pool import ordered_map

    workers = max(1, min(jobs, len(inputs)))
    results = ordered_map(task, len(inputs), workers=workers, limits=job.limits())
    for item, result in zip(inputs, results, strict=True):
        yield _outcome(item, result, job)


def stored_outcome(
    item: InputFile, data: bytes | None, stored: Container[tuple[str, str]]
) -> Outcome | None:
    """The Outcome that skips ``item`` when its document is in ``stored``, else None."""
    return _unless_stored(item, data, stored)[1]


def _unless_stored(
    item: InputFile, data: bytes | None, stored: Container[tuple[str, str]]
) -> tuple[bytes | None, Outcome | None]:
    """The input's bytes, or an Outcome that skips it: its document is stored already."""
    import hashlib

    from goalextract.api import load

    try:
        raw = data if data is not None else load(item.path)
    except GoalExtractError:
        return data, None  # parse_one reports it
    key = (hashlib.sha256(raw).hexdigest(), recorded_path(item.path))
    return raw, Outcome(item, skipped="stored document") if key in stored else None


def _outcome(item: InputFile, result: Result[Outcome], job: ParseJob) -> Outcome:
    """A worker's result as the input's Outcome."""
    from goalextract.pool import Died, OverTime, Raised, Returned

    if isinstance(result, Returned):
        return result.value
    error: GoalExtractError
    seconds = 0.0
    if isinstance(result, OverTime):
        error, seconds = TimeLimitReached(result.seconds), result.seconds
    elif isinstance(result, Died):
        error = WorkerDied(result.how)
    else:
        assert isinstance(result, Raised)
        error = GoalExtractError(f"internal error ({result.error}); rerun with --debug")
    trace = result.trace if isinstance(result, Raised) and job.debug else None
    return Outcome(item, error=error.reason, seconds=seconds, traceback=trace)


T = TypeVar("T")


def call_bounded(function: Callable[[], T], job: ParseJob) -> T:
    """``function()`` under the job's time and memory limits, in a worker process.

    For the single-input commands (cells, show): their result or their error
    as if called here, or TimeLimitReached, MemoryLimitReached, WorkerDied.
    """
    seconds = job.options.timeout or None

    def task(_index: int) -> T:
        try:
            with _time_limit(seconds):
                return function()
        except _Timeout:
            raise TimeLimitReached(seconds or 0) from None
        except MemoryError:
            raise MemoryLimitReached(job.memory_mb) from None

    if not job.isolated():
        return task(0)
    from goalextract.pool import Died, OverTime, Raised, Returned, ordered_map

    result = next(ordered_map(task, 1, workers=1, limits=job.limits()))
    if isinstance(result, Returned):
        return result.value
    if isinstance(result, OverTime):
        raise TimeLimitReached(result.seconds)
    if isinstance(result, Died):
        raise WorkerDied(result.how)
    assert isinstance(result, Raised)
    # The traceback from the worker, for --debug, as concurrent.futures shows it.
    raise result.error from _RemoteTraceback(result.trace)


class _RemoteTraceback(Exception):
    def __init__(self, trace: str) -> None:
        super().__init__(trace)
        self.trace = trace

    def __str__(self) -> str:
        return f'\n"""\n{self.trace}"""'
