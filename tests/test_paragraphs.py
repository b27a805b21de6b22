"""Table-driven tests of paragraph recognisers: titles, year lines, unit lines (DOMAIN.md §3)."""

from __future__ import annotations

import pytest

from goalextract.cells import Paragraph
from goalextract.lines import join_wrapped_titles, title_text, unit_line, year_line

# printed line → (title, is_department, is_self_evaluation), or None when not a title
TITLES = [
    ("1.综合事务管理绩效目标表", ("综合事务管理绩效目标表", False, False)),
    ("1、综合事务管理绩效目标表", ("综合事务管理绩效目标表", False, False)),
    ("项目支出绩效目标表", ("项目支出绩效目标表", False, False)),
    ("财政项目支出绩效目标申报表", ("财政项目支出绩效目标申报表", False, False)),
    ("项目支出绩效目标批复表", ("项目支出绩效目标批复表", False, False)),
    ("项目支出年度预算绩效目标申报表", ("项目支出年度预算绩效目标申报表", False, False)),
    (
        "2026年度部门预算本级项目支出绩效目标申报表",
        ("2026年度部门预算本级项目支出绩效目标申报表", False, False),
    ),
    (
        "山西省省级预算部门（单位）项目支出绩效目标表",
        ("山西省省级预算部门（单位）项目支出绩效目标表", False, False),
    ),
    ("政策及项目绩效目标表", ("政策及项目绩效目标表", False, False)),
    ("部门预算财政支出绩效目标申报表", ("部门预算财政支出绩效目标申报表", False, False)),
    ("项目申报表（绩效部分）", ("项目申报表（绩效部分）", False, False)),
    ("预算项目绩效信息表（项目入库阶段）", ("预算项目绩效信息表（项目入库阶段）", False, False)),
    ("中央预算内投资计划绩效目标表", ("中央预算内投资计划绩效目标表", False, False)),
    ("附件2 项目绩效目标表", ("项目绩效目标表", False, False)),
    ("附1-1：市直部门预算项目支出绩效目标表", ("市直部门预算项目支出绩效目标表", False, False)),
    ("部门（单位）整体支出绩效目标表", ("部门（单位）整体支出绩效目标表", True, False)),
    ("2026年部门整体支出预算绩效目标表", ("2026年部门整体支出预算绩效目标表", True, False)),
    ("2026年度部门整体绩效申报表", ("2026年度部门整体绩效申报表", True, False)),
    ("项目支出绩效自评表", ("项目支出绩效自评表", False, True)),
    ("2025年度部门整体支出绩效自评表", ("2025年度部门整体支出绩效自评表", True, True)),
    ("项目绩效目标执行监控表", ("项目绩效目标执行监控表", False, True)),
    ("七、绩效目标", None),
    ("预算项目绩效目标", None),
    ("详见单位的项目绩效目标表格", None),
]


@pytest.mark.parametrize(("line", "expected"), TITLES, ids=[t[0] for t in TITLES])
def test_title_text(line: str, expected: tuple[str, bool, bool] | None) -> None:
    assert title_text(line) == expected


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("（2026年度）", 2026),
        ("（  2026  年度）", 2026),
        ("(2026 年度)", 2026),
        ("（2026）年度", 2026),
        ("2020年度)", 2020),
        ("2026年1月1日", None),
        ("综合事务管理", None),
    ],
)
def test_year_line(line: str, year: int | None) -> None:
    assert year_line(line) == year


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("单位：元", "元"),
        ("单位:万元", "万元"),
        ("单位： 万元", "万元"),
        ("金额单位：元", "元"),
        ("单位名称", None),
        ("单位：某局", None),
    ],
)
def test_unit_line(line: str, unit: str | None) -> None:
    assert unit_line(line) == unit


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["财政项目支出绩效", "目标申报表"], ["财政项目支出绩效目标申报表"]),
        (["2026年某某项目", "绩效目标表"], ["2026年某某项目绩效目标表"]),
        # A heading before a whole title stays a heading.
        (["七、绩效目标", "项目支出绩效目标表"], ["七、绩效目标", "项目支出绩效目标表"]),
        # A sentence before a title is prose.
        (["详见下表。", "项目支出绩效目标表"], ["详见下表。", "项目支出绩效目标表"]),
        (["项目名称", "甲项目"], ["项目名称", "甲项目"]),
    ],
)
def test_titles_wrapped_over_two_lines_are_joined(lines: list[str], expected: list[str]) -> None:
    joined = join_wrapped_titles([Paragraph(line) for line in lines])
    assert [p.text for p in joined if isinstance(p, Paragraph)] == expected
