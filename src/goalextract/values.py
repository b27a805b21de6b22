"""Reading printed values: indicator targets (DOMAIN.md §5), amounts, percentages.

Grammar of an indicator value, informally::

    value    := blank | boolean | quantity | range | text
    quantity := [sign] number [unit] [note]
    range    := number [unit] ("-" | "~" | "至") number [unit]
    sign     := ≥ ≤ > < = ＞＝ ≧ ≦ >= <= 不低于 不少于 不小于 大于等于 不高于 不超过 不大于 小于等于
    number   := digits with optional "," groups and "." decimals
    unit     := what follows the number, brackets dropped: "(%)" is "%"; no digits
    note     := a trailing bracketed remark: "(历史标准)", "（1.0）"
    boolean  := 是 | 否 | 是/否

Anything else (正常使用, 提升, 2019年12月, ≥**%) is text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from goalextract.measures import measure
from goalextract.models import MoneyUnit, Target
from goalextract.text import fold

# Longest first so that ">=" wins over ">".
_SIGNS: tuple[tuple[str, str], ...] = (
    ("大于等于", ">="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("小于等于", "<="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不大于", "<="),
    (">=", ">="),
    ("<=", "<="),
    ("=>", ">="),
    ("=<", "<="),
    ("≥", ">="),
    ("≧", ">="),
    ("⩾", ">="),
    ("≤", "<="),
    ("≦", "<="),
    ("⩽", "<="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
)
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
_QUANTITY = re.compile(rf"^(?P<number>{_NUMBER})(?P<rest>.*)$")
_RANGE = re.compile(
    rf"^(?P<low>{_NUMBER})(?P<low_unit>[^\d\-~至]*?)\s*(?:-|~|至|—|–)\s*"
    rf"(?P<high>{_NUMBER})(?P<rest>.*)$"
)
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_BOOLEAN = frozenset({"是", "否", "是/否", "否/是", "是或否"})


def _unit_of(rest: str) -> tuple[str | None, bool]:
    """Split what follows a number into a unit; second item False if it is not a unit."""
    rest = rest.strip()
    if not rest:
        return None, True
    if rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1:
        # "(%)" is the unit in brackets; "(历史标准)" alone is a note, not a unit.
        inner = rest[1:-1]
        if inner and not re.search(r"\d", inner) and len(inner) <= 6 and "标准" not in inner:
            return inner, True
        return None, True
    while _TRAILING_NOTE.search(rest) and not rest.startswith("("):
        rest = _TRAILING_NOTE.sub("", rest).strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1]
    if not rest:
        return None, True
    if re.search(r"\d", rest) or "*" in rest or len(rest) > 12:
        return None, False
    return rest, True


def parse_target(printed: str) -> Target:
    """Read an indicator value as a target, with its normalised reading; never raises.

    >>> parse_target("≥80%").number
    80.0
    """
    target = _read_target(printed)
    target.normalized = measure(printed, target)
    return target


def _read_target(printed: str) -> Target:
    """The target as printed: kind, operator, number, upper and unit (measures.py normalises)."""
    text = fold(printed)
    if not text:
        return Target(kind="empty")
    if text in _BOOLEAN:
        return Target(kind="boolean")
    operator = None
    body = text
    for sign, op in _SIGNS:
        if body.startswith(sign):
            operator, body = op, body[len(sign) :]
            break
    if operator is None:
        ranged = _RANGE.match(body)
        if ranged:
            low_unit, low_ok = _unit_of(ranged["low_unit"])
            unit, ok = _unit_of(ranged["rest"])
            if ok and low_ok and (low_unit is None or unit is None or low_unit == unit):
                return Target(
                    kind="numeric",
                    operator="range",
                    number=_to_float(ranged["low"]),
                    upper=_to_float(ranged["high"]),
                    unit=unit or low_unit,
                )
    quantity = _QUANTITY.match(body)
    if quantity is None:
        return Target(kind="text")
    unit, ok = _unit_of(quantity["rest"])
    if not ok:
        return Target(kind="text")
    return Target(
        kind="numeric",
        operator=operator or "=",
        number=_to_float(quantity["number"]),
        unit=unit,
    )


def _to_float(number: str) -> float:
    return float(number.replace(",", ""))


# -- amounts ------------------------------------------------------------------

_AMOUNT = re.compile(r"^(?P<number>-?\d[\d,]*(?:\.\d+)?|-?\.\d+)(?P<unit>万元|元)?$")


def parse_amount(printed: str) -> tuple[Decimal | None, MoneyUnit | None]:
    """Read a printed amount: ``771,325,800.00`` → Decimal, and a unit suffix if any.

    Returns ``(None, None)`` for a blank or a cell that is not an amount. Spaces
    inside digit groups (PDF text extraction) and thousands separators are removed.
    """
    text = fold(printed)
    if not text:
        return None, None
    found = _AMOUNT.match(text)
    if found is None:
        return None, None
    try:
        amount = Decimal(found["number"].replace(",", ""))
    except InvalidOperation:
        return None, None
    unit = found["unit"]
    return amount, ("万元" if unit == "万元" else "元" if unit == "元" else None)


def is_amount(printed: str) -> bool:
    """True when the text reads as an amount."""
    return parse_amount(printed)[0] is not None


def to_yuan(amount: Decimal, unit: MoneyUnit | None) -> float:
    """Convert to 元 (万元 × 10000, exact in Decimal) and emit a float for JSON."""
    if unit == "万元":
        amount = amount * 10000
    return float(amount)


_PERCENT = re.compile(r"^(?P<number>\d+(?:\.\d+)?)%?$")


def parse_percent(printed: str) -> float | None:
    """``10.00%`` → 10.0; blank or unreadable → None."""
    found = _PERCENT.match(fold(printed))
    return float(found["number"]) if found else None


_MONTH = re.compile(r"(\d{1,2})月")


def parse_month(label: str) -> int | None:
    """``10月底`` → 10; ``第一季度`` → 3 (quarter end); else None."""
    text = fold(label)
    found = _MONTH.search(text)
    if found:
        month = int(found.group(1))
        return month if 1 <= month <= 12 else None
    quarters = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}
    quarter = re.search(r"第?([一二三四1-4])季度", text)
    return quarters[quarter.group(1)] if quarter else None


_YEAR = re.compile(r"[(（]?\s*((?:19|20)\d{2})\s*[)）]?\s*年度?")


def find_year(text: str) -> int | None:
    """An explicit budget-year mark: ``（2026年度）``, ``（2026）年度``, ``2026年预算…``."""
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None
