"""Build the PDF fixtures of tests/test_reader_pdf.py (run by hand; the PDFs are committed).

    .venv/bin/python tests/data/pdf/make_fixtures.py       # all of them
    .venv/bin/python tests/data/pdf/make_fixtures.py cut   # the drawn ones only (no LibreOffice)

Needs python-docx, Pillow, LibreOffice (soffice) and a CJK font (Debian:
fonts-wqy-microhei). Each fixture is written as a .docx with python-docx and
rendered to PDF by LibreOffice, the way budget offices produce their PDFs:

- merged.pdf: a Hebei-style project table (DOMAIN.md §2) with horizontal and
  vertical merges, columns so narrow that a code, an amount and a label wrap, a
  blank 3月底 spending-plan cell, and numbered goals in one cell.
- long.pdf: one project whose indicator grid runs over a page break, with the
  first table row marked as a repeating header (w:tblHeader), a level-1 group that
  continues across the break, a running page header and a `— N —` page footer.
- encrypted.pdf: merged.pdf's document with the open password `secret`.
- scanned.pdf: an image-only page (no text layer), made with Pillow.
- cut.pdf (drawn directly, see write_cut): a ruled table cut by a page break the
  way Beijing's 预算表12 is. The name and amount cells of the last project run off
  the bottom of page 1: their vertical rules reach the table frame, but no
  horizontal rule closes them (the rule under the last rows spans the indicator
  columns only), and page 2 opens the same way at the top. The table's left
  border is missing below the header, as in beijing_weijian p.40. Page 2 also
  prints a code in a 2.87 pt monospaced font whose glyphs are 1.72 pt apart
  (beijing_renshe p.30), so that repeated digits lie about 1 pt apart.
- overflow.pdf (drawn directly, see write_overflow): the same table shape, with
  the cut cells' text printed outside the frame the way Beijing's PDFs clip a
  merged cell's centred text: project B's name just under page 1's frame, its
  amount beyond the page's bottom edge, and on page 2 a copy of both above the
  frame (the amount's tail inside the continued cell). A paragraph far below
  page 1's frame and a note under page 2's closed table stay paragraphs. On
  page 1 the second line of A's indicator runs below its cell's bottom rule
  (beijing_fagai p.31), and a value of the next row reaches above its top rule.
- split.pdf (drawn directly, see write_split): project B's amount wraps at the
  page break (`3,327.5` inside page 1's frame, `95437` just under it) and page 2
  prints the same two lines again, `95437` inside the frame (beijing_shuiwu p.61/62).
- band.pdf (drawn directly, see write_band): each page repeats a title row and a
  header row inside the grid (beijing_jiaoguan). Page 2 draws the labels first,
  then project B's cut cells as whole runs: the name's copy over the title, the
  amount's over the header, and the goal's first four lines (a copy of page 1's)
  over both, its fifth line inside the continued cell.
- late.pdf (drawn directly, see write_late): a table cut under project B, whose
  header labels are set larger than the body (beijing_jingxin p.67/68). Page 1
  shows B's name cut to `BETA`; page 2 draws the labels, then the body cells
  under them, and last B's whole name and amount again inside the continued
  cell: the longer name is the cell's text, not a repeat over the header.
- gap.pdf (drawn directly, see write_gap): the rules between the name, goal
  and level-1 columns are left out for project B's rows (beijing_shuiwu
  p.136): text on both sides of the second, a blank name cell left of the
  first (B's goal starts at the line); C's goal cell, merged across the goal
  and level-1 columns under B, holds a text that crosses that line.
- runon.pdf (drawn directly, see write_runon): indicator texts set from the top
  of rows too low for them (beijing_yingji p.22/23). A's three lines run on into
  row B, its third line wholly below the rule and on the same line as B's own
  first line; C's one-line text is followed, in the same run and at the same
  x, by D's first line, D's second line starting a run of its own a different
  step lower (a Word table, xian_qixiang p.32); E's run takes in its value on
  its second line and then F's first line (xian_qixiang p.31). G's last glyph
  is set across the rule into the value column (beijing_jiaowei p.56).
- runout.pdf (drawn directly, see write_runout): A's wrapped last line starts
  just above the rule under A, 3 pt above B's own first line, so the two are
  grouped as one line (beijing_shichang p.27, `量` over `来电人满意度`); B's
  line is drawn later, in one run with the text left of it on its line.
- colend.pdf (drawn directly, see write_colend): a table cut by a page break
  whose goal column runs further down than the others (beijing_tongji p.33):
  the name and amount columns' side rules stop above the frame's bottom with
  no rule under their cut cells, and the name's last line is printed below
  where they stop.
- clip.pdf (drawn directly, see write_clip): a form row whose label is wider than
  its cell, centred and clipped on both sides, and one right-aligned and clipped
  on the left (xian_sifa p.85); a cell whose fourth line runs wholly below its
  bottom rule, over the first line of the cell below (xian_xuanchuan p.42); and
  a white text frame without border whose sides cross the rules (xian_renshe
  p.52), which must not split the cells.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
FONT = "WenQuanYi Micro Hei"

LONG_INDICATORS = 36  # enough rows to push the grid onto a second page
LONG_LEVEL1 = (("产出指标", 20), ("效益指标", 12), ("满意度指标", 4))


def _set_font(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _grid_table(document: DocxDocument, rows: int, widths_cm: list[float]) -> Table:
    table: Table = document.add_table(rows=rows, cols=len(widths_cm))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def _put(cell: _Cell, text: str) -> None:
    """Write ``text`` into a cell; each line becomes a paragraph of its own."""
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _merge(table: Table, r0: int, c0: int, r1: int, c1: int, text: str) -> None:
    merged = table.cell(r0, c0).merge(table.cell(r1, c1))
    _put(merged, text)


def make_merged(docx_path: Path) -> None:
    """The Hebei layout: 7 narrow grid columns, merges in both directions."""
    document = Document()
    _set_font(document)
    document.add_paragraph("1.测试项目绩效目标表")
    table = _grid_table(document, 11, [2.2] * 7)
    _merge(table, 0, 0, 0, 4, "131001测试单位本级")
    _merge(table, 0, 5, 0, 6, "单位：元")
    _put(table.cell(1, 0), "项目编码")
    _merge(table, 1, 1, 1, 2, "1303032108HCY3FL9BB52")  # wraps: 21 characters in 2 columns
    _put(table.cell(1, 3), "项目名称")
    _merge(table, 1, 4, 1, 6, "测试项目")
    _merge(table, 2, 0, 3, 0, "预算规模及资金用途")  # vertical merge
    for col, text in enumerate(
        ["预算数", "12345678.90", "其中：财政资金", "12345678.90", "其他资金", "0"], start=1
    ):
        _put(table.cell(2, col), text)  # the amounts and 其中：财政资金 wrap
    _merge(table, 3, 1, 3, 6, "用于测试。")
    _merge(table, 4, 0, 5, 0, "资金支出计划（%）")
    _merge(table, 4, 1, 4, 2, "3月底")
    _put(table.cell(4, 3), "6月底")
    _put(table.cell(4, 4), "10月底")
    _merge(table, 4, 5, 4, 6, "12月底")
    _merge(table, 5, 1, 5, 2, "")  # the blank 3月底 cell
    _put(table.cell(5, 3), "62.00%")
    _put(table.cell(5, 4), "92.00%")
    _merge(table, 5, 5, 5, 6, "100.00%")
    _put(table.cell(6, 0), "绩效目标")
    _merge(
        table,
        6,
        1,
        6,
        6,
        "1.完成测试项目的全部年度工作任务并按时提交成果报告。\n2.保障机关正常运转。",
    )
    for col, text in enumerate(["一级指标", "二级指标", "三级指标"]):
        _put(table.cell(7, col), text)
    _merge(table, 7, 3, 7, 4, "绩效指标描述")
    _put(table.cell(7, 5), "指标值")
    _put(table.cell(7, 6), "指标值确定依据")
    rows = [
        ("数量指标", "测试费用", "测试费用", "≤12345678.90元", "年度工作计划"),
        ("质量指标", "完成率", "完成情况", "≥80%", "年度工作计划"),
        ("社会效益指标", "社会效益", "社会效益", "是/否", "年度工作计划"),
    ]
    _merge(table, 8, 0, 9, 0, "产出指标")
    _put(table.cell(10, 0), "效益指标")
    for offset, (level2, level3, description, value, basis) in enumerate(rows):
        r = 8 + offset
        _put(table.cell(r, 1), level2)
        _put(table.cell(r, 2), level3)
        _merge(table, r, 3, r, 4, description)
        _put(table.cell(r, 5), value)
        _put(table.cell(r, 6), basis)
    document.save(str(docx_path))


def _repeat_header(table: Table, row: int) -> None:
    properties = table.rows[row]._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def _page_number_footer(document: DocxDocument) -> None:
    section = document.sections[0]
    section.header.paragraphs[0].text = "2021年测试单位部门预算"
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def make_long(docx_path: Path) -> None:
    """One project whose indicator grid crosses a page break; row 0 repeats."""
    document = Document()
    _set_font(document)
    _page_number_footer(document)
    document.add_paragraph("1.长表项目绩效目标表")
    header_rows = 4
    table = _grid_table(document, header_rows + LONG_INDICATORS, [3.0, 3.0, 5.0, 3.0])
    for col, text in enumerate(["项目名称", "长表项目", "项目编码", "LONG0001"]):
        _put(table.cell(0, col), text)
    _repeat_header(table, 0)
    for col, text in enumerate(["预算数", "50000.00", "其中：财政资金", "50000.00"]):
        _put(table.cell(1, col), text)
    _put(table.cell(2, 0), "绩效目标")
    _merge(table, 2, 1, 2, 3, "1.按时完成长表项目。")
    for col, text in enumerate(["一级指标", "二级指标", "三级指标", "指标值"]):
        _put(table.cell(3, col), text)
    row = header_rows
    number = 1
    for level1, count in LONG_LEVEL1:
        _merge(table, row, 0, row + count - 1, 0, level1)  # continues over the break
        for offset in range(count):
            # Tall rows: the grid must not fit on one page.
            table.rows[row + offset].height = Cm(0.9)
            _put(table.cell(row + offset, 1), "数量指标" if offset % 2 == 0 else "质量指标")
            _put(table.cell(row + offset, 2), f"第{number}项指标")
            _put(table.cell(row + offset, 3), f"≥{number}%")
            number += 1
        row += count
    assert number - 1 == LONG_INDICATORS
    document.save(str(docx_path))


def make_scanned(pdf_path: Path) -> None:
    """A page that is only a picture: what a scanner produces."""
    image = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 750, 400), outline="black", width=3)
    draw.text((120, 120), "scanned table", fill="black")
    image.save(pdf_path, "PDF", resolution=100.0)


def _raw_pdf(pages: list[str], width: float, height: float) -> bytes:
    """A minimal PDF of content streams, with Helvetica as /F1 and Courier as /F2."""
    count = len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(count))
        + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
    ]
    for i, content in enumerate(pages):
        stream = content.encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % (width, height)
            + b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (6 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


CUT_COLUMNS = (50.0, 170.0, 250.0, 350.0, 450.0)  # name | amount | indicator | value
CUT_HEIGHT = 400.0


def _rules(lines: list[tuple[float, float, float, float]]) -> str:
    """Ruling lines given top-down (x0, top, x1, bottom), in PDF coordinates."""
    h = CUT_HEIGHT
    return "0.5 w\n" + "".join(
        f"{x0} {h - top} m {x1} {h - bottom} l S\n" for x0, top, x1, bottom in lines
    )


def _text(x: float, top: float, text: str, font: str = "F1", size: float = 8.0) -> str:
    return f"BT /{font} {size} Tf {x} {CUT_HEIGHT - top - size} Td ({text}) Tj ET\n"


def _texts(cells: Iterable[tuple[float, float, str]]) -> str:
    """Each text 4 pt in from the top left corner (x, top) of its cell, in drawing order."""
    return "".join(_text(x + 4, top + 4, text) for x, top, text in cells)


def _header(c0: float, c1: float, c2: float, c3: float) -> list[tuple[float, float, str]]:
    """The header row of the cut-table fixtures."""
    return [(c0, 50, "Name"), (c1, 50, "Amount"), (c2, 50, "Indicator"), (c3, 50, "Value")]


def write_cut(pdf_path: Path) -> None:
    """Two pages of one table whose last project is cut by the page break (R1, R2)."""
    c0, c1, c2, c3, c4 = CUT_COLUMNS
    rows = (50.0, 70.0, 90.0, 110.0, 130.0, 150.0)
    page1 = [(c0, rows[0], c4, rows[0])]  # top frame
    page1 += [(c0, y, c4, y) for y in rows[1:4]]  # full-width rules down to project B
    page1 += [(c2, y, c4, y) for y in rows[4:]]  # project B's indicator rows only
    page1 += [(x, rows[0], x, rows[-1]) for x in CUT_COLUMNS[1:]]
    page1 += [(c0, rows[0], c0, rows[1])]  # the left border stops below the header
    body1 = _rules(page1)
    body1 += _texts(
        (
            *_header(c0, c1, c2, c3),
            (c0, 70, "A-NAME"),
            (c1, 70, "76.64"),
            (c2, 70, "A1"),
            (c3, 70, "7"),
            (c2, 90, "A2"),
            (c3, 90, "8"),
            (c0, 115, "B-NAME"),
            (c1, 115, "103.98"),
            (c2, 110, "B1"),
            (c3, 110, "36"),
            (c2, 130, "B2"),
            (c3, 130, "2000"),
        )
    )
    rows2 = (50.0, 70.0, 90.0, 110.0, 130.0)
    page2 = [(c2, y, c4, y) for y in rows2[:2]]  # project B continues: no rule over c0-c2
    page2 += [(c0, y, c4, y) for y in rows2[2:]]
    page2 += [(x, rows2[0], x, rows2[-1]) for x in CUT_COLUMNS]
    body2 = _rules(page2)
    body2 += _texts(
        (
            (c0, 54, "B-GOAL"),
            (c2, 50, "B3"),
            (c3, 50, "25"),
            (c2, 70, "B4"),
            (c3, 70, "30"),
            (c2, 90, "C1"),
            (c3, 90, "1"),
            (c2, 110, "C2"),
            (c3, 110, "2"),
        )
    )
    # A code in tiny monospaced digits (1.72 pt apart) and an amount, in project C.
    body2 += _text(c0 + 2, 96, "11000026T000003742841", font="F2", size=2.87)
    body2 += _text(c1 + 2, 96, "600.719600", font="F2", size=2.87)
    pdf_path.write_bytes(_raw_pdf([body1, body2], 500, CUT_HEIGHT))


def write_overflow(pdf_path: Path) -> None:
    """A table cut by a page break whose cut cells print their text beyond the frame."""
    c0, c1, c2, c3, c4 = CUT_COLUMNS
    rows = (50.0, 70.0, 90.0, 110.0, 130.0, 150.0)
    page1 = [(c0, y, c4, y) for y in rows[:4]]  # full-width rules down to project B
    page1 += [(c2, y, c4, y) for y in rows[4:]]  # project B's name and amount stay open
    page1 += [(x, rows[0], x, rows[-1]) for x in CUT_COLUMNS]
    body1 = _rules(page1)
    body1 += _texts(
        (
            *_header(c0, c1, c2, c3),
            (c0, 70, "A-NAME"),
            (c1, 70, "76.64"),
            (c2, 70, "A1-LONG"),
            (c2, 83, "TAIL"),  # runs past the rule at 90: its centre lies in the row below
            (c3, 70, "7"),
            (c2, 90, "A2"),
            (c3, 83, "8"),  # reaches above its rule too, but is drawn after A2
            (c2, 110, "B1"),
            (c3, 110, "36"),
            (c2, 130, "B2"),
            (c3, 130, "2000"),
            (c0, 151, "B-NAME"),  # just under the frame
            (c1, 430, "103.98"),  # beyond the page's bottom edge
            (c0, 300, "Far below"),  # a paragraph: a wide gap under the frame
        )
    )
    rows2 = (50.0, 70.0, 90.0, 110.0)
    page2 = [(c2, rows2[0], c4, rows2[0])]  # project B continues: no rule over c0-c2
    page2 += [(c0, y, c4, y) for y in rows2[1:]]
    page2 += [(x, rows2[0], x, rows2[-1]) for x in CUT_COLUMNS]
    body2 = _rules(page2)
    body2 += _texts(
        (
            (c0, 28, "B-NAME"),  # the page's copy of B's name, above the frame
            (c1, 40, "103."),  # the head of the amount's copy, above the frame ...
            (c1, 50, "98"),  # ... and its tail inside the continued cell
            (c2, 50, "B3"),
            (c3, 50, "25"),
            (c0, 70, "C-NAME"),
            (c1, 70, "1.5"),
            (c2, 70, "C1"),
            (c3, 70, "1"),
            (c2, 90, "C2"),
            (c3, 90, "2"),
            (c0, 112, "Note: the end"),  # under a closed table: a paragraph
        )
    )
    pdf_path.write_bytes(_raw_pdf([body1, body2], 500, CUT_HEIGHT))


def write_split(pdf_path: Path) -> None:
    """A table cut by a page break through the two lines of a wrapped amount."""
    c0, c1, c2, c3, c4 = CUT_COLUMNS
    rows = (50.0, 70.0, 90.0, 110.0, 130.0, 150.0)
    page1 = [(c0, y, c4, y) for y in rows[:3]]
    page1 += [(c2, y, c4, y) for y in rows[3:]]  # project B's name and amount stay open
    page1 += [(x, rows[0], x, rows[-1]) for x in CUT_COLUMNS]
    body1 = _rules(page1)
    body1 += _texts(
        (
            *_header(c0, c1, c2, c3),
            (c0, 70, "A-NAME"),
            (c1, 70, "76.64"),
            (c2, 70, "A1"),
            (c3, 70, "7"),
            (c0, 100, "B-NAME"),
            (c1, 132, "3,327.5"),  # the amount's first line, inside the frame ...
            (c1, 143, "95437"),  # ... and its second line, just under it
            (c2, 90, "B1"),
            (c3, 90, "36"),
            (c2, 110, "B2"),
            (c3, 110, "2000"),
            (c2, 130, "B3"),
            (c3, 130, "5"),
        )
    )
    rows2 = (50.0, 70.0, 90.0)
    page2 = [(c2, rows2[0], c4, rows2[0])]  # project B continues: no rule over c0-c2
    page2 += [(c0, y, c4, y) for y in rows2[1:]]
    page2 += [(x, rows2[0], x, rows2[-1]) for x in CUT_COLUMNS]
    body2 = _rules(page2)
    body2 += _texts(
        (
            (c1, 35, "3,327.5"),  # page 2's copy: the first line above the frame ...
            (c1, 46, "95437"),  # ... the second inside the continued cell
            (c2, 50, "B4"),
            (c3, 50, "25"),
            (c0, 70, "C-NAME"),
            (c1, 70, "1.5"),
            (c2, 70, "C1"),
            (c3, 70, "1"),
        )
    )
    pdf_path.write_bytes(_raw_pdf([body1, body2], 500, CUT_HEIGHT))


def write_band(pdf_path: Path) -> None:
    """A table whose title and header rows repeat inside the grid, over clipped text (R4)."""
    c0, c1, c2, c3, c4 = CUT_COLUMNS  # name | amount | goal | indicator
    labels = (
        (c0, 50, "Title"),
        (c0, 70, "Name"),
        (c1, 70, "Amount"),
        (c2, 70, "Goal"),
        (c3, 70, "Indicator"),
    )
    page1 = [(c0, y, c4, y) for y in (50.0, 70.0, 90.0, 110.0)]
    page1 += [(c3, y, c4, y) for y in (130.0, 150.0)]  # B's name, amount, goal stay open
    page1 += [(c0, 50.0, c0, 150.0), (c4, 50.0, c4, 150.0)]
    page1 += [(x, 70.0, x, 150.0) for x in (c1, c2, c3)]
    body1 = _rules(page1)
    body1 += _texts(
        (
            *labels,
            (c0, 90, "A-NAME"),
            (c1, 90, "76.64"),
            (c2, 90, "A-GOAL"),
            (c3, 90, "A1"),
            (c0, 110, "B-NAME"),
            (c1, 110, "103.98"),
            (c2, 110, "ONE"),  # B's goal: one run of lines 10 pt apart
            (c2, 120, "TWO"),
            (c2, 130, "THREE"),
            (c2, 140, "FOUR"),
            (c3, 110, "B1"),
            (c3, 130, "B2"),
        )
    )
    page2 = [(c0, y, c4, y) for y in (50.0, 70.0, 90.0, 130.0, 150.0)]
    page2 += [(c3, 110.0, c4, 110.0)]
    page2 += [(c0, 50.0, c0, 150.0), (c4, 50.0, c4, 150.0)]
    page2 += [(x, 70.0, x, 150.0) for x in (c1, c2, c3)]
    body2 = _rules(page2)
    body2 += _texts(
        (
            *labels,  # drawn first, as Beijing's producer does
            (c0, 56, "B-NAME"),  # the name's copy, over the title
            (c1, 74, "103.98"),  # the amount's copy, over the header
            (c2, 50, "ONE"),  # the goal's run: four lines over title and header ...
            (c2, 60, "TWO"),
            (c2, 70, "THREE"),
            (c2, 80, "FOUR"),
            (c2, 90, "FIVE"),  # ... and the fifth inside the continued cell
            (c3, 90, "B3"),
            (c3, 110, "B4"),
            (c0, 130, "C-NAME"),
            (c1, 130, "1.5"),
            (c2, 130, "C-GOAL"),
            (c3, 130, "C1"),
        )
    )
    pdf_path.write_bytes(_raw_pdf([body1, body2], 500, CUT_HEIGHT))


def write_late(pdf_path: Path) -> None:
    """A cut cell printed again last, below a header set in a larger size (R4)."""
    c0, c1, c2, c3, c4 = CUT_COLUMNS  # name | amount | goal | indicator
    labels = "".join(
        _text(x + 4, 54, label, size=10.0)
        for x, label in ((c0, "Name"), (c1, "Amount"), (c2, "Goal"), (c3, "Indicator"))
    )
    page1 = [(c0, y, c4, y) for y in (50.0, 70.0, 90.0)]
    page1 += [(c3, y, c4, y) for y in (110.0, 130.0)]  # B's name, amount, goal stay open
    page1 += [(c0, 50.0, c0, 130.0), (c4, 50.0, c4, 130.0)]
    page1 += [(x, 50.0, x, 130.0) for x in (c1, c2, c3)]
    body1 = _rules(page1) + labels
    body1 += _texts(
        (
            (c0, 70, "A-NAME"),
            (c1, 70, "5.5"),
            (c2, 70, "A-GOAL"),
            (c3, 70, "A1"),
            (c0, 110, "BETA"),  # the name's first line; the rest is cut off
            (c1, 110, "12.5"),
            (c2, 90, "B-GOAL"),
            (c3, 90, "B1"),
            (c3, 110, "B2"),
        )
    )
    page2 = [(c0, y, c4, y) for y in (50.0, 70.0, 110.0, 130.0)]
    page2 += [(c3, 90.0, c4, 90.0)]
    page2 += [(c0, 50.0, c0, 130.0), (c4, 50.0, c4, 130.0)]
    page2 += [(x, 50.0, x, 130.0) for x in (c1, c2, c3)]
    body2 = _rules(page2) + labels  # drawn first, as Beijing's producer does
    body2 += _texts(
        (
            (c3, 70, "B3"),  # the body under the header ...
            (c3, 90, "B4"),
            (c0, 110, "C-NAME"),
            (c1, 110, "3.5"),
            (c2, 110, "C-GOAL"),
            (c3, 110, "C1"),
            (c0, 80, "BETA-NAME"),  # ... then B's cut cells, printed again
            (c1, 80, "12.5"),
        )
    )
    pdf_path.write_bytes(_raw_pdf([body1, body2], 500, CUT_HEIGHT))


def write_gap(pdf_path: Path) -> None:
    """A column rule left out for one block's rows, and a cell merged across it."""
    c0, c1, c2, c3, c4 = CUT_COLUMNS  # name | goal | level 1 | indicator
    lines = [(c0, y, c4, y) for y in (50.0, 70.0, 90.0, 130.0, 150.0, 170.0)]
    lines += [(c3, 110.0, c4, 110.0)]
    lines += [(x, 50.0, x, 170.0) for x in (c0, c3, c4)]
    lines += [(c1, 50.0, c1, 90.0), (c1, 130.0, c1, 170.0)]  # left out for B
    lines += [(c2, 50.0, c2, 90.0), (c2, 150.0, c2, 170.0)]  # left out for B and C
    body = _rules(lines)
    body += _texts(
        (
            (c0, 50, "Name"),
            (c1, 50, "Goal"),
            (c2, 50, "Level1"),
            (c3, 50, "Indicator"),
            (c0, 70, "A"),
            (c1, 70, "A-GOAL"),
            (c2, 70, "OUTPUT"),
            (c3, 70, "A1"),
            (c1, 90, "B-GOAL"),  # B's name cell is blank
            (c2, 90, "OUTPUT"),
            (c3, 90, "B1"),
            (c3, 110, "B2"),
            (c0, 130, "C"),
            (c1, 130, "C-GOAL-MERGED-ACROSS-LEVEL1"),
            (c3, 130, "C1"),
            (c0, 150, "D"),
            (c1, 150, "D-GOAL"),
            (c2, 150, "EFFECT"),
            (c3, 150, "D1"),
        )
    )
    pdf_path.write_bytes(_raw_pdf([body], 500, CUT_HEIGHT))


def write_runon(pdf_path: Path) -> None:
    """Cell texts that run on past their rows' bottom rules (R3), and look-alikes that do not."""
    c0, c1, c2, c3, c4 = CUT_COLUMNS
    rows = (50.0, 70.0, 90.0, 110.0, 125.0, 155.0, 175.0, 195.0, 215.0)
    body = _rules([(c0, y, c4, y) for y in rows] + [(x, rows[0], x, rows[-1]) for x in CUT_COLUMNS])
    body += _texts(_header(c0, c1, c2, c3))
    body += _texts(((c0, 70, "P-NAME"), (c1, 70, "9.5")))
    body += "".join(
        _text(c2 + 4, top, text)
        for top, text in (
            (72.0, "A1-ONE"),  # A's run: three lines 9 pt apart in a 20 pt row ...
            (81.0, "A1-TWO"),
            (90.0, "A1-THREE"),  # ... the third wholly in row B
        )
    )
    body += _text(c3 + 4, 72.0, "7")
    body += _text(c2 + 4, 90.5, "BX")  # B's own first line, over A's third
    body += _text(c3 + 4, 90.5, "8")
    body += _text(c2 + 4, 111.0, "C1")  # one line; the next line is D's own
    body += _text(c2 + 4, 125.0, "D1")  # in C's run (14 pt lower, same x) ...
    body += _text(c2 + 4, 134.0, "D1-MORE")  # ... D's second line, 9 pt lower: a run of its own
    body += _text(c3 + 4, 125.0, "3")
    body += _text(330.0, 157.0, "E1-A")  # E's run: two lines, the second ...
    body += _text(330.0, 166.0, "E1-B")  # ... ending 2.7 pt before its value
    body += _text(352.0, 166.0, "5")
    body += _text(330.0, 175.0, "F1")  # F's first line, 9 pt lower: still E's run
    body += _text(330.0, 186.0, "FT")  # F's second line, 11 pt lower
    body += _text(c3 + 4, 177.0, "6")
    # G's text is a little too wide: its `W` (347.0-354.6) sets across the rule at 350.
    body += _text(340.78, 197.0, "GW")
    body += _text(c3 + 8, 197.0, "9")
    pdf_path.write_bytes(_raw_pdf([body], 500, CUT_HEIGHT))


def write_runout(pdf_path: Path) -> None:
    """A run-out line just above the next cell's own first line, which another cell's run holds."""
    c0, c1, c2, c3, c4 = CUT_COLUMNS
    rows = (50.0, 70.0, 90.0, 110.0)
    body = _rules([(c0, y, c4, y) for y in rows] + [(x, rows[0], x, rows[-1]) for x in CUT_COLUMNS])
    body += _texts(_header(c0, c1, c2, c3))
    body += _text(c2 + 4, 76.0, "A1-ONE")
    # A's wrapped last line starts 1.3 pt above the rule, its centre in row B ...
    body += _text(c2 + 4, 87.0, "TAIL")
    body += _text(c3 + 4, 76.0, "7")
    # ... 3 pt above B's own first line, which runs on from the amount column's
    # text on its line (drawn right before it, as one run).
    body += _text(c2 - 10, 90.0, "L2")
    body += _text(c2 + 4, 90.0, "BX")
    body += _text(c3 + 4, 90.0, "8")
    pdf_path.write_bytes(_raw_pdf([body], 500, CUT_HEIGHT))


def write_colend(pdf_path: Path) -> None:
    """A cut table whose inner goal column reaches below its other columns."""
    xs = (50.0, 120.0, 190.0, 300.0, 400.0, 450.0)  # name | amount | goal | indicator | value
    c0, c1, c2, c3, c4, c5 = xs
    lines = [(c0, y, c5, y) for y in (50.0, 70.0, 90.0)]
    lines += [(c3, y, c5, y) for y in (110.0, 130.0)]  # the indicator rows close at 130
    lines += [(c2, 160.0, c3, 160.0)]  # the goal column alone runs on to 160
    lines += [(x, 50.0, x, 130.0) for x in (c0, c1, c4, c5)]
    lines += [(x, 50.0, x, 160.0) for x in (c2, c3)]
    body = _rules(lines)
    body += _texts(
        (
            (c0, 50, "Name"),
            (c1, 50, "Amount"),
            (c2, 50, "Goal"),
            (c3, 50, "Indicator"),
            (c4, 50, "Value"),
            (c0, 70, "A-NAME"),
            (c1, 70, "1.5"),
            (c2, 70, "A-GOAL"),
            (c3, 70, "A1"),
            (c4, 70, "1"),
            (c0, 92, "B-NAME"),
            (c1, 100, "9.5"),
            (c2, 92, "B-GOAL"),
            (c2, 140, "B-GOAL-END"),  # in the goal column, below the others' end
            (c3, 90, "B1"),
            (c4, 90, "2"),
            (c3, 110, "B2"),
            (c4, 110, "3"),
            (c0, 131, "B-TAIL"),  # the name's last line, below its column's end
        )
    )
    pdf_path.write_bytes(_raw_pdf([body], 500, CUT_HEIGHT))


def _white_box(x0: float, top: float, x1: float, bottom: float) -> str:
    """A white-filled box without a border, as text frames are drawn: invisible."""
    return f"1 g {x0} {CUT_HEIGHT - bottom} {x1 - x0} {bottom - top} re f 0 g\n"


def write_clip(pdf_path: Path) -> None:
    """A form whose texts overrun their cells the ways spreadsheet exports print them."""
    c0, _, c2, c3, c4 = CUT_COLUMNS
    rows = (50.0, 70.0, 90.0, 120.0, 150.0)
    body = _rules([(c0, y, c4, y) for y in rows] + [(x, rows[0], x, rows[-1]) for x in CUT_COLUMNS])
    # Text frames around the indicator texts: white, no border, sides across the rules.
    body += _white_box(c2 + 5, rows[2], c3 - 5, rows[4])
    body += "".join(
        (
            _text(c0 + 4, 54, "Funds"),
            # Centred on its cell and wider than it (133.8 pt): clipped on both sides.
            _text(143.1, 54, "ANNUALTOTALAMOUNTOFFUNDS:"),
            _text(c2 + 4, 54, "55.72"),
            _text(c3 + 4, 54, "x"),
            # Right-aligned in its cell and wider than it (173.8 pt): clipped on
            # the left, most of it (its middle too) over the cell to the left.
            _text(73.2, 74, "THISYEARSFISCALFUNDSFROMTHEBUDGET"),
            _text(c2 + 4, 74, "55.72"),
            _text(c3 + 4, 74, "y"),
            # Four lines in a cell three lines high: the last lies wholly under
            # the rule, over the first line of the cell below.
            _text(c2 + 4, 91, "LINE1"),
            _text(c2 + 4, 99, "LINE2"),
            _text(c2 + 4, 107, "LINE3"),
            _text(c2 + 4, 119, "LINE4"),
            _text(c3 + 4, 94, "1"),
            _text(c2 + 4, 124, "NEXT"),
            _text(c3 + 4, 124, "2"),
        )
    )
    pdf_path.write_bytes(_raw_pdf([body], 500, CUT_HEIGHT))


def to_pdf(docx_path: Path, out_dir: Path, *, password: str | None = None) -> Path:
    """Render a .docx to PDF with LibreOffice in a throwaway profile."""
    target = "pdf"
    if password:
        options = {
            "EncryptFile": {"type": "boolean", "value": "true"},
            "DocumentOpenPassword": {"type": "string", "value": password},
        }
        target = "pdf:writer_pdf_Export:" + json.dumps(options)
    with tempfile.TemporaryDirectory(prefix="gx-soffice-") as profile:
        subprocess.run(
            [
                shutil.which("soffice") or "/usr/bin/soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(out_dir),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return out_dir / (docx_path.stem + ".pdf")


def main() -> None:
    write_cut(HERE / "cut.pdf")
    write_overflow(HERE / "overflow.pdf")
    write_split(HERE / "split.pdf")
    write_band(HERE / "band.pdf")
    write_late(HERE / "late.pdf")
    write_gap(HERE / "gap.pdf")
    write_runon(HERE / "runon.pdf")
    write_runout(HERE / "runout.pdf")
    write_colend(HERE / "colend.pdf")
    write_clip(HERE / "clip.pdf")
    if sys.argv[1:] == ["cut"]:
        return
    with tempfile.TemporaryDirectory(prefix="gx-fixtures-") as tmp:
        work = Path(tmp)
        make_merged(work / "merged.docx")
        make_long(work / "long.docx")
        for stem in ("merged", "long"):
            shutil.copy(to_pdf(work / f"{stem}.docx", work), HERE / f"{stem}.pdf")
        shutil.copy(work / "merged.docx", work / "encrypted.docx")
        shutil.copy(
            to_pdf(work / "encrypted.docx", work, password="secret"), HERE / "encrypted.pdf"
        )
    make_scanned(HERE / "scanned.pdf")
    for path in sorted(HERE.glob("*.pdf")):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
