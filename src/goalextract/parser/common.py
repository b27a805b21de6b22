"""What every rule shares: the item types, the rule contract, small lookups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from goalextract.cells import Cell, Location, Paragraph
from goalextract.labels import Label, match_label
from goalextract.parser.state import ParserState, TableBuilder, TableKind

Row = Sequence[Cell]
# What a rule reads: a paragraph, or one row of a table.
Item = Paragraph | Row


class BlockRule(Protocol):
    """``rule(state, item, *, silent) -> bool``: whether the rule took (or would take) the item.

    A rule returns False without touching the state when the item is not its
    business (a paragraph rule given a row, a row it does not recognise). With
    ``silent=True`` it only answers whether it would take the item; blocks use
    that to learn where they end (markdown-it-py's way of ending a block).
    """

    def __call__(self, state: ParserState, item: Item, /, *, silent: bool = False) -> bool: ...


def nonblank(row: Row) -> list[Cell]:
    """The cells of a row that hold text."""
    return [cell for cell in row if not cell.blank]


def label_cells(cells: Sequence[Cell]) -> list[tuple[Cell, Label | None]]:
    """Each cell with the label it names, or None."""
    return [(cell, match_label(cell.text)) for cell in cells]


def ensure_target(
    state: ParserState, row: Row, kind: TableKind = TableKind.PROJECT
) -> TableBuilder:
    """The target under construction, opened at this row when there is none."""
    if state.current is None:
        location = row[0].location if row else Location()
        state.start_target(kind, location)
    assert state.current is not None
    return state.current


def overlapping(row: Row, label_cell: Cell) -> Cell | None:
    """The cell under ``label_cell`` (a filled one first, else a blank one, else None)."""
    under = [cell for cell in row if cell.col < label_cell.end and label_cell.col < cell.end]
    filled = [cell for cell in under if not cell.blank]
    candidates = filled or under
    return candidates[0] if candidates else None
