"""Command-line interface: a thin shell over the library (only module that imports typer/rich)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from goalextract import __version__

app = typer.Typer(
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
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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
    from goalextract.errors import GoalExtractError

    if isinstance(error, GoalExtractError):
        reason = str(error)
    else:
        reason = f"internal error ({type(error).__name__}: {error}); rerun with --debug"
    typer.echo(f"goalextract: {path}: {reason}", err=True)


def _read_input(path: str) -> bytes:
    from goalextract.api import load

    if path == "-":
        return sys.stdin.buffer.read()
    return load(path)


InputFormatOption = Annotated[
    str | None,
    typer.Option(
        "--input-format",
        "-f",
        help="Force the input format instead of detecting it from the content "
        "(txt, docx, doc, wordml, pdf, xlsx, xls, spreadsheetml, html).",
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="Text encoding of .txt inputs (default: detected: UTF-8, UTF-16, GB18030).",
    ),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the full traceback when an input fails.")
]


@app.command()
def parse(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Input files; `-` reads standard input.", show_default=False),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of standard output."),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option("--format", help="Output format (default: from -o's extension, else json)."),
    ] = None,
    input_format: InputFormatOption = None,
    encoding: EncodingOption = None,
    password: Annotated[
        str | None, typer.Option("--password", help="Password of an encrypted PDF.")
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Parse documents into the contract's JSON (see schemas/goalextract.schema.json).

    Exit codes: 0 every input parsed (warnings allowed), 1 an input could not be
    read or parsed (named on stderr), 2 usage error.

    Examples:

      goalextract parse samples/shanhaiguan-cppcc-2021.txt

      goalextract parse report.docx -o report.json

      cat export.txt | goalextract parse - --encoding gb18030
    """
    from goalextract.api import parse_bytes
    from goalextract.models import Document
    from goalextract.output import atomic_output
    from goalextract.writers import EXTENSIONS, WriteOptions, get_writer

    fmt = output_format or (EXTENSIONS.get(output.suffix.lower()) if output else None) or "json"
    try:
        writer = get_writer(fmt)
    except Exception as error:
        typer.echo(f"goalextract: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if inputs.count("-") > 1:
        typer.echo("goalextract: standard input (-) can be given once", err=True)
        raise typer.Exit(EXIT_USAGE)
    documents: list[Document] = []
    failures: list[dict[str, str]] = []
    for path in inputs:
        try:
            data = _read_input(path)
            documents.append(
                parse_bytes(
                    data, path, input_format=input_format, encoding=encoding, password=password
                )
            )
        except KeyboardInterrupt:
            raise
        except Exception as error:
            _fail(path, error, debug)
            failures.append({"path": path, "error": str(error)})
    options = WriteOptions(failures=failures if len(inputs) > 1 else ())
    if documents or len(inputs) > 1:
        if output is None:
            stream = sys.stdout.buffer if writer.BINARY else sys.stdout
            writer.write(documents, stream, options)
        else:
            with atomic_output(output, binary=writer.BINARY) as stream:
                writer.write(documents, stream, options)
    raise typer.Exit(EXIT_FAILED if failures else EXIT_OK)


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
    debug: DebugOption = False,
) -> None:
    """Show the block stream a reader produced: paragraphs and table rows with locations.

    For people debugging a document that parses wrongly: it shows exactly what the
    parser sees, before any interpretation.

    Example:

      goalextract cells samples/shanhaiguan-cppcc-2021.txt | less
    """
    from goalextract.api import read_bytes
    from goalextract.readers import ReadOptions

    try:
        result = read_bytes(
            _read_input(input_file),
            input_file,
            input_format=input_format,
            options=ReadOptions(encoding=encoding),
        )
    except Exception as error:
        _fail(input_file, error, debug)
        raise typer.Exit(EXIT_FAILED) from None
    from goalextract.debugview import print_blocks

    print_blocks(result, as_json=as_json)


@app.command()
def schema() -> None:
    """Print the JSON Schema of parse's output (the committed schemas/ file)."""
    from goalextract.schema import json_schema_text

    sys.stdout.write(json_schema_text())


def main() -> NoReturn:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("goalextract: interrupted", err=True)
        sys.exit(130)
    sys.exit(0)
