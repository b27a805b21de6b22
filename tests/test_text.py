"""Tests of cell-text helpers: field codes, quotes, wrapped lines, numbered items."""

from __future__ import annotations

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
