"""Column rules a PDF leaves out for one block of rows, inferred from the rest of the table.

Beijing's 预算表12 sometimes draws a column rule from the frame's top down to
one block of rows and again from under that block (beijing_shuiwu p.136, the
rule between 绩效目标 and 一级指标): without it the two columns read as one
merged cell holding both columns' text. A gap in a column rule is a cell
merged across that column only when text crosses it; it is a rule left out
when the block holds text on both sides of it and none across it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

_Char = Mapping[str, Any]

_SAME_X = 2.0  # rule pieces closer than this are one column rule
_TOUCH = 2.0  # rule pieces whose ends are closer than this are one run
_MIN_GAP = 10.0  # less than a row: no block of rows to fill
_PAD = 4.5  # a cell's text starts this close to its left rule (Beijing: 2.6)
_ROOM = 1.0  # glyphs closer than this to a rule on both sides are one line across it


def missing_rules(
    edges: Sequence[_Char], chars: Sequence[_Char]
) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of the pieces of column rules left out, given a frame's rules.

    A gap is taken row band by row band (between the horizontal rules that
    cross it): a merged cell below a block with a rule left out is no reason
    to split that cell.
    """
    verticals = [edge for edge in edges if edge["orientation"] == "v"]
    crossing = [edge for edge in edges if edge["orientation"] == "h"]
    found: list[tuple[float, float, float]] = []
    columns = _column_rules(verticals)
    for x, runs in columns:
        for (_, upper_end), (lower_start, _) in pairwise(runs):
            cuts = sorted(
                edge["top"]
                for edge in crossing
                if edge["x0"] < x - _SAME_X
                and edge["x1"] > x + _SAME_X
                and upper_end + _TOUCH < edge["top"] < lower_start - _TOUCH
            )
            for top, bottom in pairwise([upper_end, *cuts, lower_start]):
                drawn = [other for other, pieces in columns if _covers(pieces, top, bottom)]
                sides = (
                    max((other for other in drawn if other < x), default=x),
                    min((other for other in drawn if other > x), default=x),
                )
                if bottom - top >= _MIN_GAP and _split_text(chars, x, sides, (top, bottom)):
                    found.append((x, top, bottom))
    return found


def _column_rules(verticals: Sequence[_Char]) -> list[tuple[float, list[tuple[float, float]]]]:
    """Each column rule's x and its drawn runs (top, bottom), top down."""
    columns: list[tuple[float, list[tuple[float, float]]]] = []
    for edge in sorted(verticals, key=lambda e: (e["x0"], e["top"])):
        if columns and edge["x0"] - columns[-1][0] < _SAME_X:
            columns[-1][1].append((edge["top"], edge["bottom"]))
        else:
            columns.append((edge["x0"], [(edge["top"], edge["bottom"])]))
    return [(x, _joined(pieces)) for x, pieces in columns]


def _joined(pieces: list[tuple[float, float]]) -> list[tuple[float, float]]:
    runs: list[tuple[float, float]] = []
    for top, bottom in sorted(pieces):
        if runs and top <= runs[-1][1] + _TOUCH:
            runs[-1] = (runs[-1][0], max(runs[-1][1], bottom))
        else:
            runs.append((top, bottom))
    return runs


def _covers(runs: Sequence[tuple[float, float]], top: float, bottom: float) -> bool:
    return any(start <= top + _TOUCH and bottom - _TOUCH <= end for start, end in runs)


def _split_text(
    chars: Sequence[_Char], x: float, sides: tuple[float, float], band: tuple[float, float]
) -> bool:
    """Whether the band's text lies on both sides of ``x``, none across.

    Only the text between the rules drawn on either side (``sides``) counts.

    A line crosses ``x`` with a glyph over it, or with two glyphs meeting at
    it (within ``_ROOM``; justified text may touch its rule).
    """
    ends: list[float] = []  # tops of the lines with a glyph ending just left of x
    starts: list[float] = []
    left = right = False
    (left_rule, right_rule), (top, bottom) = sides, band
    for char in chars:
        if not char["text"].strip() or not top <= (char["top"] + char["bottom"]) / 2 <= bottom:
            continue
        if char["x1"] <= left_rule or char["x0"] >= right_rule:
            continue
        if char["x0"] < x - _ROOM and char["x1"] > x + _ROOM:
            return False
        if char["x1"] <= x + _ROOM:
            left = True
            if char["x1"] > x - _ROOM:
                ends.append(char["top"])
        else:
            right = True
            if char["x0"] < x + _ROOM:
                starts.append(char["top"])
    if any(abs(a - b) < 1 for a in ends for b in starts):
        return False
    return right and (left or _aligned(chars, x, sides[1], band))


def _aligned(
    chars: Sequence[_Char], x: float, right_rule: float, band: tuple[float, float]
) -> bool:
    """Whether the band's text right of ``x`` starts at ``x``, as a cell's text starts at its rule.

    A blank cell left of a rule left out gives no text on that side; the text
    on the right set from the line itself (not from where the merged cell
    would start) is the sign.
    """
    starts = [
        char["x0"]
        for char in chars
        if char["text"].strip()
        and band[0] <= (char["top"] + char["bottom"]) / 2 <= band[1]
        and x <= char["x0"] < right_rule
    ]
    return bool(starts) and min(starts) - x < _PAD
