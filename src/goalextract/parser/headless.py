"""An indicator grid printed without its header row.

Some forms leave out the 一级指标 | 二级指标 | 指标内容 | 指标值 header and start
the grid with its first row. The row is still plain to see: a 一级 category
name, the 二级 name beside it, then the indicator text and its value. Its
columns become the grid's in that order (a further column, unnamed, is left
for the unmapped-cell report).
"""

from __future__ import annotations

from itertools import pairwise

from goalextract.cells import Cell, Paragraph
from goalextract.labels import LEVEL1_NAMES, LEVEL2_NAMES, Role
from goalextract.parser.common import Item, Row
from goalextract.parser.grid import take_grid_row
from goalextract.parser.state import GridColumn, GridSpec, ParserState
from goalextract.text import fold

# The columns right of the 二级 name, in the order the form prints them.
_AFTER_LEVEL2 = (Role.LEVEL3, Role.VALUE)


def headless_grid_row(state: ParserState, row: Item, *, silent: bool = False) -> bool:
    """The first row of a grid without header: 一级 name | 二级 name | 三级 | 指标值."""
    if isinstance(row, Paragraph):
        return False
    target = state.current
    if target is None or target.grid is not None or not target.has_identity:
        return False
    spec = _implied_grid(row, state)
    if spec is None:
        return False
    if silent:
        return True
    target.grid = spec
    target.level1, target.level2 = None, {}
    take_grid_row(state, target, row)
    return True


def _implied_grid(row: Row, state: ParserState) -> GridSpec | None:
    """The grid a header-less first row implies, or None when the row is no such row."""
    cells = sorted(row, key=lambda cell: cell.col)
    start = _level_pair(cells)
    if start is None:
        return None
    rest = cells[start + 2 :]
    if len(rest) < len(_AFTER_LEVEL2) or any(cell.blank for cell in rest[: len(_AFTER_LEVEL2)]):
        return None
    roles = [Role.LEVEL1, Role.LEVEL2, *_AFTER_LEVEL2]
    columns = [
        GridColumn(cell.col, cell.end, role, "")
        for cell, role in zip(cells[start:], roles, strict=False)
    ]
    horizon = state.grid_horizon_hint or "annual"
    signature = tuple(f"{c.role}:{c.header}" for c in columns)
    spec = GridSpec(columns=columns, horizons={0: horizon}, signature=signature)
    spec.width = max(cell.end for cell in cells)
    return spec


def _level_pair(cells: list[Cell]) -> int | None:
    """Index of a 一级 name directly followed by a 二级 name (blank cells between none)."""
    for index, (first, second) in enumerate(pairwise(cells)):
        if fold(first.text) in LEVEL1_NAMES and fold(second.text) in LEVEL2_NAMES:
            return index
    return None
