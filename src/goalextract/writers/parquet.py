"""Parquet writer: one typed file per table, for DuckDB, pandas, polars and Spark.

``-o results.parquet`` writes ``results.documents.parquet``,
``results.projects.parquet``, ``results.indicators.parquet``,
``results.spending_plan.parquet``, ``results.department_tables.parquet``,
``results.department_indicators.parquet``, ``results.warnings.parquet`` and
``results.failures.parquet`` beside each other (a name without ``.parquet`` gets
the same: ``-o results --format parquet``). Every table is written, empty ones
too, so that a script reading them never meets a missing file. Their columns are
the CSV/XLSX tables' (``writers._tables``), typed: integers, floats, strings,
``needs_review`` a boolean, goals and review reasons lists of strings, mappings
(extra, location) JSON text as in SQLite.

pyarrow is an optional dependency (``pip install 'goalextract[parquet]'``); this
module, and so pyarrow, is imported only when Parquet is written. Each file is
replaced atomically; a run that fails leaves the earlier files as they were
(those it already replaced keep the new content).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from goalextract.errors import ConverterMissing, UnsupportedFormat
from goalextract.models import Document
from goalextract.writers import WriteOptions
from goalextract.writers._tables import SQL_TYPES, TABLES, TableSpec, Value

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as error:  # the extra is not installed
    raise ConverterMissing(
        "Parquet output needs pyarrow: pip install 'goalextract[parquet]'"
    ) from error

BINARY = True
# Several files named after -o: never a stream (see writers/__init__.py).
PATH_ONLY = True
PATH_ONLY_USAGE = "parquet writes one file per table: give -o FILE (e.g. -o out.parquet)"

SUFFIX = ".parquet"
# Columns whose values are lists of strings (goals, review reasons).
LIST_COLUMNS = frozenset({"goals", "long_term_goals", "review_reasons"})
BOOLEAN_COLUMNS = frozenset({"needs_review"})
_TYPES = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}


def table_paths(path: Path) -> dict[str, Path]:
    """Each table's file for ``-o path``: ``out.parquet`` → ``out.indicators.parquet`` …"""
    stem = path.name[: -len(SUFFIX)] if path.name.lower().endswith(SUFFIX) else path.name
    return {spec.name: path.with_name(f"{stem}.{spec.name}{SUFFIX}") for spec in TABLES}


def _render(value: Value) -> Any:
    """Lists stay lists; mappings become JSON text (as in SQLite)."""
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False) if value else None
    return value


def _type(column: str) -> Any:
    if column in LIST_COLUMNS:
        return pa.list_(pa.string())
    if column in BOOLEAN_COLUMNS:
        return pa.bool_()
    return _TYPES[SQL_TYPES[column]]


def arrow_table(
    spec: TableSpec, documents: Sequence[Document], failures: Sequence[Mapping[str, str]]
) -> Any:
    """One table as a ``pyarrow.Table`` with the typed schema."""
    schema = pa.schema([pa.field(name, _type(name)) for name in spec.columns])
    rows = list(spec.rows(documents, failures, _render))
    columns = [[row[i] for row in rows] for i in range(len(spec.columns))]
    return pa.Table.from_arrays(
        [pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)],
        schema=schema,
    )


def write_path(documents: Sequence[Document], path: Path, options: WriteOptions) -> None:
    """Write every table to its file beside ``path`` (:func:`table_paths`)."""
    from goalextract.output import atomic_output

    targets = table_paths(Path(path))
    for spec in TABLES:
        table = arrow_table(spec, documents, options.failures)
        with atomic_output(targets[spec.name], binary=True) as stream:
            pq.write_table(table, stream)


def write(documents: Sequence[Document], stream: IO[Any], options: WriteOptions) -> None:
    """Refused: several files cannot go to one stream."""
    raise UnsupportedFormat(PATH_ONLY_USAGE)
