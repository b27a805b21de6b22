"""Writer registry: output format name → writer module, imported on first use.

A writer module has ``write(documents, stream, options)``; ``BINARY`` tells
whether it wants a binary stream. A new output format is one module here.

A writer whose output is a file it updates in place (sqlite: adds to an
existing database), or files it names after the path (parquet: one per table),
also sets ``PATH_ONLY = True`` and has ``write_path(documents, path, options)``,
and may say in ``PATH_ONLY_USAGE`` what to give instead of standard output.
Given an output path, callers must use ``write_path`` for such a writer rather
than a stream over a fresh file, which would throw the existing content away;
:func:`write_file` does this dispatch.
Its ``write`` on a stream (standard output) writes a complete new file.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, cast

from goalextract.codes import StrEnum
from goalextract.errors import UnsupportedFormat

if TYPE_CHECKING:
    # Annotations only: the CLI imports this module at start-up for the enums below.
    from goalextract.models import Document


class OutputFormat(StrEnum):
    """An output format (``--format``)."""

    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    XLSX = "xlsx"
    SQLITE = "sqlite"
    PARQUET = "parquet"  # one file per table; needs the `parquet` extra (pyarrow)


class CsvTable(StrEnum):
    """What a CSV row is (``--table``)."""

    INDICATORS = "indicators"  # one row per indicator, the contract's columns
    PROJECTS = "projects"  # one row per project
    DOCUMENTS = "documents"  # one row per input: status, counts, failure reason


class HeaderLang(StrEnum):
    """The language of CSV and XLSX header rows (``--lang``)."""

    EN = "en"  # the field names
    ZH = "zh"


# Format → module (relative to this package).
WRITERS: dict[OutputFormat, str] = {
    OutputFormat.JSON: ".json",
    OutputFormat.JSONL: ".jsonl",
    OutputFormat.CSV: ".csv",
    OutputFormat.TSV: ".tsv",
    OutputFormat.XLSX: ".xlsx",
    OutputFormat.SQLITE: ".sqlite",
    OutputFormat.PARQUET: ".parquet",
}
# Output file extension → format, for `-o out.csv` without --format.
EXTENSIONS: dict[str, OutputFormat] = {
    ".json": OutputFormat.JSON,
    ".jsonl": OutputFormat.JSONL,
    ".csv": OutputFormat.CSV,
    ".tsv": OutputFormat.TSV,
    ".xlsx": OutputFormat.XLSX,
    ".db": OutputFormat.SQLITE,
    ".sqlite": OutputFormat.SQLITE,
    ".sqlite3": OutputFormat.SQLITE,
    ".parquet": OutputFormat.PARQUET,
}


@dataclass(frozen=True)
class WriteOptions:
    """Options for writers; each uses what applies to it."""

    table: str = CsvTable.INDICATORS  # csv/tsv: a CsvTable (or its value)
    lang: str = HeaderLang.EN  # csv/tsv/xlsx header language: a HeaderLang (or its value)
    indent: int | None = 2
    failures: Sequence[dict[str, str]] = field(default_factory=tuple)
    # True for a batch (several inputs or a folder): JSON then writes
    # {"documents": [...], "failures": [...]} even for a single document.
    collection: bool = False


class WriterModule(Protocol):
    """What every writer module provides.

    Optionally also ``PATH_ONLY: bool`` (True) and ``write_path`` (see
    :class:`_PathWriterModule`); a Protocol cannot declare optional members, so
    callers test with ``getattr(module, "PATH_ONLY", False)`` or use
    :func:`write_file`.
    """

    BINARY: bool

    def write(
        self, documents: Sequence[Document], stream: IO[Any], options: WriteOptions
    ) -> None: ...


class _PathWriterModule(WriterModule, Protocol):
    """A writer that must be given the output file's path (``PATH_ONLY = True``)."""

    PATH_ONLY: bool

    def write_path(
        self, documents: Sequence[Document], path: Path, options: WriteOptions
    ) -> None: ...


def get_writer(name: str) -> WriterModule:
    """Import and return the writer for an output format (an OutputFormat or its value)."""
    try:
        module_name = WRITERS[OutputFormat(name)]
    except ValueError:
        known = ", ".join(sorted(WRITERS))
        raise UnsupportedFormat(f"unknown output format {name!r} (known: {known})") from None
    module: WriterModule = importlib.import_module(module_name, __name__)
    return module


def is_path_only(writer: WriterModule) -> bool:
    """Whether ``writer`` must be given an output path (see the module docstring)."""
    return bool(getattr(writer, "PATH_ONLY", False))


def write_file(
    writer: WriterModule, documents: Sequence[Document], path: Path, options: WriteOptions
) -> None:
    """Write to the file ``path`` the way ``writer`` needs.

    A PATH_ONLY writer gets the path itself (it updates the file in place,
    transactionally); any other writes through ``atomic_output``, so the file is
    replaced only once the whole output is written. A failure to write raises
    :class:`~goalextract.errors.OutputError` naming ``path``.
    """
    from goalextract.output import atomic_output, writing  # only file output needs it

    if is_path_only(writer):
        with writing(str(path)):
            cast(_PathWriterModule, writer).write_path(documents, path, options)
        return

    with atomic_output(path, binary=writer.BINARY) as stream:
        writer.write(documents, stream, options)
