"""Pydantic models that mirror CONTRACT.md field for field (schema_version 1)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from goalextract.codes import severity_of

SCHEMA_VERSION: Literal[1] = 1

TargetKind = Literal["numeric", "boolean", "text", "empty"]
Operator = Literal[">=", "<=", ">", "<", "=", "range"]
# What a target measures, for sums and filters across units (values.py's Reading).
MeasureKind = Literal[
    "money",
    "percent",
    "count",
    "quantity",
    "number",
    "duration",
    "date",
    "period",
    "boolean",
    "text",
    "empty",
]
Horizon = Literal["annual", "long_term"]
MoneyUnit = Literal["元", "万元"]
SeverityName = Literal["error", "warning", "info"]


# Descriptions that Project and DepartmentTable share (CONTRACT.md: "with the
# same meanings as in Project").
_TITLE = "the table's title without list numbering or field codes"
_YEAR = "budget year when the table states it (（2026年度）)"
_DEPARTMENT_CODE = "code of the supervising department (主管部门[及代码], 预算部门 …)"
_DEPARTMENT_NAME = "name of the supervising department (主管部门, 项目主管部门, 预算部门 …)"
_MONEY_UNIT = "the unit the table declares for its amounts (元 or 万元); amounts are given in 元"
_LONG_TERM_GOALS = "总体目标 / 中期目标 / 实施期目标 / 长期目标, one entry per numbered item"
_GOALS = "年度目标 / 本年度绩效目标 / 绩效目标, one entry per numbered item, numbering removed"
_INDICATORS = "the indicator rows in table order (long-term part of a row before its annual part)"
_EXTRA = (
    "every label → value pair of the table that no field takes: the label as printed without"
    " whitespace (a repeated label gets #2) → the cell text as printed"
)
_LOCATION = (
    "where the table starts: line (text inputs), page (paged inputs), table (0-based table"
    " number in the file), sheet (spreadsheets); keys that do not apply are omitted"
)


class _Model(BaseModel):
    # "forbid" catches typos in our own code; it has nothing to do with the
    # contract's data fields that happen to be called `extra`.
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    """Where the document came from."""

    path: str = Field(description="as given on the command line, `-` for stdin")
    format: str = Field(
        description="txt docx doc pdf xlsx xls html …, detected from content,"
        " not only the extension"
    )
    sha256: str = Field(description="sha256 of the input bytes")
    encoding: str | None = Field(default=None, description="text inputs only, else null")
    pages: int | None = Field(
        default=None, description="page count where the format has pages, else null"
    )


class Measure(_Model):
    """A target normalised so that values of one kind compare and sum across units."""

    kind: MeasureKind = Field(
        description="what the value measures: money (in 元), percent, count (个 人 次 …),"
        " quantity (other units: 米 平方米 分 …), number (no unit), duration (天 月 年 小时 …),"
        " date, period (from … to), boolean, text, empty"
    )
    operator: Operator | None = Field(
        default=None,
        description="the comparison, as the target's, but also read from words around the"
        " value: 以上 (>=), 以下 / 以内 (<=), 前 / 之前 on a date (<=)",
    )
    value: float | None = Field(
        default=None,
        description="the number in `unit`: money in 元 (万元 × 10000, 亿元 × 100000000,"
        " 千元 × 1000), percent in percent (‰ ÷ 10), counts with 万 multiplied out; the lower"
        " bound of a range",
    )
    upper: float | None = Field(default=None, description="the upper bound of a range, as `value`")
    unit: str | None = Field(
        default=None,
        description="the unit of `value`: 元 (or 元/人 … for a rate), %, the counted thing (个"
        " 人次 …), the duration's unit (天 工作日 周 月 年 小时 分钟 秒), or as printed",
    )
    start: str | None = Field(
        default=None,
        description="date and period: the first day as ISO 8601 to the precision printed"
        " (2024, 2024-12, 2024-12-31; --12 for a month of no stated year)",
    )
    end: str | None = Field(
        default=None,
        description="date and period: the last day, as `start` (a date's start and end are the"
        " same unless it is an end of month: 2024年12月底 → 2024-12-31)",
    )


class Target(_Model):
    """An indicator value read as a target."""

    kind: TargetKind = Field(
        description="numeric (a number), boolean (是/否, 是, 否), text (正常使用, 提升),"
        " empty (blank)"
    )
    operator: Operator | None = Field(
        default=None,
        description="the comparison: >= <= > < = range, or null; full-width signs and words"
        " (不低于 不高于 不少于 不超过) read as their operators",
    )
    number: float | None = Field(
        default=None, description="the number (the lower bound of a range)"
    )
    upper: float | None = Field(default=None, description="the upper bound; range only")
    unit: str | None = Field(
        default=None, description="as printed after the number: % 元 万元 个 天 …"
    )
    normalized: Measure = Field(
        default_factory=lambda: Measure(kind="empty"),
        description="the value normalised: money in 元, percentages in percent, counts,"
        " durations, dates and periods recognised; `value` itself stays as printed",
    )


class Indicator(_Model):
    """One row (or one horizon's half of a row) of the indicator grid."""

    level1: str | None = Field(
        default=None,
        description="一级指标 (产出指标, 效益指标, 满意度指标, 成本指标 …); a merged or blank cell"
        " inherits the value above; null when blank with nothing above",
    )
    level2: str | None = Field(default=None, description="二级指标, inherited the same way")
    level3: str | None = Field(
        default=None,
        description="三级指标 / 指标名称, or 指标内容 where there is no 三级指标 column",
    )
    description: str | None = Field(default=None, description="绩效指标描述 / 指标解释")
    value: str = Field(
        default="",
        description="指标值 as printed, whitespace trimmed; sign and unit columns of their own"
        " are joined in (≥ 90 % → ≥90%)",
    )
    target: Target = Field(
        default_factory=lambda: Target(kind="empty"), description="`value` read as a target"
    )
    basis: str | None = Field(
        default=None, description="指标值确定依据 / 指标值设定依据 / 绩效标准, as printed"
    )
    horizon: Horizon = Field(
        default="annual",
        description="long_term for a row of the 长期/中期/实施期 block where a table has both"
        " blocks; annual otherwise",
    )
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="other columns of the row by their header (备注, 分值, 权重, 指标性质 …)",
    )


class Budget(_Model):
    """A project's amounts, converted to 元."""

    total: float | None = Field(
        default=None,
        description="this year's amount in 元 (预算数, 年度资金总额, 当年资金总额 …)",
    )
    fiscal: float | None = Field(
        default=None, description="of which fiscal, in 元 (财政资金, 财政拨款, 当年财政拨款)"
    )
    other: float | None = Field(default=None, description="其他资金, in 元")
    carryover: float | None = Field(default=None, description="上年结转[资金], in 元")
    project_total: float | None = Field(
        default=None,
        description="whole-project multi-year amount in 元 (项目资金总额, 中期/实施期资金总额,"
        " 项目总预算)",
    )


class DepartmentBudget(_Model):
    """A department table's amounts, converted to 元."""

    total: float | None = Field(default=None, description="the total amount, in 元")
    basic: float | None = Field(default=None, description="基本支出, in 元")
    project: float | None = Field(default=None, description="项目支出, in 元")


class SpendingPlanEntry(_Model):
    """One column of 资金支出计划（%）."""

    label: str = Field(description="the column's label as printed (3月底)")
    month: int | None = Field(default=None, description="the month the label names (3)")
    percent: float | None = Field(
        default=None, description="a number (10.0 for 10.00%), null when the cell is blank"
    )


class _Located(_Model):
    # Where each field was read ("budget.total" → {"page": 3, "row": 5, ...}),
    # for checks that point at cells. Private: not serialised, not in the schema.
    _locations: dict[str, dict[str, int | str]] = PrivateAttr(default_factory=dict)

    def location_of(self, path: str) -> dict[str, int | str] | None:
        """Where a field (``budget.total``, ``indicators[3]``, ``spending_plan[0]``) was read."""
        return self._locations.get(path)

    def set_locations(self, locations: dict[str, dict[str, int | str]]) -> None:
        """Record field locations (used by the parser)."""
        self._locations = dict(locations)


class Project(_Located):
    """One project of a 项目（支出）绩效目标表."""

    index: int = Field(description="1-based position among the document's project tables")
    title: str | None = Field(default=None, description=_TITLE)
    year: int | None = Field(default=None, description=_YEAR)
    unit_code: str | None = Field(
        default=None, description="code of the budget or implementing unit (预算单位 / 实施单位 …)"
    )
    unit_name: str | None = Field(
        default=None, description="name of the budget or implementing unit (预算单位 / 实施单位 …)"
    )
    department_code: str | None = Field(default=None, description=_DEPARTMENT_CODE)
    department_name: str | None = Field(default=None, description=_DEPARTMENT_NAME)
    money_unit: MoneyUnit | None = Field(default=None, description=_MONEY_UNIT)
    code: str | None = Field(default=None, description="项目编码 / 项目代码")
    name: str | None = Field(default=None, description="项目名称 / 项目支出名称 / 专项名称")
    budget: Budget = Field(default_factory=Budget, description="amounts converted to 元")
    purpose: str | None = Field(
        default=None,
        description="what the money is for, from a cell of the table (资金用途, 项目概况)",
    )
    spending_plan: list[SpendingPlanEntry] = Field(
        default_factory=list, description="one entry per column of 资金支出计划（%）"
    )
    long_term_goals: list[str] = Field(default_factory=list, description=_LONG_TERM_GOALS)
    goals: list[str] = Field(default_factory=list, description=_GOALS)
    indicators: list[Indicator] = Field(default_factory=list, description=_INDICATORS)
    extra: dict[str, str] = Field(default_factory=dict, description=_EXTRA)
    location: dict[str, int | str] = Field(default_factory=dict, description=_LOCATION)
    needs_review: bool = Field(
        default=False,
        description="a warning of this project has severity error or warning",
    )
    review_reasons: list[str] = Field(
        default_factory=list,
        description="the distinct codes of those warnings, in order of first appearance",
    )


class DepartmentTable(_Located):
    """One 部门（单位）整体支出绩效目标表."""

    index: int = Field(description="1-based position among the document's department tables")
    title: str | None = Field(default=None, description=_TITLE)
    year: int | None = Field(default=None, description=_YEAR)
    department_code: str | None = Field(default=None, description=_DEPARTMENT_CODE)
    department_name: str | None = Field(default=None, description=_DEPARTMENT_NAME)
    money_unit: MoneyUnit | None = Field(default=None, description=_MONEY_UNIT)
    budget: DepartmentBudget = Field(
        default_factory=DepartmentBudget, description="amounts converted to 元"
    )
    long_term_goals: list[str] = Field(default_factory=list, description=_LONG_TERM_GOALS)
    goals: list[str] = Field(
        default_factory=list, description="年度总体目标, 年度履职目标, one entry per numbered item"
    )
    indicators: list[Indicator] = Field(default_factory=list, description=_INDICATORS)
    extra: dict[str, str] = Field(default_factory=dict, description=_EXTRA)
    location: dict[str, int | str] = Field(default_factory=dict, description=_LOCATION)


class GoalItem(_Model):
    """One 分项绩效目标: heading without its numbering, and the text under it."""

    title: str = Field(description="the 一、二、… heading without its numbering")
    text: str = Field(description="the text under the heading")


class DepartmentGoals(_Model):
    """The prose part 部门整体绩效目标."""

    overall: str | None = Field(default=None, description="text of 总体绩效目标")
    items: list[GoalItem] = Field(default_factory=list, description="the 分项绩效目标")
    safeguards: str | None = Field(default=None, description="text of 工作保障措施")


class ParseWarning(_Model):
    """Something the parser or the checks noticed; never fatal."""

    # A goalextract.codes.Code member (a str) or a caller's own string: pydantic
    # keeps the plain string either way, so the JSON and the schema do not change.
    code: str = Field(description="what was noticed, as a stable code (no_target_tables …)")
    message: str = Field(description="the same for a person")
    project: int | None = Field(
        default=None, description="the Project's index, or null for the whole document"
    )
    location: dict[str, int | str] | None = Field(
        default=None, description="where in the input (line, page, table, sheet, row …), or null"
    )
    # Filled from the code (codes.severity_of) when not given.
    severity: SeverityName = Field(default="warning", description="the code's severity")

    @model_validator(mode="before")
    @classmethod
    def _severity_from_code(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("severity") is None:
            data = {**data, "severity": str(severity_of(str(data.get("code", ""))))}
        return data


class Document(_Model):
    """The whole result of parsing one input."""

    schema_version: Literal[1] = Field(default=SCHEMA_VERSION, description="1")
    source: Source = Field(description="the input")
    department_goals: DepartmentGoals | None = Field(
        default=None,
        description="the prose part 部门整体绩效目标; null when the document has no such part",
    )
    department_tables: list[DepartmentTable] = Field(
        default_factory=list, description="部门（单位）整体支出绩效目标表 in table form"
    )
    projects: list[Project] = Field(
        default_factory=list,
        description="one Project per project of a 项目（支出）绩效目标表, in document order",
    )
    warnings: list[ParseWarning] = Field(
        default_factory=list, description="what the parser or the checks noticed; never fatal"
    )

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's JSON object, keys in contract order."""
        return self.model_dump(mode="json")


# -- the wrappers around documents (not produced by the parser; they describe the
# writers' output so that the JSON Schema covers it) ------------------------------------


class Failure(_Model):
    """An input of a batch that could not be read or parsed."""

    path: str = Field(description="the input as given on the command line")
    error: str = Field(description="why it could not be read or parsed")


class DocumentCollection(_Model):
    """The JSON output of several inputs (or of a folder): ``--format json`` of a batch."""

    documents: list[Document] = Field(description="one Document per parsed input, in input order")
    failures: list[Failure] = Field(description="the inputs that could not be read or parsed")


class FailureLine(_Model):
    """A JSON Lines line for a failed input; it follows the documents' lines."""

    failure: Failure = Field(description="the failed input")
