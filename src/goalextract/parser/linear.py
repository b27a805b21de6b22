"""Tables whose geometry was lost: a target table given as text lines only.

PDF text layers (``pdftotext`` output saved as .txt, a PDF without ruling lines)
print a table one text line per cell line, with no column positions: wrapped
cells come as several lines and blank cells vanish. The labels still say what
every value is, so the table is rebuilt from the vocabulary alone:

1. tokens: each line, split where a value and the next label share a line
   (``771,325,800.00 年度资金申请总额``);
2. header: the longest run of tokens (up to four, joined without a separator)
   that is a known label starts a field; the tokens up to the next label are its
   value, wrapped lines joined;
3. goals: labels without values (``项目总目标`` ``年度总体目标``) share the lines
   that follow, split at ASCII quotes, a restart of the numbering, or a line
   that ends a sentence;
4. grid: after the header row, each row is [一级] [二级] 三级 value, the
   category names recognised from DOMAIN.md §4 and blank ones inherited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from goalextract.cells import Cell, Paragraph
from goalextract.labels import (
    GRID_COLUMN_ROLES,
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    Label,
    fold,
    match_label,
)
from goalextract.models import Indicator
from goalextract.parser.fields import apply_field, printed_key
from goalextract.parser.state import ParserState, TargetBuilder
from goalextract.text import clean_value, join_wrapped
from goalextract.values import is_amount, parse_target

_MAX_JOIN = 4
_SENTENCE_END = re.compile(r"[。；;！!？?]\"?$")
_NUMBER_START = re.compile(r'^"?\s*(?:1\s*[.、．]|[（(]\s*1\s*[)）]|①)')
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


def looks_like_table(paragraphs: Sequence[Paragraph]) -> bool:
    """True when the lines name a project and carry an indicator grid header."""
    roles = {label.role for label in (match_label(p.text) for p in paragraphs) if label}
    return bool(roles & {"name", "code"}) and len(roles & GRID_COLUMN_ROLES) >= 2


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


def _name_at(tokens: Sequence[Cell], index: int, names: frozenset[str]) -> tuple[str, int] | None:
    best: tuple[str, int] | None = None
    text = ""
    for width in range(1, min(3, len(tokens) - index) + 1):
        text += tokens[index + width - 1].text
        if fold(text) in names:
            best = (clean_value("\n".join(t.text for t in tokens[index : index + width])), width)
    return best


def _joined(cells: Sequence[Cell], *, lines: bool = False) -> Cell:
    # Tokens here are the printed lines of one cell: a value's lines only wrapped
    # (joined without a separator); goals keep their lines for item splitting.
    text = "\n".join(c.text for c in cells)
    first = cells[0]
    return Cell(
        text=text if lines else join_wrapped(text), row=first.row, col=0, location=first.location
    )


def parse_linear(
    state: ParserState, target: TargetBuilder, paragraphs: Sequence[Paragraph]
) -> None:
    """Fill ``target`` from a table given as text lines."""
    tokens = _tokens(paragraphs)
    target.rows.append(tokens)
    index = 0
    pending: list[tuple[Cell, Label]] = []
    money: list[tuple[Cell, Label, Cell | None]] = []
    while index < len(tokens):
        found = _label_at(tokens, index)
        if found is None:
            index += 1  # an orphan value: reported as unmapped
            continue
        label, width = found
        label_cell = _joined(tokens[index : index + width])
        state.take(*tokens[index : index + width])
        index += width
        if label.role in GRID_COLUMN_ROLES:
            index = _header_end(tokens, index, state)
            _grid(state, target, tokens, index)
            break
        if label.role in ("money_group", "purpose_group", "grid"):
            if label.money_unit:
                target.money_unit = target.money_unit or label.money_unit
            continue
        if label.role == "goal_group" and _label_at(tokens, index) is not None:
            continue
        start = index
        while index < len(tokens) and _label_at(tokens, index) is None:
            index += 1
        values = tokens[start:index]
        if not values:
            pending.append((label_cell, label))
            continue
        if pending:
            _share(state, target, [*pending, (label_cell, label)], values)
            pending = []
            continue
        value_cell = _joined(values)
        state.take(*values)
        if label.role in ("total", "total_bare", "fiscal", "other", "carryover", "project_total"):
            money.append((label_cell, label, value_cell))
        else:
            apply_field(state, target, label_cell, label, value_cell)
    _money(state, target, money)


def _share(
    state: ParserState,
    target: TargetBuilder,
    labels: list[tuple[Cell, Label]],
    values: Sequence[Cell],
) -> None:
    """Split the lines after several value-less labels among them, in order."""
    groups = _split_cells(list(values), len(labels))
    for (label_cell, label), group in zip(labels, groups, strict=False):
        if group:
            state.take(*group)
            apply_field(state, target, label_cell, label, _joined(group, lines=True))


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
    if not _NUMBER_START.match(lines[0].text.strip()):
        return None
    for index in range(1, len(lines)):
        if _NUMBER_START.match(lines[index].text.strip()):
            return index
    return None


def _sentence_cut(lines: list[Cell]) -> int | None:
    for index in range(len(lines) - 1):
        if _SENTENCE_END.search(lines[index].text.strip()):
            return index + 1
    return None


def _money(
    state: ParserState, target: TargetBuilder, money: list[tuple[Cell, Label, Cell | None]]
) -> None:
    # With the columns lost, a multi-year block (项目资金总额 and the sources
    # under it) reads first and the annual block second: where a source label
    # occurs twice beside a 项目资金总额, the first is the multi-year one.
    roles = [label.role for _, label, _ in money]
    multi_year = "project_total" in roles
    seen: dict[str, int] = {}
    for label_cell, label, value_cell in money:
        seen[label.role] = seen.get(label.role, 0) + 1
        twice = roles.count(label.role) > 1
        if multi_year and twice and seen[label.role] == 1 and label.role != "project_total":
            if value_cell is not None:
                target.add_extra(printed_key(label_cell.text), clean_value(value_cell.text))
            continue
        apply_field(state, target, label_cell, label, value_cell, columns=False)


def _header_end(tokens: Sequence[Cell], index: int, state: ParserState) -> int:
    # The rest of the grid header, and a group label (绩效⏎指标) printed after it.
    while index < len(tokens):
        found = _label_at(tokens, index)
        if found is None or found[0].role not in GRID_COLUMN_ROLES | {"grid"}:
            break
        state.take(*tokens[index : index + found[1]])
        index += found[1]
    return index


def _value_like(text: str) -> bool:
    target = parse_target(text)
    if target.kind in ("numeric", "boolean"):
        return True
    key = fold(text)
    return key in _QUALITATIVE or (len(key) <= 4 and key not in LEVEL1_NAMES | LEVEL2_NAMES)


def _grid(state: ParserState, target: TargetBuilder, tokens: Sequence[Cell], index: int) -> None:
    level1: str | None = None
    level2: str | None = None
    while index < len(tokens):
        row_start = tokens[index]
        one = _name_at(tokens, index, LEVEL1_NAMES)
        two_here = _name_at(tokens, index, LEVEL2_NAMES)
        if one and (
            two_here is None
            or one[1] > two_here[1]
            or (one[1] == two_here[1] and _name_at(tokens, index + one[1], LEVEL2_NAMES))
        ):
            state.take(*tokens[index : index + one[1]])
            if one[0] != level1:
                level2 = None
            level1 = one[0]
            index += one[1]
        two = _name_at(tokens, index, LEVEL2_NAMES)
        if two:
            state.take(*tokens[index : index + two[1]])
            level2 = two[0]
            index += two[1]
        start = index
        while index < len(tokens) and (index == start or not _value_like(tokens[index].text)):
            index += 1
        if index >= len(tokens):
            break  # a name without a value: left for the unmapped report
        name_cells = tokens[start:index]
        value_cell = tokens[index]
        index += 1
        state.take(*name_cells, value_cell)
        value = clean_value(value_cell.text)
        target.locations[f"indicators[{len(target.indicators)}]"] = row_start.location
        target.indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                level3=clean_value("\n".join(c.text for c in name_cells)) or None,
                value=value,
                target=parse_target(value),
            )
        )
        if level1 is None:
            state.warn(
                "level1_missing",
                "indicator row has no 一级指标 and none above to inherit",
                row_start.location,
            )
