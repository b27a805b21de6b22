"""Turn finished TableBuilders into the contract's Project and DepartmentTable models."""

from __future__ import annotations

from goalextract.codes import Code
from goalextract.labels import Role
from goalextract.models import (
    Budget,
    DepartmentBudget,
    DepartmentTable,
    MoneyUnit,
    ParseWarning,
    Project,
)
from goalextract.parser.state import TableBuilder, TableKind
from goalextract.paths import budget_path
from goalextract.values import to_yuan


def _money_unit(target: TableBuilder) -> MoneyUnit | None:
    if target.money_unit:
        return target.money_unit
    suffixes = {a.unit for a in target.amounts.values() if a.unit}
    return suffixes.pop() if len(suffixes) == 1 else None


def _amount(target: TableBuilder, role: Role, unit: MoneyUnit | None) -> float | None:
    amount = target.amounts.get(role)
    if amount is None:
        return None
    return to_yuan(amount.value, amount.unit or unit)


def _resolve_bare_total(target: TableBuilder) -> None:
    # A bare 资金总额/合计 is this year's total unless an annual total sits
    # beside it; then it is the whole-project total (DOMAIN.md §3).
    bare = target.amounts.pop(Role.TOTAL_BARE, None)
    if bare is None:
        return
    if Role.TOTAL not in target.amounts:
        target.amounts[Role.TOTAL] = bare
    elif Role.PROJECT_TOTAL not in target.amounts and target.kind == TableKind.PROJECT:
        target.amounts[Role.PROJECT_TOTAL] = bare
    else:
        target.add_extra(bare.label or "资金总额", bare.cell.text.strip())


def unit_warning(target: TableBuilder, unit: MoneyUnit | None) -> ParseWarning | None:
    """Warn when amounts were read without any declared unit (taken as 元)."""
    if unit is None and target.amounts and any(a.unit is None for a in target.amounts.values()):
        first = next(iter(target.amounts.values()))
        return ParseWarning(
            code=Code.MONEY_UNIT_MISSING,
            message="the table declares no money unit; amounts were read as 元",
            location=first.cell.location.as_dict(),
        )
    return None


def _locations(target: TableBuilder) -> dict[str, dict[str, int | str]]:
    found = {path: location.as_dict() for path, location in target.locations.items()}
    names = {Role.PROJECT_SPENDING: "project"} if target.kind == TableKind.DEPARTMENT else {}
    for role, amount in target.amounts.items():
        found[budget_path(names.get(role, role.value))] = amount.cell.location.as_dict()
    return found


def build_project(target: TableBuilder, index: int) -> Project:
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
            total=_amount(target, Role.TOTAL, unit),
            fiscal=_amount(target, Role.FISCAL, unit),
            other=_amount(target, Role.OTHER, unit),
            carryover=_amount(target, Role.CARRYOVER, unit),
            project_total=_amount(target, Role.PROJECT_TOTAL, unit),
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


def build_department(target: TableBuilder, index: int) -> DepartmentTable:
    """The DepartmentTable model for a finished target."""
    _resolve_bare_total(target)
    unit = _money_unit(target)
    for role in (Role.FISCAL, Role.OTHER, Role.CARRYOVER, Role.PROJECT_TOTAL):
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
            total=_amount(target, Role.TOTAL, unit),
            basic=_amount(target, Role.BASIC, unit),
            project=_amount(target, Role.PROJECT_SPENDING, unit),
        ),
        long_term_goals=target.long_term_goals,
        goals=target.goals,
        indicators=target.indicators,
        extra=target.extra,
        location=target.location.as_dict(),
    )
    table.set_locations(_locations(target))
    return table
