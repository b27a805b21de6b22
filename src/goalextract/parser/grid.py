"""The indicator grid: its header row, and each row read into Indicators.

Columns are found by their header labels, never by position. Side-by-side
long-term | annual halves are column groups; a flat list of many projects has
project columns (项目名称, 预算数 …) that the grid places per row.
"""

from __future__ import annotations

from goalextract.cells import Cell, Paragraph
from goalextract.codes import Code
from goalextract.labels import GRID_COLUMN_ROLES, MONEY_ROLES, Label, Role, horizon_of, match_label
from goalextract.models import Horizon, Indicator
from goalextract.parser.common import Item, Row, ensure_target, label_cells, nonblank
from goalextract.parser.fields import printed_key
from goalextract.parser.flatlist import project_columns
from goalextract.parser.levels import read_level1, read_level2_cut
from goalextract.parser.state import GridColumn, GridSpec, ParserState, TableBuilder, TableKind
from goalextract.paths import indicator_path
from goalextract.text import clean_value, fold
from goalextract.values import parse_target

# Header labels that make a grid a flat multi-project list (DOMAIN.md §7).
PROJECT_COLUMN_ROLES = frozenset(
    {
        Role.UNIT,
        Role.DEPARTMENT,
        Role.CODE,
        Role.NAME,
        Role.TOTAL,
        Role.TOTAL_BARE,
        Role.FISCAL,
        Role.OTHER,
        Role.GOALS,
        Role.LONG_TERM_GOALS,
        Role.PURPOSE,
    }
)
# Grid columns whose text is kept in an indicator's ``extra`` under the header.
_EXTRA_COLUMN_ROLES = frozenset({Role.EXTRA, Role.SIGN, Role.MEASURE_UNIT})


def grid_header_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """The indicator grid's header: 一级指标 | 二级指标 | 三级指标 | … | 指标值 | …."""
    if isinstance(row, Paragraph):
        return False
    cells = nonblank(row)
    labelled = label_cells(cells)
    roles = {lab.role for _, lab in labelled if lab is not None}
    grid_roles = roles & GRID_COLUMN_ROLES
    if len(grid_roles) < 2 or not grid_roles & {Role.VALUE, Role.LEVEL3, Role.CONTENT}:
        return False
    if not grid_roles & {Role.LEVEL1, Role.LEVEL2, Role.LEVEL3, Role.CONTENT}:
        return False
    if silent:
        return True
    target = ensure_target(state, row)
    target.rows.append(row)
    if Role.SELF_EVALUATION in roles:
        target.self_evaluation = True
    spec = _grid_spec(state, labelled)
    spec.width = max(cell.end for cell in row)
    state.take(*cells)
    state.grid_header_above = True
    if target.grid is not None and _same_grid(target.grid, spec):
        # The header repeated on a new page: keep the columns already refined by
        # a sub-header and the fill-down memory. Cells of a repeated header may
        # carry text of a cell cut at the page break; the indicator columns decide.
        return True
    continued = target.grid is not None and _grid_on_next_page(target, target.grid, spec, row)
    target.grid = spec
    if not continued:
        target.level1 = None
        target.level2 = {}
    return True


def list_header_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """The header of a goals-only list: 单位名称 | 项目名称 | 金额 | 绩效目标, a project a row."""
    if isinstance(row, Paragraph):
        return False
    labelled = label_cells(nonblank(row))
    if len(labelled) < 3 or any(label is None for _, label in labelled):
        return False
    roles = {label.role for _, label in labelled if label is not None}
    if roles & GRID_COLUMN_ROLES or Role.NAME not in roles:
        return False
    if not roles & {Role.GOALS, Role.LONG_TERM_GOALS}:
        return False  # a budget list without goals is no target table
    if not roles & (MONEY_ROLES | {Role.MONEY_GROUP}):
        return False
    if silent:
        return True
    target = state.current
    if target is None or not target.is_empty:
        target = state.start_target(TableKind.PROJECT, labelled[0][0].location)
    target.rows.append(row)
    target.grid = _grid_spec(state, [(c, _as_list_column(lab)) for c, lab in labelled])
    target.grid.width = max(cell.end for cell in row)
    state.take(*(cell for cell, _ in labelled))
    return True


def _as_list_column(label: Label | None) -> Label | None:
    # 金额 heading a column of a list is that column's amount, not a group.
    if label is not None and label.role == Role.MONEY_GROUP:
        return Label(Role.TOTAL_BARE, label.key, label.sub_item, label.money_unit, label.horizon)
    return label


def _same_grid(old: GridSpec, new: GridSpec) -> bool:
    """Whether a header repeats the grid's: the same indicator columns at the same places.

    The same labels on a page whose rulings place the columns elsewhere (a
    三级 cell two grid columns wide on one page, one on the next) are another
    grid: the rows under it are placed by its columns.
    """

    def indicator_columns(spec: GridSpec) -> list[tuple[Role, int, int]]:
        return [(c.role, c.col, c.end) for c in spec.columns if c.role in GRID_COLUMN_ROLES]

    return (old.signature == new.signature or old.width == new.width) and indicator_columns(
        old
    ) == indicator_columns(new)


def _grid_on_next_page(target: TableBuilder, old: GridSpec, new: GridSpec, row: Row) -> bool:
    """Whether a header opening a later page repeats the grid's with other rulings.

    The page's own rulings may split or merge columns (a 三级 cell spanning
    three grid columns on one page, one on the next): the same indicator
    columns in the same order still carry the 一级/二级 memory over, for the
    rows under level cells cut at the break.
    """

    def roles(spec: GridSpec) -> list[Role]:
        return [c.role for c in spec.columns if c.role in GRID_COLUMN_ROLES]

    last = target.last_row_page
    page = row[0].location.page if row else None
    on_next_page = last is not None and page is not None and page > last
    return on_next_page and roles(old) == roles(new)


def grid_subheader_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """Labels under a header cell (``其中：`` over ``财政资金 | 其他资金``): its sub-columns."""
    if isinstance(row, Paragraph) or not state.grid_header_above:
        return False
    target = state.current
    if target is None or target.grid is None:
        return False
    labelled = label_cells(nonblank(row))
    if not labelled or any(label is None for _, label in labelled):
        return False
    if silent:
        return True
    target.rows.append(row)
    spec = target.grid
    for parent in list(spec.columns):
        under = [(c, lab) for c, lab in labelled if parent.col <= c.col and c.end <= parent.end]
        if under and parent.role == Role.EXTRA:
            # The header cell above names no field (``其中：``): the labels under
            # it name the columns it spans.
            index = spec.columns.index(parent)
            spec.columns[index : index + 1] = [
                _column(cell, label, parent.group) for cell, label in under if label is not None
            ]
    for cell, label in labelled:
        if label is not None and not any(
            c.col < cell.end and cell.col < c.end for c in spec.columns
        ):
            # A header cell left blank, its label printed in the row below.
            group = max((c.group for c in spec.columns if c.col < cell.col), default=0)
            spec.columns.append(_column(cell, label, group))
    spec.columns.sort(key=lambda column: column.col)
    spec.signature = tuple(f"{c.role}:{c.header}" for c in spec.columns)
    state.take(*(cell for cell, _ in labelled))
    return True


def _column(cell: Cell, label: Label, group: int) -> GridColumn:
    role = _role_of(label)
    if role == Role.PROJECT_FIELD:
        return GridColumn(cell.col, cell.end, role, printed_key(cell.text), -1, cell, label)
    return GridColumn(cell.col, cell.end, role, printed_key(cell.text), group)


def _role_of(label: Label) -> Role:
    if label.role in PROJECT_COLUMN_ROLES:
        return Role.PROJECT_FIELD
    return label.role if label.role in GRID_COLUMN_ROLES else Role.EXTRA


def _grid_spec(state: ParserState, labelled: list[tuple[Cell, Label | None]]) -> GridSpec:
    columns: list[GridColumn] = []
    has_level3 = any(lab is not None and lab.role == Role.LEVEL3 for _, lab in labelled)
    block_horizon: Horizon | None = None
    group = 0
    group_roles: set[Role] = set()
    hints: dict[int, Horizon] = {}
    for cell, lab in labelled:
        if lab is not None and lab.role == Role.GRID:
            block_horizon = horizon_of(lab.key) or block_horizon
            continue
        if lab is not None and lab.role in PROJECT_COLUMN_ROLES:
            # A flat list of many projects: each row carries its project's fields.
            columns.append(
                GridColumn(
                    cell.col, cell.end, Role.PROJECT_FIELD, printed_key(cell.text), -1, cell, lab
                )
            )
            continue
        role = lab.role if lab is not None and lab.role in GRID_COLUMN_ROLES else Role.EXTRA
        if role == Role.CONTENT:
            role = Role.DESCRIPTION if has_level3 else Role.LEVEL3
        if fold(cell.text) == "单位":
            role = Role.MEASURE_UNIT
        if (
            role == Role.VALUE
            and lab is not None
            and lab.key == "调整后指标值"
            and Role.VALUE in group_roles
        ):
            # An adjustment version: the adjusted value is the target now; the
            # original 指标值 beside it is kept in extra (same group, not a new half).
            for column in columns:
                if column.group == group and column.role == Role.VALUE:
                    column.role = Role.EXTRA
            group_roles.discard(Role.VALUE)
        if role not in (Role.LEVEL1, Role.EXTRA) and role in group_roles:
            group += 1
            group_roles = set()
        group_roles.add(role)
        if lab is not None and lab.horizon and role != Role.LEVEL1:
            hints.setdefault(group, lab.horizon)
        columns.append(GridColumn(cell.col, cell.end, role, printed_key(cell.text), group))
    horizons = _horizons(state, columns, hints, block_horizon)
    signature = tuple(f"{c.role}:{c.header}" for c in columns)
    return GridSpec(columns=columns, horizons=horizons, signature=signature)


def _horizons(
    state: ParserState,
    columns: list[GridColumn],
    hints: dict[int, Horizon],
    block_horizon: Horizon | None,
) -> dict[int, Horizon]:
    """Each column group's horizon: from its labels, the row above, the block title, or order."""
    groups = sorted({c.group for c in columns if c.role != Role.PROJECT_FIELD})
    horizons: dict[int, Horizon] = {}
    spans = _pending_horizon_spans(state)
    for g in groups:
        members = [c for c in columns if c.group == g and c.role != Role.LEVEL1]
        found = hints.get(g) or _horizon_from_spans(members, spans) or block_horizon
        if found:
            horizons[g] = found
        elif len(groups) > 1:
            horizons[g] = "long_term" if g == groups[0] else "annual"
        else:
            horizons[g] = state.grid_horizon_hint or "annual"
    return horizons


def _pending_horizon_spans(state: ParserState) -> list[tuple[int, int, Horizon]]:
    # A row like `中期目标 | 年度目标` just above a side-by-side header tells
    # which columns belong to which horizon.
    pending = state.pending_row
    if pending is None:
        return []
    spans: list[tuple[int, int, Horizon]] = []
    for cell, role in pending.labels:
        if role == Role.LONG_TERM_GOALS:
            spans.append((cell.col, cell.end, "long_term"))
        elif role == Role.GOALS:
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


def take_grid_row(state: ParserState, target: TableBuilder, row: Row) -> None:
    """Read one grid row into indicators (the grid is active; the row is not a header)."""
    assert target.grid is not None
    spec = target.grid
    by_column: dict[int, list[Cell]] = {}
    for cell in nonblank(row):
        position = spec.column_for(cell)
        role = spec.columns[position].role if position is not None else None
        if role in (None, Role.LEVEL1, Role.LEVEL2) and _is_grid_label(cell):
            # The grid's own label column (年度绩效指标), merged down; never a
            # level, even where a page's other rulings overlap it with one.
            state.take(cell)
            continue
        if position is not None:
            by_column.setdefault(position, []).append(cell)

    def text_of(index: int) -> str:
        return "".join(clean_value(c.text) for c in by_column.get(index, []))

    target = project_columns(state, target, spec, by_column, row)
    target.rows.append(row)
    level1_cells = [i for i, c in enumerate(spec.columns) if c.role == Role.LEVEL1]
    level1 = "".join(text_of(i) for i in level1_cells)
    previous = (target.level1, dict(target.level2))
    level2_here = any(text_of(i) for i, c in enumerate(spec.columns) if c.role == Role.LEVEL2)
    read_level1(target, spec, row, level1, level2_here=level2_here)
    emitted = False
    for group in sorted(spec.horizons):
        members = [(i, c) for i, c in enumerate(spec.columns) if c.group == group]
        cells = [(c, text_of(i)) for i, c in members]
        above = _level3_above(target, spec, group, members, row, cells)
        indicator = _group_indicator(target, spec, group, cells, level3_above=above)
        if indicator is None:
            continue
        for i, _column in members:
            state.take(*by_column.get(i, []))
        target.locations[indicator_path(len(target.indicators))] = row[0].location
        target.indicators.append(indicator)
        emitted = True
    if not emitted:
        # Not an indicator row (a stray note, template residue): leave the
        # fill-down memory alone and its cells for the unmapped-cell report;
        # but a 一级 printed on a row of its own still heads the rows below.
        if not level1:
            target.level1, target.level2 = previous
        return
    read_level2_cut(target, spec, row)
    for i in level1_cells:
        state.take(*by_column.get(i, []))
    if target.level1 is None and level1_cells and target.level1_from is None:
        # Only where the grid has a 一级 column: grids without levels are valid.
        state.warn(
            Code.LEVEL1_MISSING,
            "indicator row has no 一级指标 and none above to inherit",
            row[0].location,
        )


def _level3_above(
    target: TableBuilder,
    spec: GridSpec,
    group: int,
    members: list[tuple[int, GridColumn]],
    row: Row,
    cells: list[tuple[GridColumn, str]],
) -> str | None:
    """The 三级 text of a cell merged down over this row from above (None: not merged).

    A 三级 cell merged over several rows, each with a value of its own, names
    the indicator of every row it covers, though only its first row prints the
    text (a flat list's may even cover the first rows of the next block). Only
    a reader that knows the grid tells a covered place (``Cell.merged``) from a
    blank cell of its own; a blank cell of its own ends the memory.
    """
    own = "".join(text for column, text in cells if column.role == Role.LEVEL3)
    columns = {i for i, column in members if column.role == Role.LEVEL3}
    covered = any(cell.merged is True and spec.column_for(cell) in columns for cell in row)
    if own:
        target.level3_above[group] = own
        return None
    if not covered:
        target.level3_above.pop(group, None)
        return None
    return target.level3_above.get(group)


def _group_indicator(
    target: TableBuilder,
    spec: GridSpec,
    group: int,
    cells: list[tuple[GridColumn, str]],
    *,
    level3_above: str | None = None,
) -> Indicator | None:
    """The indicator one horizon group of a row states, or None when it states none."""
    fields: dict[Role, str] = {}
    extra: dict[str, str] = {}
    for column, text in cells:
        if column.role == Role.LEVEL1:
            continue
        if column.role in _EXTRA_COLUMN_ROLES and text:
            extra[column.header] = text
        if column.role != Role.EXTRA and text:
            fields[column.role] = fields.get(column.role, "") + text
    level2 = fields.get(Role.LEVEL2)
    if level2:
        target.level2[group] = level2
    else:
        level2 = target.level2.get(group)
    value = _compose_value(fields)
    # A covered 三级 place counts only beside a value: with none the row is
    # the merged cell's residue, no indicator.
    level3 = fields.get(Role.LEVEL3) or (level3_above if value else None) or ""
    if not level3 and not value:
        return None
    return Indicator(
        level1=target.level1,
        level2=level2,
        level3=level3 or None,
        description=fields.get(Role.DESCRIPTION) or None,
        value=value,
        target=parse_target(value),
        basis=fields.get(Role.BASIS) or None,
        horizon=spec.horizons[group],
        extra=extra,
    )


def _compose_value(fields: dict[Role, str]) -> str:
    # Split sign | value | unit columns are printed glued, as the budget system
    # itself does (DOMAIN.md §5): ≥ + 90 + % → ≥90%; a 定性 sign means text.
    value = fields.get(Role.VALUE, "")
    sign = fields.get(Role.SIGN, "")
    unit = fields.get(Role.MEASURE_UNIT, "")
    if sign in ("定性", "定量") or not value:
        sign = ""
    if not value or unit in ("无", "/", "-"):
        unit = ""
    if sign and value.startswith(sign):
        sign = ""
    if unit and value.endswith(unit):
        unit = ""
    return f"{sign}{value}{unit}"


def _is_grid_label(cell: Cell) -> bool:
    return (label := match_label(cell.text)) is not None and label.role == Role.GRID
