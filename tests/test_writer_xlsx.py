"""XLSX writer: sheets, frozen header, typed cells, widths; read back with openpyxl."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import HEBEI, SAMPLES
from goalextract import parse_bytes, parse_file
from goalextract.models import Document, Indicator, ParseWarning, Project, Source, Target
from goalextract.writers import EXTENSIONS, WriteOptions, get_writer, write_file
from test_cases import CASES, case_to_export

UNIT_NAME = "中国人民政治协商会议河北省秦皇岛市山海关区委员会本级"


@pytest.fixture(scope="module")
def hebei() -> Document:
    return parse_file(SAMPLES / f"{HEBEI}.txt")


def _workbook(docs: list[Document], options: WriteOptions | None = None) -> Any:
    stream = io.BytesIO()
    get_writer("xlsx").write(docs, stream, options or WriteOptions())
    stream.seek(0)
    return openpyxl.load_workbook(stream)


def _header(sheet: Any) -> list[Any]:
    return [cell.value for cell in sheet[1]]


def test_registered() -> None:
    assert EXTENSIONS[".xlsx"] == "xlsx"
    assert get_writer("xlsx").BINARY is True


def test_sheets_rows_and_frozen_header(hebei: Document) -> None:
    book = _workbook([hebei])
    assert book.sheetnames == ["documents", "projects", "indicators", "spending_plan", "warnings"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
    assert book["projects"].max_row == 1 + 5
    assert book["indicators"].max_row == 1 + 45
    assert book["spending_plan"].max_row == 1 + 20
    assert book["warnings"].max_row == 2  # header + the blank 3月底 of project 2
    assert _header(book["indicators"])[:7] == [
        "source",
        "project_index",
        "unit_code",
        "unit_name",
        "code",
        "name",
        "budget_total",
    ]


def test_numbers_are_numeric_and_text_is_text(hebei: Document) -> None:
    book = _workbook([hebei])
    projects = book["projects"]
    header = _header(projects)
    row = dict(zip(header, projects[2], strict=True))
    assert row["budget_total"].data_type == "n"
    assert row["budget_total"].value == 100000
    assert row["budget_total"].number_format == "#,##0.00"
    assert row["indicator_count"].value == 9
    assert row["code"].value == "1303032108HCY3FL9BB52"
    assert row["unit_code"].value == "131001"  # a code stays text, not the number 131001
    assert row["unit_code"].data_type == "s"
    assert row["year"].value is None

    indicators = book["indicators"]
    header = _header(indicators)
    values = [cell.value for cell in indicators[3]]
    cells = dict(zip(header, values, strict=True))
    indicator = hebei.projects[0].indicators[1]
    assert cells["level3"] == indicator.level3
    assert cells["value"] == indicator.value
    assert cells["number"] == 80

    plan = book["spending_plan"]
    assert [cell.value for cell in plan[2]][4:] == ["3月底", 3, 10]


def test_column_widths_count_cjk_double(hebei: Document) -> None:
    sheet = _workbook([hebei])["indicators"]
    widths = {
        name: sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width
        for i, name in enumerate(_header(sheet), start=1)
    }
    assert widths["unit_name"] == 2 * len(UNIT_NAME) + 2
    assert widths["project_index"] == len("project_index") + 2
    assert all(6 <= width <= 60 for width in widths.values())
    assert widths["description"] == 60  # long prose is capped


def test_failures_sheet_and_chinese_header(hebei: Document) -> None:
    options = WriteOptions(lang="zh", failures=({"path": "bad.doc", "error": "no soffice"},))
    book = _workbook([hebei], options)
    assert book.sheetnames[-1] == "失败"
    assert [[c.value for c in row] for row in book["失败"].iter_rows()] == [
        ["路径", "错误"],
        ["bad.doc", "no soffice"],
    ]
    assert _header(book["绩效指标"])[:4] == ["来源", "项目序号", "单位编码", "单位名称"]


def test_formula_like_values_and_control_characters_stay_text(tmp_path: Path) -> None:
    doc = Document(
        source=Source(path="x.txt", format="txt", sha256="f" * 64),
        projects=[
            Project(
                index=1,
                indicators=[
                    Indicator(
                        level3="完成率",
                        description="第一行\x0b第二行",
                        value="=100.00(%)",
                        target=Target(kind="numeric", operator="=", number=100.0, unit="%"),
                    )
                ],
            )
        ],
        warnings=[ParseWarning(code="odd", message="看一下", project=1, location={"line": 7})],
    )
    out = tmp_path / "out.xlsx"
    write_file(get_writer(EXTENSIONS[out.suffix]), [doc], out, WriteOptions())
    book = openpyxl.load_workbook(out)
    sheet = book["indicators"]
    cells = dict(zip(_header(sheet), sheet[2], strict=True))
    assert cells["value"].value == "=100.00(%)"
    assert cells["value"].data_type == "s"  # not a (broken) formula
    assert cells["description"].value == "第一行第二行"
    assert [c.value for c in book["warnings"][2]] == [
        "x.txt",
        1,
        "odd",
        "warning",
        "看一下",
        "line=7",
    ]


def test_department_tables_get_their_own_sheets(tmp_path: Path) -> None:
    source = (CASES / "department_table.case").read_text(encoding="utf-8")
    document = parse_bytes(case_to_export(source), "dept.txt")
    out = tmp_path / "dept.xlsx"
    with out.open("wb") as stream:
        get_writer("xlsx").write([document], stream, WriteOptions(lang="zh"))
    book = openpyxl.load_workbook(out)
    assert "部门整体绩效目标" in book.sheetnames
    rows = list(book["部门整体绩效目标"].iter_rows(values_only=True))
    assert rows[0][:3] == ("来源", "表序号", "表名")
    assert rows[1][5] == "武汉市青山区教育局"
    assert rows[1][7:10] == (1000000.0, 600000.0, 400000.0)
    indicators = list(book["部门整体绩效指标"].iter_rows(values_only=True))
    assert indicators[1][5] == "在校生人数" and indicators[1][7] == "≥5000人"


def test_chinese_sheets_have_chinese_names_and_headers(hebei: Document) -> None:
    options = WriteOptions(lang="zh", failures=({"path": "bad.doc", "error": "no soffice"},))
    book = _workbook([hebei], options)
    assert book.sheetnames == ["文件", "项目", "绩效指标", "资金支出计划", "警告", "失败"]
    for sheet in book.worksheets:
        names = _header(sheet)
        assert len(set(names)) == len(names), sheet.title
        # Every header is Chinese: no English field name fell through untranslated.
        assert not [name for name in names if name.isascii()], sheet.title
    warnings = _header(book["警告"])
    assert warnings[2] == "警告代码"  # the warning's code, not the project's 项目编码
    assert book["警告"]["C2"].value == "spending_plan_missing_value"
