"""Validation of a parsed Document: small named checks that report findings.

The parser reads what is printed; these checks ask whether what was printed holds
together (amounts that add up, a spending plan that climbs to 100 %, indicators
under the right categories, no unfilled template residue). A finding is a
``ParseWarning`` with the same shape as the parser's own warnings (code, message,
project index or null, location of the offending cell or null), so both kinds go
into ``Document.warnings`` side by side. Checks never change the document and never
fail: a finding is a prompt for a human to look, not a verdict on the input.

Public API::

    check(document, *, rules="2024") -> list[ParseWarning]
    apply_checks(document, *, rules="2024") -> Document
    merged_findings(document, *, rules="2024") -> list[ParseWarning]
    register(code)                    # decorator adding a check to CHECKS
    CHECKS: list[tuple[Code, CheckFn]]
    RULE_SETS, RULE_SET_ALIASES, resolve_rules(name)

Every code, the parser's included, has its severity and a one-line meaning in
``goalextract.codes.CODES`` (the README's table is generated from it); the checks
are the functions registered below, in registry order, each documented where it
is defined. ``error``: the table contradicts itself (its numbers cannot all be
right). ``warning``: something is missing, unreadable or misplaced, and a human
should look. ``info``: a note; the table may well be correct.

Findings on a department table have ``project`` null and a message starting
``department table N:``. Locations come from ``location_of``: the total cell for
the budget, the period's cell for the spending plan, the row's first cell for an
indicator; a table-wide finding points at the grid's first row (or the table's
start when it has no indicators).

Rule sets (``rules=``, a :class:`~goalextract.codes.RuleSet` or its value), which
only change ``missing_indicator_category``:

- ``standard`` (alias ``2024``, the default): every table needs 产出, 效益 and 满意度
  level-1 rows. 成本指标 may appear as a level-2 name under 产出 (the old scheme, as
  in the Hebei sample) or as its own level 1; neither is required.
- ``cost`` (alias ``2021``): the scheme where 成本指标 is its own first-level
  category; 产出, 效益, 满意度 **and** 成本 are all required at level 1, so a table
  that keeps 成本指标 under 产出 is reported.

An unknown rule set name raises ``ValueError`` listing the known names.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from goalextract.codes import CODES, Code, RuleSet
from goalextract.models import (
    DepartmentTable,
    Document,
    Indicator,
    ParseWarning,
    Project,
)
from goalextract.numbering import LEADING
from goalextract.paths import budget_path, indicator_path, plan_path
from goalextract.text import fold

__all__ = [
    "CHECKS",
    "RULE_SETS",
    "RULE_SET_ALIASES",
    "CheckContext",
    "CheckFn",
    "apply_checks",
    "check",
    "merged_findings",
    "register",
    "resolve_rules",
]

# -- rule sets -------------------------------------------------------------------

# Level-1 categories each rule set requires (see the module docstring).
RULE_SETS: dict[RuleSet, tuple[str, ...]] = {
    RuleSet.STANDARD: ("产出", "效益", "满意度"),
    RuleSet.COST: ("产出", "效益", "满意度", "成本"),
}
RULE_SET_ALIASES: dict[RuleSet, RuleSet] = {
    RuleSet.Y2024: RuleSet.STANDARD,
    RuleSet.Y2021: RuleSet.COST,
}


def resolve_rules(name: str) -> str:
    """The canonical rule set name for ``name`` (a name or an alias); ValueError if unknown.

    A plain string, not the RuleSet member: it goes into messages with ``!r``.
    """
    key = name.strip().lower()
    if key in RULE_SETS:
        return key
    if key in RULE_SET_ALIASES:
        return RULE_SET_ALIASES[RuleSet(key)].value
    known = [*RULE_SETS, *(f"{alias} (= {target})" for alias, target in RULE_SET_ALIASES.items())]
    raise ValueError(f"unknown rule set {name!r}; known: {', '.join(known)}")


@dataclass(frozen=True)
class CheckContext:
    """Options the checks run with."""

    rules: str = "standard"  # a rule set name or alias; stored canonical
    tolerance: float = 0.01  # 元, for amount comparisons

    def __post_init__(self) -> None:
        # Resolve here so that a bad name fails before any check runs.
        object.__setattr__(self, "rules", resolve_rules(self.rules))

    @property
    def required_level1(self) -> tuple[str, ...]:
        """Level-1 categories the rule set requires."""
        return RULE_SETS[RuleSet(self.rules)]


# -- registry --------------------------------------------------------------------

CheckFn = Callable[[Document, CheckContext], Iterable[ParseWarning]]
CHECKS: list[tuple[Code, CheckFn]] = []


def register(code: Code) -> Callable[[CheckFn], CheckFn]:
    """Add a check to ``CHECKS`` under ``code``, which must be a check's code in ``CODES``."""

    def decorate(fn: CheckFn) -> CheckFn:
        # Fail at import time, not when a user runs the check.
        info = CODES.get(code)
        if info is None or info.origin != "check":
            raise ValueError(f"check {str(code)!r} has no entry in CODES")
        if any(name == code for name, _ in CHECKS):
            raise ValueError(f"check {str(code)!r} is registered twice")
        CHECKS.append((code, fn))
        return fn

    return decorate


def check(document: Document, *, rules: str = "2024") -> list[ParseWarning]:
    """Run every registered check on ``document``; return the findings (no mutation).

    Findings come ordered by table (department tables and document-wide findings
    first, then projects by index), and in registry order within a table.
    """
    ctx = CheckContext(rules=rules)
    findings: list[ParseWarning] = []
    for _code, fn in CHECKS:
        findings.extend(fn(document, ctx))
    findings.sort(key=lambda w: 0 if w.project is None else w.project)
    return findings


def apply_checks(document: Document, *, rules: str = "2024") -> Document:
    """A copy of ``document`` whose warnings are the parser's plus the findings, deduplicated."""
    copy = document.model_copy(deep=True)
    copy.warnings = merged_findings(document, rules=rules)
    return copy


def merged_findings(document: Document, *, rules: str = "2024") -> list[ParseWarning]:
    """``document``'s warnings followed by the checks' findings, deduplicated (no mutation).

    For a caller that owns ``document`` and sets its warnings itself: the
    pipeline (goalextract.api), for which apply_checks' deep copy of a document
    it has just built was an eighth of the time of parsing a small input.
    """
    merged: list[ParseWarning] = []
    seen: set[tuple[str, int | None, str, str]] = set()
    for warning in [*document.warnings, *check(document, rules=rules)]:
        key = (
            warning.code,
            warning.project,
            json.dumps(warning.location, sort_keys=True, ensure_ascii=False),
            warning.message,
        )
        if key not in seen:
            seen.add(key)
            merged.append(warning)
    return merged


def mark_review(document: Document) -> Document:
    """Set each project's ``needs_review`` and ``review_reasons`` from ``document.warnings``.

    A project needs review when one of its warnings has severity error or
    warning (notes do not count); the reasons are those warnings' distinct codes
    in order of first appearance. Mutates and returns ``document``; the
    pipeline calls it once the checks' findings are in.
    """
    reasons: dict[int, list[str]] = {}
    for warning in document.warnings:
        if warning.project is None or warning.severity == "info":
            continue
        codes = reasons.setdefault(warning.project, [])
        if warning.code not in codes:
            codes.append(str(warning.code))
    for project in document.projects:
        project.review_reasons = reasons.get(project.index, [])
        project.needs_review = bool(project.review_reasons)
    return document


# -- helpers ---------------------------------------------------------------------

Table = Project | DepartmentTable


@dataclass(frozen=True)
class _Subject:
    """A table the checks look at, with what a finding needs to name it."""

    table: Table
    project: int | None  # the Project's index; None for a department table
    prefix: str  # "" for a project, "department table N: " otherwise

    def finding(
        self, code: Code, message: str, path: str | None, *, at_table: bool = False
    ) -> ParseWarning:
        """A finding on this table, located at the cell the field ``path`` was read from.

        ``at_table``: the finding is about the table as a whole (nothing to point
        at), so it is located where the table starts.
        """
        if at_table:
            location = dict(self.table.location) or None
        else:
            location = self.table.location_of(path) if path else None
        return ParseWarning(
            code=code, message=self.prefix + message, project=self.project, location=location
        )


def _subjects(document: Document) -> Iterator[_Subject]:
    for department in document.department_tables:
        yield _Subject(department, None, f"department table {department.index}: ")
    for project in document.projects:
        yield _Subject(project, project.index, "")


def _money(value: float | Decimal) -> str:
    return f"{value:.2f}"


def _dec(value: float) -> Decimal:
    # Via str() so that 0.1 is 0.1, not its binary expansion.
    return Decimal(str(value))


_WS = re.compile(r"\s+")


def _fold(text: str | None) -> str:
    """NFKC (full-width to half-width) with all whitespace removed."""
    return fold(text or "")


def _category(name: str | None) -> str:
    """A level name reduced to its category word: ``产出(工作量)指标(…)`` → ``产出``.

    Whitespace and width are folded, leading marks and numbering dropped,
    everything from the first bracket on cut (scores, explanations), and a
    trailing 指标 removed (it is optional in practice, DOMAIN.md §4).
    """
    key = LEADING.sub("", _fold(name))
    key = key.split("(", 1)[0]
    return key.removesuffix("指标")


def _level1_category(name: str | None) -> str | None:
    """Which level-1 category a level-1 name is, or None when it is none we know."""
    key = _category(name)
    if re.match(r"^(?:预期)?产出", key):
        return "产出"
    if key.startswith("成本"):
        return "成本"
    # 效果指标 / 实施效果指标 are spellings of the effects category (DOMAIN.md §4).
    if re.match(r"^(?:预期|实施)?(?:效益|效果)", key):
        return "效益"
    if "满意" in key:
        return "满意度"
    return None


def _level2_allowed(name: str | None) -> frozenset[str] | None:
    """The level-1 categories a level-2 name may sit under; None when the name is unknown."""
    key = _category(name)
    if key in {"数量", "质量", "时效", "进度"}:
        return frozenset({"产出"})
    if key == "成本":
        # Old scheme: 成本指标 under 产出 (the Hebei sample); it is also a level-1
        # name in the new scheme, so a table repeating it as its own child is not wrong.
        return frozenset({"产出", "成本"})
    if key in {"经济成本", "社会成本", "生态环境成本", "环境成本"}:
        return frozenset({"成本"})
    if (key.endswith("效益") and len(key) > 2) or key == "可持续影响":
        return frozenset({"效益"})
    if key.endswith("满意度"):
        return frozenset({"满意度"})
    return None


def _is_cost_row(indicator: Indicator) -> bool:
    """Whether an indicator states an amount that must fit the budget."""
    level1 = _category(indicator.level1)
    level2 = _category(indicator.level2)
    # 成本 as level 1 (new scheme), as level 2 (old scheme), and the new scheme's
    # 经济成本/社会成本/… children; the Hebei tables also state the money as a 数量指标.
    return "成本" in level1 or "成本" in level2 or level2 == "数量" or level1 == "数量"


def _describe(indicator: Indicator) -> str:
    levels = [x for x in (indicator.level1, indicator.level2, indicator.level3) if x]
    name = " / ".join(_WS.sub("", x) for x in levels) or "(unnamed)"
    horizon = " (long-term)" if indicator.horizon == "long_term" else ""
    return f"indicator {name}{horizon}"


def _indicator_path(i: int) -> str:
    return indicator_path(i)


# -- budget ----------------------------------------------------------------------


@register(Code.BUDGET_SUM_MISMATCH)
def budget_sum_mismatch(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """The parts of the budget do not add up to its total (DOMAIN.md §6, sum check)."""
    tolerance = _dec(ctx.tolerance)
    for subject in _subjects(document):
        table = subject.table
        parts: list[tuple[str, float | None]]
        if isinstance(table, Project):
            # Without 财政资金 there is nothing to add up; a blank 其他资金 is 0.
            if table.budget.total is None or table.budget.fiscal is None:
                continue
            total, total_label = table.budget.total, "预算数"
            parts = [("财政资金", table.budget.fiscal), ("其他资金", table.budget.other)]
            if table.budget.carryover is not None:
                parts.append(("上年结转", table.budget.carryover))
        else:
            if table.budget.total is None or table.budget.basic is None:
                continue
            total, total_label = table.budget.total, "资金总额"
            parts = [("基本支出", table.budget.basic), ("项目支出", table.budget.project)]
        summed = sum((_dec(v) for _, v in parts if v is not None), Decimal(0))
        difference = _dec(total) - summed
        if abs(difference) <= tolerance:
            continue
        terms = " + ".join(
            f"{label} {_money(v) if v is not None else '(blank)'}" for label, v in parts
        )
        yield subject.finding(
            Code.BUDGET_SUM_MISMATCH,
            f"budget: {total_label} {_money(total)} ≠ {terms} (difference {_money(difference)} 元)",
            budget_path("total"),
        )


# -- spending plan ---------------------------------------------------------------
# 资金支出计划（%） is cumulative: the share of the year's money spent by the end of
# each period. So it never falls, never passes 100 and ends at 100.

_PERCENT_TOLERANCE = 0.005  # printed with two decimals


def _filled_plan(project: Project) -> list[tuple[int, str, float]]:
    """(entry index, label, percent) of the spending-plan periods that have a value."""
    return [
        (i, entry.label, entry.percent)
        for i, entry in enumerate(project.spending_plan)
        if entry.percent is not None
    ]


@register(Code.SPENDING_PLAN_DECREASING)
def spending_plan_decreasing(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """A cumulative percentage below the filled period before it (blanks are skipped)."""
    for subject in _subjects(document):
        if not isinstance(subject.table, Project):
            continue
        filled = _filled_plan(subject.table)
        # One finding per drop: compare with the previous filled period, so a dip
        # that later recovers is reported once, where it happens.
        for (_, before_label, before), (i, label, percent) in itertools.pairwise(filled):
            if percent < before - _PERCENT_TOLERANCE:
                yield subject.finding(
                    Code.SPENDING_PLAN_DECREASING,
                    f"spending plan: {label} {percent:.2f}% < {before_label} {before:.2f}% "
                    f"(cumulative percentages cannot fall)",
                    plan_path(i),
                )


@register(Code.SPENDING_PLAN_OVER_100)
def spending_plan_over_100(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """A period above 100 %."""
    for subject in _subjects(document):
        if not isinstance(subject.table, Project):
            continue
        for i, label, percent in _filled_plan(subject.table):
            if percent > 100 + _PERCENT_TOLERANCE:
                yield subject.finding(
                    Code.SPENDING_PLAN_OVER_100,
                    f"spending plan: {label} {percent:.2f}% > 100%",
                    plan_path(i),
                )


@register(Code.SPENDING_PLAN_NOT_100)
def spending_plan_not_100(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """The last filled period stays below 100 %.

    Above 100 is ``spending_plan_over_100``'s finding; reporting the same cell twice
    would be noise. A plan with no value at all is left to the missing-value check.
    """
    for subject in _subjects(document):
        if not isinstance(subject.table, Project):
            continue
        filled = _filled_plan(subject.table)
        if not filled:
            continue
        i, label, percent = filled[-1]
        if percent < 100 - _PERCENT_TOLERANCE:
            yield subject.finding(
                Code.SPENDING_PLAN_NOT_100,
                f"spending plan: the last filled period {label} is {percent:.2f}%, not 100%",
                plan_path(i),
            )


@register(Code.SPENDING_PLAN_MISSING_VALUE)
def spending_plan_missing_value(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """A blank period in the spending plan (one finding per blank cell)."""
    # A cell the parser could not read as a percentage is also null here; the
    # parser's unreadable_percent already names it with its text, so skip it.
    unreadable = {
        (w.project, json.dumps(w.location, sort_keys=True, ensure_ascii=False))
        for w in document.warnings
        if w.code == Code.UNREADABLE_PERCENT
    }
    for subject in _subjects(document):
        project = subject.table
        if not isinstance(project, Project):
            continue
        for i, entry in enumerate(project.spending_plan):
            if entry.percent is not None:
                continue
            path = plan_path(i)
            where = json.dumps(project.location_of(path), sort_keys=True, ensure_ascii=False)
            if (project.index, where) in unreadable:
                continue
            yield subject.finding(
                Code.SPENDING_PLAN_MISSING_VALUE,
                f"spending plan: {entry.label} is blank",
                path,
            )


# -- indicators against money ----------------------------------------------------

_YUAN_FACTOR = {"元": Decimal(1), "万元": Decimal(10000)}


@register(Code.COST_EXCEEDS_BUDGET)
def cost_exceeds_budget(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """A cost (or money-valued 数量) target above the budget it is paid from.

    Only upper bounds and exact amounts (``<=`` ``=`` ``<``) in 元/万元 are compared:
    ``≥…元`` is a floor, and ``元/人`` is a unit price. A long-term row is compared
    with the multi-year ``project_total`` when there is one and skipped otherwise:
    a multi-year cost may rightly exceed one year's money.
    """
    tolerance = _dec(ctx.tolerance)
    for subject in _subjects(document):
        table = subject.table
        annual = table.budget.total
        multi_year = table.budget.project_total if isinstance(table, Project) else None
        for i, indicator in enumerate(table.indicators):
            target = indicator.target
            if (
                target.kind != "numeric"
                or target.operator not in ("<=", "=", "<")
                or target.number is None
                or target.unit not in _YUAN_FACTOR
                or not _is_cost_row(indicator)
            ):
                continue
            if indicator.horizon == "long_term":
                budget, budget_label = multi_year, "项目资金总额"
            elif isinstance(table, Project):
                budget, budget_label = annual, "预算数"
            else:
                budget, budget_label = annual, "资金总额"
            if budget is None:
                continue
            amount = _dec(target.number) * _YUAN_FACTOR[target.unit]
            if amount - _dec(budget) > tolerance:
                yield subject.finding(
                    Code.COST_EXCEEDS_BUDGET,
                    f"{_describe(indicator)}: 指标值 {indicator.value!r} ({_money(amount)} 元) "
                    f"exceeds {budget_label} {_money(budget)} 元 "
                    f"(by {_money(amount - _dec(budget))} 元)",
                    _indicator_path(i),
                )


# -- indicator categories --------------------------------------------------------


@register(Code.MISSING_INDICATOR_CATEGORY)
def missing_indicator_category(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """A level-1 category the rule set requires has no row (one finding per table).

    A grid that has indicators but no level 1 at all (department tables with
    weights and no levels, DOMAIN.md §7) is skipped: the parser's
    ``level1_missing`` already says so, and there are no categories to judge.
    A table with no indicator at all is skipped too: goals-only lists (a
    project a row, 绩效目标 prose, no grid) have none by design. Nothing is
    missing from one cell, so the finding points at the grid's first row.
    """
    for subject in _subjects(document):
        indicators = subject.table.indicators
        if not indicators or all(ind.level1 is None for ind in indicators):
            continue
        present = {_level1_category(ind.level1) for ind in indicators}
        missing = [c for c in ctx.required_level1 if c not in present]
        if not missing:
            continue
        # 成本指标 kept as a level-2 name under 产出 (the old scheme) is the usual
        # reason under the "cost" rules; say so rather than "no row".
        as_level2 = {c for c in missing for ind in indicators if _category(ind.level2) == c}
        notes = [f"{c}指标" + (" (only as a 二级指标)" if c in as_level2 else "") for c in missing]
        detail = "; the table has no indicators" if not indicators else ""
        yield subject.finding(
            Code.MISSING_INDICATOR_CATEGORY,
            f"indicators: no 一级指标 row for {', '.join(notes)} (rule set {ctx.rules!r}){detail}",
            _indicator_path(0) if indicators else None,
            at_table=not indicators,
        )


@register(Code.CATEGORY_MISMATCH)
def category_mismatch(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """A known level-2 name under a level 1 it does not belong to (DOMAIN.md §4).

    Reported once per table and (level 1, level 2) pair, at its first row: a merged
    level cell repeats one mistake over many rows. Unknown names on either level
    are not judged.
    """
    for subject in _subjects(document):
        seen: set[tuple[str, str]] = set()
        for i, indicator in enumerate(subject.table.indicators):
            level1 = _level1_category(indicator.level1)
            allowed = _level2_allowed(indicator.level2)
            if level1 is None or allowed is None or level1 in allowed:
                continue
            pair = (_fold(indicator.level1), _fold(indicator.level2))
            if pair in seen:
                continue
            seen.add(pair)
            expected = " or ".join(f"{c}指标" for c in sorted(allowed))
            yield subject.finding(
                Code.CATEGORY_MISMATCH,
                f"{_describe(indicator)}: 二级指标 {pair[1]} belongs under {expected}, "
                f"not under 一级指标 {pair[0]}",
                _indicator_path(i),
            )


# -- indicator values ------------------------------------------------------------


@register(Code.EMPTY_INDICATOR_VALUE)
def empty_indicator_value(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """A named indicator whose 指标值 is blank."""
    for subject in _subjects(document):
        for i, indicator in enumerate(subject.table.indicators):
            if indicator.target.kind == "empty" and indicator.level3:
                yield subject.finding(
                    Code.EMPTY_INDICATOR_VALUE,
                    f"{_describe(indicator)}: 指标值 is blank",
                    _indicator_path(i),
                )


# Excel error values left in default cells of exported templates.
_EXCEL_ERROR = re.compile(r"#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!)")
_PLACEHOLDERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("**", re.compile(r"\*{2,}")),  # ≥**%, **人 (NFKC folds ＊ to *)
    ("XX", re.compile(r"(?<![A-Za-z])(?:[Xx]{2,}|×{2,})(?![A-Za-z])")),  # XX项目, ××
    ("……", re.compile(r"\.{3,}|…")),  # NFKC folds … to ...
    ("指标1:", re.compile(r"^指标\d+:?$")),  # numbered template slots left empty
    ("具体指标", re.compile(r"^具体指标")),
    ("请填写", re.compile(r"请(?:填写|输入)")),
    ("#DIV/0!", _EXCEL_ERROR),
)


def _placeholders(text: str | None) -> list[str]:
    """Names of the template placeholders found in ``text``."""
    folded = _fold(text)
    return [name for name, pattern in _PLACEHOLDERS if pattern.search(folded)]


@register(Code.TEMPLATE_PLACEHOLDER)
def template_placeholder(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """Unfilled template residue in a level-3 name or a value (one finding per row)."""
    for subject in _subjects(document):
        for i, indicator in enumerate(subject.table.indicators):
            places = [
                f"{field} {text!r}"
                for field, text in (("三级指标", indicator.level3), ("指标值", indicator.value))
                if _placeholders(text)
            ]
            if places:
                yield subject.finding(
                    Code.TEMPLATE_PLACEHOLDER,
                    f"{_describe(indicator)}: unfilled template placeholder in "
                    f"{' and '.join(places)}",
                    _indicator_path(i),
                )


# A quantity was meant: a digit, a comparison sign or a percent sign.
_LOOKS_QUANTITATIVE = re.compile(r"[0-9%<>=≥≤≧≦⩾⩽]")


@register(Code.UNPARSED_TARGET)
def unparsed_target(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """A text 指标值 that looks like a quantity but was not read as one.

    Qualitative text (提升, 合理, 正常使用, 不超预算, …) is a valid target and no
    vocabulary of it could be complete, so the signal is the other way round:
    digits, comparison signs or % in a value the grammar did not read. Placeholders
    are ``template_placeholder``'s, and are not reported twice.
    """
    for subject in _subjects(document):
        for i, indicator in enumerate(subject.table.indicators):
            value = indicator.value
            if indicator.target.kind != "text" or _placeholders(value):
                continue
            if _LOOKS_QUANTITATIVE.search(_fold(value)):
                yield subject.finding(
                    Code.UNPARSED_TARGET,
                    f"{_describe(indicator)}: 指标值 {value!r} has figures but was not read "
                    f"as a number (kept as text)",
                    _indicator_path(i),
                )


@register(Code.DUPLICATE_INDICATOR)
def duplicate_indicator(document: Document, ctx: CheckContext) -> Iterator[ParseWarning]:
    """The same level1/level2/level3/value/horizon twice in one table.

    Names are compared folded (width, whitespace). The same name and value under
    another level 2 (the Hebei tables state the money as 数量指标 and again as
    成本指标) is a different indicator, not a duplicate.
    """
    for subject in _subjects(document):
        first: dict[tuple[str, str, str, str, str], int] = {}
        for i, indicator in enumerate(subject.table.indicators):
            key = (
                _fold(indicator.level1),
                _fold(indicator.level2),
                _fold(indicator.level3),
                _fold(indicator.value),
                indicator.horizon,
            )
            if key not in first:
                first[key] = i
                continue
            earlier = subject.table.location_of(_indicator_path(first[key]))
            where = f" (first at {_where(earlier)})" if earlier else ""
            yield subject.finding(
                Code.DUPLICATE_INDICATOR,
                f"{_describe(indicator)} with 指标值 {indicator.value!r} is listed twice{where}",
                _indicator_path(i),
            )


def _where(location: dict[str, int | str]) -> str:
    order = ("sheet", "page", "line", "table", "row", "col")
    return ", ".join(f"{key} {location[key]}" for key in order if key in location)
