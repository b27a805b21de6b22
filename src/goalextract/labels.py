"""The label vocabulary (DOMAIN.md §3) as data, and label matching.

Labels are matched on a folded key: whitespace removed, full-width folded to
half-width (NFKC), a trailing colon, leading marks and a leading ``其中:`` dropped,
and bracketed suffixes peeled off (their content is kept as hints). The whole
remaining key must equal an alias: never a substring match, so ``年度总体目标`` is
not ``总体目标`` and ``中央财政资金`` is not ``财政资金``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from goalextract.models import Horizon, MoneyUnit
from goalextract.text import fold


class Role(str, Enum):
    """What a label names: the field (or grid column) its value goes to.

    One member per kind of label; the parser's rules, the grid and the field
    placement speak only in these, so a mistyped role is a type error.
    """

    # who
    UNIT = "unit"
    DEPARTMENT = "department"
    DEPARTMENT_CODE = "department_code"
    # what
    CODE = "code"
    NAME = "name"
    # money
    MONEY_GROUP = "money_group"
    PURPOSE_GROUP = "purpose_group"
    TOTAL = "total"
    TOTAL_BARE = "total_bare"
    FISCAL = "fiscal"
    OTHER = "other"
    CARRYOVER = "carryover"
    PROJECT_TOTAL = "project_total"
    BASIC = "basic"
    PROJECT_SPENDING = "project_spending"
    PURPOSE = "purpose"
    SPENDING_PLAN = "spending_plan"
    # goals
    GOAL_GROUP = "goal_group"
    LONG_TERM_GOALS = "long_term_goals"
    GOALS = "goals"
    # the indicator grid
    GRID = "grid"
    LEVEL1 = "level1"
    LEVEL2 = "level2"
    LEVEL3 = "level3"
    CONTENT = "content"
    DESCRIPTION = "description"
    VALUE = "value"
    BASIS = "basis"
    SIGN = "sign"
    MEASURE_UNIT = "measure_unit"
    SELF_EVALUATION = "self_evaluation"
    # a known label whose value goes to ``extra``
    EXTRA = "extra"
    # Not a label: a grid column that holds a flat list's project field
    # (项目名称, 预算数 … printed as columns of the indicator grid).
    PROJECT_FIELD = "project_field"

    def __str__(self) -> str:
        return self.value


# role -> aliases as printed in real tables; folded when the table is built.
VOCABULARY: dict[Role, tuple[str, ...]] = {
    # -- who ---------------------------------------------------------------
    Role.UNIT: (
        "预算单位",
        "实施单位",
        "项目实施单位",
        "项目执行单位",
        "单位名称",
        "项目单位",
        "填报单位",
        "下达地方或单位",
        "预算单位名称",
        "二级预算单位名称",
    ),
    Role.DEPARTMENT: (
        "主管部门",
        "主管部门及代码",
        "主管部门及编码",
        "主管部门编码及名称",
        "项目主管部门",
        "项目主管单位",
        "业务主管部门",
        "预算部门",
        "主管预算部门",
        "主管部门名称",
        "部门(单位)名称",
        "部门名称",
        "部门名称及代码",
        "部门(单位)及代码",
        "部门(单位)",
    ),
    Role.DEPARTMENT_CODE: ("主管部门编码", "主管部门代码", "部门编码", "部门预算编码", "部门代码"),
    # -- what --------------------------------------------------------------
    Role.CODE: ("项目编码", "项目代码", "项目编号"),
    Role.NAME: (
        "项目名称",
        "项目支出名称",
        "专项名称",
        "政策及项目名称",
        "专项(项目)名称",
        "转移支付名称",
        "一级项目名称",
    ),
    # -- money -------------------------------------------------------------
    Role.MONEY_GROUP: (
        "项目资金",
        "资金情况",
        "项目预算",
        "预算金额",
        "项目资金申请",
        "年度资金情况",
        "资金来源",
        "项目资金情况",
        "年度预算安排",
        "当年预算情况",
        "预算资金",
        "部门(单位)总体资金情况",
        "金额",
        "专项资金情况",
        "资金金额",
        "资金情况及来源",
    ),
    Role.PURPOSE_GROUP: ("预算规模及资金用途",),
    Role.TOTAL: (
        "预算数",
        "年度资金总额",
        "年度资金申请总额",
        "当年资金总额",
        "年度本级预算金额",
        "项目当年预算",
        "当年年度预算",
        "年度资金总额及构成总额",
        "本年度申请市财政预算资金",
        "年度预算数",
        "下达中央预算内投资",
        "年度预算金额",
        "当年预算",
        "年度金额",
    ),
    # A bare 资金总额 / 合计 / 总额 is this year's total unless an annual total sits
    # beside it, then it is the whole-project total (DOMAIN.md §3, budget.total).
    Role.TOTAL_BARE: (
        "资金总额",
        "合计",
        "总额",
        "收入预算合计",
        "支出预算合计",
        "区级支出预算总量",
        "项目总额",
    ),
    Role.FISCAL: (
        "财政资金",
        "财政拨款",
        "当年财政拨款",
        "市财政资金",
        "一般公共预算拨款",
        "一般公共预算财政拨款",
        "申请当年预算拨款",
        "财政拨款资金",
    ),
    Role.OTHER: ("其他资金", "当年其他资金", "其它资金", "其他经费", "其他"),
    Role.CARRYOVER: ("上年结转", "上年结转资金", "使用上年度财政拨款结转", "上年结余收入"),
    Role.PROJECT_TOTAL: (
        "项目资金总额",
        "中期资金总额",
        "中期资金金额",
        "实施期资金总额",
        "项目总预算",
        "中期市财政预算",
        "项目总投资",
    ),
    Role.BASIC: ("基本支出",),
    Role.PROJECT_SPENDING: ("项目支出",),
    Role.PURPOSE: (
        "资金用途",
        "项目概况",
        "项目总体概况",
        "项目简介",
        "项目内容",
        "资金使用方向",
    ),
    Role.SPENDING_PLAN: ("资金支出计划", "资金支出计划(%)"),
    # -- goals -------------------------------------------------------------
    # A group label over 中期目标 / 年度目标; a goal itself only with no sub-labels.
    Role.GOAL_GROUP: ("项目绩效目标", "总体目标"),
    Role.LONG_TERM_GOALS: (
        "中期目标",
        "实施期目标",
        "实施期绩效目标",
        "长期目标",
        "项目总目标",
        "项目总体目标",
        "总目标",
        "项目绩效总目标",
        "中期绩效目标",
        "中期滚动目标",
        "长期绩效目标",
        "实施期总目标",
    ),
    Role.GOALS: (
        "年度目标",
        "年度总体目标",
        "本年度绩效目标",
        "绩效目标",
        "年度绩效目标",
        "本年度目标",
        "年度主要目标和成果",
        "当年整体绩效目标",
        "年度履职目标",
        "部门(单位)年度总体目标",
        "部门整体支出年度绩效目标",
        "整体绩效目标",
        "年度总目标",
    ),
    # -- indicator grid ------------------------------------------------------
    Role.GRID: (
        "绩效指标",
        "年度绩效指标",
        "项目年度绩效目标衡量指标",
        "部门整体支出年度绩效目标衡量指标",
        "绩效项目指标表",
        "总目标绩效指标",
        "本年度绩效指标",
        "长期绩效目标表",
        "年度绩效目标表",
        "长期绩效指标",
        "中期绩效指标",
        "绩效指标表",
    ),
    Role.LEVEL1: ("一级指标", "一级绩效指标"),
    Role.LEVEL2: ("二级指标", "二级绩效指标"),
    Role.LEVEL3: ("三级指标", "三级指标名称", "指标名称", "三级绩效指标"),
    # 指标内容 is the level-3 name unless a 三级指标 column exists (then description).
    Role.CONTENT: ("指标内容",),
    Role.DESCRIPTION: ("绩效指标描述", "指标解释", "备注(指标解释等)", "公式或说明", "指标说明"),
    Role.VALUE: (
        "指标值",
        "年度指标值",
        "目标值",
        "指标值及单位",
        "当年预期实现值",
        "年度(/项目)指标值",
        "预计当年实现",
        "预期当年实现值",
        "绩效目标值",
        "指标值(或计划水平)",
        "调整后指标值",
        "项目指标值",
        "年度目标值",
        "*值",
        "值",
        "期望值",
        "中期指标值",
        "长期指标值",
        "本年绩效指标值",
    ),
    Role.BASIS: ("指标值确定依据", "指标值设定依据", "绩效标准", "参考值确定依据", "参考标准"),
    Role.SIGN: (
        "指标性质",
        "计算符号",
        "*符号",
        "符号",
        "指标性质(≥,=,≤)",
        "指标方向",
        "绩效指标性质",
    ),
    Role.MEASURE_UNIT: ("度量单位", "计量单位", "计算单位", "单位(文字描述)", "绩效度量单位"),
    # Columns of look-alike tables that only self-evaluations have (DOMAIN.md §1).
    Role.SELF_EVALUATION: (
        "实际完成值",
        "实际完成情况",
        "得分",
        "全年执行数",
        "执行率",
        "偏差原因分析及改进措施",
        "年初预算数",
        "全年预算数",
        "实际完成",
        "完成值",
        "未完成原因分析",
    ),
    # -- labels whose value goes to Project.extra -----------------------------
    Role.EXTRA: (
        "项目属性",
        "项目负责人",
        "计划开始日期",
        "计划完成日期",
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
        "立项依据",
        "项目设立必要性",
        "项目实施计划",
        "项目实施进度安排",
        "保证项目实施的制度、措施",
        "部门职能概述",
        "部门职能",
        "年度主要任务",
        "年度重点任务",
        "主要工作任务",
        "单位自筹",
        "自有资金",
        "事业收入",
        "经营性收入",
        "单位资金",
        "财政专户管理资金",
        "专项债券",
        "上级资金",
        "上级补助",
        "本级安排",
        "中央财政资金",
        "省级财政资金",
        "市县(区)财政资金",
        "转移支付资金",
        "区级资金",
        "政府性基金预算拨款",
        "国有资本经营预算拨款",
        "该项目支出上级资金",
        "人员类项目",
        "运转类公用经费项目",
        "特定目标类项目",
        "项目负责人(签字)",
        "单位(盖章)",
        "项目责任人(签字)",
        "联系人",
        "项目实施期",
        "实施周期",
        "项目周期",
        "备注",
        "审核意见",
        "主管部门审核意见",
        "是否政府采购",
        "是否跨年度",
        "项目级次",
        "支出功能分类",
        "绩效目标是否与预算挂钩",
    ),
}

# Column headers that belong to the indicator grid; a row holding several of
# them is a grid header.
GRID_COLUMN_ROLES = frozenset(
    {
        Role.LEVEL1,
        Role.LEVEL2,
        Role.LEVEL3,
        Role.CONTENT,
        Role.DESCRIPTION,
        Role.VALUE,
        Role.BASIS,
        Role.SIGN,
        Role.MEASURE_UNIT,
    }
)

# Labels that head a group of fields and carry no value of their own.
GROUP_ROLES = frozenset({Role.MONEY_GROUP, Role.PURPOSE_GROUP, Role.GRID})
# Labels whose value is an amount of money.
MONEY_ROLES = frozenset(
    {
        Role.TOTAL,
        Role.TOTAL_BARE,
        Role.FISCAL,
        Role.OTHER,
        Role.CARRYOVER,
        Role.PROJECT_TOTAL,
        Role.BASIC,
        Role.PROJECT_SPENDING,
    }
)
# Amounts only a department table has (基本支出 / 项目支出).
DEPARTMENT_MONEY_ROLES = frozenset({Role.BASIC, Role.PROJECT_SPENDING})
# Labels that never start a block of the form when they lead a row: grid
# columns, look-alike markers, and 合计 (grids print a totals row of weights).
_NOT_BLOCK_LEADERS = GRID_COLUMN_ROLES | {Role.SELF_EVALUATION, Role.PROJECT_FIELD, Role.TOTAL_BARE}


def leads_block(role: Role) -> bool:
    """Whether a row led by this label is a new block of the form (a footer, the next project).

    Such a row ends an indicator grid: it is a field of the form, not an indicator.
    """
    return role not in _NOT_BLOCK_LEADERS


# A bracketed suffix: (元) （万元） (长期) （2024年—2026年） (150字内) ...
_SUFFIX = re.compile(r"\(([^()]*)\)$")
_LEADING_MARKS = re.compile(r"^[*★☆●■□◆※]+")


@dataclass(frozen=True)
class Label:
    """A matched label: its role and what its brackets said."""

    role: Role
    key: str
    sub_item: bool = False
    money_unit: MoneyUnit | None = None
    horizon: Horizon | None = None


def _money_unit_hint(text: str) -> MoneyUnit | None:
    if "万元" in text:
        return "万元"
    if "元" in text:
        return "元"
    return None


# Words that say which horizon a label, a bracket hint or a block title is
# about; the long-term words win (``年度`` also occurs in ``实施期年度…``).
_LONG_TERM_WORDS = ("长期", "中期", "实施期", "总目标")
_ANNUAL_WORDS = ("年度", "当年")


def horizon_of(text: str) -> Horizon | None:
    """``长期绩效指标`` → long_term, ``（年度）`` → annual, else None."""
    if any(word in text for word in _LONG_TERM_WORDS):
        return "long_term"
    if any(word in text for word in _ANNUAL_WORDS):
        return "annual"
    return None


def _build_lookup() -> dict[str, Role]:
    lookup: dict[str, Role] = {}
    for role, aliases in VOCABULARY.items():
        for alias in aliases:
            lookup.setdefault(fold(alias), role)
    return lookup


_LOOKUP = _build_lookup()


@lru_cache(maxsize=8192)
def match_label(text: str) -> Label | None:
    """Return the Label a cell's text names, or None when it is not a known label.

    >>> str(match_label("其中：财政资金").role)
    'fiscal'
    >>> match_label("项目资金（万元）").money_unit
    '万元'
    >>> match_label("年度总体目标").role
    'goals'
    """
    key = fold(text)
    if not key or len(key) > 40:
        return None
    key = _LEADING_MARKS.sub("", key).rstrip(":")
    sub_item = False
    if key.startswith("其中:"):
        key, sub_item = key[3:], True
    elif key.startswith("其中"):
        key, sub_item = key[2:], True
    money: MoneyUnit | None = None
    horizon: Horizon | None = None
    while key:
        role = _LOOKUP.get(key)
        if role is not None:
            return Label(role, key, sub_item, money, horizon)
        found = _SUFFIX.search(key)
        if found is None or found.start() == 0:
            return None
        hint = found.group(1)
        money = money or _money_unit_hint(hint)
        horizon = horizon or horizon_of(hint)
        key = key[: found.start()].rstrip(":")
    return None


# Where a label and its value share a cell: ``专项（项目）名称 伯乐奖``, ``部门名称：某局``.
_GLUED = re.compile(r"^(?P<label>[^\s:：]{2,24})(?:\s*[:：]\s*|\s+)(?P<value>\S.*)$", re.DOTALL)


def split_glued(text: str) -> tuple[Label, str, str] | None:
    """A field label and its value printed in one cell: (label, label text, value).

    Only field labels count (never grid columns), and only when the value is
    separated by a colon or white space, so ``项目名称`` alone and indicator
    names that merely start with a label word are left alone.
    """
    found = _GLUED.match(text.strip())
    if found is None:
        return None
    label = match_label(found["label"])
    if label is None or not leads_block(label.role) or label.role in GROUP_ROLES:
        return None
    return label, found["label"], found["value"].strip()


def label_role(text: str) -> Role | None:
    """The role of a label, or None."""
    found = match_label(text)
    return found.role if found else None


# Indicator category names as printed (DOMAIN.md §4), for grids whose column
# geometry was lost (PDF text layers): a row is told apart by these names.
LEVEL1_NAMES = frozenset(
    fold(name)
    for name in (
        "产出指标",
        "效益指标",
        "满意度指标",
        "成本指标",
        "预期产出指标",
        "效果指标",
        "实施效果指标",
        "投入指标",
        "过程指标",
        "产出",
        "效益",
        "满意度",
        "成本",
        "投入",
        "过程",
    )
)
LEVEL2_NAMES = frozenset(
    fold(name)
    for name in (
        "数量指标",
        "质量指标",
        "时效指标",
        "进度指标",
        "成本指标",
        "经济成本指标",
        "社会成本指标",
        "生态环境成本指标",
        "经济效益指标",
        "社会效益指标",
        "生态效益指标",
        "环境效益指标",
        "可持续影响指标",
        "服务对象满意度指标",
        "满意度指标",
        "社会公众或服务对象满意度指标",
        "服务对象满意度",
        "社会效益",
        "经济效益",
        "生态效益",
        "可持续影响",
        "产出指标",
        "效益指标",
    )
)
