"""Positioned HTML made from PDF: styles, rulings, aligned columns, the Hebei sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES, projects_of
from goalextract.cells import Block, Paragraph, Table
from goalextract.errors import ReaderError
from goalextract.readers import positioned
from goalextract.readers.html import read
from goalextract.readers.positioned import (
    box_of,
    class_rules,
    parse_declarations,
    parse_length,
)

DATA = Path(__file__).resolve().parent / "data" / "html"
FIXTURES = [
    "shanhaiguan-cppcc-2021-positioned.html",
    "shanhaiguan-cppcc-2021-positioned-classes.html",
]


def _page(body: str, css: str = "") -> bytes:
    head = f'<meta charset="utf-8"><style>{css}</style>'
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def _run(left: float, top: float, text: str) -> str:
    return f'<div style="left:{left}px;top:{top}px;font-size:12px">{text}</div>'


def _rule(left: float, top: float, width: float, height: float) -> str:
    style = f"left:{left}px;top:{top}px;width:{width}px;height:{height}px;background:#000"
    return f'<div style="{style}"></div>'


def _grid(table: Table) -> list[list[tuple[str, int, int, int]]]:
    return [[(c.text, c.col, c.colspan, c.rowspan) for c in row] for row in table.rows]


def _texts(blocks: list[Block]) -> list[str]:
    return [b.text if isinstance(b, Paragraph) else "<table>" for b in blocks]


# ------------------------------------------------------------ the Hebei sample


@pytest.mark.parametrize("name", FIXTURES)
def test_positioned_fixture_gives_the_sample_projects(name: str) -> None:
    assert projects_of(DATA / name) == projects_of(SAMPLES / f"{HEBEI}.txt")


@pytest.mark.parametrize("name", FIXTURES)
def test_positioned_fixture_has_a_table_per_page(name: str) -> None:
    blocks = read((DATA / name).read_bytes()).blocks
    tables = [b for b in blocks if isinstance(b, Table)]
    assert [t.location.page for t in tables] == [2, 3, 4, 5, 6]
    assert [t.location.table for t in tables] == [0, 1, 2, 3, 4]
    cell = tables[1].rows[1][0]
    assert (cell.text, cell.location.page, cell.location.row) == ("项目编码", 3, 1)
    assert blocks[0] == Paragraph(text="第一部分")


def test_ruled_fixture_merges_blank_cells_down() -> None:
    """The generator draws no ruling under 产出指标 and its blank cells: one merged cell."""
    blocks = read((DATA / FIXTURES[0]).read_bytes()).blocks
    table = next(b for b in blocks if isinstance(b, Table))
    first = next(row[0] for row in table.rows if row[0].text == "产出指标")
    assert first.rowspan == 4


# ---------------------------------------------------------------------- styles


@pytest.mark.parametrize(
    ("value", "px"),
    [("120px", 120.0), ("90pt", 120.0), (" 7.5 ", 7.5), ("-3px", -3.0), ("12px !important", 12.0)],
)
def test_parse_length_px_and_pt(value: str, px: float) -> None:
    assert parse_length(value) == pytest.approx(px)


@pytest.mark.parametrize("value", [None, "50%", "2em", "auto", "calc(1px + 2px)"])
def test_parse_length_refuses_what_cannot_be_placed(value: str | None) -> None:
    assert parse_length(value) is None


def test_class_rules_read_plain_selectors_and_skip_media_blocks() -> None:
    css = (
        "/* pdf2htmlEX */ .x1{left:90pt} .y1,.y2 {bottom: 30px; HEIGHT:12px}"
        "@media print{.x1{left:0pt}} div.t{left:5px} .t .x{left:6px}"
    )
    rules = class_rules(css)
    assert rules == {
        "x1": {"left": "90pt"},
        "y1": {"bottom": "30px", "height": "12px"},
        "y2": {"bottom": "30px", "height": "12px"},
    }


def test_inline_style_overrides_class_rules() -> None:
    body = (
        '<div class="pf" style="height:100px">'
        '<div class="x1 y1" style="top:5px">项目名称</div>'
        '<div class="x1 y1">资金</div><div class="x1 y1">总额</div></div>'
    )
    blocks = read(_page(body, ".x1{left:10pt}.y1{bottom:20px;font-size:10px}")).blocks
    # 项目名称 is placed from the top (5px); the others stand 20px above the
    # bottom of a 100px page with one font size of height: top 70px, one line.
    assert _texts(blocks) == ["项目名称", "资金总额"]
    assert all(b.location.page == 1 for b in blocks)


def test_bottom_without_page_height_uses_the_lowest_box() -> None:
    body = "".join(
        f'<div style="left:10px;bottom:{b}px">{t}</div>'
        for b, t in [(10, "下"), (50, "上"), (30, "中")]
    )
    assert _texts(read(_page(body)).blocks) == ["上", "中", "下"]


def test_box_needs_left_and_a_vertical_position() -> None:
    assert box_of(parse_declarations("left:1px")) is None
    assert box_of(parse_declarations("top:1px;bottom:2px")) is None
    box = box_of(parse_declarations("left:1px;bottom:2pt"))
    assert (
        box is not None
        and box.height is None
        and box.resolved_top(100) == pytest.approx(100 - 2 * 96 / 72 - 12)
    )


# --------------------------------------------------------------------- rulings


def test_rulings_make_cells_and_a_missing_ruling_merges() -> None:
    # Two columns (x 0|100|200), two rows (y 0|30|60); the inner vertical is
    # drawn only in the second row, so the first row is one merged cell.
    rules = [
        _rule(0, 0, 1, 60),
        _rule(200, 0, 1, 60),
        _rule(100, 30, 1, 30),
        _rule(0, 0, 200, 1),
        _rule(0, 30, 200, 1),
        _rule(0, 60, 200, 1),
    ]
    runs = [_run(60, 8, "标题"), _run(4, 38, "项目名称"), _run(104, 38, "某项目")]
    body = _run(4, -40, "表前文字") + "".join(runs + rules) + _run(4, 80, "表后")
    blocks = read(_page(body)).blocks
    assert _texts(blocks) == ["表前文字", "<table>", "表后"]
    table = blocks[1]
    assert isinstance(table, Table)
    assert _grid(table) == [[("标题", 0, 2, 1)], [("项目名称", 0, 1, 1), ("某项目", 1, 1, 1)]]


def test_border_boxes_are_rulings_and_cell_lines_keep_their_breaks() -> None:
    css = ".c{border-left:1px solid #000;border-top:1px solid #000}"
    cells = "".join(
        f'<div class="c" style="left:{x}px;top:{y}px;width:100px;height:40px"></div>'
        for x in (0, 100)
        for y in (0, 40)
    )
    frame = _rule(200, 0, 1, 80) + _rule(0, 80, 200, 1)
    runs = _run(4, 4, "绩效目标") + _run(104, 4, "1.甲") + _run(104, 20, "2.乙")
    runs += _run(4, 44, "一级") + _run(104, 44, "二级")
    (table,) = read(_page(cells + frame + runs, css)).blocks
    assert isinstance(table, Table)
    assert _grid(table) == [
        [("绩效目标", 0, 1, 1), ("1.甲\n2.乙", 1, 1, 1)],
        [("一级", 0, 1, 1), ("二级", 1, 1, 1)],
    ]


# ----------------------------------------------------------- aligned, no rules


def test_aligned_lines_form_a_table_and_others_stay_paragraphs() -> None:
    lines = [
        _run(0, 0, "1.某项目绩效目标表"),
        _run(0, 30, "单位名称") + _run(300, 30, "单位：元"),
        _run(0, 60, "一级指标")
        + _run(100, 60, "二级指标")
        + _run(200, 60, "指标值")
        + _run(300, 60, "确定依据"),
        _run(0, 90, "产出指标")
        + _run(100, 90, "数量指标")
        + _run(200, 90, "≥1")
        + _run(300, 90, "计划"),
        _run(100, 106, "（续）"),
        _run(100, 130, "质量指标") + _run(200, 130, "100%") + _run(300, 130, "依据"),
        _run(0, 170, "注：说明文字"),
    ]
    blocks = read(_page("".join(lines))).blocks
    assert _texts(blocks) == ["1.某项目绩效目标表", "<table>", "注：说明文字"]
    table = blocks[1]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["单位名称", "", "", "单位：元"],
        ["一级指标", "二级指标", "指标值", "确定依据"],
        ["产出指标", "数量指标\n（续）", "≥1", "计划"],
        ["", "质量指标", "100%", "依据"],
    ]


def test_lines_of_two_columns_are_paragraphs() -> None:
    lines = [_run(0, 30 * i, "项目") + _run(200, 30 * i, f"值{i}") for i in range(4)]
    blocks = read(_page("".join(lines))).blocks
    assert _texts(blocks) == ["项目 值0", "项目 值1", "项目 值2", "项目 值3"]


# ----------------------------------------------------------------- edge cases


def test_page_without_positioned_runs_reads_as_before() -> None:
    body = '<p>标题</p><div style="left:5px">未定位</div><p>正文</p>'
    assert _texts(read(_page(body)).blocks) == ["标题", "未定位", "正文"]


def test_a_few_positioned_elements_in_an_ordinary_page_change_nothing() -> None:
    body = _run(500, 0, "广告") + _run(500, 40, "菜单") + _run(500, 80, "登录")
    body += "<p>" + "正文很长的一段文字。" * 5 + "</p>"
    blocks = read(_page(body)).blocks
    assert _texts(blocks) == ["广告", "菜单", "登录", "正文很长的一段文字。" * 5]
    assert all(b.location.page is None for b in blocks)


def test_pages_with_a_table_element_keep_the_table_reading() -> None:
    body = _run(0, 0, "甲") + _run(0, 20, "乙") + _run(0, 40, "丙")
    body += "<table><tr><td>项目名称</td><td>某项目</td></tr></table>"
    blocks = read(_page(body)).blocks
    assert _texts(blocks) == ["甲", "乙", "丙", "<table>"]


def test_too_many_positioned_elements_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(positioned, "MAX_ELEMENTS", 5)
    runs = [_run(0, 20 * i, f"行{i}") for i in range(6)]
    with pytest.raises(ReaderError, match=r"more than 5 positioned elements"):
        read(_page("".join(runs)))
    assert len(read(_page("".join(runs[:5]))).blocks) == 5
