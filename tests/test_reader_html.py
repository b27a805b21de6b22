"""The HTML reader: rowspan/colspan grids, charsets, line breaks, paragraphs, nested tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES, projects_of, warnings_of
from goalextract.api import read_bytes
from goalextract.cells import Block, Paragraph, Table
from goalextract.detect import detect_format
from goalextract.errors import DecodeError
from goalextract.readers import ReadOptions
from goalextract.readers.encoding import decode_markup, is_gb
from goalextract.readers.html import read

DATA = Path(__file__).resolve().parent / "data" / "html"


def _page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def _tables(blocks: list[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def _grid(table: Table) -> list[list[tuple[str, int, int, int]]]:
    return [[(c.text, c.col, c.colspan, c.rowspan) for c in row] for row in table.rows]


def _stream(blocks: list[Block]) -> list[str]:
    """Paragraph texts, and ``<table N>`` for tables, in order."""
    return [b.text if isinstance(b, Paragraph) else f"<table {b.location.table}>" for b in blocks]


# ------------------------------------------------------------------- grids


def test_rowspan_and_colspan_rebuild_the_grid() -> None:
    body = (
        "<table>"
        "<tr><td colspan=4>标题</td></tr>"
        "<tr><td rowspan=3>绩效指标</td><td rowspan=2 colspan=2>块</td><td>甲</td></tr>"
        "<tr><td>乙</td></tr>"
        "<tr><td>丙</td><td></td><td>&nbsp;</td></tr>"
        "</table>"
    )
    (table,) = _tables(read(_page(body)).blocks)
    assert _grid(table) == [
        [("标题", 0, 4, 1)],
        [("绩效指标", 0, 1, 3), ("块", 1, 2, 2), ("甲", 3, 1, 1)],
        [("", 0, 1, 1), ("", 1, 2, 1), ("乙", 3, 1, 1)],
        [("", 0, 1, 1), ("丙", 1, 1, 1), ("", 2, 1, 1), ("", 3, 1, 1)],
    ]
    cell = table.rows[1][2]
    assert (cell.location.table, cell.location.row, cell.location.col) == (0, 1, 3)
    assert cell.location.sheet is None


def test_unclosed_cells_thead_and_th() -> None:
    body = (
        "<table><thead><tr><th>一级指标<th>二级指标</thead>"
        "<tbody><tr><td rowspan=2>产出指标<td>数量指标<tr><td>质量指标</tbody></table>"
    )
    (table,) = _tables(read(_page(body)).blocks)
    assert _grid(table) == [
        [("一级指标", 0, 1, 1), ("二级指标", 1, 1, 1)],
        [("产出指标", 0, 1, 2), ("数量指标", 1, 1, 1)],
        [("", 0, 1, 1), ("质量指标", 1, 1, 1)],
    ]


def test_spans_past_the_table_end_are_clipped_and_trailing_blanks_trimmed() -> None:
    body = (
        "<table><tr><td rowspan=9>甲</td><td>乙</td><td></td></tr>"
        "<tr><td rowspan=0>丙</td></tr><tr><td></td><td></td></tr></table>"
    )
    (table,) = _tables(read(_page(body)).blocks)
    assert _grid(table) == [
        [("甲", 0, 1, 2), ("乙", 1, 1, 1)],
        [("", 0, 1, 1), ("丙", 1, 1, 1)],
    ]


def test_excel_overflow_colspan_is_not_a_merge() -> None:
    body = (
        "<table><tr><td colspan=3 style='mso-ignore:colspan'>长标签溢出到右边</td>"
        "<td>甲</td></tr><tr><td>一</td><td>二</td><td>三</td><td>四</td></tr></table>"
    )
    (table,) = _tables(read(_page(body)).blocks)
    assert _grid(table)[0] == [
        ("长标签溢出到右边", 0, 1, 1),
        ("", 1, 1, 1),
        ("", 2, 1, 1),
        ("甲", 3, 1, 1),
    ]


def test_hidden_rows_and_cells_are_left_out() -> None:
    body = (
        "<table><tr><td>甲</td><td style='display:none'>隐</td><td>乙</td></tr>"
        "<tr style='display: none'><td>隐藏行</td></tr><tr><td>丙</td><td>丁</td></tr></table>"
    )
    (table,) = _tables(read(_page(body)).blocks)
    assert [[c.text for c in row] for row in table.rows] == [["甲", "乙"], ["丙", "丁"]]


# -------------------------------------------------------------------- text


def test_br_paragraphs_and_nbsp_inside_cells() -> None:
    body = (
        "<table><tr>"
        "<td>1.机关自身建设。<br>2.机关网站运行维护。<br></td>"
        "<td><p class=MsoNormal>第一段</p>\n  <p class=MsoNormal>第二段<o:p></o:p></p></td>"
        "<td>绩&nbsp;&nbsp;效\n   指标</td>"
        "<td>\n  ≥90%  \n</td>"
        "</tr></table>"
    )
    (table,) = _tables(read(_page(body)).blocks)
    assert [c.text for c in table.rows[0]] == [
        "1.机关自身建设。\n2.机关网站运行维护。",
        "第一段\n第二段",
        "绩  效 指标",
        "≥90%",
    ]


def test_paragraphs_outside_tables_keep_document_order() -> None:
    body = (
        "<h2>预算项目绩效目标</h2>"
        "<p>1.综合事务管理绩效目标表 TC 1、综合事务管理绩效目标表 \\f C \\l 1</p>"
        "<table><caption>单位：元</caption><tr><td>项目名称</td><td>甲</td></tr></table>"
        "<div>说明<br>第二行</div>"
        "<table><tr><td>项目名称</td><td>乙</td></tr></table>"
        "<script>var x = '<p>no</p>';</script>"
    )
    blocks = read(_page(body)).blocks
    assert _stream(blocks) == [
        "预算项目绩效目标",
        "1.综合事务管理绩效目标表",
        "单位：元",
        "<table 0>",
        "说明",
        "第二行",
        "<table 1>",
    ]


def test_nested_tables_the_outer_one_is_layout() -> None:
    body = (
        "<table width=100%><tr><td>"
        "<p>1.综合事务管理绩效目标表</p>"
        "<table><tr><td>项目名称</td><td>甲</td></tr></table>"
        "</td></tr><tr><td>页脚</td></tr></table>"
    )
    blocks = read(_page(body)).blocks
    assert _stream(blocks) == ["1.综合事务管理绩效目标表", "<table 0>", "页脚"]
    assert _grid(_tables(blocks)[0]) == [[("项目名称", 0, 1, 1), ("甲", 1, 1, 1)]]


def test_empty_tables_get_no_number() -> None:
    body = "<table><tr><td>&nbsp;</td></tr></table><table><tr><td>甲</td></tr></table>"
    tables = _tables(read(_page(body)).blocks)
    assert [t.location.table for t in tables] == [0]


# ---------------------------------------------------------------- charsets


def test_gbk_page_with_http_equiv_charset() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "</head><body><p>绩效目标表</p><table><tr><td>项目名称</td><td>镕</td></tr></table>"
        "</body></html>"
    )
    # 镕 is GBK but not GB2312: pages labelled gb2312 need the superset.
    result = read(page.encode("gbk"))
    assert result.encoding == "gb18030"
    assert result.format == "html"
    assert isinstance(result.blocks[0], Paragraph) and result.blocks[0].text == "绩效目标表"
    assert [c.text for c in _tables(result.blocks)[0].rows[0]] == ["项目名称", "镕"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ('<meta charset="GBK"><p>项目名称</p>'.encode("gbk"), "gb18030"),
        ("<p>项目名称</p>".encode("gbk"), "gb18030"),  # undeclared: UTF-8 fails, GB18030 reads
        ("<p>项目名称</p>".encode(), "utf-8"),
        ('<meta charset="utf-8"><p>项目名称</p>'.encode("gbk"), "gb18030"),  # a false label
        ('<meta charset="iso-8859-1"><p>项目名称</p>'.encode(), "utf-8"),  # a leftover label
        ("\ufeff<p>项目名称</p>".encode(), "utf-8-sig"),
        ('<?xml version="1.0" encoding="gb2312"?><p>项目名称</p>'.encode("gbk"), "gb18030"),
    ],
)
def test_charset_detection(data: bytes, encoding: str) -> None:
    text, used = decode_markup(data)
    assert used == encoding
    assert "项目名称" in text


@pytest.mark.parametrize(
    ("label", "gb"),
    [
        ("gb2312", True),
        ("GBK", True),
        ("cp936", True),
        ("euc-cn", True),
        ("x-gbk", True),
        ("gb18030", True),
        ("hz", False),  # HZ is 7-bit, not GB18030
        ("utf-8", False),
        ("no-such-codec", False),
    ],
)
def test_one_notion_of_a_gb_label(label: str, gb: bool) -> None:
    assert is_gb(label) is gb


def test_explicit_encoding_wins_and_undecodable_pages_fail() -> None:
    data = "<p>項目名稱</p>".encode("big5")
    result = read(data, options=ReadOptions(encoding="big5"))
    assert result.encoding == "big5"
    assert result.blocks[0] == Paragraph(text="項目名稱")
    with pytest.raises(DecodeError, match="--encoding"):
        decode_markup(b"<p>\xff\xff\xff\xff</p>")


# ---------------------------------------------------- the Hebei sample as HTML


def test_fixtures_are_detected_as_html() -> None:
    assert detect_format((DATA / f"{HEBEI}.html").read_bytes()) == "html"
    assert detect_format((DATA / f"{HEBEI}-web.xls").read_bytes()) == "html"


def test_html_fixture_layout() -> None:
    result = read_bytes((DATA / f"{HEBEI}.html").read_bytes())
    assert (result.format, result.encoding) == ("html", "gb18030")
    assert _stream(result.blocks)[:4] == [
        "预算项目绩效目标",
        "1.综合事务管理绩效目标表",
        "<table 0>",
        "2.车辆保险费绩效目标表",
    ]
    table = _tables(result.blocks)[0]
    assert _grid(table)[0] == [
        ("131001中国人民政治协商会议河北省秦皇岛市山海关区委员会本级", 0, 5, 1),
        ("单位：元", 5, 2, 1),
    ]
    assert table.rows[6][1].text == "1.机关自身建设、服务保障能力进一步提升。\n2.机关网站运行维护。"


@pytest.mark.parametrize("name", [f"{HEBEI}.html", f"{HEBEI}-web.xls"])
def test_html_fixture_gives_the_txtprojects_of(name: str) -> None:
    expected = projects_of(SAMPLES / f"{HEBEI}.txt")
    assert len(expected) == 5
    assert projects_of(DATA / name) == expected
    assert warnings_of(DATA / name) == warnings_of(SAMPLES / f"{HEBEI}.txt")
