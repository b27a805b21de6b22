"""The loop that drives the rules over the block stream."""

from __future__ import annotations

from goalextract.cells import Block, Paragraph, Table
from goalextract.labels import match_label
from goalextract.models import DepartmentTable, ParseWarning, Project
from goalextract.parser.build import build_department, build_project, unit_warning
from goalextract.parser.common import Row
from goalextract.parser.linear import looks_like_table, parse_linear
from goalextract.parser.paragraphs import PARAGRAPH_RULES, title_text, unit_rule, year_rule
from goalextract.parser.rows import ROW_RULES
from goalextract.parser.state import ParserState, TargetBuilder


def run(blocks: list[Block]) -> ParserState:
    """Walk the blocks through the paragraph and row rules; return the final state."""
    state = ParserState()
    for block in blocks:
        if isinstance(block, Paragraph):
            _paragraph(state, block)
        else:
            _table(state, block)
    if state.linear is not None:
        _flush_linear(state)
    state.finish_target()
    return state


# A title stands right above its table (after at most a year line, a unit line,
# an attachment marker); more text between them means the title was not a
# table's (a reference in the narrative) and must not name the next table.
_STALE_TITLE_AFTER = 3


def _paragraph(state: ParserState, paragraph: Paragraph) -> None:
    if state.linear is not None:
        if title_text(paragraph.text) is None:
            # Year and unit lines under the title are context for whatever follows.
            if state.linear or not (year_rule(state, paragraph) or unit_rule(state, paragraph)):
                state.linear.append(paragraph)
            return
        _flush_linear(state)
    if _apply_paragraph_rules(state, paragraph) == "title":
        # Lines after a title with no table: maybe a table given as text.
        state.linear = []


def _apply_paragraph_rules(state: ParserState, paragraph: Paragraph) -> str | None:
    for name, rule in PARAGRAPH_RULES:
        if rule(state, paragraph):
            return name
    return None


def _flush_linear(state: ParserState) -> None:
    """End the collection of lines after a title: a table given as text, or plain text."""
    lines, state.linear = state.linear, None
    if not lines:
        return
    if looks_like_table(lines):
        title = state.pending_title
        department = bool(title and (found := title_text(title[0])) and found[1])
        target = state.start_target("department" if department else "project", lines[0].location)
        parse_linear(state, target, lines)
        state.finish_target()
        return
    _replay(state, lines)


def _replay(state: ParserState, lines: list[Paragraph]) -> None:
    """Give collected lines to the paragraph rules after all (prose, notes)."""
    if len(lines) > _STALE_TITLE_AFTER:
        state.pending_title = None
    for line in lines:
        _apply_paragraph_rules(state, line)


def _table(state: ParserState, table: Table) -> None:
    if state.linear is not None:
        # A real table follows the title; the lines between are ordinary text.
        lines, state.linear = state.linear, None
        _replay(state, lines)
    if state.pending_title is not None:
        _title, _location, _self_eval = state.pending_title
        found = title_text(_title)
        department = bool(found and found[1])
        state.start_target("department" if department else "project", table.location)
    elif state.current is not None and not _continues(state.current, table):
        state.finish_target()
    for row in table.rows:
        _row(state, row)


def _continues(target: TargetBuilder, table: Table) -> bool:
    """Whether a table without a title continues the current target (a page break)."""
    for row in table.rows:
        cells = [c for c in row if not c.blank]
        if not cells:
            continue
        if any(match_label(c.text) is not None for c in cells):
            return True
        return target.grid is not None and len(row) == target.grid.width
    return True


def _row(state: ParserState, row: Row) -> None:
    pending = (state.pending_row, state.pending_plan, state.pending_purpose)
    for _name, rule in ROW_RULES:
        if rule(state, row, silent=False):
            break
    else:
        if state.current is not None:
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
                    code="self_evaluation_table",
                    message=f"a self-evaluation table (自评表) is not a target table: "
                    f"{target.title or target.name or 'untitled'}",
                    location=target.location.as_dict(),
                )
            )
            continue
        if not target.is_target:
            if target.title:
                warnings.append(
                    ParseWarning(
                        code="empty_target_table",
                        message=f"table titled {target.title!r} has no goals or indicators",
                        location=target.location.as_dict(),
                    )
                )
            continue
        department = target.kind == "department" or (
            not (target.name or target.code)
            and bool({"basic", "project_spending"} & set(target.amounts))
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
