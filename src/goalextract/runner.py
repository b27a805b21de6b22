"""Run `goalextract parse` and `goalextract check` over many inputs.

One loop, :func:`run`, parses the inputs in order (in a process pool when asked),
counts them and hands each document to a :class:`Sink`: parse's sinks write the
outputs, check's keeps the documents for its report. Telling the person running
it is a Reporter's job (the CLI's draws a progress bar and a summary), and output
goes to the :class:`Streams` the caller passes, so this module touches no
terminal and no ``sys.stdout``, and can be driven from Python.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import time
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from goalextract.batch import (
    Expansion,
    InputFile,
    Outcome,
    ParseJob,
    real_path,
    recorded_path,
    run_batch,
    stored_outcome,
)
from goalextract.codes import Severity, severity_of
from goalextract.errors import GoalExtractError, OutputError, shown
from goalextract.output import STANDARD_OUTPUT, atomic_output, writing
from goalextract.writers import (
    EXTENSIONS,
    CsvTable,
    HeaderLang,
    OutputFormat,
    WriteOptions,
    WriterModule,
    get_writer,
    is_path_only,
    write_file,
)

if TYPE_CHECKING:
    from goalextract.models import Document

FAILURE_REPORT = "_failures.csv"
# Output extension for each format in per-input mode.
SUFFIXES = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv", "xlsx": ".xlsx"}


class UsageError(GoalExtractError, ValueError):
    """The options do not fit together (exit code 2)."""


@dataclass(frozen=True)
class Streams:
    """Where a run writes what goes to standard output, and where it reads ``-`` from.

    ``text`` takes the text formats (JSON, JSON Lines), ``binary`` the others (CSV,
    XLSX, SQLite); the CLI passes ``sys.stdout`` and its buffer, so both end up in
    the same place. ``stdin`` is read only when ``-`` is among the inputs.
    """

    text: IO[str]
    binary: IO[bytes]
    stdin: IO[bytes] | None = None

    def for_writer(self, writer: WriterModule) -> IO[Any]:
        """The stream ``writer`` writes to."""
        return self.binary if writer.BINARY else self.text


@dataclass
class Stats:
    """Counts for the end-of-run summary."""

    files: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    projects: int = 0
    department_tables: int = 0
    indicators: int = 0
    warnings: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, document: Document) -> None:
        """Count one parsed document."""
        self.projects += len(document.projects)
        self.department_tables += len(document.department_tables)
        self.indicators += sum(len(p.indicators) for p in document.projects)
        self.indicators += sum(len(t.indicators) for t in document.department_tables)
        self.warnings += len(document.warnings)

    def failure_records(self) -> list[dict[str, str]]:
        """The failures as the writers and the failure report take them."""
        return [{"path": path, "error": error} for path, error in self.failures]


class Reporter(Protocol):
    """What the runner tells the person running it."""

    def start(self, total: int) -> None: ...
    def advance(self, outcome: Outcome) -> None: ...
    def failure(self, path: str, message: str, traceback: str | None) -> None: ...
    def finish(self, stats: Stats) -> None: ...


class SilentReporter:
    """A reporter that says nothing (library use)."""

    def start(self, total: int) -> None:
        """Nothing."""

    def advance(self, outcome: Outcome) -> None:
        """Nothing."""

    def failure(self, path: str, message: str, traceback: str | None) -> None:
        """Nothing."""

    def finish(self, stats: Stats) -> None:
        """Nothing."""


class Engine(Protocol):
    """Parses the inputs somewhere other than :func:`run_batch` (``--engine dask``).

    Called as run_batch is, and like it yields one Outcome per input in input
    order, never raising for a bad input.
    """

    def __call__(
        self, inputs: Sequence[InputFile], job: ParseJob, *, jobs: int, stdin: bytes | None
    ) -> Iterator[Outcome]: ...


@dataclass(frozen=True)
class RunSettings:
    """How the inputs are parsed, by parse and check alike."""

    jobs: int = 1  # worker processes
    fail_fast: bool = False  # stop at the first input that fails
    debug: bool = False  # keep each failure's traceback for the reporter
    engine: Engine | None = None  # None: this machine's process pool (run_batch)


@dataclass(frozen=True)
class OutputSettings:
    """How `parse` writes its outputs."""

    output: Path | None = None  # a file, a folder (one output per input), None: standard output
    output_format: str | None = None  # an OutputFormat; None: from the extension, else json
    merge: bool = False  # one output even when ``output`` is a folder
    table: str = CsvTable.INDICATORS
    lang: str = HeaderLang.EN
    skip_existing: bool = False  # per-input mode: leave inputs whose output exists
    folders: bool = False  # a folder was among the inputs

    def write_options(self) -> WriteOptions:
        """The writers' options for one document at a time."""
        return WriteOptions(table=self.table, lang=self.lang)


class Sink(Protocol):
    """What a run does with the documents it parses."""

    def add(self, item: InputFile, document: Document) -> str | None:
        """Take one document; return why it could not be kept (a failure), else None."""

    def close(self, stats: Stats) -> None:
        """The run is over (``stats`` final but for the time): write what is left."""


def run(
    inputs: Sequence[InputFile],
    job: ParseJob,
    settings: RunSettings,
    sink: Sink,
    *,
    streams: Streams,
    reporter: Reporter,
    stats: Stats,
    stored: Container[tuple[str, str]] = (),
) -> Stats:
    """Parse ``inputs`` in order, hand each document to ``sink``, report and count.

    An input whose (sha256, recorded path) is in ``stored`` is skipped unparsed.
    """
    job = replace(job, debug=settings.debug)
    started = time.perf_counter()
    stdin = _read_stdin(inputs, streams)
    reporter.start(len(inputs))
    try:
        _consume(_outcomes(inputs, job, settings, stdin, stored), settings, sink, stats, reporter)
    except BaseException:
        # A sink writing as it goes (JSON Lines to a file) drops its unfinished output.
        abort = getattr(sink, "abort", None)
        if abort is not None:
            abort()
        raise
    sink.close(stats)
    stats.seconds = time.perf_counter() - started
    reporter.finish(stats)
    return stats


def _consume(
    outcomes: Iterable[Outcome], settings: RunSettings, sink: Sink, stats: Stats, reporter: Reporter
) -> None:
    """Count and report each outcome; hand each document to ``sink``."""
    for outcome in outcomes:
        reporter.advance(outcome)
        if outcome.skipped is not None:
            stats.skipped[outcome.skipped] = stats.skipped.get(outcome.skipped, 0) + 1
            continue
        stats.files += 1
        path = outcome.input.path
        if outcome.document is None:
            _fail(stats, reporter, path, outcome.error or "failed", outcome.traceback)
            if settings.fail_fast:
                break
            continue
        stats.add(outcome.document)
        refused = sink.add(outcome.input, outcome.document)
        if refused is not None:
            _fail(stats, reporter, path, refused, None)


def _outcomes(
    inputs: Sequence[InputFile],
    job: ParseJob,
    settings: RunSettings,
    stdin: bytes | None,
    stored: Container[tuple[str, str]],
) -> Iterator[Outcome]:
    """The inputs' outcomes in input order, from this machine's workers or the engine."""
    if settings.engine is None:
        yield from run_batch(inputs, job, jobs=settings.jobs, stdin=stdin, stored=stored)
        return
    # An engine parses whatever it is given: inputs stored already are skipped here.
    left = []
    for item in inputs:
        skip = stored_outcome(item, stdin if item.path == "-" else None, stored) if stored else None
        if skip is None:
            left.append(item)
        else:
            yield skip
    yield from settings.engine(left, job, jobs=settings.jobs, stdin=stdin)


def _read_stdin(inputs: Sequence[InputFile], streams: Streams) -> bytes | None:
    if not any(item.path == "-" for item in inputs):
        return None
    if streams.stdin is None:
        raise UsageError("standard input (-) is not available here")
    return streams.stdin.read()


def _fail(stats: Stats, reporter: Reporter, path: str, message: str, traceback: str | None) -> None:
    # The failures list goes into outputs: the path as they can hold it.
    stats.failures.append((recorded_path(path), message))
    reporter.failure(path, message, traceback)


# -- parse ------------------------------------------------------------------------------


def output_format(settings: OutputSettings, per_input: bool = False) -> str:
    """The output format: --format, else -o FILE's extension, else json.

    Raises UsageError for an output file whose extension names no format
    (``out.feather``), rather than writing JSON under that name.
    """
    if settings.output_format:
        return settings.output_format.lower()
    out = settings.output
    if out is None or per_input or not out.suffix:
        return "json"
    try:
        return EXTENSIONS[out.suffix.lower()]
    except KeyError:
        formats = ", ".join(OutputFormat)
        raise UsageError(
            f"unknown output extension {out.suffix!r} in -o {shown(str(out))} "
            f"(formats: {formats}); give --format FORMAT"
        ) from None


def per_input_mode(settings: OutputSettings, inputs: list[InputFile]) -> bool:
    """True when every input gets its own output file under the -o folder."""
    out = settings.output
    if out is None or settings.merge:
        return False
    if out.is_dir() or str(out).endswith(("/", "\\")):
        return True
    return out.suffix == "" and not out.exists() and (settings.folders or len(inputs) > 1)


def run_parse(
    expansion: Expansion,
    job: ParseJob,
    settings: RunSettings,
    output: OutputSettings,
    streams: Streams,
    reporter: Reporter | None = None,
) -> bool:
    """Parse and write everything; return True when at least one input failed.

    Raises UsageError, before anything is read, when the options do not fit
    together or there is no input.
    """
    per_input = per_input_mode(output, expansion.inputs)
    fmt = output_format(output, per_input)
    try:
        writer = get_writer(fmt)
    except GoalExtractError as error:
        raise UsageError(str(error)) from error
    _check_destination(fmt, writer, output, per_input, streams)
    if not expansion.inputs:
        raise UsageError(expansion.nothing_found())
    stats = Stats(skipped=dict(expansion.skipped))
    inputs, sink = _parse_sink(fmt, writer, expansion, settings, output, per_input, streams)
    stored: Container[tuple[str, str]] = ()
    if isinstance(sink, _PerInputSink) and output.skip_existing:
        inputs = sink.without_existing(inputs, stats)
    elif isinstance(sink, _DatabaseSink) and output.skip_existing:
        stored = sink.stored()
    run(
        inputs,
        job,
        settings,
        sink,
        streams=streams,
        reporter=reporter or SilentReporter(),
        stats=stats,
        stored=stored,
    )
    return bool(stats.failures)


def _check_destination(
    fmt: str, writer: WriterModule, output: OutputSettings, per_input: bool, streams: Streams
) -> None:
    if is_path_only(writer) and (per_input or output.output is None):
        default = f"{fmt} writes one database file: give -o FILE (e.g. -o out.db)"
        raise UsageError(getattr(writer, "PATH_ONLY_USAGE", default))
    if not per_input and output.output is not None and output.output.is_dir():
        raise UsageError(
            f"-o {shown(str(output.output))} is a folder and --merge writes one file: "
            f"give -o FILE (e.g. -o {shown(str(output.output / 'all'))}.{fmt})"
        )
    if output.output is None and fmt == "xlsx" and streams.binary.isatty():
        raise UsageError("xlsx output is binary: give -o FILE.xlsx")


def _parse_sink(
    fmt: str,
    writer: WriterModule,
    expansion: Expansion,
    settings: RunSettings,
    output: OutputSettings,
    per_input: bool,
    streams: Streams,
) -> tuple[list[InputFile], Sink]:
    inputs = expansion.inputs
    input_paths = {real_path(i.path) for i in inputs if i.path != "-"}
    options = output.write_options()
    if per_input:
        assert output.output is not None
        suffix = SUFFIXES.get(fmt, f".{fmt}")
        return inputs, _PerInputSink(writer, output.output, suffix, input_paths, options)
    if output.output is not None and real_path(str(output.output)) in input_paths:
        raise UsageError(f"refusing to overwrite the input {shown(str(output.output))}")
    collection = len(inputs) > 1 or output.folders
    # A database is added to as documents come (other path-only outputs, such as
    # Parquet, are written whole at the end).
    if fmt == OutputFormat.SQLITE and output.output is not None and not settings.fail_fast:
        return inputs, _DatabaseSink(writer, output.output, options, collection=collection)
    # Line-based output to a pipe goes out as each document is parsed, so the next
    # tool in the pipe starts at once (order stays the input order).
    if getattr(writer, "STREAMING", False) and output.output is None:
        return inputs, _StreamingSink(writer, streams.for_writer(writer), options)
    # ... and to a file too, so that a run over a whole collection never holds
    # its documents in the parent; the file appears (renamed into place) at the end.
    if getattr(writer, "STREAMING", False) and not settings.fail_fast:
        assert output.output is not None
        return inputs, _StreamingFileSink(writer, output.output, options, collection=collection)
    merged = _MergedSink(writer, output.output, streams, options, collection=collection)
    return inputs, merged if not settings.fail_fast else _UnlessFailed(merged)


class _StreamingSink:
    """Each document written at once, the failures after the last (JSON Lines to a pipe)."""

    def __init__(self, writer: WriterModule, stream: IO[Any], options: WriteOptions) -> None:
        self.writer, self.stream, self.options = writer, stream, options

    def add(self, item: InputFile, document: Document) -> str | None:
        with writing(STANDARD_OUTPUT):
            self.writer.write([document], self.stream, self.options)
            self.stream.flush()
        return None

    def close(self, stats: Stats) -> None:
        failures = tuple(stats.failure_records())
        with writing(STANDARD_OUTPUT):
            self.writer.write([], self.stream, WriteOptions(failures=failures))
            self.stream.flush()


class _StreamingFileSink:
    """Each document written to the file's temporary twin at once (JSON Lines).

    The temporary file replaces the target at :meth:`close`, after the failure
    lines, so the output is whole or absent (an interrupted run: :meth:`abort`).
    """

    def __init__(
        self, writer: WriterModule, target: Path, options: WriteOptions, *, collection: bool
    ) -> None:
        self.writer, self.target, self.options = writer, target, options
        self.collection = collection  # several inputs or a folder: failures are recorded
        self.output = contextlib.ExitStack()
        self.stream: IO[Any] | None = None

    def _open(self) -> IO[Any]:
        if self.stream is None:
            self.stream = self.output.enter_context(
                atomic_output(self.target, binary=self.writer.BINARY)
            )
        return self.stream

    def add(self, item: InputFile, document: Document) -> str | None:
        with writing(str(self.target)):
            self.writer.write([document], self._open(), self.options)
        return None

    def close(self, stats: Stats) -> None:
        if self.stream is None and not self.collection:
            return  # a single failed input: no output at all, never an empty file
        failures = tuple(stats.failure_records()) if self.collection else ()
        with self.output, writing(str(self.target)):
            self.writer.write([], self._open(), replace(self.options, failures=failures))

    def abort(self) -> None:
        """The run stopped early: the temporary file goes, the target stays as it was."""
        self.output.__exit__(KeyboardInterrupt, KeyboardInterrupt(), None)


class _MergedSink:
    """All documents in one output, written at the end (a file or standard output)."""

    def __init__(
        self,
        writer: WriterModule,
        target: Path | None,
        streams: Streams,
        options: WriteOptions,
        *,
        collection: bool,  # several inputs or a folder: a batch, even with one document
    ) -> None:
        self.writer, self.target, self.streams = writer, target, streams
        self.options, self.collection = options, collection
        self.documents: list[Document] = []

    def add(self, item: InputFile, document: Document) -> str | None:
        self.documents.append(document)
        return None

    def close(self, stats: Stats) -> None:
        if not self.documents and not self.collection:
            return  # a single failed input: no output at all, never an empty file
        merged = replace(
            self.options,
            failures=tuple(stats.failure_records()) if self.collection else (),
            collection=self.collection,
        )
        if self.target is not None:
            write_file(self.writer, self.documents, self.target, merged)
            return
        stream = self.streams.for_writer(self.writer)
        with writing(STANDARD_OUTPUT):
            self.writer.write(self.documents, stream, merged)
            stream.flush()


class _UnlessFailed:
    """With --fail-fast, a merged output is written only when no input failed."""

    def __init__(self, sink: _MergedSink) -> None:
        self.sink = sink

    def add(self, item: InputFile, document: Document) -> str | None:
        return self.sink.add(item, document)

    def close(self, stats: Stats) -> None:
        if not stats.failures:
            self.sink.close(stats)


class _PerInputSink:
    """One output per input under a folder, mirroring the inputs' tree; a failure report."""

    def __init__(
        self,
        writer: WriterModule,
        folder: Path,
        suffix: str,
        input_paths: set[str],
        options: WriteOptions,
    ) -> None:
        self.writer, self.folder, self.suffix = writer, folder, suffix
        self.input_paths, self.options = input_paths, options

    def target(self, item: InputFile) -> Path:
        """Where ``item``'s output goes."""
        return self.folder / (item.relative + self.suffix)

    def without_existing(self, inputs: list[InputFile], stats: Stats) -> list[InputFile]:
        """``inputs`` less those whose output exists already (counted as skipped)."""
        kept = [item for item in inputs if not self.target(item).exists()]
        if len(kept) < len(inputs):
            stats.skipped["existing output"] = len(inputs) - len(kept)
        return kept

    def add(self, item: InputFile, document: Document) -> str | None:
        target = self.target(item)
        if real_path(str(target)) in self.input_paths:
            return f"refusing to overwrite the input with its output {shown(str(target))}"
        try:
            with atomic_output(target, binary=self.writer.BINARY) as stream:
                self.writer.write([document], stream, self.options)
        except OutputError as error:
            # A name this file system refuses is this input's failure; a full disk
            # or a read-only folder stops the run (every other output would fail).
            if (
                not isinstance(error.__cause__, OSError)
                or error.__cause__.errno not in _NAME_ERRORS
            ):
                raise
            return error.reason
        return None

    def close(self, stats: Stats) -> None:
        report = self.folder / FAILURE_REPORT
        failures = stats.failure_records()
        if not failures:
            # A report from an earlier run would be misleading now.
            report.unlink(missing_ok=True)
            return
        with atomic_output(report) as stream:
            stream.write("\ufeff")
            out = csv.DictWriter(stream, fieldnames=["path", "error"])
            out.writeheader()
            out.writerows(failures)


# errno values that are about one output's name, not about the disk or the folder.
_NAME_ERRORS = frozenset({errno.ENAMETOOLONG, errno.EILSEQ})


class _DatabaseSink:
    """Documents added to a database as they come, committed in groups (SQLite).

    The parent holds at most one group of documents, whatever the number of
    inputs; an interrupted run keeps every group committed so far, each
    document whole or absent, and ``--skip-existing`` resumes it.
    """

    GROUP = 50  # documents per transaction
    SECONDS = 10.0  # or fewer, when they come slowly

    def __init__(
        self, writer: WriterModule, target: Path, options: WriteOptions, *, collection: bool
    ) -> None:
        self.writer, self.target, self.options = writer, target, options
        self.collection = collection  # several inputs or a folder: failures are recorded
        self.documents: list[Document] = []
        self.written = time.monotonic()
        self.wrote = False

    def stored(self) -> Container[tuple[str, str]]:
        """The documents in the database already, by (sha256, path as recorded)."""
        from goalextract.writers.sqlite import stored_documents

        with writing(str(self.target)):
            return _Stored(stored_documents(self.target))

    def add(self, item: InputFile, document: Document) -> str | None:
        self.documents.append(document)
        if len(self.documents) >= self.GROUP or time.monotonic() - self.written > self.SECONDS:
            self._write(self.options)
        return None

    def close(self, stats: Stats) -> None:
        if not (self.documents or self.wrote or self.collection):
            return  # a single failed input: no output at all, as for the other formats
        self._write(replace(self.options, failures=tuple(stats.failure_records())))

    def _write(self, options: WriteOptions) -> None:
        write_file(self.writer, self.documents, self.target, options)
        self.documents = []
        self.written = time.monotonic()
        self.wrote = True


class _Stored:
    """(sha256, path) pairs matched as the database matches documents: by the file,
    whether its path is given relative or absolute."""

    def __init__(self, keys: set[tuple[str, str]]) -> None:
        self.keys = keys

    def __contains__(self, key: object) -> bool:
        from goalextract.writers.sqlite import resolved

        if not (isinstance(key, tuple) and len(key) == 2):
            return False
        sha256, path = key
        return (sha256, resolved(path)) in self.keys or (sha256, path) in self.keys

    def __bool__(self) -> bool:
        return bool(self.keys)


# -- check ------------------------------------------------------------------------------


@dataclass
class CheckReport:
    """What `goalextract check` found: the documents parsed, and how many inputs failed."""

    documents: list[Document] = field(default_factory=list)
    failed_inputs: int = 0

    def fails(self, *, strict: bool = False) -> bool:
        """Whether the gate closes: an input failed, or a finding is an error (or,
        ``strict``, a warning)."""
        gate = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        findings = (w for document in self.documents for w in document.warnings)
        return bool(self.failed_inputs) or any(severity_of(w.code) in gate for w in findings)


class _Collect:
    """Keeps every document (check reports them all at the end)."""

    def __init__(self) -> None:
        self.documents: list[Document] = []

    def add(self, item: InputFile, document: Document) -> str | None:
        self.documents.append(document)
        return None

    def close(self, stats: Stats) -> None:
        """Nothing to write: the caller draws the report."""


def run_check(
    expansion: Expansion,
    job: ParseJob,
    settings: RunSettings,
    streams: Streams,
    reporter: Reporter | None = None,
) -> CheckReport:
    """Parse every input (with the checks of ``job.options.rules``) for a check report.

    Raises UsageError when there is no input.
    """
    if not expansion.inputs:
        raise UsageError(expansion.nothing_found())
    sink = _Collect()
    stats = run(
        expansion.inputs,
        job,
        settings,
        sink,
        streams=streams,
        reporter=reporter or SilentReporter(),
        stats=Stats(skipped=dict(expansion.skipped)),
    )
    return CheckReport(sink.documents, len(stats.failures))
