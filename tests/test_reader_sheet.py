"""The spreadsheet reader: .xlsx merges and number formats, SpreadsheetML 2003, binary .xls."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from conftest import HEBEI, ROOT, SAMPLES, projects_of, warnings_of
from goalextract.api import read_bytes
from goalextract.cells import Table
from goalextract.detect import detect_format
from goalextract.errors import EncryptedInput, ReaderError
from goalextract.readers import spreadsheetml
from goalextract.readers.numfmt import format_cell_value, format_number
from goalextract.readers.office import find_soffice
from goalextract.readers.sheet import read

DATA = Path(__file__).resolve().parent / "data" / "sheet"
requires_soffice = pytest.mark.skipif(
    find_soffice() is None, reason="LibreOffice (soffice) not installed"
)


def _xlsx(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _grid(table: Table) -> list[list[tuple[str, int, int, int]]]:
    """(text, col, colspan, rowspan) per cell, row by row."""
    return [[(c.text, c.col, c.colspan, c.rowspan) for c in row] for row in table.rows]


def _tables(data: bytes) -> list[Table]:
    blocks = read_bytes(data).blocks  # the reader for the detected format
    assert all(isinstance(b, Table) for b in blocks)
    return [b for b in blocks if isinstance(b, Table)]


# ---------------------------------------------------------------- xlsx merges


def test_xlsx_merges_give_spans_and_empty_continuation_cells() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目表"
    sheet["A1"] = "标题"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "绩效指标"
    sheet.merge_cells("A2:A4")  # vertical merge
    sheet["B2"] = "块"
    sheet.merge_cells("B2:C3")  # two by two
    sheet["D2"] = "甲"
    sheet["D3"] = "乙"
    sheet["B4"] = "丙"
    tables = _tables(_xlsx(workbook))
    assert len(tables) == 1
    assert _grid(tables[0]) == [
        [("标题", 0, 4, 1)],
        [("绩效指标", 0, 1, 3), ("块", 1, 2, 2), ("甲", 3, 1, 1)],
        [("", 0, 1, 1), ("", 1, 2, 1), ("乙", 3, 1, 1)],
        [("", 0, 1, 1), ("丙", 1, 1, 1), ("", 2, 1, 1), ("", 3, 1, 1)],
    ]


def test_xlsx_trims_empty_margins_and_skips_empty_sheets() -> None:
    workbook = Workbook()
    first = workbook.active
    first.title = "一"
    first["B3"] = "项目名称"
    first["C3"] = "甲"
    first["B5"] = "备注"
    first["H40"] = "   "  # whitespace only: not content
    first["J50"].number_format = "0.00"  # a formatted empty cell
    workbook.create_sheet("空")
    second = workbook.create_sheet("二")
    second["A1"] = "乙"
    tables = _tables(_xlsx(workbook))
    assert [t.location.sheet for t in tables] == ["一", "二"]
    assert [t.location.table for t in tables] == [0, 1]
    assert _grid(tables[0]) == [
        [("项目名称", 0, 1, 1), ("甲", 1, 1, 1)],
        [("", 0, 1, 1), ("", 1, 1, 1)],
        [("备注", 0, 1, 1), ("", 1, 1, 1)],
    ]
    cell = tables[0].rows[2][0]
    assert (cell.location.sheet, cell.location.table, cell.location.row, cell.location.col) == (
        "一",
        0,
        2,
        0,
    )


def test_merge_anchored_at_text_keeps_the_table_width() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "标题"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "项目名称"
    sheet["B2"] = "甲"
    table = _tables(_xlsx(workbook))[0]
    assert _grid(table)[0] == [("标题", 0, 5, 1)]
    assert [c.col for c in table.rows[1]] == [0, 1, 2, 3, 4]


# ---------------------------------------------------------- number formats


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (0.1, "0.00%", "10.00%"),
        (0.62, "0.00%", "62.00%"),
        (1, "0%", "100%"),
        (0.125, "0.0%", "12.5%"),
        (1234.5, "#,##0.00", "1,234.50"),
        (771325800, "#,##0.00", "771,325,800.00"),
        (100000, "0.00", "100000.00"),
        (100000.0, "General", "100000"),
        (5, "General", "5"),
        (0.30000000000000004, "General", "0.3"),
        (1234.5678, "General", "1234.5678"),
        (1e-7, "General", "0.0000001"),
        (2.5, "0", "3"),  # Excel rounds half away from zero
        (-1234.5, "#,##0.00_);[Red](#,##0.00)", "(1,234.50)"),
        (-3, "0.00", "-3.00"),
        (10000, '0.00"万元"', "10000.00万元"),
        (1234.5, "[$¥-804]#,##0.00", "¥1,234.50"),
        (1.5, "0.0#", "1.5"),
        (1.234, "0.0#", "1.23"),
        # The 一体化 template hides zeros; the stored value wins (DOMAIN.md §6).
        (0, '###,###,###,##0.00;[=0]""', "0.00"),
        (12, '###,###,###,##0.00;[=0]""', "12.00"),
        (12345, "0.00E+00", "1.23E+04"),
        (3, "@", "3"),
    ],
)
def test_number_formats(value: float, number_format: str, printed: str) -> None:
    assert format_cell_value(value, number_format) == printed


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (dt.datetime(2026, 1, 1), "yyyy-mm-dd", "2026-01-01"),
        (dt.datetime(2026, 1, 1), "mm-dd-yy", "2026-01-01"),  # built-in 14, locale-bound
        (dt.datetime(2026, 12, 31), "m/d/yyyy", "2026-12-31"),
        (dt.datetime(2026, 3, 5, 14, 30), "yyyy/m/d h:mm", "2026-03-05 14:30"),
        (dt.datetime(2026, 1, 1), 'yyyy"年"m"月"d"日"', "2026年1月1日"),
        (dt.datetime(2019, 12, 1), 'yyyy"年"m"月"', "2019年12月"),
        (dt.time(8, 30), "h:mm", "08:30"),
        (dt.date(2026, 1, 1), "General", "2026-01-01"),
        # A serial number under a date format (SpreadsheetML, unknown built-ins).
        (46023, "yyyy-mm-dd", "2026-01-01"),
    ],
)
def test_date_formats(value: object, number_format: str, printed: str) -> None:
    assert format_cell_value(value, number_format) == printed


def test_other_values() -> None:
    assert format_cell_value(True) == "TRUE"
    assert format_cell_value(None) == ""
    assert format_cell_value("1.甲\r\n2.乙") == "1.甲\n2.乙"
    assert format_cell_value('"1.甲"') == '"1.甲"'  # quote wrapping is the parser's job
    assert format_number(0.1) == "0.1"


def test_xlsx_cells_are_printed_through_their_number_formats() -> None:
    workbook = Workbook()
    sheet = workbook.active
    rows: list[tuple[object, str]] = [
        (0.1, "0.00%"),
        (1234.5, "#,##0.00"),
        (dt.datetime(2026, 1, 1), "yyyy-mm-dd"),
        (100000.0, "General"),
        ("1.机关自身建设。\n2.机关网站运行维护。", "General"),
    ]
    for r, (value, number_format) in enumerate(rows, start=1):
        sheet.cell(row=r, column=1, value="标签")
        cell = sheet.cell(row=r, column=2, value=value)
        cell.number_format = number_format
    table = _tables(_xlsx(workbook))[0]
    assert [row[1].text for row in table.rows] == [
        "10.00%",
        "1,234.50",
        "2026-01-01",
        "100000",
        "1.机关自身建设。\n2.机关网站运行维护。",
    ]


def test_xlsx_escaped_carriage_return_becomes_a_line_break() -> None:
    # Excel stores a cell pasted from Word as "1.甲_x000D_\n2.乙" (openpyxl writes
    # its strings inline, so the escape goes into the sheet here).
    workbook = Workbook()
    workbook.active["A1"] = "PLACEHOLDER"
    source = zipfile.ZipFile(io.BytesIO(_xlsx(workbook)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"PLACEHOLDER", "1.甲_x000D_\n2.乙".encode())
            target.writestr(item, data)
    assert _tables(out.getvalue())[0].rows[0][0].text == "1.甲\n2.乙"


def test_xlsx_zh_builtin_date_format_is_not_a_serial_number() -> None:
    # zh-CN built-in 31 is yyyy"年"m"月"d"日"; openpyxl reports it as General.
    workbook = Workbook()
    cell = workbook.active["A1"]
    cell.value = 46023
    cell.number_format = "0.000"  # any custom format; its id is rewritten to 31 below
    source = zipfile.ZipFile(io.BytesIO(_xlsx(workbook)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/styles.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<numFmts.*?</numFmts>", "", text, flags=re.S)
                data = text.replace('numFmtId="164"', 'numFmtId="31"').encode("utf-8")
            target.writestr(item, data)
    table = _tables(out.getvalue())[0]
    assert table.rows[0][0].text == "2026年1月1日"


# ------------------------------------------------------------- SpreadsheetML

_SS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
)


def _spreadsheetml(body: str, styles: str = "") -> bytes:
    return (_SS_HEAD + f"<Styles>{styles}</Styles>" + body + "</Workbook>").encode("utf-8")


def test_spreadsheetml_rebuilds_positions_from_index_and_merges() -> None:
    data = _spreadsheetml(
        '<Worksheet ss:Name="表1"><Table>'
        '<Row ss:Index="3"><Cell ss:MergeAcross="3"><Data ss:Type="String">标题</Data></Cell></Row>'
        '<Row><Cell ss:MergeDown="2"><Data ss:Type="String">绩效指标</Data></Cell>'
        '<Cell ss:MergeAcross="1" ss:MergeDown="1"><Data ss:Type="String">块</Data></Cell>'
        '<Cell><Data ss:Type="String">甲</Data></Cell></Row>'
        '<Row><Cell ss:Index="4"><Data ss:Type="String">乙</Data></Cell></Row>'
        '<Row><Cell ss:Index="3"><Data ss:Type="String">丙</Data></Cell></Row>'
        '<Row ss:Index="8"><Cell ss:Index="2"><Data ss:Type="String">丁</Data></Cell></Row>'
        "</Table></Worksheet>"
    )
    result = spreadsheetml.read(data)
    assert result.format == "spreadsheetml"
    (table,) = _tables(data)
    assert table.location.sheet == "表1"
    assert _grid(table) == [
        [("标题", 0, 4, 1)],
        [("绩效指标", 0, 1, 3), ("块", 1, 2, 2), ("甲", 3, 1, 1)],
        [("", 0, 1, 1), ("", 1, 2, 1), ("乙", 3, 1, 1)],
        [("", 0, 1, 1), ("", 1, 1, 1), ("丙", 2, 1, 1), ("", 3, 1, 1)],
        [("", 0, 1, 1), ("", 1, 1, 1), ("", 2, 1, 1), ("", 3, 1, 1)],  # row 7: not written
        [("", 0, 1, 1), ("丁", 1, 1, 1), ("", 2, 1, 1), ("", 3, 1, 1)],
    ]


def test_spreadsheetml_cell_without_index_skips_merged_down_positions() -> None:
    # Excel writes ss:Index here; hand-made exports sometimes do not.
    data = _spreadsheetml(
        '<Worksheet ss:Name="S"><Table>'
        '<Row><Cell ss:MergeDown="1"><Data ss:Type="String">一级指标</Data></Cell>'
        '<Cell><Data ss:Type="String">数量指标</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="String">质量指标</Data></Cell></Row>'
        "</Table></Worksheet>"
    )
    assert _grid(_tables(data)[0]) == [
        [("一级指标", 0, 1, 2), ("数量指标", 1, 1, 1)],
        [("", 0, 1, 1), ("质量指标", 1, 1, 1)],
    ]


def test_spreadsheetml_number_formats_and_line_breaks() -> None:
    styles = (
        '<Style ss:ID="pct"><NumberFormat ss:Format="Percent"/></Style>'
        '<Style ss:ID="p2"><NumberFormat ss:Format="0.00%"/></Style>'
        '<Style ss:ID="base"><NumberFormat ss:Format="Standard"/></Style>'
        '<Style ss:ID="child" ss:Parent="base"/>'
        '<Style ss:ID="day"><NumberFormat ss:Format="Short Date"/></Style>'
        '<Style ss:ID="zero"><NumberFormat ss:Format="###,###,###,##0.00;[=0]&quot;&quot;"/>'
        "</Style>"
    )
    cells = [
        ('ss:StyleID="pct"', "Number", "0.1"),
        ('ss:StyleID="p2"', "Number", "0.92"),
        ('ss:StyleID="child"', "Number", "1234.5"),
        ('ss:StyleID="day"', "DateTime", "2026-01-01T00:00:00.000"),
        ("", "Number", "100000"),
        ("", "Number", "8000.0"),
        ('ss:StyleID="zero"', "Number", "0"),
        ("", "String", "1.甲&#10;2.乙"),
    ]
    rows = "".join(
        f'<Row><Cell><Data ss:Type="String">标签</Data></Cell>'
        f'<Cell {attrs}><Data ss:Type="{kind}">{value}</Data></Cell></Row>'
        for attrs, kind, value in cells
    )
    data = _spreadsheetml(f'<Worksheet ss:Name="S"><Table>{rows}</Table></Worksheet>', styles)
    table = _tables(data)[0]
    assert [row[1].text for row in table.rows] == [
        "10.00%",
        "92.00%",
        "1,234.50",
        "2026-01-01",
        "100000",
        "8000",
        "0.00",
        "1.甲\n2.乙",
    ]


def test_spreadsheetml_rich_text_and_empty_sheets() -> None:
    data = _spreadsheetml(
        '<Worksheet ss:Name="空"><Table><Row><Cell/></Row></Table></Worksheet>'
        '<Worksheet ss:Name="富"><Table><Row><Cell><ss:Data ss:Type="String" '
        'xmlns="http://www.w3.org/TR/REC-html40"><B>项目</B><Font>名称</Font></ss:Data>'
        "</Cell></Row></Table></Worksheet>"
    )
    tables = _tables(data)
    assert [(t.location.sheet, t.location.table) for t in tables] == [("富", 0)]
    assert tables[0].rows[0][0].text == "项目名称"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_SS_HEAD.encode() + b"<Worksheet><Table><Row>", "malformed SpreadsheetML XML"),
        (
            b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><root/>',
            "not a SpreadsheetML workbook",
        ),
        (
            _spreadsheetml('<Worksheet><Table><Row ss:Index="x"/></Table></Worksheet>'),
            "ss:Index='x' is not a number",
        ),
    ],
)
def test_malformed_spreadsheetml_is_a_reader_error(data: bytes, message: str) -> None:
    with pytest.raises(ReaderError, match=re.escape(message)) as raised:
        spreadsheetml.read(data)
    assert "\n" not in str(raised.value)


# -------------------------------------------------------------------- errors


def test_damaged_xlsx_is_a_reader_error() -> None:
    workbook = Workbook()
    workbook.active["A1"] = "项目名称"
    data = _xlsx(workbook)
    with pytest.raises(ReaderError, match=r"damaged \.xlsx file"):
        read(data[: len(data) // 2], fmt="xlsx")
    with pytest.raises(ReaderError, match=r"damaged \.xlsx file"):
        read(b"PK\x03\x04" + b"\x00" * 200, fmt="xlsx")


def test_damaged_xlsx_part_is_a_reader_error() -> None:
    workbook = Workbook()
    workbook.active["A1"] = "项目名称"
    source = zipfile.ZipFile(io.BytesIO(_xlsx(workbook)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[:-40]  # cut the XML short
            target.writestr(item, data)
    with pytest.raises(ReaderError, match=r"damaged \.xlsx file") as raised:
        read(out.getvalue(), fmt="xlsx")
    assert "\n" not in str(raised.value)


def test_password_protected_workbook_is_named_as_such() -> None:
    # An encrypted .xlsx is an OLE container holding an EncryptedPackage stream.
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 50
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 400
    )
    with pytest.raises(EncryptedInput, match="password-protected"):
        read(data, fmt="xls")
    assert issubclass(EncryptedInput, ReaderError)


# ---------------------------------------------------- the Hebei sample, 3 ways


def test_fixtures_are_detected_by_content() -> None:
    assert detect_format((DATA / f"{HEBEI}.xlsx").read_bytes()) == "xlsx"
    assert detect_format((DATA / f"{HEBEI}-2003xml.xls").read_bytes()) == "spreadsheetml"
    assert detect_format((DATA / f"{HEBEI}-biff.xls").read_bytes()) == "xls"


def test_xlsx_fixture_layout() -> None:
    result = read_bytes((DATA / f"{HEBEI}.xlsx").read_bytes())
    tables = [b for b in result.blocks if isinstance(b, Table)]
    assert (result.format, result.encoding, result.pages) == ("xlsx", None, None)
    assert [t.location.sheet for t in tables][:2] == [
        "1.综合事务管理绩效目标表",
        "2.车辆保险费绩效目标表",
    ]
    first = tables[0]
    assert _grid(first)[:2] == [
        [("1.综合事务管理绩效目标表", 0, 7, 1)],
        [
            ("131001中国人民政治协商会议河北省秦皇岛市山海关区委员会本级", 0, 5, 1),
            ("单位：元", 5, 2, 1),
        ],
    ]
    assert [c.text for c in first.rows[3]][:3] == ["预算规模及资金用途", "预算数", "100,000.00"]
    assert [(c.text, c.col) for c in first.rows[6]] == [
        ("", 0),
        ("10.00%", 1),
        ("62.00%", 3),
        ("92.00%", 4),
        ("100.00%", 5),
    ]


@pytest.mark.parametrize("name", [f"{HEBEI}.xlsx", f"{HEBEI}-2003xml.xls"])
def test_spreadsheet_fixture_gives_the_txtprojects_of(name: str) -> None:
    expected = projects_of(SAMPLES / f"{HEBEI}.txt")
    assert len(expected) == 5
    assert projects_of(DATA / name) == expected


@pytest.mark.parametrize("name", [f"{HEBEI}.xlsx", f"{HEBEI}-2003xml.xls"])
def test_spreadsheet_fixture_warns_like_the_txt(name: str) -> None:
    assert warnings_of(DATA / name) == warnings_of(SAMPLES / f"{HEBEI}.txt")


def test_cli_parse_of_the_xlsx_fixture() -> None:
    def run(path: Path) -> list[dict[str, Any]]:
        completed = subprocess.run(
            [sys.executable, "-m", "goalextract", "parse", str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        projects: list[dict[str, Any]] = json.loads(completed.stdout)["projects"]
        for project in projects:
            project.pop("location", None)
        return projects

    assert run(DATA / f"{HEBEI}.xlsx") == run(SAMPLES / f"{HEBEI}.txt")


@pytest.mark.soffice
@requires_soffice
def test_binary_xls_through_libreoffice() -> None:
    result = read((DATA / f"{HEBEI}-biff.xls").read_bytes(), fmt="xls")
    assert result.format == "xls"
    xlsx = _tables((DATA / f"{HEBEI}.xlsx").read_bytes())
    biff = [b for b in result.blocks if isinstance(b, Table)]
    assert [_grid(t) for t in biff] == [_grid(t) for t in xlsx]
    assert [t.location.sheet for t in biff] == [t.location.sheet for t in xlsx]


@pytest.mark.soffice
@requires_soffice
def test_binary_xls_fixture_gives_the_txtprojects_of() -> None:
    assert projects_of(DATA / f"{HEBEI}-biff.xls") == projects_of(SAMPLES / f"{HEBEI}.txt")


@pytest.mark.soffice
@requires_soffice
def test_damaged_binary_xls_is_a_reader_error() -> None:
    data = (DATA / f"{HEBEI}-biff.xls").read_bytes()
    with pytest.raises(ReaderError):
        read(data[:2048], fmt="xls")
