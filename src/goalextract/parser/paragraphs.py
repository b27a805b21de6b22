"""Rules for paragraphs (text outside tables): titles, year and unit lines, department prose.

Each follows the block-rule contract of ``parser/common.py``: it declines
table rows, and with ``silent=True`` only answers whether it would take the
paragraph.
"""

from __future__ import annotations

import re

from goalextract.cells import Paragraph
from goalextract.lines import title_text, unit_line, year_line
from goalextract.numbering import HEADING, PART
from goalextract.parser.common import Item
from goalextract.parser.state import ParserState
from goalextract.text import fold
from goalextract.values import find_year


def title_rule(state: ParserState, paragraph: Item, *, silent: bool = False) -> bool:
    """A table title: remembered for the table that follows."""
    if not isinstance(paragraph, Paragraph):
        return False
    found = title_text(paragraph.text)
    if found is None:
        return False
    if silent:
        return True
    title, _department, self_eval = found
    state.pending_title = (title, paragraph.location, self_eval)
    state.title_age = 0
    state.pending_year = find_year(title) if re.search(r"(19|20)\d{2}\s*年", title) else None
    state.prose.active = False
    return True


def year_rule(state: ParserState, paragraph: Item, *, silent: bool = False) -> bool:
    """A year line under a title."""
    if not isinstance(paragraph, Paragraph):
        return False
    year = year_line(paragraph.text)
    if year is None:
        return False
    if silent:
        return True
    state.pending_year = year
    return True


def unit_rule(state: ParserState, paragraph: Item, *, silent: bool = False) -> bool:
    """A ``单位：元`` line just above a table."""
    if not isinstance(paragraph, Paragraph):
        return False
    unit = unit_line(paragraph.text, at_end=True)
    if unit is None:
        return False
    if silent:
        return True
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


def prose_rule(state: ParserState, paragraph: Item, *, silent: bool = False) -> bool:
    """The department prose part: 部门整体绩效目标 → 总体/分项/工作保障措施."""
    if not isinstance(paragraph, Paragraph):
        return False
    prose = state.prose
    key = fold(paragraph.text)
    if key.endswith("部门整体绩效目标") and len(key) <= 20:
        if not silent:
            prose.active = prose.seen = True
            prose.section = None
        return True
    if not prose.active or state.ends("prose", paragraph):
        # A title or a part banner ends the prose part; their rules take them.
        return False
    if silent:
        return True
    heading = HEADING.match(paragraph.text.strip())
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


def part_banner_rule(state: ParserState, paragraph: Item, *, silent: bool = False) -> bool:
    """``第二部分`` banners end the prose part."""
    if not isinstance(paragraph, Paragraph) or not PART.match(fold(paragraph.text)):
        return False
    if not silent:
        state.prose.active = False
    return True
