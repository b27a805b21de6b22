"""The 一级 (level-1) fill-down memory of an indicator grid.

A 一级 cell is merged down the rows of its category; the text stands at the top
of the merged cell, at its middle when the PDF's rulings split the cell, or in
its part on the next page when the cell is cut at a page break. These rules
decide which rows a 一级 text names.
"""

from __future__ import annotations

from goalextract.cells import Cell
from goalextract.labels import Role
from goalextract.parser.common import Row
from goalextract.parser.state import GridColumn, GridSpec, TableBuilder
from goalextract.paths import indicator_path
from goalextract.text import clean_value


def read_level1(
    target: TableBuilder, spec: GridSpec, row: Row, level1: str, *, level2_here: bool
) -> None:
    """Update the 一级 fill-down memory from this row's 一级 cell."""
    column = next((c for c in spec.columns if c.role == Role.LEVEL1), None)
    if level1:
        if level1 != target.level1 and not _level2_continues(target, spec, row):
            target.level2 = {}
        target.level1 = level1
        _name_level1_above(target, level1, row, mid_merge=not level2_here)
    elif column is not None and _cut_merge_starts(target, column, row):
        # A blank 一级 cell merged over the rows from here: the same 一级 (a merged
        # cell split by a ruling) or, when the cell is cut at the page break and
        # its text opens the next page, a new one. The rows inherit until then.
        target.level1_from, target.level1_cut = len(target.indicators), True
    elif column is not None and target.level1 is None and target.level1_from is None:
        # No 一级 yet: a merged cell printed at the middle of its rows names them
        # further down (when its rows are not merged in the PDF's rulings).
        target.level1_from, target.level1_cut = len(target.indicators), False


def _level2_continues(target: TableBuilder, spec: GridSpec, row: Row) -> bool:
    """Whether the row's blank 二级 cell goes on with the 二级 above.

    A 一级 text can fall on such a row: printed at the middle of its rows (a 二级
    cell merged across the rows where the 一级 text changes), or printed again
    on the next page beside a 二级 cell cut at the break. The 二级 above goes
    on there; it is not a new category without one.
    """
    cell = _level2_cell(spec, row)
    if cell is None or not cell.blank:
        return False
    return cell.merged is True or _opens_next_page(target, row)


def _level2_cell(spec: GridSpec, row: Row) -> Cell | None:
    """The row's cell in the 二级 column (None: no cell, or several 二级 columns)."""
    columns = [i for i, c in enumerate(spec.columns) if c.role == Role.LEVEL2]
    if len(columns) != 1:
        return None
    return next((c for c in row if spec.column_for(c) == columns[0]), None)


def read_level2_cut(target: TableBuilder, spec: GridSpec, row: Row) -> None:
    """Name the rows under a 二级 cell cut at the page break (after the row's indicator).

    A merged 二级 cell cut by the page break may print its text only in its part
    on the next page: its rows on the first page show a blank cell that starts
    on a row of its own (not the part of a cell above) and runs to the page's
    end. Those rows inherited the 二级 above; the text on the next page's first
    row is theirs.
    """
    cell = _level2_cell(spec, row)
    index = len(target.indicators) - 1
    page = row[0].location.page if row else None
    pending, target.level2_cut = target.level2_cut, None
    if cell is None or page is None:
        return
    if not cell.blank:
        if pending is not None and page > pending[1] and _first_on_page(target, page):
            for indicator in target.indicators[pending[0] : index]:
                indicator.level2 = clean_value(cell.text)
        return
    if cell.merged is True:
        target.level2_cut = pending  # the same cell, going on
    elif cell.merged is False:
        target.level2_cut = (index, page)


def _first_on_page(target: TableBuilder, page: int) -> bool:
    """Whether the target's last indicator is the first one read on ``page``."""
    if len(target.indicators) < 2:
        return False
    location = target.locations.get(indicator_path(len(target.indicators) - 2))
    return location is not None and location.page is not None and location.page < page


def _cut_merge_starts(target: TableBuilder, column: GridColumn, row: Row) -> bool:
    """Whether a blank cell merged down from this row (below indicator rows on its page) starts.

    At the top of a page such a cell is the merged cell above, continued.
    """
    cell = next((c for c in row if c.col < column.end and column.col < c.end), None)
    if cell is None or not cell.blank or cell.rowspan < 2 or not target.indicators:
        return False
    last = target.last_row_page
    return last is not None and last == cell.location.page


def _name_level1_above(target: TableBuilder, level1: str, row: Row, *, mid_merge: bool) -> None:
    """The 一级 text of a merged cell printed below its first rows names those rows too.

    Either the cell was cut at a page break and its text opens the next page
    (the rows under its blank part inherited the 一级 above until then), or its
    rows were not merged in the PDF's rulings and its text stands at their
    middle: then on a row that starts no 二级 of its own (a row that does is a
    new category, and the rows above stay without 一级). Rows still without
    any 一级 when the next page opens with one are under a cell cut at the
    break, whatever that row starts.
    """
    start = target.level1_from
    if start is None:
        return
    if target.level1_cut:
        target.level1_from, target.level1_cut = None, False
        if _opens_next_page(target, row):
            for indicator in target.indicators[start:]:
                indicator.level1 = level1
        return
    if not mid_merge and not _opens_next_page(target, row):
        target.settle_level1()
        return
    for indicator in target.indicators[start:]:
        if indicator.level1 is None:
            indicator.level1 = level1
    target.level1_from = None


def _opens_next_page(target: TableBuilder, row: Row) -> bool:
    """Whether the row is the first indicator row of a page after the target's last."""
    last = target.last_row_page
    page = row[0].location.page if row else None
    return last is not None and page is not None and page > last
