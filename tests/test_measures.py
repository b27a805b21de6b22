"""Table-driven tests of a target's normalised reading (measures.py)."""

from __future__ import annotations

import pytest

from goalextract.values import parse_target

# printed value → (kind, operator, value, upper, unit)
QUANTITIES = [
    ("250万", ("money", "=", 2500000.0, None, "元")),
    ("≥6万元", ("money", ">=", 60000.0, None, "元")),
    ("≤500万元", ("money", "<=", 5000000.0, None, "元")),
    ("1.1万元", ("money", "=", 11000.0, None, "元")),
    ("3亿元", ("money", "=", 300000000.0, None, "元")),
    ("2亿", ("money", "=", 200000000.0, None, "元")),
    ("20千元", ("money", "=", 20000.0, None, "元")),
    ("1.5百万元", ("money", "=", 1500000.0, None, "元")),
    ("≤100000元", ("money", "<=", 100000.0, None, "元")),
    ("1,200.50元", ("money", "=", 1200.5, None, "元")),
    ("500元/人·月", ("money", "=", 500.0, None, "元/人·月")),
    ("0.8万元/平方米", ("money", "=", 8000.0, None, "元/平方米")),
    ("10-20万元", ("money", "range", 100000.0, 200000.0, "元")),
    ("≥80%", ("percent", ">=", 80.0, None, "%")),
    ("=100.00(%)", ("percent", "=", 100.0, None, "%")),
    ("80%-90%", ("percent", "range", 80.0, 90.0, "%")),
    ("95%以上", ("percent", ">=", 95.0, None, "%")),
    ("5%以内", ("percent", "<=", 5.0, None, "%")),
    ("5‰", ("percent", "=", 0.5, None, "%")),
    ("≥90百分比", ("percent", ">=", 90.0, None, "%")),
    ("1,200人次", ("count", "=", 1200.0, None, "人次")),
    ("5万人次", ("count", "=", 50000.0, None, "人次")),
    ("≦3个", ("count", "<=", 3.0, None, "个")),
    ("不少于12次", ("count", ">=", 12.0, None, "次")),
    ("2万份", ("count", "=", 20000.0, None, "份")),
    ("100余次", ("count", ">=", 100.0, None, "次")),
    ("3个。", ("count", "=", 3.0, None, "个")),
    ("3万吨", ("quantity", "=", 30000.0, None, "吨")),
    ("2亿美元", ("quantity", "=", 200000000.0, None, "美元")),
    ("1.5月", ("duration", "=", 1.5, None, "月")),
    ("≤3个工作日", ("duration", "<=", 3.0, None, "工作日")),
    ("<5天", ("duration", "<", 5.0, None, "天")),
    ("30日", ("duration", "=", 30.0, None, "天")),
    ("6个月", ("duration", "=", 6.0, None, "月")),
    ("3年", ("duration", "=", 3.0, None, "年")),
    ("24小时", ("duration", "=", 24.0, None, "小时")),
    ("≤30分钟", ("duration", "<=", 30.0, None, "分钟")),
    ("985米", ("quantity", "=", 985.0, None, "米")),
    ("不低于90分", ("quantity", ">=", 90.0, None, "分")),
    ("10次/年", ("quantity", "=", 10.0, None, "次/年")),
    ("13969.56标箱", ("quantity", "=", 13969.56, None, "标箱")),
    ("2", ("number", "=", 2.0, None, None)),
]


@pytest.mark.parametrize(("printed", "expected"), QUANTITIES)
def test_quantities_are_normalised(
    printed: str, expected: tuple[str, str | None, float | None, float | None, str | None]
) -> None:
    reading = parse_target(printed).normalized
    assert (reading.kind, reading.operator, reading.value, reading.upper, reading.unit) == expected
    assert reading.start is None
    assert reading.end is None


# printed value → (kind, operator, start, end)
DATES = [
    ("2024年12月底前", ("date", "<=", "2024-12-31", "2024-12-31")),
    ("2024年12月", ("date", None, "2024-12", "2024-12")),
    ("2024年6月30日", ("date", None, "2024-06-30", "2024-06-30")),
    ("2024年2月末", ("date", None, "2024-02-29", "2024-02-29")),
    ("2024.6.30前", ("date", "<=", "2024-06-30", "2024-06-30")),
    ("2024-06", ("date", None, "2024-06", "2024-06")),
    ("2024/6/1", ("date", None, "2024-06-01", "2024-06-01")),
    ("2024年底前", ("date", "<=", "2024-12-31", "2024-12-31")),
    ("2024年", ("date", None, "2024", "2024")),
    ("2025年度", ("date", None, "2025", "2025")),
    ("12月底前", ("date", "<=", "--12-31", "--12-31")),
    ("2月底", ("date", None, "--02-28", "--02-28")),
    ("2月29日", ("date", None, "--02-29", "--02-29")),
    ("5月31日前", ("date", "<=", "--05-31", "--05-31")),
    ("6月前", ("date", "<=", "--06", "--06")),
    ("2022年11月30日前完成", ("date", "<=", "2022-11-30", "2022-11-30")),
    ("≤2026年12月", ("date", "<=", "2026-12", "2026-12")),
    ("≤2026/11/15", ("date", "<=", "2026-11-15", "2026-11-15")),
    ("2026年1-12月", ("period", None, "2026-01", "2026-12")),
    ("2022年1月--12月", ("period", None, "2022-01", "2022-12")),
    ("2019年12月(计划标准)", ("date", None, "2019-12", "2019-12")),
    ("2023.07-2024.01", ("period", None, "2023-07", "2024-01")),
    ("2024年1月-12月", ("period", None, "2024-01", "2024-12")),
    ("2024年3月至2024年11月", ("period", None, "2024-03", "2024-11")),
    ("2024年1月1日-2024年12月31日", ("period", None, "2024-01-01", "2024-12-31")),
    ("2024-2026年", ("period", None, "2024", "2026")),
    ("2024.01-12月底", ("period", None, "2024-01", "2024-12-31")),
]


@pytest.mark.parametrize(("printed", "expected"), DATES)
def test_dates_and_periods_are_not_numbers(
    printed: str, expected: tuple[str, str | None, str | None, str | None]
) -> None:
    reading = parse_target(printed).normalized
    assert (reading.kind, reading.operator, reading.start, reading.end) == expected
    assert reading.value is None
    assert reading.unit is None


@pytest.mark.parametrize(
    ("printed", "kind"),
    [
        ("是", "boolean"),
        ("是/否", "boolean"),
        ("", "empty"),
        ("正常使用", "text"),
        ("≥**%", "text"),
        ("2024年13月", "text"),  # no such month
        ("2024年2月30日", "text"),  # no such day
        ("2024.07-2023.01", "number"),  # ends before it starts: not a period
        ("13月", "duration"),  # no such month: 13 months
        ("＝12月", "duration"),  # 12 months (项目期限) as often as December (完成时间)
        ("≤2024年1月-12月", "text"),  # a sign before a period means nothing
    ],
)
def test_what_is_not_a_quantity_or_date(printed: str, kind: str) -> None:
    reading = parse_target(printed).normalized
    assert reading.kind == kind
    assert reading.start is None


@pytest.mark.parametrize("printed", ["250万", "2023.07-2024.01", "2024年12月底前", "≥80%"])
def test_the_printed_reading_is_unchanged(printed: str) -> None:
    # The contract's fields stay what they were: only `normalized` is new.
    target = parse_target(printed)
    before = target.model_dump(exclude={"normalized"})
    assert parse_target(printed).model_dump(exclude={"normalized"}) == before
    assert set(target.model_dump()) == {"kind", "operator", "number", "upper", "unit", "normalized"}
