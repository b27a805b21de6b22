"""Reader for HTML pages: government sites' table pages and Excel "save as web page" output.

Each data ``<table>`` becomes one :class:`Table`; text outside tables becomes
:class:`Paragraph` blocks in document order (titles such as
``1.综合事务管理绩效目标表`` usually stand in a ``<p>`` before the table, and a
``<caption>`` is emitted as a paragraph before its table for the same reason).
``rowspan``/``colspan`` are rebuilt into the grid with the same rules as the
spreadsheet reader (:mod:`goalextract.readers.spangrid`): a merged cell
appears once with its span, positions covered from above are empty cells.

Text is taken the way a browser renders it: runs of whitespace collapse to one
space, ``&nbsp;`` becomes a plain space (it is layout padding, as in
``绩&nbsp;&nbsp;效``), ``<br>`` and paragraph-like elements inside a cell become
``\\n`` (Word's HTML export puts every cell paragraph in a ``<p>``), and elements
hidden with ``display:none`` are left out (Excel writes hidden rows and columns
that way). Excel's ``colspan=N style='mso-ignore:colspan'`` marks text that
only overflows into empty neighbours, not a merge: those columns stay separate
empty cells.

Nested tables: only *leaf* tables (those with no table inside them) are read as
tables. A table that contains another table is taken to be page layout, which
is how older government CMS pages wrap their content; its own text becomes
paragraphs and its inner tables become tables, in order. The cost: a real data
table with a small table nested in one cell is read as paragraphs plus the
small table. That shape has not been seen in target tables; layout wrappers are
common.

A page without any ``<table>`` whose text is mostly absolutely positioned
(HTML made from PDF by pdf2htmlEX or a CMS converter) is read from its geometry
instead: :mod:`goalextract.readers.positioned` rebuilds rows and cells from the
positions and ruling boxes. Every other page reads as described here.

Parsing uses lxml.html (libxml2's HTML parser, already installed as a dependency
of python-docx): it repairs the unclosed ``<td>``/``<tr>`` tags of hand-written
pages, which the stdlib ``html.parser`` would leave to us.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from goalextract.cells import Block, Location, Paragraph, ReadResult, strip_field_codes
from goalextract.codes import Code
from goalextract.readers import ReadOptions
from goalextract.readers.encoding import decode_markup, implausible
from goalextract.readers.spangrid import SpanGrid, grid_table

# Elements whose content is never page text (Excel embeds <xml> islands).
_SKIP = frozenset(
    {
        "head",
        "script",
        "style",
        "title",
        "template",
        "noscript",
        "xml",
        "object",
        "iframe",
        "select",
        "textarea",
        "button",
        "svg",
        "math",
        "map",
    }
)
# Elements that end a paragraph (outside tables) or a line (inside a cell).
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "blockquote",
        "pre",
        "hr",
        "center",
        "form",
        "fieldset",
        "address",
        "figure",
        "figcaption",
        "body",
        "html",
    }
)
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_MAX_COLSPAN = 1000  # the HTML standard's limits
_MAX_ROWSPAN = 65534


def read(
    data: bytes, *, fmt: str = "html", name: str = "", options: ReadOptions | None = None
) -> ReadResult:
    """Decode an HTML page and split it into paragraphs and tables."""
    options = options or ReadOptions()
    text, encoding = decode_markup(data, options.encoding)
    result = ReadResult(blocks=html_blocks(text), format="html", encoding=encoding)
    if options.encoding:
        doubt = implausible(data, text, options.encoding)
        if doubt is not None:
            result.notes.append((Code.IMPLAUSIBLE_ENCODING, doubt))
    return result


# --------------------------------------------------------------------------
# Tree → blocks
# --------------------------------------------------------------------------


def html_blocks(text: str) -> list[Block]:
    """Split decoded page text into the block stream."""
    import lxml.html
    from lxml import etree

    # Hand libxml2 UTF-8 bytes with the encoding stated, so a <meta charset>
    # inside the (already decoded) text cannot make it decode a second time.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    cleaned = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(cleaned.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return []  # nothing but comments or whitespace: no blocks
    if next(root.iter("table"), None) is None:
        # HTML made from PDF places every text run by coordinates: its tables
        # exist only as geometry (readers/positioned.py).
        from goalextract.readers.positioned import positioned_blocks

        blocks = positioned_blocks(root)
        if blocks is not None:
            return blocks
    flow = _Flow()
    flow.walk(root)
    flow.flush()
    return flow.blocks


def _tag(element: Any) -> str | None:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else None  # comments, PIs: not str


def _hidden(element: Any) -> bool:
    style = element.get("style")
    return bool(style and _HIDDEN.search(style)) or element.get("hidden") is not None


def _render(text: str) -> str:
    """One rendered line: collapsible whitespace folded, ``&nbsp;`` as a space."""
    return _COLLAPSIBLE.sub(" ", text).strip(" ").replace("\xa0", " ")


@dataclass
class _Flow:
    """Walks the document in order, collecting paragraphs and tables."""

    blocks: list[Block] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    line: int | None = None
    tables: int = 0

    def add(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if self.line is None and text.strip(" \t\n\r\f"):
            self.line = line
        self.pieces.append(text)

    def flush(self) -> None:
        text = strip_field_codes(_render("".join(self.pieces)))
        if text.strip():
            self.blocks.append(Paragraph(text=text, location=Location(line=self.line)))
        self.pieces = []
        self.line = None

    def walk(self, element: Any) -> None:
        tag = _tag(element)
        if tag is None or tag in _SKIP or _hidden(element):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table" and not any(True for _ in element.iterdescendants("table")):
            self.flush()
            self.table(element)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.add(element.text, element.sourceline)
        for child in element:
            self.walk(child)
            self.add(child.tail, child.sourceline)
        if block:
            self.flush()

    def table(self, element: Any) -> None:
        for caption in element.iterchildren("caption"):
            text = strip_field_codes(cell_text(caption))
            if text.strip():
                location = Location(line=caption.sourceline)
                self.blocks.append(Paragraph(text=text.replace("\n", " "), location=location))
        grid = table_grid(element)
        built = grid_table(grid, self.tables)
        if built is not None:
            self.blocks.append(built)
            self.tables += 1


def _overflow_only(cell: Any) -> bool:
    style = cell.get("style") or ""
    return "mso-ignore:colspan" in style.replace(" ", "").lower()


def _span(element: Any, name: str, limit: int) -> int:
    raw = element.get(name)
    if raw is None:
        return 1
    found = re.match(r"\s*(\d+)", raw)
    if not found:
        return 1  # browsers ignore a non-numeric span
    return min(int(found.group(1)), limit)


def table_grid(table: Any) -> SpanGrid:
    """Rebuild the grid of a leaf ``<table>`` from its rows, rowspans and colspans."""
    rows = [tr for tr in table.iter("tr") if not _hidden(tr)]
    grid = SpanGrid(name=None)
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.iterchildren("td", "th"):
            if _hidden(cell):
                continue
            c = grid.free_col(r, c)
            colspan = max(1, _span(cell, "colspan", _MAX_COLSPAN))
            rowspan = _span(cell, "rowspan", _MAX_ROWSPAN)
            # rowspan="0" reaches the end of the table; spans never pass it.
            rowspan = len(rows) - r if rowspan == 0 else min(rowspan, len(rows) - r)
            # Excel's web pages give an unmerged cell whose text overflows into
            # empty neighbours colspan + mso-ignore:colspan: the columns are
            # real, the merge is not, so keep them as empty cells.
            grid.place(
                r,
                c,
                strip_field_codes(cell_text(cell)),
                rowspan=rowspan,
                colspan=colspan,
                merged_cols=1 if _overflow_only(cell) else None,
            )
            c += colspan
    return grid


def cell_text(cell: Any) -> str:
    """A cell's text as rendered: ``<br>`` and paragraph breaks become ``\\n``."""
    lines = _CellLines()
    lines.content(cell)
    rendered = [_render(line) for line in lines.lines]
    while rendered and not rendered[-1].strip():
        rendered.pop()
    while rendered and not rendered[0].strip():
        rendered.pop(0)
    return "\n".join(rendered)


class _CellLines:
    """The raw lines of one cell: text and tails in order, broken at <br> and blocks."""

    def __init__(self) -> None:
        self.lines: list[str] = [""]

    def content(self, element: Any) -> None:
        """An element's own text and its children (with their tails)."""
        self.lines[-1] += element.text or ""
        for child in element:
            self.visit(child)
            self.lines[-1] += child.tail or ""

    def visit(self, element: Any) -> None:
        tag = _tag(element)
        if tag is None or tag in _SKIP or _hidden(element):
            return
        if tag == "br":
            self.lines.append("")
            return
        block = tag in _BLOCK
        if block:
            self.soft_break()
        self.content(element)
        if block:
            self.soft_break()

    def soft_break(self) -> None:
        # A block boundary starts a new line only after some content, so
        # </p>\n<p> gives one break, not an empty line.
        if self.lines[-1].strip(" \t\n\r\f"):
            self.lines.append("")
