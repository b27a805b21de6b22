"""Word 97 paragraphs to the block stream, with the stream rules of the .docx reader.

Paragraphs outside tables become Paragraph blocks, one per printed line. Table
paragraphs collect into cells (a cell mark ends a cell, a row-end mark a row);
cells are placed on the table's grid, the union of every row's cell edges, so a
wide cell gets its colspan; a cell merged with the one above is an empty cell,
a legacy horizontal merge widens the cell before it. A nested table is
flattened into the outer cell, one line per nested row, its cells joined with a
TAB, as for .docx.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from goalextract.cells import Block, Cell, Location, Paragraph, Table, strip_field_codes
from goalextract.readers.doc97.text import DocParagraph, DocRowProps

_TWIPS_TOLERANCE = 10  # cell edges closer than this are one grid line


@dataclass
class _CellDraft:
    text: str
    col: int
    colspan: int


@dataclass
class _DocTable:
    rows: list[tuple[list[str], DocRowProps | None]] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    nested_row: list[str] = field(default_factory=list)
    nested_cell: list[str] = field(default_factory=list)

    def end_cell(self) -> None:
        lines = self.lines
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        self.cells.append(strip_field_codes("\n".join(lines)))
        self.lines = []

    def end_row(self, props: DocRowProps | None) -> None:
        if self.lines:
            self.end_cell()
        if self.cells:
            self.rows.append((self.cells, props))
        self.cells = []

    def nested(self, paragraph: DocParagraph) -> None:
        """A paragraph of a nested table: flattened into the outer cell's lines."""
        if paragraph.inner_row_end:
            texts = list(self.nested_row)
            while texts and not texts[-1].strip():
                texts.pop()
            if texts:
                self.lines.append("\t".join(texts))
            self.nested_row = []
        else:
            self.nested_cell.append(paragraph.text)
            if paragraph.inner_cell_end:
                self.nested_row.append(" ".join(self.nested_cell))
                self.nested_cell = []


class _Assembler:
    """Collects blocks paragraph by paragraph; a table is open while table paragraphs come."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.table: _DocTable | None = None
        self.tables = 0

    def add(self, paragraph: DocParagraph) -> None:
        if paragraph.itap < 1:
            self._close_table()
            for line in paragraph.text.split("\n"):
                cleaned = strip_field_codes(line)
                if cleaned.strip():
                    self.blocks.append(Paragraph(text=cleaned, location=Location()))
            return
        table = self.table = self.table or _DocTable()
        if paragraph.itap > 1:
            table.nested(paragraph)
        elif paragraph.row_end:
            table.end_row(paragraph.row)
        else:
            table.lines.append(paragraph.text)
            if paragraph.mark == "\x07":
                table.end_cell()

    def _close_table(self) -> None:
        if self.table is not None:
            self.blocks.append(_doc_table(self.table, self.tables))
            self.tables += 1
            self.table = None

    def finish(self) -> list[Block]:
        if self.table is not None:
            self.table.end_row(None)
            self.blocks.append(_doc_table(self.table, self.tables))
        return self.blocks


def doc_blocks(paragraphs: list[DocParagraph]) -> list[Block]:
    """The block stream of a Word 97 document's paragraphs."""
    assembler = _Assembler()
    for paragraph in paragraphs:
        assembler.add(paragraph)
    return assembler.finish()


def _doc_table(table: _DocTable, index: int) -> Table:
    """Place the cells on the table's grid: the union of every row's cell edges."""
    lines: list[int] = []
    for edge in sorted({e for _, props in table.rows if props for e in props.edges}):
        if not lines or edge - lines[-1] > _TWIPS_TOLERANCE:
            lines.append(edge)

    def grid(edge: int) -> int:
        k = bisect.bisect_left(lines, edge - _TWIPS_TOLERANCE)
        return min(k, max(0, len(lines) - 1))

    rows: list[tuple[Cell, ...]] = []
    for texts, props in table.rows:
        drafts: list[_CellDraft] = []
        for k, text in enumerate(texts):
            after = drafts[-1].col + drafts[-1].colspan if drafts else 0
            if props is None or k + 1 >= len(props.edges):
                drafts.append(_CellDraft(text, after, 1))
                continue
            col = max(grid(props.edges[k]), after)
            span = max(1, grid(props.edges[k + 1]) - col)
            if props.merged[k] and not props.first_merged[k] and drafts:
                # Legacy horizontal merge: the continuation widens the cell before.
                drafts[-1].colspan = col + span - drafts[-1].col
            elif props.vert_merged[k]:
                drafts.append(_CellDraft("", col, span))
            else:
                drafts.append(_CellDraft(text, col, span))
        r = len(rows)
        rows.append(
            tuple(
                Cell(d.text, r, d.col, d.colspan, location=Location(table=index, row=r, col=d.col))
                for d in drafts
            )
        )
    return Table(rows=tuple(rows), location=Location(table=index))
