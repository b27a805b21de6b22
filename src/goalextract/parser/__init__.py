"""Block stream → Document: the format-blind, label-driven parser.

``parse_blocks`` is the only entry point; it knows nothing about input formats.
"""

from __future__ import annotations

from goalextract.cells import Block
from goalextract.codes import Code
from goalextract.models import DepartmentGoals, DepartmentTable, ParseWarning, Project
from goalextract.parser.machine import assemble, run

__all__ = ["ParsedContent", "parse_blocks"]


class ParsedContent:
    """What the parser found: the Document's content fields."""

    def __init__(
        self,
        department_goals: DepartmentGoals | None,
        department_tables: list[DepartmentTable],
        projects: list[Project],
        warnings: list[ParseWarning],
    ) -> None:
        self.department_goals = department_goals
        self.department_tables = department_tables
        self.projects = projects
        self.warnings = warnings


def parse_blocks(blocks: list[Block]) -> ParsedContent:
    """Map a block stream onto the contract's content fields."""
    state = run(blocks)
    projects, departments, warnings = assemble(state)
    if not projects and not departments:
        warnings.append(
            ParseWarning(
                code=Code.NO_TARGET_TABLES,
                message="no performance target table (绩效目标表) found in this document",
            )
        )
    return ParsedContent(state.prose.build(), departments, projects, warnings)
