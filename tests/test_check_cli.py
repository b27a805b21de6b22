"""`goalextract check`: the report people and pipelines gate on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import HEBEI, SAMPLES
from goalextract.cli import app
from test_cases import case_to_export

runner = CliRunner()

MISMATCH = """\
项目支出绩效目标表
单位：元
| 项目名称 | 办公设备购置 | 项目编码 | P-001 |
| 预算规模及资金用途 | 预算数 | 100000.00 | 其中：财政资金 | 80000.00 | 其他资金 | 0 |
| 绩效目标 | 购置设备。 |
| 一级指标 | 二级指标 | 三级指标 | 指标值 |
| 产出指标 | 数量指标 | 台数 | 10台 |
| 效益指标 | 社会效益指标 | 效率 | 提升 |
| 满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% |
"""


@pytest.fixture
def mismatch(tmp_path: Path) -> Path:
    path = tmp_path / "mismatch.txt"
    path.write_bytes(case_to_export(MISMATCH))
    return path


def test_mismatched_budget_exits_1_and_names_project_numbers_and_cell(mismatch: Path) -> None:
    result = runner.invoke(app, ["check", str(mismatch)])
    assert result.exit_code == 1
    out = " ".join(result.stdout.split())
    assert "project 1 办公设备购置" in out
    assert "budget_sum_mismatch" in out
    assert "100000.00" in out and "80000.00" in out and "20000.00" in out
    assert "table 0 r1 c2" in out  # the 预算数 amount cell


def test_counts_are_singular_for_one(mismatch: Path) -> None:
    result = runner.invoke(app, ["check", str(mismatch)])
    out = " ".join(result.stdout.split())  # rich wraps long lines
    assert f"{mismatch}: 1 project, 1 error, 0 warnings, 0 notes" in out
    result = runner.invoke(app, ["show", str(mismatch)])
    assert "1 project, 0 department tables, 1 warning" in " ".join(result.stdout.split())


def test_json_report_has_severities(mismatch: Path) -> None:
    result = runner.invoke(app, ["check", str(mismatch), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    findings = report[0]["findings"]
    assert [(f["code"], f["severity"], f["project"]) for f in findings] == [
        ("budget_sum_mismatch", "error", 1)
    ]
    assert findings[0]["location"]["row"] == 1


def test_sample_passes_unless_strict() -> None:
    sample = str(SAMPLES / f"{HEBEI}.txt")
    relaxed = runner.invoke(app, ["check", sample])
    assert relaxed.exit_code == 0
    assert "spending_plan_missing_value" in relaxed.stdout
    strict = runner.invoke(app, ["check", sample, "--strict"])
    assert strict.exit_code == 1


def test_rule_set_2021_requires_cost_category() -> None:
    sample = str(SAMPLES / f"{HEBEI}.txt")
    result = runner.invoke(app, ["check", sample, "--rules", "2021", "--format", "json"])
    codes = [f["code"] for f in json.loads(result.stdout)[0]["findings"]]
    assert codes.count("missing_indicator_category") == 5


def test_unknown_rule_set_is_a_usage_error() -> None:
    result = runner.invoke(app, ["check", str(SAMPLES / f"{HEBEI}.txt"), "--rules", "1999"])
    assert result.exit_code == 2
    assert "Invalid value for '--rules'" in result.stderr
    assert "'1999' is not one of 'standard', 'cost', '2024', '2021'" in result.stderr


def test_unreadable_input_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"goalextract: {tmp_path / 'missing.pdf'}: no such file"


def test_parse_output_carries_check_findings(mismatch: Path) -> None:
    document = json.loads(runner.invoke(app, ["parse", str(mismatch)]).stdout)
    assert [w["code"] for w in document["warnings"]] == ["budget_sum_mismatch"]
    plain = json.loads(runner.invoke(app, ["parse", str(mismatch), "--no-checks"]).stdout)
    assert plain["warnings"] == []
