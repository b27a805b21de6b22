"""Tables continued across a page break: which untitled table goes on with the one before.

A PDF prints a long table page by page; the reader gives one table per page
when the pages do not stitch (no repeated header, different rulings). A table
without a title goes on with the current target when its first row repeats the
header (labels) or reads as rows of the current grid. Its cells are then put
onto the grid's columns: as they are, moved right by the edge columns the page
lost, or — where the page's rulings split the columns differently — column by
column from the right edge, where the indicator columns always stand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from goalextract.cells import Cell, Table
from goalextract.labels import LEVEL1_NAMES, LEVEL2_NAMES, Label, Role, match_label, split_glued
from goalextract.lines import title_text
from goalextract.parser.state import GridSpec, TableBuilder
from goalextract.text import clean_value, fold

# At most this many edge columns (an empty margin column, a merged label
# column) may be missing from a continued page before its columns are matched
# one by one instead.
_MAX_LOST_COLUMNS = 2


def continuation(target: TableBuilder, table: Table) -> Table | None:
    """``table`` as the continuation of ``target``'s table, or None when it starts a new one."""
    first = next((row for row in table.rows if any(not c.blank for c in row)), None)
    if first is None:
        return table
    cells = [c for c in first if not c.blank]
    labels = [label for c in cells if (label := _label_of(c.text, len(cells))) is not None]
    if any(label.role != Role.GRID for label in labels):
        return table  # the header or a field of the form printed again
    # (A block title such as 绩效指标 beside indicator cells is the grid's own
    # label column, merged down its rows: the row is a grid row.)
    if len(cells) == 1 and title_text(clean_value(cells[0].text)) is not None:
        return table  # a title row: its rule decides
    if target.grid is None:
        return None
    anchored = _anchored_map(table, target.grid)
    if anchored is not None:
        return _moved(table, anchored, 0)
    lost = target.grid.width - max(cell.end for cell in first)
    if 0 <= lost <= _MAX_LOST_COLUMNS:
        return _moved(table, {}, lost) if lost else table
    mapping = _column_map(table, target.grid)
    return _moved(table, mapping, 0) if mapping else None


def _label_of(text: str, cells_in_row: int) -> Label | None:
    """The label a cell names; a row of one cell may hold a label and its value."""
    glued = split_glued(text) if cells_in_row == 1 else None
    return match_label(text) or (glued[0] if glued else None)


def _column_map(table: Table, grid: GridSpec) -> dict[int, tuple[int, int]] | None:
    """Each column start of the page → (grid column, its end), right-aligned.

    The page's own columns are the cell starts most of its rows share (blank
    cells included: a merged project cell leaves blank cells in every row); the
    k-th from the right is the grid's k-th column from the right.
    """
    _rows, counts, starts = _page_columns(table)
    if not starts or len(starts) > grid.width:
        return None
    first = grid.width - len(starts)
    ends = [*range(first + 1, grid.width), grid.width]
    placed = {start: (first + k, ends[k]) for k, start in enumerate(starts)}
    # A cell starting between the shared starts belongs to the column it starts in.
    for col in counts:
        if col not in placed:
            before = [start for start in starts if start < col]
            if before:
                placed[col] = placed[before[-1]]
    return placed


def _anchored_map(table: Table, grid: GridSpec) -> dict[int, tuple[int, int]] | None:
    """Page columns → grid columns, anchored on the 一级 and 二级 columns found by content.

    A page can lose or narrow a column anywhere (a merged label column at the
    left edge, a 三级 column one grid column narrower): the columns whose cells
    are category names say where 一级 and 二级 stand; the columns left of them
    and right of them are matched from the anchors outwards. None when the page
    shows no category column, or its columns do not fit.
    """
    rows, counts, starts = _page_columns(table)
    columns = sorted({(c.col, c.end) for c in grid.columns})
    anchors: list[tuple[int, tuple[int, int]]] = []
    for names, role in ((LEVEL1_NAMES, Role.LEVEL1), (LEVEL2_NAMES, Role.LEVEL2)):
        after = anchors[-1][0] if anchors else -1  # 二级 stands right of 一级
        page = _column_of_names(rows, [s for s in starts if s > after], names)
        grid_col = _grid_column(grid, role)
        if page is not None and grid_col is not None:
            anchors.append((page, grid_col))
    if not anchors:
        return None
    (first_page, first_grid), (last_page, last_grid) = anchors[0], anchors[-1]
    # Left of the anchors, project or label columns a page may lose at its edge.
    left = [s for s in starts if s < first_page]
    left_grid = [c for c in columns if c[0] < first_grid[0]]
    right = [s for s in starts if s > last_page]
    right_grid = [c for c in columns if c[0] > last_grid[0]]
    while len(left) > len(left_grid) and _label_column(rows, left[0]):
        left = left[1:]  # a merged 绩效指标 label column the grid has no column for
    if len(left) > len(left_grid) or len(right) > len(right_grid):
        return None
    mapping = dict(anchors)
    mapping.update(zip(left, left_grid[len(left_grid) - len(left) :], strict=True))
    # Right of the anchors come 三级 and the value, then notes a page may leave out.
    mapping.update(zip(right, right_grid[: len(right)], strict=True))
    for col in counts:
        if col not in mapping:
            before = [start for start in starts if start < col and start in mapping]
            if before:
                mapping[col] = mapping[before[-1]]
    return mapping


def _column_of_names(
    rows: list[tuple[Cell, ...]], starts: list[int], names: frozenset[str]
) -> int | None:
    """The page column whose filled cells are mostly the given category names."""
    for start in starts:
        texts = [fold(c.text) for row in rows for c in row if c.col == start and not c.blank]
        if len(texts) >= 2 and sum(text in names for text in texts) * 2 > len(texts):
            return start
    return None


def _label_column(rows: list[tuple[Cell, ...]], start: int) -> bool:
    """Whether a page column holds nothing but block titles (绩效指标)."""
    texts = [c.text for row in rows for c in row if c.col == start and not c.blank]
    return all(
        (label := match_label(text)) is not None and label.role == Role.GRID for text in texts
    )


def _grid_column(grid: GridSpec, role: Role) -> tuple[int, int] | None:
    column = next((c for c in grid.columns if c.role == role), None)
    return (column.col, column.end) if column is not None else None


def _page_columns(table: Table) -> tuple[list[tuple[Cell, ...]], Counter[int], list[int]]:
    """The page's rows (before a next table's title), its cell starts counted, and its
    own columns: the starts most rows share (blank cells included)."""
    rows = _until_title(table)
    counts = Counter(cell.col for row in rows for cell in row)
    return rows, counts, sorted(col for col, n in counts.items() if n * 2 >= len(rows))


def _until_title(table: Table) -> list[tuple[Cell, ...]]:
    """The rows before a title row (the next table, printed on the same page)."""
    rows: list[tuple[Cell, ...]] = []
    for row in table.rows:
        cells = [c for c in row if not c.blank]
        if len(cells) == 1 and title_text(clean_value(cells[0].text)) is not None:
            break
        rows.append(row)
    return rows


def _moved(table: Table, mapping: dict[int, tuple[int, int]], offset: int) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for row in table.rows:
        moved: list[Cell] = []
        for cell in row:
            if offset:
                moved.append(replace(cell, col=cell.col + offset))
            elif cell.col in mapping:
                start, end = mapping[cell.col]
                moved.append(replace(cell, col=start, colspan=end - start))
            # A blank cell between the used columns holds nothing: dropped.
        rows.append(tuple(moved))
    return Table(rows=tuple(rows), location=table.location)
