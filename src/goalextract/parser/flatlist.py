"""Flat lists of many projects in one grid: which rows open a project, and its fields.

A flat list prints each project's cells (name, amounts, goals) merged down the
block of its indicator rows; a PDF cuts such blocks at page breaks and prints
their text in whichever part holds its middle. The rules here decide, row by
row, whether the row opens a new block, continues the one above, or completes
a block whose name and amount the page before could not show.
"""

from __future__ import annotations

import re
from dataclasses import replace

from goalextract.cells import Cell
from goalextract.labels import Label, Role
from goalextract.lines import mentions_title
from goalextract.parser.common import Row
from goalextract.parser.cutnames import lossy_copy, overlap_join, rejoined_name, same_amount
from goalextract.parser.fields import apply_field, split_glued_code, starts_with_code
from goalextract.parser.state import GridColumn, GridSpec, ParserState, TableBuilder
from goalextract.text import clean_value
from goalextract.values import parse_amount

# The project columns that tell one block of a flat list from the next.
_IDENTITY_ROLES = frozenset({Role.NAME, Role.CODE, Role.TOTAL, Role.TOTAL_BARE})


def project_columns(
    state: ParserState,
    target: TableBuilder,
    spec: GridSpec,
    by_column: dict[int, list[Cell]],
    row: Row,
) -> TableBuilder:
    """Place a flat list's project fields; a new name, code or amount starts a new project.

    A project's cells are merged down its block of rows, so they are printed on
    its first row only. A block may sit under the name of the block before (a
    name merged over several amount blocks, one per budget unit): it inherits
    the name. A block that repeats the name and amount of the one before is
    that block continued on a new page.
    """
    values = [
        (column, cells[0])
        for index, column in enumerate(spec.columns)
        if column.role == Role.PROJECT_FIELD and (cells := by_column.get(index))
    ]
    fragment = _code_fragment_only(values)
    cut = _cut_block_starts(target, spec, row)
    if fragment is not None or cut is not False:
        # A block cut at the page break with its cells' text printed on the
        # next page: its rows start here, its name and amount come later (the
        # page may show the first characters of its code, nothing more).
        target = _next_flat_project(state, target, row, inherit=cut is None)
        target.fields_pending = True
        if fragment is not None:
            target.name_head = clean_value(fragment.text)
            state.take(fragment)
            values = [(c, cell) for c, cell in values if cell is not fragment]
    if not values:
        return target
    identity = {c.label.role for c, _ in values if c.label is not None} & _IDENTITY_ROLES
    if target.fields_pending:
        target.fields_pending = not identity
        if target.name_head is not None and Role.NAME in identity:
            head, target.name_head = target.name_head, None
            values = [(c, _after_head(c, cell, head)) for c, cell in values]
    elif (whole := _cut_name_again(target, values, row)) is not None:
        values = [(c, _renamed(c, cell, whole)) for c, cell in values]
    elif _rest_of_cut_name(target, values, row):
        values = [(c, _joined_name(target, cell, c)) for c, cell in values]
    elif _starts_flat_project(target, values, row):
        target = _new_block(state, target, spec, row, own_name=Role.NAME in identity)
    for column, cell in values:
        assert column.label is not None and column.cell is not None
        if _already_read(target, column.label, cell):
            _keep_full_reading(target, column.label, cell)
            state.take(cell)
            continue
        apply_field(state, target, column.cell, column.label, cell)
        if column.label.role == Role.NAME:
            _name_blocks_above(state, target, row)
    return target


def _new_block(
    state: ParserState, target: TableBuilder, spec: GridSpec, row: Row, *, own_name: bool
) -> TableBuilder:
    """The next block, under the name of the one above unless a name of its own starts here."""
    fresh = _blank_cell_of_its_own(spec, row, Role.NAME)
    block = _next_flat_project(state, target, row, inherit=not fresh)
    block.name_pending = fresh
    last = target.last_row_page
    if fresh and last is not None and row and last < (row[0].location.page or 0):
        # At the top of a page the blank cell may be the name cell cut at the
        # break, its text printed on the page before: the name above holds,
        # unless a text of the block's own comes (``settle_name``).
        block.name_above = (target.name, target.code)
    if own_name:
        # The block prints a name of its own: the code comes with it, if at all.
        block.name = block.code = None
    return block


def _rest_of_cut_name(
    target: TableBuilder, values: list[tuple[GridColumn, Cell]], row: Row
) -> bool:
    """Whether a name with no amount at the top of a page ends the name cut above it.

    A new name starts with its project code where the list prints codes; the
    rest of a cut one does not. The page may print the cut amounts again
    beside it: they must be the amounts read (another block has its own).
    """
    roles = {column.label.role for column, _ in values if column.label is not None}
    if Role.NAME not in roles:
        return False
    if roles & {Role.TOTAL, Role.TOTAL_BARE} and not _amounts_again(target, values):
        return False
    names = [cell for column, cell in values if column.label and column.label.role == Role.NAME]
    rest = clean_value(names[0].text)
    if (target.code and starts_with_code(rest)) or mentions_title(rest):
        return False  # a new name; or a title band holding text cut off elsewhere
    if target.name is None or not target.amounts or not row:
        return False
    last = target.last_row_page
    return last is not None and last != row[0].location.page


def _names_the_block_above(
    target: TableBuilder, values: list[tuple[GridColumn, Cell]], row: Row
) -> bool:
    """Whether a name opening a page beside no amount names the nameless block above.

    A name cell merged over several blocks and cut at the break may print its
    text only in its part on the next page (the page before shows it as loose
    lines under the frame). The block above, still without a name, goes on
    there: its amount cell is cut too, blank here.
    """
    roles = {column.label.role for column, _ in values if column.label is not None}
    if Role.NAME not in roles or roles & {Role.CODE, Role.TOTAL, Role.TOTAL_BARE}:
        return False
    if target.name is not None or target.code is not None or not target.indicators or not row:
        return False
    last = target.last_row_page
    return last is not None and last < (row[0].location.page or 0)


def _amounts_again(target: TableBuilder, values: list[tuple[GridColumn, Cell]]) -> bool:
    """Whether every amount cell of the row repeats an amount the block has read."""
    for column, cell in values:
        role = column.label.role if column.label else None
        if role not in (Role.TOTAL, Role.TOTAL_BARE):
            continue
        amount = target.amounts.get(role)
        text = clean_value(cell.text)
        if amount is None or not text or not same_amount(clean_value(amount.cell.text), text):
            return False
    return True


def _joined_name(target: TableBuilder, cell: Cell, column: GridColumn) -> Cell:
    """The name cell with the part printed before the break in front of it."""
    if column.label is None or column.label.role != Role.NAME:
        return cell
    printed = _printed_name(target)
    rest = clean_value(cell.text)
    return replace(cell, text=overlap_join(printed, rest) or printed + rest)


def _printed_name(target: TableBuilder) -> str:
    """The block's name as the list prints it, with its code in front."""
    return f"{target.code}-{target.name}" if target.code else target.name or ""


def _cut_name_again(
    target: TableBuilder, values: list[tuple[GridColumn, Cell]], row: Row
) -> str | None:
    """The whole name when the first block on a page prints the cut block above again.

    The page before ended inside the block, and this page repeats its name
    cell (whole, or the part on this page, see ``cutnames``) and its amounts,
    which must agree with those read: another block with a similar name has
    amounts of its own, and a code of its own.
    """
    last = target.last_row_page
    if last is None or not row or last == row[0].location.page or not target.name:
        return None
    names = [cell for c, cell in values if c.label is not None and c.label.role == Role.NAME]
    if not names:
        return None
    again = clean_value(names[0].text)
    glued = split_glued_code(again)
    code = target.code
    if glued is not None and code is not None and glued != code and not glued.endswith(code):
        return None  # another code (a code cut to its tail may come back whole)
    for column, cell in values:
        amount = target.amounts.get(column.label.role) if column.label else None
        text = clean_value(cell.text)
        if amount is not None and text and not same_amount(clean_value(amount.cell.text), text):
            return None
    return rejoined_name(_printed_name(target), again)


def _after_head(column: GridColumn, cell: Cell, head: str) -> Cell:
    """The name cell completed by the code characters the page before showed.

    The next page prints the name cell again from some line on: from the
    start (the head repeated), or from the rest of the code (``7475-名称``
    after ``11000022T00000048``), which the head completes.
    """
    if column.label is None or column.label.role != Role.NAME:
        return cell
    text = clean_value(cell.text)
    joined = overlap_join(head, text)
    if joined is None and starts_with_code(head + text) and not starts_with_code(text):
        joined = head + text
    return replace(cell, text=joined or text)


def _renamed(column: GridColumn, cell: Cell, name: str) -> Cell:
    if column.label is None or column.label.role != Role.NAME:
        return cell
    return replace(cell, text=name)


def _keep_full_reading(target: TableBuilder, label: Label, cell: Cell) -> None:
    """Read an amount again from its second printing when the first lost a glyph."""
    amount = target.amounts.get(label.role)
    if amount is None or not lossy_copy(clean_value(amount.cell.text), clean_value(cell.text)):
        return
    value, unit = parse_amount(clean_value(cell.text))
    if value is not None:
        unit = unit or amount.unit
        target.amounts[label.role] = replace(amount, value=value, unit=unit, cell=cell)


def _name_blocks_above(state: ParserState, target: TableBuilder, row: Row) -> None:
    """A name at the top of a page also names the nameless blocks just above it.

    A name cell merged over several blocks and cut at a page break is printed
    in its part on the next page: the blocks on the page before are under it.
    """
    page = row[0].location.page if row else None
    earlier = [t for t in state.targets if t.grid is target.grid]
    if page is None or not earlier or target.name is None:
        return
    last = earlier[-1].last_row_page
    if last is None or last == page:
        return
    for block in reversed(earlier):
        if block.name or block.code:
            break
        block.name, block.code = target.name, target.code


def _starts_flat_project(
    target: TableBuilder, values: list[tuple[GridColumn, Cell]], row: Row
) -> bool:
    if _names_the_block_above(target, values, row):
        return False  # the block goes on under its name
    for column, cell in values:
        assert column.label is not None
        role = column.label.role
        if role in (Role.NAME, Role.CODE) and not _already_read(target, column.label, cell):
            if target.name_pending and target.name is None:
                continue  # the name of this block, printed after its first rows
            current = target.name if role == Role.NAME else target.code
            if current is not None or target.indicators:
                return True
        if (
            role in (Role.TOTAL, Role.TOTAL_BARE)
            and role in target.amounts
            and not _already_read(target, column.label, cell)
        ):
            return True
    return False


def _already_read(target: TableBuilder, label: Label, cell: Cell) -> bool:
    """Whether the target holds this value already (a block continued on a new page).

    A page repeats a cut cell's text in its part: the whole of it, or the part
    that falls on this page (the end of a name).
    """
    text = clean_value(cell.text)
    if label.role == Role.NAME:
        if target.name is None:
            return False
        printed = f"{target.code}-{target.name}" if target.code else target.name
        return text in (target.name, printed) or (len(text) >= 2 and printed.endswith(text))
    if label.role == Role.CODE:
        return target.code is not None and text == target.code
    amount = target.amounts.get(label.role)
    if amount is not None:
        return same_amount(clean_value(amount.cell.text), text)
    return False


_CODE_FRAGMENT = re.compile(r"^[0-9A-Za-z]{6,}$")


def _code_fragment_only(values: list[tuple[GridColumn, Cell]]) -> Cell | None:
    """The name cell when it holds a bare run of code characters and no amount stands by it."""
    roles = {c.label.role: cell for c, cell in values if c.label is not None}
    cell = roles.get(Role.NAME)
    if cell is None or Role.TOTAL in roles or Role.TOTAL_BARE in roles:
        return None
    return cell if _CODE_FRAGMENT.match(clean_value(cell.text)) else None


def _blank_cell_of_its_own(spec: GridSpec, row: Row, role: Role) -> bool:
    """Whether the row's cell in the ``role`` project column is blank but no merged part.

    A new name cell opens there: its text stands further down (the PDF prints a
    merged cell's text at its middle, or in its part on the next page), so the
    block does not take the name of the block above.
    """
    column = next(
        (
            c
            for c in spec.columns
            if c.role == Role.PROJECT_FIELD and c.label and c.label.role == role
        ),
        None,
    )
    if column is None:
        return False
    cell = next((c for c in row if c.col < column.end and column.col < c.end), None)
    return cell is not None and cell.blank and cell.merged is False


def _cut_block_starts(target: TableBuilder, spec: GridSpec, row: Row) -> bool | None:
    """Whether blank name and amount cells merged down from this row start a block.

    Blank merged cells at the top of a page are the block above continued; further
    down they open a new block whose text the PDF printed in its part on the next page.
    The name cell may go on from above (a name merged over several amount
    blocks): then the new block is under that name, and the answer is None.
    """
    last = target.last_row_page
    if last is None or not row or last != row[0].location.page:
        return False  # no indicator row above on this page: the block above goes on
    cells = {role: _cells_in(spec, row, (role,)) for role in (Role.NAME, Role.CODE, Role.TOTAL)}
    cells[Role.TOTAL] += _cells_in(spec, row, (Role.TOTAL_BARE,))
    if not any(cells.values()) or not all(cell.blank for found in cells.values() for cell in found):
        return False
    # A blank cell of its own (not the part of a merged cell above) opens the
    # block; a one-row piece at the page bottom has no rowspan to show it.
    if all(_own(cell) for found in cells.values() for cell in found):
        return True
    names = cells[Role.NAME] + cells[Role.CODE]
    if cells[Role.TOTAL] and all(_own(cell) for cell in cells[Role.TOTAL]) and names:
        return None
    return False


def _own(cell: Cell) -> bool:
    return cell.rowspan > 1 or cell.merged is False


def _cells_in(spec: GridSpec, row: Row, roles: tuple[Role, ...]) -> list[Cell]:
    """The row's cells under the project columns of these roles."""
    columns = [
        c
        for c in spec.columns
        if c.role == Role.PROJECT_FIELD and c.label is not None and c.label.role in roles
    ]
    return [cell for cell in row if any(c.col < cell.end and cell.col < c.end for c in columns)]


def _next_flat_project(
    state: ParserState, previous: TableBuilder, row: Row, *, inherit: bool = True
) -> TableBuilder:
    state.pending_title = None
    target = state.start_target(previous.kind, row[0].location)
    # What the list's title, unit line and header said holds for every project in it.
    target.title, target.year, target.money_unit = (
        previous.title,
        previous.year,
        previous.money_unit,
    )
    target.grid = previous.grid
    # A 三级 cell may be merged across the blocks' boundary (rows of both).
    target.level3_above = dict(previous.level3_above)
    if inherit:
        # A block under a name merged over several blocks: the name is the one above.
        target.name, target.code = previous.name, previous.code
        target.unit_code, target.unit_name = previous.unit_code, previous.unit_name
    return target
