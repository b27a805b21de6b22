"""Properties over generated inputs: the value grammar, label folding, the text reader, span grids.

Whatever the text, these never raise anything but the package's own errors and
never give more out than a bound of what came in. Hypothesis runs derandomized
(the same examples every run, so CI is deterministic) with a modest number of
examples; the examples lean on the characters these readers care about.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from goalextract.cells import Paragraph, Table, strip_field_codes
from goalextract.errors import GoalExtractError, LimitExceeded
from goalextract.labels import match_label, split_glued
from goalextract.measures import measure
from goalextract.readers.spangrid import SpanGrid, grid_table
from goalextract.readers.text import split_blocks
from goalextract.text import fold, join_wrapped, split_items
from goalextract.values import parse_amount, parse_percent, parse_target, to_yuan

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None)

# Pieces of the printed forms: signs, digits, units, brackets, field codes, layout.
_PIECES = [
    *'0123456789.,-~%()（）：:≥≤＞＜=><至 \t\n\r\\"',
    "万元",
    "元",
    "亿",
    "亿元",
    "不低于",
    "大于等于",
    "是",
    "否",
    "项目名称",
    "其中：",
    "绩效指标",
    "TC ",
    "\\a",
    "\\l 1",
    "１２３",
    "9" * 30,
    "\u3000",
    "\xa0",
    "\ufdfa",
]
printed = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=40).map("".join)


@PROPERTY
@given(printed)
def test_parse_target_never_raises_and_stays_within_the_input(text: str) -> None:
    target = parse_target(text)
    assert target.kind in {"numeric", "boolean", "text", "empty"}
    if target.unit is not None:
        assert len(target.unit) <= len(fold(text))
    for number in (target.number, target.upper):
        assert number is None or math.isfinite(number)  # JSON holds no inf or nan
    normalized = measure(text, target)
    for number in (normalized.value, normalized.upper):
        assert number is None or math.isfinite(number)


@PROPERTY
@given(printed)
def test_amounts_and_percentages_never_raise(text: str) -> None:
    amount, unit = parse_amount(text)
    assert amount is not None or unit is None
    if amount is not None:
        assert math.isfinite(to_yuan(amount, unit))
    percent = parse_percent(text)
    assert percent is None or percent >= 0


@PROPERTY
@given(printed)
def test_fold_removes_whitespace_and_is_bounded(text: str) -> None:
    key = fold(text)
    assert not any(ch.isspace() for ch in key)
    assert len(key) <= 18 * len(text)  # NFKC's longest expansion (U+FDFA) is 18 characters


@PROPERTY
@given(printed)
def test_labels_never_raise(text: str) -> None:
    label = match_label(text)
    assert label is None or len(fold(text)) <= 40
    glued = split_glued(text)
    assert glued is None or glued[2] in text


@PROPERTY
@given(printed)
def test_text_helpers_never_grow_the_text(text: str) -> None:
    assert len(strip_field_codes(text)) <= len(text)
    assert len(join_wrapped(text)) <= len(text) + text.count("\n")
    assert sum(len(item) for item in split_items(text)) <= len(text)


@PROPERTY
@given(printed)
def test_the_text_reader_gives_blocks_no_larger_than_its_input(text: str) -> None:
    try:
        blocks = split_blocks(text, max_line=200)
    except GoalExtractError:
        return
    characters = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            characters += len(block.text)
        else:
            assert isinstance(block, Table)
            characters += sum(len(cell.text) for row in block.rows for cell in row)
    assert characters <= len(text)


_place = st.tuples(
    st.integers(0, 30),  # row
    st.integers(0, 30),  # col
    st.sampled_from(["", " ", "甲", "乙丙"]),
    st.integers(1, 40),  # rowspan
    st.integers(1, 40),  # colspan
)


@PROPERTY
@given(st.lists(_place, max_size=25), st.integers(50, 3000))
def test_span_grids_stay_within_the_cell_limit(
    places: list[tuple[int, int, str, int, int]], limit: int
) -> None:
    grid = SpanGrid(name="S", max_cells=limit)
    try:
        for row, col, text, rowspan, colspan in places:
            grid.place(row, col, text, rowspan=rowspan, colspan=colspan)
        table = grid_table(grid, 0)
    except LimitExceeded:
        return
    assert len(grid.covered) <= limit
    if table is None:
        assert not any(text.strip() for text in grid.texts.values())
        return
    width = {sum(cell.colspan for cell in row) for row in table.rows}
    assert len(width) == 1  # every row covers the table's width exactly once
    assert len(table.rows) * width.pop() <= limit
