"""Table-driven tests of the value grammar (DOMAIN.md §5) and amount/percent/month parsing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from goalextract.values import (
    find_year,
    parse_amount,
    parse_month,
    parse_percent,
    parse_target,
    to_yuan,
)

# printed value → (kind, operator, number, upper, unit)
TARGETS = [
    ("≥80%", ("numeric", ">=", 80.0, None, "%")),
    ("≥90.00(%)", ("numeric", ">=", 90.0, None, "%")),
    ("≤100000元", ("numeric", "<=", 100000.0, None, "元")),
    ("=100.00(%)", ("numeric", "=", 100.0, None, "%")),
    (">92%", ("numeric", ">", 92.0, None, "%")),
    ("<5天", ("numeric", "<", 5.0, None, "天")),
    ("＞＝95%", ("numeric", ">=", 95.0, None, "%")),
    ("≧95%", ("numeric", ">=", 95.0, None, "%")),
    ("≦3个", ("numeric", "<=", 3.0, None, "个")),
    (">=98%", ("numeric", ">=", 98.0, None, "%")),
    ("<=10万元", ("numeric", "<=", 10.0, None, "万元")),
    ("不低于90分", ("numeric", ">=", 90.0, None, "分")),
    ("不少于12次", ("numeric", ">=", 12.0, None, "次")),
    ("不高于5%", ("numeric", "<=", 5.0, None, "%")),
    ("不超过200万元", ("numeric", "<=", 200.0, None, "万元")),
    ("985米", ("numeric", "=", 985.0, None, "米")),
    ("13969.56标箱", ("numeric", "=", 13969.56, None, "标箱")),
    ("2", ("numeric", "=", 2.0, None, None)),
    ("1,200人次", ("numeric", "=", 1200.0, None, "人次")),
    ("≥ 90 %", ("numeric", ">=", 90.0, None, "%")),
    ("80%-90%", ("numeric", "range", 80.0, 90.0, "%")),
    ("80-90%", ("numeric", "range", 80.0, 90.0, "%")),
    ("100%(历史标准)", ("numeric", "=", 100.0, None, "%")),
    ("100%（1.0）", ("numeric", "=", 100.0, None, "%")),
    ("500元/人·月", ("numeric", "=", 500.0, None, "元/人·月")),
    ("是/否", ("boolean", None, None, None, None)),
    ("是", ("boolean", None, None, None, None)),
    ("否", ("boolean", None, None, None, None)),
    ("正常使用", ("text", None, None, None, None)),
    ("提升", ("text", None, None, None, None)),
    ("合理", ("text", None, None, None, None)),
    ("2019年12月(计划标准)", ("text", None, None, None, None)),
    ("超13万元/年", ("text", None, None, None, None)),
    ("≥**%", ("text", None, None, None, None)),
    ("**人", ("text", None, None, None, None)),
    ("XX", ("text", None, None, None, None)),
    ("", ("empty", None, None, None, None)),
    ("   ", ("empty", None, None, None, None)),
]


@pytest.mark.parametrize(("printed", "expected"), TARGETS, ids=[t[0] or "blank" for t in TARGETS])
def test_parse_target(printed: str, expected: tuple[object, ...]) -> None:
    target = parse_target(printed)
    assert (target.kind, target.operator, target.number, target.upper, target.unit) == expected


AMOUNTS = [
    ("771,325,800.00", Decimal("771325800.00"), None),
    ("100000.00", Decimal("100000.00"), None),
    ("0", Decimal("0"), None),
    ("0.00", Decimal("0.00"), None),
    ("968.191 8", Decimal("968.1918"), None),
    ("6923.3552万元", Decimal("6923.3552"), "万元"),
    ("8000元", Decimal("8000"), "元"),
    ("", None, None),
    ("无", None, None),
]


@pytest.mark.parametrize(("printed", "amount", "unit"), AMOUNTS)
def test_parse_amount(printed: str, amount: Decimal | None, unit: str | None) -> None:
    assert parse_amount(printed) == (amount, unit)


def test_wan_yuan_conversion_is_exact() -> None:
    amount, unit = parse_amount("6923.3552万元")
    assert amount is not None
    assert to_yuan(amount, unit) == 69233552.0
    assert to_yuan(Decimal("0.0001"), "万元") == 1.0


@pytest.mark.parametrize(
    ("printed", "percent"),
    [("10.00%", 10.0), ("100%", 100.0), ("62", 62.0), ("", None), ("约一半", None)],
)
def test_parse_percent(printed: str, percent: float | None) -> None:
    assert parse_percent(printed) == percent


@pytest.mark.parametrize(
    ("label", "month"),
    [
        ("3月底", 3),
        ("10月底", 10),
        ("12月底", 12),
        ("第一季度", 3),
        ("第四季度", 12),
        ("全年", None),
    ],
)
def test_parse_month(label: str, month: int | None) -> None:
    assert parse_month(label) == month


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("（2026年度）", 2026),
        ("（  2026  年度）", 2026),
        ("（2026）年度", 2026),
        ("2020年度)", 2020),
        ("2026年预算项目支出绩效目标表", 2026),
        ("综合事务管理绩效目标表", None),
    ],
)
def test_find_year(text: str, year: int | None) -> None:
    assert find_year(text) == year


def test_a_number_past_float_range_is_text_not_infinity() -> None:
    # json.dumps writes inf as "Infinity", which no JSON reader takes.
    assert parse_target("≥" + "9" * 400 + "%").kind == "text"
    assert parse_target("1-" + "9" * 400).kind == "text"
    assert parse_amount("9" * 400) == (None, None)
    # Scaled by 亿 in the normalised reading, 300 digits would overflow there.
    assert parse_target("9" * 300 + "亿元").kind == "text"
