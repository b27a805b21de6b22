"""The loop that drives the rule table over the block stream."""

from __future__ import annotations

from goalextract.cells import Block, Paragraph, Table
from goalextract.codes import Code
from goalextract.labels import DEPARTMENT_MONEY_ROLES
from goalextract.lines import title_text
from goalextract.models import DepartmentTable, ParseWarning, Project
from goalextract.parser.build import build_department, build_project, unit_warning
from goalextract.parser.common import Item, Row
from goalextract.parser.pages import continuation
from goalextract.parser.rules import RULES, terminators
from goalextract.parser.state import ParserState, TableKind

# A title stands right above its table (after at most a year line, a unit line,
# an attachment marker); more text between them means the title was not a
# table's (a reference in the narrative) and must not name the next table.
_STALE_TITLE_AFTER = 3
# Rules whose paragraphs are context for the table under a title, not text between.
_TITLE_CONTEXT = frozenset({"title", "year", "unit"})


def run(blocks: list[Block]) -> ParserState:
    """Walk the blocks through the rule table; return the final state."""
    state = ParserState(terminators=terminators())
    for block in blocks:
        if isinstance(block, Paragraph):
            _paragraph(state, block)
        else:
            _table(state, block)
    state.finish_target()
    return state


def _apply(state: ParserState, item: Item) -> str | None:
    """Offer the item to the rules in order; the name of the rule that took it."""
    for rule in RULES:
        if rule.run(state, item, silent=False):
            return rule.name
    return None


def _paragraph(state: ParserState, paragraph: Paragraph) -> None:
    taken_by = _apply(state, paragraph)
    if state.pending_title is None:
        return
    if taken_by not in _TITLE_CONTEXT or state.title_age:
        # Year and unit lines count only while they stand right under the title.
        state.title_age += 1


def _table(state: ParserState, table: Table) -> None:
    if state.pending_title is not None and state.title_age > _STALE_TITLE_AFTER:
        state.pending_title = None
    current = state.current
    if (
        state.pending_title is not None
        and current is not None
        and current.repeats_list_title(state.pending_title[0])
    ):
        state.pending_title = None  # a list's title repeated on every page
    if state.pending_title is not None:
        found = title_text(state.pending_title[0])
        department = bool(found and found.department)
        state.start_target(
            TableKind.DEPARTMENT if department else TableKind.PROJECT, table.location
        )
    elif state.current is not None:
        continued = continuation(state.current, table)
        if continued is None:
            state.finish_target()
        else:
            table = continued
    for row in table.rows:
        _row(state, row)


def _row(state: ParserState, row: Row) -> None:
    pending = (state.pending_row, state.pending_plan, state.pending_purpose)
    taken_by = _apply(state, row)
    if taken_by != "grid_header":
        state.grid_header_above = False
    if taken_by is None and state.current is not None:
        # Nobody took the row: it is still the target's, so its cells are
        # reported as unmapped when the target closes.
        state.current.rows.append(row)
    # Pending context lives for one row only.
    if state.pending_row is pending[0]:
        state.pending_row = None
    if state.pending_plan is pending[1]:
        state.pending_plan = None
    if state.pending_purpose and pending[2]:
        state.pending_purpose = False


def assemble(
    state: ParserState,
) -> tuple[list[Project], list[DepartmentTable], list[ParseWarning]]:
    """Build models from the finished targets; drop look-alikes with a warning."""
    projects: list[Project] = []
    departments: list[DepartmentTable] = []
    warnings: list[ParseWarning] = list(state.warnings)
    for target in state.targets:
        if target.self_evaluation or target.title_self_evaluation:
            warnings.append(
                ParseWarning(
                    code=Code.SELF_EVALUATION_TABLE,
                    message=f"a self-evaluation table (自评表) is not a target table: "
                    f"{target.title or target.name or 'untitled'}",
                    location=target.location.as_dict(),
                )
            )
            continue
        if not target.is_target or target.is_blank_template:
            if target.title:
                warnings.append(
                    ParseWarning(
                        code=Code.EMPTY_TARGET_TABLE,
                        message=f"table titled {target.title!r} is a blank template"
                        if target.is_blank_template and target.is_target
                        else f"table titled {target.title!r} has no goals or indicators",
                        location=target.location.as_dict(),
                    )
                )
            continue
        department = target.kind == TableKind.DEPARTMENT or (
            not (target.name or target.code) and bool(DEPARTMENT_MONEY_ROLES & set(target.amounts))
        )
        unit_note = unit_warning(target, target.money_unit)
        if department:
            index = len(departments) + 1
            departments.append(build_department(target, index))
            project_index = None
        else:
            index = len(projects) + 1
            projects.append(build_project(target, index))
            project_index = index
        for warning in [*target.warnings, *([unit_note] if unit_note else [])]:
            warnings.append(warning.model_copy(update={"project": project_index}))
    return projects, departments, warnings
