"""Command-line interface: a thin shell over the library (only module that imports typer/rich)."""

from __future__ import annotations

import gc
import io
import json
import os
import sys
import traceback
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from goalextract import __version__
from goalextract.api import InputFormat
from goalextract.codes import RuleSet, StrEnum
from goalextract.stages import Stage
from goalextract.writers import CsvTable, HeaderLang, OutputFormat

if TYPE_CHECKING:
    from goalextract.api import ParseOptions
    from goalextract.batch import ParseJob
    from goalextract.compare import Comparison
    from goalextract.limits import Limits
    from goalextract.runner import Engine, Streams

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Group(TyperGroup):
    """The command group; a closed standard output ends a command quietly, an
    output that cannot be written with one line.

    `goalextract parse … | head` closes the pipe early: like other Unix tools,
    stop writing and exit 0 without a message. This has to happen here, around
    the command, because typer's own main turns EPIPE into exit 1 before
    :func:`main` could see it.
    """

    def invoke(self, *args: Any, **kwargs: Any) -> Any:  # (ctx); typer vendors its Context type
        try:
            return super().invoke(*args, **kwargs)
        except BrokenPipeError:
            _discard_stdout()
            raise typer.Exit(EXIT_OK) from None
        except OSError as error:
            # An output that cannot be written (OutputError, raised by the one place
            # that writes outputs: goalextract.output): one line, exit 1.
            from goalextract.errors import OutputError
            from goalextract.output import STANDARD_OUTPUT

            if not isinstance(error, OutputError):
                raise
            if error.path == STANDARD_OUTPUT:
                _discard_stdout()  # nothing more can go there, not even at exit
            # Objects abandoned mid-write (openpyxl's zip file and sheet writers)
            # complain as they are collected; the line below says it all.
            sys.unraisablehook = lambda _unraisable: None
            typer.echo(f"goalextract: {error}", err=True)
            raise typer.Exit(EXIT_FAILED) from None


def _discard_stdout() -> None:
    """Point standard output at the null device (its reader has gone).

    What is still buffered, and whatever a half-written writer (openpyxl's zip
    file) flushes as it is collected, then goes nowhere, instead of raising
    again at interpreter exit ("Exception ignored … BrokenPipeError").
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file descriptor (tests)
        pass
    # Objects abandoned mid-write complain as they are collected; nothing to say now.
    sys.unraisablehook = lambda _unraisable: None


app = typer.Typer(
    cls=_Group,
    name="goalextract",
    help=(
        "Extract Chinese budget performance target tables (绩效目标表) from Word, PDF, "
        "text, spreadsheet and HTML exports into JSON and CSV.\n\n"
        "Examples:\n\n"
        "  goalextract parse file.docx -o out.json\n\n"
        "  goalextract parse file.pdf | jq '.projects[].name'\n\n"
        "  goalextract cells file.txt      # see what the reader saw"
    ),
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (typer's)
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"goalextract {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """goalextract: budget performance target tables as data."""


def _fail(path: str, error: BaseException, debug: bool) -> None:
    """One clear line on stderr naming the file and the reason (a traceback with --debug)."""
    if debug:
        traceback.print_exception(error)
    from goalextract.errors import GoalExtractError, shown

    if isinstance(error, GoalExtractError):
        reason = error.detail(path)
    else:
        reason = f"internal error ({type(error).__name__}: {error}); rerun with --debug"
    typer.echo(f"goalextract: {shown(path)}: {reason}", err=True)


def _jobs(jobs: int | None) -> int:
    return jobs or (os.cpu_count() or 1)


def _stdout(*, data: bool) -> IO[str]:
    """Standard output, set up for what a command prints (read at call time: tests swap it).

    Data (parse's output, JSON) is UTF-8 whatever the locale says, as it is in a
    file. A view for people is what the terminal can print: a character it
    cannot is replaced, rather than the command crashing halfway.
    """
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper):
        if data:
            stream.reconfigure(encoding="utf-8")
        else:
            stream.reconfigure(errors="replace")
    return stream


def _streams(*, data: bool) -> Streams:
    """The process's standard streams, for the runner."""
    from goalextract.runner import Streams

    text = _stdout(data=data)
    return Streams(text=text, binary=sys.stdout.buffer, stdin=sys.stdin.buffer)


def _read_input(path: str, limits: Limits) -> bytes:
    from goalextract.api import load
    from goalextract.limits import read_stream

    if path == "-":
        return read_stream(sys.stdin.buffer, limits.max_size)
    return load(path, limits)


class ReportFormat(StrEnum):
    """How `goalextract check` prints its findings (``--format``)."""

    TEXT = "text"  # for people
    JSON = "json"  # for pipelines


class EngineName(StrEnum):
    """Where `goalextract parse` parses (``--engine``)."""

    LOCAL = "local"  # this machine: --jobs processes
    DASK = "dask"  # a dask.distributed cluster (the dask extra)


class CompareFormat(StrEnum):
    """How `goalextract compare` prints the changes (``--format``)."""

    TEXT = "text"  # for people
    JSON = "json"  # the structure in the README
    CSV = "csv"  # one row per change


# Options with a fixed set of values are Enums, so that --help lists the values and
# typer turns a bad one into a usage error (exit 2) naming the valid ones.
InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format",
        "-f",
        help="Force the input format instead of detecting it from the content.",
        show_default=False,
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="Text encoding of .txt inputs (default: detected: UTF-8, UTF-16, GB18030).",
    ),
]
RulesOption = Annotated[
    RuleSet,
    typer.Option(
        "--rules",
        case_sensitive=False,
        help="Rule set for the checks: `standard` or `2024` (产出/效益/满意度 required), "
        "`cost` or `2021` (成本指标 required as a first-level category too).",
    ),
]
InputsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="INPUT...",
        help="Input files and folders (searched recursively); `-` reads standard input.",
        show_default=False,
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Parallel worker processes (default: CPUs)."),
]
PasswordOption = Annotated[
    str | None, typer.Option("--password", help="Password of encrypted PDFs.")
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the full traceback when an input fails.")
]
# The defaults are goalextract.batch's DEFAULT_TIMEOUT and DEFAULT_MEMORY_MB (not
# imported: the CLI module loads before anything is parsed); a test checks them.
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0,
        help="Seconds allowed per input (0: no limit); a worker still busy a second "
        "later is stopped and the input reported.",
    ),
]
MaxMemoryOption = Annotated[
    int,
    typer.Option(
        "--max-memory",
        min=0,
        metavar="MB",
        help="Memory (MiB of address space beyond what it starts with) allowed to the "
        "process reading each input (0: no limit); an input that needs more fails with "
        "a memory-limit message.",
    ),
]


def _job(options: ParseOptions, max_memory: int, debug: bool = False) -> ParseJob:
    """The limits and options every input of a command is parsed under."""
    from goalextract.batch import ParseJob

    return ParseJob(options, debug=debug, memory_mb=max_memory or None)


def _size(text: str) -> int:
    from goalextract.limits import parse_size

    try:
        return parse_size(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


# The limits of goalextract.limits (README: Limits and safety); None keeps the default.
_LIMITS_PANEL = "Limits (see README: Limits and safety)"


def _limit(flag: str, text: str, **kwargs: Any) -> Any:
    """A limit's option, in the limits panel; ``text`` says its default."""
    return typer.Option(
        flag, help=text, rich_help_panel=_LIMITS_PANEL, show_default=False, **kwargs
    )


MaxSizeOption = Annotated[
    int | None,
    _limit("--max-size", "Largest input read (default 256M).", parser=_size, metavar="SIZE"),
]
MaxInflatedOption = Annotated[
    int | None,
    _limit(
        "--max-inflated",
        "Most a .docx/.xlsx part or a PDF stream may unpack to (default 64M).",
        parser=_size,
        metavar="SIZE",
    ),
]
MaxRatioOption = Annotated[
    int | None,
    _limit(
        "--max-ratio", "Most times its packed size a zip member may unpack to (default 200).", min=1
    ),
]
MaxCellsOption = Annotated[
    int | None,
    _limit(
        "--max-cells",
        "Most cells of a table, a workbook, or a text or Word input (default 500000).",
        min=1,
    ),
]
MaxPagesOption = Annotated[
    int | None, _limit("--max-pages", "Most pages of a PDF (default 10000).", min=1)
]
MaxLineOption = Annotated[
    int | None,
    _limit("--max-line", "Most characters in one line of a text input (default 1000000).", min=1),
]


def _limits(
    max_size: int | None,
    max_inflated: int | None,
    max_ratio: int | None,
    max_cells: int | None,
    max_line: int | None,
    max_pages: int | None,
) -> Limits:
    """The limits the options give, the defaults for the rest."""
    import dataclasses

    from goalextract.limits import DEFAULT_LIMITS

    given = {
        "max_size": max_size,
        "max_inflated": max_inflated,
        "max_ratio": max_ratio,
        "max_cells": max_cells,
        "max_line": max_line,
        "max_pages": max_pages,
    }
    return dataclasses.replace(
        DEFAULT_LIMITS, **{key: value for key, value in given.items() if value is not None}
    )


@app.command()
def parse(
    inputs: InputsArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file, or a folder for one output per input (mirrors the input "
            "tree); `-` is standard output. Default: standard output.",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="Output format (default: from -o's extension, else json).",
            show_default=False,
        ),
    ] = None,
    merge: Annotated[
        bool, typer.Option("--merge", help="One combined output even when -o is a folder.")
    ] = False,
    table: Annotated[
        CsvTable,
        typer.Option(
            "--table", help="CSV/TSV rows: one per indicator, per project or per input (documents)."
        ),
    ] = CsvTable.INDICATORS,
    lang: Annotated[
        HeaderLang, typer.Option("--lang", help="CSV/TSV/XLSX header language.")
    ] = HeaderLang.EN,
    jobs: JobsOption = None,
    engine: Annotated[
        EngineName,
        typer.Option(
            "--engine",
            case_sensitive=False,
            help="Where to parse: `local` (--jobs processes) or `dask` (a dask.distributed "
            "cluster: --scheduler's, else a local one of --jobs worker processes; "
            "pip install 'goalextract[dask]').",
        ),
    ] = EngineName.LOCAL,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="With --engine dask: the scheduler of a running cluster (tcp://HOST:8786).",
        ),
    ] = None,
    send_bytes: Annotated[
        bool,
        typer.Option(
            "--send-bytes",
            help="With --engine dask: send every input's bytes to the workers (default: "
            "they read the path, and get the bytes only for files they do not see).",
        ),
    ] = False,
    input_format: InputFormatOption = None,
    encoding: EncodingOption = None,
    password: PasswordOption = None,
    rules: RulesOption = RuleSet.STANDARD,
    no_checks: Annotated[
        bool, typer.Option("--no-checks", help="Skip the validation checks (parser warnings only).")
    ] = False,
    skip_existing: Annotated[
        bool,
        typer.Option("--skip-existing", help="With -o FOLDER: skip inputs whose output exists."),
    ] = False,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first input that fails.")
    ] = False,
    timeout: TimeoutOption = 300.0,
    max_memory: MaxMemoryOption = 1024,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    summary: Annotated[
        bool | None,
        typer.Option(
            "--summary/--no-summary",
            help="Print a summary table on stderr (default: when stderr is a terminal).",
        ),
    ] = None,
    max_size: MaxSizeOption = None,
    max_inflated: MaxInflatedOption = None,
    max_ratio: MaxRatioOption = None,
    max_cells: MaxCellsOption = None,
    max_line: MaxLineOption = None,
    max_pages: MaxPagesOption = None,
    debug: DebugOption = False,
) -> None:
    """Parse documents into the contract's JSON (or JSONL, CSV, TSV, XLSX, SQLite).

    One input goes to standard output or -o FILE. A folder is searched recursively
    for supported files (Office lock files ~$*, hidden, unsupported and special
    files are skipped and counted); with -o FOLDER every input gets its own output
    (out/<relative path>.<format>) and failures are listed in out/_failures.csv.

    Exit codes: 0 every input parsed (warnings allowed), 1 at least one input could
    not be read or parsed (each named on stderr), 2 usage error.

    Examples:

      goalextract parse samples/shanhaiguan-cppcc-2021.txt

      goalextract parse report.docx -o report.json

      goalextract parse submissions/ -o out/ --jobs 4

      goalextract parse submissions/ -o all.csv --lang zh

      goalextract parse submissions/ --format jsonl | jq -c '.projects[]'

      cat export.txt | goalextract parse - --encoding gb18030

      goalextract parse corpus/ -o all.jsonl --engine dask --scheduler tcp://head:8786
    """
    from goalextract.api import ParseOptions
    from goalextract.batch import expand_inputs
    from goalextract.errors import EngineError
    from goalextract.runner import OutputSettings, RunSettings, UsageError, run_parse
    from goalextract.views import RichReporter

    if inputs.count("-") > 1:
        _usage("standard input (-) can be given once")
    try:
        parse_engine = _engine(engine, scheduler, send_bytes)
    except UsageError as error:
        _usage(str(error))
    if output is not None and str(output) == "-":
        output = None  # -o - is standard output, as for the inputs
    # An output inside an input folder is not an input (a second run would parse it).
    expansion = expand_inputs(inputs, outputs=[output] if output is not None else [])
    options = ParseOptions(
        input_format=input_format,
        encoding=encoding,
        password=password,
        rules=None if no_checks else rules,
        timeout=timeout or None,
        limits=_limits(max_size, max_inflated, max_ratio, max_cells, max_line, max_pages),
    )
    settings = RunSettings(jobs=_jobs(jobs), fail_fast=fail_fast, debug=debug, engine=parse_engine)
    destination = OutputSettings(
        output=output,
        output_format=output_format,
        merge=merge,
        table=table,
        lang=lang,
        skip_existing=skip_existing,
        folders=any(Path(p).is_dir() for p in inputs if p != "-"),
    )
    reporter = RichReporter(quiet=quiet, summary=summary, debug=debug)
    try:
        failed = run_parse(
            expansion,
            _job(options, max_memory),
            settings,
            destination,
            _streams(data=True),
            reporter,
        )
    except UsageError as error:
        _usage(str(error))
    except EngineError as error:  # the cluster, not an input: one line, exit 1
        if debug:
            traceback.print_exception(error)
        typer.echo(f"goalextract: {error}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


def _engine(name: EngineName, scheduler: str | None, send_bytes: bool) -> Engine | None:
    """The engine --engine names (None: the local pool); dask is imported only for dask."""
    if name != EngineName.DASK:
        for given, option in ((scheduler, "--scheduler"), (send_bytes, "--send-bytes")):
            if given:
                from goalextract.runner import UsageError

                raise UsageError(f"{option} needs --engine dask")
        return None
    from goalextract.dask_engine import DaskEngine, DaskSettings

    return DaskEngine(DaskSettings(scheduler=scheduler, send_bytes=send_bytes))


def _usage(message: str) -> NoReturn:
    typer.echo(f"goalextract: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def cells(
    input_file: Annotated[
        str, typer.Argument(metavar="FILE", help="Input file; `-` reads standard input.")
    ],
    input_format: InputFormatOption = None,
    encoding: EncodingOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the blocks as JSON lines instead of a table.")
    ] = False,
    stage: Annotated[
        Stage,
        typer.Option(
            "--stage",
            help="Where to look: `read` is what the reader produced; `tables` is what the "
            "parser sees (text lines that lost their table rebuilt into tables).",
        ),
    ] = Stage.TABLES,
    timeout: TimeoutOption = 300.0,
    max_memory: MaxMemoryOption = 1024,
    max_size: MaxSizeOption = None,
    max_inflated: MaxInflatedOption = None,
    max_ratio: MaxRatioOption = None,
    max_cells: MaxCellsOption = None,
    max_line: MaxLineOption = None,
    max_pages: MaxPagesOption = None,
    debug: DebugOption = False,
) -> None:
    """Show the block stream: paragraphs and table rows with their locations.

    For people debugging a document that parses wrongly: it shows exactly what the
    parser sees (or, with `--stage read`, what the reader produced), before any
    interpretation.

    Example:

      goalextract cells samples/shanhaiguan-cppcc-2021.txt | less
      goalextract cells --stage read export.txt
    """
    from goalextract.api import ParseOptions, read_bytes
    from goalextract.batch import call_bounded
    from goalextract.stages import run_stages

    limits = _limits(max_size, max_inflated, max_ratio, max_cells, max_line, max_pages)
    options = ParseOptions(
        input_format=input_format, encoding=encoding, timeout=timeout or None, limits=limits
    )
    try:
        data = _read_input(input_file, limits)
        result = call_bounded(
            lambda: run_stages(read_bytes(data, input_file, options), stage),
            _job(options, max_memory),
        )
    except Exception as error:
        _fail(input_file, error, debug)
        raise typer.Exit(EXIT_FAILED) from None
    from goalextract.views import print_blocks

    print_blocks(result, _stdout(data=as_json), as_json=as_json)


@app.command()
def show(
    input_files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...", help="Input files; `-` reads standard input.", show_default=False
        ),
    ],
    input_format: InputFormatOption = None,
    encoding: EncodingOption = None,
    password: PasswordOption = None,
    rules: RulesOption = RuleSet.STANDARD,
    timeout: TimeoutOption = 300.0,
    max_memory: MaxMemoryOption = 1024,
    max_size: MaxSizeOption = None,
    max_inflated: MaxInflatedOption = None,
    max_ratio: MaxRatioOption = None,
    max_cells: MaxCellsOption = None,
    max_line: MaxLineOption = None,
    max_pages: MaxPagesOption = None,
    debug: DebugOption = False,
) -> None:
    """Show the parsed result for a person: budget, spending plan and indicator tree.

    Several files are shown one after the other; one that cannot be read is
    named on stderr and the others are still shown (exit 1 at the end).

    Examples:

      goalextract show samples/shanhaiguan-cppcc-2021.txt

      goalextract show budget-2024.docx budget-2025.docx | less -R
    """
    from goalextract.api import ParseOptions, parse_bytes
    from goalextract.batch import call_bounded
    from goalextract.views import print_document

    if input_files.count("-") > 1:
        _usage("standard input (-) can be given once")
    limits = _limits(max_size, max_inflated, max_ratio, max_cells, max_line, max_pages)
    options = ParseOptions(
        input_format=input_format,
        encoding=encoding,
        password=password,
        rules=rules,
        timeout=timeout or None,
        limits=limits,
    )
    job = _job(options, max_memory)
    failed = False
    for input_file in input_files:
        try:
            data = _read_input(input_file, limits)
            document = call_bounded(partial(parse_bytes, data, input_file, options), job)
        except Exception as error:
            _fail(input_file, error, debug)
            failed = True
            continue
        print_document(document, _stdout(data=False))
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@app.command("check")
def check_command(
    inputs: InputsArgument,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="Report format: text for people, or json.")
    ] = ReportFormat.TEXT,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too, not only on errors.")
    ] = False,
    rules: RulesOption = RuleSet.STANDARD,
    jobs: JobsOption = None,
    input_format: InputFormatOption = None,
    encoding: EncodingOption = None,
    password: PasswordOption = None,
    timeout: TimeoutOption = 300.0,
    max_memory: MaxMemoryOption = 1024,
    max_size: MaxSizeOption = None,
    max_inflated: MaxInflatedOption = None,
    max_ratio: MaxRatioOption = None,
    max_cells: MaxCellsOption = None,
    max_line: MaxLineOption = None,
    max_pages: MaxPagesOption = None,
    debug: DebugOption = False,
) -> None:
    """Check documents: parse them and report what is wrong with their tables.

    Findings have a severity: error (the table contradicts itself, e.g. amounts
    that do not add up), warning (missing, unreadable or misplaced content) or
    info. Exit codes: 0 no error findings, 1 an error finding (with --strict also
    a warning) or an input that could not be parsed, 2 usage error; so a
    submission pipeline can gate on it.

    Examples:

      goalextract check submission.docx

      goalextract check submissions/ --format json > findings.json

      goalextract check submission.pdf --strict --rules 2021
    """
    from goalextract.api import ParseOptions
    from goalextract.batch import expand_inputs
    from goalextract.runner import RunSettings, UsageError, run_check
    from goalextract.views import RichReporter, print_check_report

    options = ParseOptions(
        input_format=input_format,
        encoding=encoding,
        password=password,
        rules=rules,
        timeout=timeout or None,
        limits=_limits(max_size, max_inflated, max_ratio, max_cells, max_line, max_pages),
    )
    # The report is the output: on stderr only the inputs that failed, as always.
    reporter = RichReporter(quiet=True, summary=False, debug=debug)
    settings = RunSettings(jobs=_jobs(jobs), debug=debug)
    as_json = output_format == ReportFormat.JSON
    streams = _streams(data=as_json)
    try:
        report = run_check(
            expand_inputs(inputs), _job(options, max_memory), settings, streams, reporter
        )
    except UsageError as error:
        _usage(str(error))
    print_check_report(
        report.documents, streams.text, as_json=as_json, failed_inputs=report.failed_inputs
    )
    failed = report.fails(strict=strict)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@app.command()
def compare(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="The earlier document: an input file, or goalextract's JSON output of one.",
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(
            metavar="NEW",
            help="The later document, the same way; `-` for either reads standard input.",
        ),
    ],
    output_format: Annotated[
        CompareFormat,
        typer.Option("--format", help="text for people, json, or csv (one row per change)."),
    ] = CompareFormat.TEXT,
    input_format: InputFormatOption = None,
    encoding: EncodingOption = None,
    password: PasswordOption = None,
    max_size: MaxSizeOption = None,
    max_inflated: MaxInflatedOption = None,
    max_ratio: MaxRatioOption = None,
    max_cells: MaxCellsOption = None,
    max_line: MaxLineOption = None,
    max_pages: MaxPagesOption = None,
    debug: DebugOption = False,
) -> None:
    """Compare two documents: projects added or removed, budgets and targets changed.

    Projects are matched by code, then by name; indicators by their three levels.
    Each input is parsed, unless it is goalextract's JSON output of one document
    (recognised by its content), which is read as it is. Differences are not
    errors: exit 0; 1 when an input cannot be read or parsed, 2 usage error.

    Examples:

      goalextract compare budget-2024.docx budget-2025.docx

      goalextract compare old.json new.pdf --format csv > changes.csv
    """
    from goalextract.api import ParseOptions
    from goalextract.compare import compare as compare_documents
    from goalextract.compare import document_from_bytes

    if old == new == "-":
        _usage("standard input (-) can be given once")
    limits = _limits(max_size, max_inflated, max_ratio, max_cells, max_line, max_pages)
    options = ParseOptions(
        input_format=input_format, encoding=encoding, password=password, rules=None, limits=limits
    )
    documents = []
    for path in (old, new):
        try:
            documents.append(document_from_bytes(_read_input(path, limits), path, options))
        except Exception as error:
            _fail(path, error, debug)
            raise typer.Exit(EXIT_FAILED) from None
    comparison = compare_documents(*documents)
    _print_comparison(comparison, output_format)


def _print_comparison(comparison: Comparison, output_format: CompareFormat) -> None:
    if output_format == CompareFormat.JSON:
        from goalextract.compare import comparison_json

        text = json.dumps(comparison_json(comparison), ensure_ascii=False, indent=2)
        _stdout(data=True).write(text + "\n")
    elif output_format == CompareFormat.CSV:
        from goalextract.compare import comparison_csv

        # UTF-8 with a BOM, as parse's CSV: Excel shows the Chinese.
        sys.stdout.buffer.write(comparison_csv(comparison).encode("utf-8-sig"))
        sys.stdout.buffer.flush()
    else:
        from goalextract.views import print_comparison

        print_comparison(comparison, _stdout(data=False))


@app.command()
def schema() -> None:
    """Print the JSON Schema of parse's output (the committed schemas/ file)."""
    from goalextract.schema import json_schema_text

    _stdout(data=True).write(json_schema_text())


def main() -> NoReturn:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("goalextract: interrupted", err=True)
        sys.exit(130)
    finally:
        _spare_the_last_collection()
    sys.exit(0)


def _spare_the_last_collection() -> None:
    """Leave what this run built out of the interpreter's garbage collection at exit.

    On its way out CPython collects every reference cycle: pydantic's model
    classes and their validators, typer's command tree, the parser's tables.
    Freeing them one by one took about 20 ms of the 200 ms of a cold `parse
    FILE.txt` (bench/README.md), for memory the operating system takes back at
    once anyway. Frozen objects are skipped by that collection. The command has
    finished here: its outputs are closed (goalextract.output); atexit handlers,
    the flushing of the standard streams and finalizers of objects outside
    cycles still run as before. Only the console script does this, not ``app``
    (the tests' in-process runner): a frozen object is never collected.
    """
    gc.freeze()
