"""Pydantic models that mirror CONTRACT.md field for field (schema_version 1)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from goalextract.codes import severity_of

SCHEMA_VERSION: Literal[1] = 1

TargetKind = Literal["numeric", "boolean", "text", "empty"]
Operator = Literal[">=", "<=", ">", "<", "=", "range"]
Horizon = Literal["annual", "long_term"]
MoneyUnit = Literal["元", "万元"]
SeverityName = Literal["error", "warning", "info"]


class _Model(BaseModel):
    # "forbid" catches typos in our own code; it has nothing to do with the
    # contract's data fields that happen to be called `extra`.
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    """Where the document came from."""

    path: str = Field(description="as given on the command line, `-` for stdin")
    format: str = Field(description="detected from content: txt docx doc pdf xlsx xls html ...")
    sha256: str = Field(description="sha256 of the input bytes")
    encoding: str | None = Field(default=None, description="text inputs only")
    pages: int | None = Field(default=None, description="page count where the format has pages")


class Target(_Model):
    """An indicator value read as a target."""

    kind: TargetKind
    operator: Operator | None = None
    number: float | None = None
    upper: float | None = Field(default=None, description="range only")
    unit: str | None = None


class Indicator(_Model):
    """One row (or one horizon's half of a row) of the indicator grid."""

    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    description: str | None = None
    value: str = ""
    target: Target = Field(default_factory=lambda: Target(kind="empty"))
    basis: str | None = None
    horizon: Horizon = "annual"
    extra: dict[str, str] = Field(default_factory=dict)


class Budget(_Model):
    """A project's amounts, converted to 元."""

    total: float | None = None
    fiscal: float | None = None
    other: float | None = None
    carryover: float | None = None
    project_total: float | None = None


class DepartmentBudget(_Model):
    """A department table's amounts, converted to 元."""

    total: float | None = None
    basic: float | None = None
    project: float | None = None


class SpendingPlanEntry(_Model):
    """One column of 资金支出计划（%）."""

    label: str
    month: int | None = None
    percent: float | None = None


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

    index: int
    title: str | None = None
    year: int | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    department_code: str | None = None
    department_name: str | None = None
    money_unit: MoneyUnit | None = None
    code: str | None = None
    name: str | None = None
    budget: Budget = Field(default_factory=Budget)
    purpose: str | None = None
    spending_plan: list[SpendingPlanEntry] = Field(default_factory=list)
    long_term_goals: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    extra: dict[str, str] = Field(default_factory=dict)
    location: dict[str, int | str] = Field(default_factory=dict)
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

    index: int
    title: str | None = None
    year: int | None = None
    department_code: str | None = None
    department_name: str | None = None
    money_unit: MoneyUnit | None = None
    budget: DepartmentBudget = Field(default_factory=DepartmentBudget)
    long_term_goals: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    extra: dict[str, str] = Field(default_factory=dict)
    location: dict[str, int | str] = Field(default_factory=dict)


class GoalItem(_Model):
    """One 分项绩效目标: heading without its numbering, and the text under it."""

    title: str
    text: str


class DepartmentGoals(_Model):
    """The prose part 部门整体绩效目标."""

    overall: str | None = None
    items: list[GoalItem] = Field(default_factory=list)
    safeguards: str | None = None


class ParseWarning(_Model):
    """Something the parser or the checks noticed; never fatal."""

    # A goalextract.codes.Code member (a str) or a caller's own string: pydantic
    # keeps the plain string either way, so the JSON and the schema do not change.
    code: str
    message: str
    project: int | None = None
    location: dict[str, int | str] | None = None
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

    schema_version: Literal[1] = SCHEMA_VERSION
    source: Source
    department_goals: DepartmentGoals | None = None
    department_tables: list[DepartmentTable] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    warnings: list[ParseWarning] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's JSON object, keys in contract order."""
        return self.model_dump(mode="json")
