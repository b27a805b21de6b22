"""Placing a label's value into the target under construction (label → field)."""

from __future__ import annotations

import re

from goalextract.cells import Cell
from goalextract.codes import Code
from goalextract.labels import MONEY_ROLES, Label, Role
from goalextract.parser.state import Amount, ParserState, TableBuilder, TableKind
from goalextract.text import clean_value, keep_paragraphs, split_items
from goalextract.values import parse_amount

# `[015001]武汉市青山区教育局`, `015001-武汉市…`, `131001中国人民…本级`
_CODE_NAME = re.compile(
    r"^[\[【(（]?\s*(?P<code>\d{3,}[0-9A-Za-z]*)\s*[\]】)）]?\s*[-－_:：\s]*(?P<name>.*)$"
)
_WS = re.compile(r"\s+")
# A project code (six or more digits, then letters and digits) joined to the name by a dash.
_CODE_DASH_NAME = re.compile(r"^(?P<code>\d{6,}[0-9A-Za-z]*)\s*[-－—]\s*(?P<name>\S.*)$")


def starts_with_code(text: str) -> bool:
    """Whether a name is printed with its project code in front (``1100…737-名称``)."""
    return _CODE_DASH_NAME.match(text) is not None


def split_glued_code(text: str) -> str | None:
    """The project code printed in front of a name (``1100…737-名称`` → ``1100…737``)."""
    found = _CODE_DASH_NAME.match(text)
    return found["code"] if found is not None else None


def printed_key(text: str) -> str:
    """An ``extra`` key: the label as printed, whitespace removed."""
    return _WS.sub("", text)


def split_code_name(text: str) -> tuple[str | None, str | None]:
    """Split ``131001中国…本级`` into code and name; a bare name has no code."""
    value = clean_value(text)
    if not value:
        return None, None
    found = _CODE_NAME.match(value)
    if found and found["name"]:
        return found["code"], found["name"].strip()
    if found:
        return found["code"], None
    return None, value


def apply_field(
    state: ParserState,
    target: TableBuilder,
    label_cell: Cell,
    label: Label,
    value_cell: Cell | None,
) -> None:
    """Put the value of one label into the target (or its ``extra``)."""
    raw = value_cell.text if value_cell is not None else ""
    value = clean_value(raw)
    # Free text keeps its paragraph breaks (a cell's paragraphs are real breaks;
    # readers join lines that only wrapped); names and amounts are one line.
    text = keep_paragraphs(raw)
    role = label.role
    if label.money_unit and (role in MONEY_ROLES or role == Role.MONEY_GROUP):
        target.money_unit = label.money_unit
    if role in (Role.UNIT, Role.DEPARTMENT, Role.DEPARTMENT_CODE, Role.CODE, Role.NAME):
        _apply_identity(target, role, raw, value)
    elif role in MONEY_ROLES:
        _apply_money(state, target, label_cell, label, value_cell, value)
    elif role == Role.PURPOSE:
        target.purpose = text or None
    elif role == Role.GOALS or (role == Role.GOAL_GROUP and label.key != "总体目标"):
        target.goals.extend(split_items(raw))
    elif role in (Role.LONG_TERM_GOALS, Role.GOAL_GROUP):
        target.long_term_goals.extend(split_items(raw))
    elif text:
        # Everything else, known extra labels and unclaimed ones alike.
        target.add_extra(printed_key(label_cell.text), text)
    if value_cell is not None:
        state.take(value_cell)
    state.take(label_cell)


def _apply_identity(target: TableBuilder, role: Role, raw: str, value: str) -> None:
    """Who and what: the unit, the department, the project code and name."""
    if role == Role.UNIT:
        code, name = split_code_name(raw)
        if target.kind == TableKind.DEPARTMENT:
            target.department_code = target.department_code or code
            target.department_name = target.department_name or name
        else:
            target.unit_code, target.unit_name = code, name
    elif role == Role.DEPARTMENT:
        code, name = split_code_name(raw)
        target.department_code = code or target.department_code
        target.department_name = name
    elif role == Role.DEPARTMENT_CODE:
        target.department_code = value or None
    elif role == Role.CODE:
        target.code = _WS.sub("", value) or None
    else:
        glued = _CODE_DASH_NAME.match(value)
        if glued is not None:
            # ``11000022T000000445737-统计宣传项目``: the project code printed before the name.
            target.code, value = glued["code"], glued["name"]
        target.name = value or None


def _apply_money(
    state: ParserState,
    target: TableBuilder,
    label_cell: Cell,
    label: Label,
    value_cell: Cell | None,
    value: str,
) -> None:
    role = label.role
    key = printed_key(label_cell.text)
    if role == Role.PROJECT_TOTAL:
        target.multi_year_col = label_cell.col
    elif (
        role in (Role.FISCAL, Role.OTHER, Role.CARRYOVER)
        and target.multi_year_col is not None
        and label_cell.col == target.multi_year_col
    ):
        # Multi-year column (项目资金总额 and the sources under it): only the annual
        # column feeds fiscal/other/carryover (CONTRACT.md, Project.budget).
        if value:
            target.add_extra(key, value)
        return
    if not value:
        return
    amount, unit = parse_amount(value)
    if amount is None:
        target.add_extra(key, value)
        state.warn(
            Code.UNREADABLE_AMOUNT,
            f"{key}: {value!r} is not an amount; kept in extra",
            value_cell.location if value_cell else label_cell.location,
        )
        return
    if role in target.amounts:
        # A second 其他资金 (or the like) with no column to tell them apart.
        target.add_extra(key, value)
        return
    assert value_cell is not None
    target.amounts[role] = Amount(amount, unit, value_cell, key)
