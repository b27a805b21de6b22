"""CSV writer: the contract's flat table, UTF-8 with a byte-order mark.

``options.table == "indicators"`` (default) gives one row per indicator with its
project's columns repeated, in the contract's column order, then the extras
``horizon`` and ``upper`` and the project's ``year``, department and review
flag; ``"projects"`` gives one row per project; ``"documents"`` one row per
input, failed ones included (``status``, counts, the failure's ``error``). The BOM is
there because Excel otherwise reads UTF-8 CSV as the ANSI code page and garbles
the Chinese; line ends are the csv module's ``\\r\\n`` (RFC 4180).

Floats are written as Python's ``repr`` (``100000.0``), ``None`` as an empty
cell. Cells are written as data: a value such as ``=100.00(%)`` is not escaped
against spreadsheet formula evaluation, because the contract keeps values as
printed and a prefix would change them for every other reader.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

from goalextract.models import Document
from goalextract.writers import WriteOptions
from goalextract.writers._tables import (
    DOCUMENT_COLUMNS,
    INDICATOR_COLUMNS,
    PROJECT_COLUMNS,
    Cell,
    Row,
    document_rows,
    header,
    indicator_rows,
    project_rows,
)

BINARY = True

TABLES = ("indicators", "projects", "documents")


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return repr(cell)
    return str(cell)


def write(documents: Sequence[Document], stream: IO[Any], options: WriteOptions) -> None:
    """Write the table ``options.table`` of all documents under one header row."""
    write_table(documents, stream, options)


def write_table(
    documents: Sequence[Document],
    stream: IO[Any],
    options: WriteOptions,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8-sig",
    lineterminator: str = "\r\n",
) -> None:
    """:func:`write` with another separator, encoding or line end (the TSV writer's)."""
    columns: Sequence[str]
    rows: Iterable[Row]
    if options.table == "indicators":
        columns, rows = INDICATOR_COLUMNS, indicator_rows(documents)
    elif options.table == "projects":
        columns, rows = PROJECT_COLUMNS, project_rows(documents)
    elif options.table == "documents":
        columns, rows = DOCUMENT_COLUMNS, document_rows(documents, options.failures)
    else:
        raise ValueError(f"unknown CSV table {options.table!r} (known: {', '.join(TABLES)})")
    # utf-8-sig writes the BOM once, at the start. newline="" hands line ends to
    # the csv module instead of translating them again.
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        writer = csv.writer(text, delimiter=delimiter, lineterminator=lineterminator)
        writer.writerow(header(columns, options.lang, options.table))
        for row in rows:
            writer.writerow([_text(cell) for cell in row])
        text.flush()
    finally:
        # Detach so that closing (or collecting) the wrapper leaves the caller's
        # stream open: it may be sys.stdout.buffer or an atomic_output file.
        text.detach()
