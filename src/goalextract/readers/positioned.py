"""Positioned HTML (made from PDF): tables rebuilt from where the text runs stand.

pdf2htmlEX and the converters of government CMSs publish a PDF as HTML without
``<table>``: every text run is an absolutely placed element (``left``/``top`` in
an inline style, or classes such as ``.x3{left:90pt}`` ``.y7{bottom:400pt}``
in a ``<style>`` block), usually inside one ``<div class="pf">`` per PDF page,
and the table rulings are thin boxes (``width:1px;height:300px;background:#000``)
or boxes with borders. Read as markup this is a flat run of paragraphs, so here
the geometry is read instead, as the PDF reader does:

- Rulings that overlap in height form one table. Vertical rulings give the
  column edges, horizontal ones the row edges; two neighbouring grid slots with
  no ruling drawn between them are one merged cell. A run belongs to the cell
  its first glyph's centre lies in (a run's width is not in the markup: only
  a browser's layout knows it, and the first glyph is inside the cell where the
  run starts, whatever the alignment).
- Runs outside ruled tables are grouped into lines by their vertical centre.
  Consecutive lines that share at least three column starts form a table
  without rulings (one row per line; a sparse line closer to the one above
  than a row gap continues its cells); other lines are paragraphs.
- Blocks come in reading order (top to bottom) page by page, with
  ``Location(page=…)``; cells also carry table/row/col.

Limits: positions are taken relative to the page container (nested offsets
are not added up), class rules are simple ``.name`` selectors (``@media`` blocks
are skipped, so print-only rules do not override screen ones) applied in the
order the class attribute lists them, lengths in px or pt only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from goalextract.cells import Block, Location, Paragraph, Table, strip_field_codes
from goalextract.errors import ReaderError
from goalextract.readers.geometry import cluster_edges
from goalextract.readers.spangrid import SpanGrid, grid_table

# More positioned elements than this is not a publication but a hostile or
# broken page; grouping them would take quadratic time in the worst case.
MAX_ELEMENTS = 200_000
_MIN_RUNS = 3  # fewer positioned runs: an ordinary page with a floating banner
_EDGE_TOLERANCE = 2.0  # px: rulings (and column starts) closer than this are one edge
_THIN = 3.0  # px: a box this thin (or thinner) and longer than it is a ruling
_DEFAULT_SIZE = 12.0  # px: the font size assumed when none is given
_WRAP_GAP = 1.5  # a sparse line nearer than this many font sizes wraps the row above
_PT = 96.0 / 72.0  # CSS px per pt
# Both run in linear time on any value (a fuzzed page had 15,000 spaces in one):
# _LENGTH sees the value stripped, and no two of its \s* can take the same
# spaces; _BORDER_WIDTH starts a number only where no digit stands before it.
_LENGTH = re.compile(r"^(-?\d+(?:\.\d+)?|-?\.\d+)(?:\s*(px|pt))?(?:\s*!important)?$", re.I)
_BORDER_WIDTH = re.compile(r"(?<![\d.])(-?\d+(?:\.\d+)?)\s*(px|pt)", re.I)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_WHITESPACE = re.compile(r"[ \t\n\r\f\xa0]+")
_PAGE_CLASSES = frozenset({"pf", "page"})

Style = dict[str, str]


# ----------------------------------------------------------------------- styles


def parse_length(value: str | None) -> float | None:
    """A CSS length in px (pt converted, a bare number taken as px); None otherwise."""
    if value is None:
        return None
    found = _LENGTH.match(value.strip())
    if not found:
        return None  # %, em, auto, calc(): not a position we can place
    number = float(found.group(1))
    return number * _PT if (found.group(2) or "").lower() == "pt" else number


def parse_declarations(text: str) -> Style:
    """``a:b; c:d`` → {a: b, c: d}, property names lower-cased."""
    style: Style = {}
    for declaration in text.split(";"):
        name, colon, value = declaration.partition(":")
        if colon and name.strip():
            style[name.strip().lower()] = value.strip()
    return style


def class_rules(css: str) -> dict[str, Style]:
    """Declarations of the plain ``.name`` selectors of a style sheet.

    ``@media``/``@font-face`` blocks are skipped whole: pdf2htmlEX repeats every
    position in pt under ``@media print``, which must not override the screen rules.
    """
    rules: dict[str, Style] = {}
    css = _COMMENT.sub("", css)
    i = 0
    while True:
        open_at = css.find("{", i)
        if open_at < 0:
            return rules
        selector = css[i:open_at].strip()
        close_at = _block_end(css, open_at)
        if not selector.startswith("@"):
            declarations = parse_declarations(css[open_at + 1 : close_at])
            for name in selector.split(","):
                name = name.strip()
                if re.fullmatch(r"\.[\w-]+", name):
                    rules.setdefault(name[1:], {}).update(declarations)
        i = close_at + 1


def _block_end(css: str, open_at: int) -> int:
    """Index of the ``}`` that closes the ``{`` at ``open_at`` (nested blocks counted)."""
    depth = 0
    for i in range(open_at, len(css)):
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(css)


def element_style(element: Any, rules: dict[str, Style]) -> Style:
    """Class rules (in the order the attribute names them), then the inline style."""
    style: Style = {}
    for name in (element.get("class") or "").split():
        style.update(rules.get(name, {}))
    style.update(parse_declarations(element.get("style") or ""))
    return style


# ------------------------------------------------------------------------ boxes


@dataclass(frozen=True)
class Box:
    """A positioned element as the style places it, before ``bottom`` is resolved."""

    left: float
    top: float | None
    bottom: float | None
    width: float
    height: float | None  # None when not given: a text run is then one font size high
    size: float
    text: str = ""
    style: Style = field(default_factory=dict, compare=False)

    def resolved_top(self, page_height: float) -> float:
        """Top edge measured from the page top (``bottom`` counts from the page bottom)."""
        if self.top is not None:
            return self.top
        return page_height - (self.bottom or 0.0) - self.extent

    @property
    def extent(self) -> float:
        """The box's height: as given, else one font size (a run's line)."""
        return self.size if self.height is None else self.height


def box_of(style: Style, text: str = "") -> Box | None:
    """The element's box when the style places it (left and top or bottom); else None."""
    left = parse_length(style.get("left"))
    top = parse_length(style.get("top"))
    bottom = parse_length(style.get("bottom"))
    if left is None or (top is None and bottom is None):
        return None
    return Box(
        left=left,
        top=top,
        bottom=bottom,
        width=parse_length(style.get("width")) or 0.0,
        height=parse_length(style.get("height")),
        size=parse_length(style.get("font-size")) or _DEFAULT_SIZE,
        text=text,
        style=style,
    )


@dataclass(frozen=True)
class Run:
    """A text run placed on its page: ``x``/``top`` its start, ``size`` its font size."""

    text: str
    x: float
    top: float
    size: float

    @property
    def middle(self) -> float:
        return self.top + self.size / 2

    @property
    def probe_x(self) -> float:
        # The centre of the first glyph (see the module docstring).
        return self.x + min(self.size, _width(self.text, self.size)) / 2

    @property
    def end(self) -> float:
        return self.x + _width(self.text, self.size)


@dataclass(frozen=True)
class Rule:
    """A ruling: ``at`` is its x (vertical) or y (horizontal), ``start``–``end`` its extent."""

    vertical: bool
    at: float
    start: float
    end: float


def _width(text: str, size: float) -> float:
    """Estimated advance of a run: full-width (CJK) glyphs 1 em, others about half."""
    return sum(size if ord(ch) >= 0x2E80 else 0.55 * size for ch in text)


def _visible(value: str | None) -> bool:
    return value is not None and value.strip().lower() not in ("", "none", "transparent", "0")


def _border_width(style: Style, side: str) -> float:
    for name in (f"border-{side}", f"border-{side}-width", "border"):
        value = style.get(name)
        if value and "none" not in value.lower() and "hidden" not in value.lower():
            found = _BORDER_WIDTH.search(value)
            if found and float(found.group(1)) > 0:
                return float(found.group(1))
    return 0.0


def box_rules(box: Box, top: float) -> list[Rule]:
    """The rulings an empty box draws: a thin filled box, or its borders."""
    x, w, h = box.left, box.width, box.height or 0.0
    rules: list[Rule] = []
    filled = _visible(box.style.get("background")) or _visible(box.style.get("background-color"))
    if filled and w <= _THIN < h:
        rules.append(Rule(True, x + w / 2, top, top + h))
    elif filled and h <= _THIN < w:
        rules.append(Rule(False, top + h / 2, x, x + w))
    if h > _THIN:
        for side, at in (("left", x), ("right", x + w)):
            if _border_width(box.style, side):
                rules.append(Rule(True, at, top, top + h))
    if w > _THIN:
        for side, at in (("top", top), ("bottom", top + h)):
            if _border_width(box.style, side):
                rules.append(Rule(False, at, x, x + w))
    return rules


# ---------------------------------------------------------------------- collect


@dataclass
class _Page:
    height: float | None
    boxes: list[Box] = field(default_factory=list)


def _is_page(element: Any) -> bool:
    classes = set((element.get("class") or "").split())
    return bool(classes & _PAGE_CLASSES) or element.get("data-page-no") is not None


def _text(element: Any) -> str:
    return _WHITESPACE.sub(" ", element.text_content()).strip()


def collect_pages(root: Any, rules: dict[str, Style]) -> list[_Page]:
    """Positioned boxes by page container, in document order; raises past the cap."""
    loose = _Page(height=None)
    pages: list[_Page] = []
    count = 0
    stack: list[tuple[Any, _Page]] = [(root, loose)]
    while stack:
        element, page = stack.pop()
        if not isinstance(element.tag, str) or element.tag.lower() in ("head", "script", "style"):
            continue
        style = element_style(element, rules)
        if _is_page(element):
            page = _Page(height=parse_length(style.get("height")))
            pages.append(page)
        box = box_of(style) if not _is_page(element) else None
        if box is not None:
            count += 1
            if count > MAX_ELEMENTS:
                raise ReaderError(
                    f"positioned HTML has more than {MAX_ELEMENTS} positioned elements "
                    "(the limit of goalextract.readers.positioned.MAX_ELEMENTS)"
                )
            page.boxes.append(replace(box, text=_text(element)))
            continue  # the run's own spans are its text, not runs of their own
        stack.extend((child, page) for child in reversed(element))
    return [loose, *pages] if loose.boxes else pages


def _place(page: _Page) -> tuple[list[Run], list[Rule]]:
    height = page.height
    if height is None:  # no container height: the lowest box stands in for it
        height = max((b.bottom or 0.0) + b.extent for b in page.boxes)
    runs: list[Run] = []
    rules: list[Rule] = []
    for box in page.boxes:
        top = box.resolved_top(height)
        if box.text:
            runs.append(Run(box.text, box.left, top, box.size))
        else:
            rules.extend(box_rules(box, top))
    return runs, rules


# ------------------------------------------------------------------------ entry


def positioned_blocks(root: Any) -> list[Block] | None:
    """The block stream of a positioned page; None when the page is not one.

    A page qualifies when at least three runs are positioned and they hold at
    least half the page's text: a normal page with a positioned banner or menu
    keeps the ordinary reading.
    """
    css = "\n".join(s.text_content() for s in root.iter("style"))
    pages = collect_pages(root, class_rules(css))
    boxes = [b for p in pages for b in p.boxes if b.text]
    if len(boxes) < _MIN_RUNS:
        return None
    total = sum(len(t.strip()) for t in root.xpath("//body//text()[not(ancestor::style)]"))
    if 2 * sum(len(b.text) for b in boxes) < total:
        return None
    blocks: list[Block] = []
    for number, page in enumerate(pages, start=1):
        if page.boxes:
            _page_blocks(page, number, blocks)
    return blocks


def _page_blocks(page: _Page, number: int, blocks: list[Block]) -> None:
    runs, rules = _place(page)
    placed: list[tuple[float, Any]] = []  # (top, Paragraph | SpanGrid)
    free = list(runs)
    for band in _bands(rules):
        ruled = _RuledTable(band)
        if ruled.usable:
            free = [r for r in free if not ruled.take(r)]
            placed.append((ruled.ys[0], ruled.grid()))
    placed.extend(_free_blocks(_lines(free), number))
    placed.sort(key=lambda item: item[0])
    for _, item in placed:
        if isinstance(item, SpanGrid):
            table = _on_page(grid_table(item, _count_tables(blocks)), number)
            if table is not None:
                blocks.append(table)
        else:
            blocks.append(item)


def _count_tables(blocks: Sequence[Block]) -> int:
    return sum(isinstance(b, Table) for b in blocks)


def _on_page(table: Table | None, page: int) -> Table | None:
    """The table with the page added to its own location and every cell's."""
    if table is None:
        return None
    rows = tuple(
        tuple(replace(c, location=replace(c.location, page=page)) for c in row)
        for row in table.rows
    )
    return Table(rows=rows, location=replace(table.location, page=page))


# ----------------------------------------------------------------- ruled tables


def _bands(rules: Sequence[Rule]) -> list[list[Rule]]:
    """Rulings that overlap in height (with tolerance), one list per table."""

    def extent(rule: Rule) -> tuple[float, float]:
        return (rule.start, rule.end) if rule.vertical else (rule.at, rule.at)

    bands: list[list[Rule]] = []
    bottom = 0.0
    for rule in sorted(rules, key=lambda r: extent(r)[0]):
        top, end = extent(rule)
        if bands and top <= bottom + _EDGE_TOLERANCE:
            bands[-1].append(rule)
            bottom = max(bottom, end)
        else:
            bands.append([rule])
            bottom = end
    return bands


def _edge_index(edges: Sequence[float], value: float) -> int | None:
    """Index of the edge within tolerance of ``value``; None when there is none."""
    i = bisect_right(edges, value + _EDGE_TOLERANCE) - 1
    return i if i >= 0 and abs(edges[i] - value) <= _EDGE_TOLERANCE else None


class _RuledTable:
    """One table's grid from its rulings: slots, merged cells and the runs in them."""

    def __init__(self, band: Sequence[Rule]) -> None:
        self.xs = cluster_edges((r.at for r in band if r.vertical), _EDGE_TOLERANCE)
        self.ys = cluster_edges((r.at for r in band if not r.vertical), _EDGE_TOLERANCE)
        self.usable = len(self.xs) >= 2 and len(self.ys) >= 2
        # Drawn segments along each edge, to tell a merge (no ruling) from a border.
        self.drawn: dict[tuple[bool, int], list[tuple[float, float]]] = {}
        for rule in band:
            edges = self.xs if rule.vertical else self.ys
            index = _edge_index(edges, rule.at)
            if index is not None:
                self.drawn.setdefault((rule.vertical, index), []).append((rule.start, rule.end))
        self.owner = self._merge() if self.usable else []
        self.runs: dict[int, list[Run]] = {}

    def _is_drawn(self, vertical: bool, index: int, middle: float) -> bool:
        segments = self.drawn.get((vertical, index), [])
        return any(a - _EDGE_TOLERANCE <= middle <= b + _EDGE_TOLERANCE for a, b in segments)

    def _merge(self) -> list[list[int]]:
        """Slot → cell id: slots with no ruling between them are one (union-find)."""
        rows, cols = len(self.ys) - 1, len(self.xs) - 1
        parent = list(range(rows * cols))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for r in range(rows):
            middle_y = (self.ys[r] + self.ys[r + 1]) / 2
            for c in range(cols):
                middle_x = (self.xs[c] + self.xs[c + 1]) / 2
                if c + 1 < cols and not self._is_drawn(True, c + 1, middle_y):
                    parent[find(r * cols + c + 1)] = find(r * cols + c)
                if r + 1 < rows and not self._is_drawn(False, r + 1, middle_x):
                    parent[find((r + 1) * cols + c)] = find(r * cols + c)
        return [[find(r * cols + c) for c in range(cols)] for r in range(rows)]

    def take(self, run: Run) -> bool:
        """Claim ``run`` for the cell its first glyph lies in; False when outside the grid."""
        x, y = run.probe_x, run.middle
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return False
        r = min(bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        c = min(bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        self.runs.setdefault(self.owner[r][c], []).append(run)
        return True

    def grid(self) -> SpanGrid:
        """Each cell once at its top-left slot, spanning its slots (bounding box)."""
        areas: dict[int, list[int]] = {}
        for r, row in enumerate(self.owner):
            for c, cell in enumerate(row):
                area = areas.setdefault(cell, [r, r, c, c])
                area[1], area[3] = max(area[1], r), max(area[3], c)
        grid = SpanGrid(name=None)
        for cell, (r0, r1, c0, c1) in sorted(areas.items(), key=lambda item: item[1]):
            text = "\n".join(_line_text(line) for line in _lines(self.runs.get(cell, [])))
            grid.place(r0, c0, text, rowspan=r1 - r0 + 1, colspan=c1 - c0 + 1)
        return grid


# ------------------------------------------------------------------ lines, text


def _lines(runs: Iterable[Run]) -> list[list[Run]]:
    """Runs grouped into lines (top to bottom), each sorted left to right.

    A run joins the line when its vertical centre is within half a font size of
    the line's first run: converters split one printed line into several runs.
    """
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (r.middle, r.x)):
        if lines and abs(run.middle - lines[-1][0].middle) <= lines[-1][0].size / 2:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [sorted(line, key=lambda r: r.x) for line in lines]


def _line_text(line: Sequence[Run]) -> str:
    """Runs of one line joined; a gap wider than a font size stays as one space."""
    text = ""
    previous: Run | None = None
    for run in line:
        if previous is not None and run.x - previous.end > run.size:
            text += " "
        text += run.text
        previous = run
    return strip_field_codes(text).strip()


# --------------------------------------------------------------- unruled tables


def _starts(line: Sequence[Run]) -> list[float]:
    return [run.x for run in line]


def _shared(starts: Sequence[float], columns: Sequence[float]) -> int:
    return sum(_edge_index(columns, x) is not None for x in starts)


def _free_blocks(lines: list[list[Run]], page: int) -> list[tuple[float, Any]]:
    """Lines outside ruled tables: tables without rulings where columns align, else paragraphs."""
    placed: list[tuple[float, Any]] = []
    done = 0  # lines before this one are placed
    for start, end in _aligned_spans(lines):
        placed.extend(_paragraphs(lines[done:start], page))
        placed.append((lines[start][0].top, _unruled_grid(lines[start:end])))
        done = end
    placed.extend(_paragraphs(lines[done:], page))
    return placed


def _paragraphs(lines: Sequence[Sequence[Run]], page: int) -> list[tuple[float, Any]]:
    location = Location(page=page)
    texts = [(line[0].top, _line_text(line)) for line in lines]
    return [(top, Paragraph(text=text, location=location)) for top, text in texts if text]


def _aligned_spans(lines: Sequence[Sequence[Run]]) -> list[tuple[int, int]]:
    """(start, end) of the tables without rulings among the lines.

    A table is two or more lines of at least three runs whose starts share three
    columns; sparse lines between two such lines belong to it, and so do lines
    of two or more runs just above it whose runs all start on its columns (a
    header such as ``131001某单位 … 单位：元``).
    """
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        end, columns = _aligned_end(lines, i)
        if end == i:
            i += 1
            continue
        start = i
        floor = spans[-1][1] if spans else 0
        while (
            start > floor
            and len(lines[start - 1]) >= 2
            and _shared(_starts(lines[start - 1]), columns) == len(lines[start - 1])
        ):
            start -= 1
        spans.append((start, end))
        i = end
    return spans


def _aligned_end(lines: Sequence[Sequence[Run]], start: int) -> tuple[int, list[float]]:
    """End and columns of the table whose first full row is ``start`` (end == start: none)."""
    if len(lines[start]) < 3:
        return start, []
    columns = cluster_edges(_starts(lines[start]), _EDGE_TOLERANCE)
    end, rows = start + 1, 1
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if len(line) < 3:
            continue
        if _shared(_starts(line), columns) < 3:
            break
        columns = cluster_edges([*columns, *_starts(line)], _EDGE_TOLERANCE)
        end, rows = i + 1, rows + 1
    return (end, columns) if rows >= 2 else (start, [])


def _unruled_grid(lines: Sequence[Sequence[Run]]) -> SpanGrid:
    """One row per line, a cell per column start; a close sparse line wraps the row above."""
    columns = cluster_edges((x for line in lines for x in _starts(line)), _EDGE_TOLERANCE)
    rows: list[dict[int, list[Run]]] = []
    previous: Sequence[Run] | None = None
    for line in lines:
        wraps = (
            previous is not None
            and len(line) < 3
            and line[0].top - previous[0].top < _WRAP_GAP * line[0].size
        )
        if not wraps:
            rows.append({})
        for run in line:
            col = max(0, bisect_right(columns, run.x + _EDGE_TOLERANCE) - 1)
            rows[-1].setdefault(col, []).append(run)
        previous = line
    grid = SpanGrid(name=None)
    for r, row in enumerate(rows):
        for c, runs in row.items():
            grid.place(r, c, "\n".join(_line_text(line) for line in _lines(runs)))
    return grid
