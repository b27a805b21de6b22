"""Render the Hebei sample as HTML made from PDF: every text run absolutely positioned.

    .venv/bin/python tests/data/html/make_positioned_fixture.py

writes two pages next to this script, from the tables and paragraphs that
``read_cells`` finds in ``samples/shanhaiguan-cppcc-2021.docx``:

- ``…-positioned.html``: inline ``left``/``top`` in px, rulings as thin filled
  divs, one ``<div class="pf">`` per page (pdf2htmlEX's container);
- ``…-positioned-classes.html``: positions in pt from class rules in a
  ``<style>`` block, ``bottom``-based against the page height, rulings as boxes
  with ``border-left``/``border-top``, an ``@media print`` block that must be
  ignored, and the third table drawn without any rulings.

A blank cell under a cell of the same columns is drawn merged into it (no
ruling between), so vertical merges are exercised as well.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from goalextract import read_cells
from goalextract.cells import Block, Paragraph, Table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SOURCE = ROOT / "samples" / "shanhaiguan-cppcc-2021.docx"
XS = [60, 170, 280, 420, 500, 640, 740, 860]  # px: the seven columns' edges
LEFT = 60
SIZE = 12  # px font size
LINE = 16  # px between the lines of one cell
PAD = 6  # px from a cell's top to its first line
PAGE_HEIGHT = 1200
UNRULED_TABLE = 2  # the table drawn without rulings in the class-based variant


@dataclass
class Page:
    texts: list[tuple[float, float, str]] = field(default_factory=list)  # left, top, text
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # l, t, w, h


def _pages(blocks: list[Block]) -> list[Page]:
    """Front matter on page 1; each table with its title on a page of its own."""
    pages = [Page()]
    y = 60.0
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            if i + 1 < len(blocks) and isinstance(blocks[i + 1], Table):
                pages.append(Page())
                y = 60.0
            pages[-1].texts.append((LEFT, y, block.text))
            y += 28
        else:
            y = _table(pages[-1], block, y, ruled=True)
    return pages


def _table(page: Page, table: Table, y: float, *, ruled: bool) -> float:
    above: dict[int, tuple[int, int, str]] = {}  # col → (colspan, row, text) of the cell above
    for r, row in enumerate(table.rows):
        height = PAD * 2 + LINE * max(c.text.count("\n") + 1 for c in row)
        for cell in row:
            x0, x1 = XS[cell.col], XS[cell.end]
            for k, line in enumerate(cell.text.split("\n")):
                if line:
                    page.texts.append((x0 + 4, y + PAD + k * LINE, line))
            merged = cell.blank and cell.col in above and above[cell.col][0] == cell.colspan
            if ruled:
                page.rules.append((x0, y, 0, height))
                page.rules.append((x1, y, 0, height))
                if not merged:
                    page.rules.append((x0, y, x1 - x0, 0))
                if r == len(table.rows) - 1:
                    page.rules.append((x0, y + height, x1 - x0, 0))
            above[cell.col] = (cell.colspan, r, cell.text)
        y += height
    return y + 20


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def inline_variant(pages: list[Page]) -> str:
    out = [
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>绩效目标</title>',
        "<style>.pf{position:relative}.t{position:absolute;white-space:pre}"
        ".r{position:absolute}</style></head><body>",
    ]
    for page in pages:
        out.append(f'<div class="pf" style="height:{PAGE_HEIGHT}px">')
        for left, top, text in page.texts:
            out.append(
                f'<div class="t" style="left:{left}px;top:{top}px;font-size:{SIZE}px">'
                f"{_escape(text)}</div>"
            )
        for left, top, width, height in page.rules:
            # A ruling is a 1px filled box: zero extents grow to the line width.
            out.append(
                f'<div class="r" style="left:{left}px;top:{top}px;width:{max(width, 1)}px;'
                f'height:{max(height, 1)}px;background:#000"></div>'
            )
        out.append("</div>")
    out.append("</body></html>\n")
    return "\n".join(out)


class _Classes:
    """pdf2htmlEX-style classes: one per distinct value of a property."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], str] = {}

    def __call__(self, prefix: str, prop: str, px: float) -> str:
        key = (prop, f"{px * 0.75:g}pt")
        if key not in self.names:
            self.names[key] = f"{prefix}{sum(1 for p, _ in self.names if p == prop)}"
        return self.names[key]

    def css(self) -> str:
        return "\n".join(f".{name}{{{prop}:{value}}}" for (prop, value), name in self.names.items())


def class_variant(pages: list[Page], unruled_page: int) -> str:
    cls = _Classes()
    body: list[str] = []
    for number, page in enumerate(pages):
        body.append('<div class="pf" data-page-no="%x">' % (number + 1))
        for left, top, text in page.texts:
            names = f"t {cls('x', 'left', left)} {cls('y', 'bottom', PAGE_HEIGHT - top - SIZE)}"
            body.append(f'<div class="{names} th fs">{_escape(text)}</div>')
        if number == unruled_page:
            body.append("</div>")
            continue
        for left, top, width, height in page.rules:
            side = "bl" if width == 0 else "bt"
            place = f"{cls('x', 'left', left)} {cls('y', 'bottom', PAGE_HEIGHT - top - height)}"
            size = f"{cls('w', 'width', width)} {cls('h', 'height', height)}"
            body.append(f'<div class="r {side} {place} {size}"></div>')
        body.append("</div>")
    fixed = (
        f".pf{{position:relative;height:{PAGE_HEIGHT * 0.75:g}pt}}\n"
        ".t{position:absolute;white-space:pre}\n.r{position:absolute}\n"
        f".th{{height:{SIZE * 0.75:g}pt}}\n.fs{{font-size:{SIZE * 0.75:g}pt}}\n"
        ".bl{border-left:0.75pt solid #000}\n.bt{border-top:0.75pt solid #000}\n"
        "@media print{.x0{left:0pt}.y0{bottom:0pt}}\n"
    )
    head = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>绩效目标</title>\n'
        f"<style>\n{fixed}{cls.css()}\n</style></head><body>"
    )
    return "\n".join([head, *body, "</body></html>\n"])


def main() -> None:
    blocks = read_cells(SOURCE).blocks
    pages = _pages(blocks)
    (HERE / "shanhaiguan-cppcc-2021-positioned.html").write_text(
        inline_variant(pages), encoding="utf-8"
    )
    (HERE / "shanhaiguan-cppcc-2021-positioned-classes.html").write_text(
        class_variant(pages, 1 + UNRULED_TABLE)  # page 0: front matter, encoding="utf-8"
    )


if __name__ == "__main__":
    main()
