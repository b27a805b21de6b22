"""Tables continued across page breaks (parser/pages.py, flat-list blocks cut at a break).

The blocks are built by hand the way the PDF reader gives them: one Table per
page, cells with their page, spans, and blank merged cells.
"""

from __future__ import annotations

import pytest

from goalextract.cells import Cell, Location, Paragraph, Table
from goalextract.parser import parse_blocks

HEADER = ["项目名称", "项目总额", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值"]
# A cell: (col, text) or (col, text, rowspan).
Spec = tuple[int, str] | tuple[int, str, int]


def table(page: int, rows: list[list[Spec]], *, span: int = 1) -> Table:
    """Rows of (col, text[, rowspan]) cells; every cell ``span`` grid columns wide."""
    built = []
    for r, row in enumerate(rows):
        cells = []
        for spec in row:
            col, text = spec[0], spec[1]
            rowspan = spec[2] if len(spec) == 3 else 1
            cells.append(
                Cell(text, r, col, span, rowspan, Location(page=page, table=page, row=r, col=col))
            )
        built.append(tuple(cells))
    return Table(rows=tuple(built), location=Location(page=page, table=page))


def header_row() -> list[Spec]:
    return list(enumerate(HEADER))


def indicator(name: str, value: str) -> list[Spec]:
    return [(0, ""), (1, ""), (2, ""), (3, "产出指标"), (4, "数量指标"), (5, name), (6, value)]


def names_and_counts(blocks: list[Paragraph | Table]) -> list[tuple[str | None, float | None, int]]:
    content = parse_blocks(blocks)
    return [(p.name, p.budget.total, len(p.indicators)) for p in content.projects]


TITLE = Paragraph("项目支出绩效目标表", Location(page=1))


def test_a_page_with_other_column_rulings_is_put_onto_the_grid_from_the_right() -> None:
    first = table(
        1, [header_row(), [(0, "甲项目"), (1, "10"), (2, "做甲。"), *indicator("甲一", "1个")[3:]]]
    )
    # The next page's rulings split every column in two: cells start at even columns.
    second = table(
        2,
        [
            [
                (0, ""),
                (2, ""),
                (4, ""),
                (6, "产出指标"),
                (8, "数量指标"),
                (10, "甲二"),
                (12, "2个"),
            ],
            [
                (0, "乙项目"),
                (2, "20"),
                (4, "做乙。"),
                (6, "效益指标"),
                (8, "社会效益指标"),
                (10, "乙一"),
                (12, "提高"),
            ],
        ],
        span=2,
    )
    assert names_and_counts([TITLE, first, second]) == [("甲项目", 10.0, 2), ("乙项目", 20.0, 1)]


def test_a_page_without_the_edge_column_is_aligned_on_the_right() -> None:
    first = table(
        1,
        [
            [(0, ""), *((c + 1, t) for c, t in enumerate(HEADER))],
            [
                (0, ""),
                (1, "甲项目"),
                (2, "10"),
                (3, "做甲。"),
                (4, "产出指标"),
                (5, "数量指标"),
                (6, "甲一"),
                (7, "1个"),
            ],
        ],
    )
    second = table(2, [indicator("甲二", "2个")])
    assert names_and_counts([TITLE, first, second]) == [("甲项目", 10.0, 2)]


def test_a_block_cut_at_the_break_starts_at_its_blank_merged_cells() -> None:
    # p.1: 甲 with two rows, then the first two rows of 乙 whose merged name and
    # amount cells are blank here: the PDF printed their text in the part on p.2.
    first = table(
        1,
        [
            header_row(),
            [(0, "甲项目", 2), (1, "10", 2), (2, "做甲。", 2), *indicator("甲一", "1个")[3:]],
            indicator("甲二", "2个"),
            [(0, "", 2), (1, "", 2), (2, "", 2), *indicator("乙一", "3个")[3:]],
            indicator("乙二", "4个"),
        ],
    )
    second = table(
        2, [[(0, "乙项目", 1), (1, "20", 1), (2, "做乙。", 1), *indicator("乙三", "5个")[3:]]]
    )
    assert names_and_counts([TITLE, first, second]) == [("甲项目", 10.0, 2), ("乙项目", 20.0, 3)]


def test_blank_merged_cells_at_the_top_of_a_page_continue_the_block_above() -> None:
    first = table(
        1,
        [
            header_row(),
            [(0, "甲项目", 2), (1, "10", 2), (2, "做甲。", 2), *indicator("甲一", "1个")[3:]],
        ],
    )
    second = table(
        2,
        [
            [(0, "", 2), (1, "", 2), (2, "", 2), *indicator("甲二", "2个")[3:]],
            indicator("甲三", "3个"),
        ],
    )
    assert names_and_counts([TITLE, first, second]) == [("甲项目", 10.0, 3)]


def test_an_untitled_table_of_another_shape_is_not_a_continuation() -> None:
    first = table(
        1, [header_row(), [(0, "甲项目"), (1, "10"), (2, "做甲。"), *indicator("甲一", "1个")[3:]]]
    )
    wide: list[Spec] = [(c, "x") for c in range(12)]
    ones: list[Spec] = [(c, "1") for c in range(12)]
    other = table(2, [wide, ones])
    assert names_and_counts([TITLE, first, other]) == [("甲项目", 10.0, 1)]


def _first_page_cut_at(cut: str) -> Table:
    """Page 1: 甲's block, then 乙's block whose name cell shows only ``cut``."""
    return table(
        1,
        [
            header_row(),
            [
                (0, "11000023T000001-甲项目", 2),
                (1, "10", 2),
                (2, "做甲。", 2),
                *indicator("甲一", "1个")[3:],
            ],
            indicator("甲二", "2个"),
            [(0, cut, 2), (1, "", 2), (2, "", 2), *indicator("乙一", "3个")[3:]],
            indicator("乙二", "4个"),
        ],
    )


def test_a_name_cut_to_its_first_code_characters_waits_for_the_next_page() -> None:
    # p.1 shows only "11000023T000" of 乙's name cell; p.2 prints the whole name and amount.
    first = _first_page_cut_at("11000023T000")
    second = table(
        2,
        [[(0, "11000023T000002-乙项目"), (1, "20"), (2, "做乙。"), *indicator("乙三", "5个")[3:]]],
    )
    assert names_and_counts([TITLE, first, second]) == [("甲项目", 10.0, 2), ("乙项目", 20.0, 3)]


def test_a_page_with_a_narrower_name_column_is_anchored_on_the_category_columns() -> None:
    # The form's grid: a merged 绩效指标 label column, 一级 | 二级 | 三级 (two grid
    # columns wide) | 指标值 | 备注. The next page prints 三级 one column wide and
    # no 备注, so its value stands where the grid's 三级 ends.
    form = Table(
        rows=(
            (
                Cell("项目名称", 0, 0, 1, 1, Location(page=1, table=1, row=0, col=0)),
                Cell("甲项目", 0, 1, 5, 1, Location(page=1, table=1, row=0, col=1)),
            ),
            tuple(
                Cell(text, 1, col, span, 1, Location(page=1, table=1, row=1, col=col))
                for col, span, text in [
                    (0, 1, "绩效指标"),
                    (1, 1, "一级指标"),
                    (2, 1, "二级指标"),
                    (3, 2, "三级指标"),
                    (5, 1, "指标值"),
                    (6, 1, "备注"),
                ]
            ),
            tuple(
                Cell(text, 2, col, span, 1, Location(page=1, table=1, row=2, col=col))
                for col, span, text in [
                    (0, 1, ""),
                    (1, 1, "产出指标"),
                    (2, 1, "数量指标"),
                    (3, 2, "甲一"),
                    (5, 1, "1个"),
                    (6, 1, ""),
                ]
            ),
        ),
        location=Location(page=1, table=1),
    )
    second = table(
        2,
        [
            [(0, "绩效指标"), (1, "效益指标"), (2, "社会效益指标"), (3, "甲二"), (4, "提高")],
            [(0, ""), (1, "满意度指标"), (2, "服务对象满意度指标"), (3, "甲三"), (4, "≥90%")],
        ],
    )
    content = parse_blocks([Paragraph("项目绩效目标表", Location(page=1)), form, second])
    rows = [(i.level1, i.level3, i.value) for i in content.projects[0].indicators]
    assert rows == [
        ("产出指标", "甲一", "1个"),
        ("效益指标", "甲二", "提高"),
        ("满意度指标", "甲三", "≥90%"),
    ]


def _cut_pair(
    first_name: str, first_amount: str, again_name: str, again_amount: str
) -> list[tuple[str | None, float | None, int]]:
    """甲 ends p.1 with two rows; p.2 opens with a row printing ``again_*`` in its cells."""
    first = table(
        1,
        [
            header_row(),
            [
                (0, first_name, 2),
                (1, first_amount, 2),
                (2, "做甲。", 2),
                *indicator("甲一", "1个")[3:],
            ],
            indicator("甲二", "2个"),
        ],
    )
    second = table(
        2,
        [
            [(0, again_name), (1, again_amount), (2, ""), *indicator("甲三", "3个")[3:]],
            [
                (0, "11000023T000000999-乙项目"),
                (1, "5"),
                (2, "做乙。"),
                *indicator("乙一", "4个")[3:],
            ],
        ],
    )
    return names_and_counts([TITLE, first, second])


def test_a_cut_name_printed_again_from_its_last_line_is_joined_once() -> None:
    # beijing_jingxin p.25/26: p.1 shows the name down to `…枢纽平台基础运`, p.2
    # prints from that line on (`市级枢纽平台基础运维`): the line is not doubled.
    assert _cut_pair(
        "11000023T000000001-中小企业平台市级枢纽平台基础运", "10", "市级枢纽平台基础运维", ""
    ) == [("中小企业平台市级枢纽平台基础运维", 10.0, 3), ("乙项目", 5.0, 1)]


def test_a_cut_name_printed_whole_on_the_next_page_continues_the_block() -> None:
    # beijing_shichang p.36/37, beijing_shuiwu p.93/94: p.1 shows the head of
    # the name, p.2 the whole name and the same amount.
    assert _cut_pair(
        "11000023T000000001-食品安全全链条", "10", "11000023T000000001-食品安全全链条平台", "10"
    ) == [("食品安全全链条平台", 10.0, 3), ("乙项目", 5.0, 1)]
    # beijing_fagai p.55/56 and p.71/72: p.1 shows the tail (the code cut to its end).
    for tail in ("化蓝皮书", "000002-首都现代化蓝皮书"):
        assert _cut_pair(tail, "10", "11000023T000000002-首都现代化蓝皮书", "10") == [
            ("首都现代化蓝皮书", 10.0, 3),
            ("乙项目", 5.0, 1),
        ]


def test_a_cut_amount_that_lost_a_glyph_on_one_page_is_the_same_amount() -> None:
    # beijing_guozi p.27/28: p.1 prints `264 640000` (the point and the `、` of
    # the name's last line left out), p.2 `264.640000` and the name from that line.
    assert _cut_pair(
        "11000023T000000001-企业共性问题违规经营性投",
        "264 640000",
        "问题、违规经营性投资责任追究",
        "264.640000",
    ) == [("企业共性问题、违规经营性投资责任追究", 264.64, 3), ("乙项目", 5.0, 1)]


def test_the_rest_of_a_cut_name_printed_with_its_amounts_again_is_joined() -> None:
    # beijing_jingxin p.47/48: p.1 shows the name down to `…航空铁路等无`, p.2
    # prints the rest (no code) beside the same amounts printed again.
    assert _cut_pair(
        "11000023T000000001-航空铁路等无", "10", "线电监测、检测业务频率保障费", "10"
    ) == [("航空铁路等无线电监测、检测业务频率保障费", 10.0, 3), ("乙项目", 5.0, 1)]
    # Beside other amounts it is another block's (unnamed) text, not this name's.
    assert _cut_pair("11000023T000000001-航空铁路等无", "10", "线电监测保障费", "12")[0] == (
        "航空铁路等无",
        10.0,
        2,
    )


def test_a_similar_name_with_another_amount_or_code_starts_a_new_block() -> None:
    assert _cut_pair("11000023T000000001-甲项目", "10", "11000023T000000001-甲项目二期", "12") == [
        ("甲项目", 10.0, 2),
        ("甲项目二期", 12.0, 1),
        ("乙项目", 5.0, 1),
    ]
    assert _cut_pair("11000023T000000001-甲项目", "10", "11000023T000000003-甲项目二期", "") == [
        ("甲项目", 10.0, 2),
        ("甲项目二期", None, 1),
        ("乙项目", 5.0, 1),
    ]


def test_a_name_cut_inside_its_code_is_completed_by_the_rest_printed_overleaf() -> None:
    # beijing_jingxin p.43/44: p.1 shows `11000022T00000048` only, p.2 prints
    # the name cell from its second line: `7475-产业发展…`.
    first = _first_page_cut_at("11000023T00000")
    second = table(
        2, [[(0, "2475-乙项目"), (1, "20"), (2, "做乙。"), *indicator("乙三", "5个")[3:]]]
    )
    content = parse_blocks([TITLE, first, second])
    assert [(p.code, p.name, len(p.indicators)) for p in content.projects] == [
        ("11000023T000001", "甲项目", 2),
        ("11000023T000002475", "乙项目", 3),
    ]


def test_a_name_tail_under_another_block_takes_the_whole_name_printed_overleaf() -> None:
    # beijing_fagai p.55/56: the last block of p.1 shows only `化蓝皮书`, the
    # tail of its name; it does not take the code of the block above, and
    # p.2's whole name and amount complete it.
    first = table(
        1,
        [
            header_row(),
            [
                (0, "11000023T000000001-甲项目"),
                (1, "10"),
                (2, "做甲。"),
                *indicator("甲一", "1个")[3:],
            ],
            [(0, "化蓝皮书", 2), (1, "", 2), (2, "", 2), *indicator("乙一", "2个")[3:]],
        ],
    )
    second = table(
        2,
        [
            [
                (0, "11000023T000000002-首都现代化蓝皮书"),
                (1, "20"),
                (2, "做乙。"),
                *indicator("乙二", "3个")[3:],
            ]
        ],
    )
    content = parse_blocks([TITLE, first, second])
    assert [(p.code, p.name, p.budget.total, len(p.indicators)) for p in content.projects] == [
        ("11000023T000000001", "甲项目", 10.0, 1),
        ("11000023T000000002", "首都现代化蓝皮书", 20.0, 2),
    ]


def test_an_amount_block_cut_under_a_merged_name_keeps_the_name() -> None:
    # beijing_renshe p.37/38: 甲's name is merged over two amount blocks; the
    # second block's amount cell starts on p.1 (a blank cell of its own, its
    # text printed on p.2), while the name cell goes on from above.
    def row(
        page: int, r: int, name: str | None, amount: str | None, level3: str
    ) -> tuple[Cell, ...]:
        at = Location(page=page, table=page, row=r)
        spans = {"甲项目": 3, "": 2}  # the name over p.1's rows, the cut amount over two

        def cell(col: int, text: str | None) -> Cell:
            if text is None:  # part of a merged cell above
                return Cell("", r, col, 1, 1, at, merged=True)
            return Cell(
                text,
                r,
                col,
                1,
                spans.get(text, 1) if col == 0 or text == "" else 1,
                at,
                merged=False,
            )

        cells = [cell(0, name), cell(1, amount), cell(2, None if amount is None else "")]
        cells += [
            Cell(t, r, c, 1, 1, at)
            for c, t in ((3, "产出指标"), (4, "数量指标"), (5, level3), (6, "1个"))
        ]
        return tuple(cells)

    head = tuple(
        Cell(t, 0, c, 1, 1, Location(page=1, table=1, row=0)) for c, t in enumerate(HEADER)
    )
    first = Table(
        rows=(
            head,
            row(1, 1, "甲项目", "10", "甲一"),
            row(1, 2, None, "", "甲二"),
            row(1, 3, None, None, "甲三"),
        ),
        location=Location(page=1, table=1),
    )
    second = Table(rows=(row(2, 0, None, "20", "甲四"),), location=Location(page=2, table=2))
    assert names_and_counts([TITLE, first, second]) == [("甲项目", 10.0, 1), ("甲项目", 20.0, 3)]


def _own_cells(page: int, r: int, texts: list[str]) -> tuple[Cell, ...]:
    """A row of cells of their own (none the part of a merged cell above)."""
    return tuple(
        Cell(text, r, col, 1, 1, Location(page=page, table=page, row=r, col=col), merged=False)
        for col, text in enumerate(texts)
    )


@pytest.mark.parametrize(
    "below, expected",
    [
        # beijing_renshe p.31/32: 甲's name cell is merged over two amount blocks
        # and cut at the break; p.2 repeats the header and draws the name cell's
        # part under it blank (the text stays on p.1) beside the second amount.
        (
            ["丙项目", "30", "做丙。", "产出指标", "数量指标", "丙一", "3个"],
            [("甲项目", 10.0, 1), ("甲项目", 20.0, 1), ("丙项目", 30.0, 1)],
        ),
        # The name cell's text stands lower in the cell's rows (the rulings split
        # it): that name is the block's own, not the one above.
        (
            ["乙项目", "", "", "产出指标", "数量指标", "乙二", "3个"],
            [("甲项目", 10.0, 1), ("乙项目", 20.0, 2)],
        ),
    ],
    ids=["keeps-the-name-above", "takes-the-name-printed-further-down"],
)
def test_a_blank_name_cell_opening_a_page_under_the_repeated_header(
    below: list[str], expected: list[tuple[str, float, int]]
) -> None:
    first = Table(
        rows=(
            _own_cells(1, 0, HEADER),
            _own_cells(1, 1, ["甲项目", "10", "做甲。", "产出指标", "数量指标", "甲一", "1个"]),
        ),
        location=Location(page=1, table=1),
    )
    second = Table(
        rows=(
            _own_cells(2, 0, HEADER),
            _own_cells(2, 1, ["", "20", "做乙。", "产出指标", "数量指标", "乙一", "2个"]),
            _own_cells(2, 2, below),
        ),
        location=Location(page=2, table=2),
    )
    assert names_and_counts([TITLE, first, second]) == expected


def test_a_name_opening_a_page_beside_a_cut_amount_names_the_blocks_above() -> None:
    # beijing_renshe p.38/39: the name cell is merged over every block and cut
    # at the break, its text printed only in its part on p.2; 乙's amount cell
    # is cut too, blank on p.2. 乙's rows there are still 乙's.
    def row(page: int, r: int, texts: list[str | None], rowspan: int = 1) -> tuple[Cell, ...]:
        cells = []
        for col, text in enumerate(texts):
            at = Location(page=page, table=page, row=r, col=col)
            if text is None:
                cells.append(Cell("", r, col, 1, 1, at, merged=True))
            else:
                span = rowspan if col == 0 and r == 1 else 1
                cells.append(Cell(text, r, col, 1, span, at, merged=False))
        return tuple(cells)

    level = ["产出指标", "数量指标"]
    first = Table(
        rows=(
            _own_cells(1, 0, HEADER),
            row(1, 1, ["", "10", "做甲。", *level, "甲一", "1个"], rowspan=2),
            row(1, 2, [None, "20", "做乙。", *level, "乙一", "2个"]),
        ),
        location=Location(page=1, table=1),
    )
    second = Table(
        rows=(
            _own_cells(2, 0, HEADER),
            row(2, 1, ["甲项目", "", "", *level, "乙二", "3个"], rowspan=2),
            row(2, 2, [None, "30", "做丙。", *level, "丙一", "4个"]),
        ),
        location=Location(page=2, table=2),
    )
    assert names_and_counts([TITLE, first, second]) == [
        ("甲项目", 10.0, 1),
        ("甲项目", 20.0, 2),
        ("甲项目", 30.0, 1),
    ]
