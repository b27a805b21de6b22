"""The rule table: every block-level rule of the parser, in priority order.

One table for paragraphs and table rows alike (markdown-it-py's ruler): the
machine offers each item to the rules in this order and the first that takes
it wins. ``ends`` is the data markdown-it calls a rule's ``alt`` list: the
blocks a match of this rule ends. The indicator grid asks the rules that may
end ``grid`` (in silent mode) whether a row is still a grid row; the prose
part asks those that may end ``prose``. A new rule goes here, with its
function beside its kind (``paragraphs.py``, ``rows.py``, ``grid.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from goalextract.parser.common import BlockRule
from goalextract.parser.grid import grid_header_row, grid_subheader_row, list_header_row
from goalextract.parser.headless import headless_grid_row
from goalextract.parser.paragraphs import (
    part_banner_rule,
    prose_rule,
    title_rule,
    unit_rule,
    year_rule,
)
from goalextract.parser.rows import (
    blank_row,
    grid_row,
    pairs_row,
    pending_plan_row,
    pending_purpose_row,
    pending_values_row,
    spending_plan_row,
    title_row,
    unit_line_row,
)


@dataclass(frozen=True)
class Rule:
    """One named rule, and the blocks a match of it ends."""

    name: str
    run: BlockRule
    ends: frozenset[str] = frozenset()


_GRID = frozenset({"grid"})
_PROSE = frozenset({"prose"})

RULES: tuple[Rule, ...] = (
    # -- paragraphs: the prose part owns its headings, then titles, year and unit lines
    Rule("prose", prose_rule),
    Rule("title", title_rule, ends=_PROSE),
    Rule("year", year_rule),
    Rule("unit", unit_rule),
    Rule("part_banner", part_banner_rule, ends=_PROSE),
    # -- table rows
    Rule("blank", blank_row),
    Rule("title_row", title_row, ends=_GRID),
    Rule("unit_line", unit_line_row, ends=_GRID),
    Rule("grid_header", grid_header_row),
    Rule("grid_subheader", grid_subheader_row),
    Rule("list_header", list_header_row),
    Rule("spending_plan", spending_plan_row),
    Rule("pending_plan", pending_plan_row),
    Rule("pending_values", pending_values_row),
    Rule("pending_purpose", pending_purpose_row),
    Rule("grid_row", grid_row),
    Rule("headless_grid", headless_grid_row),
    Rule("pairs", pairs_row, ends=_GRID),
)


def terminators() -> dict[str, tuple[BlockRule, ...]]:
    """Block name → the rules that may end it, in table order."""
    found: dict[str, list[BlockRule]] = {}
    for rule in RULES:
        for block in rule.ends:
            found.setdefault(block, []).append(rule.run)
    return {block: tuple(rules) for block, rules in found.items()}
