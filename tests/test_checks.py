"""The validation layer (goalextract.checks): each check on small hand-built models,
table-driven (one fixture that triggers it, one that does not), then the Hebei sample."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from conftest import HEBEI, SAMPLES
from goalextract import parse_file
from goalextract.checks import (
    CHECKS,
    RULE_SETS,
    CheckContext,
    apply_checks,
    check,
    merged_findings,
    register,
    resolve_rules,
)
from goalextract.codes import Code, RuleSet, Severity, severity_of
from goalextract.models import (
    Budget,
    DepartmentBudget,
    DepartmentTable,
    Document,
    Horizon,
    Indicator,
    ParseWarning,
    Project,
    Source,
    SpendingPlanEntry,
)
from goalextract.values import parse_target

# -- builders -------------------------------------------------------------------

Row = tuple[str | None, str | None, str | None, str]  # level1, level2, level3, value

# A well-formed table in the Hebei layout: every check passes on it.
GOOD_ROWS: list[Row] = [
    ("产出指标", "数量指标", "综合事务管理费用", "≤100000元"),
    ("产出指标", "质量指标", "事务完成率", "≥80%"),
    ("产出指标", "时效指标", "活动完成率", "≥80%"),
    ("产出指标", "成本指标", "综合事务管理费用", "≤100000元"),
    ("效益指标", "经济效益指标", "提高工作效率", "是/否"),
    ("效益指标", "社会效益指标", "机关车辆对外事务完成率", "正常使用"),
    ("效益指标", "可持续影响指标", "长期使用性", "≥80%"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
]
GOOD_PLAN: list[float | None] = [25.0, 50.0, 75.0, 100.0]
MONTHS = [3, 6, 10, 12]


def indicator(row: Row, horizon: Horizon = "annual") -> Indicator:
    level1, level2, level3, value = row
    return Indicator(
        level1=level1,
        level2=level2,
        level3=level3,
        value=value,
        target=parse_target(value),
        horizon=horizon,
    )


def plan_loc(i: int) -> dict[str, int | str]:
    return {"table": 0, "row": 5, "col": i + 1}


def ind_loc(i: int) -> dict[str, int | str]:
    return {"table": 0, "row": 8 + i, "col": 0}


TOTAL_LOC: dict[str, int | str] = {"table": 0, "row": 2, "col": 2}


def project(
    *,
    index: int = 1,
    budget: Budget | None = None,
    plan: list[float | None] | None = None,
    rows: list[Row] | None = None,
    indicators: list[Indicator] | None = None,
) -> Project:
    """A Project with locations recorded for every field, the way the parser does."""
    plan = GOOD_PLAN if plan is None else plan
    inds = indicators if indicators is not None else [indicator(r) for r in (rows or GOOD_ROWS)]
    built = Project(
        index=index,
        name="综合事务管理",
        money_unit="元",
        budget=budget or Budget(total=100000.0, fiscal=100000.0, other=0.0),
        spending_plan=[
            SpendingPlanEntry(label=f"{m}月底", month=m, percent=p)
            for m, p in zip(MONTHS, plan, strict=False)
        ],
        indicators=inds,
        location={"line": 30, "table": 0},
    )
    locations = {"budget.total": TOTAL_LOC}
    locations |= {f"spending_plan[{i}]": plan_loc(i) for i in range(len(plan))}
    locations |= {f"indicators[{i}]": ind_loc(i) for i in range(len(inds))}
    built.set_locations(locations)
    return built


def department(
    budget: DepartmentBudget, rows: list[Row] | None = None, index: int = 1
) -> DepartmentTable:
    inds = [indicator(r) for r in (rows or GOOD_ROWS)]
    table = DepartmentTable(index=index, budget=budget, indicators=inds, location={"table": 9})
    table.set_locations(
        {"budget.total": TOTAL_LOC} | {f"indicators[{i}]": ind_loc(i) for i in range(len(inds))}
    )
    return table


def document(
    *projects: Project,
    departments: list[DepartmentTable] | None = None,
    warnings: list[ParseWarning] | None = None,
) -> Document:
    return Document(
        source=Source(path="t.txt", format="txt", sha256="0" * 64),
        projects=list(projects),
        department_tables=departments or [],
        warnings=warnings or [],
    )


def replace(row_index: int, row: Row) -> list[Row]:
    """GOOD_ROWS with one row replaced."""
    rows = list(GOOD_ROWS)
    rows[row_index] = row
    return rows


def plus(*extra: Row) -> list[Row]:
    """GOOD_ROWS with rows appended (their locations are ind_loc(8), ind_loc(9), …)."""
    return [*GOOD_ROWS, *extra]


def with_rows(*extra: Row) -> Callable[[], Document]:
    """A builder of a one-project document: GOOD_ROWS plus ``extra``."""
    return lambda: document(project(rows=plus(*extra)))


def found(doc: Document, code: str, rules: str = "2024") -> list[tuple[int | None, object]]:
    """(project, location) of the findings with ``code``."""
    return [(w.project, w.location) for w in check(doc, rules=rules) if w.code == code]


# -- the baseline ----------------------------------------------------------------


def test_good_document_has_no_findings() -> None:
    doc = document(
        project(),
        departments=[
            department(DepartmentBudget(total=1000000.0, basic=600000.0, project=400000.0))
        ],
    )
    assert check(doc) == []


# -- each check: (case id, document, code, expected [(project, location)]) --------

N = len(GOOD_ROWS)  # index of the first appended row
Expected = Sequence[tuple[int | None, object]]
Case = tuple[str, Callable[[], Document], str, Expected]

CASES: list[Case] = [
    # budget_sum_mismatch ---------------------------------------------------------
    (
        "budget fiscal short of total",
        lambda: document(project(budget=Budget(total=100000.0, fiscal=80000.0, other=0.0))),
        "budget_sum_mismatch",
        [(1, TOTAL_LOC)],
    ),
    (
        "budget carryover counted and still short",
        lambda: document(
            project(budget=Budget(total=100.0, fiscal=50.0, other=0.0, carryover=40.0))
        ),
        "budget_sum_mismatch",
        [(1, TOTAL_LOC)],
    ),
    (
        "budget off by 0.02",
        lambda: document(project(budget=Budget(total=100.02, fiscal=100.0, other=0.0))),
        "budget_sum_mismatch",
        [(1, TOTAL_LOC)],
    ),
    (
        "budget carryover makes it add up, other blank",
        lambda: document(project(budget=Budget(total=100.0, fiscal=60.0, carryover=40.0))),
        "budget_sum_mismatch",
        [],
    ),
    (
        "budget within 0.01 tolerance",
        lambda: document(project(budget=Budget(total=100000.0, fiscal=99999.99, other=0.0))),
        "budget_sum_mismatch",
        [],
    ),
    (
        "budget float noise 0.1 + 0.2",
        lambda: document(project(budget=Budget(total=0.3, fiscal=0.1, other=0.2))),
        "budget_sum_mismatch",
        [],
    ),
    (
        "budget without fiscal is not checked",
        lambda: document(project(budget=Budget(total=100.0, other=10.0))),
        "budget_sum_mismatch",
        [],
    ),
    (
        "budget without total is not checked",
        lambda: document(project(budget=Budget(fiscal=100.0, other=10.0))),
        "budget_sum_mismatch",
        [],
    ),
    (
        "department basic + project short of total",
        lambda: document(
            departments=[
                department(DepartmentBudget(total=1000000.0, basic=600000.0, project=300000.0))
            ]
        ),
        "budget_sum_mismatch",
        [(None, TOTAL_LOC)],
    ),
    (
        "department adds up",
        lambda: document(
            departments=[
                department(DepartmentBudget(total=1000000.0, basic=600000.0, project=400000.0))
            ]
        ),
        "budget_sum_mismatch",
        [],
    ),
    # spending_plan_decreasing ----------------------------------------------------
    (
        "plan falls",
        lambda: document(project(plan=[25.0, 60.0, 50.0, 100.0])),
        "spending_plan_decreasing",
        [(1, plan_loc(2))],
    ),
    (
        "plan falls across a blank",
        lambda: document(project(plan=[60.0, None, 50.0, 100.0])),
        "spending_plan_decreasing",
        [(1, plan_loc(2))],
    ),
    (
        "plan flat then up",
        lambda: document(project(plan=[50.0, 50.0, 100.0, 100.0])),
        "spending_plan_decreasing",
        [],
    ),
    # spending_plan_over_100 ------------------------------------------------------
    (
        "plan above 100",
        lambda: document(project(plan=[25.0, 50.0, 120.0, 100.0])),
        "spending_plan_over_100",
        [(1, plan_loc(2))],
    ),
    ("plan at 100", lambda: document(project()), "spending_plan_over_100", []),
    # spending_plan_not_100 -------------------------------------------------------
    (
        "plan ends at 90",
        lambda: document(project(plan=[25.0, 50.0, 75.0, 90.0])),
        "spending_plan_not_100",
        [(1, plan_loc(3))],
    ),
    (
        "plan's last filled period below 100",
        lambda: document(project(plan=[25.0, 50.0, 75.0, None])),
        "spending_plan_not_100",
        [(1, plan_loc(2))],
    ),
    (
        "plan reaches 100 before a blank last period",
        lambda: document(project(plan=[25.0, 50.0, 100.0, None])),
        "spending_plan_not_100",
        [],
    ),
    (
        "plan ending above 100 is over_100's finding only",
        lambda: document(project(plan=[25.0, 50.0, 75.0, 120.0])),
        "spending_plan_not_100",
        [],
    ),
    ("no plan at all", lambda: document(project(plan=[])), "spending_plan_not_100", []),
    # spending_plan_missing_value -------------------------------------------------
    (
        "plan blank first period (Hebei project 2)",
        lambda: document(project(plan=[None, 62.0, 92.0, 100.0])),
        "spending_plan_missing_value",
        [(1, plan_loc(0))],
    ),
    (
        "plan two blanks",
        lambda: document(project(plan=[25.0, None, None, 100.0])),
        "spending_plan_missing_value",
        [(1, plan_loc(1)), (1, plan_loc(2))],
    ),
    (
        "plan blank already reported as unreadable_percent",
        lambda: document(
            project(plan=[None, 50.0, 75.0, 100.0]),
            warnings=[
                ParseWarning(
                    code="unreadable_percent", message="m", project=1, location=plan_loc(0)
                )
            ],
        ),
        "spending_plan_missing_value",
        [],
    ),
    ("plan complete", lambda: document(project()), "spending_plan_missing_value", []),
    # cost_exceeds_budget ---------------------------------------------------------
    (
        "cost level2 under 产出 above the budget",
        lambda: document(project(rows=replace(3, ("产出指标", "成本指标", "费用", "≤120000元")))),
        "cost_exceeds_budget",
        [(1, ind_loc(3))],
    ),
    (
        "cost level1 in 万元 above the budget",
        with_rows(("成本指标", "经济成本指标", "费用", "≤12万元")),
        "cost_exceeds_budget",
        [(1, ind_loc(N))],
    ),
    (
        "数量指标 money with = above the budget",
        lambda: document(project(rows=replace(0, ("产出指标", "数量指标", "费用", "150000元")))),
        "cost_exceeds_budget",
        [(1, ind_loc(0))],
    ),
    (
        "cost with < above the budget",
        with_rows(("成本指标", "经济成本指标", "费用", "<100000.5元")),
        "cost_exceeds_budget",
        [(1, ind_loc(N))],
    ),
    (
        "cost 10万元 equals the budget",
        with_rows(("成本指标", "经济成本指标", "费用", "≤10万元")),
        "cost_exceeds_budget",
        [],
    ),
    (
        "cost floor (>=) is not an upper bound",
        with_rows(("成本指标", "经济成本指标", "费用", "≥120000元")),
        "cost_exceeds_budget",
        [],
    ),
    (
        "unit price 元/人 is not an amount",
        with_rows(("成本指标", "经济成本指标", "单价", "≤500000元/人")),
        "cost_exceeds_budget",
        [],
    ),
    (
        "money under 质量指标 is not a cost row",
        with_rows(("产出指标", "质量指标", "赔付", "≤120000元")),
        "cost_exceeds_budget",
        [],
    ),
    (
        "no budget total",
        lambda: document(
            project(
                budget=Budget(fiscal=100.0),
                rows=plus(("成本指标", "经济成本指标", "费用", "≤120000元")),
            )
        ),
        "cost_exceeds_budget",
        [],
    ),
    (
        "long-term cost is not compared with one year's money",
        lambda: document(
            project(
                indicators=[
                    *[indicator(r) for r in GOOD_ROWS],
                    indicator(("成本指标", "经济成本指标", "费用", "≤300000元"), "long_term"),
                ]
            )
        ),
        "cost_exceeds_budget",
        [],
    ),
    (
        "long-term cost above the multi-year project_total",
        lambda: document(
            project(
                budget=Budget(total=100000.0, fiscal=100000.0, project_total=200000.0),
                indicators=[
                    *[indicator(r) for r in GOOD_ROWS],
                    indicator(("成本指标", "经济成本指标", "费用", "≤300000元"), "long_term"),
                ],
            )
        ),
        "cost_exceeds_budget",
        [(1, ind_loc(N))],
    ),
    (
        "department cost above the department total",
        lambda: document(
            departments=[
                department(
                    DepartmentBudget(total=1000000.0, basic=600000.0, project=400000.0),
                    plus(("成本指标", "经济成本指标", "公用经费", "≤2000000元")),
                )
            ]
        ),
        "cost_exceeds_budget",
        [(None, ind_loc(N))],
    ),
    # missing_indicator_category --------------------------------------------------
    (
        "no 满意度 row",
        lambda: document(project(rows=GOOD_ROWS[:-1])),
        "missing_indicator_category",
        [(1, ind_loc(0))],
    ),
    (
        # A goals-only list gives projects without indicators by design.
        "no indicators at all: nothing to judge",
        lambda: document(project(rows=[], indicators=[])),
        "missing_indicator_category",
        [],
    ),
    (
        "long spellings of the three categories",
        lambda: document(
            project(
                rows=[
                    ("产出(工作量)指标(数量、质量、成本方面的指标)", "数量指标", "a", "1个"),
                    (
                        "效益指标（经济效益、社会效益、环境效益、可持续影响等方面指标）",
                        None,
                        "b",
                        "提升",
                    ),
                    ("服务对象满意度指标", None, "c", "≥90%"),
                ]
            )
        ),
        "missing_indicator_category",
        [],
    ),
    (
        "预期产出 / 效果 / spaced 满 意 度",
        lambda: document(
            project(
                rows=[
                    ("预期产出指标", "数量指标", "a", "1个"),
                    ("效果指标", None, "b", "提升"),
                    ("满 意 度 指 标", None, "c", "≥90%"),
                ]
            )
        ),
        "missing_indicator_category",
        [],
    ),
    (
        "a grid without any level 1 is not judged",
        lambda: document(project(rows=[(None, None, "在校生人数", "≥5000人")])),
        "missing_indicator_category",
        [],
    ),
    # category_mismatch -----------------------------------------------------------
    (
        "数量指标 under 效益",
        lambda: document(project(rows=replace(4, ("效益指标", "数量指标", "x", "1个")))),
        "category_mismatch",
        [(1, ind_loc(4))],
    ),
    (
        "社会效益 under 产出",
        lambda: document(project(rows=replace(1, ("产出指标", "社会效益指标", "x", "提升")))),
        "category_mismatch",
        [(1, ind_loc(1))],
    ),
    (
        "经济成本 under 产出",
        with_rows(("产出指标", "经济成本指标", "x", "合理")),
        "category_mismatch",
        [(1, ind_loc(N))],
    ),
    (
        "满意度 child under 效益",
        with_rows(("效益指标", "服务对象满意度", "x", "≥90%")),
        "category_mismatch",
        [(1, ind_loc(N))],
    ),
    (
        "成本指标 (old-scheme level 2) under 效益",
        with_rows(("效益指标", "成本指标", "x", "合理")),
        "category_mismatch",
        [(1, ind_loc(N))],
    ),
    (
        "one wrong merged pair over two rows: one finding",
        lambda: document(
            project(
                rows=plus(
                    ("效益指标", "质量指标", "x", "≥1个"), ("效益指标", "质量指标", "y", "≥2个")
                )
            )
        ),
        "category_mismatch",
        [(1, ind_loc(N))],
    ),
    (
        "成本指标 level 1 with 经济/生态环境成本 children",
        lambda: document(
            project(
                rows=plus(
                    ("成本指标", "经济成本指标", "x", "合理"),
                    ("成本指标", "生态环境⏎成本指标".replace("⏎", "\n"), "y", "可控"),
                )
            )
        ),
        "category_mismatch",
        [],
    ),
    (
        "names without 指标, full-width brackets, unknown names",
        lambda: document(
            project(
                rows=[
                    ("产出指标（40分）", "数量", "a", "1个"),
                    ("效 益 指 标", "社会效益", "b", "提升"),
                    ("满意度指标", "社会公众或服务对象满意度指标", "c", "≥90%"),
                    ("产出指标", "自定义指标", "d", "1个"),
                    ("投入指标", "数量指标", "e", "1个"),
                    ("实施效果指标", "产出指标", "f", "1个"),
                ]
            )
        ),
        "category_mismatch",
        [],
    ),
    # empty_indicator_value -------------------------------------------------------
    (
        "named indicator with blank value",
        lambda: document(project(rows=replace(1, ("产出指标", "质量指标", "完成率", "")))),
        "empty_indicator_value",
        [(1, ind_loc(1))],
    ),
    ("every value filled", lambda: document(project()), "empty_indicator_value", []),
    # unparsed_target -------------------------------------------------------------
    *[
        (
            f"unparsed {value}",
            with_rows(("效益指标", "社会效益指标", "x", value)),
            "unparsed_target",
            [(1, ind_loc(N))],
        )
        for value in ("约90%", "超13万元/年", "2019年12月", "≥上年", "达到90%")
    ],
    *[
        (
            f"parsed or qualitative {value}",
            with_rows(("效益指标", "社会效益指标", "x", value)),
            "unparsed_target",
            [],
        )
        for value in ("正常使用", "提升", "不超预算", "不低于上年", "≥90%", "是/否", "≥**%", "")
    ],
    # duplicate_indicator ---------------------------------------------------------
    (
        "same row twice",
        lambda: document(project(rows=plus(GOOD_ROWS[1]))),
        "duplicate_indicator",
        [(1, ind_loc(N))],
    ),
    (
        "same row twice, spacing differs",
        with_rows(("产出指标", "质量指标", "事务 完成率", "≥ 80%")),
        "duplicate_indicator",
        [(1, ind_loc(N))],
    ),
    (
        "same name and value under 数量 and 成本 (Hebei) is not a duplicate",
        lambda: document(project()),
        "duplicate_indicator",
        [],
    ),
    (
        "same row in another horizon is not a duplicate",
        lambda: document(
            project(
                indicators=[
                    *[indicator(r) for r in GOOD_ROWS],
                    indicator(GOOD_ROWS[1], "long_term"),
                ]
            )
        ),
        "duplicate_indicator",
        [],
    ),
    (
        "same name, another value is not a duplicate",
        with_rows(("产出指标", "质量指标", "事务完成率", "≥90%")),
        "duplicate_indicator",
        [],
    ),
    # template_placeholder --------------------------------------------------------
    *[
        (
            f"placeholder {level3} {value}",
            with_rows(("产出指标", "数量指标", level3, value)),
            "template_placeholder",
            [(1, ind_loc(N))],
        )
        for level3, value in [
            ("具体指标", "1个"),
            ("完成数量", "≥**个"),
            ("完成数量", "＊＊人"),
            ("XX项目完成数", "1个"),
            ("××完成率", "≥90%"),
            ("……", "1个"),
            ("指标1：", "1个"),
            ("指标2", "1个"),
            ("完成率", "#DIV/0!"),
        ]
    ],
    *[
        (
            f"not a placeholder {level3} {value}",
            with_rows(("产出指标", "数量指标", level3, value)),
            "template_placeholder",
            [],
        )
        for level3, value in [
            ("XXL号服装采购数", "1个"),
            ("指标体系建设", "完成"),
            ("档案存储环境达标率（温度14-24℃、湿度45%-60%）", "≥90%"),
            ("★核心指标完成率", "100%"),
        ]
    ],
]


@pytest.mark.parametrize(
    ("build", "code", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_check(build: Callable[[], Document], code: str, expected: Expected) -> None:
    assert found(build(), code) == list(expected)


def test_every_registered_check_has_a_triggering_and_a_clean_case() -> None:
    triggering = {code for _id, _build, code, expected in CASES if expected}
    clean = {code for _id, _build, code, expected in CASES if not expected}
    registered = {code for code, _fn in CHECKS}
    assert registered <= triggering
    assert registered <= clean


# -- messages ----------------------------------------------------------------------


def test_budget_message_names_the_numbers() -> None:
    doc = document(
        project(budget=Budget(total=100000.0, fiscal=80000.0, other=0.0, carryover=5000.0))
    )
    (finding,) = check(doc)
    assert finding.message == (
        "budget: 预算数 100000.00 ≠ 财政资金 80000.00 + 其他资金 0.00 + 上年结转 5000.00 "
        "(difference 15000.00 元)"
    )


def test_department_message_names_the_table() -> None:
    doc = document(
        departments=[
            department(DepartmentBudget(total=1000000.0, basic=600000.0, project=None), index=2)
        ]
    )
    (finding,) = check(doc)
    assert finding.message == (
        "department table 2: budget: 资金总额 1000000.00 ≠ 基本支出 600000.00 + 项目支出 (blank) "
        "(difference 400000.00 元)"
    )


def test_cost_message_converts_wan_yuan() -> None:
    doc = document(project(rows=plus(("成本指标", "经济成本指标", "费用", "≤12万元"))))
    (finding,) = check(doc)
    assert finding.message == (
        "indicator 成本指标 / 经济成本指标 / 费用: 指标值 '≤12万元' (120000.00 元) "
        "exceeds 预算数 100000.00 元 (by 20000.00 元)"
    )


def test_spending_plan_messages() -> None:
    doc = document(project(plan=[25.0, 60.0, 50.0, None]))
    assert [(w.code, w.message) for w in check(doc)] == [
        (
            "spending_plan_decreasing",
            "spending plan: 10月底 50.00% < 6月底 60.00% (cumulative percentages cannot fall)",
        ),
        (
            "spending_plan_not_100",
            "spending plan: the last filled period 10月底 is 50.00%, not 100%",
        ),
        ("spending_plan_missing_value", "spending plan: 12月底 is blank"),
    ]


# -- rule sets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("2024", "standard"),
        ("standard", "standard"),
        ("2021", "cost"),
        ("cost", "cost"),
        (" COST ", "cost"),
    ],
)
def test_rule_set_names(name: str, canonical: str) -> None:
    assert resolve_rules(name) == canonical
    assert CheckContext(rules=name).rules == canonical
    assert CheckContext(rules=name).required_level1 == RULE_SETS[RuleSet(canonical)]


def test_unknown_rule_set_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown rule set '2019'.*standard.*cost.*2021"):
        check(document(project()), rules="2019")
    with pytest.raises(ValueError, match="unknown rule set"):
        apply_checks(document(project()), rules="")
    with pytest.raises(ValueError, match="unknown rule set"):
        CheckContext(rules="strict")


def test_cost_rules_require_cost_as_level1() -> None:
    old_scheme = document(project())  # 成本指标 only as a level 2 under 产出
    assert found(old_scheme, "missing_indicator_category", rules="2024") == []
    assert found(old_scheme, "missing_indicator_category", rules="2021") == [(1, ind_loc(0))]
    (finding,) = check(old_scheme, rules="cost")
    assert "成本指标 (only as a 二级指标)" in finding.message
    new_scheme = document(project(rows=plus(("成本指标", "经济成本指标", "费用", "≤100000元"))))
    assert found(new_scheme, "missing_indicator_category", rules="2021") == []


# -- the registry (codes and severities: tests/test_codes.py) ---------------------


def test_register_refuses_unknown_and_duplicate_codes() -> None:
    before = list(CHECKS)
    with pytest.raises(ValueError, match="'no_such_code' has no entry in CODES"):
        register("no_such_code")(lambda document, ctx: [])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'unmapped_cell' has no entry in CODES"):
        register(Code.UNMAPPED_CELL)(lambda document, ctx: [])  # the parser's, not a check's
    with pytest.raises(ValueError, match="'budget_sum_mismatch' is registered twice"):
        register(Code.BUDGET_SUM_MISMATCH)(lambda document, ctx: [])
    assert before == CHECKS


# -- check / apply_checks ------------------------------------------------------------


def test_check_does_not_mutate() -> None:
    doc = document(project(index=1, plan=[None, 50.0, 75.0, 100.0]), project(index=2))
    before = doc.model_dump()
    assert check(doc)
    assert doc.model_dump() == before


def test_findings_are_ordered_by_project() -> None:
    doc = document(
        project(index=1, plan=[25.0, 50.0, 75.0, 90.0]),
        project(index=2, budget=Budget(total=200000.0, fiscal=100000.0)),
        departments=[department(DepartmentBudget(total=200000.0, basic=1.0))],
    )
    assert [(w.code, w.project) for w in check(doc)] == [
        ("budget_sum_mismatch", None),
        ("spending_plan_not_100", 1),
        ("budget_sum_mismatch", 2),
    ]


def test_apply_checks_appends_and_deduplicates() -> None:
    parser_warning = ParseWarning(code="unmapped_cell", message="cell 'x'", location={"row": 1})
    doc = document(project(plan=[None, 50.0, 75.0, 100.0]), warnings=[parser_warning])
    (finding,) = check(doc)
    # The same finding already present (a second run) is not added twice.
    doc_twice = doc.model_copy(update={"warnings": [parser_warning, finding]})
    for source in (doc, doc_twice, apply_checks(doc)):
        result = apply_checks(source)
        assert result.warnings == [parser_warning, finding]
    # A copy: the input keeps its own warnings and models, locations survive.
    result = apply_checks(doc)
    assert doc.warnings == [parser_warning]
    assert result.projects[0] is not doc.projects[0]
    assert result.projects[0].location_of("budget.total") == TOTAL_LOC


def test_merged_findings_are_apply_checks_warnings_without_a_copy() -> None:
    parser_warning = ParseWarning(code="unmapped_cell", message="cell 'x'", location={"row": 1})
    doc = document(project(plan=[None, 50.0, 75.0, 100.0]), warnings=[parser_warning])
    merged = merged_findings(doc)
    assert merged == apply_checks(doc).warnings
    assert doc.warnings == [parser_warning]  # the document is left as it was
    assert merged[0] is parser_warning


def test_the_pipeline_sets_the_findings_on_the_document_it_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """parse_file does not deep-copy its new document to add the findings (a copy
    cost an eighth of a small parse); the findings are there all the same."""

    def no_copy(self: Document, *args: object, **kwargs: object) -> Document:
        raise AssertionError("the pipeline copied its document")

    monkeypatch.setattr(Document, "model_copy", no_copy)
    doc = parse_file(SAMPLES / f"{HEBEI}.txt")
    assert [(w.code, w.project) for w in doc.warnings] == [("spending_plan_missing_value", 2)]
    assert doc.projects[1].needs_review


def test_apply_checks_keeps_distinct_findings_with_the_same_code() -> None:
    doc = document(project(index=1, plan=[None, None, 75.0, 100.0]), project(index=2, plan=[None]))
    codes = [(w.code, w.project, w.location) for w in apply_checks(doc).warnings]
    assert codes == [
        ("spending_plan_missing_value", 1, plan_loc(0)),
        ("spending_plan_missing_value", 1, plan_loc(1)),
        ("spending_plan_missing_value", 2, plan_loc(0)),
    ]


# -- the Hebei sample ----------------------------------------------------------------


def test_hebei_sample_findings() -> None:
    doc = parse_file(SAMPLES / f"{HEBEI}.txt")
    findings = check(doc)
    # The one real fault: project 2 (车辆保险费) leaves 3月底 blank. Everything else
    # holds: amounts add up, plans climb to 100, the 成本指标 rows equal the budget,
    # 数量/成本 repeat the money under different level 2s (not duplicates), and the
    # 节约陈本 typo is data, not a finding.
    assert [(w.code, w.project) for w in findings] == [("spending_plan_missing_value", 2)]
    (finding,) = findings
    assert finding.message == "spending plan: 3月底 is blank"
    assert finding.location == doc.projects[1].location_of("spending_plan[0]")
    assert finding.location is not None and finding.location["table"] == 1
    assert severity_of(finding.code) == Severity.WARNING
    assert apply_checks(doc).warnings == findings


def test_hebei_sample_under_the_cost_rules() -> None:
    doc = parse_file(SAMPLES / f"{HEBEI}.txt")
    assert [(w.code, w.project) for w in check(doc, rules="2021")] == [
        ("missing_indicator_category", 1),
        ("spending_plan_missing_value", 2),  # registry order within a project
        ("missing_indicator_category", 2),
        ("missing_indicator_category", 3),
        ("missing_indicator_category", 4),
        ("missing_indicator_category", 5),
    ]
