"""docs/output.md lists every column of every table, in order, as the writers define them."""

from __future__ import annotations

import re
import sqlite3

import pytest

from conftest import ROOT
from goalextract.writers import _tables as tables
from goalextract.writers import sqlite as sqlite_writer

DOC = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")


def _documented(section: str) -> dict[str, list[str]]:
    """``### `table` `` → the backticked names in the first cell of its rows, in order."""
    body = DOC.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    found: dict[str, list[str]] = {}
    for block in re.split(r"^### ", body, flags=re.MULTILINE)[1:]:
        name = re.match(r"`(\w+)`", block)
        assert name, block[:40]
        found[name.group(1)] = re.findall(r"^\| `(\w+)` \| \S", block, re.MULTILINE)
    return found


def _sqlite_columns() -> dict[str, list[str]]:
    conn = sqlite3.connect(":memory:")
    for statement in sqlite_writer._schema():
        conn.execute(statement)
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY rowid"
        )
    ]
    return {name: [row[1] for row in conn.execute(f"PRAGMA table_info({name})")] for name in names}


def test_csv_tsv_and_xlsx_tables_are_documented() -> None:
    expected = {
        "indicators": tables.INDICATOR_COLUMNS,
        "projects": tables.PROJECT_COLUMNS,
        "documents": tables.DOCUMENT_COLUMNS,
        "spending_plan": tables.SPENDING_PLAN_COLUMNS,
        "department_tables": tables.DEPARTMENT_COLUMNS,
        "department_indicators": tables.DEPARTMENT_INDICATOR_COLUMNS,
        "warnings": tables.WARNING_COLUMNS,
        "failures": tables.FAILURE_COLUMNS,
    }
    assert _documented("CSV, TSV and XLSX") == {k: list(v) for k, v in expected.items()}


def test_sqlite_tables_and_view_are_documented() -> None:
    columns = _sqlite_columns()
    assert "indicator_rows" in columns
    assert _documented("SQLite") == columns


@pytest.mark.parametrize("table", ["indicators", "projects", "documents"])
def test_every_csv_table_choice_is_documented(table: str) -> None:
    from goalextract.writers.csv import TABLES

    assert table in TABLES
    assert f"`--table {table}`" in DOC


def test_readme_links_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/output.md)" in readme.split("## Output", 1)[1].split("\n## ", 1)[0]
