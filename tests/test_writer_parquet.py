"""Parquet: one typed file per table, read back with pyarrow; and goalextract.to_dataframes.

A folder of the bundled samples, a prose-only report and a broken file, as in
test_writer_trust.py: every input in the documents table with its status, every
warning with its severity.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import HEBEI, SAMPLES
from goalextract import parse_file
from goalextract.cli import app
from goalextract.writers import EXTENSIONS
from goalextract.writers._tables import TABLES

runner = CliRunner()

TABLE_NAMES = [spec.name for spec in TABLES]


def _pyarrow() -> Any:
    return pytest.importorskip(
        "pyarrow.parquet", reason="pyarrow is not installed: pip install 'goalextract[parquet]'"
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    for suffix in (".txt", ".docx"):
        shutil.copy(SAMPLES / f"{HEBEI}{suffix}", root / f"{HEBEI}{suffix}")
    (root / "prose.txt").write_text("2024年部门预算说明\n一、部门职责\n", encoding="utf-8")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return root


@pytest.fixture(scope="module")
def written(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pq = _pyarrow()
    out = tmp_path_factory.mktemp("out") / "all.parquet"
    result = runner.invoke(app, ["parse", str(folder), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output  # the broken input
    files = sorted(p.name for p in out.parent.iterdir())
    assert files == sorted(f"all.{name}.parquet" for name in TABLE_NAMES)
    return {name: pq.read_table(out.parent / f"all.{name}.parquet") for name in TABLE_NAMES}


def test_extension_names_the_format() -> None:
    assert EXTENSIONS[".parquet"] == "parquet"


def test_documents_table_has_every_input_with_its_status(written: dict[str, Any]) -> None:
    rows = {Path(row["source"]).name: row for row in written["documents"].to_pylist()}
    assert {name: row["status"] for name, row in rows.items()} == {
        f"{HEBEI}.txt": "parsed",
        f"{HEBEI}.docx": "parsed",
        "prose.txt": "no_target_tables",
        "broken.docx": "failed",
    }
    assert rows[f"{HEBEI}.txt"]["project_count"] == 5
    assert rows["broken.docx"]["error"]
    assert [f["path"] for f in written["failures"].to_pylist()] == [rows["broken.docx"]["source"]]


def test_warnings_have_their_severity(written: dict[str, Any]) -> None:
    warnings = written["warnings"].to_pylist()
    assert {(w["code"], w["severity"]) for w in warnings} >= {
        ("spending_plan_missing_value", "warning"),
        ("no_target_tables", "warning"),
    }
    assert all(w["severity"] in ("error", "warning", "info") for w in warnings)


def test_columns_are_typed(written: dict[str, Any]) -> None:
    import pyarrow as pa

    projects = written["projects"].schema
    assert projects.field("budget_total").type == pa.float64()
    assert projects.field("project_index").type == pa.int64()
    assert projects.field("needs_review").type == pa.bool_()
    assert projects.field("goals").type == pa.list_(pa.string())
    indicators = written["indicators"]
    assert list(indicators.column_names) == list(TABLES[2].columns)
    money = [
        row
        for row in indicators.to_pylist()
        if row["value"] == "≤100000元" and row["source"].endswith(".txt")
    ]
    assert money[0]["normalized_kind"] == "money"
    assert money[0]["normalized_value"] == 100000.0
    # Tables without rows are still written, with their columns.
    assert written["department_tables"].num_rows == 0
    assert "budget_basic" in written["department_tables"].column_names


def test_a_name_without_the_suffix_gets_the_same_files(tmp_path: Path) -> None:
    _pyarrow()
    out = tmp_path / "results"
    sample = str(SAMPLES / f"{HEBEI}.txt")
    result = runner.invoke(app, ["parse", sample, "-o", str(out), "--format", "parquet"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "results.indicators.parquet").is_file()


@pytest.mark.parametrize("output", [[], ["-o", "-"]])
def test_standard_output_is_a_usage_error(output: list[str]) -> None:
    _pyarrow()
    sample = str(SAMPLES / f"{HEBEI}.txt")
    result = runner.invoke(app, ["parse", sample, "--format", "parquet", *output])
    assert result.exit_code == 2
    assert result.stderr == (
        "goalextract: parquet writes one file per table: give -o FILE (e.g. -o out.parquet)\n"
    )


def test_without_pyarrow_the_extra_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # None in sys.modules makes the import fail as if pyarrow were not installed.
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    monkeypatch.delitem(sys.modules, "goalextract.writers.parquet", raising=False)
    sample = str(SAMPLES / f"{HEBEI}.txt")
    result = runner.invoke(app, ["parse", sample, "-o", str(tmp_path / "out.parquet")])
    assert result.exit_code == 2
    assert result.stderr == (
        "goalextract: Parquet output needs pyarrow: pip install 'goalextract[parquet]'\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_to_dataframes_gives_every_table() -> None:
    pytest.importorskip(
        "pandas", reason="pandas is not installed: pip install 'goalextract[dataframes]'"
    )
    from goalextract import to_dataframes

    document = parse_file(SAMPLES / f"{HEBEI}.txt")
    frames = to_dataframes([document], failures=[{"path": "bad.pdf", "error": "no text layer"}])
    assert list(frames) == TABLE_NAMES
    assert len(frames["indicators"]) == 45
    assert list(frames["indicators"].columns) == list(TABLES[2].columns)
    assert frames["documents"]["status"].tolist() == ["parsed", "failed"]
    money = frames["indicators"].query("normalized_kind == 'money'")
    assert money["normalized_value"].sum() > 0
    assert frames["projects"]["goals"].iloc[0] == document.projects[0].goals


def test_to_dataframes_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from goalextract.errors import ConverterMissing
    from goalextract.frames import to_dataframes

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ConverterMissing, match=r"pip install 'goalextract\[dataframes\]'"):
        to_dataframes([])
