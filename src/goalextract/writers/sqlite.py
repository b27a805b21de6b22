"""SQLite writer: an accumulating database of parsed documents, queryable with SQL.

Unlike the other writers this one updates a file in place: a run ADDS its
documents to an existing database, and a document already there (same
``sha256`` of the input bytes at the same path) is REPLACED — deleted, its
projects, indicators and warnings with it by ``ON DELETE CASCADE``, then inserted
again — never duplicated. The path is part of the key because a folder of
submissions can hold identical files from different units: each is counted.
Hence ``PATH_ONLY = True`` and :func:`write_path`; callers with an
output path must use it (``writers.write_file`` does). :func:`write` on a stream
(standard output) can only produce a complete new database file.

The whole write is one transaction: an interrupted run leaves the database as
it was. The schema version is kept in ``PRAGMA user_version``.

Tables (``*`` = JSON text)::

    documents(id, sha256, path, format, encoding, pages, schema_version,
              added_at, json*)                    -- json = the whole contract document
    projects(id, document_id → documents, project_index, title, year, unit_code,
             unit_name, department_code, department_name, money_unit, code, name,
             budget_total, budget_fiscal, budget_other, budget_carryover,
             budget_project_total, purpose, goals*, long_term_goals*, extra*, location*)
    indicators(id, project_id → projects, position, level1, level2, level3,
               description, value, kind, operator, number, upper, unit, basis,
               horizon, extra*)
    spending_plan(id, project_id → projects, position, label, month, percent)
    warnings(id, document_id → documents, project_index, code, message, location*)
    department_tables(id, document_id → documents, table_index, title, year,
                      department_code, department_name, money_unit, budget_total,
                      budget_basic, budget_project, long_term_goals*, goals*, extra*,
                      location*)
    department_indicators(id, department_table_id → department_tables, position,
                          ... the indicator columns ...)
    failures(id, path, error, at)                 -- appended, never replaced

``position`` counts from 1 in table order. The project's number within its
document is ``project_index`` (not ``index``, an SQL keyword that would need
quoting in every query). The view ``indicator_rows`` joins indicators with their
project and document into the CSV's flat shape.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from goalextract.errors import GoalExtractError
from goalextract.models import Document, Indicator
from goalextract.writers import WriteOptions

BINARY = True
PATH_ONLY = True

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT,
    pages INTEGER,
    schema_version INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    json TEXT NOT NULL,
    UNIQUE (sha256, path)
);
CREATE TABLE IF NOT EXISTS projects (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    project_index INTEGER NOT NULL,
    title TEXT,
    year INTEGER,
    unit_code TEXT,
    unit_name TEXT,
    department_code TEXT,
    department_name TEXT,
    money_unit TEXT,
    code TEXT,
    name TEXT,
    budget_total REAL,
    budget_fiscal REAL,
    budget_other REAL,
    budget_carryover REAL,
    budget_project_total REAL,
    purpose TEXT,
    goals TEXT NOT NULL,
    long_term_goals TEXT NOT NULL,
    extra TEXT NOT NULL,
    location TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS indicators (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    level1 TEXT,
    level2 TEXT,
    level3 TEXT,
    description TEXT,
    value TEXT NOT NULL,
    kind TEXT NOT NULL,
    operator TEXT,
    number REAL,
    upper REAL,
    unit TEXT,
    basis TEXT,
    horizon TEXT NOT NULL,
    extra TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS spending_plan (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    month INTEGER,
    percent REAL
);
CREATE TABLE IF NOT EXISTS warnings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    project_index INTEGER,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    location TEXT
);
CREATE TABLE IF NOT EXISTS department_tables (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    table_index INTEGER NOT NULL,
    title TEXT,
    year INTEGER,
    department_code TEXT,
    department_name TEXT,
    money_unit TEXT,
    budget_total REAL,
    budget_basic REAL,
    budget_project REAL,
    long_term_goals TEXT NOT NULL,
    goals TEXT NOT NULL,
    extra TEXT NOT NULL,
    location TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS department_indicators (
    id INTEGER PRIMARY KEY,
    department_table_id INTEGER NOT NULL
        REFERENCES department_tables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    level1 TEXT,
    level2 TEXT,
    level3 TEXT,
    description TEXT,
    value TEXT NOT NULL,
    kind TEXT NOT NULL,
    operator TEXT,
    number REAL,
    upper REAL,
    unit TEXT,
    basis TEXT,
    horizon TEXT NOT NULL,
    extra TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    error TEXT NOT NULL,
    at TEXT NOT NULL
);
-- The requested lookups, plus one index per foreign key: without them every
-- cascading delete of a replaced document scans the child tables.
CREATE INDEX IF NOT EXISTS projects_document_id ON projects(document_id);
CREATE INDEX IF NOT EXISTS projects_code ON projects(code);
CREATE INDEX IF NOT EXISTS indicators_project_id ON indicators(project_id);
CREATE INDEX IF NOT EXISTS indicators_levels ON indicators(level1, level2);
CREATE INDEX IF NOT EXISTS spending_plan_project_id ON spending_plan(project_id);
CREATE INDEX IF NOT EXISTS warnings_document_id ON warnings(document_id);
CREATE INDEX IF NOT EXISTS department_tables_document_id ON department_tables(document_id);
CREATE INDEX IF NOT EXISTS department_indicators_table_id
    ON department_indicators(department_table_id);
CREATE VIEW IF NOT EXISTS indicator_rows AS
SELECT d.path AS source, p.project_index, p.unit_code, p.unit_name, p.code, p.name,
       p.budget_total, i.level1, i.level2, i.level3, i.description, i.value,
       i.operator, i.number, i.unit, i.basis, i.horizon, i.upper,
       d.id AS document_id, p.id AS project_id, i.id AS indicator_id
FROM indicators i
JOIN projects p ON p.id = i.project_id
JOIN documents d ON d.id = p.document_id;
"""

_INDICATOR_COLUMNS = (
    "position, level1, level2, level3, description, value, kind, operator, number, "
    "upper, unit, basis, horizon, extra"
)


class DatabaseSchemaError(GoalExtractError, ValueError):
    """The output database was not written by this goalextract schema version."""


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == 0:
        # A fresh file has no tables; a file with a `documents` table but no
        # version is someone else's database, which we must not write into.
        existing = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'"
        ).fetchone()
        if existing is not None:
            raise DatabaseSchemaError(
                f"{path}: has a 'documents' table but no goalextract schema version; "
                "choose another output file"
            )
    elif version != SCHEMA_VERSION:
        raise DatabaseSchemaError(
            f"{path}: database schema version {version}, this goalextract writes "
            f"version {SCHEMA_VERSION}; write to a new file"
        )
    # executescript() would COMMIT the open transaction first, so the statements
    # run one by one to keep schema creation inside the write's transaction.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _indicator_params(owner_id: int, position: int, indicator: Indicator) -> tuple[Any, ...]:
    target = indicator.target
    return (
        owner_id,
        position,
        indicator.level1,
        indicator.level2,
        indicator.level3,
        indicator.description,
        indicator.value,
        target.kind,
        target.operator,
        target.number,
        target.upper,
        target.unit,
        indicator.basis,
        indicator.horizon,
        _json(indicator.extra),
    )


def _insert_document(conn: sqlite3.Connection, doc: Document, added_at: str) -> None:
    source = doc.source
    # Same input bytes at the same path → same document: replace it, its
    # children go by cascade.
    conn.execute(
        "DELETE FROM documents WHERE sha256 = ? AND path = ?", (source.sha256, source.path)
    )
    cursor = conn.execute(
        "INSERT INTO documents (sha256, path, format, encoding, pages, schema_version,"
        " added_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source.sha256,
            source.path,
            source.format,
            source.encoding,
            source.pages,
            doc.schema_version,
            added_at,
            _json(doc.to_json_dict()),
        ),
    )
    document_id = cursor.lastrowid
    assert document_id is not None  # an INSERT into a rowid table always sets it

    for project in doc.projects:
        budget = project.budget
        cursor = conn.execute(
            "INSERT INTO projects (document_id, project_index, title, year, unit_code,"
            " unit_name, department_code, department_name, money_unit, code, name,"
            " budget_total, budget_fiscal, budget_other, budget_carryover,"
            " budget_project_total, purpose, goals, long_term_goals, extra, location)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                project.index,
                project.title,
                project.year,
                project.unit_code,
                project.unit_name,
                project.department_code,
                project.department_name,
                project.money_unit,
                project.code,
                project.name,
                budget.total,
                budget.fiscal,
                budget.other,
                budget.carryover,
                budget.project_total,
                project.purpose,
                _json(project.goals),
                _json(project.long_term_goals),
                _json(project.extra),
                _json(project.location),
            ),
        )
        project_id = cursor.lastrowid
        assert project_id is not None
        conn.executemany(
            f"INSERT INTO indicators (project_id, {_INDICATOR_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                _indicator_params(project_id, position, indicator)
                for position, indicator in enumerate(project.indicators, start=1)
            ],
        )
        conn.executemany(
            "INSERT INTO spending_plan (project_id, position, label, month, percent)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (project_id, position, entry.label, entry.month, entry.percent)
                for position, entry in enumerate(project.spending_plan, start=1)
            ],
        )

    for table in doc.department_tables:
        cursor = conn.execute(
            "INSERT INTO department_tables (document_id, table_index, title, year,"
            " department_code, department_name, money_unit, budget_total, budget_basic,"
            " budget_project, long_term_goals, goals, extra, location)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                table.index,
                table.title,
                table.year,
                table.department_code,
                table.department_name,
                table.money_unit,
                table.budget.total,
                table.budget.basic,
                table.budget.project,
                _json(table.long_term_goals),
                _json(table.goals),
                _json(table.extra),
                _json(table.location),
            ),
        )
        table_id = cursor.lastrowid
        assert table_id is not None
        conn.executemany(
            f"INSERT INTO department_indicators (department_table_id, {_INDICATOR_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                _indicator_params(table_id, position, indicator)
                for position, indicator in enumerate(table.indicators, start=1)
            ],
        )

    conn.executemany(
        "INSERT INTO warnings (document_id, project_index, code, message, location)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                document_id,
                warning.project,
                warning.code,
                warning.message,
                None if warning.location is None else _json(warning.location),
            )
            for warning in doc.warnings
        ],
    )


def write_path(documents: Sequence[Document], path: Path, options: WriteOptions) -> None:
    """Add ``documents`` (replacing same-sha256-and-path ones) and ``options.failures`` to ``path``.

    Creates the database if it does not exist. All or nothing: on any error the
    transaction is rolled back and the file keeps its previous content.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: no implicit transactions, so BEGIN/COMMIT below are
    # the only ones and the schema DDL falls inside the same transaction.
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # Must be set outside a transaction; off by default in SQLite, and the
        # replace-by-sha256 relies on it to cascade.
        conn.execute("PRAGMA foreign_keys = ON")
        # IMMEDIATE takes the write lock now, so a concurrent writer fails fast
        # instead of after we have done the work.
        conn.execute("BEGIN IMMEDIATE")
        try:
            _ensure_schema(conn, path)
            added_at = _now()
            for doc in documents:
                _insert_document(conn, doc, added_at)
            conn.executemany(
                "INSERT INTO failures (path, error, at) VALUES (?, ?, ?)",
                [
                    (failure.get("path", ""), failure.get("error", ""), added_at)
                    for failure in options.failures
                ],
            )
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back by itself (disk full, I/O
            # error); a second ROLLBACK would raise and hide the real error.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def write(documents: Sequence[Document], stream: IO[Any], options: WriteOptions) -> None:
    """Write a complete new database file into the binary ``stream``.

    A stream cannot be updated in place, so this is a fresh database holding only
    ``documents``; use :func:`write_path` to add to an existing one.
    """
    with tempfile.TemporaryDirectory(prefix="goalextract-") as tmp:
        db_path = Path(tmp) / "out.db"
        write_path(documents, db_path, options)
        with db_path.open("rb") as db:
            shutil.copyfileobj(db, stream)
