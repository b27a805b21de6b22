"""Trust signals in every tabular output: a documents table, severities, review flags.

A folder of the bundled samples, a prose-only report (no target tables) and a
broken file, parsed through the CLI into CSV, TSV, XLSX and SQLite, read back
with csv, openpyxl and sqlite3.
"""

from __future__ import annotations

import contextlib
import csv
import json
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import HEBEI, SAMPLES
from goalextract.cli import app
from goalextract.writers import sqlite as sqlite_writer

runner = CliRunner()

PROSE = "2024年部门预算说明\n一、部门职责\n负责本部门的日常工作。\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    for sample in sorted(SAMPLES.glob(f"{HEBEI}.*")):
        shutil.copy(sample, root / sample.name)
    (root / "prose.txt").write_text(PROSE, encoding="utf-8")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return root


def _parse(folder: Path, out: Path, *options: str) -> None:
    result = runner.invoke(app, ["parse", str(folder), "-o", str(out), *options])
    assert result.exit_code == 1, result.output  # the broken input fails


def _csv(path: Path, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def _by_path(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {Path(row["source"]).name: row for row in rows}


def test_csv_documents_table_has_every_input(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "documents.csv"
    _parse(folder, out, "--table", "documents")
    rows = _by_path(_csv(out))
    assert set(rows) == {f"{HEBEI}.txt", f"{HEBEI}.docx", f"{HEBEI}.doc", f"{HEBEI}.pdf"} | {
        "prose.txt",
        "broken.docx",
    }
    txt = rows[f"{HEBEI}.txt"]
    assert txt["status"] == "parsed"
    assert (txt["format"], txt["project_count"], txt["indicator_count"]) == ("txt", "5", "45")
    assert txt["department_table_count"] == "0"
    assert (txt["error_count"], txt["warning_count"], txt["error"]) == ("0", "1", "")
    assert rows["prose.txt"]["status"] == "no_target_tables"
    assert rows["prose.txt"]["project_count"] == "0"
    assert rows["prose.txt"]["warning_count"] == "1"  # the no_target_tables warning
    broken = rows["broken.docx"]
    assert broken["status"] == "failed"
    assert broken["error"]
    assert broken["project_count"] == "0"


def test_tsv_documents_table(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "documents.tsv"
    _parse(folder, out, "--table", "documents")
    rows = _by_path(_csv(out, encoding="utf-8", delimiter="\t"))
    assert rows["broken.docx"]["status"] == "failed"
    assert rows["prose.txt"]["status"] == "no_target_tables"


def test_csv_projects_and_indicators_carry_review_and_identity(
    folder: Path, tmp_path: Path
) -> None:
    projects = tmp_path / "projects.csv"
    _parse(folder, projects, "--table", "projects")
    txt = [row for row in _csv(projects) if row["source"].endswith(f"{HEBEI}.txt")]
    assert [(r["needs_review"], r["review_reasons"]) for r in txt][:2] == [
        ("false", ""),
        ("true", "spending_plan_missing_value"),
    ]
    indicators = tmp_path / "indicators.csv"
    _parse(folder, indicators)
    rows = _csv(indicators)
    for column in ("year", "department_code", "department_name", "code", "name"):
        assert column in rows[0]
    flagged = {r["needs_review"] for r in rows if r["project_index"] == "2"}
    assert flagged == {"true"}


def test_xlsx_documents_sheet_severity_and_indicator_identity(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    _parse(folder, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "documents"

    def records(name: str) -> list[dict[str, object]]:
        sheet = book[name]
        rows = list(sheet.iter_rows(values_only=True))
        return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    statuses = {Path(str(r["source"])).name: r["status"] for r in records("documents")}
    assert statuses["broken.docx"] == "failed"
    assert statuses["prose.txt"] == "no_target_tables"
    assert statuses[f"{HEBEI}.txt"] == "parsed"
    warnings = records("warnings")
    assert {r["severity"] for r in warnings} <= {"error", "warning", "info"}
    assert all(r["severity"] for r in warnings)
    projects = records("projects")
    assert any(r["needs_review"] is True for r in projects)
    assert any(r["needs_review"] is False for r in projects)
    indicator = records("indicators")[0]
    for column in ("code", "name", "year", "department_name", "needs_review"):
        assert column in indicator


def test_sqlite_documents_counts_severity_review_and_indicator_identity(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.db"
    _parse(folder, out)
    with contextlib.closing(sqlite3.connect(out)) as conn:
        docs = {
            Path(path).name: (status, projects, indicators, warnings)
            for path, status, projects, indicators, warnings in conn.execute(
                "SELECT path, status, project_count, indicator_count, warning_count FROM documents"
            )
        }
        assert docs[f"{HEBEI}.txt"] == ("parsed", 5, 45, 1)
        assert docs["prose.txt"] == ("no_target_tables", 0, 0, 1)
        failures = [Path(p).name for (p,) in conn.execute("SELECT path FROM failures")]
        assert failures == ["broken.docx"]
        severities = {s for (s,) in conn.execute("SELECT severity FROM warnings")}
        assert severities and severities <= {"error", "warning", "info"}
        review = conn.execute(
            "SELECT p.needs_review, p.review_reasons FROM projects p JOIN documents d"
            " ON d.id = p.document_id WHERE d.path LIKE ? ORDER BY p.project_index",
            (f"%{HEBEI}.txt",),
        ).fetchall()
        assert review[:2] == [(0, "[]"), (1, '["spending_plan_missing_value"]')]
        row = conn.execute(
            "SELECT i.project_code, i.project_name, i.year, i.department_name, p.code, p.name"
            " FROM indicators i JOIN projects p ON p.id = i.project_id LIMIT 1"
        ).fetchone()
        assert row[0] == row[4] and row[1] == row[5] and row[1]


def test_sqlite_version_1_database_gets_the_new_columns(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "old.db"
    sample = folder / f"{HEBEI}.txt"
    assert runner.invoke(app, ["parse", str(sample), "-o", str(out)]).exit_code == 0
    added = {
        "documents": ["status", "project_count", "error_count", "warning_count"],
        "projects": ["needs_review", "review_reasons"],
        "indicators": ["project_code", "project_name", "year", "department_name"],
        "warnings": ["severity"],
    }
    with contextlib.closing(sqlite3.connect(out)) as conn:  # as version 1 wrote it
        conn.execute("DROP VIEW indicator_rows")
        for table, columns in added.items():
            for column in columns:
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
    prose = folder / "prose.txt"
    assert runner.invoke(app, ["parse", str(prose), "-o", str(out)]).exit_code == 0
    with contextlib.closing(sqlite3.connect(out)) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == sqlite_writer.SCHEMA_VERSION
        rows = conn.execute("SELECT path, status FROM documents ORDER BY id").fetchall()
        assert [status for _path, status in rows] == [None, "no_target_tables"]
        conn.execute("SELECT year, needs_review FROM indicator_rows").fetchall()


def test_json_projects_need_review_and_warnings_have_severity(folder: Path) -> None:
    result = runner.invoke(app, ["parse", str(folder / f"{HEBEI}.txt")])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert [w["severity"] for w in doc["warnings"]] == ["warning"]
    assert [(p["needs_review"], p["review_reasons"]) for p in doc["projects"]][:2] == [
        (False, []),
        (True, ["spending_plan_missing_value"]),
    ]
