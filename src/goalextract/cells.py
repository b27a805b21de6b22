"""The block stream every reader produces: paragraphs and tables of cells with locations.

Readers never interpret content: ``Cell.text`` is the text as printed (line breaks
inside a cell kept as ``\\n``), only Word field codes are stripped because they are
never content (CONTRACT.md, Text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Word TC (table of contents entry) fields leak into text exports in two forms:
# ` TC 总体绩效目标 \f A \l 1 ` (visible text form) and `TC "…" \f C \l 1`
# (field instruction form). Everything from ` TC ` to the end of the switches goes.
_TC_FIELD = re.compile(
    r"""\s*(?<![A-Za-z0-9])TC\s+"""  # the field name, not inside a word
    r"""(?:"[^"]*"|[^\\\r\n]*?)\s*"""  # its text, quoted or not
    r"""(?:\\[a-zA-Z]\s*(?:"[^"]*"|[^\s\\]+)?\s*)+\s*$"""  # switches: \f A \l 1
)
# Other field instructions that converters leak (hyperlinks, page refs, TOC).
_OTHER_FIELD = re.compile(
    r"\s*(?<![A-Za-z0-9])(?:PAGEREF|HYPERLINK|TOC)\s+[^\n]*?(?:\\[a-zA-Z]\s*)+\s*$"
)


def strip_field_codes(text: str) -> str:
    """Remove Word field-code residue (TC, PAGEREF, ...) from the end of each line."""
    if "\\" not in text:
        return text
    lines = [_OTHER_FIELD.sub("", _TC_FIELD.sub("", line)) for line in text.split("\n")]
    return "\n".join(lines)


@dataclass(frozen=True)
class Location:
    """Where a block or cell came from; only the keys that apply are set."""

    line: int | None = None
    page: int | None = None
    table: int | None = None
    sheet: str | None = None
    row: int | None = None
    col: int | None = None

    def describe(self) -> str:
        """Short human form, e.g. ``p.3 table 0 r9 c4``."""
        parts: list[str] = []
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"r{self.row}")
        if self.col is not None:
            parts.append(f"c{self.col}")
        return " ".join(parts)

    def as_dict(self) -> dict[str, int | str]:
        """The contract's ``location`` object: only the keys that apply."""
        out: dict[str, int | str] = {}
        for key in ("line", "page", "table", "sheet", "row", "col"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class Cell:
    """One table cell: text as printed and its place in the table grid.

    ``col`` is the first grid column the cell covers and ``colspan`` how many; a
    reader that does not know the grid (text exports) uses the cell's ordinal
    position with span 1. A vertically merged-away cell is an empty cell.
    """

    text: str
    row: int
    col: int
    colspan: int = 1
    rowspan: int = 1
    location: Location = field(default_factory=Location, compare=False)
    # True: a place covered by a merged cell above (an empty cell in the grid);
    # False: a cell of its own; None: the reader cannot tell (text exports).
    merged: bool | None = field(default=None, compare=False)

    @property
    def end(self) -> int:
        """One past the last grid column the cell covers."""
        return self.col + self.colspan

    @property
    def blank(self) -> bool:
        """True when the cell holds nothing but whitespace."""
        return not self.text.strip()


@dataclass(frozen=True)
class Paragraph:
    """Text outside any table, one paragraph (or one text line)."""

    text: str
    location: Location = field(default_factory=Location, compare=False)


@dataclass(frozen=True)
class Table:
    """A table as rows of cells, in reading order."""

    rows: tuple[tuple[Cell, ...], ...]
    location: Location = field(default_factory=Location, compare=False)


Block = Paragraph | Table


@dataclass
class ReadResult:
    """What a reader hands the parser: the block stream plus facts about the source."""

    blocks: list[Block]
    format: str
    encoding: str | None = None
    pages: int | None = None
