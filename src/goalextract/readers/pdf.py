"""Reader for PDF files with a text layer (pdfplumber, on glyphs and rulings read by pdfium).

The parser is format-blind, so this reader hands over the same block stream that
Word's plain-text export gives for the same document (DOMAIN.md §8):

- Tables come from ruling lines (pdfplumber's default "lines" strategy). Spans are
  worked out from cell geometry against the table's distinct x- and y-edges, not
  from ``extract_table()``'s ``None`` holes, which cannot tell a horizontal merge
  from a vertical one. A horizontally merged cell is one Cell with a colspan; a
  cell merged down from above is an empty Cell at its grid column.
- Text inside a cell is gathered from the page's characters by their centre and
  wrapped lines are joined without a separator (``100000.0⏎0`` → ``100000.00``),
  except where a line starts a numbered item (``1.`` ``（1）`` ``①``). Text that
  runs on past its cell's bottom rule stays with its cell: the drawing order
  tells which cell a line belongs to (``_Grid.follow_runs``, ``pull_overflow``),
  and a last glyph set across a column rule stays with its line (``pull_straddlers``).
- A table that runs onto the next page is stitched into one Table, and a repeated
  header row is dropped.
- Text outside tables becomes one Paragraph per line; page numbers and running
  headers/footers are dropped.

Pages: a quick pass with pdfium reads every page's text and marks the pages that
can hold a target table; only those go through the table finder, on glyphs and
rulings pdfium reads (``pdfium_layout``: pdfminer's objects, about eight times
faster), or pdfminer's for a page pdfium cannot give as pdfminer would.

Errors: an encrypted file without (or with a wrong) password raises EncryptedInput,
a file without any text raises NoTextLayer, a damaged file ReaderError.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import os
import re
import time
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from goalextract.cells import Block, Cell, Location, Paragraph, ReadResult, Table, strip_field_codes
from goalextract.errors import EncryptedInput, NoTextLayer, ReaderError, time_limit
from goalextract.numbering import PARAGRAPH_START, WRAP_ITEM
from goalextract.readers import ReadOptions
from goalextract.readers.cliprun import Locate, anchor_points
from goalextract.readers.gaprules import missing_rules
from goalextract.readers.geometry import cluster_edges
from goalextract.readers.pdfbound import check_page_count, check_streams, guard_cmaps

# pdfminer logs every oddity of a damaged file at WARNING; with no logging set up
# Python prints those on stderr, burying the one-line error the CLI gives. A
# NullHandler keeps them quiet unless the application configures logging itself.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

# pdfplumber describes every glyph as a dict (text, x0, x1, top, bottom, size, ...).
_Char = dict[str, Any]
_BBox = tuple[float, float, float, float]

# Distances are in PDF points (1/72 inch).
_EDGE_TOLERANCE = 2.0  # ruling lines closer than this are one grid edge
_OUTER_EDGE_TOLERANCE = 3.0  # left/right table edges that match across a page break
# Between two Han characters a gap below this many font sizes is spurious
# (justified or letter-spaced CJK text); a wider one separates two fields on one
# line (`编制部门：… 单位：元`) and is kept as a single space.
_HAN_GAP_KEEP = 1.5
# Between Latin letters or digits a gap wider than this many font sizes is a word
# space (spaces are 0.25-0.35 em wide; kerning stays well below).
_WORD_GAP = 0.18
# Word processors add about 0.2 em between Han and Latin text on their own
# ("autospace"): at a Han/Latin boundary only a wider gap is a typed space.
_MIXED_GAP = 0.4
# Page furniture lives in the page margins: page numbers within this fraction of
# the page height from the top or bottom edge, running headers/footers within the
# narrower band (titles start lower than that).
_PAGE_NUMBER_BAND = 0.12
_RUNNING_BAND = 0.08
_HEADER_ROWS_MAX = 5  # the most rows a repeated table header is compared over
# The text of a cell cut at the page break may start a little way beyond the
# frame (it is centred on the whole merged area); a wider gap than this many line
# heights separates a paragraph under the table.
_OVERFLOW_GAP = 3.0
# Fake bold repeats a glyph shifted by less than this fraction of its width.
_DUPLICATE_SHIFT = 0.25
# Two lines whose tops are less than this many font sizes apart print over each
# other: they cannot be one text's (line spacing is at least the font size).
_COLLISION = 0.9

# A wrapped line inside a cell is joined without a separator, except where the new
# line starts a numbered item: `1.` `2、` `3)` `（1）` `(2)` `①` `一、` `目标1:`.
# `1.` must not be followed by a digit, so that a wrapped `12.5` stays one number.
# Page numbers: `— 1 —`, `- 2 -`, `3`, `第 3 页`, `第3页 共7页`, `3/7`, `Page 3 of 7`.
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-—–－―\s]*\d{1,4}[-—–－―\s]*
      | 第\s*\d{1,4}\s*页\s*(?:[,，/]?\s*共\s*\d{1,4}\s*页)?
      | 共\s*\d{1,4}\s*页\s*[,，/]?\s*第\s*\d{1,4}\s*页
      | \d{1,4}\s*/\s*\d{1,4}
      | (?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?
    )$""",
    re.VERBOSE,
)
# Lines that a form may print at the top of every page but that are content: a
# table title (`…绩效目标申报表`), the year line (`（2026年度）`), the money unit
# (`单位：元`). They are never taken for a running header.
_CONTENT_LINE = re.compile(r"表$|单位[:：]|^[（(]?#年度?[)）]?$")
_DIGITS = re.compile(r"\d+")
_FIGURE = re.compile(r"^[\d,.]+$")  # a bare amount: `3,327.5954`, `37`
_TOKEN = re.compile(r"[0-9A-Za-z.,]")  # a character of a figure or a code
_WHITESPACE = re.compile(r"\s+")
_CID = re.compile(r"^\(cid:\d+\)$")


def read(
    data: bytes, *, fmt: str = "pdf", name: str = "", options: ReadOptions | None = None
) -> ReadResult:
    """Read a PDF's pages into the block stream (paragraphs and tables of cells)."""
    options = options or ReadOptions()
    # Before pdfium or pdfminer inflates anything (readers/pdfbound.py).
    check_streams(data, options.limits)
    guard_cmaps()
    quick = _QuickPass(data, options)
    try:
        pages = _read_pages(data, options, quick)
    finally:
        quick.close()
    if not any(page.chars for page in pages):
        raise NoTextLayer("no text layer (scanned?); OCR it first")
    if sum(page.cid_chars for page in pages) * 2 > sum(page.chars for page in pages):
        # Fonts without a Unicode map come out as `(cid:123)`: the text is not usable.
        raise NoTextLayer("the text layer is unreadable (fonts without Unicode maps); OCR it first")
    _drop_furniture(pages)
    return ReadResult(blocks=_assemble(pages), format="pdf", encoding=None, pages=len(pages))


# --------------------------------------------------------------------------- pages


@dataclass
class _Line:
    """One line of text outside any table."""

    top: float
    bottom: float
    text: str
    furniture: bool = False
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class _RawCell:
    """A cell of one page's part of a table, in page coordinates.

    ``text`` is None for the rows below a vertically merged cell's first row: the
    cell continues there and becomes an empty Cell.
    """

    x0: float
    x1: float
    text: str | None
    rowspan: int = 1


@dataclass
class _Part:
    """The piece of a table that lies on one page."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    edges: list[float]
    rows: list[list[_RawCell]]
    lines: list[_Line] | None = None  # set for a frame: its text as lines


@dataclass
class _Page:
    """What one page holds: text lines outside tables and table parts, with positions."""

    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)
    parts: list[_Part] = field(default_factory=list)
    chars: int = 0  # non-blank characters, to tell a scan from a text PDF
    cid_chars: int = 0
    # Read by the quick pass only (no target-table marker on or near it): its
    # lines carry text but no geometry, and it has no tables.
    plain: bool = False
    # (x0, x1, text) of the cells cut at the bottom of the page: the next page
    # prints their text again above its body (see ``_unclip``).
    cut: list[tuple[float, float, str]] = field(default_factory=list)


# Words every target table, title or prose part prints on its page. Pages
# without them hold no target table, so the slow table finder skips them: budget
# PDFs are mostly such pages. A table that runs on over pages without these words
# is followed by ``_runs_overleaf`` (its page ends in a table), not by reading a
# fixed number of pages after every mention: on the corpus that sent 1,806 of its
# 3,612 pages through the table finder instead of 1,572, for the same result.
_TARGET_MARKERS = ("指标", "绩效目标", "项目名称", "项目编码")


# GOALEXTRACT_PDF_LAYOUT=pdfminer reads every table page through pdfminer, as
# before pdfium's page objects were used: a way round should pdfium misread a file.
_LAYOUT_ENV = "GOALEXTRACT_PDF_LAYOUT"


class _QuickPass:
    """pdfium's view of the PDF: every page's text, and the table pages' objects.

    The text of every page (C, ~100x faster than pdfminer) picks the pages that
    can hold a target table. Those pages' glyphs and rulings come from pdfium too
    (``pdfium_layout``), shaped as pdfplumber's, for pdfplumber's table finder:
    pdfminer reads only a page pdfium cannot give faithfully. The document stays
    open between the two. A PDF of more pages than the page limit is refused first.
    """

    def __init__(self, data: bytes, options: ReadOptions) -> None:
        self.texts: dict[int, str] | None = None
        self.document: Any = None
        try:
            import pypdfium2
        except ImportError:
            return
        try:
            document = pypdfium2.PdfDocument(data, password=options.password or None)
        except Exception:  # encrypted, damaged: the full reader reports it properly
            return
        texts: dict[int, str] = {}
        try:
            count = len(document)
            for index in range(count if count <= options.limits.max_pages else 0):
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    texts[index + 1] = textpage.get_text_range()
                    textpage.close()
                finally:
                    page.close()
        except Exception:
            document.close()
            return
        try:
            check_page_count(count, options.limits)
        except BaseException:
            document.close()
            raise
        self.document = document
        self.texts = texts

    def page(self, page: Any) -> Any:
        """pdfplumber's page with pdfium's objects, or the page itself (pdfminer reads it)."""
        if self.document is None or os.environ.get(_LAYOUT_ENV) == "pdfminer":
            return page
        from goalextract.readers.pdfium_layout import PdfiumPage, objects_for

        try:
            source = self.document[page.page_number - 1]
        except Exception:
            return page
        try:
            objects = objects_for(source, page)
        except Exception:  # pdfminer reads what pdfium cannot
            return page
        finally:
            source.close()
        return page if objects is None else PdfiumPage(page, objects)

    def close(self) -> None:
        if self.document is not None:
            with contextlib.suppress(Exception):
                self.document.close()
            self.document = None


def _pages_to_read(texts: dict[int, str] | None) -> set[int] | None:
    """Page numbers the full reader must take; None means all of them."""
    if texts is None:
        return None
    marked = {
        number
        for number, text in texts.items()
        if any(marker in _WHITESPACE.sub("", text) for marker in _TARGET_MARKERS)
    }
    if not marked:
        # Nothing looks like a target: read everything, so that scans and
        # unreadable fonts get their own errors and nothing is missed.
        return None
    return marked


def _plain_page(number: int, height: float, text: str) -> _Page:
    lines = [line.strip() for line in text.splitlines()]
    page = _Page(number=number, height=height, plain=True)
    page.lines = [
        _Line(top=float(i), bottom=float(i), text=line)
        for i, line in enumerate(line for line in lines if line)
    ]
    page.chars = sum(len(line.text.replace(" ", "")) for line in page.lines)
    return page


def _open(data: bytes, options: ReadOptions) -> Any:
    """Open the PDF with pdfplumber, turning its errors into the reader's own."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(io.BytesIO(data), password=options.password or "")
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect):
            if options.password:
                raise EncryptedInput(
                    "this PDF is encrypted and the password given is wrong; "
                    "pass the right one with --password"
                ) from error
            raise EncryptedInput("this PDF is encrypted; pass --password") from error
        if isinstance(cause, PDFEncryptionError):
            raise EncryptedInput(
                f"this PDF's encryption is not supported ({cause}); remove the password first"
            ) from error
        raise ReaderError(f"not a readable PDF (damaged?): {_describe(cause)}") from error
    except Exception as error:  # pdfminer raises many kinds on garbage input
        raise ReaderError(f"not a readable PDF (damaged?): {_describe(error)}") from error


def _read_pages(data: bytes, options: ReadOptions, quick: _QuickPass) -> list[_Page]:
    """Every page: those the quick pass marks through the table finder."""
    pdf = _open(data, options)
    # pdfminer can crawl on damaged files: give up between pages once the time is
    # spent rather than run for ever (a single page cannot be interrupted safely).
    deadline = time.monotonic() + options.timeout
    texts = quick.texts
    wanted = _pages_to_read(texts)
    pages: list[_Page] = []
    try:
        try:
            page_list = pdf.pages
        except Exception as error:
            raise ReaderError(
                f"cannot list the PDF's pages (damaged?): {_describe(error)}"
            ) from error
        if not page_list:
            raise ReaderError("the PDF has no pages (damaged or truncated?)")
        for page in page_list:
            if time.monotonic() > deadline:
                raise ReaderError(
                    f"{time_limit(options.timeout)} at page {page.page_number} of "
                    f"{len(page_list)}; the PDF is very large or damaged"
                )
            try:
                if wanted is not None and texts is not None and page.page_number not in wanted:
                    pages.append(
                        _plain_page(page.page_number, float(page.height), texts[page.page_number])
                    )
                    continue
                previous = pages[-1] if pages and pages[-1].number == page.page_number - 1 else None
                pages.append(_read_page(quick.page(page), previous))
                if wanted is not None and _runs_overleaf(pages[-1]):
                    wanted.add(page.page_number + 1)
            except ReaderError:
                raise
            except Exception as error:  # RecursionError included
                raise ReaderError(
                    f"page {page.page_number} cannot be read (damaged?): {_describe(error)}"
                ) from error
            finally:
                # Layout objects of a page are cached on it: free them so memory
                # stays flat over long documents.
                page.close()
    finally:
        # close() lists the pages again, which fails anew on a damaged page tree;
        # the stream is an in-memory buffer, so nothing leaks when it does.
        with contextlib.suppress(Exception):
            pdf.close()
    return pages


# A table whose bottom lies in the last fifth of the page (the margin included) may run on overleaf.
_BOTTOM_BAND = 0.8


def _runs_overleaf(page: _Page) -> bool:
    """Whether a table runs to the page's bottom: the next page is read in full too.

    The quick pass picks pages by their words; a list continued over many pages
    (goals-only lists print no 指标 on their later pages) is followed this way.
    """
    return any(part.bottom > page.height * _BOTTOM_BAND for part in page.parts)


def _describe(error: BaseException) -> str:
    """The first line of an exception, short enough for a one-line error message."""
    text = (str(error).strip() or type(error).__name__).splitlines()[0]
    return text if len(text) <= 120 else text[:119] + "…"


def _read_page(page: Any, previous: _Page | None = None) -> _Page:
    """Find a page's tables, assign every character to a cell or to the text outside."""
    chars = _dedupe(page.chars)
    result = _Page(number=page.page_number, height=float(page.height))
    for char in chars:
        if char["text"].strip():
            result.chars += 1
            if _CID.match(char["text"]):
                result.cid_chars += 1

    page = _without_invisible_boxes(page)
    edges = page.edges
    settings = _frame_settings(edges, chars)
    grids = [grid for grid in (_Grid(t.cells) for t in page.find_tables(settings)) if grid.spans]
    # pull_overflow reads the drawing order of every glyph, those _unclip moves too.
    order = {id(char): position for position, char in enumerate(chars)}
    clipped: list[list[_Char]] = []
    if grids:
        chars, clipped = _unclip(
            min(grids, key=lambda grid: grid.ys[0]), chars, previous.cut if previous else []
        )
    # A label wider than its cell, clipped at the rules, goes to one cell whole.
    anchors = anchor_points(chars, _cell_extent(grids)) if grids else {}
    outside: list[_Char] = []
    for char in chars:
        cx = anchors.get(id(char), (char["x0"] + char["x1"]) / 2)
        cy = (char["top"] + char["bottom"]) / 2
        for grid in grids:
            if grid.take(char, cx, cy):
                break
        else:
            outside.append(char)
    if grids and outside:
        outside = _claim_overflow(grids, outside, edges, result.height)
    runs = [[chars[p] for p in run] for run in _drawn_runs(chars)] if grids else []
    for grid in grids:
        grid.follow_runs(runs)
        grid.pull_overflow(order)
        grid.pull_straddlers(chars)
    if grids:
        result.cut = _cut_texts(max(grids, key=lambda grid: grid.ys[-1]), edges, clipped)
    result.parts = [grid.part(result.number) for grid in grids]
    result.lines = _text_lines(outside)
    return result


def _cell_extent(grids: Sequence[_Grid]) -> Locate:
    """(x0, x1) of the cell at a point, in whichever table holds it."""

    def locate(x: float, y: float) -> tuple[float, float] | None:
        for grid in grids:
            index = grid.cell_at(x, y)
            if index is not None:
                _, _, c0, c1 = grid.spans[index]
                return grid.xs[c0], grid.xs[c1]
        return None

    return locate


def _without_invisible_boxes(page: Any) -> Any:
    """The page without white boxes that draw no border: they are no rulings.

    Some producers put every text line in a white-filled box without a border
    (a text frame): nothing shows on the page, but its sides would be read as
    rules and cut the real cells into small boxes around each text.
    """
    if not any(_invisible(rect) for rect in page.rects):
        return page
    return page.filter(lambda obj: obj.get("object_type") != "rect" or not _invisible(obj))


def _invisible(rect: _Char) -> bool:
    return (
        bool(rect.get("fill")) and not rect.get("stroke") and _white(rect.get("non_stroking_color"))
    )


def _white(color: Any) -> bool:
    """Whether a fill colour is white, in DeviceGray, RGB or CMYK."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color:
        return False
    values = [float(v) for v in color if isinstance(v, (int, float))]
    if len(values) != len(color):
        return False  # a pattern or a named colour space
    if len(values) == 4:
        return all(v == 0 for v in values)  # CMYK: no ink
    return len(values) in (1, 3) and all(v == 1 for v in values)


# A cut cell's repeated text matches the page before when the start of that
# page's text (this many characters) lies in it: more than a project code's
# shared prefix (`11000022T000000451922-` is 22 characters, unique in full).
_REPEAT_HEAD = 24
_REPEAT_MIN = 4
_RUN_INDENT = 1.5


def _unclip(
    grid: _Grid, chars: list[_Char], cut: Sequence[tuple[float, float, str]]
) -> tuple[list[_Char], list[list[_Char]]]:
    """Take out the text of cells cut at the page top that lies over the table's top rows.

    Beijing's 预算表12 repeats its title and header rows inside the ruled grid
    of every page, and draws a merged body cell cut at the break as one text
    run centred on the whole merged area: its first lines lie over the title and
    header cells (or off the page) and would be read as part of them. Such a
    run is told by the drawing order: the producer draws the header labels
    first, then each cell's text as one run of lines at one font size, line
    spacing and left edge, and the cut cells' runs repeat what the page before
    printed in its cut cells (``cut``). The header band is the rows of the text
    drawn before the first such run (``_band_rows``).

    A run that ends in a body cell and passes through the band or outside the
    frame on its way down is that cell's text (``_clipped_part``); a run lying
    wholly in the band or above the frame is a cell's that lies wholly below
    (``_over_band``). Their part over the band is dropped when it repeats the
    page before; a clipped part that does not is given to its cell, as the only
    place the text is printed, when it passes through several places (one
    header cell alone is too weak a sign).

    Returns the characters left to place and the dropped runs (their text stands
    for a cut cell that is blank on this page, for the next page's check).
    """
    places = [grid.locate(char) for char in chars]
    runs = [range(run[0], run[-1] + 1) for run in _drawn_runs(chars)]
    band = _band_rows(grid, chars, places, runs, cut)
    if not band:
        return chars, []
    dropped: set[int] = set()
    clipped: list[list[_Char]] = []
    for span in runs:
        previous = _cut_at(chars[span[0]], cut)
        found = _clipped_part(grid, chars, places, span, band)
        if found is None:
            if _over_band(grid, chars, places, span, band) and _repeats(
                _plain(chars, span), previous
            ):
                dropped.update(span)
                clipped.append([chars[p] for p in span])
            continue
        home, above, over = found
        if previous and _holds(previous, _plain(chars, span)):
            # The page before holds all of it (its cut cell took the text it
            # printed beyond its bottom): the continued cell stays blank, as a
            # name's tail alone would read as another name.
            above = list(span)
        elif over > 1 and not _repeats(_plain(chars, above), previous):
            grid.chars[home].extend(chars[p] for p in above)
            dropped.update(above)
            continue
        elif not _repeats(_plain(chars, above), previous):
            continue
        dropped.update(above)
        clipped.append([chars[p] for p in above])
    return [char for position, char in enumerate(chars) if position not in dropped], clipped


def _band_rows(
    grid: _Grid,
    chars: Sequence[_Char],
    places: Sequence[int | None],
    runs: Sequence[range],
    cut: Sequence[tuple[float, float, str]],
) -> int:
    """How many grid rows the header band covers (0: none found).

    They are the rows of the text drawn before the first run that repeats the
    page before's cut cells: the labels, drawn first. Where the labels are in
    a font size of their own, the first run in the grid in the repeat's size
    (the body's) ends them too: a page may draw the body cells under the header
    first and the cut cells' runs last, and those rows are no header.
    """
    first = next(
        (span[0] for span in runs if _repeats(_plain(chars, span), _cut_at(chars[span[0]], cut))),
        0,
    )
    if not first:
        return 0
    size = _size(chars[first])
    inside = [
        span[0] for span in runs if span[0] < first and any(places[p] is not None for p in span)
    ]
    if inside and abs(_size(chars[inside[0]]) - size) >= 0.05:
        first = next((p for p in inside if abs(_size(chars[p]) - size) < 0.05), first)
    return max((grid.spans[place][1] for place in places[:first] if place is not None), default=0)


def _size(char: _Char) -> float:
    """The font size a glyph is set in (0 when the PDF gives none)."""
    return float(char.get("size") or 0.0)


def _drawn_runs(chars: Sequence[_Char]) -> list[list[int]]:
    """Positions of the text runs as drawn: one line after another, same size, one column.

    A run goes on while each glyph follows the last on its line (less than one
    font size away; kerned full-width punctuation overlaps by up to half) or
    starts the next line one line spacing lower (the first step sets the
    spacing) and under the run: from ``_RUN_INDENT`` font sizes left of its
    left edge to its right edge (centred lines start further right). Blanks go
    with their run.
    """
    runs: list[list[int]] = []
    left = right = line = step = 0.0
    last: _Char | None = None
    for position, char in enumerate(chars):
        if not char["text"].strip():
            if runs:
                runs[-1].append(position)
            continue
        size = float(char.get("size") or 0.0)
        top, x0 = float(char["top"]), float(char["x0"])
        if last is not None and abs(size - float(last.get("size") or 0.0)) < 0.05:
            gap = top - line
            if abs(gap) < 0.5 and -size / 2 <= x0 - last["x1"] <= size:
                gap = 0.0  # same line
            elif not (
                left - _RUN_INDENT * size <= x0 <= max(right, left + _RUN_INDENT * size)
                and (abs(gap - step) <= 0.5 if step else 0 < gap <= 2 * size)
            ):
                last = None
        else:
            last = None
        if last is None:
            runs.append([position])
            left, right, line, step = x0, float(char["x1"]), top, 0.0
        else:
            runs[-1].append(position)
            if gap:
                step, line = gap, top
            right = max(right, float(char["x1"]))
        last = char
    return runs


def _middle(char: _Char) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def _clipped_part(
    grid: _Grid, chars: Sequence[_Char], places: Sequence[int | None], span: range, band: int
) -> tuple[int, list[int], int] | None:
    """(cell, positions, places) of a run's lines above the body cell it ends in, if clipped.

    The run ends in the last cell it reaches on the page (its tail may run off
    the bottom), which must lie below the header band. Its lines above that
    cell are clipped text when the whole run lies in the cell's columns and
    that part reaches the band or outside the frame: text that only runs on
    from the body cell just above (``pull_overflow``) does neither. The number
    of places (cells, or outside) the part passes through comes too.
    """
    home = next((places[p] for p in reversed(span) if places[p] is not None), None)
    if home is None or grid.spans[home][0] < band:
        return None
    r0, _, c0, c1 = grid.spans[home]
    left, right, top = grid.xs[c0], grid.xs[c1], grid.ys[r0]
    above: list[int] = []
    for position in span:
        x, y = _middle(chars[position])
        if not left <= x <= right:
            return None
        if y < top and chars[position]["text"].strip():
            above.append(position)
    over = {places[position] for position in above}
    if not any(place is None or grid.spans[place][1] <= band for place in over):
        return None
    return home, above, len(over)


def _over_band(
    grid: _Grid, chars: Sequence[_Char], places: Sequence[int | None], span: range, band: int
) -> bool:
    """Whether a run lies wholly above the frame or in the header band."""
    for position in span:
        place = places[position]
        if place is None:
            if _middle(chars[position])[1] >= grid.ys[0]:
                return False
        elif grid.spans[place][1] > band:
            return False
    return True


def _plain(chars: Sequence[_Char], positions: Iterable[int]) -> str:
    """The text of some characters, whitespace removed (for comparing copies)."""
    return _WHITESPACE.sub("", "".join(chars[p]["text"] for p in positions))


def _cut_at(char: _Char, cut: Sequence[tuple[float, float, str]]) -> str:
    """The text of the page before's cut cell in the character's column ('' if none)."""
    middle = _middle(char)[0]
    return next((text for x0, x1, text in cut if x0 <= middle <= x1), "")


def _repeats(text: str, previous: str) -> bool:
    """Whether a run's text repeats the page before's cut cell text, or that text's start.

    Figures and codes match from their start: `20.000000` does not repeat
    `120.000000`.
    """
    if min(len(text), len(previous)) < _REPEAT_MIN:
        return False  # `%`, `≥`, `1`: such short texts match anywhere
    return _holds(previous, text) or _holds(text, previous[:_REPEAT_HEAD])


def _holds(text: str, part: str) -> bool:
    """Whether ``part`` occurs in ``text`` starting where a figure or a code starts.

    A match must not start inside a run of Latin letters, digits and the
    points and commas of a figure (``_TOKEN``). Its end may fall inside one:
    either text may be cut short there (a line wrapped inside a code, a cut
    cell that showed the first part of one, `11000023T000`), and the
    whitespace left out of both hides where two figures of one run meet
    (`1,125.000000` `1,125.000000`).
    """
    start = text.find(part)
    while start >= 0:
        if not (start and _TOKEN.match(text[start - 1]) and _TOKEN.match(part[:1])):
            return True
        start = text.find(part, start + 1)
    return False


def _cut_texts(
    grid: _Grid, edges: Iterable[_Char], clipped: Sequence[Sequence[_Char]]
) -> list[tuple[float, float, str]]:
    """(x0, x1, text) of the cells cut at the page's bottom, whitespace removed.

    A cut cell blank on this page (a name merged over more than the page) stands
    for the text dropped by ``_unclip`` in its columns: it is the same cell's.
    """
    rules = [edge for edge in edges if edge["orientation"] == "h"]
    found: list[tuple[float, float, str]] = []
    for x0, x1, index in grid.open_cells(rules, bottom=True):
        text = _cell_text(grid.chars[index]) or "".join(
            char["text"] for run in clipped if x0 <= _middle(run[0])[0] <= x1 for char in run
        )
        found.append((x0, x1, _WHITESPACE.sub("", text)))
    return found


def _frame_settings(edges: Sequence[_Char], chars: Sequence[_Char]) -> dict[str, list[_Char]]:
    """Explicit rules along the outer frame of every table, for ``find_tables``.

    pdfplumber makes a cell only where four rules meet. A table cut by a page
    break (or a cell spanning the whole page) has vertical rules running to the
    frame with no horizontal rule closing them, and some PDFs leave out parts of a
    table's left or right border; those cells would be lost with their text.
    Vertical rules that overlap in height form one frame, and its four sides are
    drawn in (where a rule exists already, they coincide), and so are the
    column rules left out for a block of rows (``gaprules``).
    """
    verticals = sorted(
        (e for e in edges if e["orientation"] == "v" and e["height"] >= 1),
        key=lambda e: e["top"],
    )
    frames: list[list[float]] = []  # top, bottom, x0, x1, rule count
    members: list[list[_Char]] = []
    for edge in verticals:
        frame = frames[-1] if frames else None
        if frame is not None and edge["top"] <= frame[1] + _EDGE_TOLERANCE:
            frame[1] = max(frame[1], edge["bottom"])
            frame[2] = min(frame[2], edge["x0"])
            frame[3] = max(frame[3], edge["x1"])
            frame[4] += 1
            members[-1].append(edge)
        else:
            frames.append([edge["top"], edge["bottom"], edge["x0"], edge["x1"], 1])
            members.append([edge])
    horizontal: list[_Char] = []
    vertical: list[_Char] = []
    for (top, bottom, x0, x1, count), rules in zip(frames, members, strict=True):
        if count < 2:
            continue
        horizontal.append(_rule(x0, x1, top, top))
        horizontal.extend(_column_ends(rules, x0, x1, bottom))
        vertical.extend(_rule(x, x, top, bottom) for x in (x0, x1))
        across = [e for e in edges if e["orientation"] == "h" and top <= e["top"] <= bottom]
        found = missing_rules([*rules, *across], chars)
        vertical.extend(_rule(x, x, upper, lower) for x, upper, lower in found)
    return {"explicit_horizontal_lines": horizontal, "explicit_vertical_lines": vertical}


def _column_ends(rules: Sequence[_Char], x0: float, x1: float, bottom: float) -> list[_Char]:
    """The frame's bottom, and rules closing the columns whose sides stop above it.

    A table cut by a page break may run one column further down than the rest
    (a long goals text): the frame's bottom then lies below the other columns,
    whose cut cells have no rule under them. The bottom is drawn under the
    columns that reach it; a column whose sides stop higher is closed where
    the higher of its two sides ends, so that its cell does not run on down
    through the space where its side rules stop. The frame's outer sides
    count as reaching the bottom (some PDFs leave parts of them out); only an
    inner column reaching it tells a longer column from a stray outer rule.
    """
    sides: list[list[float]] = [[x0, bottom]]  # [x, lowest end] of each column side
    for edge in sorted(rules, key=lambda e: e["x0"]):
        if edge["x0"] - sides[-1][0] <= _EDGE_TOLERANCE:
            sides[-1][1] = max(sides[-1][1], edge["bottom"])
        else:
            sides.append([edge["x0"], edge["bottom"]])
    if x1 - sides[-1][0] <= _EDGE_TOLERANCE:
        sides[-1][1] = bottom
    else:
        sides.append([x1, bottom])
    ends = [min(a[1], b[1]) for a, b in itertools.pairwise(sides)]
    reaching = [end >= bottom - _EDGE_TOLERANCE for end in ends]
    if all(reaching) or not any(reaching[1:-1]):
        # Every column reaches the bottom, or no inner one does (an outer
        # rule drawn on below the table): the bottom closes them all.
        return [_rule(x0, x1, bottom, bottom)]
    return [
        _rule(left, right, y, y)
        for ((left, _), (right, _)), end, down in zip(
            itertools.pairwise(sides), ends, reaching, strict=True
        )
        for y in [bottom if down else end]
    ]


def _claim_overflow(
    grids: Sequence[_Grid], chars: list[_Char], edges: Iterable[_Char], height: float
) -> list[_Char]:
    """Give the text of cells cut at the page break back to them; return the rest.

    A merged cell that spans a page break is drawn whole on every page it covers
    and clipped by the page: its text sits at the centre of the whole merged
    area, so part or all of it lies below the lowest table's frame, even beyond
    the page edge. That text goes into the cut cell.

    The next page draws the same text again, above its highest table's frame: a
    copy of what the cell's first page holds. Where part of the copy falls inside
    the continued cell, the part above completes it (a tail like `健康促进项目`
    alone would read as another name); where none does, the copy is dropped, so
    that a continued cell stays blank (a repeated level label such as
    `年度绩效指标` in it would read as a new section).
    """
    rules = [edge for edge in edges if edge["orientation"] == "h"]
    lowest = max(grids, key=lambda grid: grid.ys[-1])
    highest = min(grids, key=lambda grid: grid.ys[0])
    taken: set[int] = set()
    for index, found in _by_cell(lowest.overflow(chars, rules, height, downward=True)).items():
        # A number wrapped at the break (`3,327.5954` | `37`) is read as the page
        # shows it: the clipped tail belongs to the next page, never glued on.
        if not _glues_numbers(lowest.chars[index], found):
            lowest.chars[index].extend(found)
        taken.update(id(char) for char in found)
    for index, found in _by_cell(highest.overflow(chars, rules, height, downward=False)).items():
        if highest.chars[index] and not _glues_numbers(found, highest.chars[index]):
            highest.chars[index].extend(found)
        taken.update(id(char) for char in found)
    return [char for char in chars if id(char) not in taken]


def _by_cell(found: Iterable[tuple[_Char, int]]) -> dict[int, list[_Char]]:
    """Overflow characters grouped by the cell they belong to."""
    cells: dict[int, list[_Char]] = {}
    for char, index in found:
        cells.setdefault(index, []).append(char)
    return cells


def _glues_numbers(before: Sequence[_Char], after: Sequence[_Char]) -> bool:
    """Whether joining ``after`` to ``before`` would make one number of two.

    A cut cell's text beyond the frame only completes the text inside when it
    continues it. Two bare figures are the one amount split by the break, each
    page showing the part its frame lets through: glued they give a figure
    printed nowhere. (A wrapped project code such as `11000022T00` does continue.)
    """
    if not before or not after:
        return False
    return bool(_FIGURE.match(_cell_text(before)) and _FIGURE.match(_cell_text(after)))


def _rule(x0: float, x1: float, top: float, bottom: float) -> _Char:
    """A ruling line as pdfplumber describes an edge."""
    return {
        "object_type": "frame_edge",
        "orientation": "h" if top == bottom else "v",
        "x0": x0,
        "x1": x1,
        "width": x1 - x0,
        "top": top,
        "bottom": bottom,
        "height": bottom - top,
    }


def _text_lines(chars: Sequence[_Char]) -> list[_Line]:
    """Text lines outside tables, top to bottom (field codes stripped as a safety net)."""
    return [
        _Line(
            top=line[0]["top"],
            bottom=max(c["bottom"] for c in line),
            text=text,
            x0=min(c["x0"] for c in line),
            x1=max(c["x1"] for c in line),
        )
        for line in _group_lines(chars)
        if (text := strip_field_codes(_line_text(line)).strip())
    ]


class _Grid:
    """One table found on a page: its grid edges and which cell owns each grid slot."""

    def __init__(self, cells: Sequence[_BBox]) -> None:
        self.xs = _edges(v for c in cells for v in (c[0], c[2]))
        self.ys = _edges(v for c in cells for v in (c[1], c[3]))
        # (row0, row1, col0, col1) per cell; slivers that collapse onto one edge go.
        self.spans: list[tuple[int, int, int, int]] = []
        for x0, top, x1, bottom in cells:
            r0, r1 = _nearest(self.ys, top), _nearest(self.ys, bottom)
            c0, c1 = _nearest(self.xs, x0), _nearest(self.xs, x1)
            if r1 > r0 and c1 > c0:
                self.spans.append((r0, r1, c0, c1))
        self.owner: list[list[int | None]] = [
            [None] * (len(self.xs) - 1) for _ in range(len(self.ys) - 1)
        ]
        for index, (r0, r1, c0, c1) in enumerate(self.spans):
            for r in range(r0, r1):
                for c in range(c0, c1):
                    self.owner[r][c] = index
        self.chars: list[list[_Char]] = [[] for _ in self.spans]

    def locate(self, char: _Char) -> int | None:
        """The cell the character's centre lies in, if any."""
        cx, cy = _middle(char)
        return self.cell_at(cx, cy)

    def cell_at(self, cx: float, cy: float) -> int | None:
        if not (self.xs[0] <= cx <= self.xs[-1] and self.ys[0] <= cy <= self.ys[-1]):
            return None
        r = min(bisect_right(self.ys, cy) - 1, len(self.ys) - 2)
        c = min(bisect_right(self.xs, cx) - 1, len(self.xs) - 2)
        return self.owner[r][c]

    def take(self, char: _Char, cx: float, cy: float) -> bool:
        """Claim ``char`` for the cell its centre lies in; False when outside every cell."""
        index = self.cell_at(cx, cy)
        if index is None:
            return False
        self.chars[index].append(char)
        return True

    def open_cells(self, rules: Sequence[_Char], bottom: bool) -> list[tuple[float, float, int]]:
        """(x0, x1, cell) of the columns whose cell at the frame has no rule drawn along it.

        Those cells are cut by the page break (their frame side was drawn in by
        ``_frame_settings``); a table that ends on the page has its rule there.
        """
        rows = range(len(self.ys) - 2, -1, -1) if bottom else range(len(self.ys) - 1)
        cells: list[tuple[float, float, int]] = []
        for col in range(len(self.xs) - 1):
            # The column's last cell (first, at the top): a column may stop
            # short of the frame (``_column_ends``).
            index = next((self.owner[r][col] for r in rows if self.owner[r][col] is not None), None)
            if index is None:
                continue
            y = self.ys[self.spans[index][1]] if bottom else self.ys[self.spans[index][0]]
            drawn = [(e["x0"], e["x1"]) for e in rules if abs(e["top"] - y) <= _EDGE_TOLERANCE]
            x0, x1 = self.xs[col], self.xs[col + 1]
            middle = (x0 + x1) / 2
            if not any(a <= middle <= b for a, b in drawn):
                cells.append((x0, x1, index))
        return cells

    def overflow(
        self, chars: Sequence[_Char], rules: Sequence[_Char], height: float, *, downward: bool
    ) -> list[tuple[_Char, int]]:
        """The characters beyond the frame that belong to its cut cells, with their cell.

        Only lines whose every character lies in the x-range of a cut cell count,
        and the first other line on the page ends the search, so a note or a title
        under a table stays a paragraph. Lines wholly off the page are clipped,
        invisible text and can only be a cut cell's.
        """
        cells = self.open_cells(rules, downward)
        if not cells:
            return []
        frame = self.ys[-1] if downward else self.ys[0]
        lines = _group_lines(
            [c for c in chars if ((c["top"] + c["bottom"]) / 2 > frame) == downward]
        )
        if not downward:
            lines.reverse()
        edge = height - frame if downward else frame  # the page edge, from the frame
        taken: list[tuple[_Char, int]] = []
        runs: list[_Run] = []
        ended = False
        for line in lines:
            if _PAGE_NUMBER.match(_line_text(line).strip()):
                continue
            top, bottom = min(c["top"] for c in line), max(c["bottom"] for c in line)
            near, far = (top - frame, bottom - frame) if downward else (frame - bottom, frame - top)
            owned = [(c, index) for c in line if (index := _column_cell(cells, c)) is not None]
            fits = len(owned) == len(line)
            if near >= edge:
                taken.extend(owned if fits else [])
            elif ended or not fits:
                ended = True
            else:
                _add_to_runs(runs, owned, near, far)
        for run in runs:
            # A run the frame's cell prints just beyond it, or one that runs
            # off the page (the text is centred on a merged area that extends
            # past the page, so it may start well away from the frame).
            if (run is runs[0] and run.gap <= _OVERFLOW_GAP * run.line) or (
                edge - run.far <= run.line
            ):
                taken.extend(run.chars)
        return taken

    def follow_runs(self, runs: Sequence[Sequence[_Char]]) -> None:
        """Give the lines a cell's text ran on into the cells below back to that cell.

        A long text set from the top of a narrow cell runs past its bottom rule
        when the row is too low for it, over the text of the cells below
        (`法定节假日值守运维保` | `障` in the next row, or whole lines overlapping
        the next cell's own first lines, which then read interleaved). The PDF
        draws each cell's text as one run (``_drawn_runs``): the run belongs to
        the cell it starts in, and ``_run_overflow`` says which of its
        characters lie in the cells below.
        """
        where = {id(char): index for index, chars in enumerate(self.chars) for char in chars}
        # The cell each run starts in, and the tops of the runs starting in each cell.
        homes: list[int | None] = []
        starts: dict[int, list[float]] = {}
        for run in runs:
            first = next((c for c in run if c["text"].strip() and id(c) in where), None)
            home = where[id(first)] if first is not None else None
            homes.append(home)
            if first is not None and home is not None:
                starts.setdefault(home, []).append(float(first["top"]))
        moved: dict[int, set[int]] = {}
        for run, home in zip(runs, homes, strict=True):
            if home is None:
                continue
            for char, cell in self._run_overflow(run, home, where, starts):
                self.chars[home].append(char)
                moved.setdefault(cell, set()).add(id(char))
        for cell, ids in moved.items():
            self.chars[cell] = [char for char in self.chars[cell] if id(char) not in ids]

    def _run_overflow(
        self,
        run: Sequence[_Char],
        home: int,
        where: dict[int, int],
        starts: dict[int, list[float]],
    ) -> list[tuple[_Char, int]]:
        """(char, cell) of a run's characters that overflowed from ``home`` into cells below.

        Only a run that stays in its cell and the cells below it in the same
        columns is one cell's text (rows of a Word table are drawn one after the
        other, a value beside its label on the same line). A column of one-line
        cells drawn one after the other reads as one run too; an overflow
        differs in that its line spacing is set in its own cell (two lines or
        more there, the step then running on unchanged), or in that it collides
        with the cell below's own text (a run of that cell starts on the same
        line as the overflow's first line). The cell below must hold a run of
        its own: with nothing else in it, the text may as well be its own.
        """
        r1, columns = self.spans[home][1], self.spans[home][2:]
        found: dict[int, list[_Char]] = {}
        tops: list[float] = []  # of the run's characters in its own cell
        for char in run:
            cell = where.get(id(char))
            if cell is None or not char["text"].strip():
                continue
            if cell == home:
                tops.append(float(char["top"]))
                continue
            if self.spans[cell][2:] != columns or self.spans[cell][0] < r1:
                return []
            found.setdefault(cell, []).append(char)
        size = float(run[0].get("size") or 0.0)
        spaced = bool(tops) and max(tops) - min(tops) > size / 2
        moved: list[tuple[_Char, int]] = []
        for cell, chars in found.items():
            top = min(float(char["top"]) for char in chars)
            own = starts.get(cell, [])
            if own and (spaced or any(abs(start - top) < size for start in own)):
                moved.extend((char, cell) for char in chars)
        return moved

    def pull_straddlers(self, chars: Sequence[_Char]) -> None:
        """Give a glyph set across a column rule back to the cell whose line it ends.

        A text a little too wide for its cell runs its last glyph over the rule
        (`服务对象满意度指` in a column that ends in the middle of `指`); placed
        by its centre the glyph would start the next cell's text (`指学生满意度`).
        It is taken back when it straddles the rule and is drawn right after
        the left cell's glyph before it on the same line.
        """
        where = {id(char): index for index, found in enumerate(self.chars) for char in found}
        moved: dict[int, list[_Char]] = {}
        for before, char in itertools.pairwise(chars):
            cell, left = where.get(id(char)), where.get(id(before))
            if cell is None or left is None or left == cell:
                continue
            edge = self.xs[self.spans[cell][2]]
            if (
                self.spans[left][3] == self.spans[cell][2]
                and float(char["x0"]) < edge < float(char["x1"])
                and abs(float(char["top"]) - float(before["top"])) < 0.5
            ):
                moved.setdefault(cell, []).append(char)
                self.chars[left].append(char)
        for cell, found in moved.items():
            ids = {id(char) for char in found}
            self.chars[cell] = [char for char in self.chars[cell] if id(char) not in ids]

    def pull_overflow(self, order: dict[int, int]) -> None:
        """Give a line that ran out of its cell at the bottom back to that cell.

        Characters are placed by their centre, so the last line of a long text
        that runs past its cell's bottom rule lands in the cell below
        (`…项目征集情` | `况报告…`). Such a line starts above the rule between
        the two cells, and the PDF draws it right after the rest of the upper
        cell's text: when the character drawn just before the line (``order``:
        position in the content stream by ``id``) belongs to the cell above, the
        line is taken back. Box tops alone cannot tell: glyph boxes of a cell's
        own first line often reach a fraction of a point above its top rule.

        A line that ran out wholly (`≥5` | `次`) lies below the rule, but it
        collides with the lower cell's own first line (``_collides``): lines of
        one text never overlap. Only the glyphs drawn in one go from there are
        the upper cell's: a run-out line a few points above the lower cell's own
        first line is grouped into one line with it (`量` over `来电人满意度`),
        and the lower text, drawn later, stays.
        """
        if len(self.xs) == 2:
            return  # one column: each cell's text follows the one above anyway
        for index, (r0, _, c0, c1) in enumerate(self.spans):
            chars = self.chars[index]
            if r0 == 0 or not chars:
                continue
            above = self.owner[r0 - 1][c0]
            if above is None or self.spans[above][2:] != (c0, c1) or not self.chars[above]:
                continue
            lines = _group_lines(chars)
            first = lines[0]
            start = min(order[id(c)] for c in first)
            ran_out = min(c["top"] for c in first) < self.ys[r0] or _collides(lines)
            if ran_out and any(order[id(c)] == start - 1 for c in self.chars[above]):
                taken = _drawn_on(first, order)
                self.chars[above].extend(taken)
                moved = {id(c) for c in taken}
                self.chars[index] = [c for c in chars if id(c) not in moved]

    def part(self, page: int) -> _Part:
        """The table's rows: every cell once, empty where merged down from above."""
        rows: list[list[_RawCell]] = [[] for _ in range(len(self.ys) - 1)]
        for index, (r0, r1, c0, c1) in enumerate(self.spans):
            x0, x1 = self.xs[c0], self.xs[c1]
            rows[r0].append(_RawCell(x0, x1, _cell_text(self.chars[index]), r1 - r0))
            for r in range(r0 + 1, r1):
                rows[r].append(_RawCell(x0, x1, None))
        for row in rows:
            row.sort(key=lambda cell: cell.x0)
        # A single column of boxes is a frame around text (a boxed title, a table
        # of contents), not a table: unless it turns out to continue a table from
        # the page before, its text is read as ordinary lines.
        frame = len(self.xs) == 2
        return _Part(
            page=page,
            top=self.ys[0],
            bottom=self.ys[-1],
            x0=self.xs[0],
            x1=self.xs[-1],
            edges=self.xs,
            rows=[row for row in rows if row],
            lines=_text_lines([c for chars in self.chars for c in chars]) if frame else None,
        )


@dataclass
class _Run:
    """Lines beyond a table's frame that follow each other closely, measured from the frame."""

    gap: float  # from the frame to the first line
    far: float  # from the frame to the far side of the last line
    line: float  # the height of a line
    chars: list[tuple[_Char, int]]


def _add_to_runs(runs: list[_Run], owned: list[tuple[_Char, int]], near: float, far: float) -> None:
    """Add a line (``near`` and ``far`` sides from the frame) to the last run or start one."""
    line = max(far - near, 1.0)
    last = runs[-1] if runs else None
    if last is None or near - last.far > _OVERFLOW_GAP * line:
        runs.append(_Run(gap=near, far=far, line=line, chars=list(owned)))
        return
    last.far = max(last.far, far)
    last.chars.extend(owned)


def _drawn_on(line: Sequence[_Char], order: dict[int, int]) -> list[_Char]:
    """The glyphs of ``line`` drawn one after the other from its first-drawn glyph.

    ``order`` gives each glyph's position in the content stream (by ``id``).
    """
    ranked = sorted(line, key=lambda char: order[id(char)])
    taken = ranked[:1]
    for char in ranked[1:]:
        if order[id(char)] != order[id(taken[-1])] + 1:
            break
        taken.append(char)
    return taken


def _column_cell(cells: Sequence[tuple[float, float, int]], char: _Char) -> int | None:
    """The cut cell whose column holds the character's centre, if any."""
    middle = (char["x0"] + char["x1"]) / 2
    return next((index for x0, x1, index in cells if x0 <= middle <= x1), None)


def _collides(lines: Sequence[Sequence[_Char]]) -> bool:
    """Whether the first line's glyphs overlap the second line's (two texts in one place).

    The lines of one text are at least a font size apart; a line printed over
    another is a neighbouring cell's text that ran into this one.
    """
    if len(lines) < 2:
        return False
    first, second = lines[0], lines[1]
    size = max(float(c.get("size") or 0.0) for c in (*first, *second))
    step = min(float(c["top"]) for c in second) - min(float(c["top"]) for c in first)
    return 0 < step < _COLLISION * size


def _dedupe(chars: Sequence[_Char]) -> list[_Char]:
    """Drop repeated glyphs: fake bold prints each glyph twice, a fraction of a point apart.

    A glyph is a repeat when the same character sits on the same line (tops within
    1 pt) less than a quarter of its width to the side: tiny fonts set digits
    barely more than 1 pt apart, and those are not repeats.
    (pdfplumber's ``dedupe_chars`` does the same but costs a third of the parse time.)
    """
    kept: list[_Char] = []
    seen: dict[tuple[str, int, int], list[_Char]] = {}
    for char in chars:
        text: str = char["text"]
        x, y = round(char["x0"]), round(char["top"])
        if text.strip() and any(
            _same_glyph(char, other)
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((text, x + dx, y + dy), ())
        ):
            continue
        seen.setdefault((text, x, y), []).append(char)
        kept.append(char)
    return kept


def _same_glyph(char: _Char, other: _Char) -> bool:
    x0, top = float(char["x0"]), float(char["top"])
    width = max(float(char["x1"]) - x0, 0.0)
    return abs(x0 - float(other["x0"])) < _DUPLICATE_SHIFT * width and (
        abs(top - float(other["top"])) <= 1.0
    )


def _edges(values: Iterable[float]) -> list[float]:
    """Grid edges of this page's rulings."""
    return cluster_edges(values, _EDGE_TOLERANCE)


def _nearest(edges: Sequence[float], value: float) -> int:
    index = bisect_right(edges, value)
    if index == 0:
        return 0
    if index == len(edges):
        return len(edges) - 1
    return index if edges[index] - value < value - edges[index - 1] else index - 1


# ---------------------------------------------------------------------------- text


def _group_lines(chars: Sequence[_Char]) -> list[list[_Char]]:
    """Group characters into lines (top to bottom), each sorted left to right.

    A character joins the current line when its vertical centre lies within the
    line's extent, which tolerates mixed font sizes on one baseline.
    """
    lines: list[list[_Char]] = []
    top = bottom = 0.0
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        if lines and top <= middle <= bottom:
            lines[-1].append(char)
            bottom = max(bottom, char["bottom"])
        else:
            lines.append([char])
            top, bottom = char["top"], char["bottom"]
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def _is_han(text: str) -> bool:
    """Han characters and the full-width punctuation set with them."""
    if not text:
        return False
    code = ord(text[0])
    return (
        0x3000 <= code <= 0x303F  # CJK punctuation
        or 0x3400 <= code <= 0x9FFF  # CJK ideographs (with extension A)
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，：（）％
        or unicodedata.east_asian_width(text[0]) == "W"
    )


def _line_text(line: Sequence[_Char]) -> str:
    """The text of one line, with spaces where the geometry shows a word gap.

    Spaces between Han characters are spurious (justified text, letter-spaced
    labels) unless the gap is wide enough to separate two fields.
    """
    out: list[str] = []
    previous: _Char | None = None
    spaced = False  # a space character stood between previous and this one
    for char in line:
        text: str = char["text"]
        if not text.strip():
            spaced = previous is not None
            continue
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(float(previous.get("size") or 0.0), float(char.get("size") or 0.0), 1.0)
            han_before, han_after = _is_han(previous["text"][-1:]), _is_han(text[:1])
            if han_before and han_after:
                limit = _HAN_GAP_KEEP
            elif han_before or han_after:
                limit = _MIXED_GAP
            else:
                limit = _WORD_GAP
            if gap > limit * size or (spaced and limit < _HAN_GAP_KEEP):
                out.append(" ")
        out.append(text)
        previous = char
        spaced = False
    return "".join(out)


def _cell_text(chars: Sequence[_Char]) -> str:
    """A cell's text: wrapped lines joined without a separator, numbered items kept apart."""
    pieces: list[str] = []
    for line in _group_lines(chars):
        text = _line_text(line).strip()
        if not text:
            continue
        if pieces and WRAP_ITEM.match(text):
            pieces.append("\n")
        pieces.append(text)
    return strip_field_codes("".join(pieces)).strip()


# ----------------------------------------------------------------------- furniture


def _drop_furniture(pages: Sequence[_Page]) -> None:
    """Mark page numbers and running headers/footers (repeated margin lines)."""
    repeated: dict[str, set[int]] = {}
    for page in pages:
        if page.plain:
            # No positions here: only lines that are nothing but a page number go.
            for line in page.lines:
                line.furniture = bool(_PAGE_NUMBER.match(line.text))
            continue
        for line in page.lines:
            if _in_band(line, page.height, _PAGE_NUMBER_BAND) and _PAGE_NUMBER.match(
                line.text.strip()
            ):
                line.furniture = True
            elif _in_band(line, page.height, _RUNNING_BAND):
                repeated.setdefault(_furniture_key(line.text), set()).add(page.number)
    if len(pages) < 2:
        return
    running = {
        key
        for key, found in repeated.items()
        if len(found) >= 2 and len(found) * 2 >= len(pages) and not _CONTENT_LINE.search(key)
    }
    for page in pages:
        for line in page.lines:
            if _in_band(line, page.height, _RUNNING_BAND) and _furniture_key(line.text) in running:
                line.furniture = True


def _in_band(line: _Line, height: float, band: float) -> bool:
    return line.top < height * band or line.bottom > height * (1 - band)


def _furniture_key(text: str) -> str:
    # Running headers differ only in the page number they carry.
    return _DIGITS.sub("#", _WHITESPACE.sub("", text))


# ------------------------------------------------------------------------ assembly


# A line that starts a new paragraph whatever the layout: a heading or list item.


def _wraps_into(previous: _Line, line: _Line, right: float) -> bool:
    """Whether ``line`` continues the paragraph ``previous`` wrapped out of."""
    height = max(previous.bottom - previous.top, 1.0)
    return (
        previous.x1 >= right - 1.5 * height
        and 0 <= line.top - previous.bottom <= 1.2 * height
        and line.x0 <= previous.x0 + 0.5 * height
        and not PARAGRAPH_START.match(line.text)
    )


@dataclass
class _PendingTable:
    """A table being assembled from its parts on consecutive pages."""

    parts: list[_Part]
    location_page: int


def _assemble(pages: Sequence[_Page]) -> list[Block]:
    """Blocks in reading order, with tables continued across pages stitched together."""
    blocks: list[Block | _PendingTable] = []
    for page in pages:
        items: list[tuple[float, int, _Line | _Part]] = [
            (line.top, 1, line) for line in page.lines if not line.furniture
        ]
        items.extend((part.top, 0, part) for part in page.parts)
        items.sort(key=lambda item: (item[0], item[1]))
        right = max((line.x1 for line in page.lines if not line.furniture), default=0.0)
        previous_line: _Line | None = None
        for position, (_, _, item) in enumerate(items):
            if isinstance(item, _Line):
                last = blocks[-1] if blocks else None
                if (
                    previous_line is not None
                    and not page.plain
                    and isinstance(last, Paragraph)
                    and _wraps_into(previous_line, item, right)
                ):
                    # A line that ran to the right margin continues on the next one:
                    # one paragraph, as the text and Word readers give it.
                    blocks[-1] = Paragraph(text=last.text + item.text, location=last.location)
                else:
                    blocks.append(Paragraph(text=item.text, location=Location(page=page.number)))
                previous_line = item
                continue
            previous_line = None
            previous = blocks[-1] if blocks else None
            if (
                position == 0
                and isinstance(previous, _PendingTable)
                and previous.parts[-1].page == page.number - 1
                and _continues(previous, item)
            ):
                previous.parts.append(item)
            elif item.lines is not None:
                blocks.extend(
                    Paragraph(text=line.text, location=Location(page=page.number))
                    for line in item.lines
                )
            else:
                blocks.append(_PendingTable(parts=[item], location_page=page.number))
    out: list[Block] = []
    tables = 0
    for block in blocks:
        if isinstance(block, _PendingTable):
            table = _build_table(block, tables)
            if table.rows:
                out.append(table)
                tables += 1
        else:
            out.append(block)
    return out


def _continues(table: _PendingTable, part: _Part) -> bool:
    """Whether ``part`` (first thing on its page) continues ``table`` from the page before.

    It does when its first rows repeat the table's header rows (they are dropped
    here), or when it has the same outer column edges and shares an inner one.
    """
    first = table.parts[0]
    repeated = _repeated_header_rows(first, part)
    if repeated:
        del part.rows[:repeated]
        return True
    last = table.parts[-1]
    if (
        abs(last.x0 - part.x0) > _OUTER_EDGE_TOLERANCE
        or abs(last.x1 - part.x1) > _OUTER_EDGE_TOLERANCE
    ):
        return False
    if part.lines is not None:
        # A row of one full-width cell (a long goals text) carried over the break.
        return True
    inner_last, inner_part = last.edges[1:-1], part.edges[1:-1]
    if not inner_last or not inner_part:
        return not inner_last and not inner_part
    return any(abs(a - b) <= _OUTER_EDGE_TOLERANCE for a in inner_last for b in inner_part)


def _repeated_header_rows(first: _Part, part: _Part) -> int:
    """How many leading rows of ``part`` repeat the leading rows of the table (0: none)."""
    limit = min(_HEADER_ROWS_MAX, len(first.rows) - 1, len(part.rows) - 1)
    for count in range(limit, 0, -1):
        head = [_row_key(row) for row in first.rows[:count]]
        if any(any(key) for key in head) and head == [_row_key(row) for row in part.rows[:count]]:
            return count
    return 0


def _row_key(row: Sequence[_RawCell]) -> tuple[str, ...]:
    return tuple(_WHITESPACE.sub("", cell.text or "") for cell in row)


def _build_table(pending: _PendingTable, index: int) -> Table:
    """Turn the parts into one Table on the union of their column edges."""
    edges = _edges(
        v for part in pending.parts for row in part.rows for c in row for v in (c.x0, c.x1)
    )
    rows: list[tuple[Cell, ...]] = []
    for part in pending.parts:
        for raw_row in part.rows:
            r = len(rows)
            cells: list[Cell] = []
            for raw in raw_row:
                col, end = _nearest(edges, raw.x0), _nearest(edges, raw.x1)
                cells.append(
                    Cell(
                        text=raw.text or "",
                        row=r,
                        col=col,
                        colspan=max(1, end - col),
                        rowspan=raw.rowspan,
                        merged=raw.text is None,
                        location=Location(page=part.page, table=index, row=r, col=col),
                    )
                )
            rows.append(tuple(cells))
    return Table(rows=tuple(rows), location=Location(page=pending.location_page, table=index))
