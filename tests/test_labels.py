"""Table-driven tests of label folding and matching (DOMAIN.md §3)."""

from __future__ import annotations

import pytest

from goalextract.labels import fold, match_label

# printed label → (role, sub_item, money_unit, horizon)
LABELS = [
    ("项目名称", ("name", False, None, None)),
    ("项 目 名 称", ("name", False, None, None)),
    ("项目编码", ("code", False, None, None)),
    ("主管部门\n及编码", ("department", False, None, None)),
    ("主管部门：", ("department", False, None, None)),
    ("其中：财政资金", ("fiscal", True, None, None)),
    ("其中:财政拨款", ("fiscal", True, None, None)),
    ("其中:当年财政拨款", ("fiscal", True, None, None)),
    ("其他资金", ("other", False, None, None)),
    ("上年结转资金", ("carryover", False, None, None)),
    ("项目资金\n（元）", ("money_group", False, "元", None)),
    ("项目资金(万元)", ("money_group", False, "万元", None)),
    ("项目资金总额", ("project_total", False, None, None)),
    ("年度资金申请总额", ("total", False, None, None)),
    ("资金总额", ("total_bare", False, None, None)),
    ("预算数", ("total", False, None, None)),
    ("资金支出计划（%）", ("spending_plan", False, None, None)),
    ("绩效目标", ("goals", False, None, None)),
    ("年度总体目标", ("goals", False, None, None)),
    ("总 体 目 标", ("goal_group", False, None, None)),
    ("项目\n绩效\n目标", ("goal_group", False, None, None)),
    ("项目总体目标\n(2024 年-2026 年)", ("long_term_goals", False, None, None)),
    ("中期目标（2024年—2026年）", ("long_term_goals", False, None, None)),
    ("绩          效  指  标", ("grid", False, None, None)),
    ("一级指标", ("level1", False, None, None)),
    ("二级指标(长期)", ("level2", False, None, "long_term")),
    ("二级指标(年度)", ("level2", False, None, "annual")),
    ("*三级指标", ("level3", False, None, None)),
    ("指标内容(150字内)", ("content", False, None, None)),
    ("年度(/项目)指标值", ("value", False, None, None)),
    ("指标值确\n定依据", ("basis", False, None, None)),
    ("绩效指标描述", ("description", False, None, None)),
    ("计划开始日期", ("extra", False, None, None)),
    ("部门 （单位） 名称", ("department", False, None, None)),
]


@pytest.mark.parametrize(("printed", "expected"), LABELS, ids=[p for p, _ in LABELS])
def test_match_label(printed: str, expected: tuple[object, ...]) -> None:
    label = match_label(printed)
    assert label is not None
    assert (label.role, label.sub_item, label.money_unit, label.horizon) == expected


@pytest.mark.parametrize(
    "printed",
    # Never a substring match: these are not the shorter labels they contain.
    ["中央财政资金1", "绩效指标体系说明", "综合事务管理", "100000.00", "", "年度资金总额合计"],
)
def test_no_substring_matches(printed: str) -> None:
    label = match_label(printed)
    assert label is None or label.role == "extra"


def test_whole_key_distinctions() -> None:
    assert match_label("年度总体目标").role == "goals"  # type: ignore[union-attr]
    assert match_label("总体目标").role == "goal_group"  # type: ignore[union-attr]
    assert match_label("中央财政资金").role == "extra"  # type: ignore[union-attr]
    assert match_label("年度资金总额").role == "total"  # type: ignore[union-attr]
    assert match_label("绩效指标").role == "grid"  # type: ignore[union-attr]


def test_fold() -> None:
    assert fold("其中：财政资金（元）") == "其中:财政资金(元)"
    assert fold("项\u3000目 名\t称") == "项目名称"
