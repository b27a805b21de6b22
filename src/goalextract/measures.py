"""A target's normalised reading: what it measures, in one unit per kind.

``Target`` keeps the number and unit as printed (``250万`` → 250 ``万``); a
:class:`~goalextract.models.Measure` says what that is so that values can be
summed and compared across documents (``money`` 2500000 ``元``). Grammar::

    date      := [sign] year "年" [month "月" [day "日" | "底" | "末"]] [deadline]
               | [sign] year ("." | "-" | "/") month [("." | "-" | "/") day] [deadline]
               | [sign] month "月" (day "日" | "底" | "末" | deadline)   (no year: --MM, --MM-DD;
                                                  12月 alone is a duration)
    sign      := ≤ < ≥ > 不晚于 不早于                          (the operator)
    deadline  := ("前" | "之前" | "以前" | "底前" | "末前") [完成 | 完工 | 办结]  (operator <=)
    period    := date separator date                      (the second may omit the year)
               | year separator year "年"  |  year "年" month separator month "月"
    separator := - -- ~ 至 到 — —— –
    quantity  := the target's number and unit, the unit read as
                 money (元 万元 万 亿元 亿 千元 百万元 千万元, or one of them "/" a thing),
                 percent (% ‰ 百分比), duration (天 日 工作日 周 个月 月 年 小时 分钟 秒),
                 count (个 人 次 …), else quantity; 万 or 亿 in front of a unit that
                 is not money multiplies (5万人次 → 50000 人次, 3万吨 → 30000 吨)
    suffix    := 以上 | 及以上 (>=) · 以下 | 及以下 | 以内 (<=) after the unit;
                 余 before it (100余次) is >=; trailing punctuation (个。) is dropped

Dates are read from the printed value because the target grammar sees
``2023.07-2024.01`` as a numeric range and ``2024年12月底前`` as text. The
printed value and the target stay as they are.
"""

from __future__ import annotations

import calendar
import re
from decimal import Decimal

from goalextract.models import Measure, MeasureKind, Operator, Target
from goalextract.text import fold

# Money unit → factor to 元. "万" and "亿" alone are money: a target printed as
# 250万 in a 成本指标 row is 250万元 (counts say what they count: 万人).
_MONEY: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "万": Decimal(10000),
    "十万元": Decimal(100000),
    "百万元": Decimal(1000000),
    "千万元": Decimal(10000000),
    "亿元": Decimal(100000000),
    "亿": Decimal(100000000),
}
# Percent units → factor to percent.
_PERCENT: dict[str, Decimal] = {"%": Decimal(1), "百分比": Decimal(1), "‰": Decimal("0.1")}
# Duration units → the one name each is given.
_DURATION: dict[str, str] = {
    "天": "天",
    "日": "天",
    "个自然日": "天",
    "自然日": "天",
    "工作日": "工作日",
    "个工作日": "工作日",
    "周": "周",
    "个周": "周",
    "星期": "周",
    "个星期": "周",
    "个月": "月",
    "月": "月",
    "年": "年",
    "小时": "小时",
    "个小时": "小时",
    "分钟": "分钟",
    "秒": "秒",
}
# Measure words of counted things (量词 and counted nouns such as 人次).
_COUNT_WORDS = (
    "个 人 次 人次 户 家 项 件 套 台 份 所 场 场次 篇 册 本 张 处 条 辆 批 期 座 间 名 类 种 部"
    " 块 卷 门 头 只 棵 株 支 把 架 艘 组 起 宗 位 例 床 节 课 堂 届 轮 篇次 户次 家次 个次"
    " 件次 批次 项次"
)
_COUNT = frozenset(_COUNT_WORDS.split())
_SUFFIXES: tuple[tuple[str, Operator], ...] = (
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
)
_DEADLINE = r"(?P<deadline>底前|末前|之前|以前|前)?(?:完成|完工|办结)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_ZH = re.compile(
    rf"^{_YEAR}年度?(?:(?P<month>\d{{1,2}})月(?:(?P<day>\d{{1,2}})日|(?P<end>底|末))?)?"
    rf"(?P<year_end>底|末)?{_DEADLINE}$"
)
_DATE_DOTTED = re.compile(
    rf"^{_YEAR}[./-](?P<month>\d{{1,2}})(?:[./-](?P<day>\d{{1,2}}))?(?:月|日)?{_DEADLINE}$"
)
# A month (and day) of no stated year: 12月底前, 5月31日前, 6月前.
_YEARLESS = re.compile(
    rf"^(?P<month>\d{{1,2}})月(?:(?P<day>\d{{1,2}})日|(?P<end>底|末))?{_DEADLINE}$"
)
_NOTE = re.compile(r"\([^()]*\)$")
_SEPARATOR = r"(?:--?|~|至|到|——?|–|－)"
_PERIOD_SEPARATOR = re.compile(_SEPARATOR)
# 2024-2026年: two bare years that share the 年 after the second.
_YEAR_SPAN = re.compile(
    rf"^(?P<first>(?:19|20)\d{{2}}){_SEPARATOR}(?P<second>(?:19|20)\d{{2}})年度?$"
)
# 2026年1-12月: two months of one year that share the 月 after the second.
_MONTH_SPAN = re.compile(rf"^{_YEAR}年(?P<first>\d{{1,2}})月?{_SEPARATOR}(?P<second>\d{{1,2}})月$")
# A comparison in front of a date: ≤2026年12月 (the target grammar's signs).
_DATE_SIGNS: tuple[tuple[str, Operator], ...] = (
    ("<=", "<="),
    ("≤", "<="),
    ("不晚于", "<="),
    (">=", ">="),
    ("≥", ">="),
    ("不早于", ">="),
    ("<", "<"),
    (">", ">"),
)


def measure(printed: str, target: Target) -> Measure:
    """Normalise ``target``, read from ``printed``; never raises."""
    text = fold(printed)
    if target.kind in ("empty", "boolean"):
        return Measure(kind=target.kind)
    # A remark in brackets after a date (2019年12月(计划标准)) is no part of it.
    dated = _date_or_period(text) or _date_or_period(_NOTE.sub("", text))
    if dated is not None:
        return dated
    if target.kind == "numeric" and target.number is not None:
        return _quantity(target)
    return Measure(kind="text")


# -- dates and periods -------------------------------------------------------------------


def _date_or_period(text: str) -> Measure | None:
    """A date (``2024年12月底前``) or a period (``2023.07-2024.01``); None when neither."""
    sign: Operator | None = None
    for word, operator in _DATE_SIGNS:
        if text.startswith(word):
            sign, text = operator, text[len(word) :]
            break
    single = _date(text)
    if single is not None:
        day, deadline = single
        by: Operator | None = sign or ("<=" if deadline else None)
        return Measure(kind="date", operator=by, start=day, end=day)
    if sign is not None:
        return None  # ≤ in front of a period means nothing
    return _period(text)


def _period(text: str) -> Measure | None:
    """``2023.07-2024.01``, ``2024年1月-12月``, ``2026年1-12月``, ``2024-2026年``; else None."""
    years = _YEAR_SPAN.match(text)
    if years is not None and years["first"] <= years["second"]:
        return Measure(kind="period", start=years["first"], end=years["second"])
    months = _MONTH_SPAN.match(text)
    if months is not None:
        start = _iso(months["year"], months["first"], None, end=False)
        end = _iso(months["year"], months["second"], None, end=False)
        if start and end and start <= end:
            return Measure(kind="period", start=start, end=end)
    return _date_span(text)


def _date_span(text: str) -> Measure | None:
    """Two dates around a separator, the second perhaps without its year; else None."""
    for separator in _PERIOD_SEPARATOR.finditer(text):
        first_date = _date(text[: separator.start()])
        if first_date is None or first_date[1] or first_date[0].startswith("--"):
            continue
        rest = text[separator.end() :]
        second = _date(rest)
        if second is not None and second[0].startswith("--"):
            second = _date_in_year(rest, first_date[0][:4])
        if second is not None and not second[1] and first_date[0] <= second[0]:
            return Measure(kind="period", start=first_date[0], end=second[0])
    return None


def _date(text: str) -> tuple[str, bool] | None:
    """An ISO date to the precision printed, and whether it is a deadline (…前)."""
    found = _DATE_ZH.match(text) or _DATE_DOTTED.match(text)
    if found is not None:
        groups = found.groupdict()
        end = groups.get("end") or groups.get("year_end")
        iso = _iso(found["year"], groups.get("month"), groups.get("day"), end=bool(end))
        return (iso, bool(found["deadline"])) if iso else None
    yearless = _YEARLESS.match(text)
    if yearless is None or not (yearless["day"] or yearless["end"] or yearless["deadline"]):
        # 12月 alone is as often 12 months (项目期限 ＝12月) as December
        # (完成时间 ＝12月): read as a duration, as the target reads it.
        return None
    # Any year will do for the month and day, but February's: 2月29日 is a date
    # (2024, a leap year), 2月底 the 28th as in most years (2023).
    year = "2023" if yearless["end"] else "2024"
    iso = _iso(year, yearless["month"], yearless["day"], end=bool(yearless["end"]))
    return ("-" + iso[4:], bool(yearless["deadline"])) if iso else None


def _date_in_year(text: str, year: str) -> tuple[str, bool] | None:
    """The end of a period that leaves out the year of its start: ``2024年1月-12月``."""
    found = _YEARLESS.match(text)
    if found is None or found["deadline"]:
        return None
    iso = _iso(year, found["month"], found["day"], end=bool(found["end"]))
    return (iso, False) if iso else None


def _iso(year: str, month: str | None, day: str | None, *, end: bool) -> str | None:
    """``2024-12-31``, ``2024-12`` or ``2024``; an end of month or year as its last day."""
    if month is None:
        return f"{year}-12-31" if end else year
    number = int(month)
    if not 1 <= number <= 12:
        return None
    if day is None and not end:
        return f"{year}-{number:02d}"
    last = calendar.monthrange(int(year), number)[1]
    date = last if day is None else int(day)
    return f"{year}-{number:02d}-{date:02d}" if 1 <= date <= last else None


# -- quantities --------------------------------------------------------------------------


def _quantity(target: Target) -> Measure:
    """The target's number in the unit of its kind."""
    assert target.number is not None
    unit, suffix = _strip_suffix(target.unit or "")
    operator = target.operator if suffix is None or target.operator != "=" else suffix
    kind, factor, shown = _unit_kind(unit, target.number)
    if kind == "date":
        # 2026年: a year, not a duration of 2026 years.
        year = f"{int(target.number)}"
        return Measure(kind="date", operator=operator, start=year, end=year)
    return Measure(
        kind=kind,
        operator=operator,
        value=_scaled(target.number, factor),
        upper=None if target.upper is None else _scaled(target.upper, factor),
        unit=shown,
    )


def _strip_suffix(unit: str) -> tuple[str, Operator | None]:
    """``%以上`` → ``%`` and >=, ``余次`` → ``次`` and >=; ``个。`` → ``个``."""
    unit = unit.rstrip("。，；、,;.")
    for word, operator in _SUFFIXES:
        if unit.endswith(word):
            return unit[: -len(word)], operator
    if unit.startswith("余") and len(unit) > 1:
        return unit[1:], ">="
    return unit, None


def _unit_kind(unit: str, number: float) -> tuple[MeasureKind, Decimal, str | None]:
    """What ``unit`` measures, the factor to the kind's unit, and that unit's name."""
    one = Decimal(1)
    if not unit:
        return "number", one, None
    if unit in _PERCENT:
        return "percent", _PERCENT[unit], "%"
    if unit in _MONEY:
        return "money", _MONEY[unit], "元"
    head, slash, per = unit.partition("/")
    if slash and head in _MONEY and per:
        return "money", _MONEY[head], f"元/{per}"
    if unit in ("年", "年度") and number.is_integer() and 1900 <= number <= 2100:
        return "date", one, None
    if unit in _DURATION:
        return "duration", one, _DURATION[unit]
    if unit in _COUNT:
        return "count", one, unit
    for prefix, factor in (("万", Decimal(10000)), ("亿", Decimal(100000000))):
        rest = unit[len(prefix) :]
        if unit.startswith(prefix) and rest and rest[0] not in "/元":
            return ("count" if rest in _COUNT else "quantity"), factor, rest
    return "quantity", one, unit


def _scaled(number: float, factor: Decimal) -> float:
    """``number × factor`` without binary drift (1.1 万元 is 11000 元, not 11000.000000000002)."""
    return float(Decimal(repr(number)) * factor)
