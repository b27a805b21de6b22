"""The PDF reader: spans from geometry, wrapped cell text, tables across pages, errors.

Fixtures in tests/data/pdf/ were rendered from .docx files by LibreOffice with
tests/data/pdf/make_fixtures.py (see its docstring for what each one holds).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from conftest import HEBEI, SAMPLES, load_expected, score
from goalextract import parse_bytes
from goalextract.api import parse_cells
from goalextract.cells import Cell, Paragraph, ReadResult, Table
from goalextract.errors import EncryptedInput, NoTextLayer, ReaderError
from goalextract.readers import ReadOptions
from goalextract.readers import pdf as pdf_reader
from goalextract.readers.pdf import _PAGE_NUMBER, _cell_text, _line_text, read
from goalextract.readers.text import read as read_text

DATA = Path(__file__).resolve().parent / "data" / "pdf"
BUDGET = SAMPLES / "real" / "shanghai-putuo-commerce-2025-budget.pdf"


@cache
def _budget() -> ReadResult:
    # 26 real pages: read once for the tests that use it.
    return read(BUDGET.read_bytes())


@cache
def _budget_every_page() -> ReadResult:
    # The same with the quick pass off, so every page's tables are found.
    original = pdf_reader._pages_to_read
    pdf_reader._pages_to_read = lambda texts: None  # type: ignore[assignment]
    try:
        return read(BUDGET.read_bytes())
    finally:
        pdf_reader._pages_to_read = original  # type: ignore[assignment]


def _fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _tables(blocks: list[Paragraph | Table]) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


def _only_table(data: bytes) -> Table:
    tables = _tables(read(data).blocks)
    assert len(tables) == 1
    return tables[0]


def _spans(row: tuple[Cell, ...]) -> list[tuple[str, int, int]]:
    return [(cell.text, cell.col, cell.colspan) for cell in row]


def _raw_text(data: bytes) -> str:
    """What pdfplumber's own text extraction prints: wrapped lines stay apart."""
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


# ------------------------------------------------------------------ the Hebei sample


def test_hebei_pdf_scores_100_percent() -> None:
    data = (SAMPLES / f"{HEBEI}.pdf").read_bytes()
    document = parse_bytes(data, f"{HEBEI}.pdf")
    matched, total, misses = score(load_expected(f"{HEBEI}.json"), document.to_json_dict())
    assert not misses, "\n".join(misses)
    assert matched == total
    assert "unmapped_cell" not in [w.code for w in document.warnings]
    assert (document.source.format, document.source.pages) == ("pdf", 7)


def test_hebei_pdf_cells_read_like_the_text_export() -> None:
    # Format-blind parser: the same texts, row by row, as Word's text export
    # (whose columns are ordinal, so compare the non-blank texts in order).
    pdf_tables = _tables(read((SAMPLES / f"{HEBEI}.pdf").read_bytes()).blocks)
    txt_tables = _tables(read_text((SAMPLES / f"{HEBEI}.txt").read_bytes()).blocks)
    assert len(pdf_tables) == len(txt_tables) == 5

    def texts(table: Table) -> list[list[str]]:
        return [[re.sub(r"\s", "", c.text) for c in row if not c.blank] for row in table.rows]

    for pdf_table, txt_table in zip(pdf_tables, txt_tables, strict=True):
        assert texts(pdf_table) == texts(txt_table)


def test_hebei_pdf_blank_spending_plan_cell_aligned_by_column() -> None:
    document = parse_bytes((SAMPLES / f"{HEBEI}.pdf").read_bytes(), f"{HEBEI}.pdf")
    plan = document.projects[1].spending_plan
    assert [(p.label, p.month, p.percent) for p in plan] == [
        ("3月底", 3, None),
        ("6月底", 6, 62.0),
        ("10月底", 10, 92.0),
        ("12月底", 12, 100.0),
    ]


# ------------------------------------------------------------- wraps and merges


def test_fixture_really_wraps() -> None:
    # Guard for the tests below: in the PDF the code, the amount and the label
    # are broken over two lines.
    raw = _raw_text(_fixture("merged.pdf"))
    assert "1303032108HCY3FL9BB52" not in raw
    assert "12345678.90" not in raw
    assert "其中：财政资金" not in raw


def test_wrapped_code_amount_and_label_are_joined() -> None:
    table = _only_table(_fixture("merged.pdf"))
    texts = [cell.text for row in table.rows for cell in row]
    assert "1303032108HCY3FL9BB52" in texts
    assert texts.count("12345678.90") == 2
    assert "其中：财政资金" in texts
    assert "≤12345678.90元" in texts
    assert "指标值确定依据" in texts
    assert "资金支出计划（%）" in texts


def test_horizontal_merges_are_one_cell_with_a_colspan() -> None:
    table = _only_table(_fixture("merged.pdf"))
    assert _spans(table.rows[0]) == [("131001测试单位本级", 0, 5), ("单位：元", 5, 2)]
    assert _spans(table.rows[1]) == [
        ("项目编码", 0, 1),
        ("1303032108HCY3FL9BB52", 1, 2),
        ("项目名称", 3, 1),
        ("测试项目", 4, 3),
    ]
    assert _spans(table.rows[7])[3] == ("绩效指标描述", 3, 2)


def test_vertical_merges_continue_as_empty_cells() -> None:
    table = _only_table(_fixture("merged.pdf"))
    assert _spans(table.rows[2])[0] == ("预算规模及资金用途", 0, 1)
    assert table.rows[2][0].rowspan == 2
    assert _spans(table.rows[3]) == [("", 0, 1), ("用于测试。", 1, 6)]
    assert _spans(table.rows[9])[0] == ("", 0, 1)  # 产出指标 merged down


def test_blank_spending_plan_cell_keeps_its_column() -> None:
    table = _only_table(_fixture("merged.pdf"))
    assert _spans(table.rows[4]) == [
        ("资金支出计划（%）", 0, 1),
        ("3月底", 1, 2),
        ("6月底", 3, 1),
        ("10月底", 4, 1),
        ("12月底", 5, 2),
    ]
    assert _spans(table.rows[5]) == [
        ("", 0, 1),
        ("", 1, 2),
        ("62.00%", 3, 1),
        ("92.00%", 4, 1),
        ("100.00%", 5, 2),
    ]
    document = parse_bytes(_fixture("merged.pdf"), "merged.pdf")
    plan = document.projects[0].spending_plan
    assert [(p.month, p.percent) for p in plan] == [(3, None), (6, 62.0), (10, 92.0), (12, 100.0)]


def test_merged_fixture_parses_into_one_project() -> None:
    document = parse_bytes(_fixture("merged.pdf"), "merged.pdf")
    assert len(document.projects) == 1
    project = document.projects[0]
    assert (project.code, project.name, project.unit_code) == (
        "1303032108HCY3FL9BB52",
        "测试项目",
        "131001",
    )
    assert (project.budget.total, project.budget.fiscal) == (12345678.9, 12345678.9)
    assert project.goals == [
        "完成测试项目的全部年度工作任务并按时提交成果报告。",
        "保障机关正常运转。",
    ]
    assert [i.level1 for i in project.indicators] == ["产出指标", "产出指标", "效益指标"]
    assert "unmapped_cell" not in [w.code for w in document.warnings]


def test_cell_locations() -> None:
    table = _only_table(_fixture("merged.pdf"))
    cell = table.rows[5][2]
    location = cell.location
    assert (location.page, location.table, location.row, location.col) == (1, 0, 5, 3)
    assert table.location.page == 1 and table.location.table == 0


# ------------------------------------------------------------ across a page break


def test_table_across_a_page_break_is_one_table() -> None:
    result = read(_fixture("long.pdf"))
    assert result.pages == 2
    table = _only_table(_fixture("long.pdf"))
    assert len(table.rows) == 4 + 36  # the repeated header row is dropped
    texts = [cell.text for row in table.rows for cell in row]
    assert texts.count("项目名称") == 1
    assert {cell.location.page for row in table.rows for cell in row} == {1, 2}
    assert [cell.row for cell in (row[0] for row in table.rows)] == list(range(40))


def test_table_across_a_page_break_is_one_project() -> None:
    document = parse_bytes(_fixture("long.pdf"), "long.pdf")
    assert len(document.projects) == 1
    indicators = document.projects[0].indicators
    assert len(indicators) == 36
    assert [i.level3 for i in indicators] == [f"第{n}项指标" for n in range(1, 37)]
    # The 效益指标 group runs over the break and is inherited on the next page.
    assert [i.level1 for i in indicators[20:32]] == ["效益指标"] * 12
    assert indicators[-1].level1 == "满意度指标"


def test_page_headers_and_numbers_are_not_blocks() -> None:
    paragraphs = [b.text for b in read(_fixture("long.pdf")).blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["1.长表项目绩效目标表"]


def test_budget_tables_stitched_with_and_without_repeated_header() -> None:
    tables = _tables(_budget_every_page().blocks)
    pages = [sorted({c.location.page for row in t.rows for c in row}) for t in tables]
    assert [10, 11] in pages  # continues without a header row
    assert [15, 16] in pages  # continues with its three header rows repeated
    table = tables[pages.index([15, 16])]
    texts = [cell.text for row in table.rows for cell in row]
    assert texts.count("功能分类科目编码") == 1
    assert [t.location.table for t in tables] == list(range(len(tables)))


def test_budget_without_target_tables() -> None:
    document = parse_cells(_budget(), path=BUDGET.name)
    assert document.projects == []
    assert "no_target_tables" in [w.code for w in document.warnings]
    assert document.source.pages == 26


# ------------------------------------------------------------------------- errors


def test_encrypted_without_password() -> None:
    with pytest.raises(EncryptedInput, match=r"^this PDF is encrypted; pass --password$"):
        read(_fixture("encrypted.pdf"))


def test_encrypted_with_wrong_password() -> None:
    with pytest.raises(EncryptedInput, match="password given is wrong"):
        read(_fixture("encrypted.pdf"), options=ReadOptions(password="wrong"))


def test_encrypted_with_password_parses() -> None:
    document = parse_bytes(_fixture("encrypted.pdf"), "encrypted.pdf", password="secret")
    assert [p.code for p in document.projects] == ["1303032108HCY3FL9BB52"]


def test_scanned_pdf_has_no_text_layer() -> None:
    with pytest.raises(NoTextLayer, match=r"^no text layer \(scanned\?\); OCR it first$"):
        read(_fixture("scanned.pdf"))


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_pdf(fraction: float) -> None:
    data = _fixture("merged.pdf")
    with pytest.raises(ReaderError, match="damaged"):
        read(data[: int(len(data) * fraction)])


def test_garbage_behind_a_pdf_header() -> None:
    with pytest.raises(ReaderError):
        read(b"%PDF-1.7\n" + b"\x00garbage\xff" * 50)


def test_pdf_reader_is_registered() -> None:
    document = parse_bytes(_fixture("merged.pdf"), "x.bin")
    assert document.source.format == "pdf"


# ------------------------------------------------------------- text of one cell


def _chars(*lines: tuple[float, str], size: float = 10.0, advance: float = 10.0) -> list[Any]:
    """Synthetic pdfplumber chars: each line is (top, text); `_` leaves a one-glyph gap."""
    chars: list[Any] = []
    for top, text in lines:
        x = 0.0
        for ch in text:
            if ch == "_":  # a gap of one character, no glyph
                x += advance
                continue
            chars.append(
                {
                    "text": ch,
                    "x0": x,
                    "x1": x + advance,
                    "top": top,
                    "bottom": top + size,
                    "size": size,
                }
            )
            x += advance
    return chars


def test_wrapped_lines_join_without_separator() -> None:
    assert _cell_text(_chars((0, "100000.0"), (12, "0"))) == "100000.00"
    assert _cell_text(_chars((0, "其中：财"), (12, "政资金"))) == "其中：财政资金"
    assert _cell_text(_chars((0, "≤1234567"), (12, "8.90元"))) == "≤12345678.90元"


def test_numbered_items_stay_on_their_own_lines() -> None:
    chars = _chars(
        (0, "1.甲乙丙丁"), (12, "戊己。"), (24, "2、庚辛。"), (36, "（3）壬"), (48, "①癸")
    )
    assert _cell_text(chars) == "1.甲乙丙丁戊己。\n2、庚辛。\n（3）壬\n①癸"


def test_spaces_between_han_characters_are_dropped() -> None:
    assert _line_text(_chars((0, "项_目_名_称"))) == "项目名称"
    # A wide gap separates two fields printed on one line.
    assert _line_text(_chars((0, "编制部门___单位：元"))) == "编制部门 单位：元"
    # Latin words keep their space.
    assert _line_text(_chars((0, "Page_one"))) == "Page one"


def test_autospace_between_han_and_digits_is_not_a_space() -> None:
    # Word processors put ~0.2 em between `3` and `月`; a typed space is wider.
    def line(gap: float) -> list[Any]:
        return [
            {"text": "3", "x0": 0.0, "x1": 6.0, "top": 0.0, "bottom": 10.0, "size": 10.0},
            {
                "text": "月",
                "x0": 6.0 + gap,
                "x1": 16.0 + gap,
                "top": 0.0,
                "bottom": 10.0,
                "size": 10.0,
            },
        ]

    assert _line_text(line(2.0)) == "3月"
    assert _line_text(line(5.0)) == "3 月"


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        ("— 1 —", True),
        ("- 2 -", True),
        ("第 3 页", True),
        ("第3页 共7页", True),
        ("12", True),
        ("3/7", True),
        ("单位：元", False),
        ("1.综合事务管理", False),
    ],
)
def test_page_number_forms(text: str, furniture: bool) -> None:
    assert bool(_PAGE_NUMBER.match(text)) is furniture


def test_quick_pass_skips_pages_without_target_markers() -> None:
    # Pages 1-21 are budget tables without 指标/绩效目标/项目名称: read as plain text.
    result = _budget()
    assert _tables(_budget_every_page().blocks)  # the budget tables are there...
    pages = {c.location.page for t in _tables(result.blocks) for row in t.rows for c in row}
    assert all(page is not None and page >= 22 for page in pages)  # ...but not read as tables
    assert result.pages == 26
    texts = " ".join(b.text for b in result.blocks if isinstance(b, Paragraph))
    assert "部门财务收支预算总表" in texts.replace(" ", "")  # skipped pages still give their text


def test_quick_pass_changes_nothing_on_target_pages() -> None:
    data = (SAMPLES / f"{HEBEI}.pdf").read_bytes()
    quick = read(data).blocks
    original = pdf_reader._pages_to_read
    pdf_reader._pages_to_read = lambda texts: None  # type: ignore[assignment]
    try:
        full = read(data).blocks
    finally:
        pdf_reader._pages_to_read = original  # type: ignore[assignment]
    assert quick == full


# ----------------------------------------------------- a table cut by a page break


def _cells_by_position(table: Table) -> dict[tuple[int, int], Cell]:
    positions: dict[tuple[int, int], Cell] = {}
    for row in table.rows:
        for cell in row:
            assert (cell.row, cell.col) not in positions  # one cell per grid position
            positions[(cell.row, cell.col)] = cell
    return positions


def test_cells_cut_at_the_page_bottom_are_closed() -> None:
    # cut.pdf p.1: project B's name and amount have no rule below them (R1).
    result = read(_fixture("cut.pdf"))
    assert not [b.text for b in result.blocks if isinstance(b, Paragraph)]
    table = _only_table(_fixture("cut.pdf"))
    cells = _cells_by_position(table)
    assert (cells[(3, 0)].text, cells[(3, 1)].text, cells[(3, 2)].text) == (
        "B-NAME",
        "103.98",
        "B1",
    )
    assert cells[(3, 0)].rowspan == 2 and cells[(3, 0)].location.page == 1
    assert (cells[(4, 0)].text, cells[(4, 1)].text, cells[(4, 2)].text) == ("", "", "B2")


def test_cells_cut_at_the_page_top_are_closed() -> None:
    # cut.pdf p.2 opens inside project B: no rule above its first cells.
    cells = _cells_by_position(_only_table(_fixture("cut.pdf")))
    assert [cells[(5, col)].text for col in range(4)] == ["B-GOAL", "", "B3", "25"]
    assert cells[(5, 0)].location.page == 2 and cells[(5, 0)].rowspan == 2


def test_missing_outer_border_keeps_the_first_column() -> None:
    # cut.pdf p.1 has no left border below the header (beijing_weijian p.40).
    table = _only_table(_fixture("cut.pdf"))
    cells = _cells_by_position(table)
    assert (cells[(1, 0)].text, cells[(1, 1)].text) == ("A-NAME", "76.64")
    assert all((r, 0) in cells for r in range(len(table.rows)))


def test_repeated_digits_in_a_tiny_font_are_kept() -> None:
    # cut.pdf p.2: 2.87 pt digits 1.72 pt apart (beijing_renshe p.30), R2.
    cells = _cells_by_position(_only_table(_fixture("cut.pdf")))
    assert (cells[(7, 0)].text, cells[(7, 1)].text) == ("11000026T000003742841", "600.719600")


def test_fake_bold_glyphs_are_still_deduplicated() -> None:
    def glyph(text: str, x0: float, top: float, width: float = 10.0) -> dict[str, Any]:
        return {"text": text, "x0": x0, "x1": x0 + width, "top": top}

    chars = [glyph("项", 100.0, 50.0), glyph("项", 100.4, 50.3), glyph("0", 120.0, 50.0, 1.72)]
    chars += [glyph("0", 121.72, 50.0, 1.72), glyph("0", 121.9, 50.2, 1.72)]
    kept = pdf_reader._dedupe(chars)
    assert [(c["text"], c["x0"]) for c in kept] == [("项", 100.0), ("0", 120.0), ("0", 121.72)]


def test_cut_cell_text_beyond_the_frame_goes_into_the_cut_cell() -> None:
    # overflow.pdf p.1: B's name is printed just under the frame, its amount
    # beyond the page's bottom edge (beijing_jiaoguan p.22).
    tables = _tables(read(_fixture("overflow.pdf")).blocks)
    cells = _cells_by_position(tables[0])
    assert [cells[(3, col)].text for col in range(4)] == ["B-NAME", "103.98", "B1", "36"]
    assert (cells[(4, 0)].text, cells[(4, 1)].text) == ("", "")


def test_the_next_pages_copy_above_the_frame_is_dropped() -> None:
    # overflow.pdf p.2: the name's copy above the frame goes (the continued cell
    # is blank), and so does the amount's head: a figure is not glued to the
    # figure inside the cell (each page reads as its frame shows it).
    tables = _tables(read(_fixture("overflow.pdf")).blocks)
    cells = _cells_by_position(tables[1])
    assert [cells[(0, col)].text for col in range(4)] == ["", "98", "B3", "25"]


def test_an_amount_wrapped_at_the_page_break_is_not_glued_into_one_figure() -> None:
    # split.pdf: `3,327.5` | `95437` cut by the break (beijing_shuiwu p.61/62).
    # Page 1 keeps the line inside its frame, page 2 the line inside its own.
    cells = _cells_by_position(_tables(read(_fixture("split.pdf")).blocks)[0])
    assert (cells[(2, 1)].text, cells[(2, 1)].location.page) == ("3,327.5", 1)
    assert (cells[(5, 1)].text, cells[(5, 1)].location.page) == ("95437", 2)


def test_paragraphs_near_a_table_stay_paragraphs() -> None:
    # A line far under a cut table and a note under a closed one are not cell text.
    paragraphs = [b.text for b in read(_fixture("overflow.pdf")).blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["Far below", "Note: the end"]


def test_a_line_run_past_its_cells_bottom_rule_stays_in_its_cell() -> None:
    # overflow.pdf p.1: `TAIL` starts above the rule under A1 and is drawn right
    # after `A1-LONG`, though its centre lies in the row below (R3); `8` reaches
    # above its own row's rule as well but is drawn after `A2`: it stays.
    cells = _cells_by_position(_tables(read(_fixture("overflow.pdf")).blocks)[0])
    assert (cells[(1, 2)].text, cells[(2, 2)].text) == ("A1-LONGTAIL", "A2")
    assert (cells[(1, 3)].text, cells[(2, 3)].text) == ("7", "8")


def test_a_text_run_on_into_the_rows_below_stays_in_its_cell() -> None:
    # runon.pdf (beijing_yingji p.22/23, R3): A's text is set from the top of a
    # row too low for it; its third line lies wholly in row B, on the line of
    # B's own text, which read interleaved with it. The run is A's.
    cells = _cells_by_position(_only_table(_fixture("runon.pdf")))
    assert (cells[(1, 2)].text, cells[(2, 2)].text) == ("A1-ONEA1-TWOA1-THREE", "BX")
    assert (cells[(1, 3)].text, cells[(2, 3)].text) == ("7", "8")


def test_a_run_out_line_takes_back_only_its_own_glyphs_from_the_line_it_joins() -> None:
    # runout.pdf (beijing_shichang p.27): A's last line `TAIL` starts above the
    # rule and is drawn right after A's text; B's own first line, 3 pt lower,
    # is read as one line with it, but B's glyphs are drawn later: they stay.
    cells = _cells_by_position(_only_table(_fixture("runout.pdf")))
    assert (cells[(1, 2)].text, cells[(2, 2)].text) == ("A1-ONETAIL", "BX")
    assert (cells[(2, 1)].text, cells[(2, 3)].text) == ("L2", "8")


def test_a_run_through_several_cells_is_not_taken_for_a_run_on_text() -> None:
    # runon.pdf: C's one line and D's first line form one run, but D's first
    # line collides with nothing (xian_qixiang p.32); E's run takes in E's
    # value before F's first line (xian_qixiang p.31). Each cell keeps its text.
    cells = _cells_by_position(_only_table(_fixture("runon.pdf")))
    assert (cells[(3, 2)].text, cells[(4, 2)].text) == ("C1", "D1D1-MORE")
    assert (cells[(5, 2)].text, cells[(5, 3)].text) == ("E1-AE1-B", "5")
    assert (cells[(6, 2)].text, cells[(6, 3)].text) == ("F1FT", "6")


def test_a_glyph_set_across_a_column_rule_stays_with_its_line() -> None:
    # runon.pdf (beijing_jiaowei p.56): G's `W` straddles the rule into the
    # value column, its centre beyond it; it is drawn right after `G`.
    cells = _cells_by_position(_only_table(_fixture("runon.pdf")))
    assert (cells[(7, 2)].text, cells[(7, 3)].text) == ("GW", "9")


def test_columns_that_stop_above_a_longer_column_are_closed_where_they_stop() -> None:
    # colend.pdf (beijing_tongji p.33): the goal column runs on below the
    # others; the name and amount columns' cut cells end where their side
    # rules stop, each in its own column, instead of one cell across both
    # reaching down to the frame's bottom.
    tables = _tables(read(_fixture("colend.pdf")).blocks)
    cells = _cells_by_position(tables[0])
    assert [(cells[(2, col)].text, cells[(2, col)].colspan) for col in range(3)] == [
        ("B-NAME", 1),
        ("9.5", 1),
        ("B-GOALB-GOAL-END", 1),
    ]


def test_a_cut_cells_text_over_the_repeated_header_rows_is_dropped() -> None:
    # band.pdf p.2 (beijing_jiaoguan p.35, R4): B's name, amount and the first
    # four goal lines are drawn over the repeated title and header rows, after
    # the labels; they repeat page 1's cut cells, so they go. The header rows
    # come out clean and are dropped as a repeat; the goal's fifth line stays.
    blocks = read(_fixture("band.pdf")).blocks
    assert not [block for block in blocks if isinstance(block, Paragraph)]
    (table,) = _tables(blocks)
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["Title"],
        ["Name", "Amount", "Goal", "Indicator"],
        ["A-NAME", "76.64", "A-GOAL", "A1"],
        ["B-NAME", "103.98", "ONETWOTHREEFOUR", "B1"],
        ["", "", "", "B2"],
        ["", "", "FIVE", "B3"],
        ["", "", "", "B4"],
        ["C-NAME", "1.5", "C-GOAL", "C1"],
    ]


def _texts_by_row(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def test_a_label_clipped_by_its_cell_is_read_whole_in_that_cell() -> None:
    # clip.pdf row 1: a centred label wider than its cell lies over both
    # neighbours; row 2: a right-aligned one lies mostly over the cell to its
    # left (xian_sifa p.85, `实施` | `期资金总` | `额： 55.72`).
    rows = _texts_by_row(_only_table(_fixture("clip.pdf")))
    assert rows[0] == ["Funds", "ANNUALTOTALAMOUNTOFFUNDS:", "55.72", "x"]
    assert rows[1] == ["", "THISYEARSFISCALFUNDSFROMTHEBUDGET", "55.72", "y"]


def test_a_line_run_wholly_below_its_cells_rule_stays_in_its_cell() -> None:
    # clip.pdf: LINE4 lies under the rule, over NEXT, the first line of the cell
    # below; it is drawn right after LINE3 (xian_xuanchuan p.42, `≥5` | `次`).
    rows = _texts_by_row(_only_table(_fixture("clip.pdf")))
    assert rows[2][2:] == ["LINE1LINE2LINE3LINE4", "1"]
    assert rows[3][2:] == ["NEXT", "2"]


def test_white_text_frames_without_border_are_no_rulings() -> None:
    # clip.pdf: a white box around the indicator texts crosses the rules; it
    # shows nothing, so it splits no cell (xian_renshe_2020 p.52).
    table = _only_table(_fixture("clip.pdf"))
    assert [[(cell.col, cell.colspan) for cell in row] for row in table.rows] == [
        [(0, 1), (1, 1), (2, 1), (3, 1)]
    ] * 4


def test_white_colours_in_every_colour_space() -> None:
    assert pdf_reader._white((1,)) and pdf_reader._white(1.0)
    assert pdf_reader._white((1.0, 1.0, 1.0)) and pdf_reader._white((0, 0, 0, 0))
    assert not pdf_reader._white((0.9,)) and not pdf_reader._white((1, 1, 0.5))
    assert not pdf_reader._white((0, 0, 0, 0.1)) and not pdf_reader._white(None)


def test_a_cut_cell_printed_again_after_the_body_rows_keeps_its_longer_text() -> None:
    # late.pdf p.2 (beijing_jingxin p.67/68, R4): the labels are set larger than
    # the body and drawn first, then the rows under them, and last B's name and
    # amount again, inside the continued cell. The header band is the labels'
    # rows alone: the whole name (page 1 showed `BETA`) is the cell's text.
    assert _texts_by_row(_only_table(_fixture("late.pdf"))) == [
        ["Name", "Amount", "Goal", "Indicator"],
        ["A-NAME", "5.5", "A-GOAL", "A1"],
        ["BETA", "12.5", "B-GOAL", "B1"],
        ["", "", "", "B2"],
        ["BETA-NAME", "12.5", "", "B3"],
        ["", "", "", "B4"],
        ["C-NAME", "3.5", "C-GOAL", "C1"],
    ]


def test_a_column_rule_left_out_for_one_block_is_drawn_in() -> None:
    # gap.pdf (beijing_shuiwu p.136): B's goal and level-1 texts stand on both
    # sides of a rule the page leaves out for B's rows, and B's goal starts at
    # the other one, right of a blank name cell; C's goal cell is merged across
    # the goal and level-1 columns (its text crosses the line) and stays whole.
    rows = [[(c.text, c.colspan) for c in row] for row in _only_table(_fixture("gap.pdf")).rows]
    assert rows[2] == [("", 1), ("B-GOAL", 1), ("OUTPUT", 1), ("B1", 1)]
    assert rows[4] == [("C", 1), ("C-GOAL-MERGED-ACROSS-LEVEL1", 2), ("C1", 1)]


@pytest.mark.parametrize(
    ("text", "previous", "repeats"),
    [
        # A figure inside another figure is no repeat, either way round.
        ("20.000000", "120.000000", False),
        ("合计20.000000", "120.000000", False),
        ("项目总额120.000000", "20.000000", False),
        ("120.000000", "120.000000", True),
        ("项目总额120.000000", "120.000000", True),
        # A code matches from its start; a wrapped line may end inside it.
        ("T000000451922-统计宣传", "11000022T000000451922-统计宣传", False),
        ("11000022T00", "11000022T000000451922-统计宣传", True),
        ("统计宣传项目", "11000022T000000451922-统计宣传项目", True),
        # The start of a long cut text, found in a run that goes on past it;
        # a cut cell that showed the first part of a code (beijing_yingji p.59).
        ("11000022T000000451922-统计宣传项目经费", "11000022T000000451922-统计宣传项目", True),
        ("11000023T000002094238-北京市有限空间", "11000023T000", True),
        # Two figures of one run, the whitespace between them left out (beijing_fagai p.64).
        ("1,125.0000001,125.000000", "1,125.000000", True),
    ],
)
def test_a_cut_cells_repeat_matches_whole_figures_and_codes(
    text: str, previous: str, repeats: bool
) -> None:
    assert pdf_reader._repeats(text, previous) is repeats
