"""Rules for paragraphs (text outside tables): titles, year and unit lines, department prose."""

from __future__ import annotations

import re
from collections.abc import Callable

from goalextract.cells import Paragraph
from goalextract.labels import fold
from goalextract.models import MoneyUnit
from goalextract.parser.state import ParserState
from goalextract.text import strip_numbering
from goalextract.values import find_year

ParagraphRule = Callable[[ParserState, Paragraph], bool]

# Title endings of target tables (DOMAIN.md §3, title): matched on the folded text.
_TITLE_END = re.compile(
    r"(绩效目标(调整|变更)?(申报|批复|审核|审批|确认)?表|绩效申报表|目标申报表|"
    r"绩效信息表(\(项目入库阶段\))?|项目申报表\(绩效部分\)|绩效目标表\(.*\)|"
    # Look-alikes get a title too, so their tables never run into the project before.
    r"绩效自评表|自评表|绩效评价表|监控表|执行情况表)$"
)
_DEPARTMENT_TITLE = re.compile(r"部门(\(单位\))?整体(支出)?(预算)?绩效")
_SELF_EVALUATION = re.compile(r"自评|评价表|监控表|完成情况表|执行情况表")
_ATTACHMENT = re.compile(r"^附(件|表)?\s*[\d一二三四五六七八九十]+([-－]\d+)?\s*[:：.、]?\s*")
_YEAR_LINE = re.compile(r"^[(（]?\s*(19|20)\d{2}\s*[)）]?\s*年度?\s*[)）]?$")
_UNIT_LINE = re.compile(r"^(?:金额|货币)?单位\s*[:：]\s*(万元|元)\s*$")
_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.+)$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")


def title_text(text: str) -> tuple[str, bool, bool] | None:
    """If text is a target-table title, return (title, is_department, is_self_evaluation)."""
    stripped = _ATTACHMENT.sub("", text.strip())
    stripped = strip_numbering(stripped)
    key = fold(stripped)
    if not key or len(key) > 80 or not _TITLE_END.search(key):
        return None
    return stripped.strip(), bool(_DEPARTMENT_TITLE.search(key)), bool(_SELF_EVALUATION.search(key))


def year_line(text: str) -> int | None:
    """``（2026年度）`` on a line of its own → 2026."""
    if _YEAR_LINE.match(fold(text)):
        return find_year(text)
    return None


def unit_line(text: str) -> MoneyUnit | None:
    """``单位：万元`` → 万元."""
    found = _UNIT_LINE.match(fold(text))
    if found is None:
        return None
    return "万元" if found.group(1) == "万元" else "元"


def title_rule(state: ParserState, paragraph: Paragraph) -> bool:
    """A table title: remembered for the table that follows."""
    found = title_text(paragraph.text)
    if found is None:
        return False
    title, _department, self_eval = found
    state.pending_title = (title, paragraph.location, self_eval)
    state.pending_year = find_year(title) if re.search(r"(19|20)\d{2}\s*年", title) else None
    state.prose.active = False
    return True


def year_rule(state: ParserState, paragraph: Paragraph) -> bool:
    """A year line under a title."""
    year = year_line(paragraph.text)
    if year is None:
        return False
    state.pending_year = year
    return True


def unit_rule(state: ParserState, paragraph: Paragraph) -> bool:
    """A ``单位：元`` line just above a table."""
    unit = unit_line(paragraph.text)
    if unit is None:
        return False
    state.pending_money_unit = unit
    return True


_PROSE_SECTIONS = {
    "总体绩效目标": "overall",
    "总体目标": "overall",
    "部门总体绩效目标": "overall",
    "分项绩效目标": "items",
    "分项目标": "items",
    "工作保障措施": "safeguards",
    "保障措施": "safeguards",
}


def prose_rule(state: ParserState, paragraph: Paragraph) -> bool:
    """The department prose part: 部门整体绩效目标 → 总体/分项/工作保障措施."""
    prose = state.prose
    key = fold(paragraph.text)
    if key.endswith("部门整体绩效目标") and len(key) <= 20:
        prose.active = prose.seen = True
        prose.section = None
        return True
    if not prose.active:
        return False
    if title_text(paragraph.text) is not None:
        prose.active = False
        return False
    if _PART.match(key):
        prose.active = False
        return True
    heading = _HEADING.match(paragraph.text.strip())
    if heading:
        body = heading.group(2).strip()
        section = _PROSE_SECTIONS.get(fold(body))
        if section is not None:
            prose.section = section
            return True
        if prose.section == "items":
            prose.items.append((body, []))
            return True
    text = paragraph.text.strip()
    if prose.section == "overall":
        prose.overall.append(text)
    elif prose.section == "items" and prose.items:
        prose.items[-1][1].append(text)
    elif prose.section == "safeguards":
        prose.safeguards.append(text)
    else:
        return False
    return True


def part_banner_rule(state: ParserState, paragraph: Paragraph) -> bool:
    """``第二部分`` banners end the prose part."""
    if _PART.match(fold(paragraph.text)):
        state.prose.active = False
        return True
    return False


# Order matters: the prose part owns its headings, then titles, year and unit lines.
PARAGRAPH_RULES: list[tuple[str, ParagraphRule]] = [
    ("prose", prose_rule),
    ("title", title_rule),
    ("year", year_rule),
    ("unit", unit_rule),
    ("part_banner", part_banner_rule),
]
