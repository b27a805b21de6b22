"""CSV writer: the contract's columns, BOM, one row per indicator or per project."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES
from goalextract import parse_file
from goalextract.models import Document, Indicator, Project, Source, Target
from goalextract.writers import EXTENSIONS, WriteOptions, get_writer, write_file

# Spelled out here, not imported, so that a change in the writer fails the test.
CONTRACT = [
    "source",
    "project_index",
    "unit_code",
    "unit_name",
    "code",
    "name",
    "budget_total",
    "level1",
    "level2",
    "level3",
    "description",
    "value",
    "operator",
    "number",
    "unit",
    "basis",
]
CONTRACT_ZH = [
    "来源",
    "项目序号",
    "单位编码",
    "单位名称",
    "项目编码",
    "项目名称",
    "预算数",
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "运算符",
    "数值",
    "单位",
    "指标值确定依据",
]
PROJECT_COLUMNS = [
    "source",
    "project_index",
    "title",
    "year",
    "unit_code",
    "unit_name",
    "department_code",
    "department_name",
    "money_unit",
    "code",
    "name",
    "budget_total",
    "budget_fiscal",
    "budget_other",
    "budget_carryover",
    "budget_project_total",
    "purpose",
    "goals",
    "long_term_goals",
    "indicator_count",
    "needs_review",
    "review_reasons",
]


@pytest.fixture(scope="module")
def hebei() -> Document:
    return parse_file(SAMPLES / f"{HEBEI}.txt")


def _write(docs: list[Document], table: str = "indicators", lang: str = "en") -> bytes:
    stream = io.BytesIO()
    get_writer("csv").write(docs, stream, WriteOptions(table=table, lang=lang))
    return stream.getvalue()


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_registered() -> None:
    assert EXTENSIONS[".csv"] == "csv"
    assert get_writer("csv").BINARY is True


def test_indicator_rows_follow_the_contract(hebei: Document) -> None:
    data = _write([hebei])
    assert data.startswith(b"\xef\xbb\xbfsource,project_index,")
    assert data.split(b"\r\n", 1)[0].endswith(
        b",horizon,upper,year,department_code,department_name,needs_review,review_reasons"
        b",normalized_kind,normalized_operator,normalized_value,normalized_upper"
        b",normalized_unit,normalized_start,normalized_end"
    )  # \r\n line ends
    rows = _rows(data)
    header, body = rows[0], rows[1:]
    assert header[: len(CONTRACT)] == CONTRACT
    assert header == [
        *CONTRACT,
        "horizon",
        "upper",
        "year",
        "department_code",
        "department_name",
        "needs_review",
        "review_reasons",
        "normalized_kind",
        "normalized_operator",
        "normalized_value",
        "normalized_upper",
        "normalized_unit",
        "normalized_start",
        "normalized_end",
    ]
    assert len(body) == 45
    assert all(len(row) == len(header) for row in body)

    first = dict(zip(header, body[0], strict=True))
    assert first == {
        "source": hebei.source.path,
        "project_index": "1",
        "unit_code": "131001",
        "unit_name": "中国人民政治协商会议河北省秦皇岛市山海关区委员会本级",
        "code": "1303032108HCY3FL9BB52",
        "name": "综合事务管理",
        "budget_total": "100000.0",
        "level1": "产出指标",
        "level2": "数量指标",
        "level3": "综合事务管理费用",
        "description": "综合事务管理费用",
        "value": "≤100000元",
        "operator": "<=",
        "number": "100000.0",
        "unit": "元",
        "basis": "年度工作计划",
        "horizon": "annual",
        "upper": "",
        "year": "",
        "department_code": "",
        "department_name": "",
        "needs_review": "false",
        "review_reasons": "",
        "normalized_kind": "money",
        "normalized_operator": "<=",
        "normalized_value": "100000.0",
        "normalized_upper": "",
        "normalized_unit": "元",
        "normalized_start": "",
        "normalized_end": "",
    }


def test_every_row_matches_the_model(hebei: Document) -> None:
    body = _rows(_write([hebei]))[1:]
    expected = [
        (project, indicator) for project in hebei.projects for indicator in project.indicators
    ]
    assert len(body) == len(expected)
    for row, (project, indicator) in zip(body, expected, strict=True):
        assert row[1] == str(project.index)
        assert row[5] == project.name
        assert row[9] == indicator.level3
        assert row[11] == indicator.value
        number = indicator.target.number
        assert row[13] == ("" if number is None else repr(number))


def test_projects_table(hebei: Document) -> None:
    rows = _rows(_write([hebei], table="projects"))
    assert rows[0] == PROJECT_COLUMNS
    assert len(rows) == 6
    first = dict(zip(rows[0], rows[1], strict=True))
    project = hebei.projects[0]
    assert first["project_index"] == "1"
    assert first["title"] == "综合事务管理绩效目标表"
    assert first["year"] == ""  # None → empty cell
    assert first["money_unit"] == "元"
    assert first["budget_fiscal"] == "100000.0"
    assert first["budget_other"] == "0.0"
    assert first["budget_carryover"] == ""
    assert first["goals"] == "机关自身建设、服务保障能力进一步提升。\n机关网站运行维护。"
    assert first["goals"].split("\n") == project.goals
    assert [row[-3] for row in rows[1:]] == ["9"] * 5
    review = [(row[-2], row[-1]) for row in rows[1:]]
    assert review[:2] == [("false", ""), ("true", "spending_plan_missing_value")]
    assert [row[9] for row in rows[1:]] == [p.code for p in hebei.projects]


def test_chinese_header(hebei: Document) -> None:
    rows = _rows(_write([hebei], lang="zh"))
    assert rows[0][: len(CONTRACT_ZH)] == CONTRACT_ZH
    assert len(rows) == 46
    projects = _rows(_write([hebei], table="projects", lang="zh"))[0]
    assert projects[:3] == ["来源", "项目序号", "表名"]
    assert len(set(projects)) == len(projects)
    assert not any(name.isascii() for name in projects)


def test_several_documents_share_one_header(hebei: Document) -> None:
    source = hebei.source.model_copy(update={"path": "second.txt", "sha256": "0" * 64})
    second = hebei.model_copy(update={"source": source})
    rows = _rows(_write([hebei, second]))
    assert rows.count(rows[0]) == 1
    assert len(rows) == 1 + 90
    assert {row[0] for row in rows[1:]} == {hebei.source.path, "second.txt"}


def test_range_keeps_its_upper_bound_and_blank_is_empty() -> None:
    doc = Document(
        source=Source(path="x.txt", format="txt", sha256="f" * 64),
        projects=[
            Project(
                index=1,
                indicators=[
                    Indicator(
                        level3="达标率",
                        value="80%-90%",
                        target=Target(
                            kind="numeric", operator="range", number=80.0, upper=90.0, unit="%"
                        ),
                    ),
                    Indicator(level3="空"),
                ],
            )
        ],
    )
    rows = _rows(_write([doc]))
    ranged = dict(zip(rows[0], rows[1], strict=True))
    assert (ranged["operator"], ranged["number"], ranged["upper"]) == ("range", "80.0", "90.0")
    blank = dict(zip(rows[0], rows[2], strict=True))
    assert blank["value"] == ""
    assert blank["number"] == ""
    assert blank["budget_total"] == ""


def test_no_documents_gives_the_header_only() -> None:
    assert _rows(_write([])) == [
        [
            *CONTRACT,
            "horizon",
            "upper",
            "year",
            "department_code",
            "department_name",
            "needs_review",
            "review_reasons",
            "normalized_kind",
            "normalized_operator",
            "normalized_value",
            "normalized_upper",
            "normalized_unit",
            "normalized_start",
            "normalized_end",
        ]
    ]


def test_bad_options_are_refused(hebei: Document) -> None:
    with pytest.raises(ValueError, match="table"):
        _write([hebei], table="cells")
    with pytest.raises(ValueError, match="language"):
        _write([hebei], lang="cn")


def test_file_output(hebei: Document, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    write_file(get_writer(EXTENSIONS[out.suffix]), [hebei], out, WriteOptions(table="projects"))
    assert len(_rows(out.read_bytes())) == 6


@pytest.mark.parametrize("table", ["indicators", "projects", "documents"])
def test_chinese_headers_are_chinese_and_distinct(hebei: Document, table: str) -> None:
    names = _rows(_write([hebei], table=table, lang="zh"))[0]
    assert len(set(names)) == len(names)
    assert not [name for name in names if name.isascii()]
