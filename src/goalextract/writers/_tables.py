"""The writers' columns, defined once: name, SQLite type and how to read each from the models.

Every tabular writer shows the same fields. A :class:`Column` says what a field
is called (the English header, the SQLite column), its SQLite type and how to
read it from a model; the column sets below (``PROJECT``, ``INDICATOR`` …) list
each model's columns once. A table is then a choice and an order of columns:
the CSV/XLSX tables further down, the SQLite tables in ``sqlite.py``.

Values keep their Python types; lists (goals) and mappings (extra, location)
are rendered by the writer: :func:`flat` for CSV and XLSX (one item a line;
``key=value, …``), JSON text for SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

from goalextract.models import (
    DepartmentTable,
    Document,
    Indicator,
    ParseWarning,
    Project,
    SpendingPlanEntry,
)

Cell: TypeAlias = str | int | float | None
Row: TypeAlias = list[Cell]
# A column's value before a writer renders it.
Value: TypeAlias = Cell | list[str] | Mapping[str, object]
# How a writer renders a value into a cell: :func:`flat` for CSV and XLSX; the
# typed writers keep lists as lists.
Render: TypeAlias = Callable[[Value], Any]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Column(Generic[T]):
    """One field of a ``T`` as a column."""

    name: str  # the English header and the SQLite column name
    sql: str  # its SQLite type and constraint ("TEXT NOT NULL")
    get: Callable[[T], Value]


def column_set(*columns: Column[T]) -> dict[str, Column[T]]:
    """Columns by name."""
    return {column.name: column for column in columns}


def pick(columns: Mapping[str, Column[T]], names: str) -> tuple[Column[T], ...]:
    """The columns named in ``names`` (space-separated), in that order."""
    return tuple(columns[name] for name in names.split())


def lift(columns: Iterable[Column[T]], part: Callable[[R], T]) -> tuple[Column[R], ...]:
    """The same columns read from a part of a larger row (a project's columns on its indicators)."""

    def via(column: Column[T]) -> Column[R]:
        return Column(column.name, column.sql, lambda row: column.get(part(row)))

    return tuple(via(column) for column in columns)


def names(columns: Iterable[Column[T]]) -> tuple[str, ...]:
    """The columns' names, in order."""
    return tuple(column.name for column in columns)


def flat(value: Value) -> Cell:
    """A value as one CSV or XLSX cell: a list one item a line, a mapping ``key=value, …``."""
    if isinstance(value, list):
        return "\n".join(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{key}={item}" for key, item in value.items()) or None
    return value


# -- every model's columns ---------------------------------------------------------------

PROJECT: dict[str, Column[Project]] = column_set(
    Column("project_index", "INTEGER NOT NULL", lambda p: p.index),
    Column("title", "TEXT", lambda p: p.title),
    Column("year", "INTEGER", lambda p: p.year),
    Column("unit_code", "TEXT", lambda p: p.unit_code),
    Column("unit_name", "TEXT", lambda p: p.unit_name),
    Column("department_code", "TEXT", lambda p: p.department_code),
    Column("department_name", "TEXT", lambda p: p.department_name),
    Column("money_unit", "TEXT", lambda p: p.money_unit),
    Column("code", "TEXT", lambda p: p.code),
    Column("name", "TEXT", lambda p: p.name),
    Column("budget_total", "REAL", lambda p: p.budget.total),
    Column("budget_fiscal", "REAL", lambda p: p.budget.fiscal),
    Column("budget_other", "REAL", lambda p: p.budget.other),
    Column("budget_carryover", "REAL", lambda p: p.budget.carryover),
    Column("budget_project_total", "REAL", lambda p: p.budget.project_total),
    Column("purpose", "TEXT", lambda p: p.purpose),
    Column("goals", "TEXT NOT NULL", lambda p: p.goals),
    Column("long_term_goals", "TEXT NOT NULL", lambda p: p.long_term_goals),
    Column("indicator_count", "INTEGER NOT NULL", lambda p: len(p.indicators)),
    Column("extra", "TEXT NOT NULL", lambda p: p.extra),
    Column("location", "TEXT NOT NULL", lambda p: p.location),
    Column("needs_review", "INTEGER NOT NULL", lambda p: p.needs_review),
    Column("review_reasons", "TEXT NOT NULL", lambda p: p.review_reasons),
)

DEPARTMENT: dict[str, Column[DepartmentTable]] = column_set(
    Column("table_index", "INTEGER NOT NULL", lambda t: t.index),
    Column("title", "TEXT", lambda t: t.title),
    Column("year", "INTEGER", lambda t: t.year),
    Column("department_code", "TEXT", lambda t: t.department_code),
    Column("department_name", "TEXT", lambda t: t.department_name),
    Column("money_unit", "TEXT", lambda t: t.money_unit),
    Column("budget_total", "REAL", lambda t: t.budget.total),
    Column("budget_basic", "REAL", lambda t: t.budget.basic),
    Column("budget_project", "REAL", lambda t: t.budget.project),
    Column("goals", "TEXT NOT NULL", lambda t: t.goals),
    Column("long_term_goals", "TEXT NOT NULL", lambda t: t.long_term_goals),
    Column("indicator_count", "INTEGER NOT NULL", lambda t: len(t.indicators)),
    Column("extra", "TEXT NOT NULL", lambda t: t.extra),
    Column("location", "TEXT NOT NULL", lambda t: t.location),
)

INDICATOR: dict[str, Column[Indicator]] = column_set(
    Column("level1", "TEXT", lambda i: i.level1),
    Column("level2", "TEXT", lambda i: i.level2),
    Column("level3", "TEXT", lambda i: i.level3),
    Column("description", "TEXT", lambda i: i.description),
    Column("value", "TEXT NOT NULL", lambda i: i.value),
    Column("kind", "TEXT NOT NULL", lambda i: i.target.kind),
    Column("operator", "TEXT", lambda i: i.target.operator),
    Column("number", "REAL", lambda i: i.target.number),
    # `upper` keeps the top of a range (80%-90%) that `number` alone would lose.
    Column("upper", "REAL", lambda i: i.target.upper),
    Column("unit", "TEXT", lambda i: i.target.unit),
    # The target normalised (money in 元, percent, counts, durations, dates):
    # values of one normalized_kind sum and compare across documents.
    Column("normalized_kind", "TEXT NOT NULL", lambda i: i.target.normalized.kind),
    Column("normalized_operator", "TEXT", lambda i: i.target.normalized.operator),
    Column("normalized_value", "REAL", lambda i: i.target.normalized.value),
    Column("normalized_upper", "REAL", lambda i: i.target.normalized.upper),
    Column("normalized_unit", "TEXT", lambda i: i.target.normalized.unit),
    Column("normalized_start", "TEXT", lambda i: i.target.normalized.start),
    Column("normalized_end", "TEXT", lambda i: i.target.normalized.end),
    Column("basis", "TEXT", lambda i: i.basis),
    Column("horizon", "TEXT NOT NULL", lambda i: i.horizon),
    Column("extra", "TEXT NOT NULL", lambda i: i.extra),
)

SPENDING_PLAN: dict[str, Column[SpendingPlanEntry]] = column_set(
    Column("label", "TEXT NOT NULL", lambda e: e.label),
    Column("month", "INTEGER", lambda e: e.month),
    Column("percent", "REAL", lambda e: e.percent),
)

WARNING: dict[str, Column[ParseWarning]] = column_set(
    Column("project_index", "INTEGER", lambda w: w.project),
    Column("code", "TEXT NOT NULL", lambda w: w.code),
    Column("severity", "TEXT NOT NULL", lambda w: w.severity),
    Column("message", "TEXT NOT NULL", lambda w: w.message),
    Column("location", "TEXT", lambda w: w.location),
)

FAILURE: dict[str, Column[Mapping[str, str]]] = column_set(
    Column("path", "TEXT NOT NULL", lambda f: f.get("path", "")),
    Column("error", "TEXT NOT NULL", lambda f: f.get("error", "")),
)


@dataclass(frozen=True)
class InputSummary:
    """One input of a run, parsed or failed: the documents table's row."""

    path: str
    format: str | None
    status: str  # parsed, no_target_tables, failed
    project_count: int = 0
    department_table_count: int = 0
    indicator_count: int = 0  # of the projects
    department_indicator_count: int = 0
    error_count: int = 0  # warnings of severity error
    warning_count: int = 0  # ... of severity warning
    info_count: int = 0  # ... of severity info
    error: str | None = None  # why a failed input failed

    @classmethod
    def of(cls, doc: Document) -> InputSummary:
        """A parsed document's summary."""
        severities = [w.severity for w in doc.warnings]
        return cls(
            path=doc.source.path,
            format=doc.source.format,
            status="parsed" if doc.projects or doc.department_tables else "no_target_tables",
            project_count=len(doc.projects),
            department_table_count=len(doc.department_tables),
            indicator_count=sum(len(p.indicators) for p in doc.projects),
            department_indicator_count=sum(len(t.indicators) for t in doc.department_tables),
            error_count=severities.count("error"),
            warning_count=severities.count("warning"),
            info_count=severities.count("info"),
        )

    @classmethod
    def failed(cls, failure: Mapping[str, str]) -> InputSummary:
        """A failed input's summary."""
        return cls(failure.get("path", ""), None, "failed", error=failure.get("error", ""))


# The counts and status: on the CSV/XLSX documents table and SQLite's documents.
SUMMARY: dict[str, Column[InputSummary]] = column_set(
    Column("status", "TEXT NOT NULL", lambda s: s.status),
    Column("project_count", "INTEGER NOT NULL", lambda s: s.project_count),
    Column("department_table_count", "INTEGER NOT NULL", lambda s: s.department_table_count),
    Column("indicator_count", "INTEGER NOT NULL", lambda s: s.indicator_count),
    Column(
        "department_indicator_count", "INTEGER NOT NULL", lambda s: s.department_indicator_count
    ),
    Column("error_count", "INTEGER NOT NULL", lambda s: s.error_count),
    Column("warning_count", "INTEGER NOT NULL", lambda s: s.warning_count),
    Column("info_count", "INTEGER NOT NULL", lambda s: s.info_count),
)

# The input's path as given, on every row of the CSV and XLSX tables.
SOURCE: Column[Document] = Column("source", "TEXT NOT NULL", lambda d: d.source.path)

# -- the CSV and XLSX tables -------------------------------------------------------------

# The first 16 indicator columns are the contract's CSV columns, in its order
# (tests/test_writer_csv.py spells them out); extras may only follow.
_INDICATOR_PROJECT = pick(PROJECT, "project_index unit_code unit_name code name budget_total")
_INDICATOR_FIELDS = pick(
    INDICATOR, "level1 level2 level3 description value operator number unit basis horizon upper"
)
# The normalised reading last, so that the earlier columns keep their places.
_INDICATOR_NORMALIZED = pick(
    INDICATOR,
    "normalized_kind normalized_operator normalized_value normalized_upper normalized_unit"
    " normalized_start normalized_end",
)
# Further project columns after the contract's, so that rows of many documents
# stack without a join.
_INDICATOR_PROJECT_MORE = pick(
    PROJECT, "year department_code department_name needs_review review_reasons"
)
_DOCUMENT_FIELDS: tuple[Column[InputSummary], ...] = (
    Column("source", "TEXT NOT NULL", lambda s: s.path),
    Column("format", "TEXT", lambda s: s.format),
    *SUMMARY.values(),
    Column("error", "TEXT", lambda s: s.error),
)
_PROJECT_FIELDS = pick(
    PROJECT,
    "project_index title year unit_code unit_name department_code department_name money_unit"
    " code name budget_total budget_fiscal budget_other budget_carryover budget_project_total"
    " purpose goals long_term_goals indicator_count needs_review review_reasons",
)
_PLAN_PROJECT = pick(PROJECT, "project_index code name")
_DEPARTMENT_FIELDS = pick(
    DEPARTMENT,
    "table_index title year department_code department_name money_unit budget_total"
    " budget_basic budget_project goals long_term_goals indicator_count",
)
_DEPARTMENT_INDICATOR_TABLE = pick(DEPARTMENT, "table_index department_name")
_WARNING_FIELDS = pick(WARNING, "project_index code severity message location")
_FAILURE_FIELDS = pick(FAILURE, "path error")

INDICATOR_COLUMNS = (
    SOURCE.name,
    *names(_INDICATOR_PROJECT),
    *names(_INDICATOR_FIELDS),
    *names(_INDICATOR_PROJECT_MORE),
    *names(_INDICATOR_NORMALIZED),
)
PROJECT_COLUMNS = (SOURCE.name, *names(_PROJECT_FIELDS))
SPENDING_PLAN_COLUMNS = (SOURCE.name, *names(_PLAN_PROJECT), *names(SPENDING_PLAN.values()))
DEPARTMENT_COLUMNS = (SOURCE.name, *names(_DEPARTMENT_FIELDS))
DEPARTMENT_INDICATOR_COLUMNS = (
    SOURCE.name,
    *names(_DEPARTMENT_INDICATOR_TABLE),
    *names(_INDICATOR_FIELDS),
    *names(_INDICATOR_NORMALIZED),
)
WARNING_COLUMNS = (SOURCE.name, *names(_WARNING_FIELDS))
FAILURE_COLUMNS = names(_FAILURE_FIELDS)
DOCUMENT_COLUMNS = names(_DOCUMENT_FIELDS)

# Columns holding amounts in 元, for number formats.
AMOUNT_COLUMNS: frozenset[str] = frozenset(
    name
    for name in (*names(PROJECT.values()), *names(DEPARTMENT.values()))
    if name.startswith("budget_")
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
    "normalized_kind": "标准化类型",
    "normalized_operator": "标准化运算符",
    "normalized_value": "标准化数值",
    "normalized_upper": "标准化上限",
    "normalized_unit": "标准化单位",
    "normalized_start": "开始日期",
    "normalized_end": "结束日期",
    "label": "支出进度",
    "month": "月份",
    "percent": "百分比",
    "message": "说明",
    "location": "位置",
    "path": "路径",
    "error": "错误",
    "severity": "严重程度",
    "needs_review": "需复核",
    "review_reasons": "复核原因",
    "format": "格式",
    "status": "状态",
    "project_count": "项目数",
    "department_table_count": "部门整体表数",
    "department_indicator_count": "部门整体指标数",
    "error_count": "错误数",
    "warning_count": "警告数",
    "info_count": "提示数",
}


# Where a column name means something else in one table: a warning's `code` is
# the warning's code (no_target_tables …), not the project's 项目编码.
ZH_TABLE_HEADERS: dict[str, dict[str, str]] = {
    "warnings": {"code": "警告代码"},
}

# Table (XLSX sheet) names in Chinese, for `--lang zh`.
ZH_TABLE_NAMES: dict[str, str] = {
    "documents": "文件",
    "projects": "项目",
    "indicators": "绩效指标",
    "spending_plan": "资金支出计划",
    "department_tables": "部门整体绩效目标",
    "department_indicators": "部门整体绩效指标",
    "warnings": "警告",
    "failures": "失败",
}


def _check_lang(lang: str) -> None:
    # A typo such as "cn" should not silently give English headers.
    if lang not in ("en", "zh"):
        raise ValueError(f"unknown header language {lang!r} (known: en, zh)")


def header(columns: Sequence[str], lang: str, table: str | None = None) -> list[str]:
    """The header row for ``columns`` of ``table`` in ``lang`` (``en`` keeps the field names)."""
    _check_lang(lang)
    if lang == "en":
        return list(columns)
    own = ZH_TABLE_HEADERS.get(table or "", {})
    return [own.get(column) or ZH_HEADERS.get(column, column) for column in columns]


def table_name(table: str, lang: str) -> str:
    """A table's name (an XLSX sheet's) in ``lang``."""
    _check_lang(lang)
    return ZH_TABLE_NAMES[table] if lang == "zh" else table


def _cells(columns: Iterable[Column[T]], item: T, render: Render) -> Row:
    return [render(column.get(item)) for column in columns]


def indicator_rows(documents: Sequence[Document], *, render: Render = flat) -> Iterator[Row]:
    """One row per indicator of every project, the project's columns repeated."""
    for doc in documents:
        for project in doc.projects:
            head = [render(SOURCE.get(doc)), *_cells(_INDICATOR_PROJECT, project, render)]
            tail = _cells(_INDICATOR_PROJECT_MORE, project, render)
            for indicator in project.indicators:
                fields = _cells(_INDICATOR_FIELDS, indicator, render)
                normalized = _cells(_INDICATOR_NORMALIZED, indicator, render)
                yield [*head, *fields, *tail, *normalized]


def project_rows(documents: Sequence[Document], *, render: Render = flat) -> Iterator[Row]:
    """One row per project; list fields one item a line."""
    for doc in documents:
        for project in doc.projects:
            yield [render(SOURCE.get(doc)), *_cells(_PROJECT_FIELDS, project, render)]


def spending_plan_rows(documents: Sequence[Document], *, render: Render = flat) -> Iterator[Row]:
    """One row per column of each project's 资金支出计划."""
    for doc in documents:
        for project in doc.projects:
            head = [render(SOURCE.get(doc)), *_cells(_PLAN_PROJECT, project, render)]
            for entry in project.spending_plan:
                yield [*head, *_cells(SPENDING_PLAN.values(), entry, render)]


def warning_rows(documents: Sequence[Document], *, render: Render = flat) -> Iterator[Row]:
    """One row per warning; the location as compact ``key=value`` text."""
    for doc in documents:
        for warning in doc.warnings:
            yield [render(SOURCE.get(doc)), *_cells(_WARNING_FIELDS, warning, render)]


def failure_rows(failures: Sequence[Mapping[str, str]], *, render: Render = flat) -> Iterator[Row]:
    """One row per input that could not be parsed."""
    for failure in failures:
        yield _cells(_FAILURE_FIELDS, failure, render)


def department_rows(documents: Sequence[Document], *, render: Render = flat) -> Iterator[Row]:
    """One row per department table (部门整体支出绩效目标表)."""
    for doc in documents:
        for table in doc.department_tables:
            yield [render(SOURCE.get(doc)), *_cells(_DEPARTMENT_FIELDS, table, render)]


def department_indicator_rows(
    documents: Sequence[Document], *, render: Render = flat
) -> Iterator[Row]:
    """One row per indicator of every department table."""
    for doc in documents:
        for table in doc.department_tables:
            head = [render(SOURCE.get(doc)), *_cells(_DEPARTMENT_INDICATOR_TABLE, table, render)]
            for indicator in table.indicators:
                fields = _cells(_INDICATOR_FIELDS, indicator, render)
                yield [*head, *fields, *_cells(_INDICATOR_NORMALIZED, indicator, render)]


def document_rows(
    documents: Sequence[Document],
    failures: Sequence[Mapping[str, str]],
    *,
    render: Render = flat,
) -> Iterator[Row]:
    """One row per input: the parsed documents (or those without target tables), then the failed."""
    summaries = [*map(InputSummary.of, documents), *map(InputSummary.failed, failures)]
    for summary in summaries:
        yield _cells(_DOCUMENT_FIELDS, summary, render)


# -- every table, for the writers that write them all (Parquet, data frames) -------------

Failures: TypeAlias = Sequence[Mapping[str, str]]


@dataclass(frozen=True)
class TableSpec:
    """A table of the CSV/XLSX family: its name, columns and rows."""

    name: str
    columns: tuple[str, ...]
    rows: Callable[[Sequence[Document], Failures, Render], Iterator[Row]]


TABLES: tuple[TableSpec, ...] = (
    TableSpec("documents", DOCUMENT_COLUMNS, lambda d, f, r: document_rows(d, f, render=r)),
    TableSpec("projects", PROJECT_COLUMNS, lambda d, _f, r: project_rows(d, render=r)),
    TableSpec("indicators", INDICATOR_COLUMNS, lambda d, _f, r: indicator_rows(d, render=r)),
    TableSpec(
        "spending_plan", SPENDING_PLAN_COLUMNS, lambda d, _f, r: spending_plan_rows(d, render=r)
    ),
    TableSpec(
        "department_tables", DEPARTMENT_COLUMNS, lambda d, _f, r: department_rows(d, render=r)
    ),
    TableSpec(
        "department_indicators",
        DEPARTMENT_INDICATOR_COLUMNS,
        lambda d, _f, r: department_indicator_rows(d, render=r),
    ),
    TableSpec("warnings", WARNING_COLUMNS, lambda d, _f, r: warning_rows(d, render=r)),
    TableSpec("failures", FAILURE_COLUMNS, lambda _d, f, r: failure_rows(f, render=r)),
)

# Every column's SQLite type by name ("INTEGER NOT NULL" …): the typed writers'
# types. A name means one thing wherever it appears, so one type.
SQL_TYPES: dict[str, str] = {
    column.name: column.sql.split()[0]
    for columns in (
        _DOCUMENT_FIELDS,
        PROJECT.values(),
        DEPARTMENT.values(),
        INDICATOR.values(),
        SPENDING_PLAN.values(),
        WARNING.values(),
        FAILURE.values(),
        (SOURCE,),
    )
    for column in columns
}
