"""Table-driven tests of label folding and matching (DOMAIN.md §3)."""

from __future__ import annotations

import pytest

from goalextract.labels import match_label, split_glued
from goalextract.lines import bracketed_unit
from goalextract.text import fold

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


# Every spelling DOMAIN.md §3 lists, with the role it must get.
DOMAIN_SPELLINGS = {
    "unit": [
        "项目实施单位",
        "项目执行单位",
        "填报单位(盖章)",
        "下达地方或单位",
        "预算单位",
        "实施单位",
        "单位名称",
        "项目单位",
    ],
    "department": [
        "主管部门\n及编码",
        "主管部门名称",
        "项目主管部门",
        "项目主管单位",
        "业务主管部门",
        "预算部门",
        "主管预算部门",
        "部门（单位）名称",
        "部门 （单位） 名称",
        "部门名称",
        "部门名称及代码",
        "部门（单位）及代码",
    ],
    "department_code": ["主管部门 编码", "主管部门编码", "部门编码", "部门预算编码"],
    "money_group": [
        "项目资金\n（元）",
        "项目资金 （元）",
        "金额(元)",
        "项目资金 （万元）",
        "项目资金(万元)",
        "项目资金申请(万元)",
        "资金情况（万元）",
        "项目预算(万元)",
        "预算金额（万元）",
        "年度\n预算\n安排\n(万元)",
        "年度资金情况",
        "部门（单位）总体资金情况(元)：",
        "当年预算情况（万元）",
        "预算资金（万元）",
    ],
    "total": [
        "年度资金总额：",
        "项目当年预算",
        "当年年度预算",
        "年度资金总额及构成总额",
        "本年度申请市财政预算资金(万元)",
        "预算数",
        "年度资金总额",
        "年度资金申请总额",
        "当年资金总额",
        "年度本级预算金额",
        "下达中央预算内投资(万元)",
    ],
    "total_bare": [
        "资金总额(元)：",
        "资金总额:",
        "合计",
        "总额",
        "收入预算合计",
        "支出预算合计",
        "区级支出预算总量",
    ],
    "fiscal": [
        "其中：财政资金",
        "其中：财政拨款",
        "其中:当年财政拨款",
        "财政拨款:",
        "财政资金",
        "当年财政拨款",
        "其中:市财政资金",
        "其中：一般公共预算拨款",
        "一般公共预算财政拨款",
        "其中：申请当年预算拨款",
    ],
    "other": ["当年其他资金", "其中:其它资金", "其他经费", "其他:", "其他资金"],
    "carryover": ["上年结转", "上年结转资金", "其中：使用上年度财政拨款结转", "上年结余收入:"],
    "project_total": [
        "中期资金总额：",
        "中期资金金额：",
        "实施期资金总额：",
        "中期市财政预算(万元)",
        "项目资金总额",
        "项目总预算",
    ],
    "purpose": [
        "项目概况(包括项目立项依据、可行性和必要性、支持范围、实施内容等)",
        "项目总体概况",
        "资金用途",
        "项目概况",
    ],
    "long_term_goals": [
        "中期目标（2024年—2026年）",
        "中期绩效目标",
        "中期滚动目标",
        "实施期目标",
        "实施期绩效目标",
        "长期目标（截止 2025 年）",
        "项目总体目标\n(2024 年-2026 年)",
        "项目总目标",
        "总目标",
        "项目绩效总目标",
        "中期目标",
        "长期目标",
    ],
    "goals": [
        "年度总体目标",
        "年度 目标",
        "年度绩效目标",
        "本年度目标",
        "年度主要目标和成果",
        "年度目标",
        "绩效目标",
        "本年度绩效目标",
        "部门（单位）年度\n总体目标",
        "年度绩效 目标",
        "当年整体绩效目标",
        "部门整体支出年度绩效目标（逐条填写，和部门职能对应）",
        "年度履职目标",
    ],
    "grid": [
        "绩效指标",
        "绩 效 指 标",
        "绩效\n指标",
        "年度绩效指标",
        "长期绩效指标",
        "项目年度绩效目标衡量指标",
        "部门整体支出年度绩效目标衡量指标",
        "绩效项目指标表",
        "总目标绩效指标",
        "本年度绩效指标",
        "长期绩效目标表",
        "年度绩效目标表",
    ],
    "value": [
        "年度(/项目)指标值",
        "指标值(长期)",
        "指标值(年度)",
        "预计当年实现",
        "预期当年实现值",
        "绩效目标值",
        "指标值(或计划水平)",
        "调整后指标值",
        "指标值",
        "年度指标值",
        "目标值",
        "指标值及单位",
        "当年预期实现值",
        "*值",
    ],
    "basis": [
        "指标值确\n定依据",
        "参考值确定依据",
        "参考标准",
        "指标值确定依据",
        "绩效标准",
        "指标值设定依据",
    ],
    "sign": ["*符号", "计算符号", "指标性质"],
    "measure_unit": ["计量单位", "计算单位", "度量单位"],
    "basic": ["其中：基本支出", "基本支出"],
    "project_spending": ["项目支出"],
    "extra": [
        "项目性质",
        "项目类别",
        "支出项目类别",
        "项目类型",
        "项目分类",
        "项目来源",
        "资金投向领域",
        "是否新增",
        "项目期",
        "项目期限",
        "建设期限",
        "运营期限",
        "项目起止时间",
        "项目支出实施期",
        "建设周期",
        "计划完成日期",
        "项目起始时间",
        "项目终止时间",
        "起始年度",
        "终止年度",
        "项目负责人及电话",
        "联系电话",
        "经办人",
        "填报人",
        "填报日期",
        "财政部门审核意见",
        "项目审批",
        "财政资金科目代码",
        "年度预算执行率",
        "保障绩效目标实现措施",
        "项目属性",
        "项目负责人",
        "计划开始日期",
        "上级资金",
        "其中：上级补助",
        "本级安排",
        "中央财政资金",
        "省级财政资金",
        "市县（区）财政资金",
        "转移支付资金",
        "区级资金",
        "政府性基金预算拨款",
        "国有资本经营预算拨款",
        "单位自筹",
        "自有资金:",
        "事业收入:",
        "经营性收入:",
        "单位资金",
        "财政专户管理资金",
        "专项债券",
        "立项依据",
        "项目设立必要性",
        "项目实施计划",
        "项目实施进度安排",
        "部门职能概述",
        "年度主要任务",
        "年度重点 任务",
        "主要工作任务",
        "人员类项目",
        "运转类公用经费项目",
        "特定目标类项目",
    ],
}


@pytest.mark.parametrize(
    ("printed", "role"),
    [(printed, role) for role, names in DOMAIN_SPELLINGS.items() for printed in names],
)
def test_domain_spellings(printed: str, role: str) -> None:
    label = match_label(printed)
    assert label is not None, printed
    assert label.role == role


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("专项（项目）名称 伯乐奖", ("name", "伯乐奖")),
        ("部门名称：某局", ("department", "某局")),
        ("项目名称", None),  # a label alone
        ("绩效指标 产出", None),  # a block title, not a field
        ("三级指标 数量", None),  # grid columns never glue
        ("完成数量 100个", None),  # not a label
    ],
)
def test_split_glued(text: str, expected: tuple[str, str] | None) -> None:
    found = split_glued(text)
    assert (None if found is None else (str(found[0].role), found[2])) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（万元）", "万元"),
        ("(元)", "元"),
        ("（ 万元 ）", "万元"),
        ("万元", None),
        ("（人）", None),
    ],
)
def test_bracketed_unit(text: str, expected: str | None) -> None:
    assert bracketed_unit(text) == expected
