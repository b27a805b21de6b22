"""Run `goalextract parse` over many inputs: plan outputs, parse, write, report.

Printing is delegated to a Reporter (the CLI's draws a rich progress bar and a
summary), so this module has no terminal code and can be driven from Python.
"""

from __future__ import annotations

import csv
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from goalextract.batch import Expansion, InputFile, Outcome, ParseJob, run_batch
from goalextract.errors import GoalExtractError
from goalextract.models import Document
from goalextract.output import atomic_output
from goalextract.writers import (
    EXTENSIONS,
    WriteOptions,
    WriterModule,
    get_writer,
    is_path_only,
    write_file,
)

FAILURE_REPORT = "_failures.csv"
# Output extension for each format in per-input mode.
SUFFIXES = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv", "xlsx": ".xlsx"}


class UsageError(GoalExtractError, ValueError):
    """The options do not fit together (exit code 2)."""


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


@dataclass(frozen=True)
class BatchSettings:
    """How outputs are written."""

    output: Path | None = None
    output_format: str | None = None
    merge: bool = False
    table: str = "indicators"
    lang: str = "en"
    jobs: int = 1
    skip_existing: bool = False
    fail_fast: bool = False
    quiet: bool = False
    summary: bool | None = None
    debug: bool = False
    folders: bool = False  # a folder was among the inputs


def output_format(settings: BatchSettings) -> str:
    """The output format: --format, else -o's extension, else json."""
    if settings.output_format:
        return settings.output_format.lower()
    if settings.output is not None:
        return EXTENSIONS.get(settings.output.suffix.lower(), "json")
    return "json"


def per_input_mode(settings: BatchSettings, inputs: list[InputFile]) -> bool:
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
    settings: BatchSettings,
    reporter: Reporter | None = None,
) -> bool:
    """Parse and write everything; return True when at least one input failed."""
    reporter = reporter or SilentReporter()
    fmt = output_format(settings)
    try:
        writer = get_writer(fmt)
    except GoalExtractError as error:
        raise UsageError(str(error)) from error
    inputs = expansion.inputs
    per_input = per_input_mode(settings, inputs)
    path_only = is_path_only(writer)
    if path_only and (per_input or settings.output is None):
        raise UsageError(f"{fmt} writes one database file: give -o FILE (e.g. -o out.db)")
    if settings.output is None and writer.BINARY and fmt == "xlsx" and sys.stdout.isatty():
        raise UsageError("xlsx output is binary: give -o FILE.xlsx")
    if not inputs:
        raise UsageError(expansion.nothing_found())
    job = replace(job, debug=settings.debug)
    stats = Stats(skipped=dict(expansion.skipped))
    started = time.perf_counter()
    input_paths = {Path(i.path).resolve() for i in inputs if i.path != "-"}
    stdin = sys.stdin.buffer.read() if any(i.path == "-" for i in inputs) else None
    targets: dict[InputFile, Path] = {}
    if per_input:
        assert settings.output is not None
        suffix = SUFFIXES.get(fmt, f".{fmt}")
        for item in inputs:
            targets[item] = settings.output / (item.relative + suffix)
        if settings.skip_existing:
            kept = [i for i in inputs if not targets[i].exists()]
            if len(kept) < len(inputs):
                stats.skipped["output exists"] = len(inputs) - len(kept)
            inputs = kept
    elif settings.output is not None and settings.output.resolve() in input_paths:
        raise UsageError(f"refusing to overwrite the input {settings.output}")
    options = WriteOptions(table=settings.table, lang=settings.lang)
    # Line-based output to a pipe goes out as each document is parsed, so the
    # next tool in the pipe starts at once (order stays the input order).
    streaming = getattr(writer, "STREAMING", False) and settings.output is None and not per_input
    documents: list[Document] = []
    reporter.start(len(inputs))
    for outcome in run_batch(inputs, job, jobs=settings.jobs, stdin=stdin):
        stats.files += 1
        reporter.advance(outcome)
        if outcome.document is None:
            message = outcome.error or "failed"
            stats.failures.append((outcome.input.path, message))
            reporter.failure(outcome.input.path, message, outcome.traceback)
            if settings.fail_fast:
                break
            continue
        stats.add(outcome.document)
        if streaming:
            writer.write([outcome.document], sys.stdout, options)
            sys.stdout.flush()
            continue
        if not per_input:
            documents.append(outcome.document)
            continue
        target = targets[outcome.input]
        if target.resolve() in input_paths:
            message = f"refusing to overwrite the input with its output {target}"
            stats.failures.append((outcome.input.path, message))
            reporter.failure(outcome.input.path, message, None)
            continue
        with atomic_output(target, binary=writer.BINARY) as stream:
            writer.write([outcome.document], stream, options)
    failures = [{"path": path, "error": error} for path, error in stats.failures]
    if per_input:
        assert settings.output is not None
        _failure_report(settings.output, failures)
    elif streaming:
        writer.write([], sys.stdout, WriteOptions(failures=tuple(failures)))
    elif not (settings.fail_fast and failures):
        _write_merged(writer, documents, settings, options, failures, len(expansion.inputs))
    stats.seconds = time.perf_counter() - started
    reporter.finish(stats)
    return bool(stats.failures)


def _write_merged(
    writer: WriterModule,
    documents: list[Document],
    settings: BatchSettings,
    options: WriteOptions,
    failures: list[dict[str, str]],
    total_inputs: int,
) -> None:
    collection = total_inputs > 1 or settings.folders
    if not documents and not collection:
        return  # a single failed input: no output at all, never an empty file
    merged = WriteOptions(
        table=options.table,
        lang=options.lang,
        failures=tuple(failures) if collection else (),
        collection=collection,
    )
    if settings.output is not None:
        write_file(writer, documents, settings.output, merged)
        return
    stream = sys.stdout.buffer if writer.BINARY else sys.stdout
    writer.write(documents, stream, merged)
    stream.flush()


def _failure_report(folder: Path, failures: list[dict[str, str]]) -> None:
    report = folder / FAILURE_REPORT
    if not failures:
        # A report from an earlier run would be misleading now.
        report.unlink(missing_ok=True)
        return
    with atomic_output(report) as stream:
        stream.write("\ufeff")
        out = csv.DictWriter(stream, fieldnames=["path", "error"])
        out.writeheader()
        out.writerows(failures)
