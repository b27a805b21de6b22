"""Build the Shanghai form fixtures of tests/test_shanghai_form.py (run by hand; committed).

    .venv/bin/python tests/data/shanghai/make_shanghai_fixtures.py

Needs python-docx, LibreOffice (soffice) and a CJK font (Debian: fonts-wqy-microhei).

shanghai-cgjf-form.docx recreates the real 2026 Shanghai 财政项目支出绩效目标申报表 of
samples/real/shanghai-putuo-cgjf-2026-p23-24.txt (拆违经费; oracle
tests/expected/real/shanghai-putuo-cgjf-2026-p23-24.json) with the real form's geometry
(DOMAIN.md §2). The column grid is the one pdfplumber finds in the published PDF: eight
columns, the title and year above the table, then

    c0-1 项目名称 | c2-3 拆违经费    | c4 项目性质     | c5 阶段性项目 | c6 项目类别 | c7 特定目标类
    c0-1 主管部门 | c2-3 …执法大队   | c4 实施单位     | c5-7 上海市…执法大队
    c0-1 计划开始日期 | c2-3 2024-01-01 | c4 计划完成日期 | c5-7 2026-12-31
    c0-1 项目资金（元）, merged down 4 rows | c2-3 multi-year label | c4 amount
                                           | c5-6 annual label     | c7 amount
    c0 项目绩效目标, merged down 2 rows | c1-4 项目总体目标(2024 年-2026 年) | c5-7 年度总体目标
                                       | c1-4 the goals                     | c5-7 the goals
    c0 绩效指标, merged down 9 rows | c1 一级 | c2 二级 | c3-5 三级 | c6-7 年度(/项目)指标值

一级 cells are merged down over their groups. The columns are narrow enough that the
主管部门 and 实施单位 values, 项目性质's value (two characters a line, like the real
`阶段⏎性项⏎目`), the amounts, the annual goals and a 二级 name wrap in the PDF.
shanghai-cgjf-form.pdf is that document rendered by LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

HERE = Path(__file__).resolve().parent
STEM = "shanghai-cgjf-form"
FONT = "WenQuanYi Micro Hei"

# The eight columns of the real form (cm). c5 is two characters wide.
WIDTHS_CM = [1.1, 2.1, 2.6, 1.2, 2.0, 1.1, 2.5, 2.2]

GOALS = "\n".join(
    [
        "1.完成市、区相关部门下达的年度拆违任务。",
        "2.新增违建“零增长”，坚决做到“无增减存”。",
        "3.开展存量违建专项治理，快速降低违建点位数。",
        "4.开展普查数据平台“拆一件、销一项、存一档”目标管理。",
    ]
)

# (一级, 二级, 三级, 年度(/项目)指标值); a None 一级 is part of the merge above.
INDICATORS = [
    ("成本指标", "经济成本指标", "成本控制合理性", "合理"),
    ("产出指标", "数量指标", "完成年度拆违计划", "=100.00(%)"),
    (None, "质量指标", "违法建筑销项正确率", "=100.00(%)"),
    (None, "时效指标", "新增违建处置率", "=100.00(%)"),
    ("效益指标", "社会效益指标", "群众政策知晓度", "≥90.00(%)"),
    (None, "生态效益指标", "提升城市环境美化指数", "提高"),
    (None, "可持续影响指标", "新增违建发生数", "降低"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90.00(%)"),
]


def _set_font(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(9)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _put(cell: _Cell, text: str) -> None:
    """Write ``text`` into a cell; each line becomes a paragraph of its own."""
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _span(table: Table, r0: int, c0: int, r1: int, c1: int, text: str) -> None:
    """Merge the rectangle r0..r1 × c0..c1 (inclusive) and write ``text`` into it."""
    cell = table.cell(r0, c0)
    if (r1, c1) != (r0, c0):
        cell = cell.merge(table.cell(r1, c1))
    _put(cell, text)


def _heading(document: DocxDocument, text: str, size: float) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = size > 12


def make_form(docx_path: Path) -> None:
    document = Document()
    _set_font(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))

    _heading(document, "财政项目支出绩效目标申报表", 16)
    _heading(document, "（2026年度）", 11)

    header_rows, money_rows, goal_rows = 3, 4, 2
    grid_top = header_rows + money_rows + goal_rows
    table = document.add_table(rows=grid_top + 1 + len(INDICATORS), cols=len(WIDTHS_CM))
    table.style = "Table Grid"  # single lines on every cell edge
    table.autofit = False
    table.alignment = 1  # centred, like the real form
    for column, width in zip(table.columns, WIDTHS_CM, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)

    # Header block: label | value pairs (three in the first row, two below).
    _span(table, 0, 0, 0, 1, "项目名称")
    _span(table, 0, 2, 0, 3, "拆违经费")
    _span(table, 0, 4, 0, 4, "项目性质")
    _span(table, 0, 5, 0, 5, "阶段性项目")  # c5 is narrow: 阶段⏎性项⏎目
    _span(table, 0, 6, 0, 6, "项目类别")
    _span(table, 0, 7, 0, 7, "特定目标类")
    _span(table, 1, 0, 1, 1, "主管部门")
    _span(table, 1, 2, 1, 3, "普陀区城市管理行政执法局执法大队")
    _span(table, 1, 4, 1, 4, "实施单位")
    _span(table, 1, 5, 1, 7, "上海市普陀区城市管理行政执法局执法大队")
    _span(table, 2, 0, 2, 1, "计划开始日期")
    _span(table, 2, 2, 2, 3, "2024-01-01")
    _span(table, 2, 4, 2, 4, "计划完成日期")
    _span(table, 2, 5, 2, 7, "2026-12-31")

    # Money block: the multi-year column (c2-4) beside the annual one (c5-7).
    top = header_rows
    _span(table, top, 0, top + money_rows - 1, 1, "项目资金\n（元）")
    money = [
        ("项目资金总额", "10,308,000.00", "年度资金申请总额", "3,498,000.00"),
        ("其中：财政资金", "10,308,000.00", "其中：当年财政拨款", "3,498,000.00"),
        ("", "", "上年结转资金", "0.00"),
        ("其他资金", "0.00", "其他资金", "0.00"),
    ]
    for offset, (label, amount, annual_label, annual_amount) in enumerate(money):
        r = top + offset
        _span(table, r, 2, r, 3, label)
        _span(table, r, 4, r, 4, amount)
        _span(table, r, 5, r, 6, annual_label)
        _span(table, r, 7, r, 7, annual_amount)

    # Goals block: both cells hold the same four items (NOTES.md call 2).
    top = header_rows + money_rows
    _span(table, top, 0, top + 1, 0, "项目\n绩效\n目标")
    _span(table, top, 1, top, 4, "项目总体目标\n(2024 年-2026 年)")
    _span(table, top, 5, top, 7, "年度总体目标")
    _span(table, top + 1, 1, top + 1, 4, GOALS)
    _span(table, top + 1, 5, top + 1, 7, GOALS)

    # Indicator grid: 绩效指标 down the left over the header and every row.
    _span(table, grid_top, 0, grid_top + len(INDICATORS), 0, "绩效\n指标")
    _span(table, grid_top, 1, grid_top, 1, "一级指标")
    _span(table, grid_top, 2, grid_top, 2, "二级指标")
    _span(table, grid_top, 3, grid_top, 5, "三级指标")
    _span(table, grid_top, 6, grid_top, 7, "年度(/项目)指标值")
    first = grid_top + 1
    groups: list[tuple[int, int, str]] = []  # (first row, last row, 一级)
    for offset, (level1, level2, level3, value) in enumerate(INDICATORS):
        r = first + offset
        if level1 is not None:
            groups.append((r, r, level1))
        else:
            start, _, name = groups[-1]
            groups[-1] = (start, r, name)
        _span(table, r, 2, r, 2, level2)
        _span(table, r, 3, r, 5, level3)
        _span(table, r, 6, r, 7, value)
    for start, end, level1 in groups:
        _span(table, start, 1, end, 1, level1)

    document.save(str(docx_path))


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Render a .docx to PDF with LibreOffice in a throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="gx-soffice-") as profile:
        subprocess.run(
            [
                shutil.which("soffice") or "/usr/bin/soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
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
    docx_path = HERE / f"{STEM}.docx"
    make_form(docx_path)
    with tempfile.TemporaryDirectory(prefix="gx-fixtures-") as tmp:
        shutil.copy(to_pdf(docx_path, Path(tmp)), HERE / f"{STEM}.pdf")
    for path in (docx_path, HERE / f"{STEM}.pdf"):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
