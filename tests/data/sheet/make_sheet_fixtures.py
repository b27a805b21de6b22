"""Build the spreadsheet and HTML fixtures from the Hebei sample (one document, many forms).

    .venv/bin/python tests/data/sheet/make_sheet_fixtures.py

Cell texts and titles come from ``samples/shanhaiguan-cppcc-2021.txt`` through
the text reader (the reference stream); the grid (``w:gridSpan`` horizontal
spans, ``w:vMerge`` vertical merges) comes from the same document's .docx, whose
table cells are the txt's cells one for one. Written:

- ``tests/data/sheet/shanhaiguan-cppcc-2021.xlsx``: one sheet per project
  table, the title in a merged first row, the docx merges, percentages stored
  as fractions with ``0.00%``, amounts as numbers with ``#,##0.00``;
- ``tests/data/sheet/shanhaiguan-cppcc-2021-2003xml.xls``: the same as
  SpreadsheetML 2003 (MergeAcross / MergeDown / ss:Index, a skipped first row),
  under an .xls name as the 一体化 templates save it;
- ``tests/data/sheet/shanhaiguan-cppcc-2021-biff.xls``: binary BIFF8 converted
  from the .xlsx by LibreOffice (skipped with a note when soffice is missing);
- ``tests/data/html/shanhaiguan-cppcc-2021.html``: a GBK page with a title
  ``<p>`` before each ``<table>``, rowspan/colspan, ``&nbsp;`` and ``<br>``;
- ``tests/data/html/shanhaiguan-cppcc-2021-web.xls``: the page in UTF-8 under
  an .xls name (Excel's "save as web page" files travel that way).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree
from openpyxl import Workbook
from openpyxl.styles import Alignment

from goalextract.cells import Paragraph, Table
from goalextract.readers import text as text_reader
from goalextract.readers.office import find_soffice

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "samples" / "shanhaiguan-cppcc-2021"
SHEET_DIR = ROOT / "tests" / "data" / "sheet"
HTML_DIR = ROOT / "tests" / "data" / "html"
STEM = "shanhaiguan-cppcc-2021"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PERCENT = re.compile(r"^\d+(?:\.\d+)?%$")
AMOUNT = re.compile(r"^\d+\.\d{2}$")


@dataclass(frozen=True)
class Placed:
    """One cell of a project table on the grid (0-based; rowspan from vMerge)."""

    text: str
    row: int
    col: int
    colspan: int
    rowspan: int


@dataclass(frozen=True)
class Project:
    title: str
    width: int
    height: int
    cells: tuple[Placed, ...]


def load_projects() -> list[Project]:
    """Pair the txt's (title, table) with the docx's grid for each project table."""
    blocks = text_reader.read((SAMPLE.with_suffix(".txt")).read_bytes()).blocks
    pairs: list[tuple[str, Table]] = []
    for before, block in itertools.pairwise(blocks):
        if isinstance(block, Table) and isinstance(before, Paragraph):
            pairs.append((before.text.strip(), block))
    document = etree.fromstring(
        zipfile.ZipFile(SAMPLE.with_suffix(".docx")).read("word/document.xml")
    )
    tables = document.findall(f".//{W}tbl")
    if len(tables) != len(pairs):
        sys.exit(f"docx has {len(tables)} tables, txt {len(pairs)}: cannot pair them")
    return [_project(title, table, xml) for (title, table), xml in zip(pairs, tables, strict=True)]


def _project(title: str, table: Table, xml: etree._Element) -> Project:
    width = len(xml.findall(f"{W}tblGrid/{W}gridCol"))
    rows = xml.findall(f"{W}tr")
    if len(rows) != len(table.rows):
        sys.exit(f"{title}: docx has {len(rows)} rows, txt {len(table.rows)}")
    placed: list[Placed] = []
    open_merges: dict[int, int] = {}  # grid column → index in placed of the restart cell
    for r, (tr, row) in enumerate(zip(rows, table.rows, strict=True)):
        tcs = tr.findall(f"{W}tc")
        if len(tcs) != len(row):
            sys.exit(f"{title} row {r}: docx has {len(tcs)} cells, txt {len(row)}")
        col = 0
        for tc, cell in zip(tcs, row, strict=True):
            span_el = tc.find(f"{W}tcPr/{W}gridSpan")
            span = int(span_el.get(f"{W}val")) if span_el is not None else 1
            merge_el = tc.find(f"{W}tcPr/{W}vMerge")
            merge = None if merge_el is None else merge_el.get(f"{W}val", "continue")
            if merge == "continue" and col in open_merges:
                top = placed[open_merges[col]]
                placed[open_merges[col]] = Placed(
                    top.text, top.row, top.col, top.colspan, top.rowspan + 1
                )
            else:
                if merge == "restart":
                    open_merges[col] = len(placed)
                else:
                    open_merges.pop(col, None)
                placed.append(Placed(cell.text, r, col, span, 1))
            col += span
    return Project(title, width, len(rows), tuple(placed))


def _typed(text: str) -> tuple[object, str]:
    """A cell's value as Excel would store it, and its number format."""
    if PERCENT.match(text):
        return float(text[:-1]) / 100, "0.00%"
    if AMOUNT.match(text):
        return float(text), "#,##0.00"
    if text.isdigit() and len(text) < 10:
        return int(text), "General"
    return text, "General"


def write_xlsx(projects: list[Project], path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for project in projects:
        sheet = workbook.create_sheet(project.title[:31])
        sheet.cell(row=1, column=1, value=project.title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=project.width)
        for cell in project.cells:
            value, number_format = _typed(cell.text)
            target = sheet.cell(row=cell.row + 2, column=cell.col + 1, value=value)
            target.number_format = number_format
            if "\n" in cell.text:
                target.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merge_cells(
                    start_row=cell.row + 2,
                    start_column=cell.col + 1,
                    end_row=cell.row + cell.rowspan + 1,
                    end_column=cell.col + cell.colspan,
                )
    fixed = dt.datetime(2021, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.save(path)


def write_spreadsheetml(projects: list[Project], path: Path) -> None:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel"'
        ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:html="http://www.w3.org/TR/REC-html40">',
        " <Styles>",
        '  <Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Center"/></Style>',
        '  <Style ss:ID="wrap"><Alignment ss:Vertical="Top" ss:WrapText="1"/></Style>',
        '  <Style ss:ID="pct"><NumberFormat ss:Format="0.00%"/></Style>',
        # A named format inherited from a named parent style (Standard is
        # #,##0.00); Excel wants the parent named and defined first.
        '  <Style ss:ID="num" ss:Name="Amount"><NumberFormat ss:Format="Standard"/></Style>',
        '  <Style ss:ID="amt" ss:Parent="num"/>',
        " </Styles>",
    ]
    for project in projects:
        out.append(f' <Worksheet ss:Name="{escape(project.title[:31])}">')
        out.append(
            f'  <Table ss:ExpandedColumnCount="{project.width}"'
            f' ss:ExpandedRowCount="{project.height + 2}" x:FullColumns="1" x:FullRows="1">'
        )
        # Row 1 stays empty: ss:Index on the title row skips it, as Excel does.
        out.append(
            f'   <Row ss:Index="2"><Cell ss:MergeAcross="{project.width - 1}">'
            f'<Data ss:Type="String">{escape(project.title)}</Data></Cell></Row>'
        )
        for r in range(project.height):
            out.append("   <Row>")
            expected = 0
            for cell in (c for c in project.cells if c.row == r):
                attrs = ""
                if cell.col != expected:  # a position covered by a MergeDown above
                    attrs += f' ss:Index="{cell.col + 1}"'
                if cell.colspan > 1:
                    attrs += f' ss:MergeAcross="{cell.colspan - 1}"'
                if cell.rowspan > 1:
                    attrs += f' ss:MergeDown="{cell.rowspan - 1}"'
                value, number_format = _typed(cell.text)
                if number_format == "0.00%":
                    attrs += ' ss:StyleID="pct"'
                    data = f'<Data ss:Type="Number">{value!r}</Data>'
                elif number_format == "#,##0.00":
                    attrs += ' ss:StyleID="amt"'
                    data = f'<Data ss:Type="Number">{value!r}</Data>'
                elif isinstance(value, int):
                    data = f'<Data ss:Type="Number">{value}</Data>'
                elif cell.text:
                    if "\n" in cell.text:
                        attrs += ' ss:StyleID="wrap"'
                    body = escape(cell.text).replace("\n", "&#10;")
                    data = f'<Data ss:Type="String">{body}</Data>'
                else:
                    data = ""
                out.append(f"    <Cell{attrs}>{data}</Cell>")
                expected = cell.col + cell.colspan
            out.append("   </Row>")
        out.append("  </Table>")
        out.append(" </Worksheet>")
    out.append("</Workbook>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def html_page(projects: list[Project], charset: str) -> str:
    out = [
        "<!DOCTYPE html>",
        "<html><head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        "<title>2021年部门预算项目绩效目标</title>",
        "<style>td { border: 1px solid #000 }</style>",
        "</head><body>",
        "<h2>预算项目绩效目标</h2>",
    ]
    for project in projects:
        out.append(f'<p align="center"><b>{html.escape(project.title)}</b></p>')
        out.append('<table border="1" cellspacing="0">')
        for r in range(project.height):
            out.append("<tr>")
            for cell in (c for c in project.cells if c.row == r):
                attrs = ""
                if cell.colspan > 1:
                    attrs += f' colspan="{cell.colspan}"'
                if cell.rowspan > 1:
                    attrs += f' rowspan="{cell.rowspan}"'
                body = (
                    "<br>".join(html.escape(line) for line in cell.text.split("\n"))
                    if cell.text
                    else "&nbsp;"
                )
                out.append(f"  <td{attrs}>{body}</td>")
            out.append("</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_biff(xlsx: Path, target: Path) -> bool:
    soffice = find_soffice()
    if soffice is None:
        print(f"soffice not found: {target.name} not rebuilt", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory(prefix="goalextract-fixtures-") as tmp:
        work = Path(tmp)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "xls",
                "--outdir",
                str(work / "out"),
                str(xlsx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copyfile(work / "out" / f"{xlsx.stem}.xls", target)
    return True


def main() -> None:
    projects = load_projects()
    SHEET_DIR.mkdir(parents=True, exist_ok=True)
    HTML_DIR.mkdir(parents=True, exist_ok=True)
    xlsx = SHEET_DIR / f"{STEM}.xlsx"
    write_xlsx(projects, xlsx)
    write_spreadsheetml(projects, SHEET_DIR / f"{STEM}-2003xml.xls")
    write_biff(xlsx, SHEET_DIR / f"{STEM}-biff.xls")
    (HTML_DIR / f"{STEM}.html").write_bytes(html_page(projects, "gbk").encode("gbk"))
    (HTML_DIR / f"{STEM}-web.xls").write_bytes(html_page(projects, "utf-8").encode("utf-8"))
    print(f"{len(projects)} project tables written")


if __name__ == "__main__":
    main()
