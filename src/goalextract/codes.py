"""Every warning code goalextract emits, with its severity and a one-line meaning.

The parser and the checks put these codes in ``ParseWarning.code``;
``goalextract check`` colours its report and sets its exit code by the severity;
the README's table of checks is generated from :data:`CODES`
(``tests/test_codes.py`` fails when the two disagree).

This module imports nothing heavy: the CLI reads :class:`RuleSet` from here at
start-up, before pydantic or the parser are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal


class StrEnum(str, Enum):
    """An Enum whose members are their string values (``enum.StrEnum`` is Python 3.11+).

    A member compares equal to its value, and ``str()`` and f-strings give the
    value, so a member can go wherever the plain string went (JSON, CSV, SQL).
    """

    def __str__(self) -> str:
        return str(self.value)


class Severity(StrEnum):
    """How bad a finding is."""

    ERROR = "error"  # the table contradicts itself: at least one of its numbers is wrong
    WARNING = "warning"  # missing, unreadable or misplaced content: a human should look
    INFO = "info"  # a note; the table may well be correct


class Code(StrEnum):
    """A warning code: what was noticed, independent of the wording of the message."""

    # Found by the checks (goalextract.checks), after parsing.
    BUDGET_SUM_MISMATCH = "budget_sum_mismatch"
    SPENDING_PLAN_DECREASING = "spending_plan_decreasing"
    SPENDING_PLAN_OVER_100 = "spending_plan_over_100"
    COST_EXCEEDS_BUDGET = "cost_exceeds_budget"
    SPENDING_PLAN_NOT_100 = "spending_plan_not_100"
    SPENDING_PLAN_MISSING_VALUE = "spending_plan_missing_value"
    MISSING_INDICATOR_CATEGORY = "missing_indicator_category"
    CATEGORY_MISMATCH = "category_mismatch"
    EMPTY_INDICATOR_VALUE = "empty_indicator_value"
    DUPLICATE_INDICATOR = "duplicate_indicator"
    TEMPLATE_PLACEHOLDER = "template_placeholder"
    UNPARSED_TARGET = "unparsed_target"
    # Noticed by the parser while reading the tables.
    UNMAPPED_CELL = "unmapped_cell"
    NO_TARGET_TABLES = "no_target_tables"
    EMPTY_TARGET_TABLE = "empty_target_table"
    LEVEL1_MISSING = "level1_missing"
    MONEY_UNIT_MISSING = "money_unit_missing"
    UNREADABLE_AMOUNT = "unreadable_amount"
    UNREADABLE_PERCENT = "unreadable_percent"
    SELF_EVALUATION_TABLE = "self_evaluation_table"
    # Noticed by a reader.
    IMPLAUSIBLE_ENCODING = "implausible_encoding"


Origin = Literal["check", "parser", "reader"]


@dataclass(frozen=True)
class CodeInfo:
    """What a code means and how bad it is."""

    severity: Severity
    # "check": a finding of goalextract.checks (--no-checks drops it); "reader": noticed
    # while decoding the input; "parser": while reading its tables.
    origin: Origin
    meaning: str  # one line, Markdown: it is a cell of the README's table


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

# In the README's order: the checks by severity, then the parser's codes.
CODES: dict[Code, CodeInfo] = {
    Code.BUDGET_SUM_MISMATCH: CodeInfo(
        _E,
        "check",
        "财政资金 + 其他资金 (+ 上年结转) ≠ 预算数 (0.01 元 tolerance); "
        "基本支出 + 项目支出 ≠ total in a department table",
    ),
    Code.SPENDING_PLAN_DECREASING: CodeInfo(
        _E, "check", "a cumulative spending-plan percentage below the one before it"
    ),
    Code.SPENDING_PLAN_OVER_100: CodeInfo(_E, "check", "a period above 100 %"),
    Code.COST_EXCEEDS_BUDGET: CodeInfo(
        _E, "check", "a 成本 or 数量 indicator whose money target exceeds the project's budget"
    ),
    Code.SPENDING_PLAN_NOT_100: CodeInfo(_W, "check", "the last filled period is below 100 %"),
    Code.SPENDING_PLAN_MISSING_VALUE: CodeInfo(_W, "check", "a blank period"),
    Code.MISSING_INDICATOR_CATEGORY: CodeInfo(
        _W, "check", "no 产出 / 效益 / 满意度 level-1 row (`--rules 2021`: 成本 too)"
    ),
    Code.CATEGORY_MISMATCH: CodeInfo(
        _W, "check", "a level-2 category under the wrong level 1 (数量指标 under 效益指标 …)"
    ),
    Code.EMPTY_INDICATOR_VALUE: CodeInfo(_W, "check", "a named indicator with a blank value"),
    Code.DUPLICATE_INDICATOR: CodeInfo(
        _W, "check", "the same levels, value and horizon twice in one table"
    ),
    Code.TEMPLATE_PLACEHOLDER: CodeInfo(
        _W,
        "check",
        "unfilled template residue (`**`, `XX`, `具体指标`, `#DIV/0!`) in a name or value",
    ),
    # The value is kept as printed and text is a valid reading (a date, a relative
    # target); only the number could not be taken out of it.
    Code.UNPARSED_TARGET: CodeInfo(
        _I, "check", "a value with figures that does not read as a target (`约90%`, `2019年12月`)"
    ),
    # A missing or unplaced piece of the input is a warning: data may be lost or
    # misread, but the document is not contradicting itself.
    Code.UNMAPPED_CELL: CodeInfo(
        _W, "parser", "a table cell the parser could not place (its text and location are given)"
    ),
    Code.NO_TARGET_TABLES: CodeInfo(
        _W, "parser", "no target table in the document (a prose-only report, or a layout missed)"
    ),
    Code.EMPTY_TARGET_TABLE: CodeInfo(
        _W, "parser", "a titled target table without goals or indicators"
    ),
    Code.LEVEL1_MISSING: CodeInfo(
        _W, "parser", "an indicator row without 一级指标 and none above to inherit"
    ),
    Code.MONEY_UNIT_MISSING: CodeInfo(
        _W, "parser", "amounts without a declared unit, read as 元 (could be off by 10000)"
    ),
    Code.UNREADABLE_AMOUNT: CodeInfo(
        _W, "parser", "a budget amount that does not read as a number (kept in `extra`)"
    ),
    Code.UNREADABLE_PERCENT: CodeInfo(
        _W, "parser", "a spending-plan cell that does not read as a percentage"
    ),
    # A look-alike that was correctly skipped: nothing is wrong, just noted.
    Code.SELF_EVALUATION_TABLE: CodeInfo(
        _I, "parser", "a 自评表 (self-evaluation) was recognised and not reported as a target table"
    ),
    # Everything may be misread: a wrong --encoding gives no error, only garbage.
    Code.IMPLAUSIBLE_ENCODING: CodeInfo(
        _W,
        "reader",
        "the text decoded with `--encoding` holds far fewer Chinese characters than another"
        " encoding gives (`--encoding latin-1` on a UTF-8 file)",
    ),
}


def severity_of(code: str) -> Severity:
    """The severity of ``code``; a code this version does not know counts as a warning.

    Documents parsed by another version (or warnings built by a caller) may carry
    such codes; a warning gets them looked at without failing a gate on its own.
    """
    try:
        return CODES[Code(code)].severity
    except ValueError:
        return Severity.WARNING


def markdown_table() -> str:
    """The README's table of codes (section "Checks"), generated from :data:`CODES`."""
    lines = ["| code | severity | from | meaning |", "|---|---|---|---|"]
    lines += [
        f"| `{code}` | {info.severity} | {info.origin} | {info.meaning} |"
        for code, info in CODES.items()
    ]
    return "\n".join(lines) + "\n"


class RuleSet(StrEnum):
    """A rule set of the checks: which level-1 categories every table needs.

    Here rather than in checks.py so that the CLI can offer it as a choice
    without importing the models at start-up (goalextract.checks does).
    """

    STANDARD = "standard"  # 产出, 效益, 满意度
    COST = "cost"  # 产出, 效益, 满意度 and 成本
    Y2024 = "2024"  # the year's name for STANDARD
    Y2021 = "2021"  # the year's name for COST
