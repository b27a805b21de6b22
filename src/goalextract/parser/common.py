"""Helpers shared by the row rules: the Row type, the rule protocol, small lookups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from goalextract.cells import Cell, Location
from goalextract.labels import Label, match_label
from goalextract.parser.state import ParserState, TargetBuilder

Row = Sequence[Cell]


class RowRule(Protocol):
    """``rule(state, row, *, silent) -> bool``: whether the rule took (or would take) the row."""

    def __call__(self, state: ParserState, row: Row, *, silent: bool = False) -> bool: ...


def nonblank(row: Row) -> list[Cell]:
    """The cells of a row that hold text."""
    return [cell for cell in row if not cell.blank]


def label_cells(cells: Sequence[Cell]) -> list[tuple[Cell, Label | None]]:
    """Each cell with the label it names, or None."""
    return [(cell, match_label(cell.text)) for cell in cells]


def ensure_target(state: ParserState, row: Row, kind: str = "project") -> TargetBuilder:
    """The target under construction, opened at this row when there is none."""
    if state.current is None:
        location = row[0].location if row else Location()
        state.start_target("department" if kind == "department" else "project", location)
    assert state.current is not None
    return state.current


def overlapping(row: Row, label_cell: Cell) -> Cell | None:
    """The cell under ``label_cell`` (a filled one first, else a blank one, else None)."""
    under = [cell for cell in row if cell.col < label_cell.end and label_cell.col < cell.end]
    filled = [cell for cell in under if not cell.blank]
    candidates = filled or under
    return candidates[0] if candidates else None
