"""The line-table stage: text lines that lost their table become a ``Table`` again.

PDF text layers (``pdftotext`` output saved as .txt, a PDF without ruling lines)
print a table one text line per cell line, with no column positions: wrapped
cells come as several lines and blank cells vanish. The labels still say what
every value is, so this stage (blocks → blocks, before the parser) rebuilds
the table from the vocabulary alone, and the parser then sees only paragraphs
and tables:

1. which lines: the paragraphs after a target-table title, up to the next
   title or the end, when no real table follows them and they name a project
   and an indicator grid header; year and unit lines right under the title
   stay paragraphs (context for the table);
2. tokens: each line, split where a value and the next label share a line
   (``771,325,800.00 年度资金申请总额``);
3. fields: the longest run of tokens (up to four, joined without a separator)
   that is a known label starts a field; the tokens up to the next label are
   its value, wrapped lines joined → a ``label | value`` row;
4. goals: labels without values (``项目总目标`` ``年度总体目标``) share the
   lines that follow, split at ASCII quotes, a restart of the numbering, or a
   line that ends a sentence → a row of labels over a row of values;
5. money: with the columns lost, a multi-year block (项目资金总额 and the
   sources under it) reads first and the annual block second; where a source
   label occurs twice beside a 项目资金总额, the first is the multi-year one
   and is put back in the multi-year column;
6. grid: after the header, each row is [一级] [二级] 三级 value, the category
   names recognised from DOMAIN.md §4, placed under their header columns.

A line no step places is kept in a column of its own, beyond the header, so
the parser reports it as an unmapped cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from goalextract.cells import Block, Cell, Location, Paragraph, Table
from goalextract.labels import (
    GRID_COLUMN_ROLES,
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    Label,
    Role,
    match_label,
)
from goalextract.lines import title_text, unit_line, year_line
from goalextract.numbering import FIRST_ITEM
from goalextract.text import fold, join_wrapped
from goalextract.values import is_amount, parse_target

_MAX_JOIN = 4
_SENTENCE_END = re.compile(r"[。；;！!？?]\"?$")
_MONEY_ROLES = frozenset(
    {Role.TOTAL, Role.TOTAL_BARE, Role.FISCAL, Role.OTHER, Role.CARRYOVER, Role.PROJECT_TOTAL}
)
_GROUP_ROLES = frozenset({Role.MONEY_GROUP, Role.PURPOSE_GROUP, Role.GRID})
# Columns of the rebuilt table: money in two blocks (multi-year, annual) of
# label | value; grid columns from 0; what no step placed, far right.
_MULTI_YEAR_COL = 0
_ANNUAL_COL = 2
_UNPLACED_COL = 64
# Short qualitative targets seen in real grids (DOMAIN.md §5).
_QUALITATIVE = frozenset(
    {
        "合理",
        "可控",
        "及时",
        "减少",
        "提升",
        "健全",
        "提高",
        "降低",
        "正常使用",
        "有效",
        "达标",
        "完成",
        "良好",
        "稳定",
        "持续",
        "明显改善",
        "不超预算",
        "按时完成",
        "显著",
        "逐步提高",
        "改善",
    }
)


def rebuild_tables(blocks: Sequence[Block]) -> list[Block]:
    """The block stream with every run of text lines that is a table turned into a Table."""
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        out.append(block)
        index += 1
        if not isinstance(block, Paragraph) or title_text(block.text) is None:
            continue
        context, lines, index = _after_title(blocks, index)
        out.extend(context)
        table_follows = index < len(blocks) and isinstance(blocks[index], Table)
        if lines and not table_follows and looks_like_table(lines):
            out.append(build_table(lines))
        else:
            out.extend(lines)
    return out


def _after_title(
    blocks: Sequence[Block], index: int
) -> tuple[list[Paragraph], list[Paragraph], int]:
    """The paragraphs after a title up to the next title or table: (context, lines, end)."""
    context: list[Paragraph] = []
    lines: list[Paragraph] = []
    while index < len(blocks):
        block = blocks[index]
        if not isinstance(block, Paragraph) or title_text(block.text) is not None:
            break
        if not lines and (year_line(block.text) or unit_line(block.text)):
            context.append(block)
        else:
            lines.append(block)
        index += 1
    return context, lines, index


def looks_like_table(paragraphs: Sequence[Paragraph]) -> bool:
    """True when the lines name a project and carry an indicator grid header."""
    roles = {label.role for label in (match_label(p.text) for p in paragraphs) if label}
    return bool(roles & {Role.NAME, Role.CODE}) and len(roles & GRID_COLUMN_ROLES) >= 2


# -- tokens ---------------------------------------------------------------------


def _tokens(paragraphs: Sequence[Paragraph]) -> list[Cell]:
    tokens: list[Cell] = []
    for paragraph in paragraphs:
        for piece in _split_line(paragraph.text.strip()):
            tokens.append(Cell(text=piece, row=len(tokens), col=0, location=paragraph.location))
    return tokens


def _split_line(line: str) -> list[str]:
    # Split at a run of spaces only where it separates cells: after an amount,
    # before a known label, or where the run is wide (layout padding).
    parts = re.split(r"(\s+)", line)
    pieces: list[str] = []
    current = ""
    for index in range(0, len(parts), 2):
        word = parts[index]
        if not current:
            current = word
            continue
        gap = parts[index - 1]
        if len(gap) >= 2 or is_amount(current) or match_label(word) is not None:
            pieces.append(current)
            current = word
        else:
            current += gap + word
    if current:
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()]


def _label_at(tokens: Sequence[Cell], index: int) -> tuple[Label, int] | None:
    """The longest label starting at ``index``, joining up to four tokens."""
    best: tuple[Label, int] | None = None
    text = ""
    for width in range(1, min(_MAX_JOIN, len(tokens) - index) + 1):
        text += tokens[index + width - 1].text
        label = match_label(text)
        if label is not None:
            best = (label, width)
    return best


def _name_at(tokens: Sequence[Cell], index: int, names: frozenset[str]) -> int:
    """How many tokens from ``index`` join into one of ``names`` (0: none)."""
    best = 0
    text = ""
    for width in range(1, min(3, len(tokens) - index) + 1):
        text += tokens[index + width - 1].text
        if fold(text) in names:
            best = width
    return best


# -- the rebuilt table ------------------------------------------------------------


@dataclass
class _TableDraft:
    """Rows of the table being rebuilt; cells keep their first line's location."""

    rows: list[list[Cell]] = field(default_factory=list)

    def add(self, *placed: tuple[Sequence[Cell], int, bool]) -> None:
        """Add a row of (lines, column, keep line breaks) cells."""
        row = len(self.rows)
        self.rows.append([_joined(lines, row, col, keep) for lines, col, keep in placed])

    def table(self) -> Table:
        rows = tuple(tuple(row) for row in self.rows if row)
        return Table(rows=rows, location=rows[0][0].location if rows else Location())


def _joined(lines: Sequence[Cell], row: int, col: int, keep_lines: bool = False) -> Cell:
    # Tokens are the printed lines of one cell: a value's lines only wrapped
    # (joined without a separator); goals keep their lines for item splitting.
    text = "\n".join(c.text for c in lines)
    return Cell(
        text=text if keep_lines else join_wrapped(text),
        row=row,
        col=col,
        location=lines[0].location,
    )


def build_table(paragraphs: Sequence[Paragraph]) -> Table:
    """Rebuild one target table from its text lines."""
    tokens = _tokens(paragraphs)
    draft = _TableDraft()
    money: list[tuple[Sequence[Cell], Label, Sequence[Cell]]] = []
    pending: list[Sequence[Cell]] = []
    fields = _fields(tokens)
    for item in fields:
        if isinstance(item, _GridStart):
            _add_money(draft, money)
            money = []
            _add_grid(draft, tokens, item)
            break
        label_lines, label, values = item
        if label is None:  # a line no label claims
            draft.add((values, _UNPLACED_COL, False))
        elif label.role in _GROUP_ROLES or (not values and label.role == Role.GOAL_GROUP):
            draft.add((label_lines, 0, False))
        elif not values:
            pending.append(label_lines)
        elif pending:
            _add_shared(draft, [*pending, label_lines], values)
            pending = []
        elif label.role in _MONEY_ROLES:
            money.append((label_lines, label, values))
        else:
            draft.add((label_lines, 0, False), (values, 1, False))
    _add_money(draft, money)
    return draft.table()


@dataclass(frozen=True)
class _GridStart:
    """Where the indicator grid's header starts, and the tokens it spans."""

    start: int
    end: int


_Field = tuple[Sequence[Cell], Label | None, Sequence[Cell]]


def _fields(tokens: Sequence[Cell]) -> Iterator[_Field | _GridStart]:
    """Label tokens with their value tokens, up to the grid header."""
    index = 0
    while index < len(tokens):
        found = _label_at(tokens, index)
        if found is None:
            yield [], None, tokens[index : index + 1]
            index += 1
            continue
        label, width = found
        label_lines = tokens[index : index + width]
        if label.role in GRID_COLUMN_ROLES:
            yield _GridStart(index, _header_end(tokens, index))
            return
        index += width
        if label.role in _GROUP_ROLES or (
            label.role == Role.GOAL_GROUP and _label_at(tokens, index) is not None
        ):
            yield label_lines, label, []
            continue
        start = index
        while index < len(tokens) and _label_at(tokens, index) is None:
            index += 1
        yield label_lines, label, tokens[start:index]


def _add_shared(draft: _TableDraft, labels: list[Sequence[Cell]], values: Sequence[Cell]) -> None:
    """Labels side by side over the lines they share, split among them in order."""
    groups = _split_cells(list(values), len(labels))
    draft.add(*((lines, col, False) for col, lines in enumerate(labels)))
    draft.add(*((group, col, True) for col, group in enumerate(groups) if group))


def _split_cells(lines: list[Cell], parts: int) -> list[list[Cell]]:
    if parts <= 1 or len(lines) <= 1:
        return [lines]
    cut = _quote_cut(lines) or _numbering_cut(lines) or _sentence_cut(lines)
    if cut is None:
        return [lines]
    return [lines[:cut], *_split_cells(lines[cut:], parts - 1)]


def _quote_cut(lines: list[Cell]) -> int | None:
    # A cell wrapped in ASCII quotes (spreadsheet quoting residue) ends at the
    # line that closes the quote.
    first = lines[0].text.strip()
    if not first.startswith('"'):
        return None
    for index, line in enumerate(lines):
        text = line.text.strip()
        if text.endswith('"') and (index > 0 or len(text) > 1):
            return index + 1 if index + 1 < len(lines) else None
    return None


def _numbering_cut(lines: list[Cell]) -> int | None:
    if not FIRST_ITEM.match(lines[0].text.strip()):
        return None
    for index in range(1, len(lines)):
        if FIRST_ITEM.match(lines[index].text.strip()):
            return index
    return None


def _sentence_cut(lines: list[Cell]) -> int | None:
    for index in range(len(lines) - 1):
        if _SENTENCE_END.search(lines[index].text.strip()):
            return index + 1
    return None


def _add_money(
    draft: _TableDraft, money: list[tuple[Sequence[Cell], Label, Sequence[Cell]]]
) -> None:
    """Money label | value rows, each in the multi-year or the annual column block."""
    roles = [label.role for _, label, _ in money]
    multi_year = Role.PROJECT_TOTAL in roles
    seen: dict[Role, int] = {}
    for label_lines, label, values in money:
        seen[label.role] = seen.get(label.role, 0) + 1
        first_of_two = roles.count(label.role) > 1 and seen[label.role] == 1
        in_multi_year = label.role == Role.PROJECT_TOTAL or (multi_year and first_of_two)
        col = _MULTI_YEAR_COL if in_multi_year else _ANNUAL_COL
        draft.add((label_lines, col, False), (values, col + 1, False))


# -- the grid -----------------------------------------------------------------------


def _header_end(tokens: Sequence[Cell], index: int) -> int:
    # The grid header, and a group label (绩效⏎指标) printed after it.
    while index < len(tokens):
        found = _label_at(tokens, index)
        if found is None or found[0].role not in GRID_COLUMN_ROLES | {Role.GRID}:
            break
        index += found[1]
    return index


def _value_like(text: str) -> bool:
    target = parse_target(text)
    if target.kind in ("numeric", "boolean"):
        return True
    key = fold(text)
    return key in _QUALITATIVE or (len(key) <= 4 and key not in LEVEL1_NAMES | LEVEL2_NAMES)


def _add_grid(draft: _TableDraft, tokens: Sequence[Cell], header: _GridStart) -> None:
    """The header row (its labels in columns 0, 1 …), then one row per indicator."""
    columns: dict[Role, int] = {}
    header_cells: list[tuple[Sequence[Cell], int, bool]] = []
    index = header.start
    while index < header.end:
        found = _label_at(tokens, index)
        assert found is not None  # _header_end stopped at the first non-label
        label, width = found
        col = len(header_cells)
        columns.setdefault(Role.LEVEL3 if label.role == Role.CONTENT else label.role, col)
        header_cells.append((tokens[index : index + width], col, False))
        index += width
    draft.add(*header_cells)
    index = header.end
    while index < len(tokens):
        row, index = _grid_row(tokens, index, columns)
        draft.add(*row)


def _grid_row(
    tokens: Sequence[Cell], index: int, columns: dict[Role, int]
) -> tuple[list[tuple[Sequence[Cell], int, bool]], int]:
    """One indicator row from ``index``: [一级] [二级] 三级 value; returns the row and the end."""
    row: list[tuple[Sequence[Cell], int, bool]] = []
    start = index
    one = _name_at(tokens, index, LEVEL1_NAMES)
    two_here = _name_at(tokens, index, LEVEL2_NAMES)
    if one and (
        not two_here
        or one > two_here
        or (one == two_here and _name_at(tokens, index + one, LEVEL2_NAMES))
    ):
        row.append((tokens[index : index + one], columns.get(Role.LEVEL1, _UNPLACED_COL), False))
        index += one
    two = _name_at(tokens, index, LEVEL2_NAMES)
    if two:
        row.append((tokens[index : index + two], columns.get(Role.LEVEL2, _UNPLACED_COL), False))
        index += two
    name_start = index
    while index < len(tokens) and (index == name_start or not _value_like(tokens[index].text)):
        index += 1
    if index >= len(tokens):
        # A name without a value: its lines stay unplaced (an unmapped cell).
        unplaced = [
            (tokens[i : i + 1], _UNPLACED_COL + i - start, False) for i in range(start, index)
        ]
        return unplaced, index
    row.append((tokens[name_start:index], columns.get(Role.LEVEL3, _UNPLACED_COL), True))
    row.append((tokens[index : index + 1], columns.get(Role.VALUE, _UNPLACED_COL), False))
    return row, index + 1
