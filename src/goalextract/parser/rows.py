"""Rules for table rows: one small function per kind of row (title, unit line, pairs, grid...).

Each follows the block-rule contract of ``parser/common.py``: it declines
paragraphs and rows that are not its business, and with ``silent=True`` only
answers whether it would take the row.
"""

from __future__ import annotations

import re
from dataclasses import replace

from goalextract.cells import Cell, Paragraph
from goalextract.codes import Code
from goalextract.labels import (
    DEPARTMENT_MONEY_ROLES,
    GROUP_ROLES,
    Label,
    Role,
    horizon_of,
    label_role,
    leads_block,
    match_label,
    split_glued,
)
from goalextract.lines import bracketed_unit, title_text, unit_line, year_line
from goalextract.models import SpendingPlanEntry
from goalextract.parser.common import Item, Row, ensure_target, label_cells, nonblank, overlapping
from goalextract.parser.fields import apply_field, printed_key, split_code_name
from goalextract.parser.grid import take_grid_row
from goalextract.parser.state import GridSpec, ParserState, PendingRow, TableBuilder, TableKind
from goalextract.paths import plan_path
from goalextract.text import clean_value, keep_paragraphs
from goalextract.values import parse_month, parse_percent

_UNIT_LINE_CELL = re.compile(r"^(?P<code>\d{6,}[0-9A-Za-z]*)\s*(?P<name>[\u4e00-\u9fff].*)$")


def blank_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """An empty row: nothing to do."""
    if isinstance(row, Paragraph):
        return False
    return not nonblank(row)


def title_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """A title, year line or unit line spanning the table's first row(s)."""
    if isinstance(row, Paragraph):
        return False
    cells = nonblank(row)
    texts = {clean_value(cell.text) for cell in cells}
    if len(texts) != 1:
        return False
    text = texts.pop()
    found = title_text(text)
    year = year_line(text)
    unit = unit_line(text)
    if found is None and year is None and unit is None:
        return False
    if silent:
        return found is not None
    state.take(*cells)
    if found is not None:
        title, department, self_eval = found
        kind = TableKind.DEPARTMENT if department else TableKind.PROJECT
        target = state.current
        if target is not None and target.repeats_list_title(title):
            # A list printed over many pages with its title on every page: one list.
            state.take(*cells)
            target.rows.append(row)
            return True
        if target is not None and target.is_empty:
            # The table's own title row right after a title paragraph (or a
            # "Sheet 1: …" caption): one table, the printed title wins.
            target.title, target.kind = title, kind
            target.title_self_evaluation = target.title_self_evaluation or self_eval
        else:
            state.pending_title = (title, cells[0].location, self_eval)
            target = state.start_target(kind, cells[0].location)
        target.rows.append(row)
        target.year = target.year or (year_line(title) or _title_year(title))
    elif year is not None:
        if state.current is not None and not state.current.has_identity:
            state.current.year = year
        else:
            state.pending_year = year
    elif unit is not None:
        if state.current is not None and not state.current.amounts:
            state.current.money_unit = unit
        else:
            state.pending_money_unit = unit
    return True


def _title_year(title: str) -> int | None:
    found = re.search(r"((?:19|20)\d{2})\s*年", title)
    return int(found.group(1)) if found else None


def unit_line_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """A leading unit line: ``131001中国人民政治协商会议…本级 | 单位：元``."""
    if isinstance(row, Paragraph):
        return False
    cells = nonblank(row)
    if not cells or len(cells) > 3:
        return False
    found = _UNIT_LINE_CELL.match(clean_value(cells[0].text))
    units = [unit_line(cell.text) for cell in cells[1:]]
    if found is None or (not any(units) and match_label(cells[0].text) is not None):
        return False
    if not any(units) and len(cells) > 1:
        return False
    if silent:
        return True
    current = state.current
    if current is None or current.has_identity or current.unit_name:
        target = state.start_target(TableKind.PROJECT, cells[0].location)
    else:
        target = current
    target.rows.append(row)
    target.unit_code, target.unit_name = split_code_name(cells[0].text)
    for cell, unit in zip(cells[1:], units, strict=False):
        if unit:
            target.money_unit = unit
            state.take(cell)
    state.take(cells[0])
    return True


def spending_plan_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """``资金支出计划（%） | 3月底 | 6月底 | …``: month labels, percentages in the next row."""
    if isinstance(row, Paragraph):
        return False
    cells = nonblank(row)
    index = next(
        (i for i, cell in enumerate(cells) if label_role(cell.text) == Role.SPENDING_PLAN), None
    )
    if index is None:
        return False
    if silent:
        return True
    target = ensure_target(state, row)
    target.rows.append(row)
    labels = cells[index + 1 :]
    state.take(*cells[: index + 1])
    state.pending_plan = [(c, clean_value(c.text)) for c in labels]
    state.take(*labels)
    return True


def pending_plan_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """The percentages under the spending plan's month labels, aligned by column."""
    if isinstance(row, Paragraph):
        return False
    if state.pending_plan is None or state.current is None or _has_labels(row):
        return False
    if silent:
        return True
    target = state.current
    target.rows.append(row)
    for label_cell, label in state.pending_plan:
        value_cell = overlapping(row, label_cell)
        percent = None
        if value_cell is not None and not value_cell.blank:
            percent = parse_percent(value_cell.text)
            if percent is None:
                state.warn(
                    Code.UNREADABLE_PERCENT,
                    f"spending plan {label}: {value_cell.text.strip()!r} is not a percentage",
                    value_cell.location,
                )
            else:
                state.take(value_cell)
        target.locations[plan_path(len(target.spending_plan))] = (
            value_cell.location if value_cell is not None else label_cell.location
        )
        target.spending_plan.append(
            SpendingPlanEntry(label=label, month=parse_month(label), percent=percent)
        )
    state.pending_plan = None
    return True


def pending_values_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """Values under a label-only row (`项目总体目标 | 年度总体目标`), by column."""
    if isinstance(row, Paragraph):
        return False
    if state.pending_row is None or state.current is None or _has_labels(row):
        return False
    if silent:
        return True
    target = state.current
    target.rows.append(row)
    for label_cell, _role in state.pending_row.labels:
        value_cell = overlapping(row, label_cell)
        label = match_label(label_cell.text)
        assert label is not None
        apply_field(state, target, label_cell, label, value_cell)
    state.pending_row = None
    return True


def pending_purpose_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """The text under 预算规模及资金用途 (Hebei layout): the purpose."""
    if isinstance(row, Paragraph):
        return False
    if not state.pending_purpose or state.current is None or _has_labels(row):
        return False
    cells = nonblank(row)
    if not cells:
        return False
    if silent:
        return True
    target = state.current
    target.rows.append(row)
    target.purpose = "\n".join(keep_paragraphs(cell.text) for cell in cells)
    state.take(*cells)
    state.pending_purpose = False
    return True


def grid_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """One row of the indicator grid: one Indicator per horizon group that is filled."""
    if isinstance(row, Paragraph):
        return False
    target = state.current
    if target is None or target.grid is None or state.ends("grid", row):
        return False
    if silent:
        return True
    take_grid_row(state, target, row)
    return True


def _has_labels(row: Row) -> bool:
    return any(
        (label := match_label(cell.text)) is not None and label.role not in GROUP_ROLES
        for cell in row
        if not cell.blank
    )


def pairs_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """Label | value pairs, two or three to a row; a label-only row waits for the next."""
    if isinstance(row, Paragraph):
        return False
    cells = _unglued(nonblank(row))
    labelled = label_cells(cells)
    if silent and state.current is not None and state.current.grid is not None:
        # Asked whether the row ends the grid: only a row led by a field of the form
        # does. A block title (年度绩效指标) beside indicator cells is the grid's own
        # label column, merged down its rows and printed at their middle.
        lead = labelled[0][1] if labelled else None
        if lead is None or not leads_block(lead.role):
            return False
        if _under_indicator_name(state.current.grid, labelled[0][0]) and len(labelled) > 1:
            return False  # an indicator named like a field (年度预算执行率 | ≥90%)
        return not (lead.role == Role.GRID and len(labelled) > 1)
    if not any(label is not None for _, label in labelled):
        return _unknown_pairs_row(state, cells, silent=silent)
    if silent:
        return True
    kind = (
        TableKind.DEPARTMENT
        if any(lab is not None and lab.role in DEPARTMENT_MONEY_ROLES for _, lab in labelled)
        else TableKind.PROJECT
    )
    target = state.current
    if target is not None and _starts_new_project(target, labelled):
        target = state.start_target(TableKind.PROJECT, cells[0].location)
    target = target or ensure_target(state, row, kind)
    target.rows.append(row)
    if all(label is not None for _, label in labelled):
        _label_only_row(state, target, labelled)
    else:
        _mixed_row(state, target, labelled)
    return True


def _under_indicator_name(grid: GridSpec, cell: Cell) -> bool:
    """Whether the cell starts in the grid's 三级 (indicator name) column.

    A cell spanning from the first column over it (a form's 项目名称 row) does not.
    """
    return any(
        column.role == Role.LEVEL3 and column.col <= cell.col < column.end
        for column in grid.columns
    )


def _unglued(cells: list[Cell]) -> list[Cell]:
    """A row of one cell holding a label and its value (``专项（项目）名称 伯乐奖``), split.

    Only a cell alone in its row: in a wider row a cell such as ``年度目标：…``
    is the text of its column, not a new field.
    """
    if len(cells) != 1:
        return cells
    out: list[Cell] = []
    for cell in cells:
        glued = None if match_label(cell.text) else split_glued(cell.text)
        if glued is None:
            out.append(cell)
            continue
        _label, label_text, value = glued
        out += [replace(cell, text=label_text), replace(cell, text=value)]
    return out


def _label_only_row(
    state: ParserState, target: TableBuilder, labelled: list[tuple[Cell, Label | None]]
) -> None:
    """Labels without values: group labels apply now, the rest wait for the next row."""
    pending: list[tuple[Cell, Role]] = []
    for position, (cell, lab) in enumerate(labelled):
        assert lab is not None
        if lab.role in GROUP_ROLES or (
            lab.role == Role.GOAL_GROUP and position == 0 and len(labelled) > 1
        ):
            _apply_group(state, target, cell, lab)
        else:
            pending.append((cell, lab.role))
    if pending:
        state.pending_row = PendingRow(pending)
        state.take(*(cell for cell, _ in pending))


def _mixed_row(
    state: ParserState, target: TableBuilder, labelled: list[tuple[Cell, Label | None]]
) -> None:
    """Labels each followed by its value cell; unknown labels with values go to extra."""
    index = 0
    while index < len(labelled):
        cell, label = labelled[index]
        nxt = labelled[index + 1] if index + 1 < len(labelled) else None
        value = nxt[0] if nxt is not None and nxt[1] is None else None
        if label is None:
            index += _unlabelled_cell(state, target, cell, value)
        elif label.role in GROUP_ROLES:
            _apply_group(state, target, cell, label)
            index += 1
        else:
            apply_field(state, target, cell, label, value)
            index += 2 if value is not None else 1


def _unlabelled_cell(
    state: ParserState, target: TableBuilder, cell: Cell, value: Cell | None
) -> int:
    """A cell no label names, before ``value`` (an unlabelled cell, or None); cells used."""
    unit = bracketed_unit(cell.text)
    if unit is not None:
        # ``（万元）`` alone under a group label printed over two rows.
        target.money_unit = unit
        state.take(cell)
        return 1
    if value is not None and _looks_like_label(cell.text):
        target.add_extra(printed_key(cell.text), keep_paragraphs(value.text))
        state.take(cell, value)
        return 2
    return 1  # left for the unmapped-cell warning


def _unknown_pairs_row(state: ParserState, cells: list[Cell], *, silent: bool) -> bool:
    """A row of label | value pairs whose labels nobody claims: they go to ``extra``."""
    target = state.current
    if target is None or target.grid is not None or len(cells) < 2 or len(cells) % 2:
        return False
    if not all(_looks_like_label(cell.text) for cell in cells[::2]):
        return False
    if silent:
        return True
    target.rows.append(cells)
    for label, value in zip(cells[::2], cells[1::2], strict=True):
        target.add_extra(printed_key(label.text), keep_paragraphs(value.text))
        state.take(label, value)
    return True


def _apply_group(state: ParserState, target: TableBuilder, cell: Cell, label: Label) -> None:
    state.take(cell)
    if label.money_unit:
        # The table's own declaration wins over a unit line printed above it.
        target.money_unit = label.money_unit
    if label.role == Role.PURPOSE_GROUP:
        state.pending_purpose = True
    elif label.role == Role.GRID:
        # A block title (长期绩效指标 / 年度绩效指标) starts a new grid block.
        state.grid_horizon_hint = horizon_of(label.key)
        target.grid = None


def _starts_new_project(target: TableBuilder, labelled: list[tuple[Cell, Label | None]]) -> bool:
    # Tables back to back without titles: a fresh 项目名称 / 项目编码 after a
    # finished project starts the next one (DOMAIN.md §2).
    for _, label in labelled:
        if label is None:
            continue
        if label.role == Role.NAME and (target.name or target.indicators):
            return True
        if label.role == Role.CODE and (target.code or target.indicators):
            return True
    return False


_LABEL_LIKE = re.compile(r"^[\u4e00-\u9fff（）()、/\s:：]{2,16}[:：]?$")


def _looks_like_label(text: str) -> bool:
    return bool(_LABEL_LIKE.match(text.strip()))
