"""Single-line text runs clipped by their cell: which cell such a run belongs to.

A spreadsheet exported to PDF draws a label wider than its cell whole and clips
it at the cell's rules; the glyphs beyond the rules are still in the text layer,
over the neighbouring cells (`实施` | `期资金总` | `额：` under `55.72`). Placed
one by one, by their centre, they would give every neighbour a piece of the label.
A run is anchored where its alignment says: at its start when it starts at the
left edge of a cell, at its end when it ends at the right edge of one, else at its
middle (centred text overflows on both sides).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

_Char = dict[str, Any]
# (x0, x1) of the cell at a point, or None outside every cell.
Locate = Callable[[float, float], tuple[float, float] | None]

# Glyphs of one run follow each other without a gap (the advance of the font):
# a wider step, even a small one, is padding between two cells' texts.
_ABUT = 0.1  # font sizes
# A run aligned at a cell edge starts (or ends) within the cell's padding.
_PADDING = 1.0  # font sizes
_SAME_LINE = 0.5  # points between the tops of one line's glyphs


def anchor_points(chars: Sequence[_Char], locate: Locate) -> dict[int, float]:
    """The x at which to place each glyph of a run that crosses cell rules, by ``id``.

    Glyphs not in such a run are left out: they are placed by their own centre.
    """
    anchors: dict[int, float] = {}
    for run in _line_runs(chars):
        x = _anchor(run, locate)
        if x is not None:
            anchors.update((id(char), x) for char in run)
    return anchors


def _line_runs(chars: Sequence[_Char]) -> list[list[_Char]]:
    """Runs of glyphs drawn one after another on one line, each abutting the last."""
    runs: list[list[_Char]] = []
    current: list[_Char] = []
    for char in chars:
        if not char["text"].strip():
            continue
        last = current[-1] if current else None
        if last is not None and _abuts(last, char):
            current.append(char)
            continue
        if len(current) > 1:
            runs.append(current)
        current = [char]
    if len(current) > 1:
        runs.append(current)
    return runs


def _abuts(last: _Char, char: _Char) -> bool:
    size = float(char.get("size") or 0.0)
    return (
        abs(size - float(last.get("size") or 0.0)) < 0.05
        and abs(float(char["top"]) - float(last["top"])) < _SAME_LINE
        and abs(float(char["x0"]) - float(last["x1"])) <= _ABUT * size
    )


def _anchor(run: Sequence[_Char], locate: Locate) -> float | None:
    """Where the run is anchored, when its glyphs lie in more than one cell."""
    y = (float(run[0]["top"]) + float(run[0]["bottom"])) / 2
    cells = {locate((float(c["x0"]) + float(c["x1"])) / 2, y) for c in run}
    if len(cells) < 2 or None in cells:
        return None  # one cell, or running out of the table: nothing clipped
    x0, x1 = float(run[0]["x0"]), float(run[-1]["x1"])
    size = float(run[0].get("size") or 0.0)
    first, last = locate(x0 + size / 2, y), locate(x1 - size / 2, y)
    if first is not None and x0 - first[0] <= _PADDING * size:
        return x0 + size / 2  # left-aligned: overflows to the right
    if last is not None and last[1] - x1 <= _PADDING * size:
        return x1 - size / 2  # right-aligned: overflows to the left
    return (x0 + x1) / 2
