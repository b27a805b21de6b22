"""Rules for table rows: one small function per kind of row (title, unit line, pairs, grid...).

Each rule has the signature ``rule(state, row, *, silent) -> bool``. It returns
False without touching the state when the row is not its business. With
``silent=True`` it only answers whether it would take the row; the grid uses
that to learn where it ends (markdown-it-py's way of ending a block).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from goalextract.cells import Cell, Location
from goalextract.labels import GRID_COLUMN_ROLES, Label, fold, label_role, match_label
from goalextract.models import Horizon, Indicator, SpendingPlanEntry
from goalextract.parser.fields import apply_field, printed_key, split_code_name
from goalextract.parser.paragraphs import title_text, unit_line, year_line
from goalextract.parser.state import (
    GridColumn,
    GridSpec,
    ParserState,
    PendingRow,
    TargetBuilder,
    TargetKind,
)
from goalextract.text import clean_value, keep_paragraphs
from goalextract.values import parse_month, parse_percent, parse_target

Row = Sequence[Cell]


class RowRule(Protocol):
    """``rule(state, row, *, silent) -> bool``: whether the rule took (or would take) the row."""

    def __call__(self, state: ParserState, row: Row, *, silent: bool = False) -> bool: ...


# Header labels that make a grid a flat multi-project list (DOMAIN.md §7).
PROJECT_COLUMN_ROLES = frozenset(
    {
        "unit",
        "department",
        "code",
        "name",
        "total",
        "total_bare",
        "fiscal",
        "other",
        "goals",
        "long_term_goals",
        "purpose",
    }
)
# Labels that set context and never carry a value of their own.
GROUP_ROLES = frozenset({"money_group", "purpose_group", "grid"})
# A row led by one of these ends the indicator grid (a footer, the next project).
BLOCK_ROLES = frozenset(
    {
        "unit",
        "department",
        "department_code",
        "code",
        "name",
        "money_group",
        "purpose_group",
        "total",
        "fiscal",
        "other",
        "carryover",
        "project_total",
        "purpose",
        "spending_plan",
        "goal_group",
        "long_term_goals",
        "goals",
        "extra",
        "basic",
        "project_spending",
        "grid",
    }
)
_UNIT_LINE_CELL = re.compile(r"^(?P<code>\d{6,}[0-9A-Za-z]*)\s*(?P<name>[\u4e00-\u9fff].*)$")
_DEPARTMENT_ROLES = frozenset({"basic", "project_spending"})


def _nonblank(row: Row) -> list[Cell]:
    return [cell for cell in row if not cell.blank]


def _labels(cells: Sequence[Cell]) -> list[tuple[Cell, Label | None]]:
    return [(cell, match_label(cell.text)) for cell in cells]


def _ensure_target(state: ParserState, row: Row, kind: str = "project") -> TargetBuilder:
    if state.current is None:
        location = row[0].location if row else Location()
        state.start_target("department" if kind == "department" else "project", location)
    assert state.current is not None
    return state.current


# -- rules ---------------------------------------------------------------------


def blank_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """An empty row: nothing to do."""
    return not _nonblank(row)


def title_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """A title, year line or unit line spanning the table's first row(s)."""
    cells = _nonblank(row)
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
        kind: TargetKind = "department" if department else "project"
        target = state.current
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


def unit_line_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """A leading unit line: ``131001中国人民政治协商会议…本级 | 单位：元``."""
    cells = _nonblank(row)
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
        target = state.start_target("project", cells[0].location)
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


def grid_header_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """The indicator grid's header: 一级指标 | 二级指标 | 三级指标 | … | 指标值 | …."""
    cells = _nonblank(row)
    labelled = _labels(cells)
    roles = {lab.role for _, lab in labelled if lab is not None}
    grid_roles = roles & GRID_COLUMN_ROLES
    if len(grid_roles) < 2 or not grid_roles & {"value", "level3", "content"}:
        return False
    if not grid_roles & {"level1", "level2", "level3", "content"}:
        return False
    if silent:
        return True
    target = _ensure_target(state, row)
    target.rows.append(row)
    if "self_evaluation" in roles:
        target.self_evaluation = True
    spec = _grid_spec(state, labelled)
    spec.width = len(row)
    if target.grid is not None and target.grid.signature == spec.signature:
        # The header repeated on a new page: keep the fill-down memory.
        state.take(*cells)
        return True
    target.grid = spec
    target.level1 = None
    target.level2 = {}
    state.take(*cells)
    return True


def _grid_spec(state: ParserState, labelled: list[tuple[Cell, Label | None]]) -> GridSpec:
    columns: list[GridColumn] = []
    has_level3 = any(lab is not None and lab.role == "level3" for _, lab in labelled)
    block_horizon: Horizon | None = None
    group = 0
    group_roles: set[str] = set()
    hints: dict[int, Horizon] = {}
    for cell, lab in labelled:
        if lab is not None and lab.role == "grid":
            block_horizon = _horizon_of_grid_label(lab.key) or block_horizon
            continue
        if lab is not None and lab.role in PROJECT_COLUMN_ROLES:
            # A flat list of many projects: each row carries its project's fields.
            columns.append(
                GridColumn(cell.col, cell.end, "project", printed_key(cell.text), -1, cell, lab)
            )
            continue
        role = lab.role if lab is not None and lab.role in GRID_COLUMN_ROLES else "extra"
        if role == "content":
            role = "description" if has_level3 else "level3"
        if fold(cell.text) == "单位":
            role = "measure_unit"
        if role != "level1" and role != "extra" and role in group_roles:
            group += 1
            group_roles = set()
        group_roles.add(role)
        if lab is not None and lab.horizon and role != "level1":
            hints.setdefault(group, lab.horizon)
        columns.append(GridColumn(cell.col, cell.end, role, printed_key(cell.text), group))
    groups = sorted({c.group for c in columns if c.role != "project"})
    horizons: dict[int, Horizon] = {}
    spans = _pending_horizon_spans(state)
    for g in groups:
        if g in hints:
            horizons[g] = hints[g]
            continue
        members = [c for c in columns if c.group == g and c.role != "level1"]
        span_hint = _horizon_from_spans(members, spans)
        if span_hint:
            horizons[g] = span_hint
        elif block_horizon:
            horizons[g] = block_horizon
        elif len(groups) > 1:
            horizons[g] = "long_term" if g == groups[0] else "annual"
        else:
            horizons[g] = state.grid_horizon_hint or "annual"
    signature = tuple(f"{c.role}:{c.header}" for c in columns)
    return GridSpec(columns=columns, horizons=horizons, signature=signature)


def _horizon_of_grid_label(key: str) -> Horizon | None:
    if any(word in key for word in ("长期", "中期", "实施期", "总目标")):
        return "long_term"
    if "年度" in key:
        return "annual"
    return None


def _pending_horizon_spans(state: ParserState) -> list[tuple[int, int, Horizon]]:
    # A row like `中期目标 | 年度目标` just above a side-by-side header tells
    # which columns belong to which horizon.
    pending = state.pending_row
    if pending is None:
        return []
    spans: list[tuple[int, int, Horizon]] = []
    for cell, role in pending.labels:
        if role == "long_term_goals":
            spans.append((cell.col, cell.end, "long_term"))
        elif role == "goals":
            spans.append((cell.col, cell.end, "annual"))
    if spans:
        state.take(*(cell for cell, _ in pending.labels))
    return spans


def _horizon_from_spans(
    members: list[GridColumn], spans: list[tuple[int, int, Horizon]]
) -> Horizon | None:
    for column in members:
        for start, end, horizon in spans:
            if column.col < end and start < column.end:
                return horizon
    return None


def spending_plan_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """``资金支出计划（%） | 3月底 | 6月底 | …``: month labels, percentages in the next row."""
    cells = _nonblank(row)
    index = next(
        (i for i, cell in enumerate(cells) if label_role(cell.text) == "spending_plan"), None
    )
    if index is None:
        return False
    if silent:
        return True
    target = _ensure_target(state, row)
    target.rows.append(row)
    labels = cells[index + 1 :]
    state.take(*cells[: index + 1])
    state.pending_plan = [(c, clean_value(c.text)) for c in labels]
    state.take(*labels)
    return True


def pending_plan_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """The percentages under the spending plan's month labels, aligned by column."""
    if state.pending_plan is None or state.current is None or _has_labels(row):
        return False
    if silent:
        return True
    target = state.current
    target.rows.append(row)
    for label_cell, label in state.pending_plan:
        value_cell = _overlapping(row, label_cell)
        percent = None
        if value_cell is not None and not value_cell.blank:
            percent = parse_percent(value_cell.text)
            if percent is None:
                state.warn(
                    "unreadable_percent",
                    f"spending plan {label}: {value_cell.text.strip()!r} is not a percentage",
                    value_cell.location,
                )
            else:
                state.take(value_cell)
        target.locations[f"spending_plan[{len(target.spending_plan)}]"] = (
            value_cell.location if value_cell is not None else label_cell.location
        )
        target.spending_plan.append(
            SpendingPlanEntry(label=label, month=parse_month(label), percent=percent)
        )
    state.pending_plan = None
    return True


def pending_values_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """Values under a label-only row (`项目总体目标 | 年度总体目标`), by column."""
    if state.pending_row is None or state.current is None or _has_labels(row):
        return False
    if silent:
        return True
    target = state.current
    target.rows.append(row)
    for label_cell, _role in state.pending_row.labels:
        value_cell = _overlapping(row, label_cell)
        label = match_label(label_cell.text)
        assert label is not None
        apply_field(state, target, label_cell, label, value_cell)
    state.pending_row = None
    return True


def pending_purpose_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """The text under 预算规模及资金用途 (Hebei layout): the purpose."""
    if not state.pending_purpose or state.current is None or _has_labels(row):
        return False
    cells = _nonblank(row)
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


def grid_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """One row of the indicator grid: one Indicator per horizon group that is filled."""
    target = state.current
    if target is None or target.grid is None:
        return False
    if any(rule(state, row, silent=True) for rule in (title_row, unit_line_row)):
        return False
    first = _nonblank(row)[0]
    first_label = match_label(first.text)
    if first_label is not None and first_label.role in BLOCK_ROLES:
        return False
    if silent:
        return True
    spec = target.grid
    by_column: dict[int, list[Cell]] = {}
    for cell in _nonblank(row):
        position = _column_for(spec.columns, cell)
        if position is not None:
            by_column.setdefault(position, []).append(cell)

    def text_of(index: int) -> str:
        return "".join(clean_value(c.text) for c in by_column.get(index, []))

    target = _project_columns(state, target, spec, by_column, row)
    target.rows.append(row)
    level1_cells = [i for i, c in enumerate(spec.columns) if c.role == "level1"]
    level1 = "".join(text_of(i) for i in level1_cells)
    previous = (target.level1, dict(target.level2))
    if level1:
        if level1 != target.level1:
            target.level2 = {}
        target.level1 = level1
    emitted = False
    for group in sorted(spec.horizons):
        members = [(i, c) for i, c in enumerate(spec.columns) if c.group == group]
        fields: dict[str, str] = {}
        extra: dict[str, str] = {}
        for i, column in members:
            text = text_of(i)
            if column.role == "level1":
                continue
            if column.role in ("extra", "sign", "measure_unit"):
                if text:
                    extra[column.header] = text
                if column.role == "extra":
                    continue
            if text:
                fields[column.role] = fields.get(column.role, "") + text
        level2 = fields.get("level2")
        if level2:
            target.level2[group] = level2
        else:
            level2 = target.level2.get(group)
        level3 = fields.get("level3", "")
        value = _compose_value(fields)
        if not level3 and not value:
            continue
        for i, _column in members:
            state.take(*by_column.get(i, []))
        target.locations[f"indicators[{len(target.indicators)}]"] = row[0].location
        target.indicators.append(
            Indicator(
                level1=target.level1,
                level2=level2,
                level3=level3 or None,
                description=fields.get("description") or None,
                value=value,
                target=parse_target(value),
                basis=fields.get("basis") or None,
                horizon=spec.horizons[group],
                extra=extra,
            )
        )
        emitted = True
    if not emitted:
        # Not an indicator row (a stray note, template residue): leave the
        # fill-down memory alone and its cells for the unmapped-cell report.
        target.level1, target.level2 = previous
        return True
    for i in level1_cells:
        state.take(*by_column.get(i, []))
    if target.level1 is None:
        state.warn(
            "level1_missing",
            "indicator row has no 一级指标 and none above to inherit",
            row[0].location,
        )
    return True


def _project_columns(
    state: ParserState,
    target: TargetBuilder,
    spec: GridSpec,
    by_column: dict[int, list[Cell]],
    row: Row,
) -> TargetBuilder:
    """Place a flat list's project fields; a new 项目名称 (or 项目编码) starts a new project."""
    values = [
        (column, cells[0])
        for index, column in enumerate(spec.columns)
        if column.role == "project" and (cells := by_column.get(index))
    ]
    if not values:
        return target
    for column, cell in values:
        assert column.label is not None
        if column.label.role in ("name", "code"):
            current = target.name if column.label.role == "name" else target.code
            if current is not None and clean_value(cell.text) != current:
                target = _next_flat_project(state, target, row)
                break
    for column, cell in values:
        assert column.label is not None and column.cell is not None
        apply_field(state, target, column.cell, column.label, cell)
    return target


def _next_flat_project(state: ParserState, previous: TargetBuilder, row: Row) -> TargetBuilder:
    state.pending_title = None
    target = state.start_target(previous.kind, row[0].location)
    # What the list's title, unit line and header said holds for every project in it.
    target.title, target.year, target.money_unit = (
        previous.title,
        previous.year,
        previous.money_unit,
    )
    target.grid = previous.grid
    return target


def _compose_value(fields: dict[str, str]) -> str:
    # Split sign | value | unit columns are printed glued, as the budget system
    # itself does (DOMAIN.md §5): ≥ + 90 + % → ≥90%; a 定性 sign means text.
    value = fields.get("value", "")
    sign = fields.get("sign", "")
    unit = fields.get("measure_unit", "")
    if sign in ("定性", "定量") or not value:
        sign = ""
    if not value or unit in ("无", "/", "-"):
        unit = ""
    if sign and value.startswith(sign):
        sign = ""
    if unit and value.endswith(unit):
        unit = ""
    return f"{sign}{value}{unit}"


def _column_for(columns: list[GridColumn], cell: Cell) -> int | None:
    best, best_overlap = None, 0
    for index, column in enumerate(columns):
        overlap = min(column.end, cell.end) - max(column.col, cell.col)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    return best


def _overlapping(row: Row, label_cell: Cell) -> Cell | None:
    """The cell under ``label_cell`` (a filled one first, else a blank one, else None)."""
    under = [cell for cell in row if cell.col < label_cell.end and label_cell.col < cell.end]
    filled = [cell for cell in under if not cell.blank]
    candidates = filled or under
    return candidates[0] if candidates else None


def _has_labels(row: Row) -> bool:
    return any(
        (label := match_label(cell.text)) is not None and label.role not in GROUP_ROLES
        for cell in row
        if not cell.blank
    )


def pairs_row(state: ParserState, row: Row, *, silent: bool = False) -> bool:
    """Label | value pairs, two or three to a row; a label-only row waits for the next."""
    cells = _nonblank(row)
    labelled = _labels(cells)
    if not any(label is not None for _, label in labelled):
        return _unknown_pairs_row(state, cells, silent=silent)
    if silent:
        return True
    kind = (
        "department"
        if any(lab is not None and lab.role in _DEPARTMENT_ROLES for _, lab in labelled)
        else "project"
    )
    target = state.current
    if target is not None and _starts_new_project(target, labelled):
        target = state.start_target("project", cells[0].location)
    target = target or _ensure_target(state, row, kind)
    target.rows.append(row)
    if all(label is not None for _, label in labelled):
        pending: list[tuple[Cell, str]] = []
        for position, (cell, lab) in enumerate(labelled):
            assert lab is not None
            if lab.role in GROUP_ROLES or (
                lab.role == "goal_group" and position == 0 and len(labelled) > 1
            ):
                _apply_group(state, target, cell, lab)
            else:
                pending.append((cell, lab.role))
        if pending:
            state.pending_row = PendingRow(pending)
            state.take(*(cell for cell, _ in pending))
        return True
    index = 0
    while index < len(labelled):
        cell, label = labelled[index]
        if label is None:
            nxt = labelled[index + 1] if index + 1 < len(labelled) else None
            if nxt is not None and nxt[1] is None and _looks_like_label(cell.text):
                target.add_extra(printed_key(cell.text), clean_value(nxt[0].text))
                state.take(cell, nxt[0])
                index += 2
                continue
            index += 1  # left for the unmapped-cell warning
            continue
        if label.role in GROUP_ROLES:
            _apply_group(state, target, cell, label)
            index += 1
            continue
        nxt = labelled[index + 1] if index + 1 < len(labelled) else None
        if nxt is not None and nxt[1] is None:
            apply_field(state, target, cell, label, nxt[0])
            index += 2
        else:
            apply_field(state, target, cell, label, None)
            index += 1
    return True


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
        target.add_extra(printed_key(label.text), clean_value(value.text))
        state.take(label, value)
    return True


def _apply_group(state: ParserState, target: TargetBuilder, cell: Cell, label: Label) -> None:
    state.take(cell)
    if label.money_unit:
        target.money_unit = target.money_unit or label.money_unit
    if label.role == "purpose_group":
        state.pending_purpose = True
    elif label.role == "grid":
        # A block title (长期绩效指标 / 年度绩效指标) starts a new grid block.
        state.grid_horizon_hint = _horizon_of_grid_label(label.key)
        target.grid = None


def _starts_new_project(target: TargetBuilder, labelled: list[tuple[Cell, Label | None]]) -> bool:
    # Tables back to back without titles: a fresh 项目名称 / 项目编码 after a
    # finished project starts the next one (DOMAIN.md §2).
    for _, label in labelled:
        if label is None:
            continue
        if label.role == "name" and (target.name or target.indicators):
            return True
        if label.role == "code" and (target.code or target.indicators):
            return True
    return False


_LABEL_LIKE = re.compile(r"^[\u4e00-\u9fff（）()、/\s:：]{2,16}[:：]?$")


def _looks_like_label(text: str) -> bool:
    return bool(_LABEL_LIKE.match(text.strip()))


# The order is the priority: the first rule that takes a row wins.
ROW_RULES: list[tuple[str, RowRule]] = [
    ("blank", blank_row),
    ("title", title_row),
    ("unit_line", unit_line_row),
    ("grid_header", grid_header_row),
    ("spending_plan", spending_plan_row),
    ("pending_plan", pending_plan_row),
    ("pending_values", pending_values_row),
    ("pending_purpose", pending_purpose_row),
    ("grid_row", grid_row),
    ("pairs", pairs_row),
]
