"""Span grids: cells placed with rowspans and colspans, turned into a Table.

The spreadsheet readers (merged areas, SpreadsheetML's MergeAcross/MergeDown)
and the HTML reader (rowspan/colspan) both fill a sparse :class:`SpanGrid` and
hand it to :func:`grid_table`. The parser is format-blind, so the table must look
like what Word's text export gives for a table, but with the grid kept: a merged
cell appears once with its ``colspan``/``rowspan``, and a position covered by a
merge from the row above is an empty cell with the merge's column and width
(DOMAIN.md §7: "vertical merges printed once, blanks below").

A grid is bounded by the cell limit (``max_cells``, ``--max-cells``): the
positions its spans cover below their rows, and the rows × columns of the table
it becomes, are counted before they are made, so two cells a sheet apart or
thousands of tall spans stop with a message instead of filling memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from goalextract.cells import Block, Cell, Location, Table
from goalextract.errors import shown
from goalextract.limits import DEFAULT_LIMITS, exceeded

Position = tuple[int, int]  # (row, col), 0-based


@dataclass(frozen=True)
class Area:
    """A rectangle of grid positions, 0-based and inclusive; a merge's text sits at (top, left)."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass
class SpanGrid:
    """One sheet or HTML table before trimming: anchor texts and merged areas.

    ``covered`` holds the positions a span from a row above reaches into: a row
    written without explicit column numbers (HTML, hand-made SpreadsheetML)
    skips them, which is how a browser places the cells of the next row.
    """

    name: str | None
    texts: dict[Position, str] = field(default_factory=dict)
    merges: list[Area] = field(default_factory=list)
    covered: set[Position] = field(default_factory=set, repr=False)
    max_cells: int = DEFAULT_LIMITS.max_cells

    def what(self) -> str:
        """The grid as a message names it: its sheet, or "a table"."""
        return f"sheet {shown(self.name)}" if self.name is not None else "a table"

    def free_col(self, row: int, col: int) -> int:
        """The first column at or after ``col`` that no span from above covers."""
        while (row, col) in self.covered:
            col += 1
        return col

    def place(
        self,
        row: int,
        col: int,
        text: str,
        *,
        rowspan: int = 1,
        colspan: int = 1,
        merged_cols: int | None = None,
    ) -> None:
        """Put a cell at (row, col), spanning ``rowspan`` rows and ``colspan`` columns.

        ``merged_cols`` is how many of those columns form the merged cell (all
        of them unless given): Excel's web pages give text that only overflows
        into empty neighbours a colspan that is no merge.
        """
        if text:
            self.texts[(row, col)] = text
        width = colspan if merged_cols is None else merged_cols
        if width > 1 or rowspan > 1:
            self.merges.append(Area(row, col, row + rowspan - 1, col + width - 1))
        # Counted before they are made: one tall span can name a billion positions.
        if len(self.covered) + (rowspan - 1) * colspan > self.max_cells:
            raise exceeded(
                "max_cells", self.max_cells, f"the merged cells of {self.what()} cover more"
            )
        # Only rows below: the caller moves past the cell's own row itself.
        for r in range(row + 1, row + rowspan):
            for c in range(col, col + colspan):
                self.covered.add((r, c))


def grids_to_blocks(grids: Iterable[SpanGrid]) -> list[Block]:
    """Tables for the non-empty grids, numbered 0, 1, … in order."""
    blocks: list[Block] = []
    for grid in grids:
        table = grid_table(grid, len(blocks))
        if table is not None:
            blocks.append(table)
    return blocks


def grid_table(grid: SpanGrid, index: int) -> Table | None:
    """Turn a sparse grid into a Table; None when the grid holds no text at all.

    Rows and columns outside the bounding box of the non-blank texts are
    trimmed (templates carry dozens of formatted empty rows, and a leading
    empty margin column would look like a vertical-merge continuation to the
    parser). A merge anchored at a non-blank text widens the box to its right
    edge, so a title merged across the table keeps the table's width; it does
    not lengthen the box, so a group label merged down over trailing empty
    template rows does not keep those rows.
    """
    box = _text_box(grid)
    if box is None:
        return None
    height, width = box.bottom - box.top + 1, box.right - box.left + 1
    if height * width > grid.max_cells:
        # From the cells that exist: a declared range or a stray cell far away
        # must not make a table of millions of empty positions.
        raise exceeded(
            "max_cells",
            grid.max_cells,
            f"{grid.what()} spans {height:,} rows × {width:,} columns "
            f"({height * width:,} cells), more",
        )
    anchors, covered = _clip_merges(grid, box)
    rows = tuple(
        _table_row(grid, box, r, anchors, covered, index) for r in range(box.top, box.bottom + 1)
    )
    return Table(rows=rows, location=Location(sheet=grid.name, table=index))


def _text_box(grid: SpanGrid) -> Area | None:
    filled = [pos for pos, text in grid.texts.items() if text.strip()]
    if not filled:
        return None
    right = max(c for _, c in filled)
    for merge in grid.merges:
        if grid.texts.get((merge.top, merge.left), "").strip():
            right = max(right, merge.right)
    return Area(
        top=min(r for r, _ in filled),
        left=min(c for _, c in filled),
        bottom=max(r for r, _ in filled),
        right=right,
    )


def _clip_merges(
    grid: SpanGrid, box: Area
) -> tuple[dict[Position, tuple[Area, str]], dict[Position, Area]]:
    """Merges clipped to the box: anchor → (area, text), covered position → area.

    A merge whose anchor fell outside the box (only blank anchors can) keeps no
    text: a covered position's stray value never shows.
    """
    anchors: dict[Position, tuple[Area, str]] = {}
    covered: dict[Position, Area] = {}
    for merge in grid.merges:
        clipped = Area(
            max(merge.top, box.top),
            max(merge.left, box.left),
            min(merge.bottom, box.bottom),
            min(merge.right, box.right),
        )
        if clipped.top > clipped.bottom or clipped.left > clipped.right:
            continue
        corner = (clipped.top, clipped.left)
        if corner in anchors or corner in covered:
            continue  # overlapping merges (damaged file): the first one wins
        kept = clipped.top == merge.top and clipped.left == merge.left
        anchors[corner] = (clipped, grid.texts.get(corner, "") if kept else "")
        for r in range(clipped.top, clipped.bottom + 1):
            for c in range(clipped.left, clipped.right + 1):
                if (r, c) != corner:
                    covered.setdefault((r, c), clipped)
    return anchors, covered


def _table_row(
    grid: SpanGrid,
    box: Area,
    r: int,
    anchors: dict[Position, tuple[Area, str]],
    covered: dict[Position, Area],
    index: int,
) -> tuple[Cell, ...]:
    row_index = r - box.top
    cells: list[Cell] = []
    c = box.left
    while c <= box.right:
        anchored = anchors.get((r, c))
        cover = covered.get((r, c))
        if anchored is not None:
            area, text = anchored
            colspan = area.right - area.left + 1
            rowspan = area.bottom - area.top + 1
        elif cover is not None:
            # Covered from above (walking left to right, a merge's own row
            # is consumed by its anchor): one empty cell as wide as the merge.
            text = ""
            colspan = cover.right - c + 1
            rowspan = 1
        else:
            text = grid.texts.get((r, c), "")
            colspan = rowspan = 1
        col = c - box.left
        cells.append(
            Cell(
                text=text,
                row=row_index,
                col=col,
                colspan=colspan,
                rowspan=rowspan,
                location=Location(sheet=grid.name, table=index, row=row_index, col=col),
            )
        )
        c += colspan
    return tuple(cells)
