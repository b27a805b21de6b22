"""Flat rows for the tabular writers (CSV, XLSX): one column list, one header map.

The CSV and XLSX writers show the same tables, so the column order, the Chinese
header names and the way a Document is flattened live here once. Cells keep
their Python types (``float``, ``int``, ``str``, ``None``); each writer decides
how to render them (CSV as text, XLSX as typed cells).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeAlias

from goalextract.models import Document, Indicator

Cell: TypeAlias = str | int | float | None
Row: TypeAlias = list[Cell]

# The contract's CSV columns, in the contract's order; extras may only follow.
CONTRACT_INDICATOR_COLUMNS: tuple[str, ...] = (
    "source",
    "project_index",
    "unit_code",
    "unit_name",
    "code",
    "name",
    "budget_total",
    "level1",
    "level2",
    "level3",
    "description",
    "value",
    "operator",
    "number",
    "unit",
    "basis",
)
# `upper` keeps the top of a range (80%-90%) that `number` alone would lose.
INDICATOR_COLUMNS: tuple[str, ...] = (*CONTRACT_INDICATOR_COLUMNS, "horizon", "upper")

PROJECT_COLUMNS: tuple[str, ...] = (
    "source",
    "project_index",
    "title",
    "year",
    "unit_code",
    "unit_name",
    "department_code",
    "department_name",
    "money_unit",
    "code",
    "name",
    "budget_total",
    "budget_fiscal",
    "budget_other",
    "budget_carryover",
    "budget_project_total",
    "purpose",
    "goals",
    "long_term_goals",
    "indicator_count",
)

SPENDING_PLAN_COLUMNS: tuple[str, ...] = (
    "source",
    "project_index",
    "code",
    "name",
    "label",
    "month",
    "percent",
)

DEPARTMENT_COLUMNS: tuple[str, ...] = (
    "source",
    "table_index",
    "title",
    "year",
    "department_code",
    "department_name",
    "money_unit",
    "budget_total",
    "budget_basic",
    "budget_project",
    "goals",
    "long_term_goals",
    "indicator_count",
)

DEPARTMENT_INDICATOR_COLUMNS: tuple[str, ...] = (
    "source",
    "table_index",
    "department_name",
    "level1",
    "level2",
    "level3",
    "description",
    "value",
    "operator",
    "number",
    "unit",
    "basis",
    "horizon",
    "upper",
)

WARNING_COLUMNS: tuple[str, ...] = ("source", "project_index", "code", "message", "location")

FAILURE_COLUMNS: tuple[str, ...] = ("path", "error")

# Columns holding amounts in 元, for number formats and column typing.
AMOUNT_COLUMNS: frozenset[str] = frozenset(
    {
        "budget_total",
        "budget_fiscal",
        "budget_other",
        "budget_carryover",
        "budget_project_total",
        "budget_basic",
        "budget_project",
    }
)

# Every column name of every table → its Chinese header (`--lang zh`). One map
# for all tables so that a column is called the same wherever it appears.
ZH_HEADERS: dict[str, str] = {
    "source": "来源",
    "project_index": "项目序号",
    "title": "表名",
    "year": "年度",
    "unit_code": "单位编码",
    "unit_name": "单位名称",
    "department_code": "主管部门编码",
    "department_name": "主管部门名称",
    "money_unit": "金额单位",
    "code": "项目编码",
    "name": "项目名称",
    "budget_total": "预算数",
    "budget_fiscal": "财政资金",
    "budget_other": "其他资金",
    "budget_carryover": "上年结转",
    "budget_project_total": "项目资金总额",
    "purpose": "资金用途",
    "goals": "年度目标",
    "long_term_goals": "中长期目标",
    "indicator_count": "指标数",
    "table_index": "表序号",
    "budget_basic": "基本支出",
    "budget_project": "项目支出",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "description": "绩效指标描述",
    "value": "指标值",
    "operator": "运算符",
    "number": "数值",
    "unit": "单位",
    "basis": "指标值确定依据",
    "horizon": "目标期限",
    "upper": "上限",
    "label": "支出进度",
    "month": "月份",
    "percent": "百分比",
    "message": "说明",
    "location": "位置",
    "path": "路径",
    "error": "错误",
}


def header(columns: Sequence[str], lang: str) -> list[str]:
    """The header row for ``columns`` in ``lang`` (``en`` keeps the field names)."""
    if lang == "zh":
        return [ZH_HEADERS.get(column, column) for column in columns]
    if lang == "en":
        return list(columns)
    # A typo such as "cn" should not silently give English headers.
    raise ValueError(f"unknown header language {lang!r} (known: en, zh)")


def _indicator_cells(indicator: Indicator) -> Row:
    # level1 … basis: the contract's CSV order; horizon and upper follow it.
    target = indicator.target
    return [
        indicator.level1,
        indicator.level2,
        indicator.level3,
        indicator.description,
        indicator.value,
        target.operator,
        target.number,
        target.unit,
        indicator.basis,
        indicator.horizon,
        target.upper,
    ]


def indicator_rows(documents: Sequence[Document]) -> Iterator[Row]:
    """One row per indicator of every project, the project's columns repeated."""
    for doc in documents:
        for project in doc.projects:
            for indicator in project.indicators:
                yield [
                    doc.source.path,
                    project.index,
                    project.unit_code,
                    project.unit_name,
                    project.code,
                    project.name,
                    project.budget.total,
                    *_indicator_cells(indicator),
                ]


def project_rows(documents: Sequence[Document]) -> Iterator[Row]:
    """One row per project; list fields joined with newlines (one item a line)."""
    for doc in documents:
        for project in doc.projects:
            budget = project.budget
            yield [
                doc.source.path,
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
                "\n".join(project.goals),
                "\n".join(project.long_term_goals),
                len(project.indicators),
            ]


def spending_plan_rows(documents: Sequence[Document]) -> Iterator[Row]:
    """One row per column of each project's 资金支出计划."""
    for doc in documents:
        for project in doc.projects:
            for entry in project.spending_plan:
                yield [
                    doc.source.path,
                    project.index,
                    project.code,
                    project.name,
                    entry.label,
                    entry.month,
                    entry.percent,
                ]


def warning_rows(documents: Sequence[Document]) -> Iterator[Row]:
    """One row per parser warning; the location as compact ``key=value`` text."""
    for doc in documents:
        for warning in doc.warnings:
            location = (
                ", ".join(f"{key}={value}" for key, value in warning.location.items())
                if warning.location
                else None
            )
            yield [doc.source.path, warning.project, warning.code, warning.message, location]


def failure_rows(failures: Sequence[dict[str, str]]) -> Iterator[Row]:
    """One row per input that could not be parsed."""
    for failure in failures:
        yield [failure.get("path"), failure.get("error")]


def department_rows(documents: Sequence[Document]) -> Iterator[Row]:
    """One row per department table (部门整体支出绩效目标表)."""
    for doc in documents:
        for table in doc.department_tables:
            yield [
                doc.source.path,
                table.index,
                table.title,
                table.year,
                table.department_code,
                table.department_name,
                table.money_unit,
                table.budget.total,
                table.budget.basic,
                table.budget.project,
                "\n".join(table.goals),
                "\n".join(table.long_term_goals),
                len(table.indicators),
            ]


def department_indicator_rows(documents: Sequence[Document]) -> Iterator[Row]:
    """One row per indicator of every department table."""
    for doc in documents:
        for table in doc.department_tables:
            for indicator in table.indicators:
                yield [
                    doc.source.path,
                    table.index,
                    table.department_name,
                    *_indicator_cells(indicator),
                ]
