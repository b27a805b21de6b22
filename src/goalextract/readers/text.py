"""Reader for Word "plain text" exports (.txt).

Word writes each table cell on its own line starting with a TAB; a line holding
only a TAB is an empty cell; an empty line ends a table row; lines without a
TAB right after a cell continue that cell (a multi-paragraph cell); every other
line is a paragraph. Headings carry the visible text of TC fields, removed here.
"""

from __future__ import annotations

import re

from goalextract.cells import Block, Cell, Location, Paragraph, ReadResult, Table, strip_field_codes
from goalextract.codes import Code
from goalextract.readers import ReadOptions
from goalextract.readers.encoding import decode_text, implausible

_LINE_END = re.compile(r"\r\n|\r|\n")


def read(
    data: bytes, *, fmt: str = "txt", name: str = "", options: ReadOptions | None = None
) -> ReadResult:
    """Decode and split a text export into paragraphs and tables."""
    options = options or ReadOptions()
    text, encoding = decode_text(data, options.encoding)
    result = ReadResult(blocks=split_blocks(text), format="txt", encoding=encoding)
    if options.encoding:
        doubt = implausible(data, text, options.encoding)
        if doubt is not None:
            result.notes.append((Code.IMPLAUSIBLE_ENCODING, doubt))
    return result


class _TableBuilder:
    def __init__(self, index: int, line: int) -> None:
        self.index = index
        self.line = line
        self.rows: list[tuple[Cell, ...]] = []
        self.row: list[tuple[int, list[str]]] = []  # (line, cell lines)

    def add_cell(self, line: int, first: str) -> None:
        self.row.append((line, [first]))

    def continue_cell(self, line: str) -> None:
        self.row[-1][1].append(line)

    def end_row(self) -> None:
        if not self.row:
            return
        r = len(self.rows)
        cells = []
        for c, (line, parts) in enumerate(self.row):
            # A trailing empty paragraph inside a cell is layout, not content.
            while len(parts) > 1 and not parts[-1].strip():
                parts.pop()
            cells.append(
                Cell(
                    text=strip_field_codes("\n".join(parts)),
                    row=r,
                    col=c,
                    location=Location(line=line, table=self.index, row=r, col=c),
                )
            )
        self.rows.append(tuple(cells))
        self.row = []

    def build(self) -> Table:
        self.end_row()
        return Table(rows=tuple(self.rows), location=Location(line=self.line, table=self.index))


def split_blocks(text: str) -> list[Block]:
    """Split decoded export text into the block stream."""
    blocks: list[Block] = []
    table: _TableBuilder | None = None
    in_cell = False  # the previous line was a cell or its continuation
    tables = 0
    for number, line in enumerate(_LINE_END.split(text), start=1):
        if line.startswith("\t"):
            if table is None:
                table = _TableBuilder(tables, number)
                tables += 1
            # Some exports put a whole row on one line, TAB-separated.
            for part in line[1:].split("\t"):
                table.add_cell(number, part)
            in_cell = True
        elif not line.strip():
            if table is not None and (in_cell or table.row):
                table.end_row()
            in_cell = False
        elif in_cell and table is not None:
            table.continue_cell(line)
        else:
            if table is not None:
                blocks.append(table.build())
                table = None
            cleaned = strip_field_codes(line)
            if cleaned.strip():
                blocks.append(Paragraph(text=cleaned, location=Location(line=number)))
    if table is not None:
        blocks.append(table.build())
    return blocks
