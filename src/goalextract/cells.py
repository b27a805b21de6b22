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
# (field instruction form). Everything from ` TC ` to the end of the switches goes:
#
#     TC \s+ ( "quoted" | text without \ or a line break ) \s* ( \X \s* arg? \s* )+ $
#
# where an arg is "quoted" or a word without spaces and backslashes. A regular
# expression for that nests quantifiers and backtracks exponentially on hostile
# lines (`TC "x" \a  \a  … \`), and trying it at every start is quadratic on long
# space runs; so the grammar is a small automaton (_TC_STEPS), run once over the
# line with every TC start at once (a Thompson simulation): linear in the line.
_TC_NAME = re.compile(r"(?<![A-Za-z0-9])TC\s")  # the field name, not inside a word
_TC_STEPS: dict[str, dict[str, tuple[str, ...]]] = {
    # state: {character class: next states}; a class not listed ends the state.
    "name": {
        "nl": ("name",),
        "ws": ("name",),
        "bs": ("switch",),
        "q": ("quoted", "text"),
        "letter": ("text",),
        "x": ("text",),
    },
    "text": {
        "ws": ("text",),
        "q": ("text",),
        "letter": ("text",),
        "x": ("text",),
        "nl": ("gap",),
        "bs": ("switch",),
    },
    "quoted": {
        "nl": ("quoted",),
        "ws": ("quoted",),
        "bs": ("quoted",),
        "letter": ("quoted",),
        "x": ("quoted",),
        "q": ("gap",),
    },
    "gap": {"nl": ("gap",), "ws": ("gap",), "bs": ("switch",)},
    "switch": {"letter": ("after",)},
    "after": {
        "nl": ("after",),
        "ws": ("after",),
        "bs": ("switch",),
        "q": ("arg", "word"),
        "letter": ("word",),
        "x": ("word",),
    },
    "word": {
        "nl": ("done",),
        "ws": ("done",),
        "bs": ("switch",),
        "q": ("word",),
        "letter": ("word",),
        "x": ("word",),
    },
    "arg": {
        "nl": ("arg",),
        "ws": ("arg",),
        "bs": ("arg",),
        "letter": ("arg",),
        "x": ("arg",),
        "q": ("done",),
    },
    "done": {"nl": ("done",), "ws": ("done",), "bs": ("switch",)},
}
_TC_ENDS = frozenset({"after", "word", "done"})  # states in which the line may end
# Other field instructions that converters leak (hyperlinks, page refs, TOC): the
# name, a space, anything, and the line ends in a switch (`\h`).
_OTHER_NAME = re.compile(r"(?<![A-Za-z0-9])(?:PAGEREF|HYPERLINK|TOC)\s")
_ENDS_IN_SWITCH = re.compile(r"\\[a-zA-Z]\Z")


def _char_class(ch: str) -> str:
    if ch == "\\":
        return "bs"
    if ch == '"':
        return "q"
    if ch in "\r\n":
        return "nl"
    if ch.isspace():  # what \s matches
        return "ws"
    return "letter" if ch.isascii() and ch.isalpha() else "x"


def _tc_field_start(line: str) -> int | None:
    """Where the leftmost TC field that runs to the end of ``line`` starts (its name)."""
    # Each candidate joins in the state after its name and one space; a state
    # keeps the leftmost name that reached it (the futures are the same).
    joins = [(m.end(), m.start()) for m in _TC_NAME.finditer(line)]
    if not joins:
        return None
    joins.append((len(line) + 1, -1))  # a sentinel: no more candidates
    states: dict[str, int] = {}
    position, waiting = joins[0][0], 0
    while position <= len(line):
        if position == joins[waiting][0]:
            states.setdefault("name", joins[waiting][1])
            waiting += 1
        if not states:  # nothing alive: on to the next candidate
            position = joins[waiting][0]
            continue
        if position == len(line):
            break
        cls = _char_class(line[position])
        following: dict[str, int] = {}
        for state, start in states.items():
            for target in _TC_STEPS[state].get(cls, ()):
                following[target] = min(start, following.get(target, start))
        states = following
        position += 1
    ends = [start for state, start in states.items() if state in _TC_ENDS]
    return min(ends) if ends else None


def _other_field_start(line: str) -> int | None:
    """Where a PAGEREF/HYPERLINK/TOC instruction ending the line starts (its name)."""
    found = _OTHER_NAME.search(line)
    if found is None:
        return None
    stripped = line.rstrip()
    switch = _ENDS_IN_SWITCH.search(stripped)
    return found.start() if switch and switch.start() >= found.end() else None


def _cut(line: str, start: int | None) -> str:
    """``line`` without what follows ``start`` and the spaces before it."""
    return line if start is None else line[:start].rstrip()


def strip_field_codes(text: str) -> str:
    """Remove Word field-code residue (TC, PAGEREF, ...) from the end of each line.

    Linear in the length of the text, whatever it holds.
    """
    if "\\" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        if "\\" in line:
            line = _cut(line, _tc_field_start(line))
            line = _cut(line, _other_field_start(line))
        lines.append(line)
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
    # (code, message) of what the reader noticed about the input as a whole
    # (an implausible --encoding); the document's first warnings.
    notes: list[tuple[str, str]] = field(default_factory=list)
