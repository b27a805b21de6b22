"""The body walk: a w:body's paragraphs and tables, in reading order, as blocks.

* Paragraphs outside tables become :class:`Paragraph` blocks, one per printed
  line (a soft line break splits a paragraph the way the text export does;
  blank lines are skipped).
* Every top-level table becomes a :class:`Table` whose rows hold each distinct
  cell once: a horizontally merged cell (``w:gridSpan``, or the legacy
  ``w:hMerge``) is one cell with ``col`` = its first grid column and ``colspan``
  = its span, and a vertically merged continuation cell (``w:vMerge`` without
  ``restart``) is an empty cell at its grid column, which is exactly what the
  text export prints. Grid columns are tracked from ``w:gridBefore`` and
  ``w:gridSpan``: python-docx's ``Table.cell()`` is quadratic and ``row.cells``
  repeats a merged cell once per grid column, so the elements are walked here.
* Cell text is the cell's paragraphs joined with ``\\n`` (trailing empty
  paragraphs dropped, as the text reader does); :func:`strip_field_codes` runs
  last as a safety net behind :mod:`goalextract.readers.word.inline`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from goalextract.cells import Block, Cell, Location, Paragraph, Table, strip_field_codes
from goalextract.errors import ReaderError
from goalextract.limits import DEFAULT_LIMITS, exceeded
from goalextract.readers.word.inline import visible_text
from goalextract.readers.word.numbering import Numbering
from goalextract.readers.word.package import WordParts
from goalextract.readers.word.xml import AML, W_NAMESPACES, Markup, child, markup, namespace


def body_blocks(parts: WordParts, *, max_cells: int = DEFAULT_LIMITS.max_cells) -> list[Block]:
    """The block stream of a Word document's main part (at most ``max_cells`` cells
    and paragraphs: each costs a few hundred bytes, ten times its markup)."""
    ns = namespace(parts.document)
    if ns not in W_NAMESPACES:
        raise ReaderError(f"damaged {parts.what}: the main part is not WordprocessingML")
    body = parts.document.find(f"{{{ns}}}body")
    if body is None:
        raise ReaderError(f"damaged {parts.what}: the document has no body")
    walker = _Walker(markup(ns), Numbering(ns, parts.numbering, parts.styles), max_cells)
    walker.container(body)
    return walker.blocks


@dataclass
class _CellDraft:
    text: str
    col: int
    colspan: int


class _Walker:
    """Walks a w:body and collects the block stream."""

    def __init__(self, m: Markup, numbering: Numbering, max_cells: int) -> None:
        self.m = m
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.tables = 0  # top-level tables seen: Location.table
        self.max_cells = max_cells
        self.pieces = 0  # cells and paragraphs made

    def count(self, pieces: int) -> None:
        """Count cells or paragraphs made; past the cell limit the reading stops."""
        self.pieces += pieces
        if self.pieces > self.max_cells:
            raise exceeded(
                "max_cells", self.max_cells, "the document holds more cells and paragraphs"
            )

    # ---- block level

    def container(self, element: Any) -> None:
        """Body, content control, section wrapper: paragraphs and tables in order."""
        m = self.m
        for item in element:
            tag = item.tag
            if tag == m.P:
                for line in self.paragraph_text(item).split("\n"):
                    cleaned = strip_field_codes(line)
                    if cleaned.strip():
                        self.count(1)
                        self.blocks.append(Paragraph(text=cleaned, location=Location()))
            elif tag == m.TBL:
                self.blocks.append(self.table(item))
            elif m.descend(item):
                # w:sdt/w:sdtContent, w:customXml, Word 2003's wx:sect and
                # wx:sub-section, aml:annotation insertions: wrappers around blocks.
                self.container(item)

    def paragraph_text(self, p: Any) -> str:
        """The visible text of one paragraph, with its automatic list number."""
        text = visible_text(p, self.m)
        # Word prints automatic list numbers (1. （1） ① 一、) as text, and the
        # parser splits goals at them. An empty numbered paragraph still counts
        # (Word shows its number) but its lone number is left out: it is template
        # residue, not an item.
        label = self.numbering.label(p)
        return label + text if text.strip() else text

    # ---- tables

    def table(self, tbl: Any) -> Table:
        index = self.tables
        self.tables += 1
        rows: list[tuple[Cell, ...]] = []
        for tr in self._rows(tbl):
            drafts = self.row_cells(tr)
            if not drafts:
                continue
            self.count(len(drafts))
            r = len(rows)
            rows.append(
                tuple(
                    Cell(
                        text=d.text,
                        row=r,
                        col=d.col,
                        colspan=d.colspan,
                        location=Location(table=index, row=r, col=d.col),
                    )
                    for d in drafts
                )
            )
        return Table(rows=tuple(rows), location=Location(table=index))

    def _rows(self, tbl: Any) -> Iterator[Any]:
        """The table's rows, without rows deleted as a tracked change."""
        for tr in self._children(tbl, self.m.TR):
            tr_pr = child(tr, self.m.TR_PR)
            if tr_pr is None or child(tr_pr, self.m.DEL) is None:
                yield tr

    def _children(self, element: Any, tag: str) -> Iterator[Any]:
        """Children with ``tag``, looking through sdt/customXml wrappers."""
        for item in element:
            if item.tag == tag:
                yield item
            elif item.tag in self.m.wrappers or (
                # Word 2003 revision marks: aml:annotation > aml:content.
                namespace(item) == AML and self.m.descend(item)
            ):
                yield from self._children(item, tag)

    def _int_prop(self, parent: Any, tag: str) -> int:
        """The integer w:val of a property such as w:gridSpan; 0 when absent or bad."""
        prop = child(parent, tag) if parent is not None else None
        if prop is None:
            return 0
        try:
            return max(0, int(str(prop.get(self.m.val, "0"))))
        except ValueError:
            return 0

    def _merge(self, tc_pr: Any, tags: tuple[str, str]) -> str | None:
        """A merge property's value: restart / continue, or None when absent."""
        if tc_pr is None:
            return None
        for prop in tc_pr.iterchildren(*tags):
            return str(prop.get(self.m.val, "continue")).lower()
        return None

    def row_cells(self, tr: Any) -> list[_CellDraft]:
        """The row's distinct cells with their grid columns."""
        m = self.m
        col = self._int_prop(child(tr, m.TR_PR), m.GRID_BEFORE)
        drafts: list[_CellDraft] = []
        for tc in self._children(tr, m.TC):
            tc_pr = child(tc, m.TC_PR)
            span = max(1, self._int_prop(tc_pr, m.GRID_SPAN))
            hmerge = self._merge(tc_pr, m.HMERGE)
            vmerge = self._merge(tc_pr, m.VMERGE)
            if hmerge == "continue" and drafts and drafts[-1].col + drafts[-1].colspan == col:
                # Legacy horizontal merge: the continuation cell widens the one before.
                drafts[-1].colspan += span
            elif vmerge is not None and vmerge != "restart":
                # Vertically merged away: Word prints an empty cell here.
                drafts.append(_CellDraft("", col, span))
            else:
                drafts.append(_CellDraft(self.cell_text(tc), col, span))
            col += span
        return drafts

    def cell_text(self, tc: Any) -> str:
        """The cell's paragraphs joined with \\n, nested tables flattened in place.

        A nested table is flattened into the outer cell's text (one line per
        nested row, its cells joined with a TAB) rather than emitted as a Table of
        its own: the nested grids of these forms (cost breakdowns, task lists) are
        part of the outer label's value, and the parser then keeps them with that
        label (``extra``) instead of mistaking them for a new target table. No
        cell text is lost either way, and Location.table stays the number of the
        top-level table.
        """
        lines: list[str] = []
        self._cell_lines(tc, lines)
        # A trailing empty paragraph inside a cell is layout, not content (the
        # text reader drops it the same way).
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        return strip_field_codes("\n".join(lines))

    def _cell_lines(self, element: Any, lines: list[str]) -> None:
        m = self.m
        for item in element:
            tag = item.tag
            if tag == m.P:
                lines.append(self.paragraph_text(item))
            elif tag == m.TBL:
                for tr in self._rows(item):
                    texts = [d.text.replace("\n", " ") for d in self.row_cells(tr)]
                    while texts and not texts[-1].strip():
                        texts.pop()
                    if texts:
                        lines.append("\t".join(texts))
            elif m.descend(item):
                self._cell_lines(item, lines)
