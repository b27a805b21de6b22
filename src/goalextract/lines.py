"""What one line of text is, read alone: a table title, a year line, a unit line.

Both the line-table stage (which rebuilds tables from text lines) and the
parser's paragraph and row rules ask these questions, so they live here once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from goalextract.cells import Block, Paragraph
from goalextract.labels import match_label
from goalextract.models import MoneyUnit
from goalextract.text import fold, strip_numbering
from goalextract.values import find_year

# Title endings of target tables (DOMAIN.md §3, title): matched on the folded text.
_TITLE_END = re.compile(
    r"(绩效目标(调整|变更)?(申报|批复|审核|审批|确认)?表|绩效申报表|目标申报表|"
    r"绩效信息表(\(项目入库阶段\))?|项目申报表\(绩效部分\)|绩效目标表\(.*\)|"
    # Look-alikes get a title too, so their tables never run into the project before.
    r"绩效自评表|自评表|绩效评价表|监控表|执行情况表)$"
)
# The same endings inside a line, for a title glued to what follows it.
_TITLE_INSIDE = re.compile(_TITLE_END.pattern.removesuffix("$"))
_DEPARTMENT_TITLE = re.compile(r"部门(\(单位\))?整体(支出)?(预算)?绩效")
_SELF_EVALUATION = re.compile(r"自评|评价表|监控表|完成情况表|执行情况表")
_ATTACHMENT = re.compile(r"^附(件|表)?\s*[\d一二三四五六七八九十]+([-－]\d+)?\s*[:：.、]?\s*")
# A form number printed before the title: 预算表12, 预算12表, 表14-1, 表 15, 表11：
_FORM_NUMBER = re.compile(r"^(?:预算)?(?:表\s*\d+|\d+\s*表)(?:[-－]\d+)?\s*[:：.、]?\s*")
_YEAR_LINE = re.compile(r"^[(（]?\s*(19|20)\d{2}\s*[)）]?\s*年度?\s*[)）]?$")
_UNIT_LINE = re.compile(r"^(?:金额|货币)?单位\s*[:：]\s*(万元|元)\s*$")
# The same declaration at the end of a line that names the department first:
# ``部门名称：某局 单位:万元``.
_UNIT_AT_END = re.compile(r"(?:^|\s)(?:金额|货币)?单位\s*[:：]\s*(万元|元)\s*$")


class Title(NamedTuple):
    """A target-table title as printed (attachment marker and numbering removed)."""

    text: str
    department: bool  # 部门整体支出绩效目标表 and the like
    self_evaluation: bool  # 自评表, 监控表 …: look-alikes, not target tables


def title_text(text: str) -> Title | None:
    """The title a line states, or None when it is not a target-table title."""
    stripped = _FORM_NUMBER.sub("", _ATTACHMENT.sub("", text.strip()))
    stripped = strip_numbering(stripped)
    key = fold(stripped)
    if not key or len(key) > 80:
        return None
    if not _TITLE_END.search(key):
        glued = _glued_title(key)
        if glued is None:
            return None
        stripped = key = glued
    return Title(
        stripped.strip(),
        bool(_DEPARTMENT_TITLE.search(key)),
        bool(_SELF_EVALUATION.search(key)),
    )


def mentions_title(text: str) -> bool:
    """Whether a title ending (…绩效目标表) occurs anywhere in the text."""
    return _TITLE_INSIDE.search(fold(text)) is not None


def _glued_title(key: str) -> str | None:
    """A title run together with the table's first label: ``…绩效目标表部门（单位）名称 X``.

    A text layer without the ruling of the first row prints the title and that
    row as one line; the title is the part before the label.
    """
    for found in _TITLE_INSIDE.finditer(key):
        rest = key[found.end() :]
        if any(match_label(rest[:width]) for width in range(2, min(len(rest), 12) + 1)):
            return key[: found.end()]
    return None


def year_line(text: str) -> int | None:
    """``（2026年度）`` on a line of its own → 2026."""
    if _YEAR_LINE.match(fold(text)):
        return find_year(text)
    return None


def unit_line(text: str, *, at_end: bool = False) -> MoneyUnit | None:
    """``单位：万元`` → 万元; with ``at_end``, also at the end of a longer line."""
    found = _UNIT_LINE.match(fold(text))
    if found is None and at_end:
        found = _UNIT_AT_END.search(text.strip())
    if found is None:
        return None
    return "万元" if found.group(1) == "万元" else "元"


_BRACKETED_UNIT = re.compile(r"^\((万元|元)\)$")


def bracketed_unit(text: str) -> MoneyUnit | None:
    """``（万元）`` alone in a cell (a group label's second line) → 万元."""
    found = _BRACKETED_UNIT.match(fold(text))
    if found is None:
        return None
    return "万元" if found.group(1) == "万元" else "元"


# A title wraps over two lines only when both are short; a second line that
# is a title by itself joins only when it starts in the middle of the phrase.
_MAX_TITLE_LINE = 40
_TITLE_TAILS = ("目标", "绩效", "申报", "表")
_ENDS_SENTENCE = re.compile(r"[。；;：:！!？?、）)\d]$")


def join_wrapped_titles(blocks: Sequence[Block]) -> list[Block]:
    """Two paragraphs that make one title only together (``XX项目绩效`` / ``目标表``), joined."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            isinstance(block, Paragraph)
            and isinstance(previous, Paragraph)
            and len(fold(previous.text)) <= _MAX_TITLE_LINE
            and len(fold(block.text)) <= _MAX_TITLE_LINE
            and title_text(previous.text) is None
            and (title_text(block.text) is None or fold(block.text).startswith(_TITLE_TAILS))
            and not _ENDS_SENTENCE.search(previous.text.strip())
            and title_text(previous.text.strip() + block.text.strip()) is not None
        ):
            out[-1] = Paragraph(previous.text.strip() + block.text.strip(), previous.location)
            continue
        out.append(block)
    return out
