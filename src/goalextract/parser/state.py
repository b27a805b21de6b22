"""Parser state: the document being built, the target table under construction."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from goalextract.cells import Cell, Location
from goalextract.codes import Code
from goalextract.labels import Label, Role
from goalextract.models import (
    DepartmentGoals,
    GoalItem,
    Horizon,
    Indicator,
    MoneyUnit,
    ParseWarning,
    SpendingPlanEntry,
)
from goalextract.paths import indicator_path
from goalextract.text import fold

if TYPE_CHECKING:
    from goalextract.parser.common import BlockRule, Item


class TableKind(str, Enum):
    """What a target table describes: one project, or the department as a whole."""

    PROJECT = "project"
    DEPARTMENT = "department"


# A cell's place in the document: its location (page/line/sheet and table) and
# its grid position. Which cells a rule used is kept by place, never by object
# identity, so the unmapped-cell report cannot depend on object lifetimes.
CellKey = tuple[Location, int, int]


def cell_key(cell: Cell) -> CellKey:
    """The place of a cell, as the key of the set of cells the rules used."""
    return (cell.location, cell.row, cell.col)


@dataclass
class GridColumn:
    """One column of an indicator grid header."""

    col: int
    end: int
    role: Role  # a grid column role, EXTRA, or PROJECT_FIELD (a flat list's project column)
    header: str  # printed header, whitespace removed (key for extra)
    group: int = 0  # horizon group (side-by-side long-term | annual blocks)
    # For a project column of a flat multi-project list (项目名称, 预算数 … in the
    # grid): the header cell and its label, to place the row's value.
    cell: Cell | None = None
    label: Label | None = None


@dataclass
class GridSpec:
    """The indicator grid's header: columns and the horizon of each group."""

    columns: list[GridColumn]
    horizons: dict[int, Horizon]
    signature: tuple[str, ...]
    width: int = 0  # grid columns the header spans, to recognise a continued grid

    def column_for(self, cell: Cell) -> int | None:
        """The index of the column a cell belongs to: the one it overlaps most (first wins)."""
        best, best_overlap = None, 0
        for index, column in enumerate(self.columns):
            overlap = min(column.end, cell.end) - max(column.col, cell.col)
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        return best


@dataclass
class Amount:
    """An amount as read: value, the unit its own text declared, the cell."""

    value: Decimal
    unit: MoneyUnit | None
    cell: Cell
    label: str = ""


# What an unfilled form prints where its values go (compared folded).
_TEMPLATE_RESIDUE = re.compile(r"^(?:[.…·*xX×-]*|(?:(?:指标|目标)\d+:?)+|具体指标\d*)$")


@dataclass
class TableBuilder:
    """A project or department table under construction."""

    kind: TableKind
    location: Location
    title: str | None = None
    title_self_evaluation: bool = False
    year: int | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    department_code: str | None = None
    department_name: str | None = None
    money_unit: MoneyUnit | None = None
    code: str | None = None
    name: str | None = None
    amounts: dict[Role, Amount] = field(default_factory=dict)
    purpose: str | None = None
    spending_plan: list[SpendingPlanEntry] = field(default_factory=list)
    long_term_goals: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[ParseWarning] = field(default_factory=list)
    self_evaluation: bool = False
    # grid and block context
    grid: GridSpec | None = None
    level1: str | None = None
    level2: dict[int, str | None] = field(default_factory=dict)
    # per horizon group: the text of the 三级 cell last printed, for the rows a
    # merged 三级 cell covers below it (a flat list's next block too)
    level3_above: dict[int, str] = field(default_factory=dict)
    multi_year_col: int | None = None
    # the first indicator under a merged 一级 cell whose text is printed further on
    level1_from: int | None = None
    level1_cut: bool = False  # … because the cell was cut at a page break
    # (first indicator, page) under a blank 二级 cell that starts on its row: cut at
    # the page break when its text opens the next page
    level2_cut: tuple[int, int] | None = None
    # a flat-list block whose name and amount are printed further on (cut at a page break)
    fields_pending: bool = False
    # … and the first code characters of its name that its first page showed
    name_head: str | None = None
    # a flat-list block whose own name cell is blank on its first row (text further on)
    name_pending: bool = False
    # … at the top of a page: the name (and code) of the block above, should no
    # text come (the name cell cut at the break, its text printed on the page before)
    name_above: tuple[str | None, str | None] | None = None
    rows: list[Sequence[Cell]] = field(default_factory=list)
    # field path ("budget.total", "indicators[3]", ...) → where it was read
    locations: dict[str, Location] = field(default_factory=dict)

    @property
    def has_identity(self) -> bool:
        """True once the table names its project (a new 项目名称 then starts another)."""
        return bool(self.code or self.name or self.indicators)

    @property
    def is_empty(self) -> bool:
        """True while nothing but a title (and year/unit context) has been read."""
        return not (
            self.code
            or self.name
            or self.unit_name
            or self.department_name
            or self.amounts
            or self.extra
            or self.goals
            or self.long_term_goals
            or self.grid
            or self.indicators
            or self.spending_plan
            or self.purpose
        )

    @property
    def last_row_page(self) -> int | None:
        """The page of the last indicator row read (None: no row yet, or no pages)."""
        if not self.indicators:
            return None
        location = self.locations.get(indicator_path(len(self.indicators) - 1))
        return location.page if location is not None else None

    def settle_level1(self) -> None:
        """Give up waiting for a 一级 below: the rows still without one are reported."""
        if self.level1_from is None:
            return
        for index in range(self.level1_from, len(self.indicators)):
            if self.indicators[index].level1 is None:
                location = self.locations.get(indicator_path(index))
                self.warnings.append(
                    ParseWarning(
                        code=Code.LEVEL1_MISSING,
                        message="indicator row has no 一级指标 and none above to inherit",
                        location=location.as_dict() if location else None,
                    )
                )
        self.level1_from = None

    def settle_name(self) -> None:
        """A block still without a name takes the name of the block above it, if it may."""
        if self.name_above is not None and self.name is None and self.code is None:
            self.name, self.code = self.name_above
        self.name_above = None

    @property
    def is_blank_template(self) -> bool:
        """True for a form printed unfilled: no name or amount, only template residue.

        Budget systems print the blank form (``……`` goals, ``指标1：`` rows with
        no value, pre-filled category cells) where a unit has nothing to declare.
        """
        if self.name or self.code or self.amounts:
            return False
        texts = [*self.goals, *self.long_term_goals]
        for indicator in self.indicators:
            texts += [indicator.level3 or "", indicator.value]
        return all(_TEMPLATE_RESIDUE.match(fold(text)) for text in texts)

    @property
    def is_flat_list(self) -> bool:
        """True for a list of many projects in one grid (project fields in columns)."""
        return self.grid is not None and any(
            column.role == Role.PROJECT_FIELD for column in self.grid.columns
        )

    def repeats_list_title(self, title: str) -> bool:
        """Whether ``title`` is this list's own title printed again on a new page."""
        return self.is_flat_list and self.title == title

    @property
    def is_target(self) -> bool:
        """True when the table holds what only target tables hold."""
        if self.indicators or self.goals or self.long_term_goals:
            return True
        # A grid header alone makes a target table only under a name: an empty
        # template prints the header (even pre-filled category cells) and no name.
        return self.grid is not None and bool(self.name or self.code)

    def add_extra(self, key: str, value: str) -> None:
        """Add a label → value pair; a label seen twice gets ``#2``, ``#3``."""
        if key not in self.extra:
            self.extra[key] = value
            return
        n = 2
        while f"{key}#{n}" in self.extra:
            n += 1
        self.extra[f"{key}#{n}"] = value


@dataclass
class PendingRow:
    """Labels of a label-only row, waiting for their values in the next row."""

    labels: list[tuple[Cell, Role]]  # (label cell, role)


@dataclass
class ProseState:
    """The department prose part (部门整体绩效目标) under construction."""

    active: bool = False
    section: str | None = None  # overall | items | safeguards
    overall: list[str] = field(default_factory=list)
    items: list[tuple[str, list[str]]] = field(default_factory=list)
    safeguards: list[str] = field(default_factory=list)
    seen: bool = False

    def build(self) -> DepartmentGoals | None:
        """The DepartmentGoals model, or None when the document had no prose part."""
        if not self.seen:
            return None
        return DepartmentGoals(
            overall="\n".join(self.overall) or None,
            items=[GoalItem(title=t, text="\n".join(lines)) for t, lines in self.items],
            safeguards="\n".join(self.safeguards) or None,
        )


@dataclass
class ParserState:
    """Everything the rules read and write while the block stream is walked."""

    prose: ProseState = field(default_factory=ProseState)
    targets: list[TableBuilder] = field(default_factory=list)
    current: TableBuilder | None = None
    warnings: list[ParseWarning] = field(default_factory=list)
    # set by paragraphs, consumed by the next table
    pending_title: tuple[str, Location, bool] | None = None
    pending_year: int | None = None
    pending_money_unit: MoneyUnit | None = None
    # how many paragraphs (not year or unit lines) stood between the pending
    # title and here: a title is a table's only when the table follows closely
    title_age: int = 0
    # table walking
    consumed: set[CellKey] = field(default_factory=set)
    pending_row: PendingRow | None = None
    pending_plan: list[tuple[Cell, str]] | None = None
    pending_purpose: bool = False
    # the row before was a grid header: this one may hold its sub-labels
    grid_header_above: bool = False
    grid_horizon_hint: Horizon | None = None
    # block name → the rules whose match ends that block (markdown-it's
    # terminator lists), from the rule table; set by the machine
    terminators: dict[str, tuple[BlockRule, ...]] = field(default_factory=dict)

    def take(self, *cells: Cell) -> None:
        """Mark cells as placed in a field, so they are not reported as unmapped."""
        for cell in cells:
            self.consumed.add(cell_key(cell))

    def warn(
        self, code: Code, message: str, location: Location | None = None, *, target: bool = True
    ) -> None:
        """Record a warning, attached to the current target when there is one."""
        warning = ParseWarning(
            code=code, message=message, location=location.as_dict() if location else None
        )
        if target and self.current is not None:
            self.current.warnings.append(warning)
        else:
            self.warnings.append(warning)

    def finish_target(self) -> None:
        """Close the target under construction; report cells no rule placed."""
        target = self.current
        if target is not None:
            target.settle_level1()
            target.settle_name()
            seen: set[CellKey] = set()
            for row in target.rows:
                for cell in row:
                    key = cell_key(cell)
                    if cell.blank or key in seen or key in self.consumed:
                        continue
                    seen.add(key)
                    target.warnings.append(
                        ParseWarning(
                            code=Code.UNMAPPED_CELL,
                            message=f"cell not placed in any field: {cell.text.strip()!r}",
                            location=cell.location.as_dict(),
                        )
                    )
            self.targets.append(target)
        self.current = None
        self.pending_row = None
        self.pending_plan = None
        self.pending_purpose = False

    def ends(self, block: str, item: Item) -> bool:
        """Whether a rule that may end ``block`` (``grid``, ``prose``) would take ``item``."""
        return any(rule(self, item, silent=True) for rule in self.terminators.get(block, ()))

    def start_target(self, kind: TableKind, location: Location) -> TableBuilder:
        """Close the current target and open a new one, taking pending paragraph context."""
        self.finish_target()
        target = TableBuilder(kind=kind, location=location)
        if self.pending_title is not None:
            title, title_location, self_eval = self.pending_title
            target.title = title
            target.title_self_evaluation = self_eval
            target.location = _merge_location(title_location, location)
            self.pending_title = None
        target.year = self.pending_year
        target.money_unit = self.pending_money_unit
        self.pending_year = None
        self.pending_money_unit = None
        self.current = target
        return target


def _merge_location(title: Location, table: Location) -> Location:
    # The contract's location is where the table starts; a title paragraph just
    # before it is the start for text and paged inputs, the table number is the table's.
    return Location(
        line=title.line if title.line is not None else table.line,
        page=title.page if title.page is not None else table.page,
        table=table.table,
        sheet=table.sheet,
    )
