"""`goalextract compare`: two versions of the sample, and exactly their differences."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import HEBEI, ROOT, SAMPLES
from goalextract.cli import app
from goalextract.compare import compare, indicator_key
from goalextract.models import Budget, Document, Indicator, Project, Source

runner = CliRunner()

# The edits that make the new version: one budget, one indicator row gone, one value.
BUDGET = ("\t8000.00\n", "\t9000.00\n")  # 车辆保险费: 预算数 and 财政资金 (2 cells)
REMOVED_ROW = (
    "\t\n\t质量指标\n\t社情民意反映率\n\t社情民意信息占采集信息比例\n\t≥95%\n\t年度工作计划\n\n"
)
VALUE = ("社情民意信息反映数量占比\n\t≥80%", "社情民意信息反映数量占比\n\t≥85%")  # 委员工作室经费


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    text = (SAMPLES / f"{HEBEI}.txt").read_text(encoding="utf-8")
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(text, encoding="utf-8")
    assert text.count(BUDGET[0]) == 2 and text.count(REMOVED_ROW) == 1 and text.count(VALUE[0]) == 1
    text = text.replace(*BUDGET).replace(REMOVED_ROW, "").replace(*VALUE)
    new.write_text(text, encoding="utf-8")
    return old, new


def _changes(payload: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every change in the JSON report, flattened: (project, kind, what, old, new)."""
    found: list[tuple[Any, ...]] = []
    for p in payload["projects"]:
        name = (p["new"] or p["old"])["name"]
        if p["match"] in ("added", "removed"):
            found.append((name, p["match"]))
        found.extend((name, "budget", b["field"], b["old"], b["new"]) for b in p["budget"])
        levels = ("level1", "level2", "level3")
        for kind in ("added", "removed"):
            found.extend(
                (name, kind, *(i[k] for k in levels), i["value"]) for i in p["indicators"][kind]
            )
        found.extend(
            (name, "changed", *(c[k] for k in levels), c["old"], c["new"])
            for c in p["indicators"]["changed"]
        )
    return found


EXPECTED = [
    ("车辆保险费", "budget", "total", 8000.0, 9000.0),
    ("车辆保险费", "budget", "fiscal", 8000.0, 9000.0),
    ("参政议政", "removed", "产出指标", "质量指标", "社情民意反映率", "≥95%"),
    ("委员工作室经费", "changed", "产出指标", "质量指标", "社情民意反映率", "≥80%", "≥85%"),
]


def test_json_reports_exactly_the_three_edits(versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = runner.invoke(app, ["compare", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["old"]["path"] == str(old) and payload["new"]["path"] == str(new)
    assert [p["match"] for p in payload["projects"]] == ["code"] * 5
    assert _changes(payload) == EXPECTED
    budget = next(p for p in payload["projects"] if p["budget"])["budget"]
    assert [b["difference"] for b in budget] == [1000.0, 1000.0]


def test_a_document_compared_with_itself_has_no_changes(versions: tuple[Path, Path]) -> None:
    old, _ = versions
    result = runner.invoke(app, ["compare", str(old), str(old), "--format", "json"])
    assert result.exit_code == 0
    assert _changes(json.loads(result.stdout)) == []


def test_text_report_groups_changes_by_project(versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = runner.invoke(app, ["compare", str(old), str(new)])
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())  # rich wraps long lines
    assert f"{old} → {new}: 5 projects matched (2 unchanged), 0 added, 0 removed" in out
    assert "project 2 车辆保险费" in out
    assert "total: 8,000.00 元 → 9,000.00 元 (+1,000.00)" in out
    assert "removed 产出指标 / 质量指标 / 社情民意反映率: ≥95%" in out
    assert "changed 产出指标 / 质量指标 / 社情民意反映率: ≥80% → ≥85%" in out
    assert "综合事务管理" not in out  # unchanged projects are only counted


def test_csv_has_one_row_per_change(versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = runner.invoke(app, ["compare", str(old), str(new), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert rows[0] == ["project", "code", "kind", "item", "old", "new"]
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("车辆保险费", "budget", "total", "8000.00", "9000.00"),
        ("车辆保险费", "budget", "fiscal", "8000.00", "9000.00"),
        ("参政议政", "indicator_removed", "产出指标 / 质量指标 / 社情民意反映率", "≥95%", ""),
        (
            "委员工作室经费",
            "indicator_changed",
            "产出指标 / 质量指标 / 社情民意反映率",
            "≥80%",
            "≥85%",
        ),
    ]


def test_parsed_json_inputs_give_the_same_changes(
    versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    outputs = []
    for path in (old, new):
        output = tmp_path / f"{path.stem}.json"
        assert runner.invoke(app, ["parse", str(path), "-o", str(output)]).exit_code == 0
        outputs.append(str(output))
    result = runner.invoke(app, ["compare", *outputs, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert _changes(payload) == EXPECTED
    assert payload["old"]["path"] == str(old)  # the document's own source
    # One side parsed, one read back: the same.
    mixed = runner.invoke(app, ["compare", outputs[0], str(new), "--format", "json"])
    assert _changes(json.loads(mixed.stdout)) == EXPECTED


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        ('{"documents": [], "failures": []}', "goalextract output of 0 documents"),
        ('{"schema_version": 2, "projects": []}', "not a goalextract document (schema_version 1)"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    versions: tuple[Path, Path], tmp_path: Path, content: str | None, reason: str
) -> None:
    old, _ = versions
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["compare", str(old), str(bad)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"goalextract: {bad}: {reason}")
    assert result.stdout == ""


def _doc(*projects: Project) -> Document:
    return Document(source=Source(path="x", format="txt", sha256=""), projects=list(projects))


def _indicator(level3: str, value: str, horizon: str = "annual") -> Indicator:
    return Indicator.model_validate(
        {
            "level1": "产出指标",
            "level2": "数量指标",
            "level3": level3,
            "value": value,
            "horizon": horizon,
        }
    )


def test_projects_match_by_code_then_folded_name_else_added_or_removed() -> None:
    old = _doc(
        Project(index=1, code="A1", name="甲"),
        Project(index=2, code="B1", name="乙 项目"),
        Project(index=3, name="丙"),
    )
    new = _doc(
        Project(index=1, name="丁", budget=Budget(total=5.0)),
        Project(index=2, code="B2", name="乙项目"),  # renumbered: same name, folded
        Project(index=3, code="A1", name="甲（新）"),  # renamed: same code
    )
    result = compare(old, new)
    assert [(p.match, p.old and p.old.index, p.new and p.new.index) for p in result.projects] == [
        ("added", None, 1),
        ("name", 2, 2),
        ("code", 1, 3),
        ("removed", 3, None),
    ]


def test_indicators_pair_by_levels_in_order_and_horizon_apart() -> None:
    old = _doc(
        Project(
            index=1,
            name="购置",
            indicators=[
                _indicator("台数", "10台"),
                _indicator("台数", "5台"),
                _indicator("率", "≥90%"),
            ],
        )
    )
    new = _doc(
        Project(
            index=1,
            name="购置",
            indicators=[
                _indicator("台 数", "10台"),  # folded: the same level 3
                _indicator("台数", "6台"),
                _indicator("率", "≥90%", "long_term"),
                _indicator("率", "≥９０％"),  # NFKC: printed the same
            ],
        )
    )
    (project,) = compare(old, new).projects
    assert [(c.old.value, c.new.value) for c in project.changed] == [("5台", "6台")]
    assert [indicator_key(i)[3] for i in project.added] == ["long_term"]
    assert project.removed == []


def test_readme_example_is_this_output(versions: tuple[Path, Path]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("cppcc-2021-revised.txt --format csv\n", 1)[1].split("```", 1)[0]
    result = runner.invoke(app, ["compare", *map(str, versions), "--format", "csv"])
    assert result.stdout_bytes.decode("utf-8-sig").replace("\r\n", "\n") == shown
