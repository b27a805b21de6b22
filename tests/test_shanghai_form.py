"""The real Shanghai 2026 form (拆违经费) rebuilt as Word and as PDF parses to its oracle.

tests/data/shanghai/shanghai-cgjf-form.docx recreates, with python-docx, the table of
samples/real/shanghai-putuo-cgjf-2026-p23-24.txt with the real form's eight-column
geometry (DOMAIN.md §2), and shanghai-cgjf-form.pdf is LibreOffice's rendering of it;
tests/data/shanghai/make_shanghai_fixtures.py builds both. Each must score 100% against
tests/expected/real/shanghai-putuo-cgjf-2026-p23-24.json, written by hand from the text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from conftest import load_expected, score
from goalextract import Document, parse_file, read_cells
from goalextract.cells import Paragraph, Table

DATA = Path(__file__).resolve().parent / "data" / "shanghai"
ORACLE = "real/shanghai-putuo-cgjf-2026-p23-24.json"
FORMATS = ("docx", "pdf")


def _path(fmt: str) -> Path:
    return DATA / f"shanghai-cgjf-form.{fmt}"


@cache
def _parsed(fmt: str) -> Document:
    return parse_file(_path(fmt))


def _grid(fmt: str) -> list[list[tuple[str, int, int]]]:
    """The table as (text without whitespace, col, colspan) per cell and row."""
    blocks = read_cells(_path(fmt)).blocks
    tables = [block for block in blocks if isinstance(block, Table)]
    assert len(tables) == 1
    return [
        [("".join(cell.text.split()), cell.col, cell.colspan) for cell in row]
        for row in tables[0].rows
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_form_scores_100_percent(fmt: str) -> None:
    document = _parsed(fmt)
    matched, total, misses = score(load_expected(ORACLE), document.to_json_dict())
    assert not misses, "\n".join(misses)
    assert matched == total
    assert document.source.format == fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_form_extra_is_the_oracles(fmt: str) -> None:
    # compare.py does not score extra: the unmapped header pairs and the
    # multi-year 其中：财政资金 / 其他资金 are checked here, as printed.
    (project,) = _parsed(fmt).projects
    assert project.extra == load_expected(ORACLE)["projects"][0]["extra"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_form_leaves_no_cell_unmapped(fmt: str) -> None:
    document = _parsed(fmt)
    codes = [warning.code for warning in document.warnings]
    assert "unmapped_cell" not in codes, [w.message for w in document.warnings]


@pytest.mark.parametrize("fmt", FORMATS)
def test_title_and_year_come_from_the_paragraphs_above_the_table(fmt: str) -> None:
    blocks = read_cells(_path(fmt)).blocks
    assert [block.text for block in blocks[:2] if isinstance(block, Paragraph)] == [
        "财政项目支出绩效目标申报表",
        "（2026年度）",
    ]
    assert isinstance(blocks[2], Table)
    (project,) = _parsed(fmt).projects
    assert (project.title, project.year) == ("财政项目支出绩效目标申报表", 2026)


def test_word_and_pdf_readers_see_the_same_grid() -> None:
    # Eight grid columns, spans and vertical merges (merged-away cells are blank)
    # exactly as python-docx wrote them; the PDF's wrapped lines are joined back.
    grid = _grid("docx")
    assert _grid("pdf") == grid
    assert len(grid) == 18
    assert grid[0] == [
        ("项目名称", 0, 2),
        ("拆违经费", 2, 2),
        ("项目性质", 4, 1),
        ("阶段性项目", 5, 1),
        ("项目类别", 6, 1),
        ("特定目标类", 7, 1),
    ]
    assert grid[5] == [("", 0, 2), ("", 2, 2), ("", 4, 1), ("上年结转资金", 5, 2), ("0.00", 7, 1)]
    assert grid[9] == [
        ("绩效指标", 0, 1),
        ("一级指标", 1, 1),
        ("二级指标", 2, 1),
        ("三级指标", 3, 3),
        ("年度(/项目)指标值", 6, 2),
    ]
    assert [row[1][0] for row in grid[10:]] == [
        "成本指标",
        "产出指标",
        "",
        "",
        "效益指标",
        "",
        "",
        "满意度指标",
    ]


def test_pdf_fixture_has_ruling_lines_and_wrapped_cells() -> None:
    # What makes the PDF a real test of the reader: pdfplumber finds the table
    # from its lines, and long cells are printed over several lines.
    with pdfplumber.open(_path("pdf")) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert len(page.find_tables()) == 1
        lines = page.extract_text().split("\n")
    text = "\n".join(lines)
    for wrapped in (
        "普陀区城市管理行政执法局执法大队",
        "10,308,000.00",
        "阶段性项目",
        "服务对象满意度指标",
    ):
        assert wrapped not in text, wrapped
    # The first goal fits on one line of the wide 2024–2026 cell but wraps in the
    # narrow annual cell: printed whole once, not twice.
    assert text.count("1.完成市、区相关部门下达的年度拆违任务。") == 1
