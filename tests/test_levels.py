"""The 一级/二级 fill-down memory on merged and cut level cells (parser/levels.py).

The blocks are built by hand the way the PDF reader gives them: one Table per
page, cells with their page and row span, ``merged=True`` for the places a
merged cell above covers.
"""

from __future__ import annotations

from goalextract.cells import Cell, Location, Paragraph, Table
from goalextract.parser import parse_blocks

TITLE = Paragraph("部门专项业务经费绩效目标表", Location(page=1))
# A cell: (text, rowspan) starts a cell; None is the part of a merged cell above.
Spec = tuple[str, int] | None
HEADER: list[Spec] = [("一级指标", 1), ("二级指标", 1), ("指标内容", 1), ("指标值", 1)]


def table(page: int, rows: list[list[Spec]], *, form: bool = False) -> Table:
    """A page's rows of four grid columns (一级 | 二级 | 指标内容 | 指标值).

    ``form`` puts the project's name row on top.
    """
    built: list[tuple[Cell, ...]] = []
    if form:
        built.append(
            (
                Cell("项目名称", 0, 0, 2, 1, Location(page=page, table=page, row=0, col=0), False),
                Cell("甲项目", 0, 2, 2, 1, Location(page=page, table=page, row=0, col=2), False),
            )
        )
    for row in rows:
        r = len(built)
        cells = []
        for col, spec in enumerate(row):
            location = Location(page=page, table=page, row=r, col=col)
            if spec is None:
                cells.append(Cell("", r, col, 1, 1, location, True))
            else:
                cells.append(Cell(spec[0], r, col, 1, spec[1], location, False))
        built.append(tuple(cells))
    return Table(rows=tuple(built), location=Location(page=page, table=page))


def levels(*tables: Table) -> list[tuple[str | None, str | None, str | None]]:
    content = parse_blocks([TITLE, *tables])
    assert len(content.projects) == 1
    return [(i.level1, i.level2, i.level3) for i in content.projects[0].indicators]


def test_a_level2_cell_merged_across_a_level1_change_goes_on() -> None:
    # The 一级 text stands at the middle of its rows, beside a 二级 cell that
    # began above it (xian_qixiang_2022 p.31): the 二级 is not reset there.
    page = table(
        1,
        [
            HEADER,
            [("产出指标", 1), ("经济效益指标", 1), ("甲", 1), ("1", 1)],
            [("", 1), ("社会效益指标", 2), ("乙", 1), ("2", 1)],
            [("效益指标", 1), None, ("丙", 1), ("3", 1)],
        ],
        form=True,
    )
    assert levels(page)[1:] == [
        ("产出指标", "社会效益指标", "乙"),
        ("效益指标", "社会效益指标", "丙"),
    ]


def test_a_level2_cell_cut_at_the_page_bottom_takes_its_text_from_the_next_page() -> None:
    # The 成本指标 cell starts blank on page 1 (its text is printed in its part
    # on page 2): its rows on page 1 are 成本指标, not the 时效指标 above.
    first = table(
        1,
        [
            HEADER,
            [("产出指标", 4), ("时效指标", 1), ("甲", 1), ("1", 1)],
            [None, ("", 2), ("乙", 1), ("2", 1)],
            [None, None, ("丙", 1), ("3", 1)],
        ],
        form=True,
    )
    second = table(
        2, [[("", 2), ("成本指标", 2), ("丁", 1), ("4", 1)], [None, None, ("戊", 1), ("5", 1)]]
    )
    assert levels(first, second) == [
        ("产出指标", "时效指标", "甲"),
        ("产出指标", "成本指标", "乙"),
        ("产出指标", "成本指标", "丙"),
        ("产出指标", "成本指标", "丁"),
        ("产出指标", "成本指标", "戊"),
    ]


def test_a_blank_level2_cell_closed_on_its_page_keeps_the_level2_above() -> None:
    # A blank 二级 cell followed by another 二级 cell on the same page is not
    # cut: the next page's text is another cell's.
    first = table(
        1,
        [
            HEADER,
            [("产出指标", 3), ("时效指标", 1), ("甲", 1), ("1", 1)],
            [None, ("", 1), ("乙", 1), ("2", 1)],
            [None, ("质量指标", 1), ("丙", 1), ("3", 1)],
        ],
        form=True,
    )
    second = table(2, [[("", 1), ("成本指标", 1), ("丁", 1), ("4", 1)]])
    assert [level2 for _, level2, _ in levels(first, second)] == [
        "时效指标",
        "时效指标",
        "质量指标",
        "成本指标",
    ]


def test_level1_cut_at_the_break_names_the_rows_before_it_when_printed_beside_a_level2() -> None:
    # The 一级 cell of the first rows is blank on page 1; its text opens page 2
    # on a row with a 二级 of its own (xian_shangwu_2022 p.73/74).
    first = table(
        1,
        [
            HEADER,
            [("", 2), ("数量指标", 2), ("甲", 1), ("1", 1)],
            [None, None, ("乙", 1), ("2", 1)],
        ],
        form=True,
    )
    second = table(2, [[("产出指标", 1), ("质量指标", 1), ("丙", 1), ("3", 1)]])
    assert levels(first, second) == [
        ("产出指标", "数量指标", "甲"),
        ("产出指标", "数量指标", "乙"),
        ("产出指标", "质量指标", "丙"),
    ]


def test_level1_printed_again_beside_a_cut_level2_keeps_the_level2() -> None:
    # Page 2 prints the 一级 text again and leaves the cut 二级 cell blank: its
    # rows are still 数量指标 (xian_shangwu_2022 p.81/82).
    first = table(
        1,
        [
            HEADER,
            [("", 2), ("数量指标", 2), ("甲", 1), ("1", 1)],
            [None, None, ("乙", 1), ("2", 1)],
        ],
        form=True,
    )
    second = table(
        2,
        [
            [("产出指标", 2), ("", 1), ("丙", 1), ("3", 1)],
            [None, ("质量指标", 1), ("丁", 1), ("4", 1)],
        ],
    )
    assert levels(first, second) == [
        ("产出指标", "数量指标", "甲"),
        ("产出指标", "数量指标", "乙"),
        ("产出指标", "数量指标", "丙"),
        ("产出指标", "质量指标", "丁"),
    ]


def test_the_grid_label_column_is_never_a_level1() -> None:
    # A continued page whose rulings overlap the 绩效指标 label column with the
    # 一级 column (xian_renshe_2020 p.51): the label is not a category.
    first = table(
        1,
        [
            HEADER,
            [("产出指标", 2), ("成本指标", 2), ("甲", 1), ("1", 1)],
            [None, None, ("乙", 1), ("2", 1)],
        ],
        form=True,
    )
    second = table(2, [[("绩效指标", 1), None, ("丙", 1), ("3", 1)]])
    assert levels(first, second)[-1] == ("产出指标", "成本指标", "丙")


def test_a_cut_level2_cell_on_a_page_stitched_with_other_rulings() -> None:
    # One table over two pages on the union of their rulings (xian_renshe_2020
    # p.50/51): page 2's blank 一级 cell overlaps the 一级 and 二级 columns
    # alike; the 二级 cell is the one that lies most in the 二级 column.
    def cell(text: str, page: int, r: int, col: int, span: int, rowspan: int = 1) -> Cell:
        location = Location(page=page, table=0, row=r, col=col)
        return Cell(text, r, col, span, rowspan, location, False)

    def part(page: int, r: int, col: int, span: int) -> Cell:
        return Cell("", r, col, span, 1, Location(page=page, table=0, row=r, col=col), True)

    rows = (
        (cell("项目名称", 1, 0, 0, 2), cell("甲项目", 1, 0, 2, 4)),
        (
            cell("一级指标", 1, 1, 0, 2),
            cell("二级指标", 1, 1, 2, 2),
            cell("指标内容", 1, 1, 4, 1),
            cell("指标值", 1, 1, 5, 1),
        ),
        (
            cell("产出指标", 1, 2, 0, 2, 3),
            cell("时效指标", 1, 2, 2, 2),
            cell("甲", 1, 2, 4, 1),
            cell("1", 1, 2, 5, 1),
        ),
        (part(1, 3, 0, 2), cell("", 1, 3, 2, 2, 2), cell("乙", 1, 3, 4, 1), cell("2", 1, 3, 5, 1)),
        (part(1, 4, 0, 2), part(1, 4, 2, 2), cell("丙", 1, 4, 4, 1), cell("3", 1, 4, 5, 1)),
        (
            cell("", 2, 5, 1, 2),
            cell("成本指标", 2, 5, 3, 1),
            cell("丁", 2, 5, 4, 1),
            cell("4", 2, 5, 5, 1),
        ),
    )
    stitched = Table(rows=rows, location=Location(page=1, table=0))
    assert [level2 for _, level2, _ in levels(stitched)] == [
        "时效指标",
        "成本指标",
        "成本指标",
        "成本指标",
    ]


def test_a_level3_cell_merged_over_rows_names_each_rows_indicator() -> None:
    # One 三级 cell beside three values (beijing_shichang p.33): every row it
    # covers is that indicator; a blank cell of its own below ends it, and a
    # covered place beside no value is no indicator.
    page = table(
        1,
        [
            HEADER,
            [("产出指标", 1), ("数量指标", 1), ("甲", 3), ("1", 1)],
            [("产出指标", 1), ("质量指标", 1), None, ("2", 1)],
            [("产出指标", 1), ("时效指标", 1), None, ("3", 1)],
            [("效益指标", 1), ("社会效益指标", 1), ("", 1), ("4", 1)],
            [("效益指标", 1), ("社会效益指标", 1), ("乙", 2), ("5", 1)],
            [("", 1), ("", 1), None, ("", 1)],
        ],
        form=True,
    )
    assert [(level3, value) for (_, _, level3), value in _with_values(page)] == [
        ("甲", "1"),
        ("甲", "2"),
        ("甲", "3"),
        (None, "4"),
        ("乙", "5"),
    ]


def _with_values(*tables: Table) -> list[tuple[tuple[str | None, str | None, str | None], str]]:
    content = parse_blocks([TITLE, *tables])
    assert len(content.projects) == 1
    return [((i.level1, i.level2, i.level3), i.value) for i in content.projects[0].indicators]


FLAT_HEADER = ["项目名称", "项目总额", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值"]


def test_a_level3_cell_merged_across_two_flat_list_blocks_names_the_rows_of_both() -> None:
    # The 三级 cell starts on the last row of 甲's block and covers the rows of
    # 乙's (beijing_shichang p.33): 乙's rows are that indicator too.
    rows: list[list[Spec]] = [
        [(text, 1) for text in FLAT_HEADER],
        [
            ("甲项目", 2),
            ("10", 2),
            ("做甲。", 2),
            ("产出指标", 1),
            ("数量指标", 1),
            ("甲一", 1),
            ("1", 1),
        ],
        [None, None, None, ("成本指标", 1), ("经济成本指标", 1), ("合并", 3), ("2", 1)],
        [("乙项目", 2), ("20", 2), ("做乙。", 2), ("产出指标", 1), ("时效指标", 1), None, ("3", 1)],
        [None, None, None, ("满意度指标", 1), ("服务对象满意度指标", 1), None, ("4", 1)],
    ]
    built = []
    for r, specs in enumerate(rows):
        cells = []
        for col, spec in enumerate(specs):
            location = Location(page=1, table=1, row=r, col=col)
            if spec is None:
                cells.append(Cell("", r, col, 1, 1, location, True))
            else:
                cells.append(Cell(spec[0], r, col, 1, spec[1], location, False))
        built.append(tuple(cells))
    content = parse_blocks(
        [Paragraph("项目支出绩效目标表", Location(page=1)), Table(tuple(built), Location(page=1))]
    )
    assert [(p.name, [(i.level3, i.value) for i in p.indicators]) for p in content.projects] == [
        ("甲项目", [("甲一", "1"), ("合并", "2")]),
        ("乙项目", [("合并", "3"), ("合并", "4")]),
    ]


def _ruled(page: int, rows: list[list[tuple[str, int, bool]]]) -> Table:
    """A page's rows of (text, colspan, merged) cells, placed left to right."""
    built = []
    for r, specs in enumerate(rows):
        cells, col = [], 0
        for text, span, merged in specs:
            location = Location(page=page, table=page, row=r, col=col)
            cells.append(Cell(text, r, col, span, 1, location, merged))
            col += span
        built.append(tuple(cells))
    return Table(rows=tuple(built), location=Location(page=page, table=page))


def test_a_header_repeated_on_the_next_page_with_other_rulings_keeps_the_levels() -> None:
    # Page 1's 指标内容 cells span two grid columns, page 2's one, and page 2
    # repeats the header (beijing_shuiwu p.153/154). Its first rows sit under
    # the 二级 cell cut at the break, blank on this page: still 数量指标.
    own, part = False, True
    first = _ruled(
        1,
        [
            [("项目名称", 2, own), ("甲项目", 4, own)],
            [(text, 1, own) for text in ("绩效指标", "一级指标", "二级指标")]
            + [("指标内容", 2, own), ("指标值", 1, own)],
            [(text, 1, own) for text in ("", "产出指标", "数量指标")]
            + [("甲", 2, own), ("1", 1, own)],
            [("", 1, part), ("", 1, part), ("", 1, part), ("乙", 2, own), ("2", 1, own)],
        ],
    )
    second = _ruled(
        2,
        [
            [(text, 1, own) for text in ("绩效指标", "一级指标", "二级指标", "指标内容", "指标值")],
            [(text, 1, own) for text in ("", "产出指标", "", "丙", "3")],
            [("", 1, part), ("", 1, part), *((t, 1, own) for t in ("质量指标", "丁", "4"))],
        ],
    )
    assert levels(first, second) == [
        ("产出指标", "数量指标", "甲"),
        ("产出指标", "数量指标", "乙"),
        ("产出指标", "数量指标", "丙"),
        ("产出指标", "质量指标", "丁"),
    ]
