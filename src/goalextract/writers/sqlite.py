"""SQLite writer: an accumulating database of parsed documents, queryable with SQL.

Unlike the other writers this one updates a file in place: a run ADDS its
documents to an existing database, and a document already there (same
``sha256`` of the input bytes in the same file, whether its path was given
relative or absolute: ``resolved_path``) is REPLACED — deleted, its
projects, indicators and warnings with it by ``ON DELETE CASCADE``, then inserted
again — never duplicated. The path is part of the key because a folder of
submissions can hold identical files from different units: each is counted.
Hence ``PATH_ONLY = True`` and :func:`write_path`; callers with an
output path must use it (``writers.write_file`` does). :func:`write` on a stream
(standard output) can only produce a complete new database file.

Each :func:`write_path` is one transaction: interrupted, it leaves the database
as it was. (A batch calls it once per group of documents as they are parsed, so
an interrupted batch keeps the groups written before; :func:`stored_documents`
lets a resumed one skip them.) The schema version is kept in ``PRAGMA
user_version``; a version 1 database (before the counts, review and severity
columns) or 2 (before resolved_path and the indicators' normalized_* columns)
gets those columns added, empty on its old rows (resolved_path is filled where
the old path is absolute).

Tables, each with an ``id`` and (but documents and failures) the id of the row it
belongs to; their columns are the ones ``writers._tables`` defines for every
writer, and the ``_TABLES`` below pick and order them::

    documents          sha256, path (as given), resolved_path, format, encoding,
                       pages, schema_version, added_at, json (the whole contract document), status
                       (parsed / no_target_tables) and counts: project_count,
                       department_table_count, indicator_count,
                       department_indicator_count, error_count, warning_count,
                       info_count
    projects           → documents        the project's fields, as in the CSV,
                                          needs_review (0/1), review_reasons
    indicators         → projects         position, the indicator's fields, and the
                                          project's project_code, project_name, year,
                                          department_code, department_name
    spending_plan      → projects         position, label, month, percent
    warnings           → documents        project_index, code, severity, message,
                                          location
    department_tables  → documents        the department table's fields
    department_indicators → department_tables   position, the indicator's fields
    failures           path, error, at    -- appended, never replaced

Lists (goals) and mappings (extra, location) are stored as JSON text.
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from goalextract.errors import GoalExtractError
from goalextract.models import (
    DepartmentTable,
    Document,
    Indicator,
    ParseWarning,
    Project,
    SpendingPlanEntry,
)
from goalextract.writers import WriteOptions
from goalextract.writers._tables import (
    DEPARTMENT,
    FAILURE,
    INDICATOR,
    PROJECT,
    SPENDING_PLAN,
    SUMMARY,
    WARNING,
    Column,
    InputSummary,
    Value,
    lift,
    pick,
)

BINARY = True
PATH_ONLY = True

SCHEMA_VERSION = 3
# Older versions this one brings up to date by adding columns.
_MIGRATABLE = frozenset({1, 2})

T = TypeVar("T")


@dataclass(frozen=True)
class _Added(Generic[T]):
    """A document or a failure with the time of the run that added it."""

    item: T
    at: str


@dataclass(frozen=True)
class _Table(Generic[T]):
    """A table of the database: its columns, and the table its rows belong to."""

    name: str
    columns: tuple[Column[T], ...]
    parent: tuple[str, str] | None = None  # (table, column holding its id)
    position: bool = False  # rows are numbered from 1 in their parent's order
    constraints: tuple[str, ...] = ()

    def create(self) -> str:
        """The CREATE TABLE statement."""
        lines = ["id INTEGER PRIMARY KEY"]
        if self.parent is not None:
            table, key = self.parent
            lines.append(f"{key} INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE")
        if self.position:
            lines.append("position INTEGER NOT NULL")
        lines += [f"{column.name} {column.sql}" for column in self.columns]
        lines += self.constraints
        body = ",\n".join(f"    {line}" for line in lines)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n{body}\n)"

    def insert(self) -> str:
        """The INSERT statement, parameters in :meth:`params` order."""
        names = [*(self.parent[1:] if self.parent else ()), *(["position"] * self.position)]
        names += [column.name for column in self.columns]
        marks = ", ".join("?" * len(names))
        return f"INSERT INTO {self.name} ({', '.join(names)}) VALUES ({marks})"

    def params(self, item: T, parent_id: int | None, position: int) -> list[Any]:
        """One row's parameters for :meth:`insert`."""
        head: list[Any] = [parent_id] if self.parent else []
        if self.position:
            head.append(position)
        return head + [_sql(column.get(item)) for column in self.columns]


def _sql(value: Value) -> Any:
    # Lists and mappings as JSON text, Chinese unescaped.
    if isinstance(value, list | Mapping):
        return json.dumps(value, ensure_ascii=False)
    return value


_DOCUMENTS: _Table[_Added[Document]] = _Table(
    "documents",
    (
        Column("sha256", "TEXT NOT NULL", lambda a: a.item.source.sha256),
        Column("path", "TEXT NOT NULL", lambda a: a.item.source.path),
        Column("resolved_path", "TEXT", lambda a: resolved(a.item.source.path)),
        Column("format", "TEXT NOT NULL", lambda a: a.item.source.format),
        Column("encoding", "TEXT", lambda a: a.item.source.encoding),
        Column("pages", "INTEGER", lambda a: a.item.source.pages),
        Column("schema_version", "INTEGER NOT NULL", lambda a: a.item.schema_version),
        Column("added_at", "TEXT NOT NULL", lambda a: a.at),
        Column("json", "TEXT NOT NULL", lambda a: a.item.to_json_dict()),
        *lift(SUMMARY.values(), lambda a: InputSummary.of(a.item)),
    ),
    # Same input bytes at the same file: the same document (replaced, not added).
    # (A database of version 2 or older keeps its UNIQUE (sha256, path).)
    constraints=("UNIQUE (sha256, resolved_path)",),
)
_PROJECTS: _Table[Project] = _Table(
    "projects",
    pick(
        PROJECT,
        "project_index title year unit_code unit_name department_code department_name"
        " money_unit code name budget_total budget_fiscal budget_other budget_carryover"
        " budget_project_total purpose goals long_term_goals extra location"
        " needs_review review_reasons",
    ),
    parent=("documents", "document_id"),
)
_INDICATOR_FIELDS = pick(
    INDICATOR,
    "level1 level2 level3 description value kind operator number upper unit basis horizon extra"
    " normalized_kind normalized_operator normalized_value normalized_upper normalized_unit"
    " normalized_start normalized_end",
)
# The project's identity on each of its indicators, so that rows stack without a join.
_INDICATOR_PROJECT: tuple[Column[Project], ...] = (
    Column("project_code", "TEXT", lambda p: p.code),
    Column("project_name", "TEXT", lambda p: p.name),
    *pick(PROJECT, "year department_code department_name"),
)
_INDICATORS: _Table[tuple[Project, Indicator]] = _Table(
    "indicators",
    (
        *lift(_INDICATOR_FIELDS, lambda pair: pair[1]),
        *lift(_INDICATOR_PROJECT, lambda pair: pair[0]),
    ),
    parent=("projects", "project_id"),
    position=True,
)
_SPENDING_PLAN: _Table[SpendingPlanEntry] = _Table(
    "spending_plan",
    pick(SPENDING_PLAN, "label month percent"),
    parent=("projects", "project_id"),
    position=True,
)
_WARNINGS: _Table[ParseWarning] = _Table(
    "warnings",
    pick(WARNING, "project_index code severity message location"),
    parent=("documents", "document_id"),
)
_DEPARTMENT_TABLES: _Table[DepartmentTable] = _Table(
    "department_tables",
    pick(
        DEPARTMENT,
        "table_index title year department_code department_name money_unit budget_total"
        " budget_basic budget_project long_term_goals goals extra location",
    ),
    parent=("documents", "document_id"),
)
_DEPARTMENT_INDICATORS: _Table[Indicator] = _Table(
    "department_indicators",
    _INDICATOR_FIELDS,
    parent=("department_tables", "department_table_id"),
    position=True,
)
_FAILURES: _Table[_Added[Mapping[str, str]]] = _Table(
    "failures",
    (
        *lift(pick(FAILURE, "path error"), lambda a: a.item),
        Column("at", "TEXT NOT NULL", lambda a: a.at),
    ),
)
_TABLES: tuple[_Table[Any], ...] = (
    _DOCUMENTS,
    _PROJECTS,
    _INDICATORS,
    _SPENDING_PLAN,
    _WARNINGS,
    _DEPARTMENT_TABLES,
    _DEPARTMENT_INDICATORS,
    _FAILURES,
)

_INDEXES_AND_VIEWS = """
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
DROP VIEW IF EXISTS indicator_rows;
CREATE VIEW indicator_rows AS
SELECT d.path AS source, p.project_index, p.unit_code, p.unit_name, p.code, p.name,
       p.budget_total, i.level1, i.level2, i.level3, i.description, i.value,
       i.operator, i.number, i.unit, i.basis, i.horizon, i.upper,
       p.year, p.department_code, p.department_name, p.needs_review, p.review_reasons,
       i.normalized_kind, i.normalized_operator, i.normalized_value, i.normalized_upper,
       i.normalized_unit, i.normalized_start, i.normalized_end,
       d.id AS document_id, p.id AS project_id, i.id AS indicator_id
FROM indicators i
JOIN projects p ON p.id = i.project_id
JOIN documents d ON d.id = p.document_id;
"""


def _schema() -> list[str]:
    """Every statement that creates the schema, tables first."""
    statements = [table.create() for table in _TABLES]
    statements += [s for s in _INDEXES_AND_VIEWS.split(";") if s.strip()]
    return statements


class DatabaseSchemaError(GoalExtractError, ValueError):
    """The output database was not written by this goalextract schema version."""


# Seconds to wait for another connection's lock on the output database before
# giving up with "database is locked".
LOCK_TIMEOUT = 5.0


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
                "has a 'documents' table but no goalextract schema version; "
                "choose another output file",
                path=str(path),
            )
    elif version in _MIGRATABLE:
        _add_missing_columns(conn)
        _resolve_old_paths(conn)
    elif version != SCHEMA_VERSION:
        raise DatabaseSchemaError(
            f"database schema version {version}, this goalextract writes "
            f"version {SCHEMA_VERSION}; write to a new file",
            path=str(path),
        )
    # executescript() would COMMIT the open transaction first, so the statements
    # run one by one to keep schema creation inside the write's transaction.
    for statement in _schema():
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Add the columns a table of an older version lacks (nullable: old rows have no value)."""
    for table in _TABLES:
        existing = {row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")}
        for column in table.columns:
            if column.name not in existing:
                sql_type = column.sql.replace("NOT NULL", "").strip()
                conn.execute(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {sql_type}")


def resolved(path: str) -> str:
    """The absolute path of an input with symbolic links resolved; ``-`` (stdin) as it is.

    Documents are matched by it, so that ``a.txt`` and ``/home/me/a.txt`` are one
    document. Relative paths are resolved against the current directory, the
    one they were given in on the command line.
    """
    if path == "-":
        return path
    return str(Path(path).resolve())


def _resolve_old_paths(conn: sqlite3.Connection) -> None:
    """Give the rows of an older database their resolved path where it is known.

    An absolute path resolves the same from anywhere; a relative one was relative
    to a directory nobody recorded, so it stays NULL (and is matched by ``path``).
    """
    rows = conn.execute("SELECT id, path FROM documents WHERE resolved_path IS NULL").fetchall()
    for row_id, path in rows:
        if path == "-" or Path(path).is_absolute():
            conn.execute(
                "UPDATE documents SET resolved_path = ? WHERE id = ?", (resolved(path), row_id)
            )


def _insert(conn: sqlite3.Connection, table: _Table[T], item: T, parent_id: int | None) -> int:
    """Insert one row; return its id."""
    row_id = conn.execute(table.insert(), table.params(item, parent_id, 1)).lastrowid
    assert row_id is not None  # an INSERT into a rowid table always sets it
    return row_id


def _insert_all(
    conn: sqlite3.Connection, table: _Table[T], items: Sequence[T], parent_id: int | None
) -> None:
    """Insert rows in order (``position`` counts from 1)."""
    rows = [table.params(item, parent_id, n) for n, item in enumerate(items, start=1)]
    conn.executemany(table.insert(), rows)


def _insert_document(conn: sqlite3.Connection, doc: Document, added_at: str) -> None:
    source = doc.source
    # Same input bytes at the same file → same document: replace it, its
    # children go by cascade. A row of an older database without a resolved
    # path is matched by the path as given.
    conn.execute(
        "DELETE FROM documents WHERE sha256 = ?"
        " AND (resolved_path = ? OR (resolved_path IS NULL AND path = ?))",
        (source.sha256, resolved(source.path), source.path),
    )
    document_id = _insert(conn, _DOCUMENTS, _Added(doc, added_at), None)
    for project in doc.projects:
        project_id = _insert(conn, _PROJECTS, project, document_id)
        pairs = [(project, indicator) for indicator in project.indicators]
        _insert_all(conn, _INDICATORS, pairs, project_id)
        _insert_all(conn, _SPENDING_PLAN, project.spending_plan, project_id)
    for table in doc.department_tables:
        table_id = _insert(conn, _DEPARTMENT_TABLES, table, document_id)
        _insert_all(conn, _DEPARTMENT_INDICATORS, table.indicators, table_id)
    _insert_all(conn, _WARNINGS, doc.warnings, document_id)


def write_path(documents: Sequence[Document], path: Path, options: WriteOptions) -> None:
    """Add ``documents`` (replacing same-sha256-and-path ones) and ``options.failures`` to ``path``.

    Creates the database if it does not exist. All or nothing: on any error the
    transaction is rolled back and the file keeps its previous content.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: no implicit transactions, so BEGIN/COMMIT below are
    # the only ones and the schema DDL falls inside the same transaction.
    conn = sqlite3.connect(path, isolation_level=None, timeout=LOCK_TIMEOUT)
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
            failures: list[_Added[Mapping[str, str]]] = [
                _Added(failure, added_at) for failure in options.failures
            ]
            _insert_all(conn, _FAILURES, failures, None)
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


def stored_documents(path: Path) -> set[tuple[str, str]]:
    """(sha256, resolved path) of every document in the database at ``path`` (the
    path as given where an old row has no resolved one): what a resumed run need
    not parse again. Empty when there is no such file or no documents table.
    """
    if not Path(path).is_file():
        return set()
    conn = sqlite3.connect(path, timeout=LOCK_TIMEOUT)
    try:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'"
        ).fetchone()
        if exists is None:
            return set()
        columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
        key = "coalesce(resolved_path, path)" if "resolved_path" in columns else "path"
        return set(conn.execute(f"SELECT sha256, {key} FROM documents"))
    finally:
        conn.close()
