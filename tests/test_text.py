"""Tests of cell-text helpers: field codes, quotes, wrapped lines, numbered items."""

from __future__ import annotations

import time

import pytest

from goalextract.cells import strip_field_codes
from goalextract.text import join_wrapped, split_items, strip_numbering, unquote

FIELD_CODES = [
    (" 一、总体绩效目标 TC 总体绩效目标 \\f A \\l 1 ", " 一、总体绩效目标"),
    (
        "1.综合事务管理绩效目标表 TC 1、综合事务管理绩效目标表 \\f C \\l 1 ",
        "1.综合事务管理绩效目标表",
    ),
    ('2.车辆保险费绩效目标表 TC "2、车辆保险费绩效目标表" \\f C \\l 1', "2.车辆保险费绩效目标表"),
    ('总体绩效目标TC "总体绩效目标" \\f A \\l 1', "总体绩效目标"),
    ("没有域代码的文字", "没有域代码的文字"),
    ("路径 C:\\data 不是域代码", "路径 C:\\data 不是域代码"),
]


@pytest.mark.parametrize(("text", "expected"), FIELD_CODES)
def test_strip_field_codes(text: str, expected: str) -> None:
    assert strip_field_codes(text) == expected


# Lines that made the old regular expressions backtrack: exponentially on switches
# that never end (14 of them took 2 s, 24 for ever), quadratically on long space
# runs (20 KiB took 4 s, 180 KiB minutes). Sized so that the old code fails in
# seconds rather than hanging the suite.
HOSTILE_LINES = [
    pytest.param('TC "x" ' + "\\a  " * 14 + "\\", id="switches-without-end"),
    pytest.param(" " * 20_000 + "TC x \\", id="spaces-before-tc"),
    pytest.param(" " * 20_000 + "x\\", id="spaces-without-field"),
    pytest.param("TC \\a " * 4_000 + "\\", id="many-tc-starts"),
    pytest.param(('TC "x" \\a "' + " " * 100) * 200 + "\\", id="open-quotes"),
    pytest.param(" " * 30_000 + "PAGEREF x" + " TOC " * 500 + "\\h", id="spaces-before-pageref"),
]


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_strip_field_codes_is_linear_on_hostile_lines(line: str) -> None:
    start = time.perf_counter()
    strip_field_codes(line)
    assert time.perf_counter() - start < 1.0


def test_strip_field_codes_keeps_the_earliest_field_and_quoted_switches() -> None:
    assert strip_field_codes('甲 TC "a\\b" \\f "C D" \\l 1\r') == "甲"
    assert strip_field_codes("甲 TC 乙 \\f A B \\l 1") == "甲 TC 乙 \\f A B \\l 1"
    assert strip_field_codes("aTC 乙 TC 丙 \\l 1") == "aTC 乙"
    assert strip_field_codes("见 PAGEREF _Toc1 \\h  ") == "见"


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("1.机关自身建设。\n2.机关网站运行维护。", ["机关自身建设。", "机关网站运行维护。"]),
        (
            '"1.完成年度\n拆违任务。\n2.新增违建“零增长”。\n"',
            ["完成年度拆违任务。", "新增违建“零增长”。"],
        ),
        ("（1）甲。\n（2）乙。", ["甲。", "乙。"]),
        ("①甲②乙", ["甲②乙"]),
        ("①甲。\n②乙。", ["甲。", "乙。"]),
        ("目标1：甲。\n目标2：乙。", ["甲。", "乙。"]),
        ("1、甲。2、乙。", ["甲。", "乙。"]),
        (
            "为居民出行提供快速便捷的通道，完善、提高了路\n网服务功能。",
            ["为居民出行提供快速便捷的通道，完善、提高了路网服务功能。"],
        ),
        ("提升1.5倍的效率", ["提升1.5倍的效率"]),
        ("", []),
    ],
)
def test_split_items(text: str, items: list[str]) -> None:
    assert split_items(text) == items


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("100000.0\n0", "100000.00"),
        ("1303032108HCY3FL\n9BB52", "1303032108HCY3FL9BB52"),
        ("其中：财\n政资金", "其中：财政资金"),
        ("  a  ", "a"),
    ],
)
def test_join_wrapped(text: str, joined: str) -> None:
    assert join_wrapped(text) == joined


def test_unquote_only_whole_cell_quotes() -> None:
    assert unquote('"1.甲"') == "1.甲"
    assert unquote('他说"好"') == '他说"好"'
    assert unquote('"a" 和 "b"') == '"a" 和 "b"'


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("1.综合事务管理绩效目标表", "综合事务管理绩效目标表"),
        ("一、政协会议", "政协会议"),
        ("（2）乙", "乙"),
        ("2021年度计划", "2021年度计划"),
    ],
)
def test_strip_numbering(text: str, stripped: str) -> None:
    assert strip_numbering(text) == stripped
