"""Turn finished TargetBuilders into the contract's Project and DepartmentTable models."""

from __future__ import annotations

from goalextract.models import (
    Budget,
    DepartmentBudget,
    DepartmentTable,
    MoneyUnit,
    ParseWarning,
    Project,
)
from goalextract.parser.state import TargetBuilder
from goalextract.values import to_yuan


def _money_unit(target: TargetBuilder) -> MoneyUnit | None:
    if target.money_unit:
        return target.money_unit
    suffixes = {a.unit for a in target.amounts.values() if a.unit}
    return suffixes.pop() if len(suffixes) == 1 else None


def _amount(target: TargetBuilder, role: str, unit: MoneyUnit | None) -> float | None:
    amount = target.amounts.get(role)
    if amount is None:
        return None
    return to_yuan(amount.value, amount.unit or unit)


def _resolve_bare_total(target: TargetBuilder) -> None:
    # A bare 资金总额/合计 is this year's total unless an annual total sits
    # beside it; then it is the whole-project total (DOMAIN.md §3).
    bare = target.amounts.pop("total_bare", None)
    if bare is None:
        return
    if "total" not in target.amounts:
        target.amounts["total"] = bare
    elif "project_total" not in target.amounts and target.kind == "project":
        target.amounts["project_total"] = bare
    else:
        target.add_extra(bare.label or "资金总额", bare.cell.text.strip())


def unit_warning(target: TargetBuilder, unit: MoneyUnit | None) -> ParseWarning | None:
    """Warn when amounts were read without any declared unit (taken as 元)."""
    if unit is None and target.amounts and any(a.unit is None for a in target.amounts.values()):
        first = next(iter(target.amounts.values()))
        return ParseWarning(
            code="money_unit_missing",
            message="the table declares no money unit; amounts were read as 元",
            location=first.cell.location.as_dict(),
        )
    return None


def _locations(target: TargetBuilder) -> dict[str, dict[str, int | str]]:
    found = {path: location.as_dict() for path, location in target.locations.items()}
    names = {"project_spending": "project"} if target.kind == "department" else {}
    for role, amount in target.amounts.items():
        found[f"budget.{names.get(role, role)}"] = amount.cell.location.as_dict()
    return found


def build_project(target: TargetBuilder, index: int) -> Project:
    """The Project model for a finished target."""
    _resolve_bare_total(target)
    unit = _money_unit(target)
    project = Project(
        index=index,
        title=target.title,
        year=target.year,
        unit_code=target.unit_code,
        unit_name=target.unit_name,
        department_code=target.department_code,
        department_name=target.department_name,
        money_unit=unit,
        code=target.code,
        name=target.name,
        budget=Budget(
            total=_amount(target, "total", unit),
            fiscal=_amount(target, "fiscal", unit),
            other=_amount(target, "other", unit),
            carryover=_amount(target, "carryover", unit),
            project_total=_amount(target, "project_total", unit),
        ),
        purpose=target.purpose,
        spending_plan=target.spending_plan,
        long_term_goals=target.long_term_goals,
        goals=target.goals,
        indicators=target.indicators,
        extra=target.extra,
        location=target.location.as_dict(),
    )
    project.set_locations(_locations(target))
    return project


def build_department(target: TargetBuilder, index: int) -> DepartmentTable:
    """The DepartmentTable model for a finished target."""
    _resolve_bare_total(target)
    unit = _money_unit(target)
    for role in ("fiscal", "other", "carryover", "project_total"):
        amount = target.amounts.get(role)
        if amount is not None:
            target.add_extra(amount.label or role, amount.cell.text.strip())
    table = DepartmentTable(
        index=index,
        title=target.title,
        year=target.year,
        department_code=target.department_code or target.unit_code,
        department_name=target.department_name or target.unit_name,
        money_unit=unit,
        budget=DepartmentBudget(
            total=_amount(target, "total", unit),
            basic=_amount(target, "basic", unit),
            project=_amount(target, "project_spending", unit),
        ),
        long_term_goals=target.long_term_goals,
        goals=target.goals,
        indicators=target.indicators,
        extra=target.extra,
        location=target.location.as_dict(),
    )
    table.set_locations(_locations(target))
    return table
