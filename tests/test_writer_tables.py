"""The writers' one column definition (writers/_tables.py): CSV, XLSX and SQLite agree."""

from __future__ import annotations

import contextlib
import csv
import io
import sqlite3
from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES
from goalextract import Document, parse_file
from goalextract.writers import WriteOptions, get_writer
from goalextract.writers import sqlite as sqlite_writer
from goalextract.writers._tables import (
    DEPARTMENT_COLUMNS,
    DEPARTMENT_INDICATOR_COLUMNS,
    DOCUMENT_COLUMNS,
    FAILURE_COLUMNS,
    INDICATOR_COLUMNS,
    PROJECT_COLUMNS,
    SPENDING_PLAN_COLUMNS,
    WARNING_COLUMNS,
    ZH_HEADERS,
    Value,
    flat,
)


@pytest.fixture(scope="module")
def hebei() -> Document:
    return parse_file(SAMPLES / f"{HEBEI}.txt")


@pytest.fixture(scope="module")
def database(hebei: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "out.db"
    sqlite_writer.write_path([hebei], path, WriteOptions())
    return path


@pytest.mark.parametrize(
    "columns",
    [
        INDICATOR_COLUMNS,
        PROJECT_COLUMNS,
        SPENDING_PLAN_COLUMNS,
        DEPARTMENT_COLUMNS,
        DEPARTMENT_INDICATOR_COLUMNS,
        WARNING_COLUMNS,
        FAILURE_COLUMNS,
        DOCUMENT_COLUMNS,
    ],
)
def test_every_column_has_a_chinese_header(columns: tuple[str, ...]) -> None:
    assert [c for c in columns if c not in ZH_HEADERS] == []
    assert len(set(columns)) == len(columns)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, None),
        (3, 3),
        (1.5, 1.5),
        ("≥80%", "≥80%"),
        (["甲", "乙"], "甲\n乙"),
        ([], ""),
        ({"line": 7, "table": 0}, "line=7, table=0"),
        ({}, None),
    ],
)
def test_flat(value: Value, cell: object) -> None:
    assert flat(value) == cell


def test_sqlite_view_has_the_csv_indicator_columns(database: Path) -> None:
    with contextlib.closing(sqlite3.connect(database)) as conn:
        cursor = conn.execute("SELECT * FROM indicator_rows")
        columns = [d[0] for d in cursor.description]
    assert columns[: len(INDICATOR_COLUMNS)] == list(INDICATOR_COLUMNS)


def test_csv_and_sqlite_hold_the_same_project_values(hebei: Document, database: Path) -> None:
    stream = io.BytesIO()
    get_writer("csv").write([hebei], stream, WriteOptions(table="projects"))
    rows = list(csv.DictReader(io.StringIO(stream.getvalue().decode("utf-8-sig"))))
    with contextlib.closing(sqlite3.connect(database)) as conn:
        conn.row_factory = sqlite3.Row
        stored = conn.execute("SELECT * FROM projects ORDER BY project_index").fetchall()
    stored_columns = set(stored[0].keys())  # `in` on a Row looks at the values
    # Lists are lines in the CSV and JSON in SQLite (tests/test_writer_sqlite.py).
    lists = {"goals", "long_term_goals", "review_reasons"}
    shared = [c for c in PROJECT_COLUMNS if c in stored_columns and c not in lists]
    assert {"project_index", "code", "budget_total", "purpose"} <= set(shared)
    for row, record in zip(rows, stored, strict=True):
        for column in shared:
            value = record[column]
            if column == "needs_review":  # true/false in the CSV, 1/0 in SQLite
                value = "true" if value else "false"
            assert row[column] == ("" if value is None else str(value)), column
