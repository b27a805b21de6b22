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
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from goalextract.api import ParseOptions
from goalextract.errors import GoalExtractError, time_limit
from goalextract.text import plural

if TYPE_CHECKING:
    from goalextract.models import Document

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


def expand_inputs(arguments: Sequence[str]) -> Expansion:
    """Files as given; folders searched recursively in sorted order.

    Office lock files (``~$x.docx``), hidden files, files with unsupported
    extensions and what is not a regular file (a FIFO, a socket, a device: opening
    one blocks or never ends) inside folders are skipped and counted; they have
    stopped whole batch runs of other tools (DOMAIN.md §9).
    """
    found = Expansion()
    for argument in arguments:
        path = Path(argument)
        if argument == "-" or not path.is_dir():
            found.inputs.append(InputFile(argument, path.name if argument != "-" else "stdin"))
            continue
        for child in sorted(_walk(path, found)):
            found.inputs.append(InputFile(str(child), child.relative_to(path).as_posix()))
    return found


def _walk(folder: Path, found: Expansion) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        # Hidden folders (.git, .venv) are never input folders.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("~$"):
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


def _default_options() -> ParseOptions:
    return ParseOptions(rules=None, timeout=DEFAULT_TIMEOUT)


@dataclass(frozen=True)
class ParseJob:
    """What every worker needs to parse one input.

    ``options.timeout`` bounds the whole input (a SIGALRM in the worker), and the
    slow readers with it; None: no limit of its own.
    """

    options: ParseOptions = field(default_factory=_default_options)
    debug: bool = False  # keep the traceback of a failure


@dataclass
class Outcome:
    """The result of one input: a document or an error message."""

    input: InputFile
    document: Document | None = None
    error: str | None = None
    seconds: float = 0.0
    traceback: str | None = None


class _Timeout(BaseException):
    """The per-input time limit ran out (raised by SIGALRM wherever the worker was).

    A BaseException, as KeyboardInterrupt is: the readers' ``except Exception``
    around third-party code would otherwise report it as a damaged file
    ("damaged .xlsx file (_Timeout …)", "page 345 cannot be read (damaged?)").
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"{time_limit(seconds)} while reading; the file is very large or damaged")


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    # SIGALRM interrupts pure-Python loops (pdfminer on a damaged PDF) so one
    # bad file cannot hang a batch. Only on Unix and in the main thread.
    usable = seconds and hasattr(signal, "SIGALRM")

    def alarm(_signum: int, _frame: FrameType | None) -> None:
        raise _Timeout(seconds or 0)

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


def parse_one(item: InputFile, job: ParseJob, data: bytes | None = None) -> Outcome:
    """Parse one input; never raises for a bad input (the error is in the Outcome)."""
    from goalextract.api import load, parse_bytes

    start = time.perf_counter()
    try:
        with _time_limit(job.options.timeout):
            raw = data if data is not None else load(item.path, job.options.limits)
            document = parse_bytes(raw, item.path, job.options)
        return Outcome(item, document=document, seconds=time.perf_counter() - start)
    except _Timeout as error:
        message, trace = str(error), _trace(job)
    except GoalExtractError as error:
        # The outcome names the input already: its message is the reason alone.
        message, trace = error.detail(item.path), _trace(job)
    except RecursionError:
        message, trace = "structure too deeply nested to read", _trace(job)
    except MemoryError:
        message, trace = "out of memory while reading this file", _trace(job)
    except Exception as error:  # a bug or an unforeseen library failure: still one line
        message = f"internal error ({type(error).__name__}: {error}); rerun with --debug"
        trace = _trace(job)
    return Outcome(item, error=message, seconds=time.perf_counter() - start, traceback=trace)


def _trace(job: ParseJob) -> str | None:
    # Called inside the except block, while the exception is current.
    return traceback.format_exc() if job.debug else None


def _worker(args: tuple[InputFile, ParseJob]) -> Outcome:
    return parse_one(*args)


def run_batch(
    inputs: Sequence[InputFile],
    job: ParseJob,
    *,
    jobs: int = 1,
    stdin: bytes | None = None,
) -> Iterator[Outcome]:
    """Parse inputs, yielding outcomes in input order whatever the number of workers.

    With ``jobs > 1`` a process pool parses; only this (parent) process sees the
    outcomes, so only the caller writes outputs.
    """
    if jobs <= 1 or len(inputs) <= 1 or any(item.path == "-" for item in inputs):
        for item in inputs:
            yield parse_one(item, job, stdin if item.path == "-" else None)
        return
    pending = list(inputs)
    while pending:
        done = yield from _pooled(pending, job, min(jobs, len(pending)))
        pending = pending[done:]
        if pending:
            # A worker died (a native library crashing on a damaged file) and
            # took the pool with it. Run the first input left on its own: if it
            # kills its worker too, it is the culprit; then go on with a pool.
            yield _isolated(pending[0], job)
            pending = pending[1:]


def _pooled(items: list[InputFile], job: ParseJob, workers: int) -> Generator[Outcome, None, int]:
    """Yield outcomes in order until the pool breaks; return how many were yielded."""
    # The pool is imported only when used: a single input never starts one.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_worker, (item, job)) for item in items]
        try:
            for future in futures:
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    return done
                yield outcome
                done += 1
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return done


def _isolated(item: InputFile, job: ParseJob) -> Outcome:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(_worker, (item, job)).result()
        except BrokenProcessPool:
            return Outcome(
                item,
                error="the reader crashed on this file (a damaged file that a native "
                "library could not handle)",
            )
