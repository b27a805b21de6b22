"""SQLite writer: schema, add/replace by sha256, cascades, one transaction."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES
from goalextract import parse_file
from goalextract.models import DepartmentBudget, DepartmentTable, Document, Indicator, ParseWarning
from goalextract.writers import EXTENSIONS, WriteOptions, get_writer, is_path_only, write_file
from goalextract.writers import sqlite as sqlite_writer


@pytest.fixture(scope="module")
def hebei() -> Document:
    return parse_file(SAMPLES / f"{HEBEI}.txt")


def _other(doc: Document, n: int = 0) -> Document:
    """The same content under another path and hash: a distinct document."""
    source = doc.source.model_copy(update={"path": f"other{n}.txt", "sha256": f"{n:064x}"})
    return doc.model_copy(update={"source": source})


@contextlib.contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        yield conn
    finally:
        conn.close()


def _counts(path: Path) -> dict[str, int]:
    tables = ("documents", "projects", "indicators", "spending_plan", "warnings", "failures")
    with _connect(path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_registered() -> None:
    for suffix in (".db", ".sqlite", ".sqlite3"):
        assert EXTENSIONS[suffix] == "sqlite"
    writer = get_writer("sqlite")
    assert is_path_only(writer)
    assert not is_path_only(get_writer("csv"))


def test_counts_and_values(hebei: Document, tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    sqlite_writer.write_path([hebei], db, WriteOptions())
    assert _counts(db) == {
        "documents": 1,
        "projects": 5,
        "indicators": 45,
        "spending_plan": 20,
        "warnings": 1,  # the blank 3月底 of project 2 (spending_plan_missing_value)
        "failures": 0,
    }
    with _connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == sqlite_writer.SCHEMA_VERSION
        sha, path, fmt, encoding, whole = conn.execute(
            "SELECT sha256, path, format, encoding, json FROM documents"
        ).fetchone()
        assert (sha, path, fmt, encoding) == (
            hebei.source.sha256,
            hebei.source.path,
            "txt",
            "utf-8",
        )
        assert json.loads(whole) == hebei.to_json_dict()

        project = hebei.projects[0]
        row = conn.execute(
            "SELECT id, project_index, code, unit_code, budget_total, budget_fiscal,"
            " budget_carryover, goals, extra FROM projects ORDER BY project_index LIMIT 1"
        ).fetchone()
        project_id = row[0]
        assert row[1:7] == (1, project.code, "131001", 100000.0, 100000.0, None)
        assert json.loads(row[7]) == project.goals
        assert json.loads(row[8]) == project.extra

        indicators = conn.execute(
            "SELECT position, level1, level2, level3, value, kind, operator, number, unit,"
            " horizon FROM indicators WHERE project_id = ? ORDER BY position",
            (project_id,),
        ).fetchall()
        assert [r[0] for r in indicators] == list(range(1, 10))
        assert [
            (i.level1, i.level2, i.level3, i.value, i.target.kind, i.target.operator)
            for i in project.indicators
        ] == [r[1:7] for r in indicators]
        assert indicators[0][7:] == (100000.0, "元", "annual")

        plan = conn.execute(
            "SELECT label, month, percent FROM spending_plan WHERE project_id = ?"
            " ORDER BY position",
            (project_id,),
        ).fetchall()
        assert plan == [
            ("3月底", 3, 10.0),
            ("6月底", 6, 62.0),
            ("10月底", 10, 92.0),
            ("12月底", 12, 100.0),
        ]

        # The flat view has the CSV's shape.
        assert conn.execute("SELECT count(*) FROM indicator_rows").fetchone()[0] == 45
        levels = conn.execute(
            "SELECT count(*) FROM indicators WHERE level1 = '产出指标'"
        ).fetchone()[0]
        assert levels == sum(i.level1 == "产出指标" for p in hebei.projects for i in p.indicators)


def test_second_write_replaces_a_different_document_adds(hebei: Document, tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    sqlite_writer.write_path([hebei], db, WriteOptions())
    first = _counts(db)
    sqlite_writer.write_path([hebei], db, WriteOptions())
    assert _counts(db) == first  # same sha256: replaced, not duplicated
    with _connect(db) as conn:
        # No orphans left behind by the replaced document.
        assert (
            conn.execute(
                "SELECT count(*) FROM indicators WHERE project_id NOT IN (SELECT id FROM projects)"
            ).fetchone()[0]
            == 0
        )

    sqlite_writer.write_path([_other(hebei, 1)], db, WriteOptions())
    counts = _counts(db)
    assert (counts["documents"], counts["projects"], counts["indicators"]) == (2, 10, 90)


def test_foreign_keys_cascade(hebei: Document, tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    sqlite_writer.write_path([hebei, _other(hebei, 1)], db, WriteOptions())
    with _connect(db) as conn:
        conn.execute("DELETE FROM documents WHERE path = 'other1.txt'")
        conn.commit()
    counts = _counts(db)
    assert (counts["documents"], counts["projects"], counts["indicators"]) == (1, 5, 45)
    assert counts["spending_plan"] == 20


def test_failures_are_appended(hebei: Document, tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    failure = ({"path": "bad.pdf", "error": "scan without text"},)
    sqlite_writer.write_path([hebei], db, WriteOptions(failures=failure))
    sqlite_writer.write_path([], db, WriteOptions(failures=failure))
    with _connect(db) as conn:
        rows = conn.execute("SELECT path, error, at FROM failures").fetchall()
    assert [r[:2] for r in rows] == [("bad.pdf", "scan without text")] * 2
    assert all(r[2] for r in rows)


def test_department_tables_and_warnings(hebei: Document, tmp_path: Path) -> None:
    doc = _other(hebei, 2).model_copy(
        update={
            "department_tables": [
                DepartmentTable(
                    index=1,
                    department_name="某局",
                    budget=DepartmentBudget(total=500.0, basic=300.0, project=200.0),
                    goals=["履职"],
                    indicators=[Indicator(level1="产出指标", level3="覆盖率", value="100%")],
                )
            ],
            "warnings": [ParseWarning(code="w1", message="注意", project=2, location={"line": 9})],
        }
    )
    db = tmp_path / "out.db"
    sqlite_writer.write_path([doc], db, WriteOptions())
    with _connect(db) as conn:
        table = conn.execute(
            "SELECT id, department_name, budget_total, budget_basic, goals FROM department_tables"
        ).fetchone()
        assert table[1:] == ("某局", 500.0, 300.0, '["履职"]')
        assert conn.execute(
            "SELECT level3, value FROM department_indicators WHERE department_table_id = ?",
            (table[0],),
        ).fetchall() == [("覆盖率", "100%")]
        assert conn.execute(
            "SELECT project_index, code, message, location FROM warnings"
        ).fetchall() == [(2, "w1", "注意", '{"line": 9}')]


def test_one_transaction(hebei: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "out.db"
    sqlite_writer.write_path([hebei], db, WriteOptions())
    before = _counts(db)
    real = sqlite_writer._insert_document
    calls = []

    def failing(conn: sqlite3.Connection, doc: Document, added_at: str) -> None:
        calls.append(doc.source.path)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        real(conn, doc, added_at)

    monkeypatch.setattr(sqlite_writer, "_insert_document", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        sqlite_writer.write_path([_other(hebei, 1), _other(hebei, 2)], db, WriteOptions())
    assert len(calls) == 2
    assert _counts(db) == before  # the first document of the failed run is not kept


def test_refuses_foreign_or_newer_databases(hebei: Document, tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    with _connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(sqlite_writer.DatabaseSchemaError, match="version 99") as raised:
        sqlite_writer.write_path([hebei], newer, WriteOptions())
    assert raised.value.path == str(newer)
    assert str(raised.value).startswith(f"{newer}: database schema version 99")

    foreign = tmp_path / "foreign.db"
    with _connect(foreign) as conn:
        conn.execute("CREATE TABLE documents (title TEXT)")
        conn.commit()
    with pytest.raises(sqlite_writer.DatabaseSchemaError, match="documents") as raised:
        sqlite_writer.write_path([hebei], foreign, WriteOptions())
    assert str(raised.value).startswith(f"{foreign}: has a 'documents' table")
    with _connect(foreign) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("documents",)]  # nothing was added to someone else's database


def test_write_file_dispatches_to_write_path(hebei: Document, tmp_path: Path) -> None:
    db = tmp_path / "sub" / "all.sqlite3"
    writer = get_writer(EXTENSIONS[db.suffix])
    write_file(writer, [hebei], db, WriteOptions())
    write_file(writer, [_other(hebei, 1)], db, WriteOptions())
    assert _counts(db)["documents"] == 2  # added, not overwritten


def test_stream_gets_a_fresh_database(hebei: Document, tmp_path: Path) -> None:
    stream = io.BytesIO()
    get_writer("sqlite").write([hebei], stream, WriteOptions())
    assert stream.getvalue().startswith(b"SQLite format 3\x00")
    db = tmp_path / "copy.db"
    db.write_bytes(stream.getvalue())
    assert _counts(db)["indicators"] == 45


def test_identical_files_at_two_paths_are_two_documents(hebei: Document, tmp_path: Path) -> None:
    # A folder of submissions can hold the same file from two units: both count.
    db = tmp_path / "out.db"
    copy = hebei.model_copy(
        update={"source": hebei.source.model_copy(update={"path": "unit-b/same.txt"})}
    )
    sqlite_writer.write_path([hebei, copy], db, WriteOptions())
    sqlite_writer.write_path([hebei, copy], db, WriteOptions())
    counts = _counts(db)
    assert (counts["documents"], counts["indicators"]) == (2, 90)


def test_one_file_by_relative_and_absolute_path_is_one_document(
    hebei: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "out.db"
    (tmp_path / "in").mkdir()
    given = [Path("in/a.txt"), tmp_path / "in" / "a.txt", Path("in/../in/a.txt")]
    for path in given:
        doc = hebei.model_copy(
            update={"source": hebei.source.model_copy(update={"path": str(path)})}
        )
        sqlite_writer.write_path([doc], db, WriteOptions())
    with _connect(db) as conn:
        rows = conn.execute("SELECT path, resolved_path FROM documents").fetchall()
    assert rows == [("in/../in/a.txt", str(tmp_path.resolve() / "in" / "a.txt"))]
    assert _counts(db)["indicators"] == 45


def test_indicators_carry_the_normalized_reading(hebei: Document, tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    sqlite_writer.write_path([hebei], db, WriteOptions())
    with _connect(db) as conn:
        kinds = dict(
            conn.execute(
                "SELECT normalized_kind, count(*) FROM indicator_rows GROUP BY normalized_kind"
            ).fetchall()
        )
        money = conn.execute(
            "SELECT value, normalized_value, normalized_unit FROM indicators"
            " WHERE normalized_kind = 'money' LIMIT 1"
        ).fetchone()
    assert kinds["percent"] > 0
    assert money is not None and money[2] == "元"


def _as_version_2(db: Path) -> None:
    """Turn a database this version wrote into one version 2 wrote (no resolved_path,
    no normalized_* columns, documents unique by sha256 and path)."""
    documents = sqlite_writer._DOCUMENTS
    names = [c.name for c in documents.columns if c.name != "resolved_path"]
    create = (
        documents.create()
        .replace("documents (", "documents_v2 (", 1)
        .replace("    resolved_path TEXT,\n", "")
        .replace("UNIQUE (sha256, resolved_path)", "UNIQUE (sha256, path)")
    )
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("DROP VIEW indicator_rows")
        conn.execute(create)
        columns = ", ".join(["id", *names])
        conn.execute(f"INSERT INTO documents_v2 ({columns}) SELECT {columns} FROM documents")
        conn.execute("DROP TABLE documents")
        conn.execute("ALTER TABLE documents_v2 RENAME TO documents")
        for table in ("indicators", "department_indicators"):
            for column in sqlite_writer._INDICATOR_FIELDS:
                if column.name.startswith("normalized_"):
                    conn.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
        conn.execute("PRAGMA user_version = 2")
        conn.commit()


def test_version_2_database_gets_resolved_paths_and_normalized_columns(
    hebei: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "old.db"

    def at(path: str) -> Document:
        return hebei.model_copy(update={"source": hebei.source.model_copy(update={"path": path})})

    sqlite_writer.write_path([at(str(tmp_path / "a.txt")), at("b.txt")], db, WriteOptions())
    _as_version_2(db)
    with _connect(db) as conn:
        assert "resolved_path" not in {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    # The same two files again, a.txt now by a relative path, b.txt as before.
    sqlite_writer.write_path([at("a.txt"), at("b.txt")], db, WriteOptions())
    with _connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == sqlite_writer.SCHEMA_VERSION
        rows = conn.execute("SELECT path, resolved_path FROM documents ORDER BY path").fetchall()
        kinds = conn.execute("SELECT DISTINCT normalized_kind FROM indicator_rows").fetchall()
    assert rows == [("a.txt", str(tmp_path / "a.txt")), ("b.txt", str(tmp_path / "b.txt"))]
    assert ("percent",) in kinds
